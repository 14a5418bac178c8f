"""The app's corpus filter: one filter for every view (sources, key points, glossary, comparison, export).

A mixin for :class:`sahel_tui.ui.app.SahelApp`. The whole corpus is kept;
``app.corpus`` becomes the filtered one, the shared analysis
(:class:`~sahel_tui.workspace.Workspace`) is started afresh on it (the annotation store carries
over), and the views other than the reader are dropped so each is composed
again, on the filtered corpus, the next time it opens. The per-article facts
are computed once (:class:`FilterIndex`), so a change of filter costs a pass
over small tuples and a redraw of the rows on screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sahel_tui.corpus.filters import CorpusFilter, FilterIndex, Filtered
from sahel_tui.corpus.model import Corpus

if TYPE_CHECKING:
    from sahel_tui.workspace import Workspace


class CorpusFilterMixin:
    corpus: Corpus
    workspace: Workspace
    corpus_filter: CorpusFilter = CorpusFilter()
    corpus_filter_text: str = ""
    filtered: Filtered | None = None
    _full_corpus: Corpus | None = None
    _filter_index: FilterIndex | None = None
    _filter_index_facts: tuple[bool, bool] = (False, False)

    @property
    def full_corpus(self) -> Corpus:
        return self._full_corpus if self._full_corpus is not None else self.corpus

    def _index_for(self: Any, flt: CorpusFilter) -> FilterIndex:
        """The facts index; grades and tags are read from the store only once a filter needs them."""
        need = (bool(flt.grades), bool(flt.tags))
        have = self._filter_index_facts
        if self._filter_index is None or (need[0] and not have[0]) or (need[1] and not have[1]):
            from sahel_tui.store.filter_facts import annotation_tags, source_grades

            want = (have[0] or need[0], have[1] or need[1])
            store = self.workspace.open_store() if any(want) else None
            corpus = self.full_corpus
            grades = source_grades(corpus, store) if want[0] else source_grades(corpus, None)
            tags = annotation_tags(store) if want[1] else {}
            self._filter_index = FilterIndex(corpus.articles, grades, tags)
            self._filter_index_facts = want
        return self._filter_index

    def forget_filter_facts(self) -> None:
        """A grade or tag changed: the next filter reads them again."""
        self._filter_index = None
        self._filter_index_facts = (False, False)

    def apply_corpus_filter(self: Any, flt: CorpusFilter, text: str = "") -> Filtered:
        """Show only what ``flt`` keeps, in every view. Returns what was kept."""
        from sahel_tui.ui.screens.main import MainScreen

        full = self.full_corpus
        self._full_corpus = full
        result = self._index_for(flt).apply(flt)
        same = [a.id for a in result.articles] == [a.id for a in self.corpus.articles]
        self.corpus_filter, self.corpus_filter_text, self.filtered = flt, text, result
        if not same:
            narrowed = full if len(result.articles) == len(full.articles) else Corpus(root=full.root, articles=result.articles, skipped=list(full.skipped))
            self.corpus = narrowed
            self.workspace = self.workspace.refocused(narrowed, result.summary(flt) if flt.active else "", flt if flt.active else None)
            self._reset_views()
        for screen in self._main_screens():
            if isinstance(screen, MainScreen):
                screen.show_filtered(result, flt)
        return result

    def _reset_views(self: Any) -> None:
        """Drop the composed views other than the current one: they open afresh on the filtered corpus."""
        from sahel_tui.ui.app import VIEWS

        for view in VIEWS:
            if view.name == self.current_mode or view.name == "reader":
                continue
            # remove_mode drops a composed view's screens and is a no-op for one never opened.
            self.remove_mode(view.name)
            self.add_mode(view.name, view.screen)
