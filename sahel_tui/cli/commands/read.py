"""`sahel-brief read ARTICLE`: the cleaned text, or its full segmentation as JSON."""

from __future__ import annotations

import argparse

from sahel_tui.cli.context import Context, print_json


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser("read", parents=[parent], help="print an article's cleaned text")
    p.add_argument("article", help="article id, unique id prefix, or number from `sources`")
    p.add_argument("--json", action="store_true", help="text, paragraphs, sentences and removals as JSON")
    p.set_defaults(func=run)


def article_record(article) -> dict[str, object]:
    """Everything `read --json` prints: the contract for scripts and other tools."""
    from sahel_tui.corpus.discover import display_path

    meta = article.meta.as_dict()
    meta["author_bio"] = article.meta.author_bio
    meta["extra"] = dict(article.meta.extra)
    return {
        "id": article.id,
        "path": display_path(article.path),
        "meta": meta,
        "content_hash": article.content_hash,
        "text": article.text,
        "paragraphs": [
            {"id": p.id, "number": p.number, "kind": p.kind, "start": p.start, "end": p.end}
            for p in article.paragraphs
        ],
        "sentences": [
            {
                "id": s.id,
                "paragraph": s.paragraph,
                "number": s.number,
                "kind": s.kind,
                "start": s.start,
                "end": s.end,
                "text": s.text,
            }
            for s in article.sentences
        ],
        "removed": [
            {
                "reason": r.reason,
                "text": r.text,
                "source_start": r.source_start,
                "source_end": r.source_end,
                "before": r.before,
            }
            for r in article.removed
        ],
        "warnings": list(article.warnings),
    }


def run(ctx: Context) -> int:
    article = ctx.corpus.get(ctx.args.article)
    if ctx.args.json:
        print_json(article_record(article))
    else:
        print(article.text)
    return 0
