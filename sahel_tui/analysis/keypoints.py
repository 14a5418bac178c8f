"""Extractive key points: real sentences of an article, traceable to their place.

Every key point is one of ``Article.body_sentences`` (never a title, heading,
bio or removed boilerplate), carries its sentence id and its offsets into the
cleaned text, and is returned in document order with its method score and its
rank (1 = best).

Importing this module is cheap: numpy and nltk (and sumy, for sumy's methods)
load on the first call to :func:`key_points`, because the app imports this
module before its first paint. The default method lives in
:mod:`sahel_tui.analysis.centrality`, sumy's in :mod:`sahel_tui.analysis.summarizers`.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Sequence, TypeGuard

from sahel_tui.errors import UserError

if TYPE_CHECKING:
    from sahel_tui.corpus.model import Article
    from sahel_tui.infrastructure.cache import Cache

DEFAULT_METHOD = "position-centrality"
SUMY_METHODS = ("lexrank", "textrank", "lsa", "luhn", "edmundson", "kl", "sumbasic", "reduction")
METHODS: tuple[str, ...] = (DEFAULT_METHOD, "lead", *SUMY_METHODS)

METHOD_HELP: dict[str, str] = {
    DEFAULT_METHOD: "sentence centrality plus a lead-sentence prior, skipping repeats",
    "lead": "the first sentences (Lead-N baseline)",
    "lexrank": "sumy LexRank: thresholded sentence-similarity graph",
    "textrank": "sumy TextRank: word-overlap graph with PageRank",
    "lsa": "sumy LSA: latent topics from a singular value decomposition",
    "luhn": "sumy Luhn: clusters of frequent words",
    "edmundson": "sumy Edmundson: cue words, title words and position",
    "kl": "sumy KL-Sum: keeps the word distribution close to the article's",
    "sumbasic": "sumy SumBasic: word probabilities, lowered once used",
    "reduction": "sumy Reduction: word-overlap graph, summed edge weights",
}

# Bump when scoring or selection changes, so cached results are rebuilt.
ALGORITHM_VERSION = "2"  # 2: sumy methods capped at SUMY_MAX_SENTENCES
CACHE_KIND = "keypoints"
MIN_POINTS, MAX_POINTS = 3, 5


@dataclass(frozen=True, slots=True)
class KeyPoint:
    """One selected sentence, verbatim, and where it stands in the article."""

    text: str
    sentence_id: str
    paragraph: int
    start: int
    end: int
    score: float  # the method's own rating: higher is better, comparable within one result
    rank: int  # 1 = the method's best sentence

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def default_count(candidates: int) -> int:
    """3 to 5 points, about one per ten sentences (half rounds up); never more than there are."""
    return min(candidates, max(MIN_POINTS, min(MAX_POINTS, math.floor(candidates / 10 + 0.5))))


def resolve_count(candidates: int, count: int | None = None, ratio: float | None = None) -> int:
    """How many points to return, after checking ``count``/``ratio``."""
    if count is not None and ratio is not None:
        raise UserError("give a count or a ratio, not both")
    if count is not None:
        if isinstance(count, bool) or not isinstance(count, int) or count <= 0:
            raise UserError(f"count must be a whole number above 0, not {count!r}")
        return min(count, candidates)
    if ratio is not None:
        if isinstance(ratio, bool) or not isinstance(ratio, (int, float)) or not (0 < ratio <= 1) or math.isnan(ratio):
            raise UserError(f"ratio must be above 0 and at most 1, not {ratio!r}")
        # Round half up, at least one: 20% of 12 sentences is 2, of 13 is 3.
        return min(candidates, max(1, math.floor(ratio * candidates + 0.5)))
    return default_count(candidates)


def check_method(method: str) -> str:
    if method not in METHODS:
        raise UserError(f"unknown method {method!r} (choose from: {', '.join(METHODS)})")
    return method


def _segmentation_digest(article: Article) -> str:
    # The cache key is the raw file's hash, but ids, offsets and text also
    # depend on the loader's cleaning and segmentation; keying on them too means
    # a new loader can never be served points that no longer slice its text.
    h = hashlib.sha256()
    for s in article.body_sentences:
        h.update(f"{s.id}\0{s.start}\0{s.end}\0{s.text}\n".encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:16]


_FIELDS = ("text", "sentence_id", "paragraph", "start", "end", "score", "rank")


def _valid_records(records: object, article: Article, k: int) -> TypeGuard[list[dict[str, Any]]]:
    """A cached entry is used only if it still points exactly into this article."""
    if not isinstance(records, list) or len(records) > k:
        return False
    for r in records:
        if not isinstance(r, dict) or tuple(r) != _FIELDS:
            return False
        s = article.sentence(r["sentence_id"])
        if s is None or s.kind != "body" or (s.start, s.end, s.text) != (r["start"], r["end"], r["text"]):
            return False
    return True


# Two selected points more similar than this (idf cosine) say the same thing twice.
REDUNDANCY = 0.5
# A candidate is checked against at most this many better-ranked points: a
# --ratio on a huge text asks for tens of thousands, and checking each against
# all of them would grow with the square of the length. Far above any usual count.
REDUNDANCY_CHECKS = 64


def _normalised(text: str) -> str:
    return " ".join(text.lower().split())


def ranked_order(
    scores: Sequence[float], texts: Sequence[str], sim: Any = None, needed: int | None = None
) -> list[int]:
    """Sentence indices best first; ties go to the earlier sentence.

    A sentence whose text repeats a better-ranked one (a pull quote, a
    standfirst repeated in the body) is dropped. With a similarity matrix
    ``sim``, one too close to a sentence already ranked above it moves behind
    all the others, so it is chosen only when nothing else is left. Once
    ``needed`` sentences are chosen the rest keep their score order unchecked:
    only the first ``needed`` are used, and checking every sentence against
    every chosen one would grow with the square of the sentence count.
    """
    # Rounding first keeps float noise in the last bits from reordering ties.
    order = sorted(range(len(scores)), key=lambda i: (-round(scores[i], 9), i))
    chosen: list[int] = []
    deferred: list[int] = []
    seen: set[str] = set()
    for i in order:
        key = _normalised(texts[i])
        if key in seen:
            continue
        seen.add(key)
        if needed is not None and len(chosen) >= needed:
            deferred.append(i)
        elif sim is not None and any(sim[i, j] > REDUNDANCY for j in chosen[:REDUNDANCY_CHECKS]):
            deferred.append(i)
        else:
            chosen.append(i)
    return chosen + deferred


# sumy's methods build the full sentence x sentence graph (LexRank, TextRank,
# Reduction) or a dense words x sentences SVD (LSA) in Python, so their cost grows
# with the square of the sentence count. Beyond this many body sentences they
# rate only the first SUMY_MAX_SENTENCES and the rest score nothing; the CLI and
# the app say so (sumy_cap_notice). The default method has no cap: it is linear.
SUMY_MAX_SENTENCES = 600  # LexRank/TextRank at 600: a few seconds; at 2,000 they took 28 and 46 s


def sumy_cap_notice(article: Article, method: str) -> str | None:
    """The one-line notice when ``method`` only rated part of ``article``, else None."""
    n = len(article.body_sentences)
    if method in SUMY_METHODS and n > SUMY_MAX_SENTENCES:
        return (
            f"{article.id}: {method} rated only the first {SUMY_MAX_SENTENCES:,} of {n:,} sentences "
            f"(sumy's methods grow with the square of the length; {DEFAULT_METHOD} rates them all)"
        )
    return None


def score_sentences(
    article: Article, method: str, needed: int | None = None
) -> tuple[list[float], list[int]]:
    """Every body sentence's score under ``method``, and the ranked indices.

    Bounded on any input: a failure to get memory becomes a one-line UserError,
    never numpy's own message.
    """
    try:
        return _score_sentences(article, method, needed)
    except MemoryError:
        raise UserError(
            f"not enough memory to rate the {len(article.body_sentences):,} sentences of {article.id!r} "
            f"with {method}"
        ) from None


def _score_sentences(article: Article, method: str, needed: int | None) -> tuple[list[float], list[int]]:
    texts = [s.text for s in article.body_sentences]
    n = len(texts)
    if n == 0:
        return [], []
    sim = None
    if method == "lead":
        scores = [1.0 - i / n for i in range(n)]
    elif method == DEFAULT_METHOD:
        from sahel_tui.analysis.centrality import default_scores

        scores, sim = default_scores(texts)
    else:
        from sahel_tui.analysis.summarizers import sumy_scores

        scores = sumy_scores(method, article, limit=SUMY_MAX_SENTENCES)
    scores = [s if math.isfinite(s) else 0.0 for s in scores]
    return scores, ranked_order(scores, texts, sim, needed)


def _compute(article: Article, method: str, k: int) -> list[dict[str, Any]]:
    body = article.body_sentences
    scores, order = score_sentences(article, method, needed=k)
    picked = order[:k]
    rank_of = {index: r for r, index in enumerate(picked, 1)}
    return [
        KeyPoint(
            text=body[i].text,
            sentence_id=body[i].id,
            paragraph=body[i].paragraph,
            start=body[i].start,
            end=body[i].end,
            score=round(scores[i], 6),
            rank=rank_of[i],
        ).to_json()
        for i in sorted(picked)
    ]


def key_points(
    article: Article,
    method: str = DEFAULT_METHOD,
    count: int | None = None,
    ratio: float | None = None,
    cache: Cache | None = None,
) -> list[KeyPoint]:
    """The article's key points in document order.

    ``count`` or ``ratio`` (of body sentences) sets the length; by default it is
    3 to 5 points. ``cache`` is an analysis :class:`~sahel_tui.infrastructure.cache.Cache`;
    without one nothing is read or written.
    """
    check_method(method)
    candidates = len(article.body_sentences)
    k = resolve_count(candidates, count, ratio)
    if k == 0:
        return []
    if cache is None:
        records = _compute(article, method, k)
    else:
        params = {
            "method": method,
            "count": k,
            "version": ALGORITHM_VERSION,
            "segmentation": _segmentation_digest(article),
        }
        cached = cache.get(CACHE_KIND, article.content_hash, params)
        if _valid_records(cached, article, k):
            records = cached
        else:
            records = _compute(article, method, k)
            cache.put(CACHE_KIND, article.content_hash, records, params)
    return [KeyPoint(**r) for r in records]
