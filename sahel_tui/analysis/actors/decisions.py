"""Replaying analysts' decisions (store/actor_edits.py) over detected actors.

Each decision names its actor by id, name or alias (case-insensitive), so it
finds the same actor after the corpus or the detector changes. A decision
whose actor is gone is *stale*: it is kept on disk and reported, never an error.
"""

from __future__ import annotations

from sahel_tui.analysis.actors.model import TYPES, Actor, slug, sort_actors
from sahel_tui.analysis.actors.tokens import alias_key
from sahel_tui.errors import UserError
from sahel_tui.store.actor_edits import Edit


def find_actor(actors: list[Actor], ref: str) -> Actor | None:
    """The actor ``ref`` names: id first, then name, then alias. None if none or ambiguous."""
    key = alias_key(ref)
    for test in (
        lambda a: a.id == ref,
        lambda a: alias_key(a.name) == key,
        lambda a: key in {alias_key(x) for x in a.aliases},
    ):
        hits = [a for a in actors if test(a)]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            return None
    return None


def resolve(actors: list[Actor], ref: str) -> Actor:
    """Like find_actor, but a clear error for the CLI."""
    actor = find_actor(actors, ref)
    if actor is None:
        key = alias_key(ref)
        many = [a.name for a in actors if key in {alias_key(x) for x in [a.name, *a.aliases]}]
        if len(many) > 1:
            raise UserError(f"actor {ref!r} is ambiguous: {', '.join(many[:5])} (use the id)")
        raise UserError(f"unknown actor {ref!r} (try `sahel-brief actors`)")
    return actor


def apply_edits(actors: list[Actor], edits: list[Edit]) -> tuple[list[Actor], list[Edit]]:
    """The actors after every decision, and the decisions that found no actor."""
    actors = list(actors)
    stale: list[Edit] = []
    for edit in edits:
        if not _apply(actors, edit):
            stale.append(edit)
    unique_ids(actors)
    return sort_actors(actors), stale


def _apply(actors: list[Actor], edit: Edit) -> bool:
    actor = find_actor(actors, edit.actor)
    if actor is None:
        return False
    if edit.op == "rename":
        if not edit.value.strip():
            return False
        if actor.name not in actor.aliases and alias_key(actor.name) != alias_key(edit.value):
            actor.aliases.append(actor.name)
        actor.aliases = [a for a in actor.aliases if alias_key(a) != alias_key(edit.value)]
        actor.name = edit.value.strip()
        actor.id = slug(actor.name)
    elif edit.op == "merge":
        other = find_actor(actors, edit.value)
        if other is None or other is actor:
            return False
        merge_into(actor, other)
        actors.remove(other)
    elif edit.op == "split":
        key = alias_key(edit.value)
        moved = [m for m in actor.mentions if alias_key(m.surface) == key]
        if not moved or len(moved) == len(actor.mentions):
            return False
        actor.mentions = [m for m in actor.mentions if alias_key(m.surface) != key]
        actor.aliases = [a for a in actor.aliases if alias_key(a) != key]
        actor.merged = {a: r for a, r in actor.merged.items() if alias_key(a) != key}  # the split undoes that merge
        actors.append(Actor(slug(edit.value), edit.value, actor.type, [], [], None, None, moved))
    elif edit.op == "describe":
        actor.description = edit.value.strip() or None
        actor.description_source = "analyst" if actor.description else None
    elif edit.op == "type":
        if edit.value not in TYPES:
            return False
        actor.type = edit.value
    else:
        return False
    return True


def merge_into(keep: Actor, other: Actor) -> None:
    """Fold ``other`` into ``keep``: its name becomes an alias, mentions join."""
    for alias in [other.name, *other.aliases]:
        if alias_key(alias) != alias_key(keep.name) and alias_key(alias) not in {alias_key(a) for a in keep.aliases}:
            keep.aliases.append(alias)
    keep.roles += [r for r in other.roles if r not in keep.roles]
    for alias, reason in other.merged.items():
        keep.merged.setdefault(alias, reason)
    if alias_key(other.name) != alias_key(keep.name):
        keep.merged[other.name] = "merged by the analyst"
    if keep.description is None and other.description:
        keep.description, keep.description_source = other.description, other.description_source
    seen = {(m.article, m.start) for m in keep.mentions}
    keep.mentions += [m for m in other.mentions if (m.article, m.start) not in seen]
    keep.mentions.sort(key=lambda m: (m.article, m.start))


def unique_ids(actors: list[Actor]) -> None:
    """Give actors that share a name's slug a -2, -3 suffix, most mentioned first."""
    seen: dict[str, int] = {}
    for a in sorted(actors, key=lambda a: (-len(a.mentions), a.name)):
        base = slug(a.name) if not a.id else a.id
        n = seen.get(base, 0)
        seen[base] = n + 1
        a.id = base if n == 0 else f"{base}-{n + 1}"


def check_type(value: str) -> str:
    if value not in TYPES:
        raise UserError(f"unknown actor type {value!r} (one of {', '.join(TYPES)})")
    return value
