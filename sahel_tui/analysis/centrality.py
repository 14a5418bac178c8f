"""The default key-point method: a position prior plus sentence centrality.

Imports numpy and nltk's Snowball stemmer at the top, so only
:mod:`sahel_tui.analysis.keypoints` imports it, on first use. It does not need
sumy itself (sumy's import also pulls in requests and a pycountry lookup),
which keeps the first summary of a session quick.

The word handling matches what :mod:`sahel_tui.analysis.summarizers` gives
sumy: the same tokenizer, stop words and stemmer, so the default and sumy's
methods see the same words.
"""

from __future__ import annotations

import pkgutil
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Sequence

import numpy
from nltk.stem.snowball import EnglishStemmer

from sahel_tui.analysis.tokenizer import WordTokenizer

TOKENIZER = WordTokenizer()
# sumy's Stemmer("english") is this same class; the Snowball algorithm is pure
# code and reads no nltk_data. Memoised: every method stems every word again.
STEM: Callable[[str], str] = lru_cache(maxsize=65536)(EnglishStemmer().stem)


def _sumy_stop_words() -> frozenset[str]:
    # The list ships inside sumy's wheel (sumy/data/stopwords/english.txt);
    # reading it directly is what sumy.utils.get_stop_words does, minus imports.
    data = pkgutil.get_data("sumy", "data/stopwords/english.txt")
    if data is None:
        raise RuntimeError("sumy's English stop-word list is missing from its package")
    return frozenset(w.strip() for w in data.decode("utf-8").splitlines() if w.strip())


STOP_WORDS: frozenset[str] = _sumy_stop_words()

# score = CENTRALITY_WEIGHT * centrality + (1 - CENTRALITY_WEIGHT) * prior, with
# prior = 1 / (1 + i / POSITION_SCALE) for the i-th body sentence (0-based),
# i.e. 1, 1/2, 1/3 ... News and analysis state their main claim up front and
# human summaries lean on the lead; centrality then decides among sentences
# the rest of the article keeps coming back to. Both values were chosen on the
# BBC development set (the table in docs/keypoints.md): they keep within two
# points of the best sumy method there while the lead sentence is still the
# best point in most articles.
CENTRALITY_WEIGHT = 0.7
POSITION_SCALE = 1.0
# Centrality mixes two views of the sentence graph (see default_scores); this
# is the cosine view's share. 0.5: neither alone did as well on the BBC set.
COSINE_SHARE = 0.5
DAMPING = 0.85


def content_stems(text: str) -> list[str]:
    """Stems of the words of ``text`` that are not stop words."""
    return [STEM(w.lower()) for w in TOKENIZER.to_words(text) if w.lower() not in STOP_WORDS]


# -- the sentence graph, kept sparse ------------------------------------------------
#
# The graph has an edge between every two sentences, so building it as an n x n
# matrix costs n^2 memory: 3.3 GB at 10,000 sentences, 423 GiB for a 10 MB
# text. Both centralities only ever need the matrix times a vector, and both
# matrices are products of the sentence x stem matrix with its transpose, so
# they are computed through that matrix (a few non-zeros per sentence) instead:
# time and memory grow with the number of words, not its square. numpy alone
# does it (bincount is a sparse product); scipy would be a 40 MB dependency for
# the same two lines.


@dataclass(frozen=True, slots=True)
class TermMatrix:
    """The sentence x stem count matrix in coordinate form (one entry per distinct stem of a sentence)."""

    n: int  # sentences
    vocab: int  # distinct stems
    rows: numpy.ndarray  # sentence index of each entry
    cols: numpy.ndarray  # stem index of each entry
    counts: numpy.ndarray  # how often that stem occurs in that sentence

    def times(self, values: numpy.ndarray, vector: numpy.ndarray) -> numpy.ndarray:
        """(M @ vector) for the matrix M with ``values`` at the entries: one value per sentence."""
        return numpy.bincount(self.rows, weights=values * vector[self.cols], minlength=self.n)

    def transposed_times(self, values: numpy.ndarray, vector: numpy.ndarray) -> numpy.ndarray:
        """(M.T @ vector): one value per stem."""
        return numpy.bincount(self.cols, weights=values * vector[self.rows], minlength=self.vocab)


def term_matrix(texts: Sequence[str]) -> TermMatrix:
    """The sentence x stem counts over content words."""
    vocab: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    counts: list[float] = []
    for i, text in enumerate(texts):
        bag: dict[int, int] = {}
        for w in content_stems(text):
            j = vocab.setdefault(w, len(vocab))
            bag[j] = bag.get(j, 0) + 1
        for j, c in bag.items():
            rows.append(i)
            cols.append(j)
            counts.append(float(c))
    return TermMatrix(
        n=len(texts),
        vocab=max(1, len(vocab)),
        rows=numpy.asarray(rows, dtype=numpy.int64),
        cols=numpy.asarray(cols, dtype=numpy.int64),
        counts=numpy.asarray(counts, dtype=numpy.float64),
    )


def idf_unit_weights(m: TermMatrix) -> numpy.ndarray:
    """Each entry's idf-weighted value, each sentence scaled to length 1 (LexRank's measure)."""
    df = numpy.bincount(m.cols, minlength=m.vocab)
    weights = m.counts * numpy.log((m.n + 1) / (df[m.cols] + 0.5))
    norms = numpy.sqrt(numpy.bincount(m.rows, weights=weights * weights, minlength=m.n))
    norms[norms == 0] = 1.0
    normalised: numpy.ndarray = weights / norms[m.rows]
    return normalised


class Similarity:
    """The idf cosine between two sentences, computed when asked (``sim[i, j]``).

    Stands in for the n x n matrix the redundancy check used to index: the check
    only looks at pairs involving the few sentences already chosen.
    """

    # Columns kept at once: the redundancy check asks about a handful of chosen sentences.
    MAX_COLUMNS = 64

    def __init__(self, m: TermMatrix, unit: numpy.ndarray) -> None:
        self._m = m
        self._unit = unit
        self._columns: dict[int, numpy.ndarray] = {}

    def column(self, j: int) -> numpy.ndarray:
        """Sentence ``j``'s similarity to every sentence: one pass over the entries."""
        found = self._columns.get(j)
        if found is None:
            m = self._m
            mine = m.rows == j
            dense = numpy.zeros(m.vocab)
            dense[m.cols[mine]] = self._unit[mine]
            found = m.times(self._unit, dense)
            if len(self._columns) >= self.MAX_COLUMNS:
                self._columns.pop(next(iter(self._columns)))
            self._columns[j] = found
        return found

    def __getitem__(self, pair: tuple[int, int]) -> float:
        i, j = pair
        return float(self.column(j)[i])


def cosine_centrality(m: TermMatrix, unit: numpy.ndarray) -> numpy.ndarray:
    """Continuous LexRank: PageRank over the weighted similarity graph S = U U^T, diagonal removed."""
    n = m.n
    self_sim = numpy.bincount(m.rows, weights=unit * unit, minlength=n)  # 1, or 0 for a sentence with no word
    row_sums = m.times(unit, m.transposed_times(unit, numpy.ones(n))) - self_sim
    # A sentence that shares no word with any other links to all equally. Decided
    # by counting (all its stems occur in it alone), not by a float row sum that
    # rounding can leave a hair above zero.
    df = numpy.bincount(m.cols, minlength=m.vocab)
    shared = numpy.bincount(m.rows, weights=(df[m.cols] > 1).astype(numpy.float64), minlength=n) > 0
    lonely = ~shared
    inverse = numpy.zeros(n)
    inverse[shared] = 1.0 / row_sums[shared]
    p = numpy.full(n, 1.0 / n)
    for _ in range(500):
        q = p * inverse
        # transition.T @ p: the linked rows through U, the lonely rows spread evenly.
        spread = m.times(unit, m.transposed_times(unit, q)) - self_sim * q
        even = p[lonely].sum() / (n - 1)
        spread += even
        spread[lonely] -= p[lonely] / (n - 1)
        nxt = (1.0 - DAMPING) / n + DAMPING * spread
        done = numpy.abs(nxt - p).sum() < 1e-12
        p = nxt
        if done:
            break
    return p


# Above this many distinct sentence lengths, overlap_centrality groups lengths
# into this many bins (see there); a real article has far fewer.
LENGTH_GROUPS = 256


def overlap_centrality(m: TermMatrix) -> numpy.ndarray:
    """Summed word-overlap edges, exactly as sumy's Reduction rates sentences.

    Reduction's edge is the number of matching word pairs divided by
    log(len1) + log(len2). The pair count is a dot product of count vectors,
    but the divisor depends on both lengths, so the sum over partners is taken
    one partner length at a time: for all partners of length L it is
    c_i . (sum of their count vectors) / (log len_i + log L). That is exact and
    costs one pass over the entries per distinct length. A text with more than
    LENGTH_GROUPS distinct lengths (only a huge one) groups them into that many
    bins of nearby log-lengths, a relative error in the divisor below 1%.
    """
    n = m.n
    lengths = numpy.bincount(m.rows, weights=m.counts, minlength=n)
    logs = numpy.log(numpy.maximum(lengths, 1.0))
    distinct, group = numpy.unique(logs, return_inverse=True)
    if len(distinct) > LENGTH_GROUPS:
        edges = numpy.quantile(logs, numpy.linspace(0, 1, LENGTH_GROUPS + 1)[1:-1])
        group = numpy.searchsorted(edges, logs, side="right")
        distinct = numpy.array([logs[group == g].mean() if (group == g).any() else 0.0 for g in range(LENGTH_GROUPS)])
    entry_group = group[m.rows]
    total = numpy.zeros(n)
    for g, log_len in enumerate(distinct):
        members = entry_group == g
        if not members.any():
            continue
        group_vector = numpy.bincount(m.cols[members], weights=m.counts[members], minlength=m.vocab)
        overlap = m.times(m.counts, group_vector)
        norm = logs + log_len
        total += numpy.divide(overlap, norm, out=numpy.zeros(n), where=norm > 0)
    # Take out each sentence's edge to itself, as the dense version zeroed the diagonal
    # (with a sentence's own log-length, or its group's when lengths were grouped).
    self_overlap = numpy.bincount(m.rows, weights=m.counts * m.counts, minlength=n)
    self_norm = logs + distinct[group]
    total -= numpy.divide(self_overlap, self_norm, out=numpy.zeros(n), where=self_norm > 0)
    return numpy.maximum(total, 0.0)


def _unit_max(values: numpy.ndarray) -> numpy.ndarray:
    top = values.max()
    return values / top if top > 0 else numpy.zeros_like(values)


def default_scores(texts: Sequence[str]) -> tuple[list[float], Similarity]:
    """Position prior plus centrality per sentence, and the similarity between sentences.

    Centrality is the mean of two views of the same sentence graph:
    idf-cosine PageRank (sentences on the article's distinctive topic) and
    summed raw overlap (full, informative sentences). Each alone has a blind
    spot; together they did better than either on the BBC set. Time and memory
    are linear in the number of words (see TermMatrix).
    """
    m = term_matrix(texts)
    n = m.n
    unit = idf_unit_weights(m)
    sim = Similarity(m, unit)
    if n == 1:
        return [1.0], sim
    cosine, overlap = _unit_max(cosine_centrality(m, unit)), _unit_max(overlap_centrality(m))
    central = _unit_max(COSINE_SHARE * cosine + (1.0 - COSINE_SHARE) * overlap)
    prior = 1.0 / (1.0 + numpy.arange(n) / POSITION_SCALE)
    scores = CENTRALITY_WEIGHT * central + (1.0 - CENTRALITY_WEIGHT) * prior
    return [float(x) for x in scores], sim
