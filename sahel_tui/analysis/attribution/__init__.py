"""Who says what: direct quotes and reported speech, each with its speaker.

Public API::

    attribute_article(article, mentions=None, actors=None) -> list[Attribution]
    attribute_corpus(corpus, actors) -> dict[article_id, list[Attribution]]
    Attribution(...)        # speaker, verb, span + offsets, direct or not, actor or kind

Pure and rule-based (no model download, offline): news English marks speech
with a small closed set of constructions, listed in ``patterns``.
"""

from __future__ import annotations

from sahel_tui.analysis.attribution.model import Attribution
from sahel_tui.analysis.attribution.patterns import attribute_article, attribute_corpus, speaker_of_sentence

__all__ = ["Attribution", "attribute_article", "attribute_corpus", "speaker_of_sentence"]
