"""sumy's eight methods, run on our own segmentation.

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

from typing import Any

import warnings

from sumy.models.dom import ObjectDocumentModel
from sumy.models.dom import Paragraph as SumyParagraph
from sumy.models.dom import Sentence as SumySentence
from sumy.summarizers._summarizer import AbstractSummarizer
from sumy.summarizers.edmundson import EdmundsonSummarizer
from sumy.summarizers.kl import KLSummarizer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.lsa import LsaSummarizer
from sumy.summarizers.luhn import LuhnSummarizer
from sumy.summarizers.reduction import ReductionSummarizer
from sumy.summarizers.sum_basic import SumBasicSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer

# The same words as the default method: our tokenizer, sumy's English
# stop-word list and nltk's Snowball stemmer (what sumy's Stemmer("english") wraps).
from sahel_tui.analysis.centrality import STEM, STOP_WORDS, TOKENIZER, content_stems
from sahel_tui.corpus.model import Article

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
    "especially", "particularly", "notably", "ultimately", "overall",
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


class IndexedSentence(SumySentence):  # type: ignore[misc]  # sumy ships no types
    """A sumy sentence that knows which body sentence it is and compares by identity."""

    __slots__ = ("index",)

    def __init__(self, text: str, index: int, is_heading: bool = False) -> None:
        super().__init__(text, TOKENIZER, is_heading)
        self.index = index

    __eq__ = object.__eq__
    __ne__ = object.__ne__
    __hash__ = object.__hash__


def build_document(article: Article, limit: int | None = None) -> ObjectDocumentModel:
    """sumy's document model, made from our segmentation.

    Titles and headings become sumy headings (Edmundson's title and location
    methods read them; sumy never returns a heading as a summary sentence).
    They join the next body paragraph, which is where sumy's own parsers put a
    heading; body sentences are numbered in ``Article.body_sentences`` order.
    """
    groups: list[list[IndexedSentence]] = []
    pending: list[IndexedSentence] = []
    index = 0
    for para in article.paragraphs:
        if para.kind != "body":
            pending.extend(IndexedSentence(s.text, -1, is_heading=True) for s in para.sentences)
            continue
        if limit is not None and index >= limit:
            break
        body = []
        for s in para.sentences:
            if limit is not None and index >= limit:
                break
            body.append(IndexedSentence(s.text, index))
            index += 1
        if body:
            groups.append(pending + body)
            pending = []
    if pending and groups:
        # Trailing headings (rare): keep their words for the title method.
        groups[-1].extend(pending)
    return ObjectDocumentModel(SumyParagraph(group) for group in groups)


def make_summarizer(method: str) -> AbstractSummarizer:
    summarizer = SUMY_CLASSES[method](STEM)
    if method == "edmundson":
        summarizer.null_words = STOP_WORDS
        summarizer.bonus_words = EDMUNDSON_BONUS
        summarizer.stigma_words = EDMUNDSON_STIGMA
    else:
        summarizer.stop_words = STOP_WORDS
    return summarizer


class _AllRatings:
    """Passed to sumy as the sentence count: sumy hands it every rated sentence.

    Every sumy method ends in ``_get_best_sentences``, which calls its count
    with the full list of (sentence, order, rating); keeping all of them gives
    a score for every sentence rather than only the chosen few.
    """

    def __init__(self) -> None:
        self.infos: list[Any] = []  # sumy's SentenceInfo (untyped)

    def __call__(self, infos: list[Any]) -> list[Any]:
        self.infos = list(infos)
        return self.infos


def sumy_scores(method: str, article: Article, limit: int | None = None) -> list[float]:
    """One rating per body sentence, from the sumy method ``method``.

    With ``limit``, only the first ``limit`` body sentences are rated (sumy's
    cost grows with the square of the count); the rest score below every rated one.
    """
    document = build_document(article, limit)
    n = len(document.sentences)
    total = len(article.body_sentences)
    if not any(content_stems(str(s)) for s in document.sentences):
        # Nothing but stop words: KL and SumBasic would divide by zero and LSA
        # rates nothing. No word says one sentence matters more; keep the order.
        return [0.0] * n + [-1.0] * (total - n)
    capture = _AllRatings()
    with warnings.catch_warnings():
        # LSA warns on short texts (fewer words than sentences); it still ranks.
        warnings.simplefilter("ignore")
        make_summarizer(method)(document, capture)
    scores = [0.0] * total
    seen = 0
    for info in capture.infos:
        scores[info.sentence.index] = float(info.rating)
        seen += 1
    if seen != n:
        raise RuntimeError(f"{method}: sumy rated {seen} of {n} sentences")
    if total > n:
        floor = min(scores[:n], default=0.0) - 1.0  # below every rated sentence
        scores[n:] = [floor] * (total - n)
    return scores
