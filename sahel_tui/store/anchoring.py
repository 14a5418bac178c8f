"""Where an annotation points, and finding that place again after the text changed.

An anchor follows the W3C Web Annotation model as Hypothesis uses it: a
TextPositionSelector (``start``/``end`` in ``Article.text``) and a
TextQuoteSelector (the ``exact`` text with about 32 characters of ``prefix``
and ``suffix``), plus our sentence and paragraph ids for the reader.

Re-anchoring tries, in order: the old position (still the same text, same
context), the exact quote (several hits are told apart by their context, then
by distance to the old position), a fuzzy quote (rapidfuzz, imported only
when needed), and otherwise gives up: the caller keeps the annotation as an
orphan, never drops it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal, Mapping

from sahel_tui.errors import UserError
from sahel_tui.store.records import ReanchorReport, ReanchorResult

if TYPE_CHECKING:
    from sahel_tui.corpus.model import Article
    from sahel_tui.store.records import Annotation

CONTEXT_CHARS = 32
FUZZY_THRESHOLD = 80.0  # rapidfuzz 0..100; an edited sentence scores ~90+, a different one ~50-60
FUZZY_MIN_CHARS = 16  # below this a fuzzy hit is as likely noise as the old words

# A fuzzy match may absorb changed wording, never a changed fact: these words
# carry the claim, so the old and new text must hold the same ones.
_NUMBER_WORDS = frozenset(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred hundreds "
    "thousand thousands million millions billion billions dozen dozens first second third fourth fifth "
    "half once twice".split()
)
_DATE_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december jan feb mar apr jun jul aug sep sept oct nov dec "
    "yesterday today tomorrow tonight morning afternoon evening night week weekend month year".split()
)
_NEGATIONS = frozenset(
    "not no never none nobody nothing nowhere neither nor without cannot n't deny denied denies "
    "refused refuses unable fail failed fails".split()
)
_TOKEN = None  # compiled on first use (re is cheap, but this module is imported at start-up)


def protected_words(text: str) -> list[str]:
    """The words a fuzzy re-anchor may not change: numbers, dates, negations, names.

    Names are capitalised words other than a sentence's first word (a title-case
    heading counts them all, which only makes the guard stricter). Sorted, with
    repeats, so "12 ... 12" against "12 ..." is a change too.
    """
    import re

    global _TOKEN
    if _TOKEN is None:
        _TOKEN = re.compile(r"\d+(?:[.,:/]\d+)*|n't|[^\W\d_]+(?:['’][^\W\d_]+)*")
    out: list[str] = []
    sentence_start = True
    for m in _TOKEN.finditer(text):
        word = m.group(0)
        low = word.casefold()
        if word[0].isdigit() or low in _NUMBER_WORDS or low in _DATE_WORDS or low in _NEGATIONS:
            out.append(low)
        elif low.endswith("n't") or low.endswith("n’t"):
            out.append("n't")
        elif word[0].isupper() and not sentence_start:
            out.append(_plain(word))  # "Ménaka" and "Menaka" are one name; "Gao" and "Kidal" are not
        sentence_start = text[m.end() : m.end() + 2].lstrip(" ")[:1] in (".", "!", "?")
    return sorted(out)


def _plain(word: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c)).casefold()


def same_facts(old: str, new: str) -> bool:
    """True when ``new`` keeps every number, date, negation and name of ``old``."""
    return protected_words(old) == protected_words(new)


Scope = Literal["sentence", "span"]
Method = Literal["position", "quote", "fuzzy", "hash", "relinked"]


@dataclass(frozen=True, slots=True)
class Anchor:
    """A place in one version of an article."""

    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    sentence_id: str
    paragraph_id: str


@dataclass(frozen=True, slots=True)
class Placement:
    """Where :func:`locate` found the old anchor, and how sure it is."""

    anchor: Anchor
    method: Literal["position", "quote", "fuzzy"]  # how the text was found (Method also says how the article was)
    score: float  # 100 for position/quote, the rapidfuzz score for fuzzy


def anchor_span(article: Article, start: int, end: int) -> Anchor:
    """The anchor for ``article.text[start:end]``; the sentence is the one holding ``start``."""
    if not (0 <= start < end <= len(article.text)):
        raise UserError(f"span {start}:{end} is outside article {article.id!r} (0:{len(article.text)})")
    sentence = article.sentence_at(start)
    if sentence is None:
        raise UserError(f"span {start}:{end} of article {article.id!r} is not inside any sentence")
    return Anchor(
        start=start,
        end=end,
        exact=article.text[start:end],
        prefix=article.text[max(0, start - CONTEXT_CHARS) : start],
        suffix=article.text[end : end + CONTEXT_CHARS],
        sentence_id=sentence.id,
        paragraph_id=next(
            (p.id for p in article.paragraphs if p.number == sentence.paragraph), f"{article.id}-p{sentence.paragraph}"
        ),
    )


def resolve_sentence_id(article: Article, ref: str) -> str:
    """A full sentence id, or the short ``p4-s2`` form, checked against ``article``."""
    ref = ref.strip()
    candidates = [ref] if ref.startswith(f"{article.id}-") else [f"{article.id}-{ref}", ref]
    for candidate in candidates:
        if article.sentence(candidate) is not None:
            return candidate
    raise UserError(f"no sentence {ref!r} in article {article.id!r} (ids look like p4-s2; see `sahel-brief read --json`)")


def anchor_sentence(article: Article, sentence_ref: str) -> Anchor:
    """The anchor covering one whole sentence (``p4-s2`` or a full id)."""
    sentence = article.sentence(resolve_sentence_id(article, sentence_ref))
    assert sentence is not None  # resolve_sentence_id checked it
    return anchor_span(article, sentence.start, sentence.end)


def locate(
    article: Article,
    *,
    start: int | None,
    end: int | None,
    exact: str,
    prefix: str = "",
    suffix: str = "",
    scope: Scope = "span",
    threshold: float = FUZZY_THRESHOLD,
) -> Placement | None:
    """Find an old anchor in (a possibly changed) ``article``; None means orphan."""
    try:
        return _locate(article, start, end, exact, prefix, suffix, scope, threshold)
    except UserError:
        return None  # the text found lies outside every sentence: nowhere to show it


def _locate(
    article: Article,
    start: int | None,
    end: int | None,
    exact: str,
    prefix: str,
    suffix: str,
    scope: Scope,
    threshold: float,
) -> Placement | None:
    text = article.text
    if not exact:
        return None
    if start is not None and end is not None and text[start:end] == exact:
        if _context_score(text, start, exact, prefix, suffix) == len(prefix) + len(suffix):
            return Placement(anchor_span(article, start, start + len(exact)), "position", 100.0)
    hit = _exact_quote(text, exact, prefix, suffix, start)
    if hit is not None:
        return Placement(anchor_span(article, hit, hit + len(exact)), "quote", 100.0)
    if len(exact) < FUZZY_MIN_CHARS:
        return None
    return _fuzzy_quote(article, exact, prefix, suffix, start, scope, threshold)


def _exact_quote(text: str, exact: str, prefix: str, suffix: str, near: int | None) -> int | None:
    hits: list[int] = []
    i = text.find(exact)
    while i >= 0:
        hits.append(i)
        i = text.find(exact, i + 1)
    if not hits:
        return None
    if len(hits) == 1:
        return hits[0]
    origin = near if near is not None else 0
    return max(hits, key=lambda h: (_context_score(text, h, exact, prefix, suffix), -abs(h - origin)))


def _context_score(text: str, at: int, exact: str, prefix: str, suffix: str) -> int:
    """How many characters of the old prefix and suffix still surround ``at``."""
    before = text[max(0, at - len(prefix)) : at]
    after = text[at + len(exact) : at + len(exact) + len(suffix)]
    score = 0
    for a, b in zip(reversed(before), reversed(prefix)):
        if a != b:
            break
        score += 1
    for a, b in zip(after, suffix):
        if a != b:
            break
        score += 1
    return score


def _fuzzy_quote(
    article: Article,
    exact: str,
    prefix: str,
    suffix: str,
    near: int | None,
    scope: Scope,
    threshold: float,
) -> Placement | None:
    from rapidfuzz import fuzz  # deferred: import cost is paid only when a source changed

    origin = near if near is not None else 0
    if scope == "sentence":
        # A sentence-wide note follows its (edited) sentence: compare whole sentences,
        # let the old context break ties between near-duplicates, then distance.
        best: tuple[float, int, int] | None = None
        best_sentence = None
        for s in article.sentences:
            score = fuzz.ratio(exact, s.text, score_cutoff=threshold)
            if not score or not same_facts(exact, s.text):
                continue  # a different claim, however alike the words
            key = (score, _context_score(article.text, s.start, s.text, prefix, suffix), -abs(s.start - origin))
            if best is None or key > best:
                best, best_sentence = key, s
        if best_sentence is not None and best is not None:
            return Placement(anchor_span(article, best_sentence.start, best_sentence.end), "fuzzy", round(best[0], 1))
    found = fuzz.partial_ratio_alignment(exact, article.text, score_cutoff=threshold)
    if found is None or found.dest_end <= found.dest_start:
        return None
    if not same_facts(exact, article.text[found.dest_start : found.dest_end]):
        return None  # orphan rather than a note on a claim the analyst never marked
    return Placement(anchor_span(article, found.dest_start, found.dest_end), "fuzzy", round(found.score, 1))


# -- whole annotations ----------------------------------------------------------------


def plan_reanchor(
    annotations: list[Annotation], articles: Mapping[str, Article]
) -> tuple[ReanchorReport, list[tuple[Annotation, Annotation]]]:
    """Where each annotation belongs in the current ``articles``: the report and the
    (old, new) pairs to save. Pure: the store decides whether and how to write.

    A note whose article id is not in ``articles`` follows its source across a
    rename or move: first to the article with the same content hash (the same
    file under a new name), else to the one article holding its exact quote
    (that one waits for review). What finds no source is counted in
    ``missing_notes`` so callers can warn. A fuzzy move never rewrites the
    analyst's quote (``original_exact``) and waits for review too.
    """
    report = ReanchorReport()
    updates: list[tuple[Annotation, Annotation]] = []
    missing: set[str] = set()
    by_hash: dict[str, Article] | None = None
    finder = _QuoteFinder(articles)
    for a in annotations:
        if a.article_id is None or a.review == "conflict":
            continue  # actor notes have no place in a text; a conflict copy is not live
        report.checked += 1
        article = articles.get(a.article_id)
        relinked_by: Method | None = None
        if article is None:
            if by_hash is None:
                by_hash = {}
                for art in articles.values():
                    by_hash.setdefault(art.content_hash, art)
            article, relinked_by = _relink(a, by_hash, finder)
            if article is None:
                missing.add(a.article_id)
                if a.deleted is None:
                    report.missing_notes += 1
                continue
        if relinked_by is None and _still_in_place(a, article):
            report.unchanged += 1
            continue
        placement = locate(
            article, start=a.start, end=a.end, exact=a.exact or "", prefix=a.prefix or "",
            suffix=a.suffix or "", scope=a.scope,
            # A move the analyst turned down stays down: only the exact words may place it again.
            threshold=101.0 if a.review == "rejected" else FUZZY_THRESHOLD,
        )  # fmt: skip
        if placement is None:
            if a.is_orphan and relinked_by is None:
                report.unchanged += 1  # still lost, already reported
                continue
            new = replace(a, anchor_method="orphan", anchor_score=None, original_exact=a.quote)
            if relinked_by is not None:
                new = replace(new, article_id=article.id, content_hash=article.content_hash)
            report.orphaned.append(ReanchorResult(a.id, a.article_id, "orphan", None, a.sentence_id, None))
        else:
            p = placement.anchor
            fuzzy = placement.method == "fuzzy"
            # News for the analyst: a new place, a comeback, words that changed, a new source.
            moved = (
                (p.start, p.end, p.sentence_id) != (a.start, a.end, a.sentence_id)
                or a.is_orphan
                or (fuzzy and a.review != "reanchor")
                or relinked_by is not None
            )
            if fuzzy or relinked_by == "relinked":
                review: str | None = "reanchor"  # placed by similarity: the analyst confirms or rejects
            elif a.review == "reanchor" and not moved:
                review = "reanchor"  # still waiting
            else:
                review = None if a.review in ("reanchor", "rejected") else a.review
            new = replace(
                a, article_id=article.id, content_hash=article.content_hash, sentence_id=p.sentence_id,
                paragraph_id=p.paragraph_id, start=p.start, end=p.end, exact=p.exact, prefix=p.prefix,
                suffix=p.suffix, original_exact=a.quote, review=review,
                # A bare hash update keeps how the anchor was last found.
                anchor_method=placement.method if moved else a.anchor_method,
                anchor_score=(placement.score if fuzzy else None) if moved else a.anchor_score,
            )  # fmt: skip
            if relinked_by is not None:
                report.relinked.append(
                    ReanchorResult(a.id, a.article_id, relinked_by, placement.score, a.sentence_id, p.sentence_id)
                )
            elif moved:
                report.moved.append(
                    ReanchorResult(a.id, a.article_id, placement.method, placement.score, a.sentence_id, p.sentence_id)
                )
            else:
                report.unchanged += 1
        updates.append((a, new))
    report.missing_articles = sorted(missing)
    return report, updates


# Span quotes are looked up by scanning every text; past this many per call the
# scan would cost more than it finds (notes from another corpus, say), so the
# rest are only matched as whole sentences, through an index.
MAX_SPAN_SCANS = 50


class _QuoteFinder:
    """The one article holding a quote: whole sentences through an index, spans by a bounded scan."""

    def __init__(self, articles: Mapping[str, Article]) -> None:
        self._articles = articles
        self._sentences: dict[str, set[str]] | None = None
        self._scans = 0

    def find(self, quote: str, scope: Scope) -> Article | None:
        if self._sentences is None:
            self._sentences = {}
            for art in self._articles.values():
                for s in art.sentences:
                    self._sentences.setdefault(s.text, set()).add(art.id)
        holders = self._sentences.get(quote, set())
        if not holders and scope == "span" and self._scans < MAX_SPAN_SCANS:
            self._scans += 1
            holders = {art.id for art in self._articles.values() if quote in art.text}
        # None, or several: guessing would put the note on someone else's text.
        return self._articles[next(iter(holders))] if len(holders) == 1 else None


def _relink(
    a: Annotation, by_hash: Mapping[str, Article], finder: _QuoteFinder
) -> tuple[Article | None, Method | None]:
    """The renamed or moved source of ``a``: same content hash, else the one article with its quote."""
    if a.content_hash and a.content_hash in by_hash:
        return by_hash[a.content_hash], "hash"
    quote = a.exact or a.original_exact
    if not quote or len(quote) < FUZZY_MIN_CHARS:
        return None, None  # a short quote is found in many texts by chance
    found = finder.find(quote, a.scope)
    return (found, "relinked") if found is not None else (None, None)


def _still_in_place(a: Annotation, article: Article) -> bool:
    """The fast path: same file, same words at the same offsets, same sentence."""
    if a.is_orphan or a.start is None or a.end is None or a.exact is None:
        return False
    if a.content_hash != article.content_hash or article.text[a.start : a.end] != a.exact:
        return False
    sentence = article.sentence_at(a.start)
    return sentence is not None and sentence.id == a.sentence_id
