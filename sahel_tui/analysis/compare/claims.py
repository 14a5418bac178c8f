"""Claims across sources: corroborated groups and single-source claims.

Sentences from different articles whose TF-IDF cosine (over stems, folded
synonyms and normalised figures) reaches ``CORROBORATION_THRESHOLD`` are linked;
linked sentences form groups. A group whose sentences come from two or more
articles is corroborated. What remains is said by one source only, ranked by
how central the sentence is to its own article.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from sahel_tui.analysis.compare.prepare import Prepared, Unit

CORROBORATION_THRESHOLD = 0.24
# Cosine alone rewards short sentences sharing one word ("That has to change."):
# a match needs several shared terms before its cosine counts in full.
FULL_OVERLAP = 4
# A claim needs some substance: very short body sentences are captions or asides.
MIN_CLAIM_WORDS = 6


@dataclass(slots=True)
class ClaimGroup:
    members: list[Unit]
    similarities: dict[int, float]  # unit index -> best similarity to another member
    score: float
    shared_terms: list[str]

    @property
    def articles(self) -> list[str]:
        seen: dict[str, None] = {}
        for u in self.members:
            seen.setdefault(u.article_id, None)
        return list(seen)

    def to_json(self, number: int) -> dict[str, object]:
        return {
            "id": f"claim-{number}",
            "articles": self.articles,
            "sources": len(self.articles),
            "score": round(self.score, 3),
            "shared_terms": self.shared_terms,
            "members": self._members_json(),
        }

    def _members_json(self) -> list[dict[str, object]]:
        # A sentence an article repeats word for word (a pull quote) is listed
        # once, with the ids of its repeats, so it cannot look like extra support.
        out: list[dict[str, object]] = []
        first: dict[tuple[str, str], dict[str, Any]] = {}
        for u in self.members:
            key = (u.article_id, u.sentence.text)
            if key in first:
                first[key]["repeats"].append(u.sentence.id)
                continue
            item = {**u.ref(), "similarity": round(self.similarities.get(u.index, 0.0), 3), "repeats": []}
            first[key] = item
            out.append(item)
        return out


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
    prep: Prepared, pairs: dict[tuple[int, int], float], family: list[int] | None = None
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
    family = family if family is not None else [u.index for u in units]
    members_of: dict[int, list[int]] = {}
    for u in units:
        members_of.setdefault(family[u.index], []).append(u.index)
    best: dict[int, float] = {}
    for rep, members in members_of.items():
        for m in members:
            if m != rep:
                sim = cosine(units[rep].vector, units[m].vector)
                best[m] = sim
                best[rep] = max(best.get(rep, 0.0), sim)

    neighbours: dict[int, dict[int, float]] = {}
    for (i, j), cos in pairs.items():
        if cos < CORROBORATION_THRESHOLD or not (_is_claim(units[i]) and _is_claim(units[j])):
            continue
        sim = match_score(units[i], units[j], cos)
        if sim >= CORROBORATION_THRESHOLD:
            neighbours.setdefault(i, {})[j] = sim
            neighbours.setdefault(j, {})[i] = sim

    def centrality(rep: int) -> tuple[int, int, int]:
        return (-len(neighbours.get(rep, ())), -len(members_of[rep]), rep)

    candidates = [r for r in members_of if _is_claim(units[r]) and (neighbours.get(r) or len(members_of[r]) > 1)]
    assigned: set[int] = set()
    groups: list[ClaimGroup] = []
    for centre in sorted(candidates, key=centrality):
        if centre in assigned:
            continue
        assigned.add(centre)
        reps = [centre]
        for other, sim in sorted(neighbours.get(centre, {}).items(), key=lambda x: -x[1]):
            if other not in assigned:
                assigned.add(other)
                reps.append(other)
                best[other] = max(best.get(other, 0.0), sim)
                best[centre] = max(best.get(centre, 0.0), sim)
        group_units = sorted((units[m] for r in reps for m in members_of[r]), key=lambda u: u.index)
        if len({u.article_id for u in group_units}) < 2:
            continue
        sims = {u.index: best.get(u.index, 0.0) for u in group_units}
        score = sum(sims.values()) / len(group_units)
        groups.append(ClaimGroup(group_units, sims, score, _shared_terms(group_units)))
    groups.sort(key=lambda g: (-len(g.articles), -g.score, g.members[0].index))
    for g in groups:
        surface = _surface_of(g.members[:6], set(g.shared_terms))
        g.shared_terms = [surface.get(t, t) for t in g.shared_terms]
    return groups


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


def single_source_claims(
    prep: Prepared, groups: list[ClaimGroup], per_article: int = 5
) -> list[dict[str, object]]:
    """For each article, its most central claims that no other source makes."""
    corroborated = {u.index for g in groups for u in g.members}
    out: list[dict[str, object]] = []
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
            out.append({**u.ref(), "rank": rank, "centrality": round(centrality, 3)})
    return out
