"""An offline English word tokenizer that sumy's models accept.

sumy's own ``Tokenizer("english")`` needs NLTK's punkt data, which an air-gapped
machine does not have. Sentences already come from our segmentation, so sumy
only needs words: anything with ``language`` and ``to_words(text)`` will do.
This module imports nothing heavy; it is safe at application start-up.
"""

from __future__ import annotations

import re

# A word is a run of letters/digits that may contain inner hyphens, apostrophes
# or (between digits) a thousands separator or decimal point. Punctuation on its
# own is never a word, because every sumy method counts words.
_WORD = re.compile(
    r"""
    \d+(?:[.,]\d+)*(?:[-–][^\W_]+)*         # 1,400  3.5  1,400-kilometer  2015-16
    | [^\W\d_][^\W_]*(?:[-'’][^\W_]+)*        # words, hyphenated words, don't, Mali’s
    """,
    re.VERBOSE,
)
# Possessive endings carry no meaning for salience and would split "Algeria"
# from "Algeria's" in every term count.
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)


class WordTokenizer:
    """Splits text into words with a regular expression; needs no data files."""

    language = "english"

    def to_words(self, text: str) -> tuple[str, ...]:
        return tuple(_POSSESSIVE.sub("", m.group()) for m in _WORD.finditer(text))

    def to_sentences(self, text: str) -> tuple[str, ...]:
        # Sentences come from our own segmentation; a paragraph passed here is
        # kept whole rather than re-split by different rules.
        text = text.strip()
        return (text,) if text else ()

    def __repr__(self) -> str:
        return "WordTokenizer(english)"


def words(text: str) -> tuple[str, ...]:
    """The words of ``text`` as :class:`WordTokenizer` sees them."""
    return _TOKENIZER.to_words(text)


_TOKENIZER = WordTokenizer()
