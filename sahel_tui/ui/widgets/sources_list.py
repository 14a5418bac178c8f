"""The sources pane: every article with its title, publisher, date and length.

A Line-API widget with a fixed two rows per article (title; publisher · date
· words), so it is virtual in the strict sense: opening a corpus of 2,000
articles builds nothing per article, and a frame draws only the rows on
screen. (An OptionList measured ~0.8 s to lay out 2,000 wrapped prompts.)
Later panes add figures such as annotation counts with :meth:`set_badges`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView

from sahel_tui.ui.widgets.line_styles import LineStyleCache
from textual.strip import Strip

from sahel_tui.corpus.display import date_label
from sahel_tui.corpus.model import Article

ROWS = 2  # rows per article


def details(article: Article, badge: str = "", separator: str = " · ") -> str:
    """The second row: any badge first (a narrow pane cuts the end), then date · publisher · words.

    The date comes before the publisher: at 30 columns "unknown publisher" used to
    push the date out of sight, and the date is what analysts scan a list for.
    """
    parts = [badge] if badge else []
    parts.append(date_label(article))
    # A PDF, Word file or e-mail says so after the date: plain text and Markdown, the common case, say nothing.
    fmt = _FORMAT_LABELS.get(article.meta.extra.get("format", ""))
    if fmt:
        parts.append(fmt)
    host = url_host(article.meta.value("url"))
    publisher = article.meta.value("publisher")
    # Without a publisher the address's host says who published it; with one, the host comes last.
    parts += [publisher or host or "unknown publisher", f"{article.word_count:,} words"]
    if publisher and host and host.casefold() != publisher.casefold():
        parts.append(host)
    return separator.join(parts)


_FORMAT_LABELS = {"pdf": "PDF", "docx": "DOCX", "email": "e-mail", "html": "HTML"}


def url_host(url: str | None) -> str | None:
    """``https://www.example.org/a/b`` -> ``example.org``: short enough for a list row."""
    if not url:
        return None
    from urllib.parse import urlsplit

    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return None
    host = host.removeprefix("www.")
    return host or None


class SourcesList(LineStyleCache, ScrollView, can_focus=True):
    """Lists the corpus; moving the highlight opens the article in the reader."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_down", "Next article", id="sources.next", group=Binding.Group("Article")),
        Binding("k,up", "cursor_up", "Previous article", id="sources.previous", group=Binding.Group("Article")),
        Binding("pagedown", "page_down", "Page down", id="sources.page_down", group=Binding.Group("Page")),
        Binding("pageup", "page_up", "Page up", id="sources.page_up", group=Binding.Group("Page")),
        Binding("home", "first", "First article", id="sources.first", group=Binding.Group("Ends")),
        Binding("end", "last", "Last article", id="sources.last", group=Binding.Group("Ends")),
        Binding("enter", "select", "Read", id="sources.read"),
        Binding("g", "grade", "Grade", id="sources.grade", tooltip="Grade the source's reliability (A-F)"),
    ]

    COMPONENT_PREFIX = "sources-list"
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "sources-list--title",
        "sources-list--details",
        "sources-list--highlight",
    }

    DEFAULT_CSS = """
    SourcesList {
        overflow-y: auto;
        overflow-x: hidden;
        scrollbar-size-vertical: 1;
    }
    SourcesList > .sources-list--title {
        text-style: bold;
    }
    SourcesList > .sources-list--details {
        color: $text-muted;
    }
    SourcesList > .sources-list--highlight {
        background: $block-cursor-blurred-background;
        color: $block-cursor-blurred-foreground;
    }
    SourcesList:focus > .sources-list--highlight {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
    }
    """

    @dataclass
    class ArticleHighlighted(Message):
        """The highlight moved to another article."""

        sources: SourcesList
        article: Article

        @property
        def control(self) -> SourcesList:
            return self.sources

    @dataclass
    class ArticleChosen(Message):
        """Enter (or a click) on an article: the analyst wants to read it."""

        sources: SourcesList
        article: Article

        @property
        def control(self) -> SourcesList:
            return self.sources

    def __init__(self, articles: list[Article], *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.articles = articles
        self._index = {a.id: i for i, a in enumerate(articles)}
        self._badges: dict[str, str] = {}
        self._details: dict[int, str] = {}  # built on first draw, per article
        self._highlighted: int | None = None
        self._marks: dict[str, str] = {}  # article id -> a flag from the filter (see set_articles)
        self._styles: dict[str, Style] = {}
        self._base_style: Style | None = None
        self._strips: dict[int, Strip] = {}  # drawn rows: a screen re-layout repaints from here
        self._strips_key: tuple[int, bool] = (0, False)
        self.ascii = False  # set by the screen: no "·" or "…" for consoles without them
        self.virtual_size = Size(0, len(articles) * ROWS)

    @property
    def option_count(self) -> int:
        return len(self.articles)

    @property
    def highlighted(self) -> int | None:
        return self._highlighted

    @highlighted.setter
    def highlighted(self, index: int | None) -> None:
        if index is not None:
            if not self.articles:
                return
            index = max(0, min(index, len(self.articles) - 1))
        old, self._highlighted = self._highlighted, index
        if old == index:
            return
        for i in (old, index):
            if i is not None:
                for row in range(i * ROWS, i * ROWS + ROWS):
                    self._strips.pop(row, None)
                self.refresh_lines(i * ROWS, ROWS)
        if index is not None:
            self._scroll_to_item(index)
            self.post_message(self.ArticleHighlighted(self, self.articles[index]))

    def set_articles(self, articles: list[Article], marks: dict[str, str] | None = None) -> None:
        """Show another list (a filter changed): only the rows on screen are drawn again.

        ``marks`` puts a short flag before an article's details (e.g. "bounds" for
        one placed in a date range by its date bounds only).
        """
        keep = self.articles[self._highlighted].id if self._highlighted is not None and self.articles else None
        self.articles = articles
        self._index = {a.id: i for i, a in enumerate(articles)}
        self._marks = dict(marks or {})
        self._details.clear()
        self._strips.clear()
        self.virtual_size = Size(0, len(articles) * ROWS)
        self.scroll_to(y=0, animate=False, immediate=True)
        # Set quietly: the screen decides when the reader follows (after this list is drawn).
        self._highlighted = self._index[keep] if keep in self._index else (0 if articles else None)
        if self._highlighted is not None:
            self._scroll_to_item(self._highlighted)
        self.refresh()

    def set_badges(self, badges: dict[str, str]) -> None:
        """Show a short extra figure per article id (e.g. "3 notes")."""
        self._badges = dict(badges)
        self._details.clear()
        self._strips.clear()
        self.refresh()

    def select_article(self, article_id: str) -> None:
        """Move the highlight to ``article_id`` (sends ArticleHighlighted)."""
        if article_id in self._index:
            self.highlighted = self._index[article_id]

    def _scroll_to_item(self, index: int) -> None:
        height = self.scrollable_content_region.height
        top, first = round(self.scroll_y), index * ROWS
        if first < top:
            self.scroll_to(y=first, animate=False, immediate=True)
        elif height > 0 and first + ROWS > top + height:
            self.scroll_to(y=first + ROWS - height, animate=False, immediate=True)

    # -- keys and mouse ----------------------------------------------------

    def _move(self, step: int) -> None:
        current = self._highlighted if self._highlighted is not None else -1 if step > 0 else len(self.articles)
        self.highlighted = current + step

    def action_cursor_down(self) -> None:
        self._move(+1)

    def action_cursor_up(self) -> None:
        self._move(-1)

    def action_page_down(self) -> None:
        self._move(max(1, self.scrollable_content_region.height // ROWS - 1))

    def action_page_up(self) -> None:
        self._move(-max(1, self.scrollable_content_region.height // ROWS - 1))

    def action_first(self) -> None:
        self.highlighted = 0

    def action_last(self) -> None:
        self.highlighted = len(self.articles) - 1

    def action_grade(self) -> None:
        from sahel_tui.ui.screens.grade import GradeRequest, grade_interactively

        if self._highlighted is not None:
            a = self.articles[self._highlighted]
            label = f"S{self._highlighted + 1} · {a.title}"
            grade_interactively(self, GradeRequest("source", a.id, label, article_id=a.id))

    def action_select(self) -> None:
        if self._highlighted is not None:
            self.post_message(self.ArticleChosen(self, self.articles[self._highlighted]))

    def on_click(self, event: events.Click) -> None:
        index = (round(self.scroll_y) + event.y) // ROWS
        if 0 <= index < len(self.articles):
            self.highlighted = index
            self.post_message(self.ArticleChosen(self, self.articles[index]))

    # -- drawing ---------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        base = self._base_style if self._base_style is not None else self.rich_style
        width = self.scrollable_content_region.width
        row = round(self.scroll_y) + y
        index, part = divmod(row, ROWS)
        if not 0 <= index < len(self.articles):
            return Strip.blank(width, base)
        key = (width, self.has_focus)
        if key != self._strips_key:
            self._strips.clear()
            self._strips_key = key
        cached = self._strips.get(row)
        if cached is None:
            cached = self._strips[row] = self._draw_row(index, part, width, base)
        return cached

    def _draw_row(self, index: int, part: int, width: int, base: Style) -> Strip:
        article = self.articles[index]
        if part == 0:
            text = Text(" " + article.title, style=self._style("title"))  # plain text, never markup
        else:
            if index not in self._details:
                separator = " | " if self.ascii else " · "
                badge = " ".join(b for b in (self._marks.get(article.id, ""), self._badges.get(article.id, "")) if b)
                self._details[index] = details(article, badge, separator)
            text = Text(" " + self._details[index], style=self._style("details"))
        text.truncate(width, overflow="crop" if self.ascii else "ellipsis", pad=True)
        # One Strip per row: padding, highlight and base style all live in the Text.
        if index == self._highlighted:
            text.stylize(self._style("highlight"))
        text.stylize_before(base)
        return Strip(text.render(self.app.console), width)
