"""The reader: one cleaned article, drawn row by row with a sentence cursor.

A Line-API widget (``ScrollView.render_line``): however long the article, it
is one widget, and each visible row is styled only when drawn. A cursor move
repaints the rows of the old and the new sentence and nothing else, which is
what keeps a keypress under a frame even on long articles. Article text only
ever enters ``rich.text.Text`` as plain strings: it is never parsed as markup.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import partial
from dataclasses import dataclass
from typing import ClassVar, Iterable

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView

from sahel_tui.ui.widgets.line_styles import LineStyleCache
from textual.strip import Strip
from textual.worker import get_current_worker

from sahel_tui.corpus.model import Article, Sentence
from sahel_tui.ui.article_layout import ArticleLayout, LayoutCancelled, Row, layout_article

# Above this many characters the article is wrapped in a worker thread, in
# chunks, and the reader shows a one-line notice meanwhile: a 5 MB single-line
# file took minutes on the main thread, with `q` ignored. Below it, wrapping
# takes a few milliseconds and is done at once (no flicker of the notice).
BACKGROUND_LAYOUT_CHARS = 200_000

# Two cells left of the text: a bar marks the cursor's rows, so the cursor is
# visible even where colour is not (NO_COLOR, monochrome consoles).
GUTTER = 2

# Footer groups: one label per related pair keeps the footer short at 80 columns.
_SENTENCE = Binding.Group("Sentence")
_PAGE = Binding.Group("Page")
_ENDS = Binding.Group("Top/end")


class ArticleView(LineStyleCache, ScrollView, can_focus=True):
    """Shows an Article with key points, search matches and a sentence cursor."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_down", "Next sentence", id="reader.next_sentence", group=_SENTENCE),
        Binding("k,up", "cursor_up", "Previous sentence", id="reader.previous_sentence", group=_SENTENCE),
        Binding("pagedown,space", "page_down", "Page down", id="reader.page_down", group=_PAGE),
        Binding("pageup,b", "page_up", "Page up", id="reader.page_up", group=_PAGE),
        Binding("home,g", "first", "First sentence", id="reader.first_sentence", group=_ENDS),
        Binding("end,G", "last", "Last sentence", id="reader.last_sentence", group=_ENDS),
    ]

    COMPONENT_PREFIX = "article-view"
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-view--title",
        "article-view--heading",
        "article-view--keypoint",
        "article-view--cursor",
        "article-view--match",
        "article-view--match-current",
        "article-view--removed",
        "article-view--removed-label",
        "article-view--gutter",
        "article-view--mark",
        "article-view--actor",
    }

    @dataclass
    class CursorMoved(Message):
        """The cursor is on a new sentence (also sent when an article opens)."""

        view: ArticleView
        sentence: Sentence | None

        @property
        def control(self) -> ArticleView:
            return self.view

    @dataclass
    class Drawn(Message):
        """Article text reached the screen for the first time (sent once per widget).

        Start-up waits for this to mount what the first frame can do without.
        """

        view: ArticleView

        @property
        def control(self) -> ArticleView:
            return self.view

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.article: Article | None = None
        self.show_removed = False
        self.ascii = False
        self._layout: ArticleLayout | None = None
        self._sentences: list[Sentence] = []
        self._index: dict[str, int] = {}
        self._cursor = 0
        self._key_points: frozenset[str] = frozenset()
        self._marks: dict[str, str] = {}  # sentence id -> annotation category ("" for none)
        self._actor_spans: list[tuple[int, int]] = []
        self._actor_starts: list[int] = []
        self._matches: list[tuple[int, int]] = []
        self._match_starts: list[int] = []
        self._current_match: int | None = None
        self._styles: dict[str, Style] = {}
        self._base_style: Style | None = None
        # Drawn rows by row number: a re-layout of the screen (another pane changed
        # size) repaints the reader from here instead of restyling every row.
        self._strips: dict[int, Strip] = {}
        self._strips_key: tuple[int, bool] = (0, False)
        self._drawn = False
        # (article, width, show_removed) being wrapped by the layout worker, if any.
        self._layout_pending: tuple[Article, int, bool] | None = None

    # -- what is shown ---------------------------------------------------

    def show_article(self, article: Article | None, cursor: str | None = None) -> None:
        """Open ``article`` (None: blank) with the cursor on sentence id ``cursor`` or the first body sentence."""
        self.article = article
        self._sentences = list(article.sentences) if article else []
        self._index = {s.id: i for i, s in enumerate(self._sentences)}
        self._key_points = frozenset()
        self._marks = {}
        self._actor_spans, self._actor_starts = [], []
        self._matches, self._match_starts, self._current_match = [], [], None
        if cursor in self._index:
            self._cursor = self._index[cursor]
        else:
            body = next((i for i, s in enumerate(self._sentences) if s.kind == "body"), 0)
            self._cursor = body
        self._layout = None
        if self._layout_pending is not None:
            self._layout_pending = None
            self.workers.cancel_group(self, "article-layout")  # nobody will see that one now
        self._relayout()
        self.scroll_to(0, 0, animate=False, immediate=True)
        if cursor in self._index:
            self._scroll_to_cursor(center=True)
        self.post_message(self.CursorMoved(self, self.cursor_sentence))

    @property
    def cursor_sentence(self) -> Sentence | None:
        return self._sentences[self._cursor] if self._sentences else None

    @property
    def layout_rows(self) -> list[Row]:
        return self._layout.rows if self._layout else []

    def set_key_points(self, sentence_ids: Iterable[str]) -> None:
        self._key_points = frozenset(sentence_ids)
        self._repaint()

    def set_marks(self, marks: dict[str, str]) -> None:
        """Mark annotated sentences in the margin (sentence id -> category, "" when none)."""
        self._marks = dict(marks)
        self._repaint()

    def set_actor_spans(self, spans: list[tuple[int, int]]) -> None:
        """Underline actor mentions (offsets into the article text); [] removes them."""
        self._actor_spans = sorted(spans)
        self._actor_starts = [s for s, _ in self._actor_spans]
        self._repaint()

    def set_show_removed(self, show: bool) -> None:
        if show != self.show_removed:
            self.show_removed = show
            self._layout = None
            self._relayout()
            self._scroll_to_cursor(center=True)

    def set_matches(self, spans: list[tuple[int, int]], current: int | None = None) -> None:
        """Highlight ``spans`` (offsets into the article text); ``current`` is drawn distinctly."""
        self._matches = sorted(spans)
        self._match_starts = [s for s, _ in self._matches]
        self._current_match = current
        self._repaint()

    def set_current_match(self, index: int | None) -> None:
        """Mark match ``index`` as current and put the cursor on its sentence."""
        self._current_match = index
        if index is not None and self.article is not None and 0 <= index < len(self._matches):
            sentence = self.article.sentence_at(self._matches[index][0])
            if sentence is not None:
                self.move_cursor_to(sentence.id)
                # The match may sit lower in a long sentence than its first row.
                if self._layout is not None:
                    row = self._layout.row_for_offset(self._matches[index][0])
                    self._scroll_rows_into_view(row, row)
        self._repaint()

    # -- the cursor --------------------------------------------------------

    def move_cursor_to(self, sentence_id: str, center: bool = False) -> bool:
        """Put the cursor on ``sentence_id``; False when the article has no such sentence."""
        index = self._index.get(sentence_id)
        if index is None:
            return False
        self._set_cursor(index, center=center)
        return True

    def _set_cursor(self, index: int, center: bool = False) -> None:
        if not self._sentences:
            return
        index = max(0, min(index, len(self._sentences) - 1))
        old = self._cursor
        self._cursor = index
        self._refresh_sentence(old)
        self._refresh_sentence(index)
        self._scroll_to_cursor(center=center)
        if old != index:
            self.post_message(self.CursorMoved(self, self.cursor_sentence))

    def _refresh_sentence(self, index: int) -> None:
        if self._layout is None or not 0 <= index < len(self._sentences):
            return
        rows = self._layout.sentence_rows.get(self._sentences[index].id)
        if rows:
            for row in range(rows[0], rows[1] + 1):
                self._strips.pop(row, None)
            self.refresh_lines(rows[0], rows[1] - rows[0] + 1)

    def _scroll_to_cursor(self, center: bool = False) -> None:
        sentence = self.cursor_sentence
        if self._layout is None or sentence is None:
            return
        rows = self._layout.sentence_rows.get(sentence.id)
        if rows:
            self._scroll_rows_into_view(rows[0], rows[1], center=center)

    def _scroll_rows_into_view(self, first: int, last: int, center: bool = False) -> None:
        height = self.scrollable_content_region.height
        if height <= 0:
            return
        top = round(self.scroll_y)
        if center and not (top <= first and last < top + height):
            target = max(0, first - height // 3)
        elif first < top:
            target = first
        elif last >= top + height:
            target = min(first, last - height + 1)
        else:
            return
        self.scroll_to(y=target, animate=False, immediate=True)

    def action_cursor_down(self) -> None:
        self._set_cursor(self._cursor + 1)

    def action_cursor_up(self) -> None:
        self._set_cursor(self._cursor - 1)

    def action_first(self) -> None:
        self._set_cursor(0)

    def action_last(self) -> None:
        self._set_cursor(len(self._sentences) - 1)

    def _page(self, direction: int) -> None:
        if self._layout is None or not self._sentences:
            return
        height = max(1, self.scrollable_content_region.height - 1)
        rows = self._layout.sentence_rows
        here = rows.get(self._sentences[self._cursor].id, (0, 0))[0]
        target = here + direction * height
        index = self._cursor
        step = 1 if direction > 0 else -1
        while 0 <= index + step < len(self._sentences):
            index += step
            first = rows.get(self._sentences[index].id, (here, here))[0]
            if (direction > 0 and first >= target) or (direction < 0 and first <= target):
                break
        self._set_cursor(index)

    def action_page_down(self) -> None:
        self._page(+1)

    def action_page_up(self) -> None:
        self._page(-1)

    def on_click(self, event: events.Click) -> None:
        """Clicking a sentence puts the cursor on it."""
        if self._layout is None or self.article is None:
            return
        y = round(self.scroll_y) + event.y
        if not 0 <= y < len(self._layout.rows):
            return
        row = self._layout.rows[y]
        if row.kind != "text":
            return
        # Walk cells to find the character under the pointer (wide glyphs take two).
        offset, cells = row.start, 0
        for ch in self.article.text[row.start : row.end]:
            cells += cell_len(ch)
            if cells > event.x - GUTTER:
                break
            offset += 1
        sentence = self.article.sentence_at(min(offset, max(row.end - 1, row.start)))
        if sentence is not None:
            self.move_cursor_to(sentence.id)

    # -- layout and drawing -------------------------------------------------

    def _relayout(self) -> None:
        width = self.scrollable_content_region.width
        if self.article is None:
            self._layout = None
            self.virtual_size = Size(max(width, 0), 0)
            self._repaint()
            return
        if width <= 0:
            return  # not laid out yet; on_resize will come back here
        self._lay_out(width)
        self._repaint()

    def _lay_out(self, width: int) -> None:
        """Wrap the article to ``width`` (unless it already is) and size the scroll area.

        A long article is wrapped by a thread worker instead (see
        BACKGROUND_LAYOUT_CHARS); until it is done ``_layout`` stays None and
        the reader draws a notice, and every key, ``q`` included, is answered.
        """
        assert self.article is not None
        if self._layout is None or self._layout.width != width - GUTTER:
            if len(self.article.text) > BACKGROUND_LAYOUT_CHARS:
                self._layout = None
                self._start_layout(width)
                self.virtual_size = Size(width, 1)
                return
            self._layout_pending = None  # a long article's layout still running is no longer wanted
            self._layout = layout_article(self.article, width - GUTTER, self.show_removed)
        self.virtual_size = Size(width, len(self._layout.rows))

    def _start_layout(self, width: int) -> None:
        assert self.article is not None
        key = (self.article, width, self.show_removed)
        if self._layout_pending == key:
            return  # already on its way
        self._layout_pending = key
        # exclusive: a new article or width cancels the layout nobody will see.
        self.run_worker(
            partial(self._layout_in_thread, key), thread=True, exclusive=True, group="article-layout",
            exit_on_error=False, name="article layout",
        )  # fmt: skip

    def _layout_in_thread(self, key: tuple[Article, int, bool]) -> None:
        worker = get_current_worker()
        article, width, show_removed = key
        try:
            layout = layout_article(article, width - GUTTER, show_removed, should_stop=lambda: worker.is_cancelled)
        except LayoutCancelled:
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._layout_done, key, layout)

    def _layout_done(self, key: tuple[Article, int, bool], layout: ArticleLayout) -> None:
        if key != self._layout_pending or key[0] is not self.article:
            return  # the article or the width changed meanwhile; a newer layout is coming
        self._layout_pending = None
        self._layout = layout
        self.virtual_size = Size(key[1], len(layout.rows))
        self._repaint()
        self._scroll_to_cursor()

    def _pending_notice(self, width: int, base: Style) -> Strip:
        assert self.article is not None
        if not self._drawn:
            self._drawn = True
            self.post_message(self.Drawn(self))
        size = len(self.article.text)
        text = Text(f"  Laying out a long article ({size:,} characters)… press q to quit, Tab to move on.", style=base)
        text.truncate(width)
        return Strip(text.render(self.app.console), text.cell_len).extend_cell_length(width, base)

    def _repaint(self) -> None:
        """Forget every drawn row and redraw (styling changed for more than one sentence)."""
        self._strips.clear()
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self._relayout()
        self._scroll_to_cursor()

    def render_line(self, y: int) -> Strip:
        base = self._base_style if self._base_style is not None else self.rich_style
        width = self.scrollable_content_region.width
        index = round(self.scroll_y) + y
        if self._layout is None and self.article is not None and width > GUTTER:
            # Asked to draw before our first Resize event: the app's first frame is
            # rendered as the screen takes its size, and must show the article.
            self._lay_out(width)
        if self._layout is None and self._layout_pending is not None and self.article is not None:
            return self._pending_notice(width, base) if index == 0 else Strip.blank(width, base)
        if self._layout is None or self.article is None or not 0 <= index < len(self._layout.rows):
            return Strip.blank(width, base)
        key = (width, self.has_focus)
        if key != self._strips_key:
            self._strips.clear()
            self._strips_key = key
        cached = self._strips.get(index)
        if cached is not None:
            return cached
        strip = self._strips[index] = self._draw_row(index, width, base)
        return strip

    def _draw_row(self, index: int, width: int, base: Style) -> Strip:
        assert self._layout is not None and self.article is not None
        row = self._layout.rows[index]
        if not self._drawn:
            # Handled after this frame is written: the message queue runs after the render.
            self._drawn = True
            self.post_message(self.Drawn(self))
        gutter = self._style("gutter")
        if row.kind == "text":
            cursor = self.cursor_sentence
            rows = self._layout.sentence_rows.get(cursor.id) if cursor else None
            on_cursor = rows is not None and rows[0] <= index <= rows[1]
            text = Text("|" if self.ascii else "▌", style=gutter) if on_cursor else Text(" ")
            mark = self._mark_for(row, index)
            text.append(mark, style=self._style("mark") if mark != " " else None)
            text.append_text(self._text_row(row))
        elif row.kind == "removed-label":
            removal = self.article.removed[row.removal]
            rule = "--" if self.ascii else "┄┄"
            text = Text(f"  {rule} removed by cleaning: ", style=self._style("removed-label"))
            text.append(removal.reason, style=self._style("removed-label") + Style(bold=True))
            text.append(f" {rule}", style=self._style("removed-label"))
        elif row.kind == "removed":
            removal = self.article.removed[row.removal]
            style = self._style("removed")
            text = Text("  : " if self.ascii else "  │ ", style=style)
            text.append(removal.text[row.start : row.end], style=style)
        else:
            return Strip.blank(width, base)
        # One Strip per row: the padding and the base style (under every span) go into the Text.
        text.truncate(width, pad=True)
        text.stylize_before(base)
        return Strip(text.render(self.app.console), width)

    def _mark_for(self, row: Row, index: int) -> str:
        """The margin mark: on the first row of an annotated sentence."""
        if not self._marks or self._layout is None:
            return " "
        for s in self.article.paragraphs[row.block].sentences if self.article else ():
            if s.id in self._marks and self._layout.sentence_rows.get(s.id, (-1, -1))[0] == index:
                return "*" if self.ascii else "•"
        return " "

    def _text_row(self, row: Row) -> Text:
        assert self.article is not None
        article = self.article
        paragraph = article.paragraphs[row.block]
        text = Text(article.text[row.start : row.end])
        if paragraph.kind == "title":
            text.stylize(self._style("title"))
        elif paragraph.kind == "heading":
            text.stylize(self._style("heading"))
        cursor = self.cursor_sentence
        for s in paragraph.sentences:
            if s.end <= row.start or s.start >= row.end:
                continue
            lo, hi = max(s.start, row.start) - row.start, min(s.end, row.end) - row.start
            if s.id in self._key_points:
                text.stylize(self._style("keypoint"), lo, hi)
            if cursor is not None and s.id == cursor.id:
                text.stylize(self._style("cursor"), lo, hi)
        if self._actor_spans:
            i = max(bisect_left(self._actor_starts, row.start) - 1, 0)
            while i < len(self._actor_spans) and self._actor_spans[i][0] < row.end:
                start, end = self._actor_spans[i]
                if end > row.start:
                    text.stylize(self._style("actor"), max(start, row.start) - row.start, min(end, row.end) - row.start)
                i += 1
        if self._matches:
            i = max(bisect_left(self._match_starts, row.start) - 1, 0)
            while i < len(self._matches) and self._matches[i][0] < row.end:
                start, end = self._matches[i]
                if end > row.start:
                    name = "match-current" if i == self._current_match else "match"
                    text.stylize(self._style(name), max(start, row.start) - row.start, min(end, row.end) - row.start)
                i += 1
        return text
