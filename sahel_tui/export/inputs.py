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
    from sahel_tui.store.cache import Cache


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
                self._comparison = module.compare_corpus(self.corpus, actors=actors).to_json()
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
        return store.list()
