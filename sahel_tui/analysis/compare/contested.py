"""Contested claims: different actors saying conflicting things about the same matter.

The number-and-date check (discrepancies.py) sees two sources disagree on a
figure; it cannot see "Algeria says the drone breached its airspace; Mali says
it was targeting terrorists", which is the disagreement an analyst cares most
about. Here every attributed claim (attribution/) is a candidate, and two
claims form a contested pair when:

1. their speakers are different actors (or unnamed kinds), never the same voice;
2. they are about the same matter: their sentences share at least
   ``MIN_SHARED`` informative content terms (stems, synonyms folded, as the
   comparison's matching uses; actor names left out, so "both name Mali" is
   not a shared matter), weighed by the corpus IDF so that common words of the
   corpus ("security") count for less than rare ones ("drone");
3. something marks a conflict, one of:
   * one side disputes: its reporting verb, or a verb of its sentence, is one of
     contradiction (``accused``, ``denied``, ``rejected``...) and its sentence
     names the other speaker ("Mali ..., accusing Algeria of ...");
   * each side names the other speaker;
   * one side is negated and the other is not, on the same terms.

Each contested claim keeps every claim of each side with its sentence and
citation, and a stable id derived from its sides' text and offsets, so an
analyst's verdict can attach to it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from sahel_tui.analysis.attribution.model import Attribution
from sahel_tui.analysis.compare.text import content_stems, stem

# Verbs whose speaker contradicts or blames someone else (stems of their forms).
DISPUTE_STEMS = frozenset(
    stem(w)
    for w in (
        "accused accusing denied denying rejected rejecting dismissed dismissing disputed disputing countered "
        "countering refuted refuting contradicted contradicting blamed blaming condemned condemning insisted "
        "insisting responded retorted protested protesting criticised criticized criticising criticizing "
        "claimed alleged"
    ).split()
)
_NEGATION = re.compile(r"\b(?:not|no|never|nothing|neither|nor|denied|denies|denying|n[’']t)\b|n[’']t\b", re.IGNORECASE)
MIN_SHARED = 1  # informative terms the two sentences must share
MIN_SHARED_NEGATION = 3  # a negation alone is a weak marker: it needs a closer match
# Discourse words that content_stems keeps but that name no matter.
_NOT_MATTER = frozenset(
    stem(w)
    for w in (
        "meanwhile however also recently already still yet instead moreover furthermore indeed today yesterday "
        "week weeks year years month months day days monday tuesday wednesday thursday friday saturday sunday "
        "said say says told statement official officials"
    ).split()
)
MIN_IDF_SHARE = 0.6  # ...each of them rarer than this share of the corpus's most informative terms
MAX_ITEMS = 40


@dataclass(frozen=True, slots=True)
class ClaimSide:
    """One claim of one side, quoted and cited."""

    who: str
    actor: str | None
    article: str
    sentence_id: str
    verb: str
    text: str  # the claim (article.text[start:end])
    start: int
    end: int
    direct: bool
    sentence: str  # the whole sentence, for context
    citation: str
    attribution: str  # the Attribution id

    def to_json(self) -> dict[str, object]:
        return {
            "who": self.who,
            "actor": self.actor,
            "article": self.article,
            "sentence_id": self.sentence_id,
            "verb": self.verb,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "direct": self.direct,
            "sentence": self.sentence,
            "citation": self.citation,
            "attribution": self.attribution,
        }


@dataclass(slots=True)
class ContestedClaim:
    """Two voices in conflict on one matter; ``sides`` holds exactly two, each with its claims."""

    matter: list[str]  # the shared terms, as written in the first sentence
    why: str  # which conflict marker fired
    sides: list[list[ClaimSide]] = field(default_factory=list)

    @property
    def id(self) -> str:
        raw = "\x00".join(sorted(f"{c.article}:{c.start}:{c.end}:{c.text}" for side in self.sides for c in side))
        return "contested-" + hashlib.sha1(raw.encode("utf-8")).hexdigest()[:12]

    @property
    def kind(self) -> str:
        return "contested"

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "kind": self.kind,
            "matter": self.matter,
            "why": self.why,
            "sides": [
                {"who": side[0].who, "actor": side[0].actor, "claims": [c.to_json() for c in side]} for side in self.sides
            ],
        }


def _voice(a: Attribution) -> str | None:
    """Who speaks, as a key: the actor, else the unnamed kind; None for an unknown pronoun."""
    if a.actor:
        return "actor:" + a.actor
    if a.kind:
        # a bare "officials" could be anyone's: only a kind with an affiliation or a modifier is a voice
        return "kind:" + a.kind.lower() if len(a.kind.split()) >= 2 else None
    if a.speaker.lower() in {"he", "she", "it", "they", "we", "i"}:
        return None
    return "words:" + (a.antecedent or a.speaker).lower()


def contested_claims(
    corpus: Any,
    actors: Sequence[Any],
    attributions: Mapping[str, Sequence[Attribution]],
    idf: Mapping[str, float] | None = None,
    terms_of: Mapping[str, Sequence[tuple[str, int]]] | None = None,
) -> list[ContestedClaim]:
    """Conflicting claims of different speakers on the same matter, most evident first.

    ``terms_of`` maps a sentence id to its ``content_terms``, when the caller
    already has them (the comparison's prepared sentences): they are not redone.
    """
    from sahel_tui.analysis.compare.prepare import citation

    articles = {a.id: a for a in corpus.articles}
    # Words that name actors are not the matter: "Mali" in both claims says who, not what.
    name_stems: set[str] = set()
    actor_stems: dict[str, set[str]] = {}
    for actor in actors:
        forms = [actor.name, *getattr(actor, "aliases", [])]
        stems = {s for f in forms for s in content_stems(f)}
        name_stems |= stems
        actor_stems[actor.id] = stems | {m.surface.lower() for m in actor.mentions[:1]}
    mentions_in: dict[str, set[str]] = {}
    for actor in actors:
        for m in actor.mentions:
            mentions_in.setdefault(m.sentence_id, set()).add(actor.id)
    idf = dict(idf or {})
    top = max(idf.values(), default=1.0)

    items: list[tuple[Attribution, str, Any, set[str]]] = []
    for article_id, atts in attributions.items():
        article = articles.get(article_id)
        if article is None:
            continue
        for a in atts:
            voice = _voice(a)
            sentence = article.sentence(a.sentence_id)
            if voice is None or sentence is None:
                continue
            known = terms_of.get(sentence.id) if terms_of is not None else None
            words_of = [t for t, _ in known] if known is not None else content_stems(sentence.text)
            terms = {t for t in words_of if t not in name_stems and t not in _NOT_MATTER and (not idf or idf.get(t, top) >= MIN_IDF_SHARE * top)}
            items.append((a, voice, sentence, terms))

    def side(a: Attribution, sentence: Any) -> ClaimSide:
        article = articles[a.article]
        return ClaimSide(a.who, a.actor, a.article, a.sentence_id, a.verb, a.text, a.start, a.end, a.direct,
                         sentence.text, citation(article, sentence), a.id)

    # Whether each claim's sentence (or verb) uses a word of dispute: read once per
    # claim, not once per candidate pair (151,702 pairs at 2,000 articles).
    disputing = [
        bool(({stem(w.lower()) for w in re.findall(r"[A-Za-z]+", s.text)} | {stem(a.verb.lower())}) & DISPUTE_STEMS)
        for a, _, s, _ in items
    ]

    def disputes(k: int, other: Attribution) -> bool:
        return disputing[k] and other.actor is not None and other.actor in mentions_in.get(items[k][2].id, set())

    # Per pair of voices, one item per matter: a new pair joins the item whose matter it shares.
    pairs: dict[tuple[str, str], list[tuple[set[str], ContestedClaim]]] = {}
    by_term: dict[str, list[int]] = {}
    for i, (_, _, _, terms) in enumerate(items):
        for t in terms:
            by_term.setdefault(t, []).append(i)
    seen_pairs: set[tuple[int, int]] = set()
    for t, idxs in by_term.items():
        if len(idxs) > 60:
            continue  # a term in that many claims is the corpus's topic, not a matter
        for x in range(len(idxs)):
            for y in range(x + 1, len(idxs)):
                i, j = idxs[x], idxs[y]
                if (i, j) in seen_pairs:
                    continue
                seen_pairs.add((i, j))
                a, va, sa, ta = items[i]
                b, vb, sb, tb = items[j]
                if va == vb or sa.text == sb.text and a.text == b.text:
                    continue
                shared = ta & tb
                if len(shared) < MIN_SHARED:
                    continue
                why = ""
                if disputes(j, a) or disputes(i, b):
                    why = "one side disputes the other"
                elif a.actor and b.actor and b.actor in mentions_in.get(sa.id, set()) and a.actor in mentions_in.get(sb.id, set()):
                    if sa.id != sb.id:
                        why = "each side names the other"
                elif len(shared) >= MIN_SHARED_NEGATION and bool(_NEGATION.search(a.text)) != bool(_NEGATION.search(b.text)):
                    why = "one side negates what the other asserts"
                if not why:
                    continue
                key = (va, vb) if va < vb else (vb, va)
                first, second = (a, sa), (b, sb)
                if va > vb:
                    first, second = second, first
                groups = pairs.setdefault(key, [])
                found = next(((m, it) for m, it in groups if m & shared), None)
                if found is None:
                    found = (set(), ContestedClaim([], why, [[], []]))
                    groups.append(found)
                matter_stems, item = found
                matter_stems |= shared
                for k, (att, sent) in enumerate((first, second)):
                    if not any(c.text == att.text for c in item.sides[k]):
                        item.sides[k].append(side(att, sent))
                item.matter = sorted(set(item.matter) | set(_surface(shared, first[1].text + " " + second[1].text)))
    out = [item for groups in pairs.values() for _, item in groups]
    for item in out:
        for s in item.sides:
            s.sort(key=lambda c: (c.article, c.start))
    out.sort(key=lambda c: (-len(c.matter), c.id))
    return out[:MAX_ITEMS]


def _surface(stems: set[str], text: str) -> list[str]:
    """The words of ``text`` whose stems are ``stems``: what the reader sees as the matter."""
    found = []
    for w in re.findall(r"[^\W\d_][\w’'-]*", text):
        s = stem(w.lower())
        if s in stems and w.lower() not in found:
            found.append(w.lower())
    return found or sorted(stems)
