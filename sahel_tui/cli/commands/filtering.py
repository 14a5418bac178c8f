"""The filter options every corpus-reading subcommand shares: --since, --until, --publisher, --grade, --tag.

They are added to those subcommands by :func:`sahel_tui.cli.build_parser`, and
:class:`sahel_tui.cli.Context` applies them as the corpus loads, so each
command sees only the articles shown and none needs code of its own for it.
Destinations are prefixed ``filter_`` so they never collide with a
command's own options (``notes add --tag`` means something else).
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from sahel_tui.errors import UserError

if TYPE_CHECKING:
    from sahel_tui.corpus.filters import CorpusFilter
    from sahel_tui.corpus.model import Corpus


def add_filter_arguments(p: argparse.ArgumentParser, *, with_since: bool = True) -> None:
    g = p.add_argument_group("filters (only the sources that match; values of one option are alternatives)")
    if with_since:
        g.add_argument("--since", dest="filter_since", metavar="DATE", help="sources dated on or after DATE (YYYY, YYYY-MM or YYYY-MM-DD)")
    g.add_argument("--until", dest="filter_until", metavar="DATE", help="sources dated on or before DATE")
    g.add_argument("--publisher", dest="filter_publisher", action="append", metavar="NAME", help="only this publisher (repeatable; no case)")
    g.add_argument("--grade", dest="filter_grade", action="append", metavar="G", help="only sources graded G (letters A-F, comma-separated)")
    g.add_argument("--tag", dest="filter_tag", action="append", metavar="T", help="only sources carrying tag T (front matter or an annotation's tag)")
    g.add_argument("--file-format", dest="filter_format", action="append", metavar="F", help="only text, markdown or html files")


def filter_from_args(args: argparse.Namespace) -> CorpusFilter:
    from sahel_tui.corpus.filters import CorpusFilter, parse_day, split_values

    since = getattr(args, "filter_since", None)
    until = getattr(args, "filter_until", None)
    return CorpusFilter(
        since=parse_day(since, end=False, option="--since") if since else None,
        until=parse_day(until, end=True, option="--until") if until else None,
        publishers=tuple(p.strip() for p in getattr(args, "filter_publisher", None) or () if p.strip()),
        grades=split_values(getattr(args, "filter_grade", None), upper=True),
        formats=tuple(f.lower() for f in split_values(getattr(args, "filter_format", None))),
        tags=tuple(t.lstrip("#") for t in split_values(getattr(args, "filter_tag", None))),
    )


def apply_cli_filter(ctx: Any, corpus: Corpus) -> Corpus:
    """The corpus narrowed by the command line's filter; a filter that keeps nothing is an error."""
    flt = ctx.corpus_filter
    if not flt.active:
        return corpus
    from sahel_tui.corpus.filters import filter_corpus

    grades: dict[str, str] = {}
    tags: dict[str, set[str]] = {}
    if flt.grades or flt.tags:
        from sahel_tui.store.annotations import AnnotationStore
        from sahel_tui.store.filter_facts import annotation_tags, source_grades

        with AnnotationStore.open() as store:
            if store.notice:
                print(f"sahel-brief: warning: {store.notice}", file=sys.stderr)
            grades = source_grades(corpus, store) if flt.grades else {}
            tags = annotation_tags(store) if flt.tags else {}
    narrowed, result = filter_corpus(corpus, flt, grades, tags)
    ctx.filtered = result
    if not result.articles:
        extra = f"; {result.undated_left_out} undated left out" if result.undated_left_out else ""
        raise UserError(f"no source matches the filter ({flt.describe()}) among {result.total}{extra}")
    return narrowed


def filter_json(ctx: Any) -> dict[str, object] | None:
    """What `--json` outputs report as ``filter``: None when no filter was given."""
    result = ctx.filtered
    if result is None:
        return None
    return {
        **ctx.corpus_filter.to_json(),
        "shown": len(result.articles),
        "total": result.total,
        "placed_by_bounds": sorted(result.placed_by_bounds),
        "undated_left_out": result.undated_left_out,
        "summary": result.summary(ctx.corpus_filter),
    }
