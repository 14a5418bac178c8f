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


def _relative_file(article: Article, root: PurePath) -> str:
    try:
        return article.path.relative_to(root).as_posix()
    except ValueError:
        return article.path.name


def _field(article: Article, name: str) -> str | None:
    value = article.meta.value(name)
    return clean_text(value) if value else None


def source_entry(b: Briefing, article: Article) -> dict[str, Any]:
    return {
        "label": b.label(article.id),
        "id": article.id,
        "title": clean_text(article.title),
        "publisher": _field(article, "publisher"),
        "author": _field(article, "author"),
        "date": _field(article, "date"),
        "date_earliest": _field(article, "date_earliest"),
        "date_latest": _field(article, "date_latest"),
        "inferred": sorted(article.meta.inferred_fields()),
        "file": _relative_file(article, b.corpus.root),
        "sha256": article.content_hash,
    }


def render(b: Briefing, included: list[str], omitted: dict[str, str]) -> str:
    options = b.options
    data: dict[str, Any] = {
        "title": clean_text(options.title),
        "date": b.generated_at.strftime("%Y-%m-%d"),
        "generated": b.generated_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "generator": f"sahel-brief {__version__}",
        "corpus_id": b.corpus.corpus_id,
        "sources": [source_entry(b, a) for a in b.articles],
        "options": {
            "sections": list(options.sections),
            "articles": "all" if options.articles is None else [a.id for a in b.articles],
            "keypoint_method": b.keypoint_method,
            "keypoint_count": options.count,
        },
        "sections": included,
    }
    if omitted:
        data["omitted"] = {s: omitted[s] for s in options.sections if s in omitted}
    body = yamlout.dump(data)
    return f"---\n{body}---"
