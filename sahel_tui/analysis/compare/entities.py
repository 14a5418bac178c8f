"""Named actors in a sentence, cheaply, so claims can be matched on who did what.

A corroborated claim needs the same actors in the same roles, which TF-IDF
cannot tell ("The bill cleared the House" and "The White House fought the
bill" share two words). Names are runs of capitalised words; a capitalised
first word of a sentence counts only when the corpus never writes it in lower
case. Titles are dropped ("Senate Majority Leader Harry Reid" is Harry Reid),
and a personal name is keyed by its last word, so "Jim Mattis", "James
Mattis", "Mattis" and "Mr. Mattis" are one actor, while a name the corpus
writes after "the" ("the White House", "the United States") or ending in an
institution word ("Fox News", "Justice Department") is keyed whole. No model
or data file: the actor glossary is richer but costs more and is not always
available; this needs nothing but the corpus.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

# Words that precede a name as a title or role; dropped from the front of a run.
TITLES = frozenset(
    """mr mrs ms miss dr sen senator rep representative gov governor president vice secretary gen general
    chairman chairwoman chair speaker leader majority minority minister prime foreign attorney judge justice
    chief former acting deputy lt col colonel adm admiral sgt capt captain commander ambassador mayor
    sheriff officer director spokesman spokeswoman spokesperson professor prof king queen prince princess
    pope rev reverend sir lord lady dame coach host editor anchor correspondent candidate nominee incoming
    outgoing then first lady rabbi imam cardinal bishop""".split()
)
# A leading institution word that only introduces a title ("Senate Majority Leader ...").
_TITLE_LEADS = frozenset({"senate", "house", "state", "white", "defense", "defence", "homeland", "u.s.", "us"})
# A name ending in one of these is an institution, keyed whole: "Fox News" is not "ABC News".
INSTITUTION_WORDS = frozenset(
    """news times post journal party house department committee court council center centre agreement act
    bill conference association university college school street security service services office agency
    command forces force army navy corps republic union kingdom states nations bank fund company corporation
    inc group foundation institute commission board network magazine club church airport hotel square park
    road avenue coast sea river county city province region state ministry parliament assembly congress
    senate administration campaign movement front alliance coalition organization organisation program
    programme project plan report review tribune herald gazette telegraph guardian observer standard daily
    weekly press radio television tv channel summit games cup league championship olympics prize award
    award awards festival day week month war crisis""".split()
)
# Days and months are dates, not actors; they end a run ("Obama Monday").
CALENDAR = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december jan feb mar apr jun jul aug sep sept oct nov dec""".split()
)
_CONNECTORS = frozenset({"of", "de", "du", "al", "bin", "van", "von", "der", "la", "le", "for"})
_DATELINE = re.compile(r"(?:,\s*[A-Z][\w.]*)?\s*(?:—|--|–|-)\s")
_TOKEN = re.compile(r"[A-Z][\w'’.-]*|[a-z]+")


@dataclass(frozen=True, slots=True)
class Entity:
    """One name in a sentence: where it is, and the key that identifies the actor."""

    start: int
    end: int
    surface: str
    key: str


def _strip_possessive(word: str) -> str:
    for tail in ("'s", "’s", "'", "’"):
        if word.endswith(tail):
            return word[: -len(tail)]
    return word


def _base(word: str) -> str:
    return _strip_possessive(word).rstrip(".").lower().split("-")[0]


def lower_vocabulary(texts: Iterable[str]) -> frozenset[str]:
    """Words the corpus writes in lower case somewhere: a capitalised first word among them is no name."""
    seen: set[str] = set()
    for text in texts:
        seen.update(re.findall(r"(?<![\w'’])[a-z][a-z'’-]+", text))
    return frozenset(seen)


def _runs(text: str) -> list[list[re.Match[str]]]:
    """Runs of capitalised words one space apart, allowing connectors inside ("Department of Defense")."""
    tokens = list(_TOKEN.finditer(text))
    runs: list[list[re.Match[str]]] = []
    k = 0
    while k < len(tokens):
        m = tokens[k]
        if not m.group()[0].isupper() or _base(m.group()) in CALENDAR:
            k += 1
            continue
        run = [m]
        k += 1
        while k < len(tokens):
            prev, nxt = run[-1], tokens[k]
            if prev.group().endswith(("'s", "’s")) or text[prev.end():nxt.start()] != " ":
                break
            if nxt.group()[0].isupper() and _base(nxt.group()) not in CALENDAR:
                run.append(nxt)
                k += 1
            elif (
                nxt.group() in _CONNECTORS and k + 1 < len(tokens) and tokens[k + 1].group()[0].isupper()
                and text[nxt.end():tokens[k + 1].start()] == " "
            ):
                run.extend((nxt, tokens[k + 1]))
                k += 2
            else:
                break
        runs.append(run)
    return runs


def find_entities(text: str, lower_vocab: frozenset[str], the_names: frozenset[str] = frozenset()) -> list[Entity]:
    """The names in one sentence, each with its actor key (see the module docstring)."""
    out: list[Entity] = []
    for run in _runs(text):
        words = list(run)
        if run[0].start() < 3 and _DATELINE.match(text, run[-1].end()) and all(w.group().isupper() for w in run):
            continue  # "WASHINGTON —": where the story was filed, not an actor in it
        # Sentence-initial (or after an opening quote): a common word capitalised by position.
        first = words[0]
        if re.fullmatch(r"[\W\d_]*", text[: first.start()]) and _base(first.group()) in lower_vocab:
            words = words[1:]
        while words and (_base(words[0].group()) in TITLES or (
            _base(words[0].group()) in _TITLE_LEADS and len(words) > 1 and _base(words[1].group()) in TITLES
        )):
            words = words[1:]
        while words and words[-1].group().islower():
            words = words[:-1]
        if not words:
            continue
        bases = [_base(w.group()) for w in words if w.group() not in _CONNECTORS]
        if bases[0] == "i" or bases[0].startswith(("i'", "i’")):
            continue  # "I", "I'm": the speaker, not a name
        if len(bases) == 1 and (bases[0] in lower_vocab or len(bases[0]) < 2):
            continue  # "The", "But", "Democrats"-like words the corpus also writes in lower case
        start, end = words[0].start(), words[-1].end()
        last = words[-1].group()
        if last.endswith(".") and last.count(".") == 1:
            end -= 1  # the sentence's full stop, not an abbreviation like "U.S."
        surface = _strip_possessive(text[start:end])
        whole = " ".join(bases)
        if len(bases) == 1 or whole in the_names or bases[-1] in INSTITUTION_WORDS:
            key = whole
        else:
            key = bases[-1]
        out.append(Entity(start, start + len(surface), surface, key))
    return out


def names_after_the(texts: Iterable[str]) -> frozenset[str]:
    """Names the corpus writes after "the": institutions and places, never one person's surname."""
    found: set[str] = set()
    pattern = re.compile(r"\b[Tt]he\s+((?:[A-Z][\w'’.-]*)(?:\s+(?:of\s+)?[A-Z][\w'’.-]*)*)")
    for text in texts:
        for m in pattern.finditer(text):
            found.add(" ".join(_base(w) for w in m.group(1).split() if w != "of"))
    return frozenset(found)
