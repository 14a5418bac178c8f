"""Word tokens with offsets into Article.text, and the small predicates on them.

The detectors work on tokens rather than raw regexes so that every span they
report is exact (``text[start:end] == surface``) and possessives, hyphenated
compounds ("AQIM-backed", "Algeria-Mali") and dotted abbreviations ("U.S.")
are handled in one place.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from sahel_tui.analysis.actors.lexicon import NAME_PARTICLES

# A word: letters/digits with inner hyphens, apostrophes or dots ("N'Djamena",
# "U.S", "al-Qaeda"); a trailing dot is added back for initialisms below.
_WORD = re.compile(r"[^\W_](?:[\w]|[-.'’](?=[^\W_]))*")
_INITIALISM = re.compile(r"^(?:[A-Z]\.)+[A-Z]$")
_POSSESSIVE = re.compile(r"['’]s$")
_ARABIC_ARTICLE = re.compile(r"^(?:al|el|ad|an|ar|as|ash|at|az|wal|wa|bil|lil)-[A-Z]")
# The characters before a word and the word: a gap is never part of a word, so
# the possessive quantifier never backtracks, and the word is optional so that
# the text after the last word ends the scan with one empty pair, not a
# retry from every remaining position.
_GAP_WORD = re.compile(r"([\W_]*+)((?:" + _WORD.pattern + r")?)").findall
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})


class Token(NamedTuple):
    """One word. A NamedTuple, not a dataclass: a corpus makes hundreds of
    thousands of them and tuple construction is several times cheaper."""

    text: str
    start: int  # offset into Article.text
    end: int
    possessive: bool = False  # "Algeria’s": the 's is outside [start, end)
    gap: str = ""  # the characters between the previous token and this one
    # Capitalised, or an Arabic-article name ("al-Qaeda") that counts as one.
    is_cap: bool = False

    @property
    def is_acronym(self) -> bool:
        letters = [c for c in self.text if c.isalpha()]
        upper = sum(1 for c in letters if c.isupper())
        return len(letters) >= 2 and upper >= 2 and upper >= len(letters) - 1 and self.text[0].isupper()

    @property
    def is_particle(self) -> bool:
        return self.text in NAME_PARTICLES

    @property
    def lower(self) -> str:
        return self.text.lower()


_make = tuple.__new__  # Token's own __new__ is a Python function; this skips that frame


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Tokens of ``text`` (a sentence), with offsets shifted by ``offset``."""
    # The hot loop of actor detection (every sentence is tokenised twice), so
    # names are bound locally and the rare cases tested before any regex.
    # findall hands back (gap, word) string pairs built in C: no match object
    # and no span()/group() calls per word, and offsets follow from lengths.
    out: list[Token] = []
    append = out.append
    initialism = _INITIALISM.match
    arabic = _ARABIC_ARTICLE.match
    pos = offset  # where the gap before the next word starts, in Article.text
    dotted = False  # the previous word took the "." after it, which opens this gap
    for gap, word in _GAP_WORD(text):
        if not word:
            break  # the empty pair at the end of the text: no more words
        if dotted:
            gap, dotted = gap[1:], False
        start = pos + len(gap)
        end = start + len(word)
        if "." in word and initialism(word) and text[end - offset : end - offset + 1] == ".":
            word, end, dotted = word + ".", end + 1, True
        pos = end  # what the gap of the next token starts after
        possessive = False
        if len(word) > 2 and word[-1] == "s" and word[-2] in "'’":
            word, end, possessive = word[:-2], end - 2, True
        cap = word[:1].isupper() or ("-" in word[:5] and arabic(word) is not None)
        append(_make(Token, (word, start, end, possessive, gap, cap)))
    return out


def norm(surface: str) -> str:
    """The key two spellings of one name share: straight quotes, single spaces."""
    s = " ".join(surface.translate(_APOSTROPHES).split())
    return s


def alias_key(surface: str) -> str:
    """Case-insensitive key, for matching analyst input and curated aliases."""
    return norm(surface).casefold()


def hyphen_parts(token: Token) -> list[Token]:
    """The parts of a hyphenated token, each with its own offsets ("Algeria-Mali")."""
    parts: list[Token] = []
    pos = token.start
    for piece in token.text.split("-"):
        if piece:
            parts.append(Token(piece, pos, pos + len(piece), is_cap=piece[:1].isupper()))
        pos += len(piece) + 1
    return parts
