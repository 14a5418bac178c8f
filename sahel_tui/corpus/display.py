"""How article facts are worded for people: one wording for the app, the CLI and the briefing."""

from __future__ import annotations

from typing import Callable

from sahel_tui.corpus.model import Article


def date_wording(article: Article, clean: Callable[[str], str] = str) -> tuple[str, bool]:
    """The date as an analyst reads it (exact, or bounds in words) and whether any of it was inferred.

    ``("", False)`` for an undated article. Bounds are words, not ``2020..?``,
    which analysts read as a typo. ``clean`` is applied to each date value
    (the briefing escapes them; the terminal shows them as they are).
    """
    m = article.meta
    if m.date is not None:
        return clean(m.date.value), m.date.inferred
    lo, hi = m.date_earliest, m.date_latest
    inferred = any(f.inferred for f in (lo, hi) if f is not None)
    if lo is not None and hi is not None:
        return f"{clean(lo.value)} to {clean(hi.value)}", inferred
    if lo is not None:
        return f"not before {clean(lo.value)}", inferred
    if hi is not None:
        return f"not after {clean(hi.value)}", inferred
    return "", False


def date_label(article: Article) -> str:
    """The date for a list or a terminal line: ``~`` marks an inferred one, ``undated`` when there is none."""
    text, inferred = date_wording(article)
    return text + ("~" if inferred else "") if text else "undated"
