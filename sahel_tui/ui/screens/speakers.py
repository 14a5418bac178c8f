"""The "Who says what" view: per speaker, every claim it makes, each cited; Enter shows it in the reader.

Speakers are grouped by glossary actor (an unnamed kind such as "officials in
Mali" is its own group; a pronoun resolved to nobody is left out), most
claims first. Each row is one quote or reported claim with its reporting verb
and its citation (source label, paragraph); Enter jumps to the sentence with
the claim lit. ``/`` narrows the list to speakers whose name holds the typed
words. One column, so it fits 80x24.
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
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from sahel_tui.ui.pane_data import one_line, safe_text
from sahel_tui.ui.screens.pane_base import PaneScreen
from sahel_tui.ui.widgets.stable_footer import StableFooter

if TYPE_CHECKING:
    from sahel_tui.analysis.attribution import Attribution

MAX_CLAIM_CHARS = 220  # a row shows this much of a long claim; the reader shows the rest


@dataclass(frozen=True, slots=True)
class SpeakerGroup:
    who: str
    kind: str  # the actor's type, "unnamed" for a kind of speaker, "" for words not in the glossary
    claims: tuple[Attribution, ...]


def group_by_speaker(attributions: dict[str, list[Attribution]], order: list[str]) -> list[SpeakerGroup]:
    """Claims per speaker, most claims first; within a speaker, in corpus then reading order."""
    groups: dict[str, list[Attribution]] = {}
    kinds: dict[str, str] = {}
    position = {aid: i for i, aid in enumerate(order)}
    for aid in order:
        for a in attributions.get(aid, ()):
            if a.actor is None and a.kind is None and a.antecedent is None and a.speaker.lower() in {"he", "she", "it", "they", "we", "i"}:
                continue  # a pronoun nobody could be found for
            key = a.actor or ("kind:" + (a.kind or "").lower() if a.kind else "words:" + a.who.lower())
            if a.kind and a.actor:
                key = "kind:" + a.kind.lower()
            groups.setdefault(key, []).append(a)
            kinds.setdefault(key, "unnamed" if a.kind else (a.actor_type or ""))
    out = [
        SpeakerGroup(items[0].who, kinds[key], tuple(sorted(items, key=lambda a: (position.get(a.article, 0), a.start))))
        for key, items in groups.items()
    ]
    out.sort(key=lambda g: (-len(g.claims), g.who.casefold()))
    return out


class SpeakersScreen(PaneScreen):
    """Per speaker, what it claims, with citations."""

    DEFAULT_CSS = """
    SpeakersScreen #speakers-box { height: 1fr; }
    SpeakersScreen #speakers-list { height: 1fr; }
    SpeakersScreen #speakers-filter { display: none; height: 1; border: none; padding: 0 1; }
    SpeakersScreen #speakers-filter.-shown { display: block; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "show", "Show", id="speakers.show", tooltip="Show the claim in the reader"),
        Binding("slash", "filter", "Filter", id="speakers.filter", key_display="/", tooltip="Only speakers whose name holds these words"),
        Binding("j", "cursor_down", "Next", id="speakers.next", show=False),
        Binding("k", "cursor_up", "Previous", id="speakers.previous", show=False),
    ]

    @dataclass
    class Loaded(Message):
        groups: list[SpeakerGroup]

    def __init__(self) -> None:
        super().__init__()
        self.groups: list[SpeakerGroup] = []
        self.rows: dict[str, Attribution] = {}
        self.query_text = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="speakers-box", classes="pane-box"):
            yield Static("", classes="pane-status", id="speakers-status", markup=False)
            yield Input(placeholder="speaker name…", id="speakers-filter", compact=True)
            yield OptionList(id="speakers-list", markup=False)
        yield StableFooter()

    @property
    def listing(self) -> OptionList:
        return self.query_one("#speakers-list", OptionList)

    def on_mount(self) -> None:
        self.query_one("#speakers-box").border_title = "Who says what"
        self.listing.focus()
        self.show_pending("Finding who says what…")
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="speakers-load")
    def _load(self) -> None:
        found = self.data.load_attributions()
        self.post_message(self.Loaded(group_by_speaker(found, list(self.data.articles))))

    def on_speakers_screen_loaded(self, message: Loaded) -> None:
        self.stop_pending()
        self.groups = message.groups
        self.fill()

    def fill(self) -> None:
        lst = self.listing
        lst.clear_options()
        self.rows = {}
        words = self.query_text.casefold().split()
        shown = [g for g in self.groups if all(w in g.who.casefold() for w in words)]
        options: list[Option] = []
        for g in shown:
            head = Text(g.who, style="bold")
            head.append(f"  {g.kind.replace('_', ' ') or 'not in the glossary'} · {len(g.claims)} claim{'s' if len(g.claims) != 1 else ''}", style="dim")
            options.append(Option(head, disabled=True))
            for a in g.claims:
                row = Text("  ")
                claim = one_line(safe_text(a.text))
                if len(claim) > MAX_CLAIM_CHARS:
                    claim = claim[: MAX_CLAIM_CHARS - 1] + "…"
                row.append(f"“{claim}”" if a.direct else claim, style="italic" if a.direct else "")
                para = a.sentence_id.rsplit("-p", 1)[-1].split("-s")[0] if "-p" in a.sentence_id else "?"
                row.append(f"\n    {a.verb} · {self.data.label(a.article)} para. {para}", style="dim")
                if a.speaker.lower() != a.who.lower():
                    row.append(f" · as “{one_line(safe_text(a.speaker))}”", style="dim")
                option_id = f"att-{len(self.rows)}"
                self.rows[option_id] = a
                options.append(Option(row, id=option_id))
        lst.add_options(options)
        if self.rows:
            lst.highlighted = next(i for i, o in enumerate(options) if not o.disabled)
            total = sum(len(g.claims) for g in shown)
            self.set_status("" if not words else f"{len(shown)} speaker(s), {total} claim(s) match “{self.query_text}”")
        elif self.groups:
            self.set_status(f"No speaker matches “{self.query_text}”.")
        else:
            self.set_status("No quotes or reported claims were found in these sources.")

    def action_show(self) -> None:
        index = self.listing.highlighted
        if index is None:
            return
        option = self.listing.get_option_at_index(index)
        a = self.rows.get(option.id or "")
        if a is not None:
            self.jump(a.article, a.sentence_id, (a.start, a.end))

    @on(OptionList.OptionSelected, "#speakers-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_show()

    def action_cursor_down(self) -> None:
        self.listing.action_cursor_down()

    def action_cursor_up(self) -> None:
        self.listing.action_cursor_up()

    def action_filter(self) -> None:
        box = self.query_one("#speakers-filter", Input)
        box.add_class("-shown")
        box.focus()

    @on(Input.Changed, "#speakers-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.query_text = event.value
        self.fill()

    @on(Input.Submitted, "#speakers-filter")
    def _filter_done(self, event: Input.Submitted) -> None:
        if not event.value:
            event.input.remove_class("-shown")
        self.listing.focus()

    def key_escape(self, event: Any) -> None:
        box = self.query_one("#speakers-filter", Input)
        if box.has_focus:
            box.value = ""
            box.remove_class("-shown")
            self.listing.focus()
            event.stop()
