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
    from sahel_tui.corpus.filters import facts_of

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
        "place": meta["place"],
        "url": meta["url"],
        "retrieved": meta["retrieved"],
        "inferred": meta["inferred"],
        "provenance": meta["provenance"],
        "content_hash": article.content_hash,
        "words": article.word_count,
        "paragraphs": sum(1 for p in article.paragraphs if p.kind == "body"),
        "sentences": len(article.body_sentences),
        "removed": len(article.removed),
        "format": meta_extra(article, "format"),
        "pages": int(pages) if (pages := meta_extra(article, "pages")) and pages.isdigit() else None,
        "warnings": list(article.warnings),
        "date_placement": facts_of(article).placement,
    }


def meta_extra(article, key: str) -> str | None:
    return article.meta.extra.get(key) or None


def report_warnings(corpus) -> None:
    """Each article's own warnings (invalid UTF-8, a PDF read in part...), one line each on stderr."""
    from sahel_tui.cli.context import warn
    from sahel_tui.corpus.discover import display_path

    for a in corpus.articles:
        for line in a.warnings:
            try:
                name = a.path.relative_to(corpus.root).as_posix()
            except ValueError:
                name = str(a.path)
            warn(f"{display_path(name)}: {line}")


def run(ctx: Context) -> int:
    corpus = ctx.corpus
    records = [source_record(a) for a in corpus.articles]
    report_warnings(corpus)
    if ctx.args.json:
        print_json(records)
        return 0
    if ctx.filtered is not None:
        print(f"Filtered: {ctx.filtered.summary(ctx.corpus_filter)}")
    for i, (a, r) in enumerate(zip(corpus.articles, records), 1):
        listed = r["inferred"]
        inferred = set(listed) if isinstance(listed, list) else set()
        mark = lambda name: "~" if name in inferred else ""  # noqa: E731
        print(f"{i:>3}. {a.id}")
        print(f"     title:     {r['title'] or '-'}{mark('title')}")
        print(f"     author:    {r['author'] or '-'}{mark('author')}")
        print(f"     publisher: {r['publisher'] or '-'}{mark('publisher')}")
        placed = "  (placed by its date bounds)" if ctx.filtered is not None and a.id in ctx.filtered.placed_by_bounds else ""
        print(f"     date:      {date_label(a)}{placed}")
        if r["format"] not in (None, "text", "markdown"):
            pages = f", {r['pages']} pages" if r["pages"] else ""
            print(f"     format:    {r['format']}{pages}")
        for name in ("place", "url", "retrieved"):
            if r[name]:
                print(f"     {name + ':':<10} {r[name]}{mark(name)}")
        print(f"     {r['words']} words, {r['paragraphs']} paragraphs, {r['sentences']} sentences, {r['removed']} removed")
    print("(~ marks a value inferred from the text)")
    return 0
