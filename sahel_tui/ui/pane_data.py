"""What the glossary, comparison, notes and export views share: analysis results and the store.

One object per app (``PaneData.of(app)``), so the actors are detected once
for the glossary, the comparison, the reader's mention highlighting and the
export, and one annotation store serves the reader, the notes view and the
dialogs. Every ``load_*``/``open_*`` method is slow and runs in a worker
thread; a lock per result keeps two views that ask at once from computing it
twice, and separate locks keep the notes view from waiting on a comparison.

A view whose core module is missing is not offered at all:
:func:`available` checks without importing the module.
"""

from __future__ import annotations

import importlib.util
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.message import Message

from sahel_tui.startup import collector_paused

if TYPE_CHECKING:
    from sahel_tui.analysis.actors import Actor
    from sahel_tui.analysis.attribution import Attribution
    from sahel_tui.corpus.model import Article, Corpus
    from sahel_tui.store.annotations import AnnotationStore

# The core module each view needs; a missing one hides the view.
CORE_MODULES: dict[str, str] = {
    "glossary": "sahel_tui.analysis.actors",
    "comparison": "sahel_tui.analysis.compare",
    "notes": "sahel_tui.store.annotations",
    "judgements": "sahel_tui.store.judgements",
    "export": "sahel_tui.export.markdown",
    "speakers": "sahel_tui.analysis.attribution",
    "changes": "sahel_tui.export.since",
}


def available(view: str) -> bool:
    """True when ``view``'s core module can be imported (checked without importing it)."""
    try:
        return importlib.util.find_spec(CORE_MODULES[view]) is not None
    except (ImportError, ValueError):
        return False


@dataclass
class JumpTo(Message):
    """Show ``sentence_id`` of ``article_id`` in the reader; ``span`` is lit when given.

    Posted by any view; it bubbles to the app, which owns the reader.
    """

    article_id: str
    sentence_id: str
    span: tuple[int, int] | None = None


@dataclass
class AnnotationsChanged(Message):
    """The annotation store changed (posted to the app, so the reader and sources refresh)."""

    article_id: str | None = None


class PaneData:
    """Lazily computed analysis of one corpus, shared by every view of one app."""

    def __init__(self, corpus: Corpus, cache: Any = None) -> None:
        self.corpus = corpus
        self.cache = cache
        self.labels: dict[str, str] = {a.id: f"S{n}" for n, a in enumerate(corpus.articles, 1)}
        self.articles: dict[str, Article] = {a.id: a for a in corpus.articles}
        # Where the reader's cursor is (article id, sentence id): the app keeps it
        # current, and the notes view re-attaches orphans there.
        self.reader_position: tuple[str, str] | None = None
        # One lock per result; the comparison takes the actors' lock inside its own, never the reverse.
        self._actors_lock = threading.RLock()
        self._comparison_lock = threading.Lock()
        self._store_lock = threading.Lock()
        self._actors: list[Actor] | None = None
        self._actors_version = 0
        self._comparison: dict[str, Any] | None = None
        self._comparison_result: Any = None  # the typed sahel_tui.analysis.compare.Comparison
        self._comparison_version = -1
        self._store: AnnotationStore | None = None
        # Who says what, per article, for the actors of ``_attributions_version``.
        self._attributions_lock = threading.Lock()
        self._attributions: dict[str, list[Attribution]] = {}
        self._attributions_version = -1
        self._mentions: dict[str, list[tuple[int, int, Any]]] | None = None
        self.store_messages: list[str] = []  # one-time news from opening the store
        # The export dialog's last title and summary, so a second export (HTML after Markdown) starts from them.
        self.export_title: str | None = None
        self.export_summary: str = ""
        # The corpus filter in force, in words (empty: the whole corpus): views that compare say so.
        self.filter_note: str = ""
        self.filter: Any = None  # the CorpusFilter in force, or None

    def refocused(self, corpus: Corpus, filter_note: str, flt: Any = None) -> PaneData:
        """A PaneData for a filtered view of the corpus: the analysis starts afresh, the open store carries over."""
        fresh = PaneData(corpus, self.cache)
        with self._store_lock:
            fresh._store, self._store = self._store, None
            fresh.store_messages, self.store_messages = self.store_messages, []
        fresh.reader_position = self.reader_position
        fresh.export_title, fresh.export_summary = self.export_title, self.export_summary
        fresh.filter_note = filter_note
        fresh.filter = flt
        return fresh

    @classmethod
    def of(cls, app: Any) -> PaneData:
        """The app's PaneData, made on first use from ``app.corpus``."""
        data = getattr(app, "pane_data", None)
        if data is None:
            data = cls(app.corpus, getattr(app, "analysis_cache", None))
            app.pane_data = data
        return data

    # -- actors ---------------------------------------------------------------------

    @property
    def actors(self) -> list[Actor] | None:
        """The actors if already detected, else None (never computes)."""
        return self._actors

    @property
    def actors_version(self) -> int:
        """Bumped whenever the actors change (an analyst's edit), so views can tell."""
        return self._actors_version

    def load_actors(self) -> list[Actor]:
        """Detect the actors (curated glossary and analyst edits applied). Slow: call from a worker."""
        with self._actors_lock:
            if self._actors is None:
                from sahel_tui.analysis.actors import detect_actors
                from sahel_tui.store.actor_edits import load_edits

                with collector_paused():  # a large result that lives on: see sahel_tui/startup.py
                    self._actors = detect_actors(self.corpus, curated=True, edits=load_edits(), cache=self.cache)
                self._actors_version += 1
            return self._actors

    def reload_actors(self) -> list[Actor]:
        """Detect again, after an analyst's decision was saved."""
        with self._actors_lock:
            self._actors = None
            return self.load_actors()

    # -- comparison ---------------------------------------------------------------------

    @property
    def comparison(self) -> dict[str, Any] | None:
        return self._comparison if self._comparison_version == self._actors_version else None

    def load_comparison(self) -> dict[str, Any]:
        """The comparison as its JSON (``compare --json``), for views that read it so. Slow."""
        with self._comparison_lock:
            current = self.comparison
            if current is not None:
                return current
        result = self.load_comparison_result()
        with self._comparison_lock:
            self._comparison = result.to_json()
            return self._comparison

    def load_comparison_result(self) -> Any:
        """The typed comparison over the whole corpus, reusing the actors, verdicts applied. Slow."""
        with self._comparison_lock:
            if self._comparison_result is not None and self._comparison_version == self._actors_version:
                return self._comparison_result
            from sahel_tui.analysis.compare import compare_corpus

            actors = self.load_actors() if available("glossary") else None
            with collector_paused():  # as for the actors
                result = compare_corpus(self.corpus, actors=actors)
            self._comparison_result = result
            self._comparison = None
            self._comparison_version = self._actors_version
        self.apply_verdicts()
        return result

    def apply_verdicts(self) -> None:
        """Mark every reviewable item from the saved verdicts (after a verdict changed, too)."""
        from sahel_tui.analysis.compare import reviewable
        from sahel_tui.analysis.compare.review import apply_verdicts
        from sahel_tui.errors import UserError
        from sahel_tui.store.verdicts import VerdictStore

        result = self._comparison_result
        if result is None:
            return
        try:
            saved = VerdictStore.of(self.open_store()).list()
        except (UserError, OSError) as exc:  # an unreadable store leaves every item unreviewed, said once
            saved = []
            self.store_messages.append(f"verdicts not applied: {exc}")
        with self._comparison_lock:
            apply_verdicts(reviewable(result), saved)
            self._comparison = None  # its JSON is rebuilt with the new states

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

    # -- attributions ---------------------------------------------------------------------

    def attributions_for(self, article_id: str) -> list[Attribution] | None:
        """The article's attributions if already computed for the current actors, else None (never computes)."""
        if self._attributions_version != self._actors_version:
            return None
        return self._attributions.get(article_id)

    def load_attributions(self, article_ids: list[str] | None = None) -> dict[str, list[Attribution]]:
        """Attribute the given articles (all when None), speakers linked to the actors. Slow: call from a worker."""
        from sahel_tui.analysis.attribution.patterns import attribute_article, index_mentions

        actors = self.load_actors() if available("glossary") else []
        with self._attributions_lock:
            if self._attributions_version != self._actors_version or self._mentions is None:
                self._attributions, self._attributions_version = {}, self._actors_version
                self._mentions = index_mentions(actors)
            wanted = article_ids if article_ids is not None else list(self.articles)
            for aid in wanted:
                if aid not in self._attributions and aid in self.articles:
                    self._attributions[aid] = attribute_article(self.articles[aid], actors, self._mentions)
            return {aid: self._attributions[aid] for aid in wanted if aid in self._attributions}

    # -- annotations ----------------------------------------------------------------------

    @property
    def store(self) -> AnnotationStore | None:
        """The store if already open, else None (never opens it)."""
        return self._store

    def open_store(self) -> AnnotationStore:
        """Open the annotation store and re-anchor it to the corpus. Call from a worker."""
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
        with self._store_lock:
            if self._store is not None:
                self._store.close()
                self._store = None

    # -- helpers ---------------------------------------------------------------------------

    def label(self, article_id: str | None) -> str:
        """``S3`` for the third article; the id itself for an article not in this corpus."""
        if article_id is None:
            return ""
        return self.labels.get(article_id, article_id)

    def title(self, article_id: str | None) -> str:
        article = self.articles.get(article_id or "")
        return article.title if article else (article_id or "")


def short_sentence(sentence_id: str, article_id: str) -> str:
    """``p4-s2`` for ``{article}-p4-s2``."""
    prefix = article_id + "-"
    return sentence_id[len(prefix) :] if sentence_id.startswith(prefix) else sentence_id


def one_line(text: str) -> str:
    """Collapse line breaks and runs of spaces: list rows are one line each."""
    return " ".join(text.split())


def safe_text(text: str) -> str:
    """Text with control characters shown as ``\\x1b``-style escapes.

    ``rich.text.Text`` never parses markup, but a raw ESC or other control
    character would still reach the terminal; note text is user input.
    """
    out = []
    for ch in text:
        code = ord(ch)
        if ch in "\n\t":
            out.append(ch)
        elif code < 32 or code == 127 or 0x80 <= code < 0xA0:
            out.append(f"\\x{code:02x}")
        elif ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
            out.append(f"\\u{code:04x}")  # bidi overrides could reorder what the analyst sees
        else:
            out.append(ch)
    return "".join(out)

