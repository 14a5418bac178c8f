"""The notes list: one row per annotation, its category, place, tags, quote and note.

An OptionList (virtual), capped at :data:`ROW_LIMIT` rows. Everything the
analyst typed is shown through ``safe_text`` inside ``rich.text.Text``: markup
stays literal and control characters cannot reach the terminal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, ClassVar, Sequence

from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from sahel_tui.ui.pane_data import one_line, safe_text

if TYPE_CHECKING:
    from sahel_tui.store.annotations import Annotation

ROW_LIMIT = 1000
QUOTE_CHARS = 160
NOTE_CHARS = 200
CATEGORY_CLASSES = ("claim", "evidence", "question", "disagree")


def shorten(text: str, limit: int) -> str:
    text = one_line(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class NotesList(OptionList):
    """Annotations; Enter jumps to the anchor."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Jump", id="notes.jump", tooltip="Show the annotated sentence in the reader"),
        Binding("j", "cursor_down", "Down", id="notes.down", show=False),
        Binding("k", "cursor_up", "Up", id="notes.up", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "notes-list--claim",
        "notes-list--evidence",
        "notes-list--question",
        "notes-list--disagree",
        "notes-list--other",
        "notes-list--orphan",
    }

    DEFAULT_CSS = """
    NotesList > .notes-list--claim { color: $primary; text-style: bold; }
    NotesList > .notes-list--evidence { color: $success; text-style: bold; }
    NotesList > .notes-list--question { color: $warning; text-style: bold; }
    NotesList > .notes-list--disagree { color: $error; text-style: bold; }
    NotesList > .notes-list--other { color: $secondary; text-style: bold; }
    NotesList > .notes-list--orphan { color: $error; text-style: bold reverse; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, markup=False)
        self.annotations: list[Annotation] = []

    @property
    def current(self) -> Annotation | None:
        index = self.highlighted
        return self.annotations[index] if index is not None and 0 <= index < len(self.annotations) else None

    def category_style(self, category: str | None) -> Style:
        name = category if category in CATEGORY_CLASSES else "other"
        return self.get_component_rich_style(f"notes-list--{name}", partial=True)

    def show(self, annotations: Sequence[Annotation], label: Callable[[str | None], str], keep: str | None = None) -> None:
        """List ``annotations`` (at most ROW_LIMIT); the highlight stays on id ``keep`` if listed."""
        current = self.current
        keep = keep or (current.id if current else None)
        self.annotations = list(annotations)[:ROW_LIMIT]
        orphan_style = self.get_component_rich_style("notes-list--orphan", partial=True)
        options = [Option(self.prompt(a, label, orphan_style), id=a.id) for a in self.annotations]
        self.clear_options()
        self.add_options(options)
        if options:
            index = next((i for i, a in enumerate(self.annotations) if a.id == keep), 0)
            self.highlighted = index

    def prompt(self, a: Annotation, label: Callable[[str | None], str], orphan_style: Style) -> Text:
        line = Text()
        if a.is_orphan:
            line.append(" ORPHAN ", style=orphan_style)
        elif a.needs_review:
            # An unconfirmed re-anchor or an imported conflict: y/n in the notes view settle it.
            line.append(" REVIEW ", style=orphan_style)
            line.append(" ")
        if a.category:
            line.append(safe_text(a.category), style=self.category_style(a.category))
            line.append(" ")
        if a.actor_id is not None:
            line.append("actor ", style="dim")
            line.append(safe_text(a.actor_id), style="bold")
        else:
            line.append(f"{label(a.article_id)} {a.short_sentence or ''}", style="bold")
        if a.tags:
            line.append("  " + " ".join(f"#{safe_text(t)}" for t in a.tags), style="italic")
        line.append(f"  {a.author} · {a.modified[:16].replace('T', ' ')}", style="dim")
        if a.exact:
            line.append("\n  ")
            line.append(safe_text(f"\u201c{shorten(a.exact, QUOTE_CHARS)}\u201d"), style="dim")
        if a.note:
            line.append("\n  ")
            line.append(safe_text(shorten(a.note, NOTE_CHARS)))
        return line
