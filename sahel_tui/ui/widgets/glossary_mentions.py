"""One actor's mentions, keyword-in-context: left context, the mention, right context, where.

Each row is one mention; the left context is right-aligned so the mentions
line up in one column, the way a concordance reads. Context never crosses a
paragraph break. Enter asks the reader to show the mention's sentence. Rows
are added a page at a time as the cursor nears the end: an actor with 5,000
mentions opens as fast as one with five.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable

from sahel_tui.ui.pane_data import short_sentence

if TYPE_CHECKING:
    from sahel_tui.analysis.actors import Actor, Mention
    from sahel_tui.corpus.model import Article

PAGE = 60  # rows added at a time: a DataTable row costs ~0.5 ms to add, so never thousands at once
MIN_CONTEXT = 12
MENTION_CELLS = 30  # a longer surface is cut in the row (the detail header has the full name)


def context(text: str, start: int, end: int, width: int) -> tuple[str, str]:
    """Up to ``width`` characters each side of ``text[start:end]``, on one line, within the paragraph."""
    left_edge = text.rfind("\n", 0, start) + 1
    right_edge = text.find("\n", end)
    right_edge = len(text) if right_edge < 0 else right_edge
    left = " ".join(text[max(left_edge, start - width * 2) : start].split())
    right = " ".join(text[end : min(right_edge, end + width * 2)].split())
    # Keep the space between the context and the mention (none inside a word: "Mali's").
    if left and text[start - 1].isspace():
        left += " "
    if right and text[end].isspace():
        right = " " + right
    if len(left) > width:
        left = "…" + left[-(width - 1) :]
    if len(right) > width:
        right = right[: width - 1] + "…"
    return left, right


def kwic_line(left: str, surface: str, right: str, width: int) -> Text:
    """Left context right-aligned to ``width``, the mention lit, then the right context."""
    if len(surface) > MENTION_CELLS:
        surface = surface[: MENTION_CELLS - 1] + "…"
    line = Text(left.rjust(width), no_wrap=True, overflow="crop")
    line.append(surface, style="bold reverse")
    line.append(right)
    return line


class MentionTable(DataTable[Text]):
    """Every mention of one actor; Enter jumps to it in the reader."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Jump", id="glossary.jump", tooltip="Show this mention in the reader"),
        Binding("j", "cursor_down", "Down", id="glossary.mention_down", show=False),
        Binding("k", "cursor_up", "Up", id="glossary.mention_up", show=False),
    ]

    @dataclass
    class MentionChosen(Message):
        table: MentionTable
        mention: Mention

        @property
        def control(self) -> MentionTable:
            return self.table

    @dataclass
    class Loaded(Message):
        """More rows were added: ``loaded`` of ``total`` mentions are in the table."""

        table: MentionTable
        loaded: int
        total: int

        @property
        def control(self) -> MentionTable:
            return self.table

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, cursor_type="row", show_header=False)
        self.mentions: list[Mention] = []
        self.actor: Actor | None = None
        self._articles: dict[str, Article] = {}
        self._labels: dict[str, str] = {}
        self._width = 0

    def show_actor(self, actor: Actor | None, articles: dict[str, Article], labels: dict[str, str]) -> None:
        """List ``actor``'s mentions in corpus order (None: empty)."""
        self.actor = actor
        self._articles, self._labels = articles, labels
        order = {aid: n for n, aid in enumerate(articles)}
        mentions = sorted(actor.mentions, key=lambda m: (order.get(m.article, len(order)), m.start)) if actor else []
        self.mentions = mentions
        self._fill()

    def _context_width(self) -> int:
        # The locator takes ~12 cells, the mention itself up to MENTION_CELLS, cell padding 4.
        width = self.scrollable_content_region.width or self.app.size.width
        longest = min(max((len(m.surface) for m in self.mentions), default=8), MENTION_CELLS)
        return max(MIN_CONTEXT, (width - 12 - longest - 4 - 1) // 2)

    @property
    def loaded(self) -> int:
        return self.row_count

    def _fill(self, rows: int = PAGE) -> None:
        self.clear(columns=True)
        self._width = self._context_width()
        self.add_column("where", key="where")
        self.add_column("mention", key="kwic")
        self._add_rows(rows)

    def _add_rows(self, count: int) -> None:
        """Add the next ``count`` mentions; the rest wait until the cursor gets near them."""
        width, start = self._width, self.row_count
        for n, m in enumerate(self.mentions[start : start + count], start):
            article = self._articles.get(m.article)
            left, right = context(article.text, m.start, m.end, width) if article else ("", "")
            where = Text(f"{self._labels.get(m.article, m.article)} {short_sentence(m.sentence_id, m.article)}", style="dim")
            self.add_row(where, kwic_line(left, m.surface, right, width), key=str(n))
        if self.row_count > start:
            self.post_message(self.Loaded(self, self.row_count, len(self.mentions)))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if event.cursor_row >= self.row_count - 5 and self.row_count < len(self.mentions):
            self._add_rows(PAGE)

    def on_resize(self) -> None:
        if self.mentions and self._context_width() != self._width:
            row = self.cursor_row
            self._fill(max(PAGE, self.row_count))
            self.move_cursor(row=row, animate=False)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if 0 <= event.cursor_row < len(self.mentions):
            self.post_message(self.MentionChosen(self, self.mentions[event.cursor_row]))
