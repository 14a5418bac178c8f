"""Footnote citations: one definition per cited sentence, in order of first use.

A footnote label is the sentence id (``a1-p4-s2``), so a reader of the plain
text can paste it into ``sahel-brief read``. Definitions are emitted only for
labels that were actually referenced, so the document never has a dangling
reference or an unused definition.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sahel_tui.corpus.model import split_sentence_id
from sahel_tui.export.escape import footnote_label, md_inline

if TYPE_CHECKING:
    from sahel_tui.corpus.model import Article


class Citations:
    def __init__(self, source_labels: dict[str, str]) -> None:
        self._source_labels = source_labels  # article id -> "S1"
        self._labels: dict[str, str] = {}  # sentence id -> footnote label
        self._taken: set[str] = set()
        self._definitions: list[str] = []
        self._titles: dict[str, str] = {}  # article id -> escaped title, made once

    def __len__(self) -> int:
        return len(self._definitions)

    def cite(self, article: Article, sentence_id: str) -> str:
        """The footnote reference for a sentence, defining it on first use."""
        label = self._labels.get(sentence_id)
        if label is None:
            label = self._unique(footnote_label(sentence_id))
            self._labels[sentence_id] = label
            self._definitions.append(f"[^{label}]: {self._locator(article, sentence_id)}")
        return f"[^{label}]"

    def _unique(self, label: str) -> str:
        # Two ids that sanitise to the same label (only possible with odd file
        # names) must still get two footnotes.
        candidate, n = label, 2
        while candidate in self._taken:
            candidate, n = f"{label}-{n}", n + 1
        self._taken.add(candidate)
        return candidate

    def _locator(self, article: Article, sentence_id: str) -> str:
        source = self._source_labels.get(article.id)
        prefix = f"{source}, " if source else ""
        where = "location unknown"
        sentence = article.sentence(sentence_id)
        if sentence is not None:
            where = f"paragraph {sentence.paragraph}, sentence {sentence.number}"
        elif (parts := split_sentence_id(sentence_id)) is not None:
            where = f"paragraph {parts[1]}, sentence {parts[2]}"
        title = self._titles.get(article.id)
        if title is None:
            title = self._titles[article.id] = md_inline(article.title, 160, fallback=md_inline(article.id))
        return f"{prefix}*{title}*, {where}."

    def definitions(self) -> str:
        return "\n".join(self._definitions)
