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


def attributions_of(ctx: Context, article) -> list[dict[str, object]]:
    """Who says what in the article: its quotes and reported claims, speakers linked to the glossary."""
    from sahel_tui.analysis.actors import detect_actors
    from sahel_tui.analysis.attribution import attribute_article
    from sahel_tui.store.actor_edits import load_edits
    from sahel_tui.infrastructure.cache import Cache

    # The glossary of the whole corpus, as `actors` and `compare` see it: speakers link to the same actors.
    actors = detect_actors(ctx.corpus, curated=True, edits=load_edits(), cache=Cache())
    return [a.to_json() for a in attribute_article(article, actors)]


def run(ctx: Context) -> int:
    article = ctx.corpus.get(ctx.args.article)
    if ctx.args.json:
        record = article_record(article)
        record["attributions"] = attributions_of(ctx, article)
        print_json(record)
    else:
        print(article.text)
    return 0
