"""The grade dialog: pick an Admiralty grade for a source (A-F) or a claim or note (1-6).

Pressing the letter or digit picks it at once (analysts know the scale by
heart); the list shows each grade's meaning for everyone else. A suggestion
from corroboration is highlighted and explained, and is stored only when the
analyst picks it. Saving is one small SQLite transaction, done here on the UI
thread: the store is already open by the time anything can be graded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from sahel_tui.ui.pane_data import AnnotationsChanged, workspace_of

if TYPE_CHECKING:
    from sahel_tui.store.grades import Suggestion

CLEAR = "clear"


@dataclass(frozen=True, slots=True)
class GradeRequest:
    target: str  # "source", "claim" or "note"
    ident: str  # article id, sentence id or annotation id
    what: str  # shown in the dialog: "S1 · title" or the sentence
    text: str | None = None  # a claim's sentence, kept with its grade
    article_id: str | None = None  # for the refresh message


class GradeDialog(ModalScreen["str | None"]):
    """Returns the chosen grade, CLEAR to remove it, or None when cancelled."""

    SCOPED_CSS = False
    DEFAULT_CSS = """
    GradeDialog { align: center middle; }
    GradeDialog #grade-box {
        width: 64; max-width: 100%; height: auto; max-height: 100%;
        border: round $border; background: $surface; padding: 0 1;
    }
    GradeDialog #grade-what { color: $text-muted; height: auto; max-height: 4; }
    GradeDialog #grade-hint { color: $text-muted; height: auto; }
    GradeDialog OptionList { height: auto; max-height: 11; border: none; background: $surface; padding: 0; }
    SahelApp.-ascii GradeDialog #grade-box { border: ascii $border; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="grade.cancel"),
        Binding("enter", "choose", "Choose", id="grade.choose", show=False),
    ]

    def __init__(self, request: GradeRequest, current: str | None, suggestion: Suggestion | None = None) -> None:
        super().__init__()
        self.request = request
        self.current = current
        self.suggestion = suggestion

    def compose(self) -> ComposeResult:
        from sahel_tui.store.grades import CREDIBILITY, RELIABILITY

        scale = RELIABILITY if self.request.target == "source" else CREDIBILITY
        options = []
        for key, meaning in scale.items():
            label = Text(f"{key}  {meaning}")
            if key == self.current:
                label.append("  (current)", style="bold")
            if self.suggestion is not None and key == self.suggestion.value:
                label.append(f"  suggested: {self.suggestion.reason}", style="italic")
            options.append(Option(label, id=key))
        options.append(Option(Text("–  clear the grade"), id=CLEAR, disabled=self.current is None))
        with Vertical(id="grade-box"):
            yield Static(Text(self.request.what), id="grade-what")
            yield OptionList(*options, id="grade-options")
            keys = "A–F" if self.request.target == "source" else "1–6"
            yield Static(Text(f"{keys} picks · enter chooses · - clears · Esc cancels"), id="grade-hint")

    def on_mount(self) -> None:
        box = self.query_one("#grade-box")
        box.border_title = "Source reliability" if self.request.target == "source" else f"{self.request.target.capitalize()} credibility"
        options = self.query_one(OptionList)
        start = self.current or (self.suggestion.value if self.suggestion else None)
        if start is not None:
            options.highlighted = options.get_option_index(start)
        options.focus()

    def on_key(self, event: events.Key) -> None:
        from sahel_tui.store.grades import CREDIBILITY, RELIABILITY

        scale = RELIABILITY if self.request.target == "source" else CREDIBILITY
        char = (event.character or "").upper()
        if char in scale:
            event.stop()
            self.dismiss(char)
        elif char == "-" and self.current is not None:
            event.stop()
            self.dismiss(CLEAR)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_choose(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            option = options.get_option_at_index(options.highlighted)
            if not option.disabled:
                self.dismiss(option.id)


def grade_interactively(node: Any, request: GradeRequest, suggestion: Suggestion | None = None) -> None:
    """Open the dialog for ``request`` and save what the analyst picks (from any screen)."""
    from sahel_tui.store.grades import GradeStore

    app = node.app
    store = workspace_of(app).open_store()
    grades = GradeStore.of(store)
    current = grades.get(request.target, request.ident)

    def done(choice: str | None) -> None:
        from sahel_tui.errors import UserError

        if choice is None:
            return
        try:
            if choice == CLEAR:
                grades.clear(request.target, request.ident)
                app.notify(f"Grade cleared on {request.target} {_short(request)}", timeout=3)
            else:
                origin = "analyst"
                if suggestion is not None and choice == suggestion.value:
                    origin = f"analyst (confirmed: {suggestion.reason})"
                g = grades.set(request.target, request.ident, choice, origin=origin, text=request.text)
                app.notify(f"Graded {request.target} {_short(request)}: {g.value} ({g.meaning})", timeout=3)
        except UserError as exc:
            app.notify(str(exc), severity="error", timeout=8)
            return
        app.post_message(AnnotationsChanged(request.article_id))
        refresh = getattr(node, "grade_saved", None)
        if callable(refresh):
            refresh()

    app.push_screen(GradeDialog(request, current.value if current else None, suggestion), done)


def _short(request: GradeRequest) -> str:
    ident = request.ident
    if request.target == "note":
        return ident[:8]
    if request.target == "claim" and request.article_id and ident.startswith(request.article_id + "-"):
        return ident[len(request.article_id) + 1 :]
    return ident if len(ident) <= 40 else ident[:39] + "…"


def suggestion_for(comparison: Any, sentence_id: str) -> Suggestion | None:
    """What corroboration suggests for a sentence, from a comparison already computed (None if not).

    ``comparison`` is ``compare --json``'s dict or the typed Comparison (the view has
    the typed one first: its JSON form of 2,000 articles takes seconds to build).
    """
    from sahel_tui.store.grades import suggest_credibility

    if comparison is None:
        return None
    if not isinstance(comparison, dict):
        for typed in getattr(comparison, "corroborated", None) or []:
            if any(m.ref.sentence_id == sentence_id for m in typed.members):
                return suggest_credibility(int(typed.sources))
        return None
    for group in comparison.get("corroborated") or []:
        if any(m.get("sentence_id") == sentence_id for m in group.get("members") or []):
            return suggest_credibility(int(group.get("sources") or 0))
    return None


def grade_line(corpus: Any, store: Any, article_id: str, sentence_id: str, comparison: Any) -> str:
    """``Grade B2 (usually reliable source; probably true) · corroboration suggests 2``; "" when nothing to say."""
    from sahel_tui.store.grades import CREDIBILITY, RELIABILITY, GradeStore, metadata_grade

    grades = GradeStore.of(store)
    source = grades.get("source", article_id)
    article = next((a for a in corpus.articles if a.id == article_id), None) if source is None else None
    if source is None and article is not None:
        source = metadata_grade(article)
    claim = grades.get("claim", sentence_id)
    parts = []
    if source is not None and claim is None:
        parts.append(f"Source {source.value} ({RELIABILITY[source.value]}); statement not graded")
    elif source is not None or claim is not None:
        letter, digit = (source.value if source else "-"), (claim.value if claim else "-")
        meaning = "; ".join(
            m for m in (f"{RELIABILITY[source.value]} source" if source else "", CREDIBILITY[claim.value] if claim else "") if m
        )
        parts.append(f"Grade {letter}{digit} ({meaning})")
    suggestion = suggestion_for(comparison, sentence_id)
    if suggestion is not None and (claim is None or claim.value != suggestion.value):
        parts.append(f"corroboration suggests {suggestion.value} ({suggestion.reason}); g grades")
    return " · ".join(parts)
