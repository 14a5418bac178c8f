"""The YAML front matter: what the briefing was made from and how.

It is written by :mod:`sahel_tui.export.yamlout`, so whatever an article's title
holds, the block parses back to the same values with ``yaml.safe_load`` and no
renderer finds markup in it. No absolute path appears: the same sources give
the same block on any machine.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from sahel_tui import __version__
from sahel_tui.export import yamlout
from sahel_tui.export.escape import clean_text

if TYPE_CHECKING:
    from sahel_tui.corpus.model import Article
    from sahel_tui.export.briefing import Briefing


def relative_file(article: Article, root: PurePath) -> str:
    try:
        return article.path.relative_to(root).as_posix()
    except ValueError:
        return article.path.name


def source_summary(b: Briefing) -> dict[str, Any]:
    """What the sources are, in a few lines: the sources table lists each one."""
    from collections import Counter

    from sahel_tui.export.briefing import sort_date

    dates = sorted(d for a in b.articles if (d := sort_date(a)) is not None)
    summary: dict[str, Any] = {
        "count": len(b.articles),
        "earliest": dates[0] if dates else None,
        "latest": dates[-1] if dates else None,
        # "earliest"/"latest" span exact dates and bounds alike; these say how many are which.
        "exact_dates": sum(1 for a in b.articles if a.meta.date is not None and sort_date(a) is not None),
        "dated_by_bounds": sum(1 for a in b.articles if a.meta.date is None and sort_date(a) is not None),
        "undated": len(b.articles) - len(dates),
    }
    if b.grades is not None:
        letters = Counter(b.grades.source(a.id) or "ungraded" for a in b.articles)
        # One short line each ("B: 2, C: 1, ungraded: 1"): grades are not YAML keys ("2" would read as a number).
        summary["reliability"] = ", ".join(f"{k}: {letters[k]}" for k in sorted(letters, key=lambda k: (k == "ungraded", k)))
        ids = set(b.labels)
        claims = Counter(g.value for sid, g in b.grades.claims.items() if sid.rsplit("-p", 1)[0] in ids)
        notes = Counter(g.value for g in b.grades.notes.values())
        if claims or notes:
            summary["credibility"] = ", ".join(f"{k}: {claims[k] + notes[k]}" for k in sorted(set(claims) | set(notes)))
    return summary


def render(b: Briefing, included: list[str], omitted: dict[str, str]) -> str:
    options = b.options
    data: dict[str, Any] = {"title": clean_text(options.title)}
    if clean_text(options.summary):
        data["summary"] = clean_text(options.summary)
    data.update(
        {
            "date": b.generated_at.strftime("%Y-%m-%d"),
            "generated": b.generated_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "generator": f"sahel-brief {__version__}",
            "corpus_id": b.corpus.corpus_id,
            "sources": source_summary(b),
        }
    )
    if "judgements" in b.counts:
        data["key_judgements"] = b.counts["judgements"]
    data.update(
        {
            "options": {
                "sections": list(options.sections),
                "articles": "all" if options.articles is None else [a.id for a in b.articles],
                "keypoint_method": b.keypoint_method,
                "keypoint_count": options.count,
            },
            "sections": included,
        }
    )
    if omitted:
        data["omitted"] = {s: omitted[s] for s in options.sections if s in omitted}
    body = yamlout.dump(data)
    return f"---\n{body}---"
