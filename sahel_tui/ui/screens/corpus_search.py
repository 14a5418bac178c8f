"""Corpus-wide search: matching sentences across all articles; Enter jumps to one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from sahel_tui.analysis.search import SearchHit, search_corpus

if TYPE_CHECKING:
    from sahel_tui.corpus.model import Corpus

RESULT_LIMIT = 200  # enough to scan by eye, cheap to lay out per keystroke; the CLI has no limit
TITLE_WIDTH = 50  # the location line stays one line in an 80-column dialog


def hit_prompt(hit: SearchHit) -> Text:
    """Where the sentence is, then the sentence with the matches marked."""
    title = hit.title if len(hit.title) <= TITLE_WIDTH else hit.title[: TITLE_WIDTH - 1] + "…"
    text = Text(f"p{hit.paragraph} s{hit.sentence} · {title}", style="dim")
    text.append("\n")
    body = Text(hit.text)  # article text: plain, never markup
    for start, end in hit.matches:
        body.stylize("bold reverse", start, end)
    text.append_text(body)
    return text


class CorpusSearchScreen(ModalScreen["SearchHit | None"]):
    """Type to search every sentence of the corpus; dismisses with the chosen hit."""

    DEFAULT_CSS = """
    CorpusSearchScreen {
        align: center middle;
    }
    #search-dialog {
        width: 90%;
        max-width: 120;
        height: 90%;
        border: round $border;
        background: $surface;
    }
    #search-status {
        padding: 0 1;
        color: $text-muted;
        height: 1;
    }
    #search-results {
        height: 1fr;
        border: none;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Close", id="search.close"),
        Binding("down", "focus_results", "Results", id="search.results", show=False),
    ]

    @dataclass
    class Results(Message):
        """A finished search (from the worker thread)."""

        query: str
        hits: list[SearchHit]

    def __init__(self, corpus: Corpus, query: str = "") -> None:
        super().__init__()
        self.corpus = corpus
        self.initial_query = query
        self.hits: list[SearchHit] = []
        self.query_text = query
        self._shown_query: str | None = None  # the query whose results are listed

    def compose(self) -> ComposeResult:
        with Vertical(id="search-dialog"):
            yield Input(self.initial_query, placeholder="Search all articles (words in any order, \"a phrase\")", id="search-input")
            yield Static("", id="search-status", markup=False)
            yield OptionList(id="search-results", markup=False)

    def on_mount(self) -> None:
        self.query_one("#search-dialog").border_title = "Search the corpus"
        if self.initial_query:
            self._search(self.initial_query)
        else:
            self._status("Type words to find. Enter opens the top result; ↓ goes into the list.")

    def _status(self, message: str) -> None:
        self.query_one("#search-status", Static).update(Text(message))

    @on(Input.Changed, "#search-input")
    def _query_changed(self, event: Input.Changed) -> None:
        self.query_text = event.value
        self._search(event.value)

    @on(Input.Submitted, "#search-input")
    def _query_submitted(self) -> None:
        """Enter in the box opens the top result; ↓ goes into the list to pick another."""
        if self.hits and self.query_text == self._shown_query:
            self.dismiss(self.hits[0])

    def action_focus_results(self) -> None:
        results = self.query_one("#search-results", OptionList)
        if results.option_count:
            results.focus()
            if results.highlighted is None:
                results.highlighted = 0

    @work(thread=True, exclusive=True, exit_on_error=False, group="corpus-search")
    def _search(self, query: str) -> None:
        hits = search_corpus(self.corpus, query, limit=RESULT_LIMIT + 1) if query.strip() else []
        self.post_message(self.Results(query, hits))

    def on_corpus_search_screen_results(self, message: Results) -> None:
        if message.query != self.query_text:
            return  # an older search finished after a newer keystroke
        more = len(message.hits) > RESULT_LIMIT
        self.hits = message.hits[:RESULT_LIMIT]
        self._shown_query = message.query
        results = self.query_one("#search-results", OptionList)
        results.clear_options()
        results.add_options(Option(hit_prompt(h)) for h in self.hits)
        if not message.query.strip():
            self._status("")
        elif not self.hits:
            self._status("No sentence holds every word.")
        else:
            articles = len({h.article_id for h in self.hits})
            self._status(f"{len(self.hits)}{'+' if more else ''} sentences in {articles} article(s)")

    @on(OptionList.OptionSelected, "#search-results")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.hits[event.option_index])
