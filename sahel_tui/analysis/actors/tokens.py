"""Word tokens with offsets into Article.text, and the small predicates on them.

The detectors work on tokens rather than raw regexes so that every span they
report is exact (``text[start:end] == surface``) and possessives, hyphenated
compounds ("AQIM-backed", "Algeria-Mali") and dotted abbreviations ("U.S.")
are handled in one place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sahel_tui.analysis.actors.lexicon import NAME_PARTICLES

# A word: letters/digits with inner hyphens, apostrophes or dots ("N'Djamena",
# "U.S", "al-Qaeda"); a trailing dot is added back for initialisms below.
_WORD = re.compile(r"[^\W_](?:[\w]|[-.'’](?=[^\W_]))*")
_INITIALISM = re.compile(r"^(?:[A-Z]\.)+[A-Z]$")
_POSSESSIVE = re.compile(r"['’]s$")
_ARABIC_ARTICLE = re.compile(r"^(?:al|el|ad|an|ar|as|ash|at|az)-[A-Z]")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int  # offset into Article.text
    end: int
    possessive: bool = False  # "Algeria’s": the 's is outside [start, end)
    gap: str = ""  # the characters between the previous token and this one

    @property
    def is_cap(self) -> bool:
        """Capitalised, or an Arabic-article name ("al-Qaeda") that counts as one."""
        t = self.text
        return t[:1].isupper() or bool(_ARABIC_ARTICLE.match(t))

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


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Tokens of ``text`` (a sentence), with offsets shifted by ``offset``."""
    out: list[Token] = []
    prev_end = 0
    for m in _WORD.finditer(text):
        word, start, end = m.group(), m.start(), m.end()
        if _INITIALISM.match(word) and text[end : end + 1] == ".":
            word, end = word + ".", end + 1
        consumed = end  # what the gap of the next token starts after
        possessive = False
        if _POSSESSIVE.search(word) and len(word) > 2:
            word, end, possessive = word[:-2], end - 2, True
        out.append(Token(word, start + offset, end + offset, possessive, text[prev_end:start]))
        prev_end = consumed
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
            parts.append(Token(piece, pos, pos + len(piece)))
        pos += len(piece) + 1
    return parts
