"""`sahel-brief compare`: what sources share, what only one says, where they disagree."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from typing import Any

from sahel_tui.cli.context import Context

# Above this many articles `--json` is written compact (see run).
INDENT_MAX_ARTICLES = 100
_SECTION_NAMES = "similarity, corroborated, single_source, discrepancies, chronology, coverage, framing"


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "compare",
        parents=[parent],
        help="compare the articles: corroboration, discrepancies, chronology, coverage, framing",
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument(
        "--section",
        action="append",
        metavar="S",
        help=f"only these sections (repeatable or comma-separated): {_SECTION_NAMES}",
    )
    p.set_defaults(func=run)


def run(ctx: Context) -> int:
    from sahel_tui.analysis.compare import _NEEDS_ACTORS, compare_corpus, parse_sections

    sections = parse_sections(ctx.args.section)  # a bad name fails before the corpus loads
    actors = None
    if _NEEDS_ACTORS & set(sections):
        actors = ctx.workspace.load_actors()  # the glossary as the app shows it (curated, the analyst's edits)
    result = compare_corpus(ctx.corpus, actors=actors, sections=sections)
    data = result.to_json()
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
    print_human(data)
    return 0


def _wrap(text: str, indent: str = "      ") -> str:
    return textwrap.fill(text, width=100, initial_indent=indent, subsequent_indent=indent)


def _heading(title: str) -> None:
    print()
    print(title)
    print("=" * len(title))


def print_human(data: dict[str, Any]) -> None:
    """The comparison as an analyst reads it in a terminal: every item with its citation."""
    sections = data["sections"]
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
    if "corroborated" in sections:
        _heading(f"Corroborated claims ({len(data['corroborated'])})")
        for g in data["corroborated"]:
            print(f"  {g['id']}: {g['sources']} sources, score {g['score']:.2f}; shared: {', '.join(g['shared_terms'])}")
            for m in g["members"]:
                print(_wrap(f"- {m['text']}"))
                print(f"        [{m['citation']}] {m['sentence_id']}")
    if "single_source" in sections:
        _heading(f"Single-source claims ({len(data['single_source'])})")
        current = None
        for c in data["single_source"]:
            if c["article"] != current:
                current = c["article"]
                print(f"  {current}")
            print(_wrap(f"{c['rank']}. {c['text']}"))
            print(f"        [{c['citation']}] {c['sentence_id']}")
    if "discrepancies" in sections:
        _heading(f"Discrepancies ({len(data['discrepancies'])}) - for the analyst to check")
        for d in data["discrepancies"]:
            print(f"  {d['kind']}: {d['a']['value']!r} vs {d['b']['value']!r} (shared context: {', '.join(d['shared_context'])})")
            for side in ("a", "b"):
                print(_wrap(f"- {d[side]['text']}"))
                print(f"        [{d[side]['citation']}] {d[side]['sentence_id']}")
    if "chronology" in sections:
        _heading(f"Chronology ({len(data['chronology'])} entries)")
        for e in data["chronology"]:
            flags = []
            if e["uncertain"]:
                flags.append("year unresolved" if e["date"].startswith("--") else f"year from {e['year_source']}?")
            elif e["year_source"] != "text":
                flags.append(f"year from {e['year_source']}")
            if e["conflict"]:
                flags.append("CONFLICT: " + "; ".join(f"{c['date']} in {c['article']}" for c in e["conflicts_with"]))
            extra = f"  ({'; '.join(flags)})" if flags else ""
            print(f"  {e['date']:<11} {e['label']!r}{extra}")
            print(_wrap(e["text"]))
            print(f"        sources: {', '.join(e['sources'])}; [{e['citation']}] {e['sentence_id']}")
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
    for note in data.get("notes", []):
        print(f"note: {note}")
