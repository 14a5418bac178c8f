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

Scope = Literal["sentence", "span"]
Method = Literal["position", "quote", "fuzzy"]


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
    method: Method
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
            if not score:
                continue
            key = (score, _context_score(article.text, s.start, s.text, prefix, suffix), -abs(s.start - origin))
            if best is None or key > best:
                best, best_sentence = key, s
        if best_sentence is not None and best is not None:
            return Placement(anchor_span(article, best_sentence.start, best_sentence.end), "fuzzy", round(best[0], 1))
    found = fuzz.partial_ratio_alignment(exact, article.text, score_cutoff=threshold)
    if found is None or found.dest_end <= found.dest_start:
        return None
    return Placement(anchor_span(article, found.dest_start, found.dest_end), "fuzzy", round(found.score, 1))


# -- whole annotations ----------------------------------------------------------------


def plan_reanchor(
    annotations: list[Annotation], articles: Mapping[str, Article]
) -> tuple[ReanchorReport, list[tuple[Annotation, Annotation]]]:
    """Where each annotation belongs in the current ``articles``: the report and the
    (old, new) pairs to save. Pure: the store decides whether and how to write."""
    report = ReanchorReport()
    updates: list[tuple[Annotation, Annotation]] = []
    missing: set[str] = set()
    for a in annotations:
        if a.article_id is None:
            continue  # actor notes have no place in a text
        report.checked += 1
        article = articles.get(a.article_id)
        if article is None:
            missing.add(a.article_id)
            continue
        if _still_in_place(a, article):
            report.unchanged += 1
            continue
        placement = locate(
            article, start=a.start, end=a.end, exact=a.exact or "", prefix=a.prefix or "",
            suffix=a.suffix or "", scope=a.scope,
        )  # fmt: skip
        if placement is None:
            if a.is_orphan:
                report.unchanged += 1  # still lost, already reported
                continue
            new = replace(a, anchor_method="orphan", anchor_score=None)
            report.orphaned.append(ReanchorResult(a.id, a.article_id, "orphan", None, a.sentence_id, None))
        else:
            p = placement.anchor
            # News for the analyst: a new place, a comeback, or words that changed.
            moved = (
                (p.start, p.end, p.sentence_id) != (a.start, a.end, a.sentence_id)
                or a.is_orphan
                or placement.method == "fuzzy"
            )
            new = replace(
                a, content_hash=article.content_hash, sentence_id=p.sentence_id, paragraph_id=p.paragraph_id,
                start=p.start, end=p.end, exact=p.exact, prefix=p.prefix, suffix=p.suffix,
                # A bare hash update keeps how the anchor was last found.
                anchor_method=placement.method if moved else a.anchor_method,
                anchor_score=(placement.score if placement.method == "fuzzy" else None) if moved else a.anchor_score,
            )  # fmt: skip
            if moved:
                report.moved.append(
                    ReanchorResult(a.id, a.article_id, placement.method, placement.score, a.sentence_id, p.sentence_id)
                )
            else:
                report.unchanged += 1
        updates.append((a, new))
    report.missing_articles = sorted(missing)
    return report, updates


def _still_in_place(a: Annotation, article: Article) -> bool:
    """The fast path: same file, same words at the same offsets, same sentence."""
    if a.is_orphan or a.start is None or a.end is None or a.exact is None:
        return False
    if a.content_hash != article.content_hash or article.text[a.start : a.end] != a.exact:
        return False
    sentence = article.sentence_at(a.start)
    return sentence is not None and sentence.id == a.sentence_id
