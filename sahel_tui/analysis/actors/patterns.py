"""Local patterns around a name: titles, naming cues, cue nouns, appositives.

Two kinds of work live here:

* *discovery* of names the capitalised-run rule would miss or get wrong:
  "Foreign Minister Attaf" (a title makes a single word a person and gives a
  role), "a group called Signatories in Blood" (a naming cue vouches for a
  name with lower-case connectors), "Tuareg leaders" (a cue noun makes a
  single capitalised word a collective actor);
* *context* read at every mention: the words around a name that say what it
  is (types.py weighs them) and the appositive that defines it ("Boko Haram,
  Nigeria's homegrown Islamist organization").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sahel_tui.analysis.actors import gazetteer
from sahel_tui.analysis.actors.lexicon import (
    ARMED_ADJECTIVES,
    CONFLICT_STEMS,
    DISCOURSE,
    ETHNIC_CUES,
    FOLLOWER_NOUNS,
    GROUP_NOUNS,
    HEAD_TYPES,
    NAME_CONNECTORS,
    NAMING_CUES,
    NOISE_WORDS,
    PARTY_CUES,
    PERSON_PRONOUNS,
    ROLE_MODIFIERS,
    ROLE_NOUNS,
    TITLES,
)
from sahel_tui.analysis.actors.names import is_cap_word
from sahel_tui.analysis.actors.news import ORG_HEADS
from sahel_tui.analysis.actors.tokens import Token

_ABBREVIATED = {
    "gen.": "General", "lt. gen.": "Lieutenant General", "maj. gen.": "Major General",
    "brig. gen.": "Brigadier General", "col.": "Colonel", "lt. col.": "Lieutenant Colonel",
    "lt.": "Lieutenant", "capt.": "Captain", "cmdr.": "Commander", "sgt.": "Sergeant", "sen.": "Senator",
    "rep.": "Representative", "gov.": "Governor", "prof.": "Professor",
}
# (words, canonical role), longest first so "Prime Minister" beats "Minister".
_TITLE_WORDS: list[tuple[tuple[str, ...], str]] = sorted(
    ((tuple(w.rstrip(".").lower() for w in t.replace("-", " - ").split() if w != "-"), _ABBREVIATED.get(t.lower(), t))
     for t in TITLES),
    key=lambda x: -len(x[0]),
)
_DETERMINERS = frozenset("the a an".split())
_LOCATIVES = frozenset("in near at from into outside inside across around throughout within toward towards via".split())
# Before a name, these put it on the map; "at", "from", "to" precede people too often.
_STRONG_LOCATIVES = frozenset("in near into outside inside across around throughout within".split())
_PLACE_NOUNS = frozenset("region province town city village area field fields border oasis desert district capital outskirts".split())
_PLACE_OF = frozenset("town city village region province district capital outskirts suburb".split())
_CLOSERS = set(",.;:—–)”\"")
_LANGUAGES = frozenset(
    "English Arabic French Spanish Portuguese Russian Chinese Hausa Tamasheq Fulfulde Bambara Somali Amharic "
    "Swahili Berber Tamazight Wolof Songhai Kanuri Tigrinya Oromo Persian Farsi Pashto Dari Urdu Turkish Hebrew".split()
)
_PREPOSITIONS = frozenset("in on at for to from with by after before since during under over".split())


@dataclass(slots=True)
class Found:
    """A name that a pattern vouches for, with what the pattern says about it."""

    start: int  # token index of the name's first word
    end: int  # token index after its last word
    kind: str  # "titled", "named", "cued"
    role: str | None = None
    evidence: dict[str, float] = field(default_factory=dict)
    partner: str | None = None  # the full name a nickname belongs to


@dataclass(slots=True)
class Context:
    """What the words around one mention say."""

    evidence: dict[str, float] = field(default_factory=dict)
    roles: list[str] = field(default_factory=list)
    description: str | None = None
    description_rank: int = 9  # lower is better: 1 appositive, 2 "who is", 3 descriptor before the name

    def add(self, type_: str, weight: float) -> None:
        self.evidence[type_] = self.evidence.get(type_, 0.0) + weight


def _spaced(tok: Token) -> bool:
    return tok.gap == "" or tok.gap.isspace()


def is_conflict_text(text: str) -> bool:
    """Does the text talk about armed conflict? Then an unqualified "group" is an armed group."""
    low = text.lower()
    return any(stem in low for stem in CONFLICT_STEMS)


def _name_after(tokens: list[Token], j: int, max_words: int = 4) -> int:
    """End index of a personal name starting at tokens[j] (capitalised words and particles)."""
    k, words = j, 0
    while k < len(tokens) and words < max_words:
        t = tokens[k]
        if k > j and (not _spaced(t) or tokens[k - 1].possessive):
            break
        if is_cap_word(t) and t.text not in DISCOURSE and t.text not in NOISE_WORDS:
            words += 1
            k += 1
        elif t.is_particle and k + 1 < len(tokens) and is_cap_word(tokens[k + 1]) and k > j:
            k += 1
        else:
            break
    return k


def titled_names(tokens: list[Token]) -> list[Found]:
    """"President François Hollande", "Algeria's Foreign Minister, Ahmed Attaf"."""
    found: list[Found] = []
    i = 0
    firsts = _TITLES_BY_FIRST
    while i < len(tokens):
        # Most words open no title: one dict probe on the lowered word skips them
        # (every body sentence of the corpus comes through here).
        if tokens[i].text.lower() not in firsts:
            i += 1
            continue
        match = _title_at(tokens, i)
        if match is None:
            i += 1
            continue
        length, role = match
        j = i + length
        if j >= len(tokens):
            break
        comma = tokens[j].gap.strip() == ","
        if not (_spaced(tokens[j]) or comma or tokens[j].gap.strip() == "."):
            i = j
            continue
        end = _name_after(tokens, j)
        words = end - j
        name = " ".join(t.text for t in tokens[j:end])
        ok = (
            words >= 1
            and (not comma or words >= 2)
            and tokens[end - 1].text not in HEAD_TYPES
            # "General Motors", "General Electric": a company's head after a title word
            # makes the whole a company, not a general called Motors.
            and tokens[end - 1].text not in ORG_HEADS
            and gazetteer.lookup(name) is None
            and gazetteer.lookup(tokens[j].text) is None
        )
        if ok:
            found.append(Found(j, end, "titled", _qualified(tokens, i, role), {"person": 5.0}))
            i = end
        else:
            i = j
    return found


_TITLES_BY_FIRST: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _words, _role in _TITLE_WORDS:
    _TITLES_BY_FIRST.setdefault(_words[0], []).append((_words, _role))


def _title_at(tokens: list[Token], i: int) -> tuple[int, str] | None:
    for words, role in _TITLES_BY_FIRST.get(tokens[i].lower, ()):
        n = len(words)
        if i + n > len(tokens):
            continue
        if all(tokens[i + k].lower == words[k] for k in range(n)) and all(_spaced(tokens[i + k]) or tokens[i + k].gap.strip() in ("-", ".") for k in range(1, n)):
            # Lower-case "general" or "president" is a title only right before a name.
            return n, role
    return None


def _qualified(tokens: list[Token], i: int, role: str) -> str:
    """"Algeria's Foreign Minister" -> "Foreign Minister of Algeria"."""
    if i > 0 and _spaced(tokens[i]):
        prev = tokens[i - 1]
        place = gazetteer.lookup(prev.text)
        if place is not None and place.type == "state" and (prev.possessive or place.how == "demonym"):
            return f"{role} of {place.name}"
    return role


_CUE_FIRSTS = tuple(sorted({c.split()[0] for c in NAMING_CUES}))


def naming_cue_names(tokens: list[Token], conflict: bool, text: str | None = None) -> list[Found]:
    """"a group called Signatories in Blood", "known as the Islamic State"."""
    found: list[Found] = []
    if text is not None:
        low = text.lower()
        if not any(c in low for c in _CUE_FIRSTS):
            return found  # the usual case, decided by substring tests
    lowers = [t.lower for t in tokens]
    present = set(lowers)
    for cue in NAMING_CUES:
        if cue.split()[0] not in present:
            continue
        cue_words = cue.split()
        n = len(cue_words)
        for i in range(len(tokens) - n):
            if lowers[i : i + n] != cue_words:
                continue
            j = i + n
            if j < len(tokens) and tokens[j].lower == "the":
                j += 1
            if j >= len(tokens) or not is_cap_word(tokens[j]) or not _spaced(tokens[j]):
                continue
            end = _permissive_run(tokens, j)
            name = " ".join(t.text for t in tokens[j:end])
            if gazetteer.lookup(name) is not None:
                continue
            ctx = Context()
            _group_noun_evidence(tokens, i, conflict, ctx)
            found.append(Found(j, end, "named", None, ctx.evidence, _nicknamed(tokens, i)))
    return found


def _nicknamed(tokens: list[Token], i: int) -> str | None:
    """"Mohamed Hamdan Dagalo, better known as Hemedti": the name the nickname belongs to."""
    k = i
    while k > 0 and tokens[k - 1].lower in ("better", "also", "widely", "popularly", "commonly") and _spaced(tokens[k]):
        k -= 1
    if k == 0 or tokens[k].gap.strip() != ",":
        return None
    m = k - 1
    while m >= 0 and (is_cap_word(tokens[m]) or tokens[m].is_particle) and (m == k - 1 or _spaced(tokens[m + 1])):
        m -= 1
    words = tokens[m + 1 : k]
    if len(words) < 2 or not words[0].is_cap:
        return None
    return " ".join(t.text for t in words)


def _permissive_run(tokens: list[Token], j: int) -> int:
    """Capitalised words joined by any connector: the writer has vouched for the name."""
    k = j + 1
    while k < len(tokens) and _spaced(tokens[k]) and not tokens[k - 1].possessive:
        if is_cap_word(tokens[k]):
            k += 1
            continue
        m = k
        while m < len(tokens) and m - k < 2 and (tokens[m].lower in NAME_CONNECTORS or tokens[m].is_particle) and _spaced(tokens[m]):
            m += 1
        if m > k and m < len(tokens) and is_cap_word(tokens[m]) and _spaced(tokens[m]):
            k = m + 1
            continue
        break
    return k


def cued_single(tokens: list[Token], i: int, conflict: bool) -> Found | None:
    """A lone capitalised word that a cue noun reveals as an actor ("Tuareg leaders")."""
    word = tokens[i].text
    low = word.lower()
    if low.endswith(("ist", "ists", "ism")) or word in NOISE_WORDS or word in DISCOURSE:
        return None
    ctx = Context()
    _follower_evidence(tokens, i + 1, ctx)
    _group_noun_evidence(tokens, i, conflict, ctx)
    _appositive(tokens, i, i + 1, ctx)
    if i >= 2 and tokens[i - 1].lower == "of" and tokens[i - 2].lower in _PLACE_OF:
        ctx.add("place", 3.0)  # "the border town of Ghadames"
    elif (
        i >= 1
        and tokens[i - 1].lower in _STRONG_LOCATIVES
        and not tokens[i].possessive
        and word not in HEAD_TYPES
        and word not in _LANGUAGES
        and (i + 1 >= len(tokens) or not tokens[i + 1].text.islower() or not _spaced(tokens[i + 1]))
    ):
        ctx.add("place", 1.0)  # "a naval base in Somaliland." (not "in Tuareg areas")
    if not ctx.evidence:
        return None
    return Found(i, i + 1, "cued", None, ctx.evidence)


def _follower_evidence(tokens: list[Token], j: int, ctx: Context) -> None:
    """"Tuareg leaders", "the Tuareg ethnic group", "Hezbollah fighters"."""
    if j >= len(tokens) or not _spaced(tokens[j]) or tokens[j - 1].possessive:
        return
    first = tokens[j].lower
    if first in FOLLOWER_NOUNS:
        ctx.add(FOLLOWER_NOUNS[first], 1.5)  # "any" only reveals; types.py ignores it
    elif first in ETHNIC_CUES and j + 1 < len(tokens) and tokens[j + 1].lower in GROUP_NOUNS | ETHNIC_CUES:
        ctx.add("other", 2.5)


def _group_noun_evidence(tokens: list[Token], i: int, conflict: bool, ctx: Context) -> None:
    """What a noun right before the name says: "Islamist group Ansar Dine", "groups like JNIM"."""
    k = i - 1
    if k >= 1 and tokens[k].lower in _DETERMINERS and tokens[k - 1].lower in ("like", "including", "as"):
        k -= 1  # "groups, including the Coordination of ..."
    if k >= 0 and tokens[k].lower in ("like", "including") or (k >= 1 and tokens[k].lower == "as" and tokens[k - 1].lower == "such"):
        k -= 2 if tokens[k].lower == "as" else 1
    if k < 0 or tokens[k].possessive or tokens[k].lower not in GROUP_NOUNS | {"party", "parties"}:
        return
    noun = tokens[k].lower
    before = {t.lower for t in tokens[max(0, k - 4) : k]}
    if noun in ("party", "parties") or before & PARTY_CUES:
        ctx.add("party", 3.0)
    elif before & ETHNIC_CUES:
        ctx.add("other", 2.0)
    elif before & ARMED_ADJECTIVES or conflict:
        ctx.add("armed_group", 3.0 if before & ARMED_ADJECTIVES else 2.0)
    elif noun.startswith("movement"):
        ctx.add("party", 1.0)
    else:
        ctx.add("organisation", 1.0)


def mention_context(tokens: list[Token], i: int, j: int, conflict: bool) -> Context:
    """Everything the words around tokens[i:j] say about the actor named there."""
    ctx = Context()
    _group_noun_evidence(tokens, i, conflict, ctx)
    _follower_evidence(tokens, j, ctx)
    _role_before(tokens, i, ctx)
    _person_after(tokens, i, j, ctx)
    _place_cues(tokens, i, j, ctx)
    if not (i > 0 and tokens[i - 1].lower in _PREPOSITIONS and (i == 1 or not _spaced(tokens[i - 1]) or i - 1 == 0)):
        _appositive(tokens, i, j, ctx)
    _pre_appositive(tokens, i, j, ctx)
    _descriptor_before(tokens, i, ctx)
    return ctx


def _role_before(tokens: list[Token], i: int, ctx: Context) -> None:
    """"rebel leader X", "clerics like X": a role noun makes X a person."""
    k = i - 1
    if k >= 1 and tokens[k].lower in ("like", "as", "including"):
        k -= 2 if tokens[k].lower == "as" else 1
    if k < 0 or not _spaced(tokens[k + 1]) or not tokens[k].text.islower() or tokens[k].lower not in ROLE_NOUNS:
        return
    role = tokens[k].lower
    if role.endswith("s") and role[:-1] in ROLE_NOUNS:
        role = role[:-1]
    if k > 0 and _spaced(tokens[k]) and tokens[k - 1].lower in ROLE_MODIFIERS and not tokens[k - 1].possessive:
        role = f"{tokens[k - 1].lower} {role}"  # "Army chief X" -> "army chief"
    ctx.add("person", 3.0)
    ctx.roles.append(role)


def _person_after(tokens: list[Token], i: int, j: int, ctx: Context) -> None:
    if j < len(tokens) and tokens[j].lower == "who" and tokens[j].gap.strip() == ",":
        ctx.add("person", 2.0)
        # ", who at forty years old is an Algerian veteran of violent Islamism"
        for k in range(j + 1, min(j + 10, len(tokens) - 1)):
            if not _spaced(tokens[k]):
                break
            if tokens[k].lower in ("is", "was", "been", "remains", "became") and tokens[k + 1].lower in ("a", "an", "the"):
                phrase = _phrase(tokens, k + 1, 14)
                if phrase and ctx.description_rank > 2:
                    ctx.description, ctx.description_rank = phrase, 2
                break
    # A pronoun nearby is weak evidence, and none for a lone word: "told Reuters
    # that he ..." is about someone else. (Lone surnames join their full names.)
    for t in tokens[j : j + 6] if j - i >= 2 else ():
        if t.lower in PERSON_PRONOUNS:
            ctx.add("person", 0.5)
            break


# "a stake in Google", "investors in Rosneft": what one owns a part of is a company.
_OWNED_IN = frozenset(
    "stake stakes share shares shareholding shareholdings holding holdings investment investments investor investors"
    " shareholder shareholders".split()
)


def _place_cues(tokens: list[Token], i: int, j: int, ctx: Context) -> None:
    if i >= 2 and tokens[i - 1].lower == "of" and tokens[i - 2].lower in _PLACE_OF:
        ctx.add("place", 3.0)
    elif i >= 2 and tokens[i - 1].lower == "in" and tokens[i - 2].lower in _OWNED_IN:
        ctx.add("organisation", 2.0)
    elif i >= 1 and tokens[i - 1].lower in _STRONG_LOCATIVES and not tokens[j - 1].possessive:
        # "in Labour's manifesto", "in Google's search results": the locative is the
        # manifesto's; the name is its owner, and owners are rarely places.
        ctx.add("place", 0.8)
    for t in tokens[j : j + 3]:
        if not t.text.islower():
            break
        if t.lower in _PLACE_NOUNS:
            ctx.add("place", 1.0)
            break


def _phrase(tokens: list[Token], k: int, limit: int) -> str | None:
    """Words from tokens[k] up to the next punctuation, as written in the text."""
    out = [tokens[k]]
    m = k + 1
    while m < len(tokens) and _spaced(tokens[m]) and len(out) < limit:
        out.append(tokens[m])
        m += 1
    if len(out) >= limit or (m < len(tokens) and not set(tokens[m].gap.strip()[:1]) <= _CLOSERS):
        return None
    if not any(t.text.islower() and len(t.text) > 2 and t.lower not in _DETERMINERS for t in out):
        return None
    return " ".join(_show(t) for t in out)


def _show(t: Token) -> str:
    return t.text + ("’s" if t.possessive else "")


def _appositive(tokens: list[Token], i: int, j: int, ctx: Context) -> None:
    """"Boko Haram, Nigeria's homegrown Islamist organization" / ", the head of ...". """
    # ", the ..." or, after an acronym in brackets, "(AA), one of ..."
    if j + 1 < len(tokens) and tokens[j].gap.strip() == "(" and tokens[j + 1].gap.strip() == "),":
        j += 1
    if j >= len(tokens) or tokens[j].gap.strip() not in (",", "),") or tokens[j - 1].possessive:
        return
    first = tokens[j]
    one_of = first.lower == "one" and j + 1 < len(tokens) and tokens[j + 1].lower == "of"
    if not (first.lower in _DETERMINERS or (first.possessive and first.is_cap) or one_of):
        return
    phrase = _phrase(tokens, j, 14)
    if phrase is None:
        return
    # "the al-Qaeda affiliate that controls much of ..." -> "the al-Qaeda affiliate"
    for rel in (" that ", " which ", " who "):
        if rel in phrase:
            phrase = phrase.split(rel, 1)[0]
    words = set(phrase.lower().replace("’s", "").split())
    if len(words) < 2 or words & {"is", "was", "has", "had", "are", "were", "said", "says"}:
        return
    if words & GROUP_NOUNS or "party" in words:
        if "party" in words or words & PARTY_CUES:
            ctx.add("party", 2.0)
        elif words & ARMED_ADJECTIVES:  # before ethnic: "ethnic armed organisations" are armed
            ctx.add("armed_group", 3.0)
        elif words & ETHNIC_CUES:
            ctx.add("other", 2.0)
        else:
            ctx.add("organisation", 1.0)
    elif words & ROLE_NOUNS:
        ctx.add("person", 2.0)
    elif words & _PLACE_NOUNS or words & {"stronghold", "hub", "garrison"}:
        ctx.add("place", 2.0)
    if ctx.description_rank > 1:
        ctx.description, ctx.description_rank = phrase, 1


def _pre_appositive(tokens: list[Token], i: int, j: int, ctx: Context) -> None:
    """"The group's Machiavellian leader, Iyad ag Ghali, ..." """
    if i < 2 or tokens[i].gap.strip() != "," or tokens[i - 1].lower not in ROLE_NOUNS:
        return
    if j < len(tokens) and not set(tokens[j].gap.strip()[:1]) <= _CLOSERS:
        return
    k = i - 1
    while k > 0 and i - k < 8 and _spaced(tokens[k]):
        k -= 1
    if tokens[k].lower not in _DETERMINERS and not (tokens[k].possessive and tokens[k].is_cap):
        return
    phrase = " ".join(_show(t) for t in tokens[k:i])
    phrase = phrase[0].lower() + phrase[1:] if tokens[k].lower in _DETERMINERS else phrase
    ctx.add("person", 2.0)
    ctx.roles.append(tokens[i - 1].lower)
    if ctx.description_rank > 1:
        ctx.description, ctx.description_rank = phrase, 1


def _descriptor_before(tokens: list[Token], i: int, ctx: Context) -> None:
    """"the powerful AQIM-backed Islamist group Ansar Dine": the words before the name."""
    if i < 2 or tokens[i - 1].possessive or tokens[i - 1].lower not in GROUP_NOUNS | {"party"} or not _spaced(tokens[i]):
        return
    k = i - 1
    while k > 0 and i - k < 7 and _spaced(tokens[k]) and tokens[k - 1].lower not in _DETERMINERS:
        k -= 1
    if k == 0 or tokens[k - 1].lower not in _DETERMINERS or i - k < 2:
        return
    if ctx.description_rank > 3:
        ctx.description, ctx.description_rank = " ".join(_show(t) for t in tokens[k:i]), 3
