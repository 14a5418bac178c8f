"""`sahel-brief changes`: what is new since the last briefing (or a chosen snapshot)."""

from __future__ import annotations

import argparse
import textwrap

from sahel_tui.cli.context import Context, print_json, warn


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "changes",
        parents=[parent],
        help="what changed since the last briefing: sources, claims, discrepancies, figures, actors, judgements",
        description=(
            "Compare the corpus now with the snapshot recorded by an export: new, removed and edited sources, "
            "new and vanished corroborations and discrepancies, figures whose value changed, new actors and key "
            "judgements whose evidence changed, each with its citation."
        ),
    )
    p.add_argument(
        "--since",
        metavar="SNAPSHOT|DATE",
        help="a snapshot id (or unique prefix), or a date: the last snapshot taken on or before it "
        "(default: the latest snapshot of this corpus folder)",
    )
    p.add_argument("--list", action="store_true", help="list the snapshots instead")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=run)


def _snapshot_json(s) -> dict[str, object]:
    return {
        "id": s.id,
        "created": s.created,
        "title": s.title,
        "output": s.output,
        "corpus_root": s.corpus_root,
        "sources": len(s.state.sources),
        "filter": s.filter,
        "bytes": s.path.stat().st_size if s.path is not None and s.path.exists() else None,
    }


def run(ctx: Context) -> int:
    from sahel_tui.errors import UserError
    from sahel_tui.store import snapshots

    listing = snapshots.load_all()
    for line in listing.warnings:
        warn(line)
    if ctx.args.list:
        if ctx.args.json:
            print_json([_snapshot_json(s) for s in listing.snapshots])
        elif not listing.snapshots:
            print("no snapshots yet: each `sahel-brief export` records one")
        else:
            for s in listing.snapshots:
                print(f"{s.id}  {s.created}  {len(s.state.sources):>5} sources  {s.title}  [{s.corpus_root}]")
        return 0
    snapshot = snapshots.choose(listing, ctx.corpus_root, ctx.args.since)
    if snapshot is None:
        raise UserError("no earlier briefing of this corpus to compare with: `sahel-brief export` records one")
    corpus = ctx.corpus
    notes: list[str] = []
    if ctx.filtered is None and snapshot.filter:
        # Same scope as the briefing unless the command line says otherwise.
        from sahel_tui.corpus.filters import CorpusFilter, filter_corpus

        flt = CorpusFilter.from_json(snapshot.filter)
        grades, tags = _filter_facts(corpus, flt)
        corpus, result = filter_corpus(corpus, flt, grades, tags)
        notes.append(f"filtered as the briefing was: {result.summary(flt)}")
    from sahel_tui.export.since import changes_since, current_state, report_json
    from sahel_tui.store.annotations import AnnotationStore
    from sahel_tui.infrastructure.cache import Cache

    with AnnotationStore.open() as store:
        if store.notice:
            warn(store.notice)
        current = current_state(corpus, cache=Cache(), store=store)
    report = changes_since(current, snapshot)
    report.notes[:0] = notes
    if ctx.filtered is not None:
        report.notes.insert(0, f"filtered: {ctx.filtered.summary(ctx.corpus_filter)}")
    if ctx.args.json:
        print_json(report_json(report, snapshot, corpus))
        return 0
    print_report(report, snapshot, len(corpus.articles))
    return 0


def _filter_facts(corpus, flt):
    if not (flt.grades or flt.tags):
        return {}, {}
    from sahel_tui.store.annotations import AnnotationStore
    from sahel_tui.store.filter_facts import annotation_tags, source_grades

    with AnnotationStore.open() as store:
        return source_grades(corpus, store), annotation_tags(store)


def print_report(report, snapshot, sources_now: int) -> None:
    from sahel_tui.analysis.changes import SECTION_TITLES, SECTIONS

    print(f"Since {snapshot.id} ({snapshot.title}, {snapshot.created}): {len(snapshot.state.sources)} sources then, {sources_now} now")
    for note in report.notes:
        print(f"note: {note}")
    if report.empty:
        print("Nothing changed.")
        return
    for section in SECTIONS:
        items = report.section(section)
        if not items:
            continue
        title = f"{SECTION_TITLES[section]} ({len(items)})"
        print()
        print(title)
        print("=" * len(title))
        for c in items:
            print(f"  {c.summary}")
            for e in c.evidence:
                where = f" {e.sentence_id}" if e.sentence_id else ""
                print(f"        [{e.citation}]{where}")
                if e.text:
                    print(textwrap.fill(e.text, width=100, initial_indent="        ", subsequent_indent="        "))
