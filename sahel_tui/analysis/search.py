"""Plain-text search over sentences: one core for the CLI and the app's two searches.

Matching is case-insensitive and forgiving about typography analysts cannot
type easily: a straight quote matches a curly one and a hyphen matches an en
or em dash, so ``Algeria's`` finds ``Algeria’s``. A corpus query is a set of
words that must all occur in the same sentence (in any order); a quoted
phrase (``"military junta"``) must occur as written, and each term must
start a word. The in-article find
(:func:`find_spans`) takes its query as one literal phrase, like a browser's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterator

if TYPE_CHECKING:
    from sahel_tui.corpus.model import Article, Corpus

# Characters an analyst types -> the class of characters they should match.
_EQUIVALENT = {
    "'": "['‘’`´]",
    "’": "['‘’`´]",
    '"': "[\"“”„]",
    "-": "[-‐‑‒–—]",
}
_TERMS = re.compile(r'"([^"]+)"|(\S+)')


def _pattern_for(phrase: str) -> str:
    parts = []
    for ch in phrase:
        if ch in _EQUIVALENT:
            parts.append(_EQUIVALENT[ch])
        elif ch.isspace():
            parts.append(r"\s+")
        else:
            parts.append(re.escape(ch))
    # Collapse runs of whitespace in the query into one \s+.
    return re.sub(r"(?:\\s\+)+", r"\\s+", "".join(parts))


def compile_phrase(phrase: str, word_start: bool = False) -> re.Pattern[str] | None:
    """A case-insensitive pattern for one literal phrase; None for a blank query.

    With ``word_start`` the match must begin a word ("port" finds "ports" but
    not "report"), which is what a word query means; the in-article find does
    not set it, like a browser's.
    """
    phrase = phrase.strip()
    if not phrase:
        return None
    prefix = r"(?<!\w)" if word_start and (phrase[0].isalnum() or phrase[0] == "_") else ""
    return re.compile(prefix + _pattern_for(phrase), re.IGNORECASE)


def query_terms(query: str) -> list[str]:
    """Split a corpus query into terms: quoted phrases stay whole."""
    return [m.group(1) or m.group(2) for m in _TERMS.finditer(query) if (m.group(1) or m.group(2)).strip()]


def find_spans(text: str, phrase: str) -> list[tuple[int, int]]:
    """Every non-overlapping match of ``phrase`` in ``text`` as (start, end) offsets."""
    pattern = compile_phrase(phrase)
    if pattern is None:
        return []
    return [(m.start(), m.end()) for m in pattern.finditer(text) if m.end() > m.start()]


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One sentence that holds every term of the query."""

    article_id: str
    title: str
    sentence_id: str
    paragraph: int
    sentence: int
    start: int  # the sentence's offsets in the article's cleaned text
    end: int
    text: str
    matches: tuple[tuple[int, int], ...]  # offsets into ``text`` of every term occurrence

    def to_json(self) -> dict[str, Any]:
        return {
            "article": self.article_id,
            "title": self.title,
            "sentence_id": self.sentence_id,
            "paragraph": self.paragraph,
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "matches": [list(m) for m in self.matches],
        }


def _merge(spans: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Sorted spans with overlaps joined, so highlighting never double-styles a character."""
    out: list[list[int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return tuple((s, e) for s, e in out)


def iter_hits(articles: list[Article], query: str) -> Iterator[SearchHit]:
    """Matching sentences in corpus order; lazy, so a caller can stop at a limit."""
    patterns = [p for p in (compile_phrase(t, word_start=True) for t in query_terms(query)) if p is not None]
    if not patterns:
        return
    first, rest = patterns[0], patterns[1:]
    for article in articles:
        # Cheap pre-check on the whole text before walking sentences.
        if first.search(article.text) is None:
            continue
        if any(p.search(article.text) is None for p in rest):
            continue
        title = article.title
        for s in article.sentences:
            spans: list[tuple[int, int]] = []
            for p in patterns:
                found = [(m.start(), m.end()) for m in p.finditer(s.text) if m.end() > m.start()]
                if not found:
                    break
                spans.extend(found)
            else:
                yield SearchHit(article.id, title, s.id, s.paragraph, s.number, s.start, s.end, s.text, _merge(spans))


def search_corpus(corpus: Corpus, query: str, limit: int | None = None) -> list[SearchHit]:
    """Up to ``limit`` sentences (all when None) that hold every term of ``query``."""
    hits: list[SearchHit] = []
    for hit in iter_hits(corpus.articles, query):
        hits.append(hit)
        if limit is not None and len(hits) >= limit:
            break
    return hits
