"""Shared helpers for the actor tests: corpora built from strings, never from the seeds."""

from __future__ import annotations

from pathlib import Path

from sahel_tui.analysis.actors import Actor, detect_actors
from sahel_tui.corpus.loader import article_from_text
from sahel_tui.corpus.model import Corpus


def corpus_of(*texts: str) -> Corpus:
    articles = [article_from_text(t, f"art{i}") for i, t in enumerate(texts, 1)]
    return Corpus(root=Path("."), articles=articles)


def actors_of(*texts: str, curated: bool = False) -> list[Actor]:
    return detect_actors(corpus_of(*texts), curated=curated)


def by_name(actors: list[Actor], name: str) -> Actor:
    for a in actors:
        if a.name == name:
            return a
    raise AssertionError(f"no actor {name!r} in {[a.name for a in actors]}")


def find(actors: list[Actor], form: str) -> Actor | None:
    """The actor called or aliased ``form``."""
    for a in actors:
        if a.name == form or form in a.aliases:
            return a
    return None


def names(actors: list[Actor]) -> set[str]:
    return {a.name for a in actors}
