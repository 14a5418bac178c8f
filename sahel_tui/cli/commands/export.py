"""`sahel-brief export`: write the Markdown briefing."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from typing import Any

from sahel_tui.cli.commands.filtering import filter_json
from sahel_tui.cli.context import Context, print_json, warn


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {n}")
    return n


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "export",
        parents=[parent],
        help="write the briefing (Markdown, or one self-contained HTML file)",
        description=(
            "Write the briefing: front matter, overview, sources, key points, actors, "
            "cross-source comparison and analyst annotations, every statement cited. "
            "With SOURCE_DATE_EPOCH set the output is byte-for-byte reproducible."
        ),
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="file to write, or - for stdout (default: <title-slug>-<date>.md in the current folder)",
    )
    p.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    p.add_argument("--articles", nargs="+", metavar="A", help="only these articles (id, id prefix or number)")
    p.add_argument(
        "--sections",
        nargs="+",
        metavar="S",
        help=(
            "only these sections: frontmatter judgements overview sources keypoints actors comparison notes "
            "(the export dialog's names; glossary and annotations still work)"
        ),
    )
    p.add_argument("--method", metavar="M", help="key-point method (see `sahel-brief keypoints --help`)")
    p.add_argument("--count", type=_positive, metavar="N", help="key points per article")
    p.add_argument("--title", metavar="TEXT", help="the briefing's title (default: Briefing)")
    p.add_argument("--summary", metavar="TEXT", help="the analyst's one-line summary, shown under the title")
    p.add_argument(
        "--format",
        choices=("md", "html"),
        help="md (default) or html: one printable file with no scripts or remote assets (default: from FILE's suffix)",
    )
    p.add_argument("--json", action="store_true", help="report what was written as JSON")
    p.add_argument(
        "--no-snapshot",
        action="store_true",
        help="do not record what this briefing was built from (the snapshot `sahel-brief changes` compares with)",
    )
    p.set_defaults(func=run)


def run(ctx: Context) -> int:
    from sahel_tui.errors import UserError
    from sahel_tui.export.blocks import plural
    from sahel_tui.export.markdown import (
        DEFAULT_TITLE,
        ExportOptions,
        export_briefing,
        parse_sections,
    )
    from sahel_tui.export.options import generation_time, section_name
    from sahel_tui.export.write import check_target, default_filename, format_for, write_briefing

    args = ctx.args
    title = args.title if args.title is not None else DEFAULT_TITLE
    if not title.strip():
        raise UserError("--title must not be empty")
    sections = parse_sections(args.sections)
    if args.method is not None:
        from sahel_tui.analysis.keypoints import check_method

        check_method(args.method)
    when = generation_time()
    to_stdout = args.output == "-"
    if to_stdout and args.json:
        raise UserError("--json reports on a written file; it cannot be used with -o -")
    fmt = format_for(args.output, args.format)
    summary = " ".join((args.summary or "").split())
    target = None if to_stdout else Path(args.output or default_filename(title, when, ".html" if fmt == "html" else ".md"))
    if target is not None:
        check_target(target, args.force)  # before the analysis, which can take a while
    corpus = ctx.corpus  # loaded (and filtered) first: the options say what the filter kept
    options = ExportOptions(
        title=title,
        summary=summary,
        sections=sections,
        articles=tuple(args.articles) if args.articles else None,
        method=args.method,
        count=args.count,
        generated_at=when,
        filter_note=ctx.filtered.summary(ctx.corpus_filter) if ctx.filtered is not None else "",
    )
    from sahel_tui.export.markdown import default_analysis

    analysis = default_analysis(corpus, options)
    result = export_briefing(corpus, options, analysis=analysis)
    for message in result.messages:
        warn(message)
    for section, why in result.omitted.items():
        # A missing analysis is always news; an empty section only when asked for by name.
        if args.sections or section in result.missing:
            warn(f"section {section_name(section)!r} left out: {why}")
    text = result.text
    if fmt == "html":
        from sahel_tui.export.html import render_html

        text = render_html(result, title, summary)
    data = text.encode("utf-8")
    if target is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        _record(ctx, analysis, title, None)
        return 0
    write_briefing(text, target, force=args.force)
    snapshot = _record(ctx, analysis, title, str(target))
    if args.json:
        print_json(
            {
                "path": str(target),
                "bytes": len(data),
                "title": title,
                "summary": summary,
                "format": fmt,
                "generated": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "articles": list(result.articles),
                "sections": [section_name(s) for s in result.sections],
                "omitted": {section_name(k): why for k, why in result.omitted.items()},
                "citations": result.citations,
                "snapshot": snapshot.id if snapshot is not None else None,
                "filter": filter_json(ctx),
            }
        )
    else:
        sources = plural(len(result.articles), "source")
        print(f"wrote {target} ({len(data):,} bytes, {sources}, {plural(result.citations, 'citation')})")
        if snapshot is not None:
            print(f"recorded snapshot {snapshot.id}: `sahel-brief changes` lists what changes from here")
    return 0


def _record(ctx: Context, analysis: Any, title: str, output: str | None) -> Any:
    """Record the snapshot of what the briefing was built from; a failure costs a warning, not the briefing."""
    if ctx.args.no_snapshot:
        return None
    from sahel_tui.errors import UserError
    from sahel_tui.export.since import current_for_analysis, record

    try:
        current = current_for_analysis(analysis)
        return record(
            current,
            title=title,
            output=output,
            corpus_root=ctx.corpus_root,
            filter=ctx.corpus_filter.to_json() if ctx.filtered is not None else None,
        )
    except (OSError, UserError) as exc:
        warn(f"the briefing is written, but its snapshot was not recorded: {exc}")
        return None
