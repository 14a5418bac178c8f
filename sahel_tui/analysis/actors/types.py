"""How an actor's type is decided.

Each actor collects *evidence*: weights for the seven types, from four sources.

1. The gazetteer decides outright. A state name, a demonym or a capital used
   as a metonym is a ``state``; a region, an ISO subdivision, or a capital
   after a locative word ("in Bamako") is a ``place``. Nothing overrides it.
2. The name itself (``name_evidence``):
   * its head noun, the last word: Party -> party; Group, Brigade, Front,
     Militia -> armed_group; Union, Nations, Command, Mission, Program,
     Alliance, Council -> organisation; Agreement, Accord, Operation -> other;
     Desert, Region, Valley -> place;
   * words that only armed groups carry (Jihad, Ansar, Qaeda, "Islamic State");
   * a known given name first, or a name particle (ag, bin, ould) -> person;
   * a bare acronym leans organisation; two or three plain capitalised words
     lean person (most such bigrams in news are people), weakly.
3. How the text introduces it (discovery): a title ("General Carter Ham")
   makes a person outright; "a group called X" borrows the group's kind.
4. Its context at every mention (patterns.mention_context): the noun before it
   ("Islamist group Ansar Dine", "groups like JNIM" in a text about conflict),
   the noun after it ("Tuareg ethnic group", "Hezbollah fighters"), a role
   noun ("clerics like Mahmoud Dicko"), ", who", a defining appositive
   ("Boko Haram, Nigeria's homegrown Islamist organization"), locatives.

Context weights are summed over mentions but capped per type, so a frequent
weak cue cannot outvote one strong one. The highest total wins; ties go to the
more specific type in ``PRIORITY``. With no evidence at all the type is "other".
"""

from __future__ import annotations

from sahel_tui.analysis.actors.news import CLUB_OPENERS, ORG_HEADS, ORG_OPENERS
from sahel_tui.analysis.actors.lexicon import (
    ARMED_NAME_PHRASES,
    ARMED_NAME_WORDS,
    GIVEN_NAMES,
    HEAD_TYPES,
    NAME_CONNECTORS,
)

PRIORITY = ("person", "armed_group", "party", "organisation", "state", "place", "other")
_PERSON_PARTICLES = frozenset("ag bin ibn ould wuld ben abu van von".split())
CONTEXT_CAP = 8.0
_EVENT_WORDS = frozenset("War Wars Cup Games Olympics Championship Championships Open Tour Series Festival Grand".split())
# Holidays and the Olympics, in any name: what a name holding one of them names is an occasion.
_OCCASION_WORDS = frozenset(
    "Christmas Christmases Easter Ramadan Eid Hanukkah Diwali Thanksgiving Halloween Olympic Olympics Paralympic "
    "Paralympics".split()
)
_COMPASS = frozenset("North South East West Northern Southern Eastern Western Central Upper Lower Greater".split())


def _has_place_word(words: list[str]) -> bool:
    from sahel_tui.analysis.actors import gazetteer

    return any((place := gazetteer.lookup(w)) is not None and place.how != "demonym" for w in words)


_CIVIL_GROUP_WORDS = frozenset(
    "International Crisis Research Study Working Contact Advisory Consulting Media Bank Minority Rights Policy "
    "Banking Investment Holding Financial Parliamentary Friendship".split()
)
_KUNYA = frozenset("Abu Abou Umm Oum".split())  # "father of": opens many noms de guerre


def _place_head(words: list[str]) -> bool:
    return any(HEAD_TYPES.get(w) == "place" for w in words)


def name_evidence(name: str) -> dict[str, float]:
    """What the words of one name say about its type."""
    ev: dict[str, float] = {}
    words = name.split()
    if not words:
        return ev

    def add(t: str, w: float) -> None:
        ev[t] = max(ev.get(t, 0.0), w)

    parts = {p for w in words for p in w.replace("’", "'").split("-")}
    if any(p in name for p in ARMED_NAME_PHRASES) or parts & ARMED_NAME_WORDS or words[0].startswith("ISIS"):
        add("armed_group", 4.0)
    head = words[-1]
    if head in HEAD_TYPES and len(words) > 1:
        add(HEAD_TYPES[head], 2.5)
    if len(words) > 1 and (head.rstrip(".") in ORG_HEADS or words[0] in CLUB_OPENERS or words[0] in ORG_OPENERS):
        # "Barnett Banks Inc", "Federal Reserve", "Real Madrid", "Air France".
        add("organisation", 3.0)
    if head == "Group" and set(words) & _CIVIL_GROUP_WORDS:
        add("organisation", 3.0)  # "International Crisis Group", "World Bank Group"
    # With a complement the head comes before it: "Alliance of Sahel States",
    # "International Support Mission to Mali".
    first_connector = next((k for k, w in enumerate(words) if k > 0 and w in NAME_CONNECTORS), None)
    if first_connector is not None and words[first_connector - 1] in HEAD_TYPES:
        add(HEAD_TYPES[words[first_connector - 1]], 2.5)
    if any(HEAD_TYPES.get(w) == "other" and w in _EVENT_WORDS for w in words[:-1]):
        add("other", 2.0)  # "World War One", "World Cup Final"
    if words[0] in ("Operation", "Opération"):
        add("other", 4.0)
    if parts & _OCCASION_WORDS and HEAD_TYPES.get(head, "other") == "other" and head.rstrip(".") not in ORG_HEADS:
        # "Christmas", "Sydney Olympic", "Ramadan": an occasion, not someone who acts
        # ("the International Olympic Committee" keeps its head's type).
        add("other", 4.0)
    # Lower-case words, except Arabic articles, which names of people carry too.
    lowers = [w for w in words if w.islower() or ("-" in w and w.split("-")[0].islower() and w[:3] not in ("al-", "el-"))]
    if (words[0] in GIVEN_NAMES or words[0] in _KUNYA) and 2 <= len(words) <= 4:
        add("person", 2.0)
    if any(w in _PERSON_PARTICLES for w in words[1:-1]):
        add("person", 2.0)
    if any(w in NAME_CONNECTORS for w in lowers):
        add("organisation", 0.5)
    if head not in HEAD_TYPES and first_connector is None and len(words) > 1 and _has_place_word(words):
        # "West Darfur", "Port Sudan": a place named after a place. Two words
        # of which only one is a place, with no compass word, are more often a
        # company or a club named after it ("Air France", "Dynamo Moscow").
        if words[0] in _COMPASS:
            add("place", 3.0)
        elif len(words) == 2 and not all(_has_place_word([w]) for w in words) and not _place_head(words):
            add("organisation", 1.2)
        else:
            add("place", 1.0)
    if len(words) == 1 and sum(c.isupper() for c in name) >= 2:
        add("organisation", 0.5)
    elif 2 <= len(words) <= 4 and not lowers and head not in HEAD_TYPES:
        add("person", 0.6)
    return ev


def decide(
    name_ev: dict[str, float],
    discovery_ev: dict[str, float],
    context_ev: dict[str, float],
    fixed: str | None = None,
) -> str:
    """The type with the most evidence; ``fixed`` (from the gazetteer) wins outright."""
    if fixed:
        return fixed
    total: dict[str, float] = {}
    for source, cap in ((name_ev, None), (discovery_ev, None), (context_ev, CONTEXT_CAP)):
        for t, w in source.items():
            if t not in PRIORITY:
                continue  # "any": a cue that revealed the actor without typing it
            total[t] = total.get(t, 0.0) + (min(w, cap) if cap else w)
    if not total:
        return "other"
    best = max(total.values())
    return next(t for t in PRIORITY if total.get(t, 0.0) == best)
