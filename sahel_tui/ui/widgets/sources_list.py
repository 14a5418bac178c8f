"""The sources pane: every article with its title, publisher, date and length.

An OptionList, so it is virtual: 2,000 articles are 2,000 options drawn on
demand, not 2,000 widgets. Later panes (annotation counts, actor mentions) add
their figures through :meth:`SourcesList.set_badges`, which re-renders only
the options whose badge changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from sahel_tui.corpus.model import Article


def date_label(article: Article) -> str:
    """Same wording as `sahel-brief sources`: exact date, or bounds; `~` marks inferred."""
    from sahel_tui.commands.sources import date_label as label

    return label(article)


def source_prompt(article: Article, badge: str = "") -> Text:
    """Two lines: the title, then publisher · date · words (and any badge)."""
    text = Text(article.title, style="bold", no_wrap=True, overflow="ellipsis")
    text.append("\n")
    details = [article.meta.value("publisher") or "unknown publisher", date_label(article), f"{article.word_count:,} words"]
    if badge:
        details.append(badge)
    text.append(" · ".join(details), style="dim")
    return text


class SourcesList(OptionList):
    """Lists the corpus; highlighting an article opens it in the reader."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Next", id="sources.next"),
        Binding("k", "cursor_up", "Prev", id="sources.previous"),
        Binding("enter", "select", "Read", id="sources.read"),
    ]

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
        self.articles = articles
        self._badges: dict[str, str] = {}
        super().__init__(*(Option(source_prompt(a), id=a.id) for a in articles), id=id, classes=classes, markup=False)

    def set_badges(self, badges: dict[str, str]) -> None:
        """Show a short extra figure per article id (e.g. "3 notes")."""
        for index, article in enumerate(self.articles):
            new = badges.get(article.id, "")
            if self._badges.get(article.id, "") != new:
                self.replace_option_prompt_at_index(index, source_prompt(article, new))
        self._badges = dict(badges)

    def select_article(self, article_id: str) -> None:
        """Move the highlight to ``article_id`` (sends ArticleHighlighted)."""
        try:
            self.highlighted = self.get_option_index(article_id)
        except Exception:  # noqa: BLE001 - an unknown id leaves the highlight alone
            return

    def _on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.post_message(self.ArticleHighlighted(self, self.articles[event.option_index]))

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.ArticleChosen(self, self.articles[event.option_index]))
