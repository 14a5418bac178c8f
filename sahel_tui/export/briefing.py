"""The state one briefing is rendered from: the articles, their labels, the citations."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from sahel_tui.corpus.display import date_wording
from sahel_tui.export.citations import Citations
from sahel_tui.export.escape import clean_text, md_inline

if TYPE_CHECKING:
    from sahel_tui.corpus.model import Article, Corpus
    from sahel_tui.export.options import ExportOptions
    from sahel_tui.store.grades import Grades
    from sahel_tui.workspace import Workspace


@dataclass
class Briefing:
    """Shared by every section renderer; the sections fill ``counts`` as they go."""

    corpus: Corpus  # the whole corpus (its id goes in the front matter)
    articles: list[Article]  # the exported ones, in corpus order
    options: ExportOptions
    generated_at: datetime
    analysis: Workspace  # key points, actors, comparison and annotations of the exported articles
    labels: dict[str, str] = field(init=False)  # article id -> "S1"
    citations: Citations = field(init=False)
    # What the rendered sections hold, for the overview: "keypoints" -> 12, ...
    counts: dict[str, int] = field(default_factory=dict)
    keypoint_method: str | None = None  # the method used, once key points are rendered
    # Why a section has no content although its analysis ran (e.g. one source only).
    empty_because: dict[str, str] = field(default_factory=dict)
    grades: Grades = field(init=False)  # the grades in force (the analyst's over the metadata's)

    def __post_init__(self) -> None:
        self.labels = {a.id: f"S{i}" for i, a in enumerate(self.articles, 1)}
        self.citations = Citations(self.labels)
        self._by_id = {a.id: a for a in self.articles}
        self._position = {a.id: i for i, a in enumerate(self.articles)}
        self.grades = self.analysis.grades()

    def article(self, article_id: str) -> Article | None:
        return self._by_id.get(article_id)

    def position(self, article_id: str) -> int:
        """The article's place in the briefing (for sorting); unknown ids sort last."""
        return self._position.get(article_id, len(self._position))

    def label(self, article_id: str) -> str:
        return self.labels.get(article_id, "?")

    def cite(self, article_id: str, sentence_id: str | None) -> str:
        """A footnote for the sentence, or `` (S1)`` when there is no sentence to point at."""
        article = self._by_id.get(article_id)
        if article is None:
            return ""
        if not sentence_id:
            return f" ({self.label(article_id)})"
        return self.citations.cite(article, sentence_id)

    def grade(self, article_id: str, sentence_id: str | None = None, note_id: str | None = None) -> str:
        """The Admiralty grade of a statement: ``B2``, ``B`` for a graded source alone, ``-2`` for a graded claim alone."""
        g = self.grades
        if g is None:
            return ""
        reliability = g.source(article_id)
        credibility = (g.note(note_id) if note_id else None) or (g.claim(sentence_id) if sentence_id else None)
        if credibility is None:
            return reliability or ""
        return f"{reliability or '-'}{credibility}"

    def graded_label(self, article_id: str, sentence_id: str | None = None) -> str:
        """``S1 (B2)``: a source label with the grade of what it says, when graded."""
        grade = self.grade(article_id, sentence_id)
        return f"{self.label(article_id)} ({grade})" if grade else self.label(article_id)

    def source_heading(self, article: Article) -> str:
        """``S1 · Title`` for a section heading."""
        return f"{self.label(article.id)} · {md_inline(article.title, 140, fallback=md_inline(article.id))}"

    def sources_list(self, article_ids: list[str], limit: int = 8) -> str:
        """``S1, S3``: labels in source order; past ``limit``, ``S1, ..., S8 and 4 more``."""
        ids = sorted({i for i in article_ids if i in self._by_id}, key=self.position)
        text = ", ".join(self.label(i) for i in ids[:limit])
        return text + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


def date_text(article: Article) -> tuple[str, bool]:
    """The article's date as shown (exact or bounds) and whether any of it was inferred: the app's wording."""
    return date_wording(article, clean_text)


def sort_date(article: Article) -> str | None:
    """A sortable ISO date (or partial date) for ranges; None when undated."""
    m = article.meta
    for f in (m.date, m.date_earliest, m.date_latest):
        if f is not None and f.value[:4].isdigit():
            return clean_text(f.value)
    return None
