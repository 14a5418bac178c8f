"""Where the briefing gets its analysis results.

Each analysis lives in its own module and is imported only when its section is
rendered, so exporting just the sources table never pays for sumy or numpy. A
module that is not installed makes its section disappear (with the reason
recorded), never invent content. The app subclasses :class:`Analysis` to hand
over results it has already computed instead of computing them twice.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sahel_tui.corpus.model import Article, Corpus
    from sahel_tui.store.annotations import AnnotationStore
    from sahel_tui.infrastructure.cache import Cache


def optional_module(name: str) -> ModuleType | None:
    """The module, or None when it (not one of its own imports) does not exist."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name is not None and (name == exc.name or name.startswith(exc.name + ".")):
            return None
        raise


class Analysis:
    """Lazily computed analysis of the exported articles (a sub-corpus)."""

    def __init__(
        self,
        corpus: Corpus,
        method: str | None = None,
        count: int | None = None,
        cache: Cache | None = None,
        store: AnnotationStore | None = None,
    ) -> None:
        self.corpus = corpus
        self.cache = cache
        self.store = store  # the app's open store; None: open one for this export
        self.method = method
        self.count = count
        self.unavailable: dict[str, str] = {}  # section -> why it was left out
        self.messages: list[str] = []  # news for the user (e.g. annotations that moved)
        self._actors: list[Any] | None = None
        self._comparison: dict[str, Any] | None = None
        self._annotations: list[Any] | None = None
        self._grades: Any = None
        self._judgements: list[Any] | None = None
        self._done: set[str] = set()

    def _module(self, section: str, name: str, needs: str | None = None) -> ModuleType | None:
        module = optional_module(name)
        if module is None or (needs is not None and not hasattr(module, needs)):
            self.unavailable[section] = f"{name} is not available"
            return None
        return module

    def key_point_method(self) -> str | None:
        """The method actually used (the module's default when none was asked for)."""
        if self.method is not None:
            return self.method
        module = optional_module("sahel_tui.analysis.keypoints")
        return getattr(module, "DEFAULT_METHOD", None) if module else None

    def key_points(self, article: Article) -> list[Any] | None:
        module = self._module("keypoints", "sahel_tui.analysis.keypoints", "key_points")
        if module is None:
            return None
        kwargs: dict[str, Any] = {"count": self.count, "cache": self.cache}
        if self.method is not None:
            kwargs["method"] = self.method
        return list(module.key_points(article, **kwargs))

    def actors(self) -> list[Any] | None:
        if "actors" not in self._done:
            self._done.add("actors")
            module = self._module("glossary", "sahel_tui.analysis.actors", "detect_actors")
            if module is not None:
                from sahel_tui.store.actor_edits import load_edits

                # Detection is pure: the exporter hands it the cache and the analyst's decisions.
                self._actors = list(module.detect_actors(self.corpus, curated=True, edits=load_edits(), cache=self.cache))
        return self._actors

    def comparison(self) -> dict[str, Any] | None:
        if "comparison" not in self._done:
            self._done.add("comparison")
            module = self._module("comparison", "sahel_tui.analysis.compare", "compare_corpus")
            if module is not None:
                # The comparison reuses the actors when that module exists;
                # without it, compare still works on its own.
                actors_module = optional_module("sahel_tui.analysis.actors")
                actors = self.actors() if hasattr(actors_module, "detect_actors") else None
                # The briefing never shows the article x article similarity matrix,
                # and it is the one part that grows with the square of the corpus
                # (5.3 GB at 10,000 files): ask for every other section.
                sections = [s for s in getattr(module, "SECTIONS", ()) if s != "similarity"] or None
                self._comparison = module.compare_corpus(self.corpus, actors=actors, sections=sections).to_json()
        return self._comparison

    def annotations(self) -> list[Any] | None:
        """Live annotations (orphans included), re-anchored to the current text first."""
        if "annotations" not in self._done:
            self._done.add("annotations")
            module = self._module("annotations", "sahel_tui.store.annotations", "AnnotationStore")
            if module is not None and self.store is not None:
                self._annotations = self._read_annotations(self.store)
            elif module is not None:
                with module.AnnotationStore.open() as store:
                    if store.notice:
                        self.messages.append(store.notice)
                    self._annotations = self._read_annotations(store)
        return self._annotations

    def _read_annotations(self, store: AnnotationStore) -> list[Any]:
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

    def grades(self) -> Any:
        """The grades in force (:class:`sahel_tui.store.grades.Grades`): the analyst's over the metadata's."""
        if "grades" not in self._done:
            self._done.add("grades")
            module = optional_module("sahel_tui.store.grades")
            if module is None:
                return None
            stored = self._from_store(lambda store: module.GradeStore.of(store).list())
            self._grades = module.grades_for(self.corpus, stored or [])
        return self._grades

    def judgements(self) -> list[Any] | None:
        """The live key judgements, in the analyst's order."""
        if "judgements" not in self._done:
            self._done.add("judgements")
            module = self._module("judgements", "sahel_tui.store.judgements", "JudgementStore")
            if module is not None:
                self._judgements = self._from_store(lambda store: module.JudgementStore.of(store).list())
        return self._judgements

    def _from_store(self, read: Any) -> Any:
        if self.store is not None:
            return read(self.store)
        module = optional_module("sahel_tui.store.annotations")
        if module is None:
            return None
        with module.AnnotationStore.open() as store:
            if store.notice and store.notice not in self.messages:
                self.messages.append(store.notice)
            return read(store)
