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
from typing import Any, Iterable, Sequence

from sahel_tui.corpus.model import Corpus
from sahel_tui.errors import UserError

SECTIONS = ("similarity", "corroborated", "single_source", "discrepancies", "chronology", "coverage", "framing")
_NEEDS_ACTORS = frozenset({"coverage", "framing"})
# The comparison view's labels, as `--section` accepts them too ("Actor coverage", "Single-source").
_ALIASES = {"actor_coverage": "coverage", "single": "single_source", "corroboration": "corroborated"}


@dataclass(slots=True)
class Comparison:
    """The result of comparing a corpus; a section not asked for is None."""

    articles: list[str]
    sections: tuple[str, ...]
    similarity: dict[str, object] | None = None
    corroborated: list[dict[str, object]] | None = None
    single_source: list[dict[str, object]] | None = None
    discrepancies: list[dict[str, object]] | None = None
    chronology: list[dict[str, object]] | None = None
    coverage: dict[str, object] | None = None
    framing: dict[str, object] | None = None
    notes: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {"articles": self.articles, "sections": list(self.sections)}
        for name in SECTIONS:
            if name in self.sections:
                out[name] = getattr(self, name)
        out["notes"] = self.notes
        return out


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


def _load_actors(corpus: Corpus) -> tuple[Sequence[Any] | None, str | None]:
    try:
        from sahel_tui.analysis.actors import detect_actors
    except ImportError as exc:
        return None, f"actor coverage and framing need the actor glossary, which is unavailable ({exc})"
    return detect_actors(corpus, curated=True), None


def _representative_pairs(prep: Any, family: list[int]) -> dict[tuple[int, int], float]:
    """Similar pairs among one representative per near-duplicate family.

    Document frequencies are counted over representatives, so twenty copies of
    a wire story do not make its words look common.
    """
    from collections import Counter

    from sahel_tui.analysis.compare.claims import CORROBORATION_THRESHOLD
    from sahel_tui.analysis.compare.discrepancies import CROSS_SENTENCE_MATCH
    from sahel_tui.analysis.compare.pairs import similar_pairs

    articles_of: dict[int, set[str]] = {}
    for u in prep.units:
        articles_of.setdefault(family[u.index], set()).add(u.article_id)
    reps = [prep.units[i] for i in sorted(articles_of)]
    doc_freq: Counter[str] = Counter()
    for u in reps:
        doc_freq.update(u.counts.keys())
    # A family already spanning several articles is its own source: it may pair with anything.
    keys = [u.article_id if len(articles_of[u.index]) == 1 else f"family:{u.index}" for u in reps]
    # match_score never exceeds the cosine, so no pair below both bars is ever used.
    return similar_pairs(reps, doc_freq, min(CORROBORATION_THRESHOLD, CROSS_SENTENCE_MATCH), keys)


def compare_corpus(
    corpus: Corpus,
    actors: Sequence[Any] | None = None,
    sections: Iterable[str] | None = None,
) -> Comparison:
    """Compare every article of ``corpus`` with every other, through indexes rather than all pairs."""
    from sahel_tui.analysis.compare.chronology import chronology, informative_terms
    from sahel_tui.analysis.compare.claims import group_claims, single_source_claims
    from sahel_tui.analysis.compare.discrepancies import discrepancies
    from sahel_tui.analysis.compare.families import near_duplicate_families
    from sahel_tui.analysis.compare.prepare import prepare

    chosen = parse_sections(sections)
    result = Comparison(articles=[a.id for a in corpus.articles], sections=chosen)
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        result.timings[name] = round(now - clock, 3)
        clock = now

    prep = prepare(corpus)
    lap("prepare")
    if "similarity" in chosen:
        from sahel_tui.analysis.compare.similarity import article_similarity

        result.similarity = article_similarity(prep)
        lap("similarity")
    pairs: dict[tuple[int, int], float] = {}
    family: list[int] = list(range(len(prep.units)))
    if {"corroborated", "single_source", "discrepancies", "chronology"} & set(chosen):
        family = near_duplicate_families(prep.units)
        lap("families")
    if {"corroborated", "single_source", "discrepancies"} & set(chosen):
        pairs = _representative_pairs(prep, family)
        lap("pairs")
    if {"corroborated", "single_source"} & set(chosen):
        groups = group_claims(prep, pairs, family)
        if "corroborated" in chosen:
            result.corroborated = [g.to_json(i) for i, g in enumerate(groups, 1)]
        if "single_source" in chosen:
            result.single_source = single_source_claims(prep, groups)
        lap("claims")
    if {"chronology", "discrepancies"} & set(chosen):
        events, _ = chronology(prep, family)
        if "chronology" in chosen:
            result.chronology = [e.to_json() for e in events]
        lap("chronology")
        if "discrepancies" in chosen:
            result.discrepancies = discrepancies(prep, pairs, events, informative_terms(prep), family)
            lap("discrepancies")
    if _NEEDS_ACTORS & set(chosen):
        note = None
        if actors is None:
            actors, note = _load_actors(corpus)
            lap("actors")
        if actors is None:
            result.notes.append(note or "no actors")
            for name in _NEEDS_ACTORS & set(chosen):
                setattr(result, name, {"available": False, "reason": note})
        else:
            from sahel_tui.analysis.compare.coverage import coverage
            from sahel_tui.analysis.compare.framing import framing

            if "coverage" in chosen:
                result.coverage = {"available": True, **coverage(corpus, actors)}
                lap("coverage")
            if "framing" in chosen:
                result.framing = {"available": True, **framing(corpus, actors)}
                lap("framing")
    return result


__all__ = ["SECTIONS", "Comparison", "compare_corpus", "parse_sections"]
