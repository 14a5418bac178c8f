"""The reader's row layout: wrapping by cells and rows that point back into the text."""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from sahel_tui.corpus.loader import article_from_text
from sahel_tui.corpus.model import Removal
from sahel_tui.ui.article_layout import layout_article, wrap_offsets

TEXT = (
    "Harbour strike\n"
    "Dockworkers in the port of Lomé stopped work on Monday. The union said pay had not risen since 2019. "
    "Shipping agents expect delays of a week.\n"
    "Government reply\n"
    "The transport minister promised talks. She gave no date."
)


def test_wrap_respects_width_and_keeps_every_word() -> None:
    text = "one two three four five six seven eight nine ten"
    lines = wrap_offsets(text, 12)
    assert all(cell_len(text[s:e]) <= 12 for s, e in lines)
    assert " ".join(text[s:e] for s, e in lines).split() == text.split()


def test_wrap_counts_wide_characters_as_two_cells() -> None:
    text = "日本語の文章です 日本語の文章です"
    for s, e in wrap_offsets(text, 10):
        assert cell_len(text[s:e]) <= 10


def test_wrap_folds_a_token_longer_than_the_line() -> None:
    lines = wrap_offsets("x" * 25, 10)
    assert [e - s for s, e in lines] == [10, 10, 5]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab cé日\n"), max_size=80), st.integers(min_value=1, max_value=20))
def test_wrap_never_loses_or_reorders_text(text: str, width: int) -> None:
    lines = wrap_offsets(text, width)
    assert all(s <= e for s, e in lines)
    assert all(a[1] <= b[0] for a, b in zip(lines, lines[1:]))
    assert "".join(text[s:e] for s, e in lines).replace(" ", "").replace("\n", "") == text.replace(" ", "").replace("\n", "")


def test_rows_point_into_the_article_text() -> None:
    article = article_from_text(TEXT, "lome")
    layout = layout_article(article, 30)
    text_rows = [r for r in layout.rows if r.kind == "text"]
    assert text_rows
    for row in text_rows:
        para = article.paragraphs[row.block]
        assert para.start <= row.start <= row.end <= para.end
    # Every sentence has rows, and its first row holds its first word.
    for sentence in article.sentences:
        first, last = layout.sentence_rows[sentence.id]
        assert first <= last
        row = layout.rows[first]
        assert sentence.text.split()[0] in article.text[row.start : row.end]


def test_removed_text_appears_in_place_only_when_asked() -> None:
    article = article_from_text(TEXT, "lome")
    heading = next(p for p in article.paragraphs if p.kind == "heading" and p.number > 1)
    removal = Removal(reason="share-bar", text="Share on Facebook", source_start=0, source_end=17, before=heading.start)
    article = dataclasses.replace(article, removed=(removal,))
    hidden = layout_article(article, 40)
    shown = layout_article(article, 40, show_removed=True)
    assert not any(r.kind.startswith("removed") for r in hidden.rows)
    kinds = [r.kind for r in shown.rows]
    label = kinds.index("removed-label")
    # Drawn just before the heading it preceded in the source.
    heading_row = next(i for i, r in enumerate(shown.rows) if r.kind == "text" and r.block == heading.number - 1)
    assert label < heading_row
    previous_rows = [i for i, r in enumerate(shown.rows) if r.kind == "text" and r.block == heading.number - 2]
    assert max(previous_rows) < label
    assert shown.rows[label + 1].kind == "removed"


def test_row_for_offset_finds_the_row() -> None:
    article = article_from_text(TEXT, "lome")
    layout = layout_article(article, 25)
    for sentence in article.sentences:
        first, last = layout.sentence_rows[sentence.id]
        assert first <= layout.row_for_offset(sentence.start) <= last
