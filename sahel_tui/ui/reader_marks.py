"""What the reader draws on top of the text: annotation marks, actor mentions, a jump's target.

The reader (a Line-API widget) asks this object, row by row at paint time,
for the mark in its margin and for the extra styling of the row's text, so
none of it costs anything until a row is drawn. Styles come from the
reader's component classes through ``style(name)``; the names are listed in
:data:`COMPONENT_CLASSES`.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Callable, Iterable, Sequence

from rich.style import Style
from rich.text import Text

from sahel_tui.corpus.model import Sentence

CATEGORIES = ("claim", "evidence", "question", "disagree")
COMPONENT_CLASSES = {
    *(f"article-view--note-{c}" for c in CATEGORIES),
    "article-view--note-other",
    "article-view--actor",
    "article-view--target",
}
StyleLookup = Callable[[str], Style]


def category_class(category: str) -> str:
    """The component class (without prefix) of a mark: its category, or ``note-other``."""
    return f"note-{category}" if category in CATEGORIES else "note-other"


class ReaderMarks:
    """Marks for one article: annotated sentences, actor mention spans, the span a jump landed on."""

    def __init__(self) -> None:
        self.marks: dict[str, str] = {}  # sentence id -> category ("" for a note or tags only)
        self._actors: list[tuple[int, int]] = []
        self._actor_starts: list[int] = []
        self.target: tuple[int, int] | None = None

    def clear(self) -> None:
        self.marks, self.target = {}, None
        self.set_actor_spans(())

    def set_marks(self, marks: dict[str, str]) -> None:
        self.marks = dict(marks)

    def set_actor_spans(self, spans: Iterable[tuple[int, int]]) -> None:
        self._actors = sorted(spans)
        self._actor_starts = [s for s, _ in self._actors]

    def glyph(self, row_start: int, row_end: int, sentences: Sequence[Sentence], ascii: bool, style: StyleLookup) -> Text:
        """The margin mark for a row: on the row where an annotated sentence starts."""
        for s in sentences:
            if s.id in self.marks and (row_start <= s.start < row_end or (s.start < row_start and row_start == s.start)):
                category = self.marks[s.id]
                glyph = ("*" if category else "o") if ascii else ("●" if category else "○")
                st = style(category_class(category))
                return Text(glyph, style=Style(color=st.color or st.bgcolor, bold=True))
        return Text(" ")

    def stylize(self, text: Text, row_start: int, row_end: int, sentences: Sequence[Sentence], style: StyleLookup) -> None:
        """Tint highlighted sentences, underline actor mentions and light a jump's target in ``text``."""
        for s in sentences:
            category = self.marks.get(s.id)
            if category and s.end > row_start and s.start < row_end:
                st = style(category_class(category))
                if st.bgcolor is not None:
                    text.stylize(Style(bgcolor=st.bgcolor), max(s.start, row_start) - row_start, min(s.end, row_end) - row_start)
        if self._actors:
            actor = style("actor")
            i = max(bisect_left(self._actor_starts, row_start) - 1, 0)
            while i < len(self._actors) and self._actors[i][0] < row_end:
                start, end = self._actors[i]
                if end > row_start:
                    text.stylize(actor, max(start, row_start) - row_start, min(end, row_end) - row_start)
                i += 1
        if self.target is not None:
            start, end = self.target
            if end > row_start and start < row_end:
                text.stylize(style("target"), max(start, row_start) - row_start, min(end, row_end) - row_start)
