"""The sources table: one row per article, inferred metadata marked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sahel_tui.export.blocks import heading, table
from sahel_tui.export.briefing import date_text
from sahel_tui.export.escape import md_cell
from sahel_tui.export.options import SECTION_TITLES

if TYPE_CHECKING:
    from sahel_tui.corpus.model import Article
    from sahel_tui.export.briefing import Briefing

INFERRED = "†"


def _cell(article: Article, name: str, limit: int = 80) -> str:
    field = getattr(article.meta, name)
    if field is None or not field.value.strip():
        return "–"
    return md_cell(field.value, limit) + (INFERRED if field.inferred else "")


def render(b: Briefing) -> str:
    rows = []
    any_inferred = False
    for a in b.articles:
        date, date_inferred = date_text(a)
        row = [
            b.label(a.id),
            md_cell(a.title, 140) + (INFERRED if a.meta.title is not None and a.meta.title.inferred else ""),
            _cell(a, "publisher"),
            _cell(a, "author"),
            (md_cell(date) + (INFERRED if date_inferred else "")) if date else "undated",
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
