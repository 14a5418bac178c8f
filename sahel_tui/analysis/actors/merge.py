"""Corpus-level merging: which discovered names are one actor.

Names become nodes of a union-find; these rules join them:

* an acronym and its expansion ("AQIM" / "al-Qaeda in the Islamic Maghreb");
* a leading state modifier is stripped when the rest is itself a name
  ("Russian Wagner Group" -> "Wagner Group"), but kept when the rest is only
  generic words ("Malian Armed Forces", "U.S. Africa Command");
* a party or group is also known by its distinctive word ("Ennahda Party" ->
  "Ennahda");
* a surname joins the full name ("Attaf" -> "Ahmed Attaf", "ag Ghali" ->
  "Iyad ag Ghali") when only one person in the corpus has it; otherwise it
  is an alias only inside the articles that name that person in full;
* a misspelling joins the name it is one typo from (Damerau–Levenshtein/OSA
  via rapidfuzz: "Ennhada" / "Ennahda"), never for states or acronyms;
* a singular and its plural ("Arab" / "Arabs");
* names of one agreement ("Algiers Agreement" / "Algiers Peace Accord").

A sentence-initial word is capitalised by grammar: it stays in a name only if
the same word is capitalised mid-sentence somewhere in the corpus.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sahel_tui.analysis.actors import gazetteer
from sahel_tui.analysis.actors.curated import Entry
from sahel_tui.analysis.actors.lexicon import (
    DISCOURSE,
    GENERIC_NAME_WORDS,
    HEAD_TYPES,
    HEADING_WORDS,
    MONTHS,
    NAME_CONNECTORS,
    NAME_PARTICLES,
    NOISE_WORDS,
    TITLES,
    WEEKDAYS,
)
from sahel_tui.analysis.actors.news import ORG_HEADS
from sahel_tui.analysis.actors.types import name_evidence

_AGREEMENT_HEADS = frozenset("Agreement Agreements Accord Accords Deal Treaty Pact".split())
_SHORT_HEADS = frozenset("Party Group Movement Front Brigade Brigades Militia".split())
_STOP = DISCOURSE | NOISE_WORDS | HEADING_WORDS | MONTHS | WEEKDAYS
# Title words ("Bishop", "Minister") and numbers ("World War One") never stand
# alone for one person: "Julie Bishop" is not "Bishop John Folda".
_TITLE_WORDS = frozenset(w.rstrip(".") for t in TITLES for w in t.split())
_NEVER_SURNAMES = _TITLE_WORDS | frozenset(
    "One Two Three Four Five Six Seven Eight Nine Ten Eleven Twelve Hundred Thousand Million Jr Sr II III IV".split()
)


@dataclass(slots=True)
class Cluster:
    names: list[str] = field(default_factory=list)  # discovered forms, first seen first
    aliases: set[str] = field(default_factory=set)  # extra forms to match everywhere
    scoped: dict[str, set[str]] = field(default_factory=dict)  # alias -> articles where it applies
    kinds: set[str] = field(default_factory=set)
    roles: list[str] = field(default_factory=list)
    evidence: dict[str, float] = field(default_factory=dict)
    expansions: list[str] = field(default_factory=list)
    acronyms: list[str] = field(default_factory=list)
    modified: set[str] = field(default_factory=set)  # "Russian Wagner Group": never the canonical name
    surnames: set[str] = field(default_factory=set)  # provisional: dropped if the actor is no person
    # Why each form joined this actor: form -> reason ("acronym defined in art2-p4-s1").
    reasons: dict[str, str] = field(default_factory=dict)
    curated: Entry | None = None
    place: gazetteer.Place | None = None  # for states and places


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def add(self, x: str) -> None:
        self.parent.setdefault(x, x)

    def find(self, x: str) -> str:
        self.add(x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


def _distinctive(words: list[str]) -> bool:
    """Has a word that is not generic, a head noun, a connector or a place."""
    return any(
        w not in GENERIC_NAME_WORDS and w not in HEAD_TYPES and w not in NAME_CONNECTORS
        and w not in _STOP and gazetteer.lookup(w) is None
        for w in words
    )


def surnames(name: str) -> list[str]:
    """"Iyad ag Ghali" -> ["ag Ghali", "Ghali"]; "François Hollande" -> ["Hollande"]."""
    words = name.split()
    if len(words) < 2:
        return []
    out = []
    if len(words) >= 3 and words[-2] in NAME_PARTICLES:
        out.append(f"{words[-2]} {words[-1]}")
    last = words[-1]
    if len(last) >= 3 and last not in _STOP and last not in HEAD_TYPES and last not in _NEVER_SURNAMES and (
        (place := gazetteer.lookup(last)) is None or place.how in ("subdivision", "region")
    ):
        out.append(last)
        if last[:3] in ("al-", "el-") and len(last) > 6:
            out.append(last[3:])  # "al-Burhan" is also plain "Burhan"
    return out


def _personish(name: str, kinds: set[str], evidence: dict[str, float] | None = None) -> bool:
    if "titled" in kinds or "byline" in kinds:
        return True
    if evidence and evidence.get("person", 0.0) >= 2.0 and " " in name:
        return True  # "the batsman Desmond Lara", "Lara, 27,": context beats the gazetteer
    ev = name_evidence(name)
    return bool(ev) and max(ev, key=lambda t: ev[t]) == "person" and " " in name


def build_clusters(discoveries: dict[str, dict[str, Any]]) -> list[Cluster]:
    """Merge every article's candidates into clusters of one actor each."""
    capitalised: set[str] = set()
    lowercase: set[str] = set()
    for d in discoveries.values():
        capitalised.update(d["capitalised"])
        lowercase.update(d.get("lowercase", ()))
    # First pass: settle each candidate's name (sentence-initial words, modifiers).
    rows: list[tuple[str, str, list[Any]]] = []  # (name, article, candidate)
    for article, d in discoveries.items():
        for cand in d["candidates"]:
            name = _settle_initial(cand, capitalised, lowercase)
            if cand[2] == "single" and (
                name is None or name.lower() in lowercase or name in _TITLE_WORDS or gazetteer.near_state(name)
            ):
                continue  # a common word ("Year", "Network") capitalised for emphasis
            if name and gazetteer.lookup(name) is None:
                rows.append((name, article, cand))
    known = {name for name, _, _ in rows}
    # An acronym defined two different ways in the corpus ("MLF") is only an
    # alias inside the articles that define it; elsewhere it stands alone.
    meanings: dict[str, set[str]] = {}
    for name, _article, cand in rows:
        if cand[2] == "acronym" and cand[5]:
            meanings.setdefault(name, set()).add(cand[5].casefold())
    ambiguous = {acr for acr, longs in meanings.items() if len(longs) > 1}
    scoped: dict[str, dict[str, set[str]]] = {}

    uf = _UnionFind()
    info: dict[str, Cluster] = {}
    why: dict[str, str] = {}  # form -> why it joined another form (the first reason found wins)

    def join(keep: str, other: str, reason: str) -> None:
        if uf.find(keep) != uf.find(other):
            why.setdefault(other, reason)
        uf.union(keep, other)

    articles_of: dict[str, set[str]] = {}

    def node(name: str) -> Cluster:
        uf.add(name)
        return info.setdefault(name, Cluster(names=[name]))

    for name, article, cand in rows:
        _, _sid, kind, _initial, role, partner, evidence = cand
        words = name.split()
        if kind == "run" and len(words) >= 2 and _is_state_word(words[0]) and not (
            len(words) == 2 and (words[1] in HEAD_TYPES or words[1] in ORG_HEADS)  # "British Airways"
        ):
            rest = " ".join(words[1:])
            if rest in known or (len(words) > 2 and _distinctive(words[1:])):
                node(rest).modified.add(name)
                articles_of.setdefault(rest, set()).add(article)
                continue
            if len(words) == 2:
                continue  # "Tunisian Islamists": a state plus a common noun
        c = node(name)
        articles_of.setdefault(name, set()).add(article)
        c.kinds.add(kind)
        if role and role not in c.roles:
            c.roles.append(role)
        for t, w in evidence.items():
            c.evidence[t] = max(c.evidence.get(t, 0.0), w)
        if kind == "acronym" and partner:
            if name in ambiguous:
                scoped.setdefault(partner, {}).setdefault(name, set()).add(article)
                continue
            node(partner).expansions.append(partner)
            c.acronyms.append(name)
            join(partner, name, f"acronym defined in {_sid}")
        elif kind == "named" and partner and gazetteer.lookup(partner) is None:
            node(partner)
            join(partner, name, f"named as {partner} in {_sid}")  # "X, better known as Y"
        elif kind == "expansion" and partner:
            c.expansions.append(name)
            if partner not in ambiguous:
                join(name, partner, f"acronym defined in {_sid}")

    names = list(info)
    extra_alias: dict[str, set[str]] = {}
    # Short names of parties and groups: "Ennahda Party" -> "Ennahda".
    for name in names:
        words = name.split()
        if len(words) == 2 and words[1] in _SHORT_HEADS and _distinctive(words[:1]):
            extra_alias.setdefault(name, set()).add(words[0])
            why.setdefault(words[0], f"short name of {name}")
            if words[0] in info:
                join(name, words[0], f"short name of {name}")
    # Companies by their short name: "Pirelli SpA" -> "Pirelli", "Barnett Banks Inc" -> "Barnett Banks".
    for name in names:
        short = _company_short(name)
        if short and short not in extra_alias.get(name, ()) and gazetteer.lookup(short) is None:
            extra_alias.setdefault(name, set()).add(short)
            why.setdefault(short, f"short name of {name}")
            if short in info:
                join(name, short, f"short name of {name}")
    # A bare acronym whose letters are the initials of exactly one name in the
    # corpus: "WFP" / "World Food Programme", "NATO" / "North Atlantic Treaty Organization".
    by_initials: dict[str, set[str]] = {}
    for name in names:
        words = [w for w in name.split() if w not in NAME_CONNECTORS and w[:1].isupper()]
        if len(words) >= 3 and len(words) == len(name.split()) - sum(w in NAME_CONNECTORS for w in name.split()):
            by_initials.setdefault("".join(w[0] for w in words), set()).add(name)
    for name in names:
        c = info[name]
        if "acronym" in c.kinds and name.isalpha() and name.isupper() and name not in ambiguous:
            owners = by_initials.get(name, set())
            if len(owners) == 1:
                owner = next(iter(owners))
                join(owner, name, f"initials of {owner}, the only such name in the corpus")
                info[owner].expansions.append(owner)
                c.acronyms.append(name)
    # One agreement, several names: "Algiers Agreement" / "Algiers Peace Accord".
    by_agreement: dict[str, str] = {}
    for name in names:
        words = name.split()
        if len(words) >= 2 and words[-1] in _AGREEMENT_HEADS:
            stem = " ".join(w for w in words[:-1] if w != "Peace")
            if stem and stem in by_agreement:
                join(by_agreement[stem], name, f"another name of {by_agreement[stem]}")
            elif stem:
                by_agreement[stem] = name
    # Plurals of single words: "Arab" / "Arabs".
    for name in names:
        if " " not in name and name + "s" in info:
            join(name, name + "s", f"plural of {name}")
            info[name].modified.add(name + "s")  # "Arab", not "Arabs", names the actor
        elif " " not in name and "cued" in info[name].kinds and not name.endswith("s"):
            extra_alias.setdefault(name, set()).add(name + "s")
    # Surnames.
    by_surname: dict[str, set[str]] = {}
    for name in names:
        if _personish(name, info[name].kinds, info[name].evidence):
            for s in surnames(name):
                by_surname.setdefault(s, set()).add(name)
    single = {_particle_key(n): n for n in names if " " not in n or n.split()[0].lower() in NAME_PARTICLES}
    for surname, owners in by_surname.items():
        roots = {uf.find(o) for o in owners}
        # A surname that is also a common word or a place ("Young", "Lara") is
        # only an alias where the article names the person in full.
        common = surname.lower() in lowercase or gazetteer.lookup(surname) is not None
        if len(roots) == 1 and not common:
            owner = next(iter(owners))
            extra_alias.setdefault(owner, set()).add(surname)
            why.setdefault(surname, f"surname of {owner}, the only person in the corpus with it")
            info[owner].surnames.add(surname)
            found = single.get(_particle_key(surname))
            if found is not None:
                # "Ag Ghali" at a sentence start is "ag Ghali"
                join(owner, found, f"surname of {owner}, the only person in the corpus with it")
        else:
            for owner in owners:
                scoped.setdefault(owner, {}).setdefault(surname, set()).update(articles_of.get(owner, ()))
                info[owner].surnames.add(surname)
                info[owner].reasons.setdefault(surname, f"surname of {owner}, only in the articles naming {owner} in full")
    _fuzzy_union(uf, names + [a for v in extra_alias.values() for a in v], extra_alias, why)

    clusters: dict[str, Cluster] = {}
    for name in names:
        root = uf.find(name)
        c = clusters.setdefault(root, Cluster(names=[]))
        src = info[name]
        c.names.append(name)
        c.aliases |= extra_alias.get(name, set()) | src.modified
        c.modified |= src.modified
        c.surnames |= src.surnames
        c.kinds |= src.kinds
        c.roles += [r for r in src.roles if r not in c.roles]
        for t, w in src.evidence.items():
            c.evidence[t] = max(c.evidence.get(t, 0.0), w)
        c.expansions += src.expansions
        c.acronyms += src.acronyms
        for form in [name, *extra_alias.get(name, ())]:
            if form in why:
                c.reasons.setdefault(form, why[form])
        for form in src.modified:
            c.reasons.setdefault(form, why.get(form, f"{name} with a state's name before it"))
        for form, reason in src.reasons.items():
            c.reasons.setdefault(form, reason)
        for alias, arts in scoped.get(name, {}).items():
            c.scoped.setdefault(alias, set()).update(arts)
    return list(clusters.values())


_COMPANY_SUFFIXES = frozenset(
    "Inc Inc. Corp Corp. Co Co. Ltd Ltd. Limited Plc PLC plc SpA SA AG NV BV AB ASA Oy GmbH KK Bhd Tbk Holdings "
    "Holding Group Corporation Company".split()
)


def _company_short(name: str) -> str | None:
    """The name without its legal suffixes, if it had one and what is left is distinctive."""
    words = name.split()
    k = len(words)
    while k > 1 and words[k - 1] in _COMPANY_SUFFIXES:
        k -= 1
    if k == len(words) or k == 0:
        return None
    rest = words[:k]
    if rest[-1] in ("&", "and") or not _distinctive(rest):
        return None
    return " ".join(rest)


def _particle_key(name: str) -> str:
    first, _, rest = name.partition(" ")
    return f"{first.lower()} {rest}" if rest and first.lower() in NAME_PARTICLES else name


def _settle_initial(cand: list[Any], capitalised: set[str], lowercase: set[str]) -> str | None:
    """Drop a sentence-initial word that is never capitalised mid-sentence.

    Inside a longer name ("Human Rights Watch said ...") the first word is
    kept unless it is a grammar word or the corpus also writes it in lower case.
    """
    name: str = cand[0]
    kind, initial = cand[2], cand[3]
    if not initial:
        return name
    first, _, rest = name.partition(" ")
    if first in capitalised:
        return name
    if (
        kind == "run"
        and rest
        and all(w[:1].isupper() for w in rest.split())  # "Human Rights Watch", not "Fighters of the RSF"
        and first not in _STOP
        and first.lower() not in lowercase | NAME_PARTICLES
    ):
        return name
    # "Fighters of the Islamic State ...": the connectors went with the dropped word.
    words = rest.split(" ")
    while words and words[0][:1].islower() and words[0][:3] not in ("al-", "el-"):
        words.pop(0)
    rest = " ".join(words)
    if kind != "run" or not rest or (" " not in rest and not _one_word_name(rest)):
        return None
    return rest


def _one_word_name(word: str) -> bool:
    return word[:3] in ("al-", "el-") or sum(c.isupper() for c in word) >= 2


def _is_state_word(word: str) -> bool:
    """A state's name or demonym used as a modifier ("Russian", "U.S."), not a
    capital: "Algiers Agreement" is an agreement named after a city."""
    place = gazetteer.lookup(word)
    return place is not None and place.type == "state" and place.how != "capital"


def _fuzzy_union(uf: _UnionFind, forms: list[str], extra_alias: dict[str, set[str]], why: dict[str, str]) -> None:
    """Join forms one typo apart (two for long names). Acronyms and states are exact."""
    from rapidfuzz.distance import OSA  # deferred: a compiled extension

    owner_of = {a: n for n, aliases in extra_alias.items() for a in aliases}
    pool = sorted(
        {
            f
            for f in forms
            if len(f) >= 5
            and sum(c.isupper() for c in f) < len(f.replace(" ", "")) / 2
            and not any(c.isdigit() for c in f)  # "Unit 12" / "Unit 13" differ on purpose
        },
        key=len,
    )
    buckets: dict[str, list[str]] = {}
    for f in pool:
        buckets.setdefault(f[0].lower(), []).append(f)
    for group in buckets.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if len(b) - len(a) > 2:
                    break
                if a.count(" ") != b.count(" ") or a.lower() == b.lower() + "s" or b.lower() == a.lower() + "s":
                    continue
                limit = 2 if min(len(a), len(b)) >= 9 else 1
                if OSA.distance(a, b, score_cutoff=limit) <= limit and _fuzzy_ok(a, b):
                    keep, other = owner_of.get(a, a), owner_of.get(b, b)
                    if uf.find(keep) != uf.find(other):
                        why.setdefault(b, f"spelling of {a} (one typo apart)")
                        why.setdefault(a, f"spelling of {b} (one typo apart)")
                    uf.union(keep, other)


def _fuzzy_ok(a: str, b: str) -> bool:
    """Two names of people differing in a whole word are two people, not a typo."""
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb):
        return False
    diffs = [(x, y) for x, y in zip(wa, wb) if x != y]
    if len(diffs) != 1:
        return False
    x, y = diffs[0]
    # Numbered names ("Unit 12" / "Unit 13") differ on purpose; short words are too easily confused.
    return min(len(x), len(y)) >= 4 and not any(c.isdigit() for c in x + y)
