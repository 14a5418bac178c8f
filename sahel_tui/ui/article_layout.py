"""Lay an Article out as wrapped rows that point back into its text.

The reader is a Line-API widget: it never holds one widget per sentence, it
asks this layout "what is row y?" and styles that one row when it is drawn.
Rows keep offsets into ``Article.text`` (or into a Removal's text), so the
styling of key points, the cursor and search matches can be decided at paint
time and a cursor move only repaints the rows of two sentences.
Wrapping depends on the width and on whether removed text is shown, never on
styling, so the layout is rebuilt only when one of those changes.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Callable, Literal, Sequence

from rich.cells import cell_len

from sahel_tui.corpus.model import Article, Sentence

RowKind = Literal["text", "blank", "removed-label", "removed"]
_WORD = re.compile(r"\S+\s*|\s+")


@dataclass(frozen=True, slots=True)
class Row:
    kind: RowKind
    start: int = 0  # offsets into Article.text ("text") or into the Removal's text ("removed")
    end: int = 0
    block: int = -1  # index into Article.paragraphs for "text" rows
    removal: int = -1  # index into Article.removed for removal rows


@dataclass(slots=True)
class ArticleLayout:
    width: int
    rows: list[Row]
    sentence_rows: dict[str, tuple[int, int]]  # sentence id -> (first row, last row)
    row_starts: list[int] = field(default_factory=list)  # sorted text-row start offsets
    text_row_index: list[int] = field(default_factory=list)  # row number of each entry above

    def row_for_offset(self, offset: int) -> int:
        """The text row that contains ``offset`` (the nearest one before it)."""
        i = bisect_right(self.row_starts, offset) - 1
        return self.text_row_index[max(i, 0)] if self.text_row_index else 0


def wrap_offsets(text: str, width: int) -> list[tuple[int, int]]:
    """Greedy word wrap by terminal cells; (start, end) per line with trailing space dropped.

    A newline always breaks; a word wider than the line is folded by characters.
    """
    width = max(width, 1)
    lines: list[tuple[int, int]] = []
    base = 0
    for chunk in text.split("\n"):
        line_start, line_cells = base, 0
        for m in _WORD.finditer(chunk):
            word = m.group()
            start = base + m.start()
            bare = word.rstrip()
            cells = cell_len(bare)
            if line_cells and line_cells + cells > width:
                lines.append((line_start, start))
                line_start, line_cells = start, 0
            if cells > width:
                # Fold a very long token; emit the full-width pieces, keep the rest open.
                piece_cells = 0
                for i, ch in enumerate(bare):
                    w = cell_len(ch)
                    if piece_cells + w > width and piece_cells:
                        lines.append((line_start, start + i))
                        line_start, piece_cells = start + i, 0
                    piece_cells += w
                line_cells = piece_cells + (cell_len(word) - cells)
                continue
            line_cells += cell_len(word)
        lines.append((line_start, base + len(chunk)))
        base += len(chunk) + 1
    # Strip the trailing whitespace each line carries from the word that ended it.
    return [(s, s + len(text[s:e].rstrip())) for s, e in lines]


def _belongs(row: Row, start: int, end: int) -> bool:
    # A row belongs to a sentence when their spans overlap (or the sentence is empty there).
    return row.start < end and start < row.end or row.start == start


def _sentence_rows(rows: list[Row], first_row: int, sentences: Sequence[Sentence], out: dict[str, tuple[int, int]]) -> None:
    """First and last row of each sentence of one block, in one sweep.

    Rows are in offset order and do not overlap, and so are the sentences, so
    the first row a sentence can touch is never before the previous sentence's
    first row: the pointer only moves forward, and the work is rows + sentences.
    """
    n = len(rows)
    lo = first_row
    for sentence in sentences:
        while lo < n and rows[lo].end <= sentence.start and not (rows[lo].start == sentence.start):
            lo += 1  # rows wholly before this sentence (a later one cannot start earlier)
        first = last = None
        i = lo
        while i < n and (rows[i].start < sentence.end or rows[i].start == sentence.start):
            if _belongs(rows[i], sentence.start, sentence.end):
                first = i if first is None else first
                last = i
            i += 1
        if first is not None and last is not None:
            out[sentence.id] = (first, last)


def _removal_slots(article: Article) -> dict[int, list[int]]:
    """Which removals are drawn before each block (key = block index, len = after the last)."""
    slots: dict[int, list[int]] = {}
    order = sorted(range(len(article.removed)), key=lambda i: (article.removed[i].before, article.removed[i].source_start))
    paragraphs = article.paragraphs
    for i in order:
        before = article.removed[i].before
        slot = len(paragraphs)
        for b, p in enumerate(paragraphs):
            if p.start >= before:
                slot = b
                break
            if p.start < before < p.end:
                slot = b + 1  # removed from inside a paragraph: show it right after that paragraph
                break
        slots.setdefault(slot, []).append(i)
    return slots


class LayoutCancelled(Exception):
    """``should_stop`` said so: the article or the width changed, or the app is quitting."""


# How many rows between two calls of ``should_stop``: a few milliseconds of work.
CHECK_EVERY = 2048


def layout_article(
    article: Article,
    width: int,
    show_removed: bool = False,
    gutter: int = 2,
    should_stop: Callable[[], bool] | None = None,
) -> ArticleLayout:
    """Rows for ``article`` at ``width`` cells; removed spans only when ``show_removed``.

    Linear in the text: rows and sentences are both in offset order, so one
    sweep matches them (matching every sentence against every row of its
    paragraph took minutes on a 5 MB single-paragraph file). ``should_stop``
    is polled every CHECK_EVERY rows, so a worker thread laying out a huge
    article gives up promptly (raises LayoutCancelled) when it is no longer wanted.
    """
    width = max(width, 8)
    checked = 0

    def check() -> None:
        nonlocal checked
        if should_stop is not None and len(rows) - checked >= CHECK_EVERY:
            checked = len(rows)
            if should_stop():
                raise LayoutCancelled
    rows: list[Row] = []
    sentence_rows: dict[str, tuple[int, int]] = {}
    slots = _removal_slots(article) if show_removed and article.removed else {}

    def add_removals(slot: int) -> None:
        for r in slots.get(slot, ()):
            removal = article.removed[r]
            rows.append(Row("removed-label", removal=r))
            for s, e in wrap_offsets(removal.text.strip("\n"), width - gutter):
                rows.append(Row("removed", s, e, removal=r))
            rows.append(Row("blank"))

    text = article.text
    row_starts: list[int] = []
    text_row_index: list[int] = []
    for b, p in enumerate(article.paragraphs):
        add_removals(b)
        first_row = len(rows)
        for s, e in wrap_offsets(text[p.start : p.end], width):
            row_starts.append(p.start + s)
            text_row_index.append(len(rows))
            rows.append(Row("text", p.start + s, p.start + e, block=b))
            check()
        _sentence_rows(rows, first_row, p.sentences, sentence_rows)
        check()
        rows.append(Row("blank"))
    add_removals(len(article.paragraphs))
    while rows and rows[-1].kind == "blank":
        rows.pop()
    return ArticleLayout(width, rows, sentence_rows, row_starts, text_row_index)
