"""The Changes view: what changed since the last briefing of this corpus, each item with its evidence.

The report is built in a worker (the comparison it needs is shared with the
comparison view through :class:`~sahel_tui.workspace.Workspace`, and cached by corpus checksum), then
listed in one OptionList: a heading per kind of change, one row per change,
and under it one row per piece of evidence. Enter on a change or on its
evidence shows the sentence in the reader. ``[`` and ``]`` step to an older or
newer snapshot.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from sahel_tui.startup import collector_paused
from sahel_tui.ui.pane_data import one_line, safe_text
from sahel_tui.ui.screens.pane_base import PaneScreen
from sahel_tui.ui.widgets.stable_footer import StableFooter

if TYPE_CHECKING:
    from sahel_tui.analysis.changes import ChangeReport, Evidence
    from sahel_tui.store.snapshots import Snapshot

MAX_ITEMS = 400  # changes listed; the CLI lists every one


class ChangeItems(OptionList):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Jump", id="changes.jump", tooltip="Show the evidence in the reader"),
        Binding("j", "cursor_down", "Down", id="changes.down", show=False),
        Binding("k", "cursor_up", "Up", id="changes.up", show=False),
    ]


class ChangesScreen(PaneScreen):
    """Since the last briefing: sources, claims, discrepancies, figures, actors, judgements."""

    TITLE = "Changes"
    SCOPED_CSS = False
    DEFAULT_CSS = """
    ChangesScreen #changes-box {
        height: 1fr;
    }
    ChangesScreen #changes-header {
        padding: 0 1;
        height: auto;
        color: $text-muted;
    }
    ChangesScreen #changes-items {
        height: 1fr;
    }
    ChangesScreen #changes-items > .option-list--option-disabled {
        color: $foreground;
        text-style: bold;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left_square_bracket", "step_snapshot(-1)", "Older", id="changes.older", key_display="[", tooltip="Compare with an older snapshot"),
        Binding("right_square_bracket", "step_snapshot(1)", "Newer", id="changes.newer", key_display="]", tooltip="Compare with a newer snapshot"),
        Binding("R", "reload", "Reload", id="changes.reload", tooltip="Compare again (after the corpus changed on disk)"),
    ]

    @dataclass
    class Ready(Message):
        report: ChangeReport | None
        snapshot: Snapshot | None
        snapshots: list[Snapshot]
        warnings: list[str]
        sources_now: int

    def __init__(self) -> None:
        super().__init__()
        self.report: ChangeReport | None = None
        self.snapshot: Snapshot | None = None
        self.snapshots: list[Snapshot] = []
        self._evidence: dict[str, Evidence] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="changes-box", classes="pane-box"):
            yield Static("", id="changes-header", markup=False)
            yield Static("", classes="pane-status", markup=False)
            yield ChangeItems(id="changes-items", markup=False)
        yield StableFooter()

    def on_mount(self) -> None:
        self.query_one("#changes-box").border_title = "Since the last briefing"
        self.query_one("#changes-header", Static).update(Text("Comparing with the last briefing…"))
        self._refresh_and_load(None)

    def _refresh_and_load(self, snapshot_id: str | None) -> None:
        """Read the folder again first: what changed on disk since the app opened is the point."""
        self.show_pending("Reading the corpus folder…")
        recheck = getattr(self.app, "recheck_corpus", None)
        if recheck is None:
            self._load(snapshot_id)
        else:
            recheck("changes", lambda: self._load(snapshot_id))

    def _load(self, snapshot_id: str | None) -> None:
        self.show_pending("Comparing the corpus with the snapshot…")
        self._compute(snapshot_id)

    @work(thread=True, exclusive=True, exit_on_error=False, group="changes")
    def _compute(self, snapshot_id: str | None) -> None:
        from sahel_tui.export.since import changes_since, current_state
        from sahel_tui.store.snapshots import choose, for_corpus, load_all

        data = self.data
        corpus = data.corpus
        listing = load_all()
        mine = for_corpus(listing, corpus.root)
        snapshot = choose(listing, corpus.root, snapshot_id)
        if snapshot is None:
            self.post_message(self.Ready(None, None, mine, listing.warnings, len(corpus.articles)))
            return
        store = data.open_store()
        comparison = data.load_comparison_result()
        actors = data.load_actors()
        cache = data.cache
        if cache is None:
            from sahel_tui.infrastructure.cache import Cache

            cache = Cache()
        with collector_paused():
            current = current_state(corpus, cache=cache, store=store, comparison=comparison, actors=actors, need_actors=False)
            report = changes_since(current, snapshot)
        if data.filter_note:
            report.notes.insert(0, f"filtered: {data.filter_note}")
        self.post_message(self.Ready(report, snapshot, mine, listing.warnings, len(corpus.articles)))

    def on_changes_screen_ready(self, message: Ready) -> None:
        from sahel_tui.analysis.changes import SECTION_TITLES, SECTIONS

        self.stop_pending()
        self.set_status("")
        for line in message.warnings:
            self.notify(line, severity="warning", timeout=8)
        self.report, self.snapshot, self.snapshots = message.report, message.snapshot, message.snapshots
        header = self.query_one("#changes-header", Static)
        items = self.query_one(ChangeItems)
        items.clear_options()
        self._evidence.clear()
        if message.snapshot is None or message.report is None:
            header.update(Text("No earlier briefing of this corpus yet. Export one (x): the export records a snapshot, "
                               "and this view then lists what changes from there."))  # fmt: skip
            return
        snap, report = message.snapshot, message.report
        position = next((i for i, s in enumerate(self.snapshots) if s.id == snap.id), len(self.snapshots) - 1)
        head = Text()
        head.append(f"Since {snap.created[:16].replace('T', ' ')} UTC", style="bold")
        head.append(f" · {safe_text(one_line(snap.title))} · {len(snap.state.sources)} sources then, {message.sources_now} now")
        head.append(f" · snapshot {position + 1}/{len(self.snapshots)} ([ ] to step)")
        for note in report.notes:
            head.append("\n" + safe_text(note), style="italic")
        header.update(head)
        if report.empty:
            items.add_option(Option(Text("Nothing changed since this briefing."), disabled=True))
            return
        options: list[Option] = []
        shown = 0
        for section in SECTIONS:
            found = report.section(section)
            if not found:
                continue
            options.append(Option(Text(f"{SECTION_TITLES[section]} ({len(found)})"), disabled=True))
            for n, change in enumerate(found):
                if shown >= MAX_ITEMS:
                    break
                shown += 1
                key = f"{section}-{n}"
                first = next((e for e in change.evidence if e.sentence_id), change.evidence[0] if change.evidence else None)
                if first is not None:
                    self._evidence[key] = first
                options.append(Option(Text(f"• {safe_text(one_line(change.summary))}"), id=key))
                for m, e in enumerate(change.evidence):
                    row = Text("    ")
                    row.append(f"[{safe_text(one_line(e.citation))}]", style="dim")
                    if e.text:
                        row.append(" " + safe_text(one_line(e.text)))
                    ekey = f"{key}-{m}"
                    self._evidence[ekey] = e
                    options.append(Option(row, id=ekey))
        if len(report.changes) > shown:
            options.append(Option(Text(f"… and {len(report.changes) - shown} more: `sahel-brief changes` lists them all"), disabled=True))
        items.add_options(options)
        items.focus()
        first_enabled = next((i for i, o in enumerate(options) if not o.disabled), None)
        if first_enabled is not None:
            items.highlighted = first_enabled

    @on(OptionList.OptionSelected, "#changes-items")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        e = self._evidence.get(event.option.id or "")
        if e is None:
            return
        if not e.sentence_id or e.text is None:
            if e.article in self.data.articles:
                article = self.data.articles[e.article]
                first = next(iter(article.sentences), None)
                self.jump(e.article, first.id if first is not None else None)
            else:
                self.notify(f"{e.citation}: not in the corpus any more.", severity="warning", timeout=4)
            return
        self.jump(e.article, e.sentence_id)

    def action_step_snapshot(self, step: int) -> None:
        if not self.snapshots or self.snapshot is None:
            return
        ids = [s.id for s in self.snapshots]
        i = ids.index(self.snapshot.id) if self.snapshot.id in ids else len(ids) - 1
        j = max(0, min(len(ids) - 1, i + step))
        if j != i:
            self._load(ids[j])

    def action_reload(self) -> None:
        self._refresh_and_load(self.snapshot.id if self.snapshot is not None else None)

    def worker_failed(self, worker: Any) -> None:
        self.query_one("#changes-header", Static).update(Text("Could not compare with the snapshot."))
