"""One pass over the corpus that every comparison section shares.

Each body sentence becomes a :class:`Unit`: its content stems (with offsets, so
a date or figure can be tied to the words around it), its dates, its figures
and a TF-IDF vector weighted across all sentences of the corpus. Doing this
once keeps the whole comparison of 2,000 articles to one tokenising pass.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sahel_tui.analysis.compare.dates import DateMention, article_date_window, find_dates, resolve_year
from sahel_tui.analysis.compare.normalise import Quantity, find_quantities
from sahel_tui.analysis.compare.text import content_terms, idf_table, tfidf
from sahel_tui.corpus.model import Article, Corpus, Sentence

if TYPE_CHECKING:
    from sahel_tui.infrastructure.progress import Progress

# Cheap gates: most sentences hold no date or figure, and the full parsers are
# the costliest part of preparing a sentence.
_MAY_HOLD_DATE = re.compile(
    r"\d|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d", re.IGNORECASE
)
_MAY_HOLD_FIGURE = re.compile(
    r"\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen|twenty|thirty|forty|fourty|fifty|sixty|seventy|eighty|ninety|hundred|"
    r"thousand|million|billion|dozen|zero)\b",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Unit:
    """A body sentence, prepared for comparison."""

    index: int
    article: Article
    sentence: Sentence
    terms: list[tuple[str, int]]  # (stem, offset in the sentence)
    dates: list[DateMention]
    quantities: list[Quantity]
    counts: Counter[str]
    vector: dict[str, float] = field(default_factory=dict)

    @property
    def article_id(self) -> str:
        return self.article.id

    def context(self, start: int, end: int, width: int = 6) -> list[str]:
        """The content stems within ``width`` words either side of a span of the sentence."""
        before = [s for s, pos in self.terms if pos < start]
        after = [s for s, pos in self.terms if pos >= end]
        return before[-width:] + after[:width]

    def ref(self) -> dict[str, object]:
        """How every section cites a sentence: enough for the reader to jump to it."""
        s = self.sentence
        return {
            "article": self.article.id,
            "sentence_id": s.id,
            "text": s.text,
            "start": s.start,
            "end": s.end,
            "citation": citation(self.article, s),
        }


def citation(article: Article, sentence: Sentence) -> str:
    """A short human citation: "Title (Author, Publisher, 2013), para. 4"."""
    meta = article.meta
    bits = [b for b in (meta.value("author"), meta.value("publisher"), meta.value("date")) if b]
    title = article.title
    if len(title) > 70:
        title = title[:67].rstrip() + "..."
    who = f" ({', '.join(bits)})" if bits else ""
    return f"{title}{who}, para. {sentence.paragraph}"


@dataclass(slots=True)
class Prepared:
    corpus: Corpus
    units: list[Unit]
    by_article: dict[str, list[Unit]]
    doc_freq: Counter[str]  # in how many sentences each term occurs
    idf: dict[str, float]


def _sentence_years(dates: list[DateMention]) -> list[int]:
    return [d.year for d in dates if d.year is not None and d.precision in ("day", "month", "year")]


def prepare(corpus: Corpus, progress: "Progress | None" = None) -> Prepared:
    """Tokenise, date and weigh every body sentence once (``progress`` told every 100 articles)."""
    units: list[Unit] = []
    by_article: dict[str, list[Unit]] = {}
    doc_freq: Counter[str] = Counter()
    # Wire copy and pull quotes repeat sentences verbatim: analyse each text once.
    seen: dict[str, tuple[list[DateMention], list[Quantity], list[tuple[str, int]], Counter[str]]] = {}
    for done, article in enumerate(corpus.articles, 1):
        if progress is not None and done % 100 == 0:
            progress.advance(100)
        window = article_date_window(article.meta)
        mine: list[Unit] = []
        for sentence in article.body_sentences:
            text = sentence.text
            cached = seen.get(text)
            if cached is None:
                raw_dates = find_dates(text) if _MAY_HOLD_DATE.search(text) else []
                quantities = (
                    find_quantities(text, [(d.start, d.end) for d in raw_dates]) if _MAY_HOLD_FIGURE.search(text) else []
                )
                terms = content_terms(text)
                counts = Counter(s for s, _ in terms)
                counts.update(q.key() for q in quantities)
                cached = seen[text] = (raw_dates, quantities, terms, counts)
            raw_dates, quantities, terms, counts = cached
            dates = raw_dates
            if any(d.year is None for d in raw_dates):
                years = _sentence_years(raw_dates)
                dates = [resolve_year(d, window, years) for d in raw_dates]
            doc_freq.update(counts.keys())
            unit = Unit(len(units), article, sentence, terms, dates, quantities, counts)
            units.append(unit)
            mine.append(unit)
        by_article[article.id] = mine
    idf = idf_table(doc_freq, len(units))
    default = max(idf.values(), default=1.0)
    for unit in units:
        unit.vector = tfidf(unit.counts, idf, default)
    return Prepared(corpus, units, by_article, doc_freq, idf)
