"""The sources table: one row per article, inferred metadata marked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sahel_tui.export.blocks import heading, table
from sahel_tui.export.briefing import date_text
from sahel_tui.export.escape import clean_text, md_cell
from sahel_tui.export.options import SECTION_TITLES

if TYPE_CHECKING:
    from sahel_tui.corpus.model import Article
    from sahel_tui.export.briefing import Briefing

INFERRED = "†"


def _marked(text: str, inferred: bool, limit: int = 80) -> str:
    """A cell, with the inferred mark unless the cell is empty."""
    cell = md_cell(text, limit)
    return cell + INFERRED if inferred and cell != "–" else cell


def _cell(article: Article, name: str) -> str:
    field = getattr(article.meta, name)
    return _marked(field.value, field.inferred) if field is not None else "–"


def render(b: Briefing) -> str:
    rows = []
    any_inferred = False
    for a in b.articles:
        date, date_inferred = date_text(a)
        row = [
            b.label(a.id),
            _marked(a.title, a.meta.title is not None and a.meta.title.inferred, 140),
            _cell(a, "publisher"),
            _cell(a, "author"),
            _marked(date, date_inferred) if clean_text(date) else "undated",
            f"{a.word_count:,}",
        ]
        any_inferred = any_inferred or bool(a.meta.inferred_fields())
        rows.append(row)
    parts = [heading(2, SECTION_TITLES["sources"]), table(["#", "Title", "Publisher", "Author", "Date", "Words"], rows, "lllllr")]
    if any_inferred:
        parts.append(
            f"{INFERRED} Inferred from the article's text (for instance a date from the events it reports), "
            "not stated by the source itself; treat with care."
        )
    return "\n\n".join(parts)
