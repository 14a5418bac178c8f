"""`sahel-brief actors`: the actor glossary, and the analyst's decisions about it.

    sahel-brief actors [--json] [--no-curated] [--type T] [--article A]
    sahel-brief actors show ACTOR [--json]           every mention in context
    sahel-brief actors rename ACTOR NEW_NAME
    sahel-brief actors merge ACTOR OTHER             OTHER becomes part of ACTOR
    sahel-brief actors split ACTOR ALIAS             ALIAS becomes its own actor
    sahel-brief actors describe ACTOR TEXT...
    sahel-brief actors retype ACTOR TYPE
    sahel-brief actors edits [--json]                the saved decisions
    sahel-brief actors forget N                      drop decision N
"""

from __future__ import annotations

import argparse

from sahel_tui.cli.context import Context, print_json
from sahel_tui.errors import UserError

_TYPES = ("person", "armed_group", "state", "organisation", "party", "place", "other")


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--no-curated", action="store_true", help="ignore the curated glossary (seeds/actors.toml)")
    p = sub.add_parser(
        "actors",
        parents=[parent, common],
        help="who is who: people, armed groups, states, organisations",
        description="List the actors of the corpus (without ACTION), or record a decision about one. "
        "Decisions are saved in the config folder and replayed after every analysis.",
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")
    # Checked in run() rather than with choices=, so a typo gets the one-line error.
    p.add_argument("--type", "-t", metavar="T", help=f"only this type: {', '.join(_TYPES)}")
    p.add_argument("--article", "-a", metavar="A", help="only actors mentioned in article A (id, prefix or number)")
    p.set_defaults(func=run_list)
    actions = p.add_subparsers(dest="action", metavar="ACTION")

    def action(name: str, help_: str) -> argparse.ArgumentParser:
        return actions.add_parser(name, parents=[parent, common], help=help_, description=help_)

    a = action("show", "one actor with every mention in context")
    a.add_argument("actor", metavar="ACTOR", help="id, name or alias")
    a.add_argument("--json", action="store_true", help="machine-readable output")
    a.set_defaults(func=run_show)
    a = action("rename", "give an actor another canonical name")
    a.add_argument("actor", metavar="ACTOR")
    a.add_argument("new_name", metavar="NEW_NAME")
    a.set_defaults(func=run_edit, op="rename")
    a = action("merge", "fold OTHER into ACTOR (one actor written two ways)")
    a.add_argument("actor", metavar="ACTOR")
    a.add_argument("other", metavar="OTHER")
    a.set_defaults(func=run_edit, op="merge")
    a = action("split", "make the mentions written ALIAS a separate actor")
    a.add_argument("actor", metavar="ACTOR")
    a.add_argument("alias", metavar="ALIAS")
    a.set_defaults(func=run_edit, op="split")
    a = action("describe", "set an actor's one-line description")
    a.add_argument("actor", metavar="ACTOR")
    a.add_argument("text", nargs="+", metavar="TEXT")
    a.set_defaults(func=run_edit, op="describe")
    a = action("retype", "set an actor's type")
    a.add_argument("actor", metavar="ACTOR")
    a.add_argument("new_type", metavar="TYPE")
    a.set_defaults(func=run_edit, op="type")
    a = action("edits", "list the saved decisions (stale ones found no actor)")
    a.add_argument("--json", action="store_true", help="machine-readable output")
    a.set_defaults(func=run_edits)
    a = action("forget", "drop a saved decision by its number in `actors edits`")
    a.add_argument("number", metavar="N")
    a.set_defaults(func=run_forget)


def _detect(ctx: Context, edits: bool = True):
    from sahel_tui.analysis.actors import detect_actors
    from sahel_tui.store.actor_edits import load_edits
    from sahel_tui.infrastructure.cache import Cache

    # Detection is pure: the CLI opens the cache and reads the analyst's decisions.
    saved = load_edits() if edits else None
    from sahel_tui.cli.context import progress_bar

    with progress_bar() as bar:
        return detect_actors(ctx.corpus, curated=not ctx.args.no_curated, edits=saved, cache=Cache(), progress=bar)


def run_list(ctx: Context) -> int:
    args = ctx.args
    if args.type is not None and args.type not in _TYPES:
        raise UserError(f"unknown actor type {args.type!r} (one of {', '.join(_TYPES)})")
    article_id = ctx.corpus.get(args.article).id if args.article else None
    actors = _detect(ctx)
    if args.type:
        actors = [a for a in actors if a.type == args.type]
    if article_id:
        for a in actors:
            a.mentions = [m for m in a.mentions if m.article == article_id]
        actors = [a for a in actors if a.mentions]
        actors.sort(key=lambda a: (-len(a.mentions), a.name.casefold()))
    if args.json:
        print_json([a.to_json() for a in actors])
        return 0
    if not actors:
        print("no actors")
        return 0
    width = min(40, max(len(a.name) for a in actors))
    print(f"{'ACTOR':<{width}}  {'TYPE':<12} {'MENTIONS':>8} {'ARTICLES':>8}  ALIASES")
    for a in actors:
        aliases = ", ".join(a.aliases)
        if len(aliases) > 50:
            aliases = aliases[:49] + "…"
        name = a.name if len(a.name) <= width else a.name[: width - 1] + "…"
        print(f"{name:<{width}}  {a.type:<12} {len(a.mentions):>8} {len(a.mentions_by_article()):>8}  {aliases}")
    return 0


def run_show(ctx: Context) -> int:
    from sahel_tui.analysis.actors.decisions import resolve

    actor = resolve(_detect(ctx), ctx.args.actor)
    if ctx.args.json:
        print_json(actor.to_json())
        return 0
    print(f"{actor.name}  [{actor.type}]  id: {actor.id}")
    if actor.aliases:
        print(f"  aliases: {', '.join(actor.aliases)}")
    for alias, reason in sorted(actor.merged.items(), key=lambda kv: kv[0].casefold()):
        print(f"  merged:  {alias} ({reason})")
    if actor.roles:
        print(f"  roles:   {', '.join(actor.roles)}")
    if actor.description:
        print(f"  about:   {actor.description}  ({actor.description_source})")
    print(f"  {len(actor.mentions)} mentions in {len(actor.mentions_by_article())} articles")
    for m in actor.mentions:
        # Context from the mention's own sentence only: a heading or the
        # previous paragraph would read as if it were part of the same line.
        sentence = ctx.corpus.sentence(m.sentence_id)
        s_start = sentence.start if sentence else m.start
        text = sentence.text if sentence else m.surface
        left = text[: m.start - s_start][-40:]
        right = text[m.end - s_start :][:40]
        print(f"  {m.sentence_id:<48} {left:>40}[{m.surface}]{right}")
    return 0


def run_edit(ctx: Context) -> int:
    from sahel_tui.analysis.actors.decisions import check_type, resolve
    from sahel_tui.analysis.actors.tokens import alias_key
    from sahel_tui.store.actor_edits import add_edit, edits_path

    args = ctx.args
    actors = _detect(ctx)
    actor = resolve(actors, args.actor)
    op = args.op
    if op == "rename":
        value = args.new_name.strip()
        if not value:
            raise UserError("the new name is empty")
        message = f"renamed {actor.name!r} to {value!r}"
    elif op == "merge":
        other = resolve(actors, args.other)
        if other is actor:
            raise UserError(f"{args.actor!r} and {args.other!r} are already one actor ({actor.name})")
        value = other.name
        message = f"merged {other.name!r} into {actor.name!r}"
    elif op == "split":
        value = args.alias.strip()
        surfaces = {alias_key(m.surface) for m in actor.mentions}
        if alias_key(value) not in surfaces:
            written = sorted({m.surface for m in actor.mentions})
            raise UserError(f"{actor.name!r} is never written {value!r} (it is written: {', '.join(written[:8])})")
        if len(surfaces) == 1:
            raise UserError(f"every mention of {actor.name!r} is written {value!r}: nothing left to split from")
        message = f"split {value!r} off {actor.name!r}"
    elif op == "describe":
        value = " ".join(args.text).strip()
        message = f"described {actor.name!r}"
    else:
        value = check_type(args.new_type)
        message = f"set type of {actor.name!r} to {value}"
    add_edit(op, actor.name, value)
    print(f"{message} (saved in {edits_path()})")
    return 0


def run_edits(ctx: Context) -> int:
    from sahel_tui.analysis.actors.decisions import apply_edits
    from sahel_tui.store.actor_edits import edits_path, load_edits

    edits = load_edits()
    stale: list = []
    if edits:
        _, stale = apply_edits(_detect(ctx, edits=False), edits)
    if ctx.args.json:
        print_json(
            [
                {"number": i, "op": e.op, "actor": e.actor, "value": e.value, "at": e.at, "stale": e in stale}
                for i, e in enumerate(edits, 1)
            ]
        )
        return 0
    if not edits:
        print(f"no actor decisions saved ({edits_path()})")
        return 0
    for i, e in enumerate(edits, 1):
        print(f"{i:>3}. {e.describe()}{'  (stale: no such actor in this corpus)' if e in stale else ''}")
    return 0


def run_forget(ctx: Context) -> int:
    from sahel_tui.store.actor_edits import remove_edit

    try:
        number = int(ctx.args.number)
    except ValueError:
        raise UserError(f"N must be a decision number from `sahel-brief actors edits`, not {ctx.args.number!r}") from None
    edit = remove_edit(number)
    print(f"forgot: {edit.describe()}")
    return 0
