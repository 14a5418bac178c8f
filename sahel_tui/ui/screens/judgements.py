"""The Key judgements view: the analyst's bottom line, which the briefing leads with.

A list of judgements (estimative term with its probability range, confidence,
text) and, beside or under it, the evidence the highlighted one cites. ``n``
writes one, ``e`` edits, ``d`` deletes (kept: ``u`` brings the last one back),
``K``/``J`` move it up or down. The dialog offers as citations the analyst's
notes, the corroborated claims and the key points of the sources, each quoted,
so the judgement is tied to sentences the briefing can footnote.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Select, SelectionList, Static
from textual.widgets.option_list import Option

from sahel_tui.ui.pane_data import one_line, safe_text
from sahel_tui.ui.screens.pane_base import PaneScreen
from sahel_tui.ui.widgets.stable_footer import StableFooter

if TYPE_CHECKING:
    from sahel_tui.store.judgements import Judgement, JudgementCitation

# Key points are offered for at most this many articles (the reader's first):
# computing them for 2,000 articles would keep the dialog waiting for minutes.
KEYPOINT_ARTICLES = 40
MAX_CANDIDATES = 400


@dataclass(frozen=True, slots=True)
class Candidate:
    kind: str  # "note", "claim", "keypoint"
    target: str  # annotation id or sentence id
    label: str  # what the list shows
    text: str  # kept with the citation


@dataclass(frozen=True, slots=True)
class JudgementDraft:
    text: str
    term: str
    confidence: str
    citations: tuple[JudgementCitation, ...]


class JudgementDialog(ModalScreen["JudgementDraft | None"]):
    """Write or edit one judgement: text, term, confidence and citations."""

    SCOPED_CSS = False
    DEFAULT_CSS = """
    JudgementDialog { align: center middle; }
    JudgementDialog #judge-box {
        width: 96%; height: 94%; border: round $border; background: $surface; padding: 0 1;
    }
    JudgementDialog Label { color: $text-muted; }
    JudgementDialog #judge-choices { height: auto; }
    JudgementDialog #judge-choices Select { width: 1fr; margin-right: 1; }
    JudgementDialog #judge-cites { height: 1fr; border: none; padding: 0; background: $surface; }
    JudgementDialog #judge-error { color: $error; height: auto; }
    JudgementDialog #judge-help { color: $text-muted; height: 1; }
    SahelApp.-ascii JudgementDialog #judge-box { border: ascii $border; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="judge.cancel"),
        Binding("ctrl+s", "save", "Save", id="judge.save", tooltip="Save the key judgement"),
    ]

    def __init__(self, candidates: list[Candidate], existing: Judgement | None = None) -> None:
        super().__init__()
        self.candidates = candidates
        self.existing = existing

    def compose(self) -> ComposeResult:
        from sahel_tui.store.judgements import CONFIDENCE, SCALE

        j = self.existing
        chosen = {c.target for c in j.citations} if j else set()
        offered = {c.target for c in self.candidates}
        # A citation whose item is gone (a deleted note) stays selectable, so editing never drops it.
        kept = [Candidate(c.kind, c.target, f"{c.kind} (no longer listed): {c.text}", c.text)
                for c in (j.citations if j else ()) if c.target not in offered]  # fmt: skip
        self._all = kept + self.candidates
        with Vertical(id="judge-box"):
            yield Label("Judgement")
            yield Input(j.text if j else "", id="judge-text", compact=True, placeholder="e.g. Mali will not rejoin the Algiers accord this year")
            with Horizontal(id="judge-choices"):
                yield Select([(f"{t} ({lo}–{hi}%)", t) for t, lo, hi in SCALE], value=j.term if j else "likely",
                             id="judge-term", compact=True, allow_blank=False)  # fmt: skip
                yield Select([(f"{c} confidence", c) for c in CONFIDENCE], value=j.confidence if j else "moderate",
                             id="judge-confidence", compact=True, allow_blank=False)  # fmt: skip
            yield Label(self._picked_label(len(chosen)), id="judge-picked")
            yield SelectionList[str](
                *[(Text(one_line(safe_text(c.label))), c.target, c.target in chosen) for c in self._all], id="judge-cites"
            )
            yield Static("", id="judge-error", markup=False)
            yield Static(Text("ctrl+s saves · Tab moves · space picks evidence · Esc cancels"), id="judge-help")

    @staticmethod
    def _picked_label(n: int) -> str:
        return f"Evidence (space picks): notes, corroborated claims, key points · {n} picked"

    @on(SelectionList.SelectedChanged, "#judge-cites")
    def _picked(self, event: SelectionList.SelectedChanged) -> None:
        self.query_one("#judge-picked", Label).update(self._picked_label(len(event.selection_list.selected)))

    def on_mount(self) -> None:
        self.query_one("#judge-box").border_title = "Edit key judgement" if self.existing else "New key judgement"
        self.query_one("#judge-text", Input).focus()

    @on(Input.Submitted, "#judge-text")
    def _next(self) -> None:
        self.query_one("#judge-term", Select).focus()

    def action_save(self) -> None:
        from sahel_tui.store.judgements import citation

        text = " ".join(self.query_one("#judge-text", Input).value.split())
        if not text:
            self.query_one("#judge-error", Static).update("Write the judgement first.")
            self.query_one("#judge-text", Input).focus()
            return
        picked = set(self.query_one("#judge-cites", SelectionList).selected)
        cites = tuple(citation(c.kind, c.target, c.text) for c in self._all if c.target in picked)
        term = self.query_one("#judge-term", Select).value
        confidence = self.query_one("#judge-confidence", Select).value
        self.dismiss(JudgementDraft(text, str(term), str(confidence), cites))


class JudgementsScreen(PaneScreen):
    """The key judgements, in briefing order."""

    TITLE = "Key judgements"
    SCOPED_CSS = False
    DEFAULT_CSS = """
    JudgementsScreen #judgements-panes { height: 1fr; }
    JudgementsScreen #judgements-list-box { width: 3fr; }
    JudgementsScreen #judgements-detail-box { width: 2fr; }
    JudgementsScreen.-compact #judgements-panes { layout: vertical; }
    JudgementsScreen.-compact #judgements-list-box, JudgementsScreen.-compact #judgements-detail-box { width: 1fr; }
    JudgementsScreen.-compact #judgements-detail-box { height: 9; }
    JudgementsScreen #judgements-list { height: 1fr; }
    JudgementsScreen #judgements-detail { padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "New", id="judgements.new", tooltip="Write a key judgement"),
        Binding("e,enter", "edit", "Edit", id="judgements.edit", tooltip="Edit the judgement, its term, confidence and evidence"),
        Binding("d,delete", "delete", "Delete", id="judgements.delete", tooltip="Delete the judgement (u brings it back)"),
        Binding("u", "restore", "Undelete", id="judgements.restore", tooltip="Bring back the last deleted judgement"),
        Binding("K", "move(-1)", "Up", id="judgements.up", key_display="K", tooltip="Move the judgement up"),
        Binding("J", "move(1)", "Down", id="judgements.down", key_display="J", tooltip="Move the judgement down"),
        Binding("j", "cursor_down", "Next", id="judgements.next", show=False),
        Binding("k", "cursor_up", "Previous", id="judgements.previous", show=False),
    ]

    @dataclass
    class Loaded(Message):
        judgements: list[Judgement]
        keep: str | None

    @dataclass
    class CandidatesReady(Message):
        candidates: list[Candidate]
        existing: Judgement | None

    def __init__(self) -> None:
        super().__init__()
        self.judgements: list[Judgement] = []

    def compose(self) -> ComposeResult:
        with Horizontal(id="judgements-panes"):
            with Vertical(id="judgements-list-box", classes="pane-box"):
                yield Static("", classes="pane-status", id="judgements-status", markup=False)
                yield OptionList(id="judgements-list", markup=False)
            with VerticalScroll(id="judgements-detail-box", classes="pane-box"):
                yield Static("", id="judgements-detail", markup=False)
        yield StableFooter()

    @property
    def listing(self) -> OptionList:
        return self.query_one("#judgements-list", OptionList)

    def on_mount(self) -> None:
        self.query_one("#judgements-list-box").border_title = "Key judgements"
        self.query_one("#judgements-detail-box").border_title = "Evidence"
        self.set_class(self.app.size.width < 110, "-compact")
        self.listing.focus()
        self.reload()

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(self.app.size.width < 110, "-compact")

    def on_screen_resume(self) -> None:
        self.reload(self.current.id if self.current else None)

    @property
    def current(self) -> Judgement | None:
        index = self.listing.highlighted
        return self.judgements[index] if index is not None and 0 <= index < len(self.judgements) else None

    # -- loading ----------------------------------------------------------------------------

    def reload(self, keep: str | None = None) -> None:
        self.show_pending("Opening the key judgements…")
        self._load(keep)

    @work(thread=True, exclusive=True, exit_on_error=False, group="judgements-load")
    def _load(self, keep: str | None) -> None:
        from sahel_tui.store.judgements import JudgementStore

        store = self.data.open_store()
        self.post_message(self.Loaded(JudgementStore.of(store).list(), keep))

    def on_judgements_screen_loaded(self, message: Loaded) -> None:
        self.stop_pending()
        self.judgements = message.judgements
        lst = self.listing
        lst.clear_options()
        for j in self.judgements:
            row = Text(f"{j.position}. ", style="bold")
            row.append(f"{j.term.capitalize()} ({j.range})", style="bold")
            row.append(f" · {j.confidence} confidence · {len(j.citations)} cited\n")
            row.append(one_line(safe_text(j.text)))
            lst.add_option(Option(row, id=j.id))
        if self.judgements:
            ids = [j.id for j in self.judgements]
            lst.highlighted = ids.index(message.keep) if message.keep in ids else 0
            self.set_status("")
        else:
            self.set_status("No key judgements yet: n writes the first. The briefing leads with them.")
        self._show_detail()

    @on(OptionList.OptionHighlighted, "#judgements-list")
    def _highlighted(self) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        j = self.current
        detail = self.query_one("#judgements-detail", Static)
        if j is None:
            detail.update("")
            return
        text = Text()
        text.append(f"{j.term} ({j.range}), {j.confidence} confidence\n", style="bold")
        text.append(safe_text(j.text) + "\n\n")
        if not j.citations:
            text.append("No evidence cited yet: e adds it.", style="italic")
        for c in j.citations:
            where = self._where(c.kind, c.target)
            text.append(f"• {c.kind}{' ' + where if where else ''}: ", style="bold")
            text.append(one_line(safe_text(c.text)) + "\n")
        detail.update(text)

    def _where(self, kind: str, target: str) -> str:
        from sahel_tui.corpus.model import split_sentence_id

        parts = split_sentence_id(target) if kind != "note" else None
        if parts is None:
            return ""
        return f"{self.data.label(parts[0])} p{parts[1]}-s{parts[2]}"

    # -- the keys ---------------------------------------------------------------------------

    def action_cursor_down(self) -> None:
        self.listing.action_cursor_down()

    def action_cursor_up(self) -> None:
        self.listing.action_cursor_up()

    def action_new(self) -> None:
        self._open_dialog(None)

    def action_edit(self) -> None:
        if self.current is not None:
            self._open_dialog(self.current)

    def _open_dialog(self, existing: Judgement | None) -> None:
        self.show_pending("Gathering notes, claims and key points…")
        self._gather(existing)

    @work(thread=True, exclusive=True, exit_on_error=False, group="judgements-gather")
    def _gather(self, existing: Judgement | None) -> None:
        self.post_message(self.CandidatesReady(gather_candidates(self.app, self.data), existing))

    def on_judgements_screen_candidates_ready(self, message: CandidatesReady) -> None:
        self.stop_pending()
        self.set_status("")
        existing = message.existing

        def done(draft: JudgementDraft | None) -> None:
            if draft is not None:
                self._save(draft, existing.id if existing else None)

        self.app.push_screen(JudgementDialog(message.candidates, existing), done)

    def _change(self, change: Any, done: str) -> None:
        from sahel_tui.errors import UserError
        from sahel_tui.store.judgements import JudgementStore

        store = self.data.open_store()
        try:
            j = change(JudgementStore.of(store))
        except UserError as exc:
            self.notify(str(exc), severity="error", timeout=8)
            return
        self.notify(done, timeout=3)
        self.reload(getattr(j, "id", None))

    def _save(self, draft: JudgementDraft, ref: str | None) -> None:
        if ref is None:
            self._change(lambda js: js.add(draft.text, draft.term, draft.confidence, draft.citations), "Key judgement saved")
        else:
            self._change(
                lambda js: js.update(ref, text=draft.text, term=draft.term, confidence=draft.confidence, citations=draft.citations),
                "Key judgement saved",
            )

    def action_delete(self) -> None:
        j = self.current
        if j is not None:
            self._change(lambda js: js.delete(j.id), f"Deleted judgement {j.position}; u brings it back")

    def action_restore(self) -> None:
        from sahel_tui.store.judgements import JudgementStore

        gone = JudgementStore.of(self.data.open_store()).list(deleted=True)
        if not gone:
            self.notify("Nothing to bring back.", timeout=3)
            return
        self._change(lambda js: js.restore(gone[0].id), "Brought back the last deleted judgement")

    def action_move(self, step: int) -> None:
        j = self.current
        if j is not None:
            self._change(lambda js: js.move(j.id, step), "Moved")


def gather_candidates(app: Any, data: Any) -> list[Candidate]:
    """What a judgement can cite: notes, corroborated claims, key points. Slow: call from a worker."""
    from sahel_tui.ui import keypoint_source

    out: list[Candidate] = []
    seen: set[str] = set()

    def add(kind: str, target: str, label: str, text: str) -> None:
        if target and target not in seen and len(out) < MAX_CANDIDATES:
            seen.add(target)
            out.append(Candidate(kind, target, label, text))

    store = data.open_store()
    for a in store.list():
        if a.article_id is None or a.is_orphan:
            continue
        body = a.note or a.exact or ""
        add("note", a.id, f"note  {data.label(a.article_id)} {a.short_sentence or ''}: {body}", body)
    if len(data.corpus.articles) >= 2:
        comparison = data.load_comparison()
        for group in comparison.get("corroborated") or []:
            for m in group.get("members") or []:
                sid, aid = str(m.get("sentence_id") or ""), str(m.get("article") or "")
                where = sid.removeprefix(aid + "-")
                add("claim", sid, f"claim {data.label(aid)} {where} ({group.get('sources')} sources): {m.get('text')}", str(m.get("text") or ""))
    method = getattr(app, "key_point_method", None) or keypoint_source.default_method()
    count = getattr(app, "key_point_count", None)
    for article in data.corpus.articles[:KEYPOINT_ARTICLES]:
        for p in keypoint_source.compute(article, method, count, data.cache):
            where = p.sentence_id.removeprefix(article.id + "-")
            add("keypoint", p.sentence_id, f"key   {data.label(article.id)} {where}: {p.text}", p.text)
    return out
