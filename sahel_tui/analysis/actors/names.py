"""Capitalised multi-word names ("Mahmoud Dicko", "Alliance of Sahel States").

A run is a stretch of capitalised words in one sentence. Inside it:

* lower-case name particles join two capitalised words ("Iyad ag Ghali");
* connectors (of, for, to, in, and, the) join only after an institution's head
  noun ("Coordination of Azawad Movements", "Movement for Tawhid and Jihad"):
  between ordinary names they would glue "Algeria and Mali" into one;
* punctuation, a possessive or any other lower-case word ends the run;
* months and weekdays are not names, and break runs ("January Algeria").

A word that opens the sentence is capitalised by grammar, not by choice, so it
is kept only when the same word is capitalised mid-sentence somewhere in the
corpus (decided in detect.py, which sees the whole corpus). Sentences written
in Title Case (headlines, link lists) are skipped: every word is capitalised
there, so capitals carry no signal.
"""

from __future__ import annotations

from dataclasses import dataclass

from sahel_tui.analysis.actors.lexicon import (
    ROLE_MODIFIERS,
    CONNECTOR_HEADS,
    DISCOURSE,
    HEAD_TYPES,
    HEADING_WORDS,
    MONTHS,
    NOISE_WORDS,
    NAME_CONNECTORS,
    TITLES,
    WEEKDAYS,
)
from sahel_tui.analysis.actors import gazetteer
from sahel_tui.analysis.actors.news import ORG_HEADS, PERSON_ROLES
from sahel_tui.analysis.actors.tokens import Token

# Words of titles that are noise on their own ("Foreign Minister" without a
# name); qualifiers like "State" or "Defence" are not: "Islamic State".
_TITLE_WORDS = frozenset(w.rstrip(".") for t in TITLES for w in t.split() if " " not in t or w in ("Minister", "President"))
_TITLES = frozenset(TITLES)
_NOISE = DISCOURSE | NOISE_WORDS | HEADING_WORDS | MONTHS | WEEKDAYS | _TITLE_WORDS
_DETERMINERS = frozenset("The A An This That These Those Its Their His Her Our".split())
_OPENERS = set("\"“‘'([—–-")


@dataclass(frozen=True, slots=True)
class Run:
    tokens: tuple[Token, ...]
    initial: bool  # starts the sentence (after any opening quote)

    @property
    def start(self) -> int:
        return self.tokens[0].start

    @property
    def end(self) -> int:
        return self.tokens[-1].end

    @property
    def words(self) -> list[str]:
        return [t.text for t in self.tokens]


_FUNCTION_WORDS = frozenset(
    "a an the of in on at to for and or nor but by with from as into onto over near via vs per than "
    "is are be its it".split()
)


def is_title_case(tokens: list[Token]) -> bool:
    """Headline style: every lower-case word is a small function word.

    A sentence naming many actors is still prose, because its verbs and common
    nouns stay lower case ("... met the Rapid Support Forces envoy").
    """
    words = [t for t in tokens if t.text.isalpha()]
    if len(words) < 4:
        return False
    return all(not t.text.islower() or t.text in _FUNCTION_WORDS for t in words)


def is_cap_word(tok: Token) -> bool:
    """A word that can be part of a name. "AQIM-backed" and "African-led" are
    adjectives (their last part is lower case), not names."""
    t = tok.text
    if "-" in t and t.rsplit("-", 1)[1][:1].islower():
        return False
    return tok.is_cap and t not in MONTHS and t not in WEEKDAYS and not t[0].isdigit()


# Particles that are also English words: "Scotland at Murrayfield" is two names.
_ENGLISH_PARTICLES = frozenset("at as an ad do".split())
_NUMBER_WORDS = frozenset("One Two Three Four Five Six Seven Eight Nine Ten Dozens Hundreds Thousands".split())
_TITLE_PARTS = frozenset(p for t in TITLES for w in t.split() for p in w.rstrip(".").split("-") if p[:1].isupper())


def strip_run(run: Run) -> Run:
    """Words that open a run but are no part of the name in it.

    "Three Russian soldiers" -> "Russian"; "Australian Tom Moody" -> "Tom Moody"
    (a demonym before a person's name says where they are from);
    "Agriculture Secretary Dan Glickman", "Major-General Nikolai Sherbatov" ->
    the name after the title. A title or demonym before an institution's head
    ("Malian Armed Forces", "Russian Wagner Group") stays: merge.py decides.
    """
    toks = list(run.tokens)
    if len(toks) == 1:
        return run
    initial = run.initial
    while len(toks) > 1 and toks[0].text in _NUMBER_WORDS:
        toks.pop(0)
        initial = False
    if initial and len(toks) >= 3 and toks[0].lower in PERSON_ROLES:
        toks.pop(0)  # "Striker Oliver Fenwick was named ...": the role opens the sentence
        initial = False
    words = [t.text for t in toks]
    if any(w in HEAD_TYPES or w in ORG_HEADS for w in words[1:]):
        return Run(tuple(toks), initial) if len(toks) != len(run.tokens) else run
    # The last title word with a name of two or more words after it.
    cut = None
    for k in range(len(toks) - 2):
        if toks[k].text[:1].isupper() and all(p in _TITLE_PARTS for p in toks[k].text.rstrip(".").split("-")):
            cut = k + 1
    if cut is not None:
        toks, initial = toks[cut:], False
    elif len(toks) >= 3:
        place = gazetteer.lookup(toks[0].text)
        if place is not None and place.how == "demonym":
            toks, initial = toks[1:], False
    if len(toks) == len(run.tokens):
        return run
    return Run(tuple(toks), initial)


# Capitalised words that sharpen a title into a role ("Shadow Justice Minister",
# "Acting President"): with only these and title words, a run names an office.
_ROLE_WORDS = _TITLE_PARTS | frozenset(w.capitalize() for w in ROLE_MODIFIERS) | frozenset(
    "Shadow Acting Chief Senior Assistant Associate Executive First Second Third".split()
)


def role_only(tokens: tuple[Token, ...] | list[Token]) -> bool:
    """A run of title words alone ("Foreign Minister", "Shadow Justice Minister"): an office, not an actor.

    Who holds an office differs from article to article ("the Prime Minister" is
    one person in May and another in July), so an office is never an actor that
    could gather mentions of different people; the person named after a title
    is found by titled_names. A demonym before it ("Polish Foreign Minister")
    changes nothing.
    """
    toks = list(tokens)
    if len(toks) > 1:
        place = gazetteer.lookup(toks[0].text)
        if place is not None and place.how == "demonym":
            toks = toks[1:]
    return bool(toks) and all(
        all(p in _ROLE_WORDS for p in t.text.rstrip(".").split("-") if p) for t in toks
    ) and any(t.text.rstrip(".") in _TITLE_PARTS for t in toks)


def single_ok(tok: Token) -> bool:
    """A lone capitalised word that may name an actor: no grammar, title, month or head word."""
    t = tok.text
    return (
        len(t) >= 2
        and t not in _NOISE
        and t not in HEAD_TYPES
        and not t.isupper()
        and t[1:].replace("-", "").replace("'", "").isalpha()
        and "-" not in t
    )


def find_runs(tokens: list[Token]) -> list[Run]:
    """Every capitalised run in a sentence, trimmed of grammar words."""
    runs: list[Run] = []
    i, n = 0, len(tokens)
    while i < n:
        if not is_cap_word(tokens[i]):
            i += 1
            continue
        j = i + 1
        in_complement = False  # after "of"/"for": "and" may join ("Tawhid and Jihad")
        while j < n and not tokens[j - 1].possessive and _joins(tokens[j].gap):
            t = tokens[j]
            if is_cap_word(t):
                j += 1
                continue
            if t.text in WEEKDAYS and j == i + 1 and tokens[i].text not in _NOISE and tokens[i].text not in MONTHS:
                j += 1  # "Sheffield Wednesday": a weekday right after a name, with no "on", is part of it
                break
            # A bridge of lower-case words must land on a capitalised word.
            k = j
            while k < n and not is_cap_word(tokens[k]) and k - j < 3 and _joins(tokens[k].gap):
                k += 1
            if k >= n or k == j or not is_cap_word(tokens[k]) or not _joins(tokens[k].gap):
                break
            bridge = [b.lower for b in tokens[j:k]]
            if all(tokens[b].is_particle for b in range(j, k)) and len(bridge) == 1 and bridge[0] not in _ENGLISH_PARTICLES:
                j = k + 1
                continue
            head = tokens[j - 1].text
            if all(b in NAME_CONNECTORS for b in bridge) and (head in CONNECTOR_HEADS or in_complement):
                # "and" only joins two words inside a complement ("Tawhid and Jihad"),
                # never two institutions ("... Movements and the Movement ...").
                if "and" in bridge and (not in_complement or bridge != ["and"] or tokens[k].text in CONNECTOR_HEADS):
                    break
                in_complement = True
                j = k + 1
                continue
            break
        if (run := _trim(tokens, i, j)) is not None:
            runs.append(run)
        i = j
    return [r for r in runs if r is not None]


def _joins(gap: str) -> bool:
    """Only plain spaces keep two words in one name."""
    return gap == "" or gap.isspace()


def _trim(tokens: list[Token], i: int, j: int) -> Run | None:
    initial = i == 0
    span = list(tokens[i:j])
    # Determiners are never part of a name, nor is a grammar word opening the
    # sentence; the word after either is capitalised by choice, not by grammar.
    while span and (span[0].text in _DETERMINERS or (initial and span[0].text in DISCOURSE)):
        span.pop(0)
        initial = False
    while span and not is_cap_word(span[-1]) and not (len(span) == 2 and span[-1].text in WEEKDAYS):
        span.pop()
    if not span or all(t.text in _NOISE for t in span):
        return None
    if " ".join(t.text for t in span) in _TITLES:
        return None  # "Algeria's Foreign Minister, Ahmed Attaf": the title alone is no actor
    return Run(tuple(span), initial)
