"""The short overview: what the briefing covers, in a few lines."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from sahel_tui.export.blocks import heading, plural
from sahel_tui.export.briefing import sort_date
from sahel_tui.export.escape import clean_text, md_code, md_inline
from sahel_tui.export.options import SECTION_TITLES

if TYPE_CHECKING:
    from sahel_tui.export.briefing import Briefing


def _date_range(b: Briefing) -> str:
    exact = [a.meta.date for a in b.articles if a.meta.date is not None and a.meta.date.value.strip()]
    approximate = sum(1 for a in b.articles if a.meta.date is None and sort_date(a) is not None)
    undated = sum(1 for a in b.articles if sort_date(a) is None)
    parts = []
    if exact:
        dates = sorted(clean_text(f.value) for f in exact)
        text = md_inline(dates[0] if dates[0] == dates[-1] else f"{dates[0]} to {dates[-1]}")
        inferred = sum(1 for f in exact if f.inferred)
        if inferred:
            text += " (inferred from the texts)" if inferred == len(exact) else " (partly inferred from the texts)"
        parts.append(text)
    else:
        parts.append("no source gives an exact date")
    if approximate:
        parts.append(f"{plural(approximate, 'source')} dated only within bounds (see Sources)")
    if undated:
        parts.append(f"{undated} undated")
    return "; ".join(parts)


def _contents(b: Briefing) -> str | None:
    """The counts of what the other sections hold, for the sections that are in."""
    names = (
        ("keypoints", "key point", None),
        ("actors", "actor", None),
        ("corroborated", "corroborated claim", None),
        ("discrepancies", "discrepancy", "discrepancies"),
        ("annotations", "analyst annotation", None),
    )
    parts = [plural(b.counts[key], one, many) for key, one, many in names if key in b.counts]
    return ", ".join(parts) if parts else None


def render(b: Briefing) -> str:
    articles = b.articles
    words = sum(a.word_count for a in articles)
    publishers = {p.casefold() for a in articles if (p := a.meta.value("publisher"))}
    span = f"S1–S{len(articles)}" if len(articles) > 1 else "S1"
    sources = f"{plural(len(articles), 'article')} ({span}), {plural(words, 'word')} of body text"
    if publishers:
        sources += f", from {plural(len(publishers), 'publisher')}"
    lines = [
        f"- **Sources:** {sources}.",
        f"- **Dates:** {_date_range(b)}.",
    ]
    if b.options.filter_note:
        lines.append(f"- **Filter:** {md_inline(b.options.filter_note)}; everything below reads only these sources.")
    contents = _contents(b)
    if contents:
        lines.append(f"- **In this briefing:** {contents}; every quoted statement is cited to its sentence.")
    removed = Counter(clean_text(r.reason) or "other" for a in articles for r in a.removed)
    if removed:
        # The loader's own reasons, most frequent first, so the reader knows what kind of text went.
        kinds = sorted(removed.items(), key=lambda kv: (-kv[1], kv[0]))
        shown = ", ".join(f"{md_inline(reason)} ({n})" for reason, n in kinds[:4]) + (", …" if len(kinds) > 4 else "")
        lines.append(
            f"- **Cleaning:** {plural(sum(removed.values()), 'passage')} of boilerplate removed from the "
            f"sources ({shown}); none of it appears below."
        )
    lines.append(f"- **Corpus id:** {md_code(b.corpus.corpus_id)} (a checksum of the source files).")
    return heading(2, SECTION_TITLES["overview"]) + "\n\n" + "\n".join(lines)
