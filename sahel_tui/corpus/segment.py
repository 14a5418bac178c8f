"""An offline sentence splitter for news prose (no NLTK data needed).

A boundary is sentence punctuation, optional closing quotes or brackets, then
whitespace, then something that can start a sentence. The rules that keep a
boundary from being one are the ones news copy needs: titles and months
(``Gen.``, ``Jan.``), initials (``J. R. R. Tolkien``), dotted acronyms
(``U.S.``) that end a sentence only when a typical sentence opener follows,
``No. 5``-style references, decimals (no space, so never a candidate), and a
full stop inside a parenthesis that has not closed yet.

Each candidate is judged by looking a bounded distance around it, so the
work is linear in the length of the text even for one 5 MB line.
"""

from __future__ import annotations

import re

MAX_SENTENCE = 4000  # characters; longer runs are split at a space so no stage chokes

_CANDIDATE = re.compile(r"(?P<p>[.!?…]+[\"'”’»)\]]*)\s+")
_NON_SPACE = re.compile(r"\S")
_WORD_BEFORE = re.compile(r"\S+\Z")
_OPENERS = "\"'“‘«([¿¡"
_STRIP_LEAD = "\"'“‘«([{*_"

# Never the end of a sentence when followed by a capitalised word.
_NEVER = frozenset(
    """
    mr mrs ms messrs mme mlle dr prof gen lt col maj capt cpt sgt cpl adm brig cmdr cdr
    gov sen rep pres rev hon fr st mt ft amb supt insp atty sup
    jan feb mar apr jun jul aug sep sept oct nov dec
    e.g i.e cf viz vs approx ca al
    """.split()
)
# Before a number only: "No. 5", "p. 12", "Vol. 3".
_NUMERIC = frozenset("no nos p pp vol vols fig figs art arts ch sec para op ed eds".split())
# May end a sentence: they do when a typical opener follows.
_MAYBE = frozenset("etc inc ltd co corp bros jr sr llc plc ag sa esq dept univ".split())
_STARTERS = frozenset(
    """
    the a an he she it they we i you this that these those there here his her its their our my
    but and or so yet nor in on at for to from with by of after before when while if as since
    although though because still then now today yesterday tomorrow meanwhile however moreover
    instead also thus hence indeed some many most several few one two no not what why how who
    where which such each every all both neither either according officials analysts critics
    """.split()
)
_DOTTED = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` in ``text``; whitespace is never inside an edge."""
    spans: list[tuple[int, int]] = []
    m0 = _NON_SPACE.search(text)
    if m0 is None:
        return spans
    start = m0.start()
    n = len(text)
    for m in _CANDIDATE.finditer(text, start):
        nxt = m.end()
        if nxt >= n:
            break  # the last sentence runs to the end anyway
        if _is_boundary(text, m.start(), m.end("p"), m.group("p"), nxt):
            spans.append((start, m.end("p")))
            start = nxt
    stop = len(text.rstrip())
    if start < stop:
        spans.append((start, stop))
    return _cap(text, spans)


def _skip_space(text: str, i: int) -> int:
    m = _NON_SPACE.search(text, i)
    return m.start() if m else len(text)


def _is_boundary(text: str, p_start: int, p_end: int, cluster: str, nxt: int) -> bool:
    first = _first_letter(text, nxt)
    if first is None or first.islower():
        return False  # "“Now what?” he asked" and "U.S. officials said ... e.g. this"
    if ")" not in cluster and "(" in text[max(0, p_start - 250) : p_start] and _inside_parenthesis(text, p_start):
        return False
    if cluster[0] != "." or len(cluster) > 1 and cluster[1] in ".!?…":
        punct = cluster.rstrip("\"'”’»)]")
        if "!" in punct or "?" in punct:
            return True
        return first.isupper() or first.isdigit()  # an ellipsis
    # A single full stop: look at the word it ends.
    m = _WORD_BEFORE.search(text, max(0, p_start - 40), p_start)
    word = m.group().lstrip(_STRIP_LEAD) if m else ""
    if not word:
        return True
    lower = word.lower()
    if lower in _NEVER:
        return False
    if lower in _NUMERIC:
        return not first.isdigit()
    if lower in _MAYBE or (len(word) == 1 and word.isupper()) or ("." in word and _DOTTED.fullmatch(word)):
        # An initial ("George W. Bush") or an acronym ("U.S."): a sentence ends
        # there only when a plain sentence opener follows ("Plan B. The ...").
        return _next_word(text, nxt).lower() in _STARTERS
    return True


def _first_letter(text: str, i: int) -> str | None:
    """The first character that says how the next sentence begins."""
    end = min(len(text), i + 4)
    while i < end and text[i] in _OPENERS:
        i += 1
    if i >= len(text):
        return None
    c = text[i]
    if c.isalpha():
        return c if (c.isupper() or c.islower()) else "A"  # caseless scripts (Arabic) can start one
    if c.isdigit():
        return c
    return None


def _next_word(text: str, i: int) -> str:
    j = i
    end = min(len(text), i + 40)
    while j < end and text[j] in _OPENERS:
        j += 1
    k = j
    while k < end and (text[k].isalpha() or text[k] == "'"):
        k += 1
    return text[j:k]


def _inside_parenthesis(text: str, p: int) -> bool:
    """An open "(" close before ``p`` whose ")" comes soon after it."""
    lo = max(0, p - 250)
    opened = text.rfind("(", lo, p)
    if opened < 0 or text.rfind(")", opened, p) >= 0:
        return False
    return text.find(")", p, p + 250) >= 0


def _cap(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    if all(e - s <= MAX_SENTENCE for s, e in spans):
        return spans
    out: list[tuple[int, int]] = []
    for s, e in spans:
        while e - s > MAX_SENTENCE:
            cut = text.rfind(" ", s + MAX_SENTENCE // 2, s + MAX_SENTENCE)
            if cut < 0:
                cut = s + MAX_SENTENCE
            piece_end = cut
            while piece_end > s and text[piece_end - 1].isspace():
                piece_end -= 1
            out.append((s, piece_end))
            s = _skip_space(text, cut)
        if s < e:
            out.append((s, e))
    return out
