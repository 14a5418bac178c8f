"""Where sources disagree: matched claims whose figures or dates differ once normalised.

Two kinds are reported side by side, never ruled on:

* ``quantity``: two similar sentences from different articles carry figures of
  the same kind (both lengths, both counts of hostages...) tied to the same
  words, and the figures differ beyond rounding ("1,400 km" vs "1,200 km"),
  while neither sentence carries a figure equal to the other's;
* ``date``: the chronology found one event dated differently by two sources
  ("seized power in 2020" vs "its 2021 coup").
"""

from __future__ import annotations

from sahel_tui.analysis.compare.chronology import Event, date_conflicts
from sahel_tui.analysis.compare.claims import match_score
from sahel_tui.analysis.compare.normalise import Quantity
from sahel_tui.analysis.compare.prepare import Prepared, Unit

# Claims compared for figures may be looser matches than corroboration needs:
# differing figures are exactly what makes two reports of one fact look apart.
DISCREPANCY_THRESHOLD = 0.15


def _quantity_side(unit: Unit, q: Quantity) -> dict[str, object]:
    return {**unit.ref(), "value": q.surface, "normalised": q.to_json()}


def _quantity_discrepancies(
    prep: Prepared, pairs: dict[tuple[int, int], float], informative: set[str]
) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for (i, j), cos in pairs.items():
        a, b = prep.units[i], prep.units[j]
        if not a.quantities or not b.quantities:
            continue
        score = match_score(a, b, cos)
        if score < DISCREPANCY_THRESHOLD:
            continue
        for qa in a.quantities:
            if any(qa.equals(qb) for qb in b.quantities):
                continue
            ctx_a = {t for t in a.context(qa.start, qa.end, 4) if t in informative}
            for qb in b.quantities:
                if not qa.same_kind(qb) or any(qb.equals(x) for x in a.quantities):
                    continue
                shared = ctx_a & {t for t in b.context(qb.start, qb.end, 4) if t in informative}
                if not shared:
                    continue
                out.append(
                    {
                        "kind": "quantity",
                        "similarity": round(score, 3),
                        "shared_context": sorted(shared),
                        "a": _quantity_side(a, qa),
                        "b": _quantity_side(b, qb),
                    }
                )
    return out


def discrepancies(
    prep: Prepared, pairs: dict[tuple[int, int], float], events: list[Event], informative: set[str]
) -> list[dict[str, object]]:
    """Every flagged pair: dates first (they came from the chronology), then figures."""
    out: list[dict[str, object]] = []
    for ma, mb in date_conflicts(events):
        a, b = (ma, mb) if ma.unit.index < mb.unit.index else (mb, ma)
        i, j = a.unit.index, b.unit.index
        cos = pairs.get((i, j), 0.0)
        out.append(
            {
                "kind": "date",
                "similarity": round(match_score(a.unit, b.unit, cos), 3),
                "shared_context": sorted(a.context & b.context),
                "a": {**a.unit.ref(), "value": a.date.surface, "normalised": a.date.to_json()},
                "b": {**b.unit.ref(), "value": b.date.surface, "normalised": b.date.to_json()},
            }
        )
    out.extend(_quantity_discrepancies(prep, pairs, informative))
    return out
