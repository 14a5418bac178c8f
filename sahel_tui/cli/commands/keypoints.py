"""`sahel-brief keypoints`: each article's key points, with their provenance."""

from __future__ import annotations

import argparse
import textwrap

from sahel_tui.analysis.keypoints import DEFAULT_METHOD, METHOD_HELP, METHODS
from sahel_tui.cli.context import Context, print_json, warn
from sahel_tui.errors import UserError


def _count(value: str) -> int:
    # argparse's own type errors exit with a usage block; the contract is one line.
    try:
        number = int(value)
    except ValueError:
        raise UserError(f"--count must be a whole number, not {value!r}") from None
    if number <= 0:
        raise UserError(f"--count must be above 0, not {number}")
    return number


def _ratio(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise UserError(f"--ratio must be a number, not {value!r}") from None
    if not 0 < number <= 1:
        raise UserError(f"--ratio must be above 0 and at most 1, not {value}")
    return number


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    methods = "\n".join(f"  {name:<20} {METHOD_HELP[name]}" for name in METHODS)
    p = sub.add_parser(
        "keypoints",
        parents=[parent],
        help="each article's key sentences, with ids and offsets",
        description="Pick each article's key sentences (verbatim, in document order).",
        epilog=f"methods (default {DEFAULT_METHOD}):\n{methods}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("articles", nargs="*", metavar="ARTICLE", help="article id, unique prefix or number (default: all)")
    # Checked in run() rather than with choices=, so a typo gets the one-line error.
    p.add_argument("--method", "-m", default=DEFAULT_METHOD, metavar="M", help=f"scoring method (default {DEFAULT_METHOD})")
    length = p.add_mutually_exclusive_group()
    length.add_argument("--count", "-n", metavar="N", help="number of points (default: 3 to 5 by length)")
    length.add_argument("--ratio", "-r", metavar="R", help="share of the article's sentences, e.g. 0.2")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=run)


def run(ctx: Context) -> int:
    from sahel_tui.analysis.keypoints import check_method, key_points, sumy_cap_notice
    from sahel_tui.infrastructure.cache import Cache

    args = ctx.args
    method = check_method(args.method)
    count = _count(args.count) if args.count is not None else None
    ratio = _ratio(args.ratio) if args.ratio is not None else None
    corpus = ctx.corpus
    # Resolve every name before any work, so a typo costs nothing and prints nothing else.
    articles = [corpus.get(ref) for ref in args.articles] if args.articles else list(corpus.articles)
    cache = Cache()
    results = [(a, key_points(a, method=method, count=count, ratio=ratio, cache=cache)) for a in articles]
    for a in articles:
        notice = sumy_cap_notice(a, method)
        if notice:
            warn(notice)
    if args.json:
        print_json(
            [{"article": a.id, "method": method, "points": [p.to_json() for p in points]} for a, points in results]
        )
        return 0
    for i, (a, points) in enumerate(results):
        if i:
            print()
        print(f"{a.id} — {a.title}")
        print(f"  {len(points)} key points ({method}), in document order; [rank] sentence id")
        if not points:
            print("  (no body sentences)")
        for p in points:
            print(f"  [{p.rank}] {p.sentence_id}")
            print(textwrap.fill(p.text, width=88, initial_indent="      ", subsequent_indent="      "))
    return 0
