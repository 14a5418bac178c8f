"""`sahel-brief compare`: what sources share, what only one says, where they disagree."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from typing import Any

from sahel_tui.cli.context import Context, progress_bar

# Above this many articles `--json` is written compact (see run).
INDENT_MAX_ARTICLES = 100
_SECTION_NAMES = (
    "similarity, corroborated, single_source, discrepancies, chronology, coverage, framing, attributions, contested"
)


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "compare",
        parents=[parent],
        help="compare the articles: corroboration, discrepancies, chronology, coverage, framing",
    )
    p.add_argument(
        "action",
        nargs="?",
        choices=("confirm", "reject", "unreview", "verdicts"),
        help="the analyst's verdict: confirm or reject ITEM (a claim-/disc-/contested- id from the comparison), "
        "unreview it, or list the verdicts with their state on this corpus",
    )
    p.add_argument("item", nargs="?", help="the item's id (or a unique prefix), for confirm/reject/unreview")
    p.add_argument("--note", help="a note kept with the verdict")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument(
        "--section",
        action="append",
        metavar="S",
        help=f"only these sections (repeatable or comma-separated): {_SECTION_NAMES}",
    )
    p.set_defaults(func=run)


def _open_verdicts(for_writing: bool) -> tuple[Any, Any]:
    from sahel_tui.cli.commands.notes import _open as open_notes
    from sahel_tui.store.verdicts import VerdictStore

    store = open_notes(None, for_writing=for_writing)  # type: ignore[arg-type]
    return store, VerdictStore.of(store)


def saved_verdicts() -> list[Any]:
    """Every saved verdict, or none (with a warning) when the store cannot be read."""
    from sahel_tui.cli.context import warn
    from sahel_tui.errors import UserError

    try:
        store, verdicts = _open_verdicts(for_writing=False)
    except UserError as exc:
        warn(f"verdicts not applied: {exc}")
        return []
    try:
        return verdicts.list()
    except UserError as exc:
        warn(f"verdicts not applied: {exc}")
        return []
    finally:
        store.close()


def run_verdict(ctx: Context) -> int:
    """`compare confirm|reject|unreview ITEM` and `compare verdicts`."""
    from sahel_tui.analysis.compare import compare_corpus, find_item, item_summary, reviewable
    from sahel_tui.analysis.compare.review import apply_verdicts
    from sahel_tui.cli.context import print_json
    from sahel_tui.errors import UserError

    args = ctx.args
    result = compare_corpus(ctx.corpus, sections=["corroborated", "discrepancies", "chronology"])
    if args.action == "verdicts":
        saved = saved_verdicts()
        items = reviewable(result)
        apply_verdicts(items, saved)
        current = {(x.evidence.kind, x.evidence.id): x for x in items}
        followed = {(x.evidence.kind, x.review.verdict, x.review.modified) for x in items if x.review.status == "changed"}
        rows = []
        for v in saved:
            item = current.get((v.kind, v.id))
            if item is not None:
                state = item.review.status
            elif (v.kind, v.verdict, v.modified) in followed:
                state = "changed"
            else:
                state = "not in this corpus"
            rows.append({"kind": v.kind, "id": v.id, "verdict": v.verdict, "state": state, "summary": v.summary,
                         "note": v.note, "author": v.author, "modified": v.modified})  # fmt: skip
        if args.json:
            print_json(rows)
            return 0
        if not rows:
            print("no verdicts yet (confirm an item: sahel-brief compare confirm claim-...)")
        for r in rows:
            print(f"{r['verdict']:<9}  {r['id']}  [{r['state']}]  {r['summary'][:80]}")
        return 0
    if not args.item:
        raise UserError(f"compare {args.action} needs an item id (claim-..., disc-..., contested-...)")
    item = find_item(result, args.item)
    store, verdicts = _open_verdicts(for_writing=True)
    try:
        if args.action == "unreview":
            gone = verdicts.clear(item.evidence.kind, item.evidence.id)
            ctx.skipped_is_failure = False
            if args.json:
                print_json({"kind": item.evidence.kind, "id": item.evidence.id, "cleared": gone})
            else:
                print(f"{item.evidence.id} is unreviewed again" if gone else f"{item.evidence.id} had no verdict")
            return 0
        verdict = "confirmed" if args.action == "confirm" else "rejected"
        saved = verdicts.set(item.evidence, verdict, item_summary(item), args.note)
    finally:
        store.close()
    ctx.skipped_is_failure = False
    if args.json:
        print_json({"kind": saved.kind, "id": saved.id, "verdict": saved.verdict, "digest": saved.digest,
                    "summary": saved.summary, "note": saved.note, "modified": saved.modified})  # fmt: skip
    else:
        print(f"{saved.verdict} {saved.kind} {saved.id}: {saved.summary[:90]}")
    return 0


def run(ctx: Context) -> int:
    from sahel_tui.analysis.compare import _NEEDS_ACTORS, compare_corpus, parse_sections, reviewable
    from sahel_tui.analysis.compare.review import apply_verdicts

    if ctx.args.action is not None:
        return run_verdict(ctx)
    if ctx.args.item:
        from sahel_tui.errors import UserError

        raise UserError(f"unexpected argument {ctx.args.item!r} (did you mean `compare confirm {ctx.args.item}`?)")
    sections = parse_sections(ctx.args.section)  # a bad name fails before the corpus loads
    actors = None
    if _NEEDS_ACTORS & set(sections):
        with progress_bar() as bar:
            # The glossary as the app shows it (curated, the analyst's edits).
            actors = ctx.workspace.load_actors(progress=bar)
    from sahel_tui.analysis.compare.stored import cached_compare
    from sahel_tui.startup import collector_paused

    with progress_bar() as bar, collector_paused():  # a large result built at once (see startup.py)
        cache = ctx.workspace.cache
        result = cached_compare(
            lambda: compare_corpus(ctx.corpus, actors=actors, sections=sections, progress=bar, cache=cache),
            cache, ctx.corpus, actors, sections, background=True,
        )
    if reviewable(result):
        apply_verdicts(reviewable(result), saved_verdicts())
    data = result.to_json()
    from sahel_tui.cli.commands.filtering import filter_json

    data["filter"] = filter_json(ctx)
    if ctx.args.json:
        articles = data["articles"]
        if isinstance(articles, list) and len(articles) <= INDENT_MAX_ARTICLES:
            # Streamed rather than built as one string: the same format as print_json.
            json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        else:
            # Indenting is done by json's pure-Python encoder: for 2,000 articles
            # (100+ MB) it takes longer than the comparison. Nobody reads that by
            # eye, so it is written compact by the C encoder instead.
            sys.stdout.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
        sys.stdout.write("\n")
        return 0
    print_human(data, result)
    return 0


def _wrap(text: str, indent: str = "      ") -> str:
    return textwrap.fill(text, width=100, initial_indent=indent, subsequent_indent=indent)


def _heading(title: str) -> None:
    print()
    print(title)
    print("=" * len(title))


def print_human(data: dict[str, Any], result: Any) -> None:
    """The comparison as an analyst reads it in a terminal: every item with its citation.

    The claim sections come from the typed ``result`` (:mod:`sahel_tui.analysis.compare.model`);
    similarity, coverage and framing are still plain JSON.
    """
    sections = data["sections"]
    if data.get("filter"):
        print(f"Filtered ({data['filter']['summary']}): compares only the sources shown")
    if "similarity" in sections:
        sim = data["similarity"]
        _heading("Similarity")
        ids = [a["id"] for a in sim["articles"]]
        for i, a in enumerate(sim["articles"]):
            near = ", ".join(f"{n['article']} ({n['similarity']:.2f})" for n in sim["nearest"][a["id"]])
            print(f"  [{i + 1}] {a['id']}")
            if near:
                print(f"      closest: {near}")
            terms = ", ".join(t["term"] for t in sim["distinguishing_terms"][a["id"]])
            print(_wrap(f"distinguishing terms: {terms}"))
        if len(ids) <= 12:
            print("      " + " ".join(f"[{i + 1:>2}]" for i in range(len(ids))))
            for i, row in enumerate(sim["matrix"]):
                print(f"  [{i + 1:>2}] " + " ".join(f"{v:4.2f}" for v in row))
    if result.corroborated is not None:
        _heading(f"Corroborated claims ({len(result.corroborated)})")
        for g in result.corroborated:
            print(
                f"  {g.id} [{g.review.status}]: {g.sources} sources, {g.independent_sources} independent, "
                f"{g.mentions} mentions, score {g.score:.2f}"
            )
            if g.why:
                print(_wrap(f"why: {g.why}"))
            for m in g.members:
                mark = " (repeated, not independent)" if m.repeated else ""
                print(_wrap(f"- {m.ref.text}{mark}"))
                print(f"        [{m.ref.citation}] {m.ref.sentence_id}")
    if result.single_source is not None:
        _heading(f"Single-source claims ({len(result.single_source)})")
        current = None
        for c in result.single_source:
            if c.ref.article != current:
                current = c.ref.article
                print(f"  {current}")
            print(_wrap(f"{c.rank}. {c.ref.text}"))
            print(f"        [{c.ref.citation}] {c.ref.sentence_id}")
    if result.discrepancies is not None:
        _heading(f"Discrepancies ({len(result.discrepancies)}) - for the analyst to check")
        for d in result.discrepancies:
            print(f"  {d.id} [{d.review.status}] {d.kind}: {d.explanation}")
            for side in (d.a, d.b):
                print(_wrap(f"- {side.ref.text}"))
                print(f"        [{side.ref.citation}] {side.ref.sentence_id}")
    if result.chronology is not None:
        _heading(f"Chronology ({len(result.chronology)} entries)")
        for e in result.chronology:
            flags = []
            if e.background:
                flags.append("background")
            if e.uncertain:
                flags.append("year unresolved" if e.date.startswith("--") else f"year from {e.year_source}?")
            elif e.year_source != "text":
                flags.append(f"year from {e.year_source}")
            if e.conflict:
                flags.append("CONFLICT: " + "; ".join(f"{c.date} in {c.ref.article}" for c in e.conflicts_with))
            extra = f"  ({'; '.join(flags)})" if flags else ""
            print(f"  {e.date:<11} {e.label!r}{extra}")
            print(_wrap(e.first.text))
            print(f"        sources: {', '.join(e.sources)}; [{e.first.citation}] {e.first.sentence_id}")
    if "coverage" in sections:
        cov = data["coverage"]
        _heading("Actor coverage")
        if not cov.get("available"):
            print(f"  unavailable: {cov.get('reason')}")
        else:
            ids = cov["articles"]
            print("  " + " " * 32 + " ".join(f"[{i + 1:>2}]" for i in range(len(ids))))
            for r in cov["actors"][:40]:
                mark = " *" if r["single_source"] else ""
                counts = " ".join(f"{r['counts'][a]:>4}" for a in ids)
                print(f"  {r['name'][:30]:<30}  {counts}{mark}")
            for i, a in enumerate(ids):
                print(f"  [{i + 1}] {a}")
            print("  * mentioned by one source only")
    if "framing" in sections:
        fr = data["framing"]
        _heading("Framing")
        if not fr.get("available"):
            print(f"  unavailable: {fr.get('reason')}")
        else:
            for row in fr["actors"]:
                print(f"  {row['name']} ({row['type']})")
                for cell in row["by_source"]:
                    print(f"    {cell['article']}: {cell['label']} (tone {cell['tone']:+.2f}, {cell['sentences']} sentences)")
                    ev = cell["evidence"]
                    for x in ev["most_negative"][:2] + ev["most_positive"][:1]:
                        print(_wrap(f"{x['score']:+.2f} {x['text']}", "        "))
                if row["stands_out"]:
                    so = row["stands_out"]
                    print(f"    stands out: {so['article']} ({so['label']})")
    if "contested" in sections and isinstance(data.get("contested"), list):
        _heading("Contested claims")
        if not data["contested"]:
            print("  none found")
        for item in data["contested"]:
            print(f"  {item['id']}  on {', '.join(item['matter'])} ({item['why']})")
            for side in item["sides"]:
                for c in side["claims"]:
                    print(_wrap(f"{side['who']} {c['verb']}: {c['text']}  [{c['citation']}]", "      "))
    if "attributions" in sections and isinstance(data.get("attributions"), dict):
        count = sum(len(v) for v in data["attributions"].values())
        print(f"\n{count} attributed quote(s) and claim(s); `--json --section attributions` lists them.")
    for note in data.get("notes", []):
        print(f"note: {note}")
