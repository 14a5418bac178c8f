"""Key points per article: verbatim sentences, each cited to its place."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sahel_tui.export.blocks import heading, plural
from sahel_tui.export.briefing import date_text
from sahel_tui.export.escape import md_inline
from sahel_tui.export.options import SECTION_TITLES
from sahel_tui.export.sections.sources import INFERRED

if TYPE_CHECKING:
    from sahel_tui.corpus.model import Article
    from sahel_tui.export.briefing import Briefing


def byline(article: Article) -> str | None:
    """``Publisher · Author · date`` in italics from the metadata that exists, † where inferred."""
    parts = []
    for name in ("publisher", "author"):
        field = getattr(article.meta, name)
        if field is not None and (value := md_inline(field.value, 80)):
            parts.append(value + (INFERRED if field.inferred else ""))
    date, inferred = date_text(article)
    if date := md_inline(date):
        parts.append(date + (INFERRED if inferred else ""))
    return f"*{' · '.join(parts)}*" if parts else None


def _graded(b: Briefing, article_id: str, sentence_id: str) -> str:
    """`` (B2)`` for a key point the analyst graded as a claim; the source's grade alone is in the table."""
    if b.grades is None or b.grades.claim(sentence_id) is None:
        return ""
    return f" ({b.grade(article_id, sentence_id)})"


def _method_label(b: Briefing) -> str:
    method = b.analysis.key_point_method() or "the default method"
    return md_inline(method)


def render(b: Briefing) -> str | None:
    blocks: list[str] = []
    total = 0
    sizes: set[int] = set()
    for article in b.articles:
        points = b.analysis.key_points(article)
        if points is None:
            return None  # extraction is not available: no section rather than an empty one
        lines = [heading(3, b.source_heading(article))]
        if (line := byline(article)) is not None:
            lines.append(line)
        if points:
            items = [f"- {md_inline(p.text)}{_graded(b, article.id, p.sentence_id)}{b.cite(article.id, p.sentence_id)}" for p in points]
            lines.append("\n".join(items))
        else:
            lines.append("*No body text to draw key points from.*")
        total += len(points)
        if points:
            sizes.add(len(points))
        blocks.append("\n\n".join(lines))
    b.counts["keypoints"] = total
    b.keypoint_method = b.analysis.key_point_method()
    each = " per article" if len(b.articles) > 1 else ""
    if not sizes:
        count = "no points"
    elif len(sizes) == 1:
        count = f"{plural(min(sizes), 'point')}{each}"
    else:
        count = f"{min(sizes)} to {max(sizes)} points{each}"
    intro = (
        f"The sentences that best sum up each article, chosen by the {_method_label(b)} method ({count}, "
        "in the article's own order) and quoted verbatim from the body text."
    )
    return "\n\n".join([heading(2, SECTION_TITLES["keypoints"]), intro, *blocks])
