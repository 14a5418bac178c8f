"""`sahel-brief grade`: Admiralty grades for sources (A-F), claims and notes (1-6)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from sahel_tui.cli.context import Context, print_json
from sahel_tui.errors import UserError

if TYPE_CHECKING:
    from sahel_tui.store.grades import GradeStore


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "grade",
        parents=[parent],
        help="grade sources (reliability A-F) and claims or notes (credibility 1-6)",
        description=(
            "Admiralty (NATO) grading. A source's reliability: A completely reliable, B usually reliable, "
            "C fairly reliable, D not usually reliable, E unreliable, F cannot be judged. A claim's or note's "
            "credibility: 1 confirmed by other sources, 2 probably true, 3 possibly true, 4 doubtful, "
            "5 improbable, 6 cannot be judged. The export shows them together, e.g. B2."
        ),
    )
    actions = p.add_subparsers(dest="grade_action", metavar="ACTION")
    p.set_defaults(func=_no_action)
    for target, ref_help in (
        ("source", "article id, unique prefix or number"),
        ("claim", "sentence id of the claim (as `compare --json` or `read` print it)"),
        ("note", "annotation id (or a unique prefix of 4+ characters)"),
    ):
        q = actions.add_parser(target, parents=[parent], help=f"set or clear a {target}'s grade")
        q.add_argument("ref", help=ref_help)
        q.add_argument("grade", nargs="?", help="A-F" if target == "source" else "1-6")
        q.add_argument("--clear", action="store_true", help="remove the grade")
        q.add_argument("--json", action="store_true", help="print the grade as JSON")
        q.set_defaults(func=run_set, grade_target=target)
    ls = actions.add_parser("list", parents=[parent], help="every grade in force (analyst's, manifest's, front matter's)")
    ls.add_argument("--json", action="store_true", help="machine-readable output")
    ls.set_defaults(func=run_list)
    sg = actions.add_parser("suggest", parents=[parent], help="credibility suggested by corroboration, to confirm")
    sg.add_argument("--confirm", action="store_true", help="store every suggestion not yet graded")
    sg.add_argument("--json", action="store_true", help="machine-readable output")
    sg.set_defaults(func=run_suggest)


def _no_action(ctx: Context) -> int:
    raise UserError("grade needs an action: source, claim, note, list or suggest")


def _open(for_writing: bool) -> tuple[object, GradeStore]:
    from sahel_tui.cli.commands.notes import _open as open_notes
    from sahel_tui.store.grades import GradeStore

    store = open_notes(None, for_writing=for_writing)  # type: ignore[arg-type]
    return store, GradeStore.of(store)


def _resolve(ctx: Context, store: object, target: str, ref: str) -> tuple[str, str | None]:
    """The id to store, and for a claim the sentence's text."""
    if target == "source":
        return ctx.corpus.get(ref).id, None
    if target == "claim":
        sentence = ctx.corpus.sentence(ref.strip())
        if sentence is None:
            raise UserError(f"no sentence {ref!r} in the corpus (a claim is graded by its full sentence id)")
        return sentence.id, sentence.text
    return store.get(ref).id, None  # type: ignore[attr-defined]


def run_set(ctx: Context) -> int:
    args = ctx.args
    if args.clear == (args.grade is not None):
        raise UserError("give a grade, or --clear")
    store, grades = _open(for_writing=True)
    try:
        ident, text = _resolve(ctx, store, args.grade_target, args.ref)
        if args.clear:
            gone = grades.clear(args.grade_target, ident)
            if args.json:
                print_json({"target": args.grade_target, "id": ident, "cleared": gone})
            else:
                print(f"cleared the grade of {args.grade_target} {ident}" if gone else f"{args.grade_target} {ident} had no grade")
            return 0
        g = grades.set(args.grade_target, ident, args.grade, text=text)
    finally:
        store.close()  # type: ignore[attr-defined]
    if args.json:
        print_json(g.to_json())
    else:
        print(f"graded {g.target} {g.id}: {g.value} ({g.meaning})")
    return 0


def run_list(ctx: Context) -> int:
    from sahel_tui.store.grades import grades_for

    store, grades = _open(for_writing=False)
    try:
        found = grades_for(ctx.corpus, grades.list())
    finally:
        store.close()  # type: ignore[attr-defined]
    if ctx.args.json:
        print_json(found.to_json())
        return 0
    rows = [*found.sources.values(), *found.claims.values(), *found.notes.values()]
    if not rows:
        print("no grades yet (grade a source: sahel-brief grade source 1 B)")
    for g in rows:
        print(f"{g.target:<6}  {g.value}  {g.id}  ({g.meaning}; {g.origin})")
    return 0


def run_suggest(ctx: Context) -> int:
    from sahel_tui.analysis.compare import compare_corpus
    from sahel_tui.store.grades import claim_suggestions

    args = ctx.args
    corpus = ctx.corpus
    data = compare_corpus(corpus).to_json()
    store, grades = _open(for_writing=args.confirm)
    try:
        graded = {g.id: g for g in grades.list("claim")}
        rows = []
        corroborated = data.get("corroborated")
        for s in claim_suggestions(list(corroborated) if isinstance(corroborated, list) else []):
            current = graded.get(s.sentence_id)
            confirmed = False
            if args.confirm and current is None:
                sentence = corpus.sentence(s.sentence_id)
                grades.set("claim", s.sentence_id, s.value, origin=f"analyst (confirmed: {s.reason})",
                           text=sentence.text if sentence else s.text)  # fmt: skip
                confirmed = True
            rows.append({**s.to_json(), "current": current.value if current else None, "confirmed": confirmed})
    finally:
        store.close()  # type: ignore[attr-defined]
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        print("no corroborated claims to suggest a grade for")
    for r in rows:
        now = f"graded {r['current']}" if r["current"] else ("confirmed" if r["confirmed"] else "not graded")
        print(f"{r['suggested']}  {r['sentence_id']}  ({r['reason']}; {now})")
    return 0
