"""One corpus's analysis, computed lazily and shared: what the app, the CLI and the briefing all read.

A :class:`Workspace` holds one corpus and, on first request, its key points,
actors, comparison and annotations. The app keeps one for its whole run (so the
actors are detected once for the glossary, the comparison, the reader's
mentions and the export, and one annotation store serves every view); the
export makes one for the articles it exports, or derives one from the app's
that reuses what the app has computed (:meth:`Workspace.derive`).

Every ``load_*``/``open_*`` method may be slow and is meant for a worker
thread; a lock per result keeps two callers that ask at once from computing it
twice, and separate locks keep a notes view from waiting on a comparison.
Properties (``actors``, ``comparison``, ``store``) never compute.

Imports no Textual; the UI's messages live in ``ui/pane_data.py``.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, Callable, Sequence, TypeVar

from sahel_tui.startup import collector_paused

if TYPE_CHECKING:
    from sahel_tui.analysis.actors import Actor
    from sahel_tui.analysis.attribution import Attribution
    from sahel_tui.analysis.compare import Comparison
    from sahel_tui.corpus.filters import CorpusFilter
    from sahel_tui.analysis.keypoints import KeyPoint
    from sahel_tui.corpus.model import Article, Corpus
    from sahel_tui.infrastructure.cache import Cache
    from sahel_tui.infrastructure.progress import Progress
    from sahel_tui.store.annotations import AnnotationStore
    from sahel_tui.store.grades import Grades
    from sahel_tui.store.judgements import Judgement
    from sahel_tui.store.records import Annotation

T = TypeVar("T")


class _Results:
    """The computed actors and comparison of one corpus, with their locks (shared by derived workspaces)."""

    def __init__(self, comparison_sections: Sequence[str] | None) -> None:
        # The comparison takes the actors' lock inside its own, never the reverse.
        self.actors_lock = threading.RLock()
        self.comparison_lock = threading.Lock()
        self.actors: list[Actor] | None = None
        self.actors_version = 0
        self.comparison: dict[str, Any] | None = None  # the JSON of ``result``, made when asked for
        self.result: Comparison | None = None  # the typed comparison, the analyst's verdicts applied
        self.comparison_version = -1
        self.comparison_sections = comparison_sections
        # Who says what, per article, for the actors of ``attributions_version``.
        self.attributions_lock = threading.Lock()
        self.attributions: dict[str, list[Attribution]] = {}
        self.attributions_version = -1
        self.mentions: Any = None  # the actors' mention index (analysis.attribution.patterns)


class Workspace:
    """Lazily computed analysis of one corpus.

    ``method``/``count`` are the key-point settings the briefing uses (None: the
    defaults). ``comparison_sections`` limits the comparison (None: every
    section); the briefing leaves out the article-by-article similarity, the one
    part that grows with the square of the corpus. ``store`` is an open
    annotation store to read from; without one, :meth:`open_store` opens the
    user's store and :meth:`annotations` reads it without keeping it open.
    """

    def __init__(
        self,
        corpus: Corpus,
        cache: Cache | None = None,
        *,
        method: str | None = None,
        count: int | None = None,
        comparison_sections: Sequence[str] | None = None,
        store: AnnotationStore | None = None,
        _results: _Results | None = None,
    ) -> None:
        self.corpus = corpus
        self.cache = cache
        self.method = method
        self.count = count
        self.labels: dict[str, str] = {a.id: f"S{n}" for n, a in enumerate(corpus.articles, 1)}
        self.articles: dict[str, Article] = {a.id: a for a in corpus.articles}
        self._results = _results or _Results(comparison_sections)
        self._store_lock = threading.Lock()
        self._store = store
        self._owns_store = store is None
        self.store_messages: list[str] = []  # one-time news from opening the store (the app shows them)
        self.unavailable: dict[str, str] = {}  # briefing section -> why it was left out
        self.messages: list[str] = []  # news for the briefing's user (e.g. annotations that moved)
        self._read: dict[str, Any] = {}  # what the briefing read once: annotations, grades, judgements
        # What the app's views remember between visits: where the reader's cursor is
        # (the notes view re-attaches orphans there) and the export dialog's last title
        # and summary (a second export starts from them).
        self.reader_position: tuple[str, str] | None = None
        self.export_title: str | None = None
        self.export_summary: str = ""
        # The corpus filter in force, in words (empty: the whole corpus): views that compare say so.
        self.filter_note: str = ""
        self.filter: CorpusFilter | None = None

    def refocused(self, corpus: Corpus, filter_note: str, flt: CorpusFilter | None = None) -> Workspace:
        """A workspace for a filtered view of the corpus: the analysis starts afresh, the open store carries over."""
        fresh = Workspace(corpus, self.cache)
        with self._store_lock:
            fresh._store, self._store = self._store, None
            fresh._owns_store, self._owns_store = self._owns_store, True
            fresh.store_messages, self.store_messages = self.store_messages, []
        fresh.reader_position = self.reader_position
        fresh.export_title, fresh.export_summary = self.export_title, self.export_summary
        fresh.filter_note = filter_note
        fresh.filter = flt
        return fresh

    def derive(self, *, method: str | None = None, count: int | None = None) -> Workspace:
        """The same corpus with other key-point settings, reusing the actors and comparison found so far.

        The store is not shared: the derived workspace reads annotations through
        its own connection (an export runs in its own worker).
        """
        return Workspace(self.corpus, self.cache, method=method, count=count, _results=self._results)

    # -- key points ---------------------------------------------------------------------

    def key_point_method(self) -> str:
        """The method in use (the default when none was asked for)."""
        from sahel_tui.analysis.keypoints import DEFAULT_METHOD

        return self.method if self.method is not None else DEFAULT_METHOD

    def key_points(self, article: Article) -> list[KeyPoint]:
        from sahel_tui.analysis.keypoints import key_points

        return list(key_points(article, method=self.key_point_method(), count=self.count, cache=self.cache))

    # -- actors ---------------------------------------------------------------------------

    @property
    def actors(self) -> list[Actor] | None:
        """The actors if already detected, else None (never computes)."""
        return self._results.actors

    @property
    def actors_version(self) -> int:
        """Bumped whenever the actors change (an analyst's edit), so views can tell."""
        return self._results.actors_version

    def load_actors(self, progress: Progress | None = None) -> list[Actor]:
        """Detect the actors (curated glossary and the analyst's edits applied). Slow.

        ``progress`` (sahel_tui.infrastructure.progress) hears of each chunk of articles done and can cancel.
        """
        results = self._results
        with results.actors_lock:
            if results.actors is None:
                from sahel_tui.analysis.actors import detect_actors
                from sahel_tui.store.actor_edits import load_edits

                with collector_paused():  # a large result that lives on: see sahel_tui/startup.py
                    results.actors = detect_actors(
                        self.corpus, curated=True, edits=load_edits(), cache=self.cache, progress=progress
                    )
                results.actors_version += 1
            return results.actors

    def reload_actors(self) -> list[Actor]:
        """Detect again, after an analyst's decision was saved."""
        with self._results.actors_lock:
            self._results.actors = None
            return self.load_actors()

    # -- comparison -------------------------------------------------------------------------

    @property
    def comparison(self) -> dict[str, Any] | None:
        """The comparison if computed against the current actors, else None (never computes)."""
        results = self._results
        return results.comparison if results.comparison_version == results.actors_version else None

    def load_comparison(self) -> dict[str, Any]:
        """The comparison as ``compare --json`` prints it, for views that read it so. Slow."""
        results = self._results
        with results.comparison_lock:
            current = self.comparison
            if current is not None:
                return current
        result = self.load_comparison_result()
        with results.comparison_lock:
            results.comparison = result.to_json()
            return results.comparison

    def load_comparison_result(self) -> Comparison:
        """The typed comparison over the whole corpus, reusing the actors, verdicts applied. Slow."""
        results = self._results
        with results.comparison_lock:
            if results.result is not None and results.comparison_version == results.actors_version:
                return results.result
            from sahel_tui.analysis.compare import compare_corpus

            actors = self.load_actors()
            sections = list(results.comparison_sections) if results.comparison_sections is not None else None
            from sahel_tui.analysis.compare.stored import cached_compare

            with collector_paused():  # as for the actors
                result = cached_compare(
                    lambda: compare_corpus(self.corpus, actors=actors, sections=sections, cache=self.cache),
                    self.cache, self.corpus, actors, sections, background=True,
                )
            results.result = result
            results.comparison = None
            results.comparison_version = results.actors_version
        self.apply_verdicts()
        return result

    def apply_verdicts(self) -> None:
        """Mark every reviewable item from the saved verdicts (after a verdict changed, too)."""
        from sahel_tui.analysis.compare import reviewable
        from sahel_tui.analysis.compare.review import apply_verdicts
        from sahel_tui.errors import UserError
        from sahel_tui.store.verdicts import VerdictStore

        results = self._results
        result = results.result
        if result is None:
            return
        try:
            saved = self._with_store(lambda store: VerdictStore.of(store).list())
        except (UserError, OSError) as exc:  # an unreadable store leaves every item unreviewed, said once
            saved = []
            self.store_messages.append(f"verdicts not applied: {exc}")
        with results.comparison_lock:
            apply_verdicts(reviewable(result), saved)
            results.comparison = None  # its JSON is rebuilt with the new states

    def set_verdict(self, item: Any, verdict: str | None) -> None:
        """Save (or, with None, clear) the analyst's verdict on one item and re-apply them all."""
        from sahel_tui.analysis.compare import item_summary
        from sahel_tui.store.verdicts import VerdictStore

        verdicts = VerdictStore.of(self.open_store())
        if verdict is None:
            verdicts.clear(item.evidence.kind, item.evidence.id)
        else:
            verdicts.set(item.evidence, verdict, item_summary(item))
        self.apply_verdicts()

    # -- attributions ------------------------------------------------------------------------

    def attributions_for(self, article_id: str) -> list[Attribution] | None:
        """The article's attributions if already computed for the current actors, else None (never computes)."""
        results = self._results
        if results.attributions_version != results.actors_version:
            return None
        return results.attributions.get(article_id)

    def load_attributions(self, article_ids: list[str] | None = None) -> dict[str, list[Attribution]]:
        """Attribute the given articles (all when None), speakers linked to the actors. Slow."""
        from sahel_tui.analysis.attribution.patterns import attribute_article, cached_attributions, index_mentions

        actors = self.load_actors()
        results = self._results
        with results.attributions_lock:
            if results.attributions_version != results.actors_version or results.mentions is None:
                results.attributions, results.attributions_version = {}, results.actors_version
                results.mentions = index_mentions(actors)
            wanted = article_ids if article_ids is not None else list(self.articles)
            for aid in wanted:
                if aid not in results.attributions and aid in self.articles:
                    article = self.articles[aid]
                    results.attributions[aid] = (
                        cached_attributions(article, results.mentions.get(aid, ()), self.cache)
                        if self.cache is not None
                        else attribute_article(article, actors, results.mentions)
                    )
            return {aid: results.attributions[aid] for aid in wanted if aid in results.attributions}

    # -- annotations ---------------------------------------------------------------------------

    @property
    def store(self) -> AnnotationStore | None:
        """The store if already open, else None (never opens it)."""
        return self._store

    def open_store(self) -> AnnotationStore:
        """Open the annotation store and re-anchor it to the corpus (kept open until :meth:`close`)."""
        with self._store_lock:
            if self._store is None:
                from sahel_tui.store.annotations import AnnotationStore

                store = AnnotationStore.open()
                if store.notice:
                    self.store_messages.append(store.notice)
                if store.read_only and store.error:
                    self.store_messages.append(f"Annotations are read-only: {store.error}")
                report = store.reanchor(self.corpus)
                if report.changed:
                    self.store_messages.append(report.summary())
                self._store = store
            return self._store

    def take_store_messages(self) -> list[str]:
        with self._store_lock:
            messages, self.store_messages = self.store_messages, []
            return messages

    def close(self) -> None:
        """Close the store this workspace opened (one handed in stays its owner's)."""
        with self._store_lock:
            if self._store is not None and self._owns_store:
                self._store.close()
                self._store = None

    def annotations(self) -> list[Annotation]:
        """Live annotations (orphans included) for the briefing, re-anchored to the current text first."""
        return self._once("annotations", lambda: self._with_store(self._read_annotations))

    def _read_annotations(self, store: AnnotationStore) -> list[Annotation]:
        # Re-anchoring first means an edited source shows each note beside the
        # sentence it now belongs to, or lists it as an orphan.
        report = store.reanchor(self.corpus)
        if report.changed:
            orphans = "; see `notes list --orphans`" if report.orphaned else ""
            self.messages.append(report.summary() + orphans)
        if report.missing_notes:
            names = ", ".join(report.missing_articles[:5]) + (", ..." if len(report.missing_articles) > 5 else "")
            self.messages.append(
                f"{report.missing_notes} annotation(s) are on sources not in this corpus ({names}); "
                "they are not in this briefing"
            )
        # Import conflict copies wait for review (`notes list --review`): the local note is the current one.
        return store.list(review=False)

    def grades(self) -> Grades:
        """The grades in force: the analyst's over the metadata's."""

        def read() -> Grades:
            from sahel_tui.store.grades import GradeStore, grades_for

            return grades_for(self.corpus, self._with_store(lambda store: GradeStore.of(store).list()))

        return self._once("grades", read)

    def judgements(self) -> list[Judgement]:
        """The live key judgements, in the analyst's order."""

        def read() -> list[Judgement]:
            from sahel_tui.store.judgements import JudgementStore

            return self._with_store(lambda store: JudgementStore.of(store).list())

        return self._once("judgements", read)

    def _once(self, name: str, read: Callable[[], T]) -> T:
        if name not in self._read:
            self._read[name] = read()
        value: T = self._read[name]
        return value

    def _with_store(self, read: Callable[[AnnotationStore], T]) -> T:
        """``read`` on this workspace's store, or on the user's store opened just for it."""
        if self._store is not None:
            return read(self._store)
        from sahel_tui.store.annotations import AnnotationStore

        with AnnotationStore.open() as store:
            if store.notice and store.notice not in self.messages:
                self.messages.append(store.notice)
            return read(store)

    # -- labels ------------------------------------------------------------------------------------

    def label(self, article_id: str | None) -> str:
        """``S3`` for the third article; the id itself for an article not in this corpus."""
        if article_id is None:
            return ""
        return self.labels.get(article_id, article_id)

    def title(self, article_id: str | None) -> str:
        article = self.articles.get(article_id or "")
        return article.title if article else (article_id or "")
