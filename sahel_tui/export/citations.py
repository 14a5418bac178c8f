"""Footnote citations: one footnote per cited sentence, defined once, referenced wherever cited.

A footnote label is the sentence id (``a1-p4-s2``), so a reader of the plain
text can paste it into ``sahel-brief read``. Definitions are emitted only for
labels that were actually referenced, so the document never has a dangling
reference or an unused definition.

Pandoc turns every ``[^label]`` reference into an endnote of its own, so a
sentence quoted three times would give three identical endnotes. Each
sentence is therefore referenced as a footnote exactly once, where it is first
cited in the document; later citations are links to that note (``[²](#fn2)``),
which both pandoc and markdown-it number ``fn1``, ``fn2``, ... in order of first
reference. Because sections are rendered in an order different from the
document's, renderers emit a placeholder and :meth:`Citations.resolve` makes the
choice over the finished parts, in document order.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sahel_tui.corpus.model import split_sentence_id
from sahel_tui.export.escape import footnote_label, md_inline

if TYPE_CHECKING:
    from sahel_tui.corpus.model import Article

# NUL never survives escape.clean_text, so no article text can forge a placeholder.
# A "!" just before would make "[²](#fn2)" an image: it is escaped (it only ever ends quoted text).
_MARK = re.compile("(!?)\x00([A-Za-z0-9._-]+)\x00")
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def superscript(n: int) -> str:
    return str(n).translate(_SUPERSCRIPT)


class Citations:
    def __init__(self, source_labels: dict[str, str]) -> None:
        self._source_labels = source_labels  # article id -> "S1"
        self._labels: dict[str, str] = {}  # sentence id -> footnote label
        self._taken: set[str] = set()
        self._definitions: dict[str, str] = {}  # label -> definition text, in order of first cite
        self._titles: dict[str, str] = {}  # article id -> escaped title, made once
        self._order: list[str] = []  # labels in document order, once resolved

    def __len__(self) -> int:
        return len(self._definitions)

    def cite(self, article: Article, sentence_id: str) -> str:
        """A placeholder for the sentence's footnote, defining it on first use."""
        label = self._labels.get(sentence_id)
        if label is None:
            label = self._unique(footnote_label(sentence_id))
            self._labels[sentence_id] = label
            self._definitions[label] = self._locator(article, sentence_id)
        return f"\x00{label}\x00"

    def resolve(self, parts: list[str]) -> list[str]:
        """The parts with placeholders replaced: the first in document order a footnote, the rest links to it."""
        number: dict[str, int] = {}

        def replace(m: re.Match[str]) -> str:
            bang, label = "\\!" if m.group(1) else "", m.group(2)
            n = number.get(label)
            if n is None:
                number[label] = len(number) + 1
                self._order.append(label)
                return f"{bang}[^{label}]"
            return f"{bang}[{superscript(n)}](#fn{n})"

        return [_MARK.sub(replace, part) for part in parts]

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
        """One definition per referenced sentence, in the order the document numbers them."""
        order = self._order or list(self._definitions)
        return "\n".join(f"[^{label}]: {self._definitions[label]}" for label in order)
