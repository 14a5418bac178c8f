"""The seeds with curated data off: what the glossary found before issue 16 stays found.

``data/seed_actors_before.json`` was written from the detector as it stood before
the generalisation work (curated off, no edits, no cache). Every actor in it must
still be found under its name or an alias, with its type, and every alias it had
(a merge) must still belong to the same actor. New actors are allowed only when
listed in ``REVIEWED_NEW`` after a human look, so junk cannot creep in.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sahel_tui.analysis.actors import detect_actors
from sahel_tui.corpus.loader import load_corpus

HERE = Path(__file__).parent
SEEDS = HERE.parent / "seeds"
# Actors the generalised detector finds on the seeds that the old one did not,
# each reviewed as a real actor (name: why).
REVIEWED_NEW: dict[str, str] = {}


@pytest.fixture(scope="module")
def now() -> list:
    return detect_actors(load_corpus(SEEDS), curated=False, edits=None, cache=None)


def _before() -> list[dict]:
    return json.loads((HERE / "data" / "seed_actors_before.json").read_text(encoding="utf-8"))


def _owner(actors: list, form: str):
    """The actor named ``form``, else the one actor aliased so ("Algiers" is a
    place of its own and also the government's alias under Algeria)."""
    named = [a for a in actors if a.name == form]
    if len(named) == 1:
        return named[0]
    hits = [a for a in actors if form in a.aliases]
    return hits[0] if len(hits) == 1 else None


def _has_alias(actor, form: str) -> bool:
    return form in actor.aliases


def test_every_actor_is_still_found_with_its_type(now: list) -> None:
    for old in _before():
        actor = _owner(now, old["name"])
        assert actor is not None, f"{old['name']} is gone"
        assert actor.type == old["type"], f"{old['name']}: {old['type']} -> {actor.type}"


def test_every_merge_is_still_made(now: list) -> None:
    for old in _before():
        actor = _owner(now, old["name"])
        assert actor is not None
        for alias in old["aliases"]:
            assert _has_alias(actor, alias), f"{alias} no longer belongs to {old['name']}"


def test_no_new_entries_but_reviewed_ones(now: list) -> None:
    known = {old["name"] for old in _before()} | {a for old in _before() for a in old["aliases"]}
    new = {a.name for a in now} - known
    assert new <= set(REVIEWED_NEW), f"unreviewed new actors: {sorted(new - set(REVIEWED_NEW))}"
