"""`sahel-brief sources`: each article with its metadata and counts."""

from __future__ import annotations

import argparse

from sahel_tui.cli.context import Context, print_json
from sahel_tui.corpus.display import date_label


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser("sources", parents=[parent], help="list the articles with their metadata")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=run)


def source_record(article) -> dict[str, object]:
    """One `sources --json` record (the README lists every key)."""
    from sahel_tui.corpus.discover import display_path

    meta = article.meta.as_dict()
    return {
        "id": article.id,
        "path": display_path(article.path),
        "title": meta["title"],
        "author": meta["author"],
        "publisher": meta["publisher"],
        "date": meta["date"],
        "date_earliest": meta["date_earliest"],
        "date_latest": meta["date_latest"],
        "description": meta["description"],
        "inferred": meta["inferred"],
        "provenance": meta["provenance"],
        "content_hash": article.content_hash,
        "words": article.word_count,
        "paragraphs": sum(1 for p in article.paragraphs if p.kind == "body"),
        "sentences": len(article.body_sentences),
        "removed": len(article.removed),
    }


def run(ctx: Context) -> int:
    corpus = ctx.corpus
    records = [source_record(a) for a in corpus.articles]
    if ctx.args.json:
        print_json(records)
        return 0
    for i, (a, r) in enumerate(zip(corpus.articles, records), 1):
        listed = r["inferred"]
        inferred = set(listed) if isinstance(listed, list) else set()
        mark = lambda name: "~" if name in inferred else ""  # noqa: E731
        print(f"{i:>3}. {a.id}")
        print(f"     title:     {r['title'] or '-'}{mark('title')}")
        print(f"     author:    {r['author'] or '-'}{mark('author')}")
        print(f"     publisher: {r['publisher'] or '-'}{mark('publisher')}")
        print(f"     date:      {date_label(a)}")
        print(f"     {r['words']} words, {r['paragraphs']} paragraphs, {r['sentences']} sentences, {r['removed']} removed")
    print("(~ marks a value inferred from the text)")
    return 0
