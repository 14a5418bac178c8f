"""Shared reading of basil-dev (BASIL, Fan et al. 2019) for the attribution and framing benches.

Each event folder is a corpus of three articles (nyt.txt, fox.txt, hpo.txt);
``gold.json`` holds, per event and file, people's labels. Gold entity names use
underscores (``Barack_Obama``, ``Republican_Lawmakers``); the helpers here
compare them to the app's actor names by words, never by listing names.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

DEFAULT_DATA = Path("/work/shared/bench/basil-dev")

# Words of a gold group name that say what kind of group it is, not which one:
# matching on them alone ("officials" = "officials") would credit any group.
GENERIC = frozenset(
    "the and of for in a an officials official lawmakers lawmaker members leaders people group campaign "
    "administration house senate jr jr. sr".split()
)
# Gold names whose words mark a group: plural or collective heads.
GROUP_HEADS = frozenset(
    "officials lawmakers democrats republicans campaign plaintiffs protestors protesters administration "
    "committee party supporters critics members leaders voters residents officers activists union unions "
    "association council company corporation group agency ministry department court board league foundation "
    "institute network organization organisation coalition".split()
)


def fold(text: str) -> str:
    """Lower case without accents, curly quotes made straight, one character for one: offsets survive."""
    return "".join(_fold_char(c) for c in text)


def _fold_char(c: str) -> str:
    if c in "’‘":
        return "'"
    if c in "“”":
        return '"'
    if c.isascii():
        return c.lower()
    base = unicodedata.normalize("NFKD", c)[:1]
    low = base.lower()
    return low if len(low) == 1 else c


def words(name: str) -> list[str]:
    return [w for w in re.split(r"[\s_]+", fold(name).replace("'s", "")) if w]


def is_person_name(gold: str) -> bool:
    """A gold speaker is a person when named by two or more capitalised words and no group head."""
    parts = [p for p in gold.split("_") if p]
    if len(parts) < 2:
        return False
    if any(p.lower() in GROUP_HEADS for p in parts):
        return False
    return all(p[:1].isupper() for p in parts if p.lower() not in {"de", "van", "von", "bin", "al", "jr."})


def names_match(gold: str, candidates: list[str], person: bool) -> bool:
    """Does any candidate name (actor name, alias, speaker words) name the gold entity?

    A person matches on the surname (the last gold word that is not a suffix);
    a group on any word of its name that is not generic, compared on its first
    five letters so "Democratic" meets "Democrats".
    """
    gw = [w for w in words(gold) if w not in {"jr.", "jr", "sr"}]
    if not gw:
        return False
    cand = {w.strip(".,") for c in candidates if c for w in words(c)}
    if person:
        surname = gw[-1]
        # (a prefix of five letters or more: gold names were cut at the first accented letter, "Felipe_Calder")
        return surname in cand or any(len(surname) >= 5 and w.startswith(surname) for w in cand)
    keys = [w for w in gw if w not in GENERIC and len(w) >= 3]
    if not keys:
        keys = gw
    return any(w[:5] == k[:5] for k in keys for w in cand if len(w) >= 3)


@dataclass
class Event:
    number: str
    folder: Path
    gold: dict[str, Any]


def events(data: Path, limit: int | None = None) -> Iterator[Event]:
    gold = json.loads((data / "gold.json").read_text(encoding="utf-8"))
    for i, key in enumerate(sorted(gold)):
        if limit is not None and i >= limit:
            break
        yield Event(key, data / "events" / key, gold[key])


def locate(text: str, span: str) -> tuple[int, int] | None:
    """Where the gold span stands in the article text (quotes, case and accents folded); None if absent."""
    folded = fold(text)
    target = fold(span).strip()
    for variant in (target, target.strip('"\' .,'), target.strip('"\' .,').strip()):
        if not variant:
            continue
        hits = [m.start() for m in re.finditer(re.escape(variant), folded)]
        if hits:
            # A span that occurs several times: the first one inside quotation marks (an odd number of
            # marks before it on its line), as the annotators marked quoted words.
            quoted = [h for h in hits if folded[folded.rfind("\n", 0, h) + 1 : h].count('"') % 2 == 1]
            pos = (quoted or hits)[0]
            return pos, pos + len(variant)
    # whitespace differences: compare on runs of words
    parts = re.findall(r"\w+", target)
    if len(parts) >= 2:
        m = re.search(r"\W+".join(re.escape(p) for p in parts), folded)
        if m:
            return m.start(), m.end()
    return None
