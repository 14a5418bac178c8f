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


def term_counts(texts: Sequence[str]) -> numpy.ndarray:
    """Sentence x stem count matrix over content words."""
    bags = [content_stems(t) for t in texts]
    vocab: dict[str, int] = {}
    for bag in bags:
        for w in bag:
            vocab.setdefault(w, len(vocab))
    counts = numpy.zeros((len(bags), max(1, len(vocab))))
    for i, bag in enumerate(bags):
        for w in bag:
            counts[i, vocab[w]] += 1.0
    return counts


def similarity_matrix(counts: numpy.ndarray) -> numpy.ndarray:
    """idf-weighted cosine similarity between sentences (LexRank's measure)."""
    n = counts.shape[0]
    df = (counts > 0).sum(axis=0)
    vectors = counts * numpy.log((n + 1) / (df + 0.5))
    norms = numpy.linalg.norm(vectors, axis=1)
    norms[norms == 0] = 1.0
    vectors = vectors / norms[:, None]
    return vectors @ vectors.T


def cosine_centrality(sim: numpy.ndarray) -> numpy.ndarray:
    """Continuous LexRank: PageRank over the weighted similarity graph."""
    n = sim.shape[0]
    weights = sim.copy()
    numpy.fill_diagonal(weights, 0.0)
    # A sentence that shares no word with any other links to all equally.
    weights[weights.sum(axis=1) == 0] = 1.0
    numpy.fill_diagonal(weights, 0.0)
    transition = weights / weights.sum(axis=1)[:, None]
    p = numpy.full(n, 1.0 / n)
    for _ in range(500):
        nxt = (1.0 - DAMPING) / n + DAMPING * (transition.T @ p)
        done = numpy.abs(nxt - p).sum() < 1e-12
        p = nxt
        if done:
            break
    return p


def overlap_centrality(counts: numpy.ndarray) -> numpy.ndarray:
    """Summed word-overlap edges, exactly as sumy's Reduction rates sentences.

    Reduction's edge is the number of matching word pairs divided by
    log(len1) + log(len2); the pair count is the dot product of the count
    vectors, so the whole graph is one matrix product.
    """
    logs = numpy.log(numpy.maximum(counts.sum(axis=1), 1.0))
    overlap = counts @ counts.T
    norm = logs[:, None] + logs[None, :]
    edges = numpy.divide(overlap, norm, out=numpy.zeros_like(overlap), where=norm > 0)
    numpy.fill_diagonal(edges, 0.0)
    return edges.sum(axis=1)


def _unit_max(values: numpy.ndarray) -> numpy.ndarray:
    top = values.max()
    return values / top if top > 0 else numpy.zeros_like(values)


def default_scores(texts: Sequence[str]) -> tuple[list[float], numpy.ndarray]:
    """Position prior plus centrality per sentence, and the similarity matrix.

    Centrality is the mean of two views of the same sentence graph:
    idf-cosine PageRank (sentences on the article's distinctive topic) and
    summed raw overlap (full, informative sentences). Each alone has a blind
    spot; together they did better than either on the BBC set.
    """
    counts = term_counts(texts)
    n = counts.shape[0]
    sim = similarity_matrix(counts)
    if n == 1:
        return [1.0], sim
    cosine, overlap = _unit_max(cosine_centrality(sim)), _unit_max(overlap_centrality(counts))
    central = _unit_max(COSINE_SHARE * cosine + (1.0 - COSINE_SHARE) * overlap)
    prior = 1.0 / (1.0 + numpy.arange(n) / POSITION_SCALE)
    scores = CENTRALITY_WEIGHT * central + (1.0 - CENTRALITY_WEIGHT) * prior
    return [float(x) for x in scores], sim
