"""Claims across sources: corroborated groups and single-source claims.

Sentences from different articles whose TF-IDF cosine (over stems, folded
synonyms and normalised figures) reaches ``CORROBORATION_THRESHOLD`` are
candidates; a candidate pair is linked only when the two sentences can state
one proposition (same actors, a shared predicate, the same polarity: see
:mod:`.propositions`). Linked sentences form star groups; a member that names
other actors than the members already in its group is pruned. A group whose
sentences come from two or more articles is corroborated, and says why its
members match and how many of its sources are independent (a quotation
repeated by three outlets is one source). What remains is said by one source
only, ranked by how central the sentence is to its own article.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sahel_tui.analysis.compare.identity import evidence, member_key

if TYPE_CHECKING:
    from sahel_tui.infrastructure.cache import Memo
from sahel_tui.store.verdict_records import Evidence
from sahel_tui.analysis.compare.model import CorroboratedGroup, GroupMember, MemberMatch, SentenceRef, SingleSourceClaim
from sahel_tui.analysis.compare.prepare import Prepared, Unit
from sahel_tui.analysis.compare.propositions import (
    MIN_PREDICATE_TERMS,
    Match,
    Props,
    compatible,
    independence,
    surface_pairs,
)

CORROBORATION_THRESHOLD = 0.24
# Cosine alone rewards short sentences sharing one word ("That has to change."):
# a match needs several shared terms before its cosine counts in full.
FULL_OVERLAP = 4
# A claim needs some substance: very short body sentences are captions or asides.
MIN_CLAIM_WORDS = 6
# Score given to the member-to-member check, so that a paraphrase the centre bridged is not
# refused for lack of shared names alone (compatible() still needs shared actors and predicate).
UNNAMED_FLOOR = 0.45
# Near-copies this close are one sentence repeated, whatever their names and predicates.
REPEAT_COSINE = 0.9


@dataclass(slots=True)
class ClaimGroup:
    members: list[Unit]
    similarities: dict[int, float]  # unit index -> best similarity to another member
    score: float
    shared_terms: list[str]
    centre: int = -1  # unit index of the sentence the others were matched to
    matches: dict[int, Match] = field(default_factory=dict)  # member index -> its match to the centre
    why: str = ""

    @property
    def articles(self) -> list[str]:
        seen: dict[str, None] = {}
        for u in self.members:
            seen.setdefault(u.article_id, None)
        return list(seen)

    @property
    def evidence(self) -> Evidence:
        return evidence("corroborated", {member_key(u.article_id, u.sentence.text) for u in self.members})

    def to_model(self, number: int, memo: Memo | None = None) -> CorroboratedGroup:
        members = self._members()
        texts = [(m.ref.article, m.ref.text) for m in members]
        marks, independent = _independence(texts, memo)
        for m, mark in zip(members, marks):
            m.repeated = mark is not None
            m.copy_of = members[mark].ref.sentence_id if mark is not None else None
        ev = self.evidence
        return CorroboratedGroup(
            id=ev.id,
            number=number,
            articles=self.articles,
            independent_sources=independent,
            score=round(self.score, 3),
            shared_terms=list(self.shared_terms),
            why=self.why,
            evidence=ev,
            members=members,
        )

    def to_json(self, number: int) -> dict[str, object]:
        return self.to_model(number).to_json()

    def _members(self) -> list[GroupMember]:
        # A sentence an article repeats word for word (a pull quote) is listed
        # once, with the ids of its repeats, so it cannot look like extra support.
        out: list[GroupMember] = []
        first: dict[tuple[str, str], GroupMember] = {}
        for u in self.members:
            key = (u.article_id, u.sentence.text)
            if key in first:
                first[key].repeats.append(u.sentence.id)
                continue
            match = self.matches.get(u.index)
            item = GroupMember(
                ref=SentenceRef.of(u.ref()),
                similarity=round(self.similarities.get(u.index, 0.0), 3),
                centre=u.index == self.centre,
                match=MemberMatch(list(match.actors), list(match.predicate[:6])) if match else None,
            )
            first[key] = item
            out.append(item)
        return out


def independence_entry(value: object) -> bool:
    """Whether a stored value has the shape :func:`_independence` keeps: ``[marks, count]``."""
    return (
        isinstance(value, list)
        and len(value) == 2
        and isinstance(value[0], list)
        and all(m is None or (isinstance(m, int) and not isinstance(m, bool)) for m in value[0])
        and isinstance(value[1], int)
        and not isinstance(value[1], bool)
    )


def _independence(texts: list[tuple[str, str]], memo: Memo | None) -> tuple[list[int | None], int]:
    """:func:`independence`, through ``memo`` (keyed by the members) when given: the costly part of a group."""
    if memo is None:
        return independence(texts)
    import hashlib

    key = hashlib.sha1("\x01".join(f"{a}\x00{t}" for a, t in texts).encode("utf-8", "surrogatepass")).hexdigest()
    hit = memo.get(key)
    n = len(texts)
    if hit is not None and len(hit[0]) == n and all(m is None or 0 <= m < n for m in hit[0]) and 1 <= hit[1] <= n:
        return list(hit[0]), int(hit[1])
    marks, independent = independence(texts)
    memo.put(key, [marks, independent])
    return marks, independent


_WORD_AT = re.compile(r"[^\W\d_][^\W_]*(?:-[^\W_]+)*")


def _surface_of(units: list[Unit], wanted: set[str]) -> dict[str, str]:
    """The most frequent written form of each wanted stem in these sentences."""
    forms: dict[str, Counter[str]] = {}
    for u in units:
        for stem_, pos in u.terms:
            if stem_ in wanted:
                m = _WORD_AT.match(u.sentence.text, pos)
                if m:
                    forms.setdefault(stem_, Counter())[m.group()] += 1
    return {s: c.most_common(1)[0][0] for s, c in forms.items()}


def group_claims(
    prep: Prepared,
    pairs: dict[tuple[int, int], float],
    family: list[int] | None = None,
    props: Props | None = None,
) -> list[ClaimGroup]:
    """Corroborated groups: matching sentences spanning two or more articles, best first.

    ``family`` maps each unit to its near-duplicate representative (see
    :mod:`.families`); ``pairs`` then need only hold pairs of representatives.
    Families are grouped by star clustering: the family with the most matches
    becomes a centre and takes its direct matches, and so on. Linking by plain
    transitivity would chain every sentence of a much-copied story into one
    group; a star keeps each member one match away from the claim at its centre.
    """
    from sahel_tui.analysis.compare.text import cosine

    units = prep.units
    props = props or Props.build(prep)
    family = family if family is not None else [u.index for u in units]
    members_of: dict[int, list[int]] = {}
    for u in units:
        members_of.setdefault(family[u.index], []).append(u.index)
    best: dict[int, float] = {}
    to_rep: dict[int, float] = {}  # each family member's cosine with its representative
    for rep, members in members_of.items():
        for m in members:
            if m != rep:
                sim = to_rep[m] = cosine(units[rep].vector, units[m].vector)
                best[m] = sim
                best[rep] = max(best.get(rep, 0.0), sim)

    neighbours: dict[int, dict[int, float]] = {}
    why: dict[tuple[int, int], Match] = {}
    for (i, j), cos in pairs.items():
        if cos < CORROBORATION_THRESHOLD or not (_is_claim(units[i]) and _is_claim(units[j])):
            continue
        sim = match_score(units[i], units[j], cos)
        if sim < CORROBORATION_THRESHOLD:
            continue
        found = compatible(props, units[i], units[j], sim)
        if found is None:
            continue
        neighbours.setdefault(i, {})[j] = sim
        neighbours.setdefault(j, {})[i] = sim
        why[(i, j)] = why[(j, i)] = found
    for (i, j), (sim, found) in _clause_links(prep, props, family).items():
        if sim > neighbours.get(i, {}).get(j, 0.0) and _is_claim(units[i]) and _is_claim(units[j]):
            neighbours.setdefault(i, {})[j] = sim
            neighbours.setdefault(j, {})[i] = sim
            why[(i, j)] = why[(j, i)] = found

    def centrality(rep: int) -> tuple[int, int, int]:
        return (-len(neighbours.get(rep, ())), -len(members_of[rep]), rep)

    candidates = [r for r in members_of if _is_claim(units[r]) and (neighbours.get(r) or len(members_of[r]) > 1)]
    # A sentence stating several claims (one per clause) may join one group per
    # claim: what is used up is a part of a sentence, not the sentence.
    used: dict[int, list[tuple[int, int]]] = {}
    whole = (0, 1 << 30)

    def free(rep: int, part: tuple[int, int]) -> bool:
        return not any(part[0] < b and a < part[1] for a, b in used.get(rep, ()))

    def part_of(rep: int, other: int) -> tuple[int, int]:
        return why[(rep, other)].spans.get(rep, whole) if (rep, other) in why else whole

    groups: list[ClaimGroup] = []
    for centre in sorted(candidates, key=centrality):
        if not free(centre, whole) and not any(
            free(centre, part_of(centre, o)) and free(o, part_of(o, centre)) for o in neighbours.get(centre, {})
        ):
            continue
        reps = [centre]
        matched: dict[int, Match] = {}
        actors = set(props.keys(units[centre]))
        claim_span: tuple[int, int] | None = None  # the part of the centre the members state
        for other, sim in sorted(neighbours.get(centre, {}).items(), key=lambda x: -x[1]):
            mine, theirs_part = part_of(centre, other), part_of(other, centre)
            if not free(centre, mine) or not free(other, theirs_part):
                continue
            # Pruning: a member naming none of the actors the group already names
            # states something about someone else, however alike the words.
            theirs = props.keys(units[other])
            if actors and theirs and not actors & theirs:
                continue
            # A long centre can state several claims; its members must all state the same one.
            if claim_span is not None and not (mine[0] < claim_span[1] and claim_span[0] < mine[1]):
                continue
            # A star links each member to the centre only; a third member must also be
            # compatible with the closest one, or the group drifts to a neighbouring claim.
            if len(reps) >= 2 and not _fits_first(props, units[reps[1]], units[other]):
                continue
            if claim_span is None or mine[1] - mine[0] < claim_span[1] - claim_span[0]:
                claim_span = mine
            used.setdefault(other, []).append(theirs_part)
            reps.append(other)
            actors |= theirs
            matched[other] = why[(centre, other)]
            best[other] = max(best.get(other, 0.0), sim)
            best[centre] = max(best.get(centre, 0.0), sim)
        if len(reps) == 1 and not free(centre, whole):
            continue
        used.setdefault(centre, []).append(claim_span or whole)
        group_units = sorted(
            (units[m] for r in reps for m in members_of[r] if m == r or _joins(props, units, reps, r, m, to_rep[m])),
            key=lambda u: u.index,
        )
        if len({u.article_id for u in group_units}) < 2:
            continue
        sims = {u.index: best.get(u.index, 0.0) for u in group_units}
        score = sum(sims.values()) / len(group_units)
        group = ClaimGroup(group_units, sims, score, _shared_terms(group_units), centre, matched)
        group.why = _explain(units[centre], [units[r] for r in reps[1:]], matched, props)
        groups.append(group)
    groups.sort(key=lambda g: (-len(g.articles), -g.score, g.members[0].index))
    for g in groups:
        surface = _surface_of(g.members[:6], set(g.shared_terms))
        g.shared_terms = [surface.get(t, t) for t in g.shared_terms]
    return groups


def _fits_first(props: Props, first: Unit, other: Unit) -> bool:
    """Whether ``other`` could state the claim the group's first member states (see :func:`compatible`)."""
    from sahel_tui.analysis.compare.text import cosine

    cos = cosine(first.vector, other.vector)
    return compatible(props, first, other, max(match_score(first, other, cos), UNNAMED_FLOOR)) is not None


def _joins(props: Props, units: list[Unit], reps: list[int], rep: int, member: int, cos: float) -> bool:
    """Whether ``member``, a near-copy of ``rep``, joins the group ``reps`` (centre first).

    A copy of the centre that is not word for word can be a longer sentence
    holding the centre's claim and another: it must state what a matched member
    states too, or the group would gather two claims through one sentence.
    """
    if not _same_as_rep(props, units[rep], units[member], cos):
        return False
    if rep != reps[0] or len(reps) < 2 or cos >= REPEAT_COSINE:
        return True
    return any(_fits_first(props, units[o], units[member]) for o in reps[1:])


def _same_as_rep(props: Props, rep: Unit, member: Unit, cos: float) -> bool:
    """Whether a near-copy of ``rep`` (same family) states its claim, not just shares its names.

    Families are built on wording alone, so two short sentences sharing a name
    ("Suthers said the suit was without merit" / "Suthers isn't backing down")
    can land in one; a member joins a group only when it is itself a claim and
    says something of them in common with its representative (or repeats it outright).
    """
    if not _is_claim(member):
        return False
    if cos >= REPEAT_COSINE:
        return True
    return len(props.predicate_terms(rep) & props.predicate_terms(member)) >= MIN_PREDICATE_TERMS


def _clause_links(prep: Prepared, props: Props, family: list[int]) -> dict[tuple[int, int], tuple[float, Match]]:
    """Sentence pairs (family representatives) linked through one clause of each (see :mod:`.clauses`).

    Only representatives are split: a near-copy's clauses are its family's, and
    splitting every copy made the pool (and its pairs) grow with the number of
    copies, not of distinct sentences (2.2 GB and 39 s at 2,000 generated articles).
    """
    from collections import Counter

    from sahel_tui.analysis.compare.clauses import CLAUSE_MATCH, CLAUSE_SHARED, build_clauses, whole_sentence
    from sahel_tui.analysis.compare.families import family_articles, source_key
    from sahel_tui.analysis.compare.pairs import similar_pairs

    articles_of = family_articles(prep.units, family)
    reps = [prep.units[i] for i in sorted(articles_of)]
    subjects = {}
    for u in reps:
        subject = props.subject(u)
        if subject is not None:
            subjects[u.index] = subject
    clauses = build_clauses(prep, subjects, reps)
    # Whole sentences take part too, so a clause can match a short sentence stating it alone.
    whole = [whole_sentence(u, len(clauses) + k) for k, u in enumerate(u for u in reps if _is_claim(u))]
    pool = clauses + whole
    if len(pool) < 2:
        return {}
    # Document frequencies over the pool itself, so the index's posting cap and
    # pair budget count the entries this search really generates.
    doc_freq: Counter[str] = Counter()
    for c in pool:
        doc_freq.update(c.counts.keys())
    keys = [source_key(c.unit, articles_of) for c in pool]  # as for sentences
    out: dict[tuple[int, int], tuple[float, Match]] = {}
    # A clause has a unit's terms and counts, which is all the pair search reads.
    # Two whole sentences were already compared as sentences.
    found_pairs = similar_pairs(pool, doc_freq, CLAUSE_MATCH, keys, not_both=[c.whole for c in pool])  # type: ignore[arg-type]
    for (i, j), cos in found_pairs.items():
        a, b = pool[i], pool[j]
        if a.unit.index == b.unit.index:
            continue  # (the keys already keep apart two families found only in one article)
        if len(a.counts.keys() & b.counts.keys()) < CLAUSE_SHARED:
            continue
        ra, rb = a.unit.index, b.unit.index
        key = (ra, rb) if ra < rb else (rb, ra)
        sim = match_score(a, b, cos)  # type: ignore[arg-type]
        if key in out and out[key][0] >= sim:
            # Only the best compatible link of two families counts: one sentence pair can
            # make several clause pairs, and the proposition test is the costly part.
            continue
        found = compatible(props, a, b, cos)  # type: ignore[arg-type]
        if found is None:
            continue
        out[key] = (sim, found)
    return out


def _explain(centre: Unit, others: list[Unit], matched: dict[int, Match], props: Props) -> str:
    """One line saying why the members match: the actors and words they share, and paraphrases bridged."""
    if not others:
        # Only near-copies of one sentence (one family): their wording is the reason.
        return "near-identical wording"
    actors: dict[str, None] = {}
    terms: dict[str, None] = {}
    bridged: dict[str, None] = {}
    for u in others:
        m = matched[u.index]
        actors.update(dict.fromkeys(m.actors))
        terms.update(dict.fromkeys(m.predicate[:5]))
        bridged.update(dict.fromkeys(surface_pairs(centre, u, m.predicate)))
    surface = _surface_of([centre, *others], set(terms))
    parts = []
    if actors:
        parts.append("same actors: " + ", ".join(list(actors)[:4]))
    if terms:
        parts.append("same predicate: " + ", ".join(surface.get(t, t) for t in list(terms)[:6]))
    if bridged:
        parts.append("paraphrase: " + "; ".join(list(bridged)[:3]))
    return "; ".join(parts)


def match_score(a: Unit, b: Unit, cos: float) -> float:
    """Cosine, discounted when the two sentences share fewer than ``FULL_OVERLAP`` terms."""
    shared = len(a.counts.keys() & b.counts.keys())
    return cos * min(1.0, shared / FULL_OVERLAP)


def _shared_terms(units: list[Unit], limit: int = 6) -> list[str]:
    """Terms found in the sentences of at least two articles of the group, most informative first."""
    per_article: dict[str, set[str]] = {}
    for u in units:
        per_article.setdefault(u.article_id, set()).update(u.counts)
    seen: Counter[str] = Counter()
    for terms in per_article.values():
        seen.update(terms)
    weight: dict[str, float] = {}
    for u in units:
        for t, w in u.vector.items():
            weight[t] = max(weight.get(t, 0.0), w)
    shared = [t for t, n in seen.items() if n >= 2]
    shared.sort(key=lambda t: (-weight.get(t, 0.0), t))
    return shared[:limit]


def _is_claim(unit: Unit) -> bool:
    text = unit.sentence.text
    return len(text.split()) >= MIN_CLAIM_WORDS and not text.rstrip().endswith("?")


def single_source_claims(prep: Prepared, groups: list[ClaimGroup], per_article: int = 5) -> list[SingleSourceClaim]:
    """For each article, its most central claims that no other source makes."""
    corroborated = {u.index for g in groups for u in g.members}
    out: list[SingleSourceClaim] = []
    for article in prep.corpus.articles:
        units = prep.by_article.get(article.id, [])
        centroid: dict[str, float] = {}
        for u in units:
            for t, w in u.vector.items():
                centroid[t] = centroid.get(t, 0.0) + w
        norm = math.sqrt(sum(v * v for v in centroid.values())) or 1.0
        scored = []
        for u in units:
            if u.index in corroborated or not _is_claim(u):
                continue
            centrality = sum(w * centroid.get(t, 0.0) for t, w in u.vector.items()) / norm
            scored.append((centrality, u))
        # Repeated sentences (pull quotes) count once: keep the first occurrence.
        seen_texts: set[str] = set()
        ranked = []
        for centrality, u in sorted(scored, key=lambda x: (-x[0], x[1].index)):
            key = u.sentence.text.strip().lower()
            if key in seen_texts:
                continue
            seen_texts.add(key)
            ranked.append((centrality, u))
        for rank, (centrality, u) in enumerate(ranked[:per_article], 1):
            out.append(SingleSourceClaim(SentenceRef.of(u.ref()), rank, round(centrality, 3)))
    return out
