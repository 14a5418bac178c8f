"""`sahel-brief judgements`: the key judgements that lead the briefing."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from sahel_tui.cli.context import Context, print_json
from sahel_tui.errors import UserError

if TYPE_CHECKING:
    from sahel_tui.store.judgements import Judgement, JudgementCitation, JudgementStore


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "judgements",
        parents=[parent],
        help="key judgements: the bottom line, with estimative term, confidence and citations",
        description=(
            "Each key judgement has an estimative term (almost no chance 1-5%%, very unlikely 5-20%%, "
            "unlikely 20-45%%, roughly even chance 45-55%%, likely 55-80%%, very likely 80-95%%, "
            "almost certain 95-99%%), a confidence (low, moderate, high) and citations: sentence ids "
            "(key points, claims) or note ids, optionally prefixed keypoint:, claim: or note:."
        ),
    )
    actions = p.add_subparsers(dest="judgements_action", metavar="ACTION")
    p.set_defaults(func=_no_action)
    ls = actions.add_parser("list", parents=[parent], help="the key judgements in briefing order")
    ls.add_argument("--deleted", action="store_true", help="the deleted ones (bring back with `restore`)")
    ls.add_argument("--json", action="store_true", help="machine-readable output")
    ls.set_defaults(func=run_list)
    sc = actions.add_parser("scale", parents=[parent], help="the estimative terms and their probability ranges")
    sc.add_argument("--json", action="store_true", help="machine-readable output")
    sc.set_defaults(func=run_scale)
    add = actions.add_parser("add", parents=[parent], help="write a key judgement")
    add.add_argument("text", help="the judgement, one or two sentences")
    add.add_argument("--term", required=True, help="estimative term, e.g. likely (or 1-7 on the scale)")
    add.add_argument("--confidence", required=True, help="low, moderate or high")
    add.add_argument("--cite", metavar="ID", action="append", default=[], help="a sentence or note id (repeatable)")
    add.add_argument("--json", action="store_true", help="print the judgement as JSON")
    add.set_defaults(func=run_add)
    ed = actions.add_parser("edit", parents=[parent], help="change a key judgement")
    ed.add_argument("ref", help="number in the list, id, or unique id prefix")
    ed.add_argument("--text", help="new text")
    ed.add_argument("--term", help="new estimative term")
    ed.add_argument("--confidence", help="new confidence")
    ed.add_argument("--cite", metavar="ID", action="append", default=[], help="add a citation (repeatable)")
    ed.add_argument("--uncite", metavar="ID", action="append", default=[], help="remove a citation (repeatable)")
    ed.add_argument("--up", action="store_true", help="move one place up")
    ed.add_argument("--down", action="store_true", help="move one place down")
    ed.add_argument("--json", action="store_true", help="print the judgement as JSON")
    ed.set_defaults(func=run_edit)
    for name, text in (("delete", "delete a key judgement (kept; undo with `restore`)"), ("restore", "bring one back")):
        q = actions.add_parser(name, parents=[parent], help=text)
        q.add_argument("ref", help="number in the list, id, or unique id prefix")
        q.set_defaults(func=run_delete if name == "delete" else run_restore)


def _no_action(ctx: Context) -> int:
    raise UserError("judgements needs an action: list, scale, add, edit, delete or restore")


def _open(for_writing: bool) -> tuple[object, JudgementStore]:
    from sahel_tui.cli.commands.notes import _open as open_notes
    from sahel_tui.store.judgements import JudgementStore

    store = open_notes(None, for_writing=for_writing)  # type: ignore[arg-type]
    return store, JudgementStore.of(store)


def resolve_citation(ctx: Context, store: object, ref: str) -> JudgementCitation:
    """``keypoint:ID``, ``claim:ID``, ``note:ID`` or a bare sentence or note id."""
    from sahel_tui.store.judgements import CITATION_KINDS, citation

    kind, _, rest = ref.partition(":")
    if kind in CITATION_KINDS and rest:
        ref = rest
    else:
        kind = ""
    if kind != "note":
        sentence = ctx.corpus.sentence(ref.strip())
        if sentence is not None:
            return citation(kind or "sentence", sentence.id, sentence.text)
        if kind:
            raise UserError(f"no sentence {ref!r} in the corpus")
    try:
        a = store.get(ref)  # type: ignore[attr-defined]
    except UserError:
        raise UserError(f"{ref!r} is neither a sentence id nor a note id") from None
    return citation("note", a.id, a.note or a.exact or "")


def _line(j: Judgement) -> str:
    cites = f"; {len(j.citations)} citation{'s' if len(j.citations) != 1 else ''}" if j.citations else "; no citations"
    return f"{j.position}. [{j.short_id}] {j.text} ({j.term}, {j.range}; {j.confidence} confidence{cites})"


def _show(j: Judgement, as_json: bool, verb: str) -> None:
    if as_json:
        print_json(j.to_json())
    else:
        print(f"{verb} {_line(j)}")


def run_list(ctx: Context) -> int:
    store, js = _open(for_writing=False)
    try:
        found = js.list(deleted=ctx.args.deleted)
    finally:
        store.close()  # type: ignore[attr-defined]
    if ctx.args.json:
        print_json([j.to_json() for j in found])
        return 0
    if not found:
        print("no key judgements" + ("" if ctx.args.deleted else ' yet (sahel-brief judgements add "..." --term likely --confidence moderate)'))
    for j in found:
        print(_line(j))
        for c in j.citations:
            print(f"     - {c.kind} {c.target}: {c.text[:100]}")
    return 0


def run_scale(ctx: Context) -> int:
    from sahel_tui.store.judgements import CONFIDENCE, SCALE

    if ctx.args.json:
        print_json({"terms": [{"term": t, "low": lo, "high": hi} for t, lo, hi in SCALE], "confidence": list(CONFIDENCE)})
        return 0
    for n, (t, lo, hi) in enumerate(SCALE, 1):
        print(f"{n}. {t:<20} {lo}-{hi}%")
    print("confidence: " + ", ".join(CONFIDENCE))
    return 0


def run_add(ctx: Context) -> int:
    args = ctx.args
    store, js = _open(for_writing=True)
    try:
        cites = [resolve_citation(ctx, store, ref) for ref in args.cite]
        j = js.add(args.text, args.term, args.confidence, cites)
    finally:
        store.close()  # type: ignore[attr-defined]
    _show(j, args.json, "added")
    return 0


def run_edit(ctx: Context) -> int:
    args = ctx.args
    if args.up and args.down:
        raise UserError("give --up or --down, not both")
    store, js = _open(for_writing=True)
    try:
        j = js.get(args.ref)
        cites = list(j.citations)
        for ref in args.uncite:
            before = len(cites)
            cites = [c for c in cites if c.target != ref and not (len(ref) >= 4 and c.target.startswith(ref))]
            if len(cites) == before:
                raise UserError(f"key judgement {j.short_id} does not cite {ref!r}")
        cites += [resolve_citation(ctx, store, ref) for ref in args.cite]
        changed_cites = bool(args.cite or args.uncite)
        j = js.update(j.id, text=args.text, term=args.term, confidence=args.confidence,
                      citations=cites if changed_cites else None)  # fmt: skip
        if args.up or args.down:
            j = js.move(j.id, -1 if args.up else 1)
    finally:
        store.close()  # type: ignore[attr-defined]
    _show(j, args.json, "changed")
    return 0


def run_delete(ctx: Context) -> int:
    store, js = _open(for_writing=True)
    try:
        j = js.delete(ctx.args.ref)
    finally:
        store.close()  # type: ignore[attr-defined]
    print(f"deleted {j.short_id} (bring it back with: sahel-brief judgements restore {j.short_id})")
    return 0


def run_restore(ctx: Context) -> int:
    store, js = _open(for_writing=True)
    try:
        j = js.restore(ctx.args.ref)
    finally:
        store.close()  # type: ignore[attr-defined]
    print(f"restored {j.short_id}")
    return 0
