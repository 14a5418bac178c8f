"""The sources table: one row per article, inferred metadata marked, then where each came from."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sahel_tui.export.blocks import heading, table
from sahel_tui.export.briefing import date_text
from sahel_tui.export.escape import clean_text, md_cell, md_code, md_inline
from sahel_tui.export.options import SECTION_TITLES

if TYPE_CHECKING:
    from sahel_tui.corpus.model import Article
    from sahel_tui.export.briefing import Briefing

INFERRED = "†"

# Metadata names a source's address and its retrieval date may go by (a manifest
# key lands in Metadata.extra; a dedicated field wins when the corpus has one).
_URL_NAMES = ("url", "source_url", "link", "address")
_RETRIEVED_NAMES = ("retrieved", "retrieved_at", "date_retrieved", "retrieval_date", "accessed")
# Only a plain web address becomes a link; anything else is printed as text.
_SAFE_URL = re.compile(r"https?://[^\s<>\"'`\\\x00-\x1f\x7f]+\Z", re.IGNORECASE)


def _marked(text: str, inferred: bool, limit: int = 80) -> str:
    """A cell, with the inferred mark unless the cell is empty."""
    cell = md_cell(text, limit)
    return cell + INFERRED if inferred and cell != "–" else cell


def _cell(article: Article, name: str) -> str:
    field = getattr(article.meta, name)
    return _marked(field.value, field.inferred) if field is not None else "–"


def meta_value(article: Article, names: tuple[str, ...]) -> str | None:
    """The first of ``names`` the metadata has, as a field or a manifest extra."""
    for name in names:
        field = getattr(article.meta, name, None)
        value = getattr(field, "value", field) if field is not None else article.meta.extra.get(name)
        if isinstance(value, str) and clean_text(value):
            return clean_text(value)
    return None


def link(url: str) -> str:
    """An autolink for a plain http(s) address; escaped text for anything else."""
    return f"<{url}>" if _SAFE_URL.match(url) and len(url) <= 2000 else md_inline(url, 300)


def _reliability(b: Briefing, article: Article) -> str:
    if b.grades is None:
        return "–"
    g = b.grades.sources.get(article.id)
    if g is None:
        return "–"
    return md_cell(f"{g.value} ({g.meaning})")


def _provenance(b: Briefing, article: Article) -> str:
    from sahel_tui.export.sections.frontmatter import relative_file

    line = f"- {b.label(article.id)}: {md_code(relative_file(article, b.corpus.root))}, sha256 {md_code(article.content_hash)}"
    url = meta_value(article, _URL_NAMES)
    retrieved = meta_value(article, _RETRIEVED_NAMES)
    if url:
        line += f"; {link(url)}"
    if retrieved:
        line += f", retrieved {md_inline(retrieved, 40)}"
    return line + "."


def render(b: Briefing) -> str:
    rows = []
    any_inferred = False
    graded = b.grades is not None and any(a.id in b.grades.sources for a in b.articles)
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
        if graded:
            row.append(_reliability(b, a))
        any_inferred = any_inferred or bool(a.meta.inferred_fields())
        rows.append(row)
    headers = ["#", "Title", "Publisher", "Author", "Date", "Words"] + (["Reliability"] if graded else [])
    parts = [heading(2, SECTION_TITLES["sources"]), table(headers, rows, "lllllrl")]
    if any_inferred:
        parts.append(
            f"{INFERRED} Inferred from the article's text (for instance a date from the events it reports), "
            "not stated by the source itself; treat with care."
        )
    if graded:
        parts.append(
            "Reliability is the analyst's Admiralty grade of each source (A completely reliable to F cannot be "
            "judged; – not graded); statements quoted below carry it with their credibility, 1 confirmed to "
            "6 cannot be judged, as in B2."
        )
    parts.append("Each source's file, checksum and, where known, address and retrieval date:")
    parts.append("\n".join(_provenance(b, a) for a in b.articles))
    return "\n\n".join(parts)
