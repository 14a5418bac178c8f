"""`sahel-brief search QUERY`: sentences across the corpus that hold every query term."""

from __future__ import annotations

import argparse

from sahel_tui.cli.context import Context, print_json


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "search",
        parents=[parent],
        help="find sentences across the corpus",
        description=(
            "Find the sentences that contain every word of QUERY (any order, case-insensitive; "
            'a "quoted phrase" must occur as written; straight quotes and hyphens also match curly ones and dashes).'
        ),
    )
    p.add_argument("query", help="words to find; quote a phrase to keep it whole")
    p.add_argument("--article", metavar="REF", help="search one article only (id, unique id prefix or number)")
    p.add_argument("--limit", type=int, metavar="N", help="stop after N matching sentences")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=run)


def run(ctx: Context) -> int:
    from sahel_tui.analysis.search import SearchHit, iter_hits, query_terms
    from sahel_tui.errors import UserError

    args = ctx.args
    if not query_terms(args.query):
        raise UserError("the search query is empty")
    if args.limit is not None and args.limit < 1:
        raise UserError(f"--limit must be 1 or more, not {args.limit}")
    corpus = ctx.corpus
    articles = [corpus.get(args.article)] if args.article else corpus.articles
    hits: list[SearchHit] = []
    more = 0
    for hit in iter_hits(articles, args.query):
        if args.limit is not None and len(hits) >= args.limit:
            # Keep counting past the limit so the analyst learns how much was left out; the scan is
            # bounded by the corpus, like an unlimited search, and the extra hits are not kept.
            more += 1
            continue
        hits.append(hit)
    if args.json:
        print_json(
            {
                "query": args.query,
                "terms": query_terms(args.query),
                "count": len(hits),
                "articles": len({h.article_id for h in hits}),
                "truncated": more > 0,
                "more": more,
                "hits": [h.to_json() for h in hits],
            }
        )
        return 0
    for h in hits:
        # Brackets mark the matches so they survive a pipe into a file or grep.
        marked, pos = [], 0
        for start, end in h.matches:
            marked.append(h.text[pos:start] + "[" + h.text[start:end] + "]")
            pos = end
        marked.append(h.text[pos:])
        print(f"{h.sentence_id}: {''.join(marked)}")
    noun = "sentence" if len(hits) == 1 else "sentences"
    summary = f"{len(hits)} {noun} in {len({h.article_id for h in hits})} article(s)"
    if more:
        summary += f"; {more} more not shown (raise --limit)"
    print(summary)
    return 0 if hits else 1
