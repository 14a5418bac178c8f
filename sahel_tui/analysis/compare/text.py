"""Words, stems and TF-IDF weights for comparing sentences and articles.

Pure Python on purpose: the comparison must start without numpy for small
corpora, and the stemmer must need no downloaded data. The stemmer is a light
suffix stripper (plurals, -ed/-ing/-ly, British/American spellings) rather than
full Porter: paraphrase matching needs "seized"=="seize" and
"kilometres"=="kilometer", not "general"=="generous".
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

STOPWORDS = frozenset(
    """
    a about above after again against all almost also although am among an and another any are aren't
    around as at be because been before being below between both but by can cannot could couldn't did
    didn't do does doesn't doing don't down during each either else even ever every few for from further
    had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself him himself his
    how how's however i i'd i'll i'm i've if in into is isn't it it's its itself just let's less like many may
    me might more most much must mustn't my myself neither no nor not now of off often on once one only or
    other others ought our ours ourselves out over own per perhaps quite rather really said same say says
    shall shan't she she'd she'll she's should shouldn't since so some still such than that that's the their
    theirs them themselves then there there's these they they'd they'll they're they've this those though
    through thus to too toward towards under until up upon us very via was wasn't we we'd we'll we're we've
    well were weren't what what's when when's where where's whether which while who who's whom whose why why's
    will with within without won't would wouldn't yet you you'd you'll you're you've your yours yourself
    yourselves also already whereas mr mrs ms dr new year years
    """.split()
)

# Different words for one idea that news sources swap freely. Kept small and
# generic (security and policy reporting), applied after stemming.
_CONCEPTS = {
    "putsch": "coup", "overthrow": "coup", "toppl": "coup",
    "accord": "agreement", "pact": "agreement", "treati": "agreement", "deal": "agreement",
    "frontier": "border", "troop": "soldier", "jihadist": "islamist", "jihadi": "islamist",
    "kilometer": "km", "mil": "mi", "percent": "%",
    "assault": "attack", "raid": "attack", "talk": "negotiation", "negotiat": "negotiation",
    "insurgenci": "rebel", "insurgent": "rebel", "rebellion": "rebel", "upris": "rebel",
    "militari": "military", "militariz": "military", "armi": "army", "govern": "government",
    # Putting a group in a category: news writes "label", "brand", "designate", "reclassify" for one act.
    "label": "designat", "labell": "designat", "brand": "designat", "classifi": "designat",
    "reclassifi": "designat", "categoriz": "designat", "recategoriz": "designat", "dub": "designat",
    # Armed groups outside the state, by whatever name the writer prefers.
    "separatist": "rebel", "secessionist": "rebel", "non-state": "rebel", "militia": "rebel",
    "faction": "group", "organization": "group", "outfit": "group",
}
# Verb + "power" means a coup whichever verb the writer chose.
_POWER_VERBS = frozenset({"seiz", "took", "tak", "grab", "seized", "sez"})

_WORD = re.compile(r"[^\W\d_][^\W_]*(?:[-'’][^\W_]+)*|\d[\d,.]*")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A light, data-free English stem: "seized"->"seiz", "kilometres"->"kilometer"."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.strip("'")
    if len(w) <= 3 or not w.isalpha():
        return w
    # British -> American spellings first, so both stem alike.
    w = re.sub(r"(?<=\w{3})is(e|ed|es|ing|ation|ations|er|ers)$", r"iz\1", w)
    w = re.sub(r"(?<=[^aeiou])re(s?)$", r"er\1", w) if len(w) > 5 else w
    if len(w) > 5 and w.endswith("our"):
        w = w[:-3] + "or"
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 3:
        w = w[:-1]
    if w.endswith("ly") and len(w) > 5:
        w = w[:-2]
    for suffix in ("ing", "ed"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3 and re.search(r"[aeiouy]", w[: -len(suffix)]):
            w = w[: -len(suffix)]
            if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
                w = w[:-1]
            break
    if w.endswith("ied"):
        w = w[:-3] + "y"
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]
    if w.endswith("y") and len(w) > 3:
        w = w[:-1] + "i"
    return w


def words(text: str) -> list[str]:
    """The words of ``text`` in order (numbers kept as written)."""
    return _WORD.findall(text)


def content_terms(text: str) -> list[tuple[str, int]]:
    """(stem, offset) of each content word, with synonyms folded to one concept."""
    out: list[tuple[str, int]] = []
    prev = ""
    for m in _WORD.finditer(text):
        low = m.group().lower().replace("’", "'")
        if low in STOPWORDS or len(low) < 2 or low[0].isdigit():
            prev = ""
            continue
        s = stem(low)
        if s in STOPWORDS:
            continue
        s = _CONCEPTS.get(s, s)
        if s == "power" and prev in _POWER_VERBS:
            out[-1] = ("coup", out[-1][1])
            prev = "coup"
            continue
        out.append((s, m.start()))
        prev = s
    return out


def content_stems(text: str) -> list[str]:
    """Stems of the content words, with synonyms folded to one concept."""
    return [s for s, _ in content_terms(text)]


def idf_table(doc_freq: Counter[str], n_docs: int) -> dict[str, float]:
    """Smoothed inverse document frequency, as scikit-learn computes it."""
    return {t: math.log((1 + n_docs) / (1 + df)) + 1.0 for t, df in doc_freq.items()}


def tfidf(counts: Counter[str], idf: dict[str, float], default_idf: float) -> dict[str, float]:
    """A unit-length TF-IDF vector with sublinear term frequency."""
    vec = {t: (1.0 + math.log(n)) * idf.get(t, default_idf) for t, n in counts.items()}
    norm = math.sqrt(sum(v * v for v in vec.values()))
    if norm == 0.0:
        return {}
    return {t: v / norm for t, v in vec.items()}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    """Dot product of two unit vectors (iterates the shorter one)."""
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b[t] for t, v in a.items() if t in b)
