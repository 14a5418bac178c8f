"""Cross-article comparison: similarity, corroboration, discrepancies, chronology, coverage, framing.

``compare_corpus(corpus)`` runs every section (or the ones asked for) over one
shared preparation of the corpus and returns a :class:`Comparison`, whose
``to_json()`` is what ``sahel-brief compare --json`` prints and what the UI
reads. Importing this package is cheap: numpy and vaderSentiment load only
when a section that needs them runs.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from sahel_tui.analysis.compare.model import ChronologyEntry, CorroboratedGroup, Discrepancy, SingleSourceClaim
from sahel_tui.corpus.model import Corpus
from sahel_tui.errors import UserError

if TYPE_CHECKING:
    from sahel_tui.infrastructure.progress import Progress
    from sahel_tui.infrastructure.cache import Cache

SECTIONS = (
    "similarity", "corroborated", "single_source", "discrepancies", "chronology", "coverage", "framing",
    "attributions", "contested",
)
_NEEDS_ACTORS = frozenset({"coverage", "framing", "attributions", "contested"})
# The comparison view's labels, as `--section` accepts them too ("Actor coverage", "Single-source").
_ALIASES = {
    "actor_coverage": "coverage", "single": "single_source", "corroboration": "corroborated",
    "contested_claims": "contested", "who_says_what": "attributions",
}


@dataclass(slots=True)
class Comparison:
    """The result of comparing a corpus; a section not asked for is None.

    The claim sections are typed records (:mod:`.model`); similarity, coverage
    and framing are still plain JSON objects.
    """

    articles: list[str]
    sections: tuple[str, ...]
    similarity: dict[str, object] | None = None
    corroborated: list[CorroboratedGroup] | None = None
    single_source: list[SingleSourceClaim] | None = None
    discrepancies: list[Discrepancy] | None = None
    chronology: list[ChronologyEntry] | None = None
    coverage: dict[str, object] | None = None
    framing: dict[str, object] | None = None
    # Who says what (attribution/): every attributed claim, by article, and the claims in conflict.
    attributions: dict[str, list[Any]] | None = None
    contested: list[Any] | None = None
    notes: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {"articles": self.articles, "sections": list(self.sections)}
        for name in SECTIONS:
            if name in self.sections:
                value = getattr(self, name)
                if name == "attributions" and value is not None:
                    value = {k: [a.to_json() for a in v] for k, v in value.items()}
                elif isinstance(value, list):
                    value = [x.to_json() for x in value]
                out[name] = value
        out["notes"] = self.notes
        return out


def reviewable(result: Comparison) -> list[Any]:
    """Every item an analyst can confirm or reject, in listing order.

    Generic over kinds: an analysis that adds a section of reviewable items
    (``contested`` claims of the attribution issue) needs only items with an
    ``evidence`` and a ``review`` (see :mod:`.review`).
    """
    out: list[Any] = []
    for name in ("corroborated", "discrepancies", "contested"):
        value = getattr(result, name, None)
        if isinstance(value, list):
            out.extend(x for x in value if hasattr(x, "evidence") and hasattr(x, "review"))
    return out


def item_summary(item: Any) -> str:
    """One line naming an item, for listings and the verdict store."""
    if isinstance(item, CorroboratedGroup):
        first = item.members[0].ref.text if item.members else ""
        return f"{item.sources} sources ({item.independent_sources} independent): {first}"
    if isinstance(item, Discrepancy):
        return item.explanation
    return str(getattr(item, "text", "") or getattr(item, "id", ""))


def find_item(result: Comparison, ident: str) -> Any:
    """The reviewable item with this id (or a unique prefix of it); a clear error otherwise."""
    ident = ident.strip()
    items = reviewable(result)
    exact = [x for x in items if x.evidence.id == ident]
    if exact:
        return exact[0]
    found = [x for x in items if ident and x.evidence.id.startswith(ident)]
    if len(found) == 1:
        return found[0]
    if found:
        raise UserError(f"{ident!r} matches {len(found)} items: {', '.join(x.evidence.id for x in found[:5])}")
    raise UserError(f"no corroboration, discrepancy or contested claim {ident!r} in this corpus (see `sahel-brief compare`)")


def parse_sections(values: Iterable[str] | None) -> tuple[str, ...]:
    """``["chronology", "coverage,framing"]`` -> the sections in canonical order; bad names raise."""
    if not values:
        return SECTIONS
    wanted: set[str] = set()
    for value in values:
        for name in value.split(","):
            name = name.strip().lower().replace("-", "_").replace(" ", "_")
            if not name:
                continue
            name = _ALIASES.get(name, name)
            if name not in SECTIONS:
                raise UserError(f"unknown section {name!r} (choose from {', '.join(SECTIONS)})")
            wanted.add(name)
    if not wanted:
        raise UserError(f"no section given (choose from {', '.join(SECTIONS)})")
    return tuple(s for s in SECTIONS if s in wanted)


def _load_actors(
    corpus: Corpus, progress: "Progress | None" = None, cache: "Cache | None" = None
) -> tuple[Sequence[Any] | None, str | None]:
    try:
        from sahel_tui.analysis.actors import detect_actors
    except ImportError as exc:
        return None, f"actor coverage and framing need the actor glossary, which is unavailable ({exc})"
    return detect_actors(corpus, curated=True, progress=progress, cache=cache), None


def _representative_pairs(prep: Any, family: list[int]) -> dict[tuple[int, int], float]:
    """Similar pairs among one representative per near-duplicate family.

    Document frequencies are counted over representatives, so twenty copies of
    a wire story do not make its words look common.
    """
    from collections import Counter

    from sahel_tui.analysis.compare.claims import CORROBORATION_THRESHOLD
    from sahel_tui.analysis.compare.discrepancies import CROSS_SENTENCE_MATCH
    from sahel_tui.analysis.compare.families import family_articles, source_key
    from sahel_tui.analysis.compare.pairs import similar_pairs

    articles_of = family_articles(prep.units, family)
    reps = [prep.units[i] for i in sorted(articles_of)]
    doc_freq: Counter[str] = Counter()
    for u in reps:
        doc_freq.update(u.counts.keys())
    keys = [source_key(u, articles_of) for u in reps]
    # match_score never exceeds the cosine, so no pair below both bars is ever used.
    return similar_pairs(reps, doc_freq, min(CORROBORATION_THRESHOLD, CROSS_SENTENCE_MATCH), keys)


def compare_corpus(
    corpus: Corpus,
    actors: Sequence[Any] | None = None,
    sections: Iterable[str] | None = None,
    progress: "Progress | None" = None,
    cache: "Cache | None" = None,
) -> Comparison:
    """Compare every article of ``corpus`` with every other, through indexes rather than all pairs.

    ``progress`` (sahel_tui.infrastructure.progress) is told each stage as it starts, and
    cancels the comparison (``Cancelled``) between stages and chunks. With a ``cache``,
    what is computed one article at a time is kept per article, so a re-run after a
    few articles are added or edited redoes their part only; the result is the same.
    """
    from sahel_tui.analysis.compare.chronology import chronology, informative_terms
    from sahel_tui.analysis.compare.claims import group_claims, single_source_claims
    from sahel_tui.analysis.compare.discrepancies import discrepancies
    from sahel_tui.analysis.compare.families import near_duplicate_families
    from sahel_tui.analysis.compare.prepare import prepare

    chosen = parse_sections(sections)
    result = Comparison(articles=[a.id for a in corpus.articles], sections=chosen)
    clock = time.perf_counter()

    def begin(label: str) -> None:
        if progress is not None:
            progress.start(f"comparing: {label}", 0)

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        result.timings[name] = round(now - clock, 3)
        clock = now

    if progress is not None:
        progress.start("comparing: preparing sentences", len(corpus.articles))
    prep = prepare(corpus, progress)
    lap("prepare")
    if "similarity" in chosen:
        from sahel_tui.analysis.compare.similarity import article_similarity

        begin("article similarity")
        result.similarity = article_similarity(prep)
        lap("similarity")
    pairs: dict[tuple[int, int], float] = {}
    family: list[int] = list(range(len(prep.units)))
    if {"corroborated", "single_source", "discrepancies", "chronology"} & set(chosen):
        begin("near-duplicate sentences")
        family = near_duplicate_families(prep.units)
        lap("families")
    if {"corroborated", "single_source", "discrepancies"} & set(chosen):
        begin("similar sentences")
        pairs = _representative_pairs(prep, family)
        lap("pairs")
    props = None
    if {"corroborated", "single_source", "discrepancies", "chronology"} & set(chosen):
        from sahel_tui.analysis.compare.propositions import Props

        props = Props.build(prep)
    groups = None
    if {"corroborated", "single_source", "discrepancies"} & set(chosen):
        begin("claims")
        groups = group_claims(prep, pairs, family, props)
        if "corroborated" in chosen:
            memo = None
            if cache is not None:
                from pathlib import Path

                from sahel_tui.infrastructure.cache import Memo, source_digest

                from sahel_tui.analysis.compare.claims import independence_entry

                memo = Memo(cache, "independence", {"code": source_digest(Path(__file__).parent)}, independence_entry)
            result.corroborated = [g.to_model(i, memo) for i, g in enumerate(groups, 1)]
            if memo is not None:
                memo.save()
        if "single_source" in chosen:
            result.single_source = single_source_claims(prep, groups)
        lap("claims")
    if {"chronology", "discrepancies"} & set(chosen):
        begin("chronology")
        events, _ = chronology(prep, family)
        if "chronology" in chosen:
            result.chronology = [e.to_model() for e in events]
        lap("chronology")
        if "discrepancies" in chosen:
            begin("discrepancies")
            result.discrepancies = discrepancies(prep, pairs, events, informative_terms(prep), family, props)
            lap("discrepancies")
    if _NEEDS_ACTORS & set(chosen):
        note = None
        if actors is None:
            actors, note = _load_actors(corpus, progress, cache)
            lap("actors")
        if actors is None:
            result.notes.append(note or "no actors")
            for name in _NEEDS_ACTORS & set(chosen) & {"coverage", "framing"}:
                setattr(result, name, {"available": False, "reason": note})
        else:
            from sahel_tui.analysis.compare.coverage import coverage
            from sahel_tui.analysis.compare.framing import framing

            if "coverage" in chosen:
                begin("actor coverage")
                result.coverage = {"available": True, **coverage(corpus, actors)}
                lap("coverage")
            attributions = None
            if {"attributions", "contested", "framing"} & set(chosen):
                from sahel_tui.analysis.attribution import attribute_corpus

                begin("who says what")
                attributions = attribute_corpus(corpus, actors, cache)  # on every core, what is not cached
                lap("attributions")
            if "framing" in chosen:
                begin("framing")
                result.framing = {"available": True, **framing(corpus, actors, attributions=attributions)}
                lap("framing")
            if "attributions" in chosen:
                result.attributions = attributions
            if "contested" in chosen:
                begin("contested claims")
                from sahel_tui.analysis.compare.contested import contested_claims

                terms_of = {u.sentence.id: u.terms for u in prep.units}
                result.contested = contested_claims(corpus, actors, attributions or {}, prep.idf, terms_of)
                lap("contested")
    if progress is not None:
        progress.finish()
    return result


__all__ = ["SECTIONS", "Comparison", "compare_corpus", "find_item", "item_summary", "parse_sections", "reviewable"]
