"""Acronym–definition pairs: "Alliance of Sahel States (AES)" and the reverse.

Three tests, tried in order, each on the capitalised run just before the
parenthesis (or inside it, for "AQIM (al-Qaeda in the Islamic Maghreb)"):

1. Schwartz & Hearst (2003): match the acronym's letters right to left inside
   the candidate long form, the first letter at a word start. It accepts
   letters from inside words ("AES" in "Alliance of Sahel States").
2. Initials, in any order: the multiset of the content words' initials equals
   the acronym's letters. That catches acronyms kept in another language's
   word order: "Coordination of Azawad Movements (CMA)" (French:
   Coordination des Mouvements de l'Azawad).
3. An explicit cue inside the parenthesis ("often referred to by its
   acronym, MUJAO", "known as", "French:"): the writer vouches for the pair,
   so only the first letter has to agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sahel_tui.analysis.actors.lexicon import NAME_CONNECTORS, NAME_PARTICLES, NON_ACRONYMS
from sahel_tui.analysis.actors.tokens import Token

_CUE = re.compile(r"\b(acronym|abbreviat\w*|known as|initials|short for|french|arabic|in french|in arabic)\b", re.I)
_SKIP_WORDS = NAME_CONNECTORS | NAME_PARTICLES


@dataclass(frozen=True, slots=True)
class AcronymPair:
    short: str
    short_start: int
    short_end: int
    long: str
    long_start: int
    long_end: int
    how: str  # "schwartz-hearst", "initials" or "cue"


def looks_like_acronym(tok: Token) -> bool:
    letters = "".join(c for c in tok.text if c.isalpha())
    return tok.is_acronym and 2 <= len(letters) <= 10 and tok.text not in NON_ACRONYMS


def schwartz_hearst(short: str, long: str) -> str | None:
    """The shortest suffix of ``long`` that ``short`` abbreviates, or None."""
    s, l = len(short) - 1, len(long) - 1
    while s >= 0:
        c = short[s].lower()
        if not c.isalnum():
            s -= 1
            continue
        while l >= 0 and (long[l].lower() != c or (s == 0 and l > 0 and long[l - 1].isalnum())):
            l -= 1
        if l < 0:
            return None
        l -= 1
        s -= 1
    start = long.rfind(" ", 0, l + 1) + 1
    return long[start:]


def initials_match(short: str, words: list[str]) -> bool:
    """Same letters as the content words' initials, in any order."""
    letters = sorted(c.upper() for c in short if c.isalpha())
    initials = sorted(_initial(w) for w in words if w.lower() not in _SKIP_WORDS)
    return len(letters) >= 2 and letters == initials


def _initial(word: str) -> str:
    # The Arabic article counts ("al-Qaeda" -> A), as a word start does in Schwartz-Hearst.
    return word[0].upper()


def _run_before(tokens: list[Token], i: int) -> list[Token]:
    """The name-like run ending just before tokens[i] (capitalised words and connectors)."""
    run: list[Token] = []
    j = i - 1
    while j >= 0:
        t = tokens[j]
        if j < i - 1 and t.possessive:
            break
        if not (t.is_cap or t.lower in _SKIP_WORDS):
            break
        if len(run) >= 12:
            break
        run.insert(0, t)
        if j > 0 and tokens[j].gap.strip():
            break  # punctuation before this word ends the name
        j -= 1
    while run and not run[0].is_cap:
        run.pop(0)
    return run


def find_pairs(sentence_text: str, offset: int, tokens: list[Token]) -> list[AcronymPair]:
    """Every acronym–definition pair in one sentence."""
    pairs: list[AcronymPair] = []
    for m in re.finditer(r"\(([^()]{1,80})\)", sentence_text):
        inner, inner_start = m.group(1), offset + m.start(1)
        open_at = offset + m.start()
        before = [t for t in tokens if t.end <= open_at]
        inside = [t for t in tokens if inner_start <= t.start and t.end <= inner_start + len(inner)]
        if not before or not inside:
            continue
        acronyms = [t for t in inside if looks_like_acronym(t)]
        # LONG (SHORT)
        if acronyms and (len(inside) == 1 or _CUE.search(inner)):
            short = acronyms[-1]
            run = _run_before(tokens, len(before))
            pair = _match(short, run, sentence_text, offset, cue=len(inside) > 1)
            if pair:
                pairs.append(pair)
                continue
        # SHORT (LONG)
        prev = before[-1]
        if looks_like_acronym(prev) and len(inside) >= 2 and inside[0].is_cap:
            long = sentence_text[inside[0].start - offset : inside[-1].end - offset]
            words = [t.text for t in inside]
            if all(t.is_cap or t.lower in _SKIP_WORDS for t in inside) and (
                schwartz_hearst(prev.text, long) == long or initials_match(prev.text, words)
            ):
                pairs.append(AcronymPair(prev.text, prev.start, prev.end, long, inside[0].start, inside[-1].end, "reverse"))
    return pairs


def _match(short: Token, run: list[Token], text: str, offset: int, cue: bool) -> AcronymPair | None:
    if len(run) < 1:
        return None
    letters = sum(1 for c in short.text if c.isalpha())
    max_words = min(letters + 5, letters * 2)
    starts = [k for k, t in enumerate(run) if t.is_cap and len(run) - k <= max_words + 4]
    # 1. Schwartz-Hearst on the widest window, keeping the shortest suffix it finds.
    if starts:
        window = run[starts[0] :]
        long = text[window[0].start - offset : window[-1].end - offset]
        found = schwartz_hearst(short.text, long)
        if found and found != short.text and len(found) > len(short.text):
            start = window[-1].end - len(found)
            first = next((t for t in window if t.start >= start), None)
            if first is not None and first.start == start and first.is_cap:
                return AcronymPair(short.text, short.start, short.end, found, start, window[-1].end, "schwartz-hearst")
    # 2. Initials in any order, longest suffix first.
    for k in starts:
        words = [t.text for t in run[k:]]
        if initials_match(short.text, words):
            return _pair(short, run[k:], text, offset, "initials")
    # 3. The writer said it is the acronym: only the first letter must agree.
    if cue:
        for k in starts:
            if _initial(run[k].text) == short.text[0].upper() and len(run) - k >= 2:
                return _pair(short, run[k:], text, offset, "cue")
    return None


def _pair(short: Token, words: list[Token], text: str, offset: int, how: str) -> AcronymPair:
    long = text[words[0].start - offset : words[-1].end - offset]
    return AcronymPair(short.text, short.start, short.end, long, words[0].start, words[-1].end, how)
