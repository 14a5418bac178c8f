"""The short overview: what the briefing covers, in a few lines."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sahel_tui.export.blocks import heading, plural
from sahel_tui.export.briefing import date_text, sort_date
from sahel_tui.export.escape import md_code, md_inline

if TYPE_CHECKING:
    from sahel_tui.export.briefing import Briefing


def _date_range(b: Briefing) -> str:
    dated = [(d, a) for a in b.articles if (d := sort_date(a)) is not None]
    undated = len(b.articles) - len(dated)
    if not dated:
        return "no source is dated"
    dates = sorted(d for d, _ in dated)
    text = md_inline(dates[0] if dates[0] == dates[-1] else f"{dates[0]} to {dates[-1]}")
    inferred = sum(1 for _, a in dated if date_text(a)[1])
    if inferred == len(dated):
        text += " (inferred from the texts)"
    elif inferred:
        text += " (partly inferred from the texts)"
    return text + (f"; {undated} undated" if undated else "")


def _contents(b: Briefing) -> str | None:
    """The counts of what the other sections hold, for the sections that are in."""
    parts: list[str] = []
    s = b.stats
    if "keypoints" in s:
        parts.append(plural(int(s["keypoints"]), "key point"))  # type: ignore[call-overload]
    if "actors" in s:
        parts.append(plural(int(s["actors"]), "actor"))  # type: ignore[call-overload]
    if "corroborated" in s:
        parts.append(plural(int(s["corroborated"]), "corroborated claim"))  # type: ignore[call-overload]
    if "discrepancies" in s:
        parts.append(plural(int(s["discrepancies"]), "discrepancy", "discrepancies"))  # type: ignore[call-overload]
    if "annotations" in s:
        parts.append(plural(int(s["annotations"]), "analyst annotation"))  # type: ignore[call-overload]
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
    contents = _contents(b)
    if contents:
        lines.append(f"- **In this briefing:** {contents}; every quoted statement is cited to its sentence.")
    removed = sum(len(a.removed) for a in articles)
    if removed:
        lines.append(
            f"- **Cleaning:** {plural(removed, 'passage')} of boilerplate (navigation, captions, "
            "repeated pull quotes, author notes) removed from the sources are left out of everything below."
        )
    lines.append(f"- **Corpus id:** {md_code(b.corpus.corpus_id)} (a checksum of the source files).")
    return heading(2, "Overview") + "\n\n" + "\n".join(lines)
