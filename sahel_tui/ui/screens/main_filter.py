"""The reader view's side of the corpus filter: the `f` key, the filter bar, the sources pane's count.

A mixin for :class:`sahel_tui.ui.screens.main.MainScreen`; the filter itself
is the app's (:mod:`sahel_tui.ui.filtering`), so every view sees the same one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.binding import Binding

from sahel_tui.ui.widgets.filter_bar import FilterBar

if TYPE_CHECKING:
    from sahel_tui.corpus.filters import CorpusFilter, Filtered

FILTER_BINDINGS = [
    Binding("f", "filter", "Filter", id="main.filter", tooltip="Filter the sources: date, publisher, grade, format, tag"),
]


def _count_title(result: Filtered, flt: CorpusFilter) -> str:
    if not flt.active:
        return f"Sources ({result.total})"
    return f"Sources ({len(result.articles)}/{result.total} shown)"


def _waiting(app: Any) -> str:
    done, total = getattr(app, "_load_progress", (0, 0))
    return f"Still reading the sources ({done:,} of {total:,} files): the filter applies once they are all read"


class MainFilter:
    def action_filter(self: Any) -> None:
        # While the folder is still being read the bar opens all the same, so what the analyst
        # types goes into it (not to the reader's keys); the filter applies when the read ends.
        bars = self.query(FilterBar)
        if bars:
            bars.first().query_one("#filter-input").focus()
            return
        bar = FilterBar(getattr(self.app, "corpus_filter_text", ""), on_change=self._filter_changed)
        self.mount(bar)
        self.call_after_refresh(lambda: bar.query_one("#filter-input").focus())
        if self.app.corpus_loading:
            self.call_after_refresh(lambda: bar.show_status(_waiting(self.app)))
        elif self.app.filtered is not None:
            self.call_after_refresh(lambda: bar.show_status(self.app.filtered.summary(self.app.corpus_filter)))
        else:
            self.call_after_refresh(lambda: bar.show_status(f"{len(self.app.corpus.articles)} sources · type key:value words; Enter: list, Esc: hide"))

    def _filter_changed(self: Any, flt: CorpusFilter, text: str) -> None:
        if self.app.corpus_loading:
            # Kept, not applied: the list is still growing. Loading ends in replace_corpus,
            # which applies the app's filter (and show_filtered then says what it kept).
            self.app.corpus_filter, self.app.corpus_filter_text = flt, text
            for bar in self.query(FilterBar):
                bar.show_status(_waiting(self.app))
            return
        self.app.apply_corpus_filter(flt, text)

    def show_filter_waiting(self: Any) -> None:
        """While the folder is read: the open bar's status follows the count."""
        for bar in self.query(FilterBar):
            bar.show_status(_waiting(self.app))

    # Handlers by name, not @on: a plain mixin class is not seen by Textual's decorator scan.
    def on_filter_bar_closed(self: Any, event: FilterBar.Closed) -> None:
        if event.hide:
            for bar in self.query(FilterBar):
                bar.remove()
        self.sources.focus()

    def show_filtered(self: Any, result: Filtered, flt: CorpusFilter) -> None:
        """Show the filtered list; the reader moves to the first article shown if its own is not."""
        sources = self.sources
        marks = {aid: ("bounds" if not self.app.ascii else "bounds") for aid in result.placed_by_bounds}
        current = self.article.id if self.article is not None else None
        sources.set_articles(result.articles, marks)
        sources.border_title = _count_title(result, flt)
        bars = self.query(FilterBar)
        if bars:
            note = result.summary(flt)
            if result.placed_by_bounds:
                note += " (marked 'bounds')"
            bars.first().show_status(note)
        if result.articles and current not in {a.id for a in result.articles}:
            # After the list's frame is out: laying out an article costs more than the list.
            first = result.articles[0]
            self.call_after_refresh(lambda: self.open_article(first))
