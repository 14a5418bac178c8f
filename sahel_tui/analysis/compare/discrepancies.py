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

from collections.abc import Set

from sahel_tui.analysis.compare.chronology import Event, EventMention, date_conflicts
from sahel_tui.analysis.compare.claims import match_score
from sahel_tui.analysis.compare.figures import agree, difference, measure, reading, written_number
from sahel_tui.analysis.compare.identity import evidence, member_key
from sahel_tui.analysis.compare.model import Discrepancy, DiscrepancySide, SentenceRef
from sahel_tui.analysis.compare.normalise import Quantity
from sahel_tui.analysis.compare.prepare import Prepared, Unit
from sahel_tui.analysis.compare.propositions import Props
from sahel_tui.analysis.compare.text import cosine

# Figures of two different sentences are compared only when the sentences
# corroborate each other and the words around both figures agree.
CROSS_SENTENCE_MATCH = 0.24
CROSS_SENTENCE_CONTEXT = 2
# Beyond this ratio two figures are taken as different facts.
MAX_RATIO = 3.0
# Content words either side of a figure or date whose names say whose it is.
NAME_REACH = 2
# Name words sharing this many first letters name one actor ("Freedonia", "Freedonian").
NAME_PREFIX = 6
# Words two sentences must share when each gives one figure of a measure (as claims.FULL_OVERLAP).
ALONE_SHARED = 4


def _side(unit: Unit, value: str, normalised: dict[str, object], sources: list[str]) -> DiscrepancySide:
    return DiscrepancySide(SentenceRef.of(unit.ref()), value, normalised, sources)


def _flag(
    kind: str, similarity: float, shared: list[str], what: str, apart: str, a: DiscrepancySide, b: DiscrepancySide
) -> Discrepancy:
    """One flag, its id from the two sentences and values it rests on (stable across runs)."""
    ev = evidence(
        "discrepancy",
        {member_key(a.ref.article, a.ref.text, a.value), member_key(b.ref.article, b.ref.text, b.value)},
    )
    explanation = f"{what}: {a.value} ({a.ref.article}) against {b.value} ({b.ref.article}), {apart}"
    return Discrepancy(ev.id, kind, similarity, shared, what, apart, explanation, a, b, ev)


def _names_near(unit: Unit, end: int, names: set[str]) -> set[str]:
    """Name stems just after a figure or date: whose it is ("the 2003 invasion of Iraq").

    Only the words after it: a name before is as often the one who pays or
    says ("costing Secure America $1 million") as the one it belongs to.
    """
    after = [t for t, pos in unit.terms if pos >= end][:NAME_REACH]
    return {t for t in after if t in names}


def _values_of(q: Quantity) -> set[float]:
    """A figure's value, normalised and as written ("six months": 182.6 days and 6)."""
    out = {round(abs(q.value), 6)}
    written = written_number(q)
    if written is not None:
        out.add(round(written, 6))
    return out


def _values(unit: Unit) -> set[float]:
    return set().union(*(_values_of(q) for q in unit.quantities)) if unit.quantities else set()


def _share_actor(props: Props, a: Unit, b: Unit) -> bool:
    """Two sentences that both name actors must name one in common to tell of one thing."""
    ka, kb = props.keys(a), props.keys(b)
    return not (ka and kb) or named_in_common(ka, kb)


def named_in_common(ka: Set[str], kb: Set[str]) -> bool:
    """A key in common, or a name word of one that begins a name word of the other ("Freedonia"/"Freedonian")."""
    if ka & kb:
        return True
    wa = {w[:NAME_PREFIX] for k in ka for w in k.split() if len(w) >= NAME_PREFIX}
    wb = {w[:NAME_PREFIX] for k in kb for w in k.split() if len(w) >= NAME_PREFIX}
    return bool(wa & wb)


def other_entity(a: Unit, sa: tuple[int, int], b: Unit, sb: tuple[int, int], props: Props | None) -> bool:
    """Whether the figure (or date) of either side is tied to a name the other sentence never mentions."""
    if props is None:
        return False
    if not _share_actor(props, a, b):
        return True
    terms_a, terms_b = {t for t, _ in a.terms}, {t for t, _ in b.terms}
    near_a = _names_near(a, sa[1], props.name_terms(a))
    near_b = _names_near(b, sb[1], props.name_terms(b))
    return bool(near_a - terms_b) or bool(near_b - terms_a)


def _differing(
    a: Unit, b: Unit, informative: set[str], min_shared: int, props: Props | None = None
) -> list[tuple[Quantity, Quantity, set[str]]]:
    """Figures of the same measure, about the same words and entity, that cannot be one value.

    A figure of either sentence that the other sentence also gives (any kind:
    "No. 2" and "No. 3" both in each) means the sentences tell of several
    things, not of one thing differently. Bounds and rounding are read by
    :mod:`.figures`: "more than $1 million" and "$1.1 million" agree.
    """
    ta, tb = a.sentence.text, b.sentence.text
    if props is not None and not _share_actor(props, a, b):
        return []
    values_a = _values(a)
    values_b = _values(b)
    shared_sentence = {t for t in a.counts.keys() & b.counts.keys() if not t.startswith("#")}
    out = []
    for qa in a.quantities:
        if _values_of(qa) & values_b or any(qa.same_kind(qb) and agree(ta, qa, tb, qb) for qb in b.quantities):
            continue
        ctx_a = {t for t in a.context(qa.start, qa.end, 4) if t in informative}
        alone_a = sum(1 for x in a.quantities if x.same_kind(qa)) == 1
        for qb in b.quantities:
            if not qa.same_kind(qb) or _values_of(qb) & values_a:
                continue
            if any(x.same_kind(qb) and agree(ta, x, tb, qb) for x in a.quantities):
                continue
            low, high = sorted((abs(qa.value), abs(qb.value)))
            if low == 0 or high / low > MAX_RATIO:
                continue  # "$736m" and "$11.1bn" are two different figures, not one misreported
            if other_entity(a, (qa.start, qa.end), b, (qb.start, qb.end), props):
                continue  # the figure belongs to someone or something the other side does not name
            shared = ctx_a & {t for t in b.context(qb.start, qb.end, 4) if t in informative}
            alone = alone_a and sum(1 for x in b.quantities if x.same_kind(qb)) == 1
            # Either the words around both figures agree, or each sentence gives one
            # figure of this measure and the sentences share enough rare words to be one claim.
            if len(shared) >= min_shared or (alone and len(shared_sentence) >= ALONE_SHARED):
                out.append((qa, qb, shared or shared_sentence))
    return out


def _quantity_discrepancies(
    prep: Prepared,
    pairs: dict[tuple[int, int], float],
    family: list[int],
    informative: set[str],
    props: Props | None = None,
) -> list[Discrepancy]:
    units = prep.units
    out: list[Discrepancy] = []
    seen: set[tuple[int, int, str, str]] = set()

    def add(a: Unit, b: Unit, score: float, a_sources: list[str], b_sources: list[str], min_shared: int) -> None:
        for qa, qb, shared in _differing(a, b, informative, min_shared, props):
            key = (family[a.index], family[b.index], qa.key(), qb.key())
            if key in seen or (key[1], key[0], key[3], key[2]) in seen:
                continue
            seen.add(key)
            ta, tb = a.sentence.text, b.sentence.text
            out.append(
                _flag(
                    "quantity",
                    round(score, 3),
                    sorted(shared),
                    measure(qa),
                    difference(ta, qa, tb, qb),
                    _side(a, qa.surface, {**qa.to_json(), "reading": reading(ta, qa).how}, a_sources),
                    _side(b, qb.surface, {**qb.to_json(), "reading": reading(tb, qb).how}, b_sources),
                )
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
    props: Props | None = None,
) -> list[Discrepancy]:
    """Every flagged pair: dates first (they came from the chronology), then figures."""
    family = family if family is not None else list(range(len(prep.units)))
    out: list[Discrepancy] = []
    for ea, ma, eb, mb in date_conflicts(events):
        if ma.unit.index > mb.unit.index:
            ea, ma, eb, mb = eb, mb, ea, ma
        if props is not None and not named_in_common(props.keys(ma.unit), props.keys(mb.unit)):
            continue  # a date of one event needs an actor both sentences name, not just shared words
        if other_entity(ma.unit, (ma.date.start, ma.date.end), mb.unit, (mb.date.start, mb.date.end), props):
            continue  # "the 2001 invasion" of one country, "the 2003 invasion of Iraq"
        cos = cosine(ma.unit.vector, mb.unit.vector)
        out.append(
            _flag(
                "date",
                round(match_score(ma.unit, mb.unit, cos), 3),
                sorted(ma.context & mb.context),
                "date of the same event",
                _date_gap(ma, mb),
                _side(ma.unit, ma.date.surface, ma.date.to_json(), ea.sources),
                _side(mb.unit, mb.date.surface, mb.date.to_json(), eb.sources),
            )
        )
    out.extend(_quantity_discrepancies(prep, pairs, family, informative, props))
    return out


def _date_gap(ma: EventMention, mb: EventMention) -> str:
    """How far apart two dates are, at the coarser of their precisions."""
    da, db = ma.date, mb.date
    if da.year is None or db.year is None:
        return "dates differ"
    if "day" in (da.precision, db.precision) and da.precision == db.precision and da.month and db.month:
        import datetime as _dt

        try:
            days = abs((_dt.date(da.year, da.month, da.day or 1) - _dt.date(db.year, db.month, db.day or 1)).days)
            return f"{days} day{'s' if days != 1 else ''} apart"
        except ValueError:
            pass
    years = abs(da.year - db.year)
    if years:
        return f"{years} year{'s' if years != 1 else ''} apart"
    return "different month or day"
