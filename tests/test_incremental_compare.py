"""A comparison re-run through the cache after articles are added or edited equals a fresh one.

The cache keeps what is computed one article at a time (attributions) and per
group (copy detection), keyed by everything those read; re-running after a
change must redo exactly what the change touched, so its result has to be the
result of a comparison from nothing.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def _gen():
    spec = importlib.util.spec_from_file_location("gen_corpus", REPO / "bench" / "gen_corpus.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _compare(folder: Path, cache, drop: int = 0) -> tuple[str, dict]:
    from sahel_tui.analysis.actors import detect_actors
    from sahel_tui.analysis.compare import compare_corpus
    from sahel_tui.corpus.loader import load_corpus

    corpus = load_corpus(folder)
    # ``drop``: the analyst removed the most mentioned actors from the glossary,
    # which changes what unchanged articles' speakers link to.
    actors = detect_actors(corpus, curated=True)[drop:]
    result = compare_corpus(corpus, actors=actors, cache=cache)
    data = result.to_json()
    return json.dumps(data, sort_keys=True), data


def _same(again: str, fresh: str) -> None:
    """Fail with the first difference only: pytest's diff of two large JSON texts takes minutes."""
    if again != fresh:
        at = next((i for i, (x, y) in enumerate(zip(again, fresh)) if x != y), min(len(again), len(fresh)))
        pytest.fail(f"cached and fresh comparisons differ at {at}: {again[at - 80:at + 80]!r} vs {fresh[at - 80:at + 80]!r}")


def test_cached_rerun_after_adding_and_editing_equals_a_fresh_comparison(tmp_path: Path) -> None:
    from sahel_tui.infrastructure.cache import Cache

    gen = _gen()
    sources = gen.read_sources([REPO / "seeds"])
    generated = gen.generate(sources, 24, seed=5)
    folder = tmp_path / "corpus"
    for rel, text in generated[:20]:
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    cache = Cache(root=tmp_path / "cache", enabled=True)
    cache.enabled = True  # whatever SAHEL_BRIEF_NO_CACHE says: this test is about the cache
    _compare(folder, cache)  # warms the cache
    assert any((tmp_path / "cache" / "attributions").rglob("*.json"))
    assert any((tmp_path / "cache" / "independence").rglob("*.json"))

    # Add four articles, and change a figure and a speaker's words in another.
    for rel, text in generated[20:]:
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    edited = sorted(folder.rglob("*.txt"))[3]
    text = edited.read_text("utf-8")
    edited.write_text(text.replace("1,400", "1,900", 1).replace(" said", " insisted", 1), "utf-8")

    again, data = _compare(folder, cache)
    fresh, _ = _compare(folder, None)
    _same(again, fresh)
    assert data["corroborated"] and data["attributions"]  # the check compared something

    # The glossary changes, no article does.
    again, _ = _compare(folder, cache, drop=2)
    fresh, _ = _compare(folder, None, drop=2)
    _same(again, fresh)


def test_forged_attribution_entries_are_recomputed(tmp_path: Path) -> None:
    """A cache entry of the right outline but the wrong types (a forged file) is a miss, not a record."""
    from sahel_tui.infrastructure.cache import Cache

    gen = _gen()
    folder = tmp_path / "corpus"
    for rel, text in gen.generate(gen.read_sources([REPO / "seeds"]), 6, seed=2):
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    cache = Cache(root=tmp_path / "cache")
    cache.enabled = True
    _compare(folder, cache)
    entries = list((tmp_path / "cache" / "attributions").rglob("*.json"))
    assert entries
    for path in entries:
        path.write_text(json.dumps([["forged"] * 16, [1] * 16]), "utf-8")
    again, _ = _compare(folder, cache)
    fresh, _ = _compare(folder, None)
    _same(again, fresh)
