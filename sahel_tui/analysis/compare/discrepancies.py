"""Where sources disagree: matched claims whose figures or dates differ once normalised.

Two kinds are reported side by side, never ruled on:

* ``quantity``: two sentences from different articles that make the same
  claim (near-copies, or a corroborating match) carry figures of the same kind
  (both lengths, both counts of hostages...) tied to the same words, and the
  figures differ beyond rounding but by less than ``MAX_RATIO`` ("1,400 km" vs
  "1,200 km"), while neither sentence carries a figure equal to the other's;
* ``date``: the chronology found one event dated differently by two sources
  ("seized power in 2020" vs "its 2021 coup").
"""

from __future__ import annotations

from sahel_tui.analysis.compare.chronology import Event, date_conflicts
from sahel_tui.analysis.compare.claims import match_score
from sahel_tui.analysis.compare.normalise import Quantity
from sahel_tui.analysis.compare.prepare import Prepared, Unit
from sahel_tui.analysis.compare.text import cosine

# Figures of two different sentences are compared only when the sentences
# corroborate each other and the words around both figures agree.
CROSS_SENTENCE_MATCH = 0.24
CROSS_SENTENCE_CONTEXT = 2
# Beyond this ratio two figures are taken as different facts.
MAX_RATIO = 3.0


def _side(unit: Unit, value: str, normalised: dict[str, object], sources: list[str]) -> dict[str, object]:
    return {**unit.ref(), "value": value, "normalised": normalised, "sources": sources}


def _differing(
    a: Unit, b: Unit, informative: set[str], min_shared: int
) -> list[tuple[Quantity, Quantity, set[str]]]:
    """Figures of the same kind, about the same words, that differ; none of either side is matched."""
    out = []
    for qa in a.quantities:
        if any(qa.equals(qb) for qb in b.quantities):
            continue
        ctx_a = {t for t in a.context(qa.start, qa.end, 4) if t in informative}
        for qb in b.quantities:
            if not qa.same_kind(qb) or any(qb.equals(x) for x in a.quantities):
                continue
            low, high = sorted((abs(qa.value), abs(qb.value)))
            if low == 0 or high / low > MAX_RATIO:
                continue  # "$736m" and "$11.1bn" are two different figures, not one misreported
            shared = ctx_a & {t for t in b.context(qb.start, qb.end, 4) if t in informative}
            if len(shared) >= min_shared:
                out.append((qa, qb, shared))
    return out


def _quantity_discrepancies(
    prep: Prepared,
    pairs: dict[tuple[int, int], float],
    family: list[int],
    informative: set[str],
) -> list[dict[str, object]]:
    units = prep.units
    out: list[dict[str, object]] = []
    seen: set[tuple[int, int, str, str]] = set()

    def add(a: Unit, b: Unit, score: float, a_sources: list[str], b_sources: list[str], min_shared: int) -> None:
        for qa, qb, shared in _differing(a, b, informative, min_shared):
            key = (family[a.index], family[b.index], qa.key(), qb.key())
            if key in seen or (key[1], key[0], key[3], key[2]) in seen:
                continue
            seen.add(key)
            out.append(
                {
                    "kind": "quantity",
                    "similarity": round(score, 3),
                    "shared_context": sorted(shared),
                    "a": _side(a, qa.surface, qa.to_json(), a_sources),
                    "b": _side(b, qb.surface, qb.to_json(), b_sources),
                }
            )

    # Inside a family of near-copies, a figure that changed is the clearest discrepancy.
    members_of: dict[int, list[Unit]] = {}
    for u in units:
        if u.quantities:
            members_of.setdefault(family[u.index], []).append(u)
    for members in members_of.values():
        if len(members) < 2:
            continue
        classes: dict[tuple[str, ...], list[Unit]] = {}
        for u in members:
            classes.setdefault(tuple(sorted(q.key() for q in u.quantities)), []).append(u)
        if len(classes) < 2:
            continue
        reps = list(classes.values())
        for x in range(len(reps)):
            for y in range(x + 1, len(reps)):
                a, b = reps[x][0], reps[y][0]
                if a.article_id == b.article_id:
                    continue
                score = match_score(a, b, cosine(a.vector, b.vector))
                add(a, b, score, sorted({u.article_id for u in reps[x]}), sorted({u.article_id for u in reps[y]}), 1)
    # Between different sentences that make the same claim.
    for (i, j), cos in pairs.items():
        a, b = units[i], units[j]
        if not a.quantities or not b.quantities or a.article_id == b.article_id:
            continue
        score = match_score(a, b, cos)
        if score >= CROSS_SENTENCE_MATCH:
            add(a, b, score, [a.article_id], [b.article_id], CROSS_SENTENCE_CONTEXT)
    return out


def discrepancies(
    prep: Prepared,
    pairs: dict[tuple[int, int], float],
    events: list[Event],
    informative: set[str],
    family: list[int] | None = None,
) -> list[dict[str, object]]:
    """Every flagged pair: dates first (they came from the chronology), then figures."""
    family = family if family is not None else list(range(len(prep.units)))
    out: list[dict[str, object]] = []
    for ea, ma, eb, mb in date_conflicts(events):
        if ma.unit.index > mb.unit.index:
            ea, ma, eb, mb = eb, mb, ea, ma
        cos = cosine(ma.unit.vector, mb.unit.vector)
        out.append(
            {
                "kind": "date",
                "similarity": round(match_score(ma.unit, mb.unit, cos), 3),
                "shared_context": sorted(ma.context & mb.context),
                "a": _side(ma.unit, ma.date.surface, ma.date.to_json(), ea.sources),
                "b": _side(mb.unit, mb.date.surface, mb.date.to_json(), eb.sources),
            }
        )
    out.extend(_quantity_discrepancies(prep, pairs, family, informative))
    return out
