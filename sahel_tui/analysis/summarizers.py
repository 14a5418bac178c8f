"""The scoring side of key points: sumy's methods, Lead-N and the default blend.

This module imports sumy, numpy and nltk at the top, so only
:func:`sahel_tui.analysis.keypoints.key_points` imports it, on first use.

sumy is fed our own segmentation: its document model is built directly from
``Article.paragraphs``, one sumy sentence per body sentence, so sumy never
splits or joins anything. Each sumy sentence carries its index in
``Article.body_sentences`` and compares by identity (sumy's own Sentence
compares by text, which would merge a repeated pull quote with the original),
so every rating maps back to exactly one of our sentences.
"""

from __future__ import annotations

import math
import warnings
from functools import lru_cache
from typing import Callable, Sequence

import numpy
from sumy.models.dom import ObjectDocumentModel
from sumy.models.dom import Paragraph as SumyParagraph
from sumy.models.dom import Sentence as SumySentence
from sumy.nlp.stemmers import Stemmer
from sumy.summarizers._summarizer import AbstractSummarizer
from sumy.summarizers.edmundson import EdmundsonSummarizer
from sumy.summarizers.kl import KLSummarizer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.lsa import LsaSummarizer
from sumy.summarizers.luhn import LuhnSummarizer
from sumy.summarizers.reduction import ReductionSummarizer
from sumy.summarizers.sum_basic import SumBasicSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer
from sumy.utils import get_stop_words

from sahel_tui.analysis.tokenizer import WordTokenizer
from sahel_tui.corpus.model import Article

LANGUAGE = "english"
TOKENIZER = WordTokenizer()
# nltk's Snowball stemmer is pure code (no nltk_data); memoised because every
# method stems every word of the article again.
STEM: Callable[[str], str] = lru_cache(maxsize=65536)(Stemmer(LANGUAGE))
# Shipped inside sumy's wheel (sumy/data/stopwords/english.txt): no download.
STOP_WORDS: frozenset[str] = frozenset(get_stop_words(LANGUAGE))

# Edmundson's cue method needs words that signal an important sentence (bonus)
# and ones that signal an unimportant one (stigma); sumy has no English lists
# and falls back to nothing. These follow Edmundson (1969): evaluative and
# conclusive words are bonus words; hedges and page furniture are stigma words.
EDMUNDSON_BONUS = (
    "important", "significant", "significantly", "key", "main", "major", "crucial",
    "critical", "essential", "central", "fundamental", "decisive", "primary",
    "principal", "chief", "greatest", "largest", "serious", "unprecedented",
    "conclude", "conclusion", "result", "therefore", "thus", "consequently",
    "hence", "evidence", "shows", "demonstrates", "reveals", "confirms",
    "especially", "particularly", "notably", "above", "ultimately", "overall",
    "announced", "agreed", "decided", "warned", "threat", "crisis", "strategy",
)
EDMUNDSON_STIGMA = (
    "hardly", "impossible", "perhaps", "possibly", "maybe", "apparently",
    "seemingly", "somewhat", "unclear", "anecdotally", "incidentally",
    "meanwhile", "example", "instance", "click", "subscribe", "newsletter",
    "advertisement", "copyright", "photo", "photograph", "caption", "cookies",
    "sponsored", "disclaimer",
)

SUMY_CLASSES: dict[str, type[AbstractSummarizer]] = {
    "lexrank": LexRankSummarizer,
    "textrank": TextRankSummarizer,
    "lsa": LsaSummarizer,
    "luhn": LuhnSummarizer,
    "edmundson": EdmundsonSummarizer,
    "kl": KLSummarizer,
    "sumbasic": SumBasicSummarizer,
    "reduction": ReductionSummarizer,
}


class IndexedSentence(SumySentence):
    """A sumy sentence that knows which body sentence it is and compares by identity."""

    __slots__ = ("index",)

    def __init__(self, text: str, index: int, is_heading: bool = False) -> None:
        super().__init__(text, TOKENIZER, is_heading)
        self.index = index

    __eq__ = object.__eq__  # type: ignore[assignment]
    __ne__ = object.__ne__  # type: ignore[assignment]
    __hash__ = object.__hash__  # type: ignore[assignment]


def build_document(article: Article) -> ObjectDocumentModel:
    """sumy's document model, made from our segmentation.

    Titles and headings become sumy headings (Edmundson's title and location
    methods read them; sumy never returns a heading as a summary sentence).
    They join the next body paragraph, which is where sumy's own parsers put a
    heading; body sentences are numbered in ``Article.body_sentences`` order.
    """
    paragraphs: list[SumyParagraph] = []
    pending: list[IndexedSentence] = []
    index = 0
    for para in article.paragraphs:
        if para.kind != "body":
            pending.extend(IndexedSentence(s.text, -1, is_heading=True) for s in para.sentences)
            continue
        body = []
        for s in para.sentences:
            body.append(IndexedSentence(s.text, index))
            index += 1
        if body:
            paragraphs.append(SumyParagraph(pending + body))
            pending = []
    if pending and paragraphs:
        # Trailing headings (rare): keep their words for the title method.
        last = paragraphs.pop()
        paragraphs.append(SumyParagraph(list(last.sentences) + pending))
    return ObjectDocumentModel(paragraphs)


def make_summarizer(method: str) -> AbstractSummarizer:
    summarizer = SUMY_CLASSES[method](STEM)
    if method == "edmundson":
        summarizer.null_words = STOP_WORDS  # type: ignore[attr-defined]
        summarizer.bonus_words = EDMUNDSON_BONUS  # type: ignore[attr-defined]
        summarizer.stigma_words = EDMUNDSON_STIGMA  # type: ignore[attr-defined]
    else:
        summarizer.stop_words = STOP_WORDS  # type: ignore[attr-defined]
    return summarizer


class _AllRatings:
    """Passed to sumy as the sentence count: sumy hands it every rated sentence.

    Every sumy method ends in ``_get_best_sentences``, which calls its count
    with the full list of (sentence, order, rating); keeping all of them gives
    a score for every sentence rather than only the chosen few.
    """

    def __init__(self) -> None:
        self.infos: list = []

    def __call__(self, infos: list) -> list:
        self.infos = list(infos)
        return self.infos


def sumy_scores(method: str, article: Article) -> list[float]:
    """One rating per body sentence, from the sumy method ``method``."""
    document = build_document(article)
    n = len(document.sentences)
    capture = _AllRatings()
    with warnings.catch_warnings():
        # LSA warns on short texts (fewer words than sentences); it still ranks.
        warnings.simplefilter("ignore")
        make_summarizer(method)(document, capture)
    scores = [0.0] * n
    seen = 0
    for info in capture.infos:
        scores[info.sentence.index] = float(info.rating)
        seen += 1
    if seen != n:
        raise RuntimeError(f"{method}: sumy rated {seen} of {n} sentences")
    return scores


def lead_scores(n: int) -> list[float]:
    """Lead-N: earlier is better."""
    return [1.0 - i / n for i in range(n)]


# --- the default: position prior x centrality -------------------------------

# How much earlier sentences are preferred: prior = 1 / (1 + i / POSITION_SCALE)
# for the i-th body sentence (0-based), so the prior halves after POSITION_SCALE
# sentences. News and analysis put their claims up front; centrality then picks
# among the early sentences the ones that the rest of the article is about.
POSITION_SCALE = 6.0
DAMPING = 0.85
# Two selected points more similar than this say the same thing twice.
REDUNDANCY = 0.5


def _content_stems(text: str) -> list[str]:
    return [STEM(w.lower()) for w in TOKENIZER.to_words(text) if w.lower() not in STOP_WORDS]


def similarity_matrix(texts: Sequence[str]) -> numpy.ndarray:
    """idf-weighted cosine similarity between sentences (LexRank's measure)."""
    bags = [_content_stems(t) for t in texts]
    n = len(bags)
    vocab: dict[str, int] = {}
    for bag in bags:
        for w in bag:
            vocab.setdefault(w, len(vocab))
    tf = numpy.zeros((n, max(1, len(vocab))))
    for i, bag in enumerate(bags):
        for w in bag:
            tf[i, vocab[w]] += 1.0
    df = (tf > 0).sum(axis=0)
    idf = numpy.log((n + 1) / (df + 0.5))
    vectors = tf * idf
    norms = numpy.linalg.norm(vectors, axis=1)
    norms[norms == 0] = 1.0
    vectors = vectors / norms[:, None]
    return vectors @ vectors.T


def centrality(sim: numpy.ndarray) -> numpy.ndarray:
    """Continuous LexRank: PageRank over the similarity graph, by power iteration."""
    n = sim.shape[0]
    weights = sim.copy()
    numpy.fill_diagonal(weights, 0.0)
    row_sums = weights.sum(axis=1)
    # A sentence that shares no word with any other links to all equally.
    weights[row_sums == 0] = 1.0
    numpy.fill_diagonal(weights, 0.0)
    row_sums = weights.sum(axis=1)
    transition = weights / row_sums[:, None]
    p = numpy.full(n, 1.0 / n)
    for _ in range(200):
        nxt = (1.0 - DAMPING) / n + DAMPING * (transition.T @ p)
        if numpy.abs(nxt - p).sum() < 1e-10:
            p = nxt
            break
        p = nxt
    return p


def default_scores(article: Article) -> tuple[list[float], numpy.ndarray]:
    """Position prior times normalised centrality, and the similarity matrix."""
    texts = [s.text for s in article.body_sentences]
    n = len(texts)
    sim = similarity_matrix(texts)
    cent = centrality(sim) if n > 1 else numpy.ones(1)
    cent = cent / cent.max()
    scores = [float(cent[i]) / (1.0 + i / POSITION_SCALE) for i in range(n)]
    return scores, sim


# --- turning scores into an order ------------------------------------------


def _norm_text(text: str) -> str:
    return " ".join(text.lower().split())


def ranked_order(scores: Sequence[float], texts: Sequence[str], sim: numpy.ndarray | None = None) -> list[int]:
    """Sentence indices best first; ties go to the earlier sentence.

    A sentence whose text repeats an earlier-ranked one (a pull quote, a
    standfirst repeated in the body) is dropped. With ``sim`` given, one too
    similar to a sentence already ranked above it moves behind all the others,
    so it is only chosen when nothing else is left.
    """
    # Rounding first makes float noise in the last bits unable to reorder ties.
    order = sorted(range(len(scores)), key=lambda i: (-round(scores[i], 9), i))
    chosen: list[int] = []
    deferred: list[int] = []
    seen: set[str] = set()
    for i in order:
        key = _norm_text(texts[i])
        if key in seen:
            continue
        seen.add(key)
        if sim is not None and any(sim[i, j] > REDUNDANCY for j in chosen):
            deferred.append(i)
        else:
            chosen.append(i)
    return chosen + deferred


def rank(method: str, article: Article, default_method: str) -> tuple[list[float], list[int]]:
    """Scores for every body sentence and the ranked, de-duplicated indices."""
    body = article.body_sentences
    texts = [s.text for s in body]
    n = len(body)
    if n == 0:
        return [], []
    sim = None
    if method == "lead":
        scores = lead_scores(n)
    elif method == default_method:
        scores, sim = default_scores(article)
    else:
        scores = sumy_scores(method, article)
    scores = [s if math.isfinite(s) else 0.0 for s in scores]
    return scores, ranked_order(scores, texts, sim)
