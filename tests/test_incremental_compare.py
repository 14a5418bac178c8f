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


def _actors(folder: Path, cache, curated: bool = True) -> str:
    from sahel_tui.analysis.actors import detect as D
    from sahel_tui.corpus.loader import load_corpus

    # _detect, not detect_actors: the whole corpus's cached result would hide the per-article reuse.
    actors = D._detect(load_corpus(folder), D.load_curated() if curated else None, cache)
    return json.dumps(D._to_cache(actors), sort_keys=True)


def _write(folder: Path, files: list[tuple[str, str]]) -> None:
    for rel, text in files:
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")


def test_actor_matches_reused_after_adding_and_editing_equal_a_fresh_detection(tmp_path: Path) -> None:
    """Each article's mention matches come from the cache while the names it could match are unchanged."""
    from sahel_tui.infrastructure.cache import Cache

    gen = _gen()
    generated = gen.generate(gen.read_sources([REPO / "seeds"]), 24, seed=5)
    folder = tmp_path / "corpus"
    _write(folder, generated[:20])
    cache = Cache(root=tmp_path / "cache", enabled=True)
    cache.enabled = True
    _actors(folder, cache)
    assert len(list((tmp_path / "cache" / "actors-match").rglob("*.json"))) == 20

    _write(folder, generated[20:])
    edited = sorted(folder.rglob("*.txt"))[3]
    edited.write_text(edited.read_text("utf-8") + "\n\nColonel Zorblat Quenneville of the Tessalit Brigade said so.\n", "utf-8")
    _same(_actors(folder, cache), _actors(folder, None))
    _same(_actors(folder, cache), _actors(folder, None))  # and again, every entry now current
    # Without the curated glossary the names change everywhere: nothing stale may be reused.
    _same(_actors(folder, cache, curated=False), _actors(folder, None, curated=False))
    _same(_actors(folder, cache, curated=True), _actors(folder, None, curated=True))


def test_only_articles_that_could_match_a_new_name_are_matched_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sahel_tui.analysis.actors import detect as D
    from sahel_tui.infrastructure.cache import Cache

    folder = tmp_path / "corpus"
    _write(folder, [
        ("a.txt", "Talks in Kidal\n\nEnvoys met in Kidal on Monday. Later the Kel Adagh Coalition issued a statement.\n"),
        ("b.txt", "Winter in Oslo\n\nThe weather in Oslo was cold on Monday, forecasters said.\n"),
    ])
    cache = Cache(root=tmp_path / "cache", enabled=True)
    cache.enabled = True
    _actors(folder, cache)
    matched: list[str] = []
    real = D.match_chunk

    def counting(clusters, common, articles, store=None):  # type: ignore[no-untyped-def]
        matched.extend(a[0] for a in articles)
        return real(clusters, common, articles, store)

    monkeypatch.setattr(D, "match_chunk", counting)
    _actors(folder, cache)
    assert matched == []  # nothing changed: every article's matches are reused
    _write(folder, [("c.txt", "Coalition warns\n\nThe Kel Adagh Coalition, an armed group, said it would fight. "
                              "Bilal Ag Acherif of the Kel Adagh Coalition spoke in Kidal.\n")])
    again = _actors(folder, cache)
    assert "c" in matched and "b" not in matched, matched  # Oslo's article holds none of the new names' words
    monkeypatch.setattr(D, "match_chunk", real)
    _same(again, _actors(folder, None))


def test_forged_match_entries_are_matched_again(tmp_path: Path) -> None:
    from sahel_tui.infrastructure.cache import Cache

    gen = _gen()
    folder = tmp_path / "corpus"
    _write(folder, gen.generate(gen.read_sources([REPO / "seeds"]), 12, seed=2))
    cache = Cache(root=tmp_path / "cache", enabled=True)
    cache.enabled = True
    fresh = _actors(folder, cache)
    entries = list((tmp_path / "cache" / "actors-match").rglob("*.json"))
    assert entries
    for n, path in enumerate(entries):
        entry = json.loads(path.read_text("utf-8"))
        forged = [
            {**entry, "matches": [["no-such-sentence", True, []]]},
            {**entry, "matches": [[s, b, [["Nobody#7", "Nobody#7", 0, 5, None]]] for s, b, _ in entry["matches"]]},
            {**entry, "words": [[1, 2], [], []]},
            ["not", "an", "entry"],
            {**entry, "matches": [[s, b, [[["place"], ["team", 1], 0, 5, None]]] for s, b, _ in entry["matches"]]},
            {**entry, "matches": [[s, b, [[p, q, i, j, [{"state": "x"}, [1], None, 1, False] if c else c]
                                          for p, q, i, j, c in r]] for s, b, r in entry["matches"]]},
        ][n % 6]
        path.write_text(json.dumps(forged), "utf-8")
    _same(_actors(folder, cache), fresh)


def test_cached_matches_are_reused_by_a_process_with_another_hash_seed(tmp_path: Path) -> None:
    """Pool workers and later runs hash strings differently: the matcher's order must not depend on it.

    The article names states whose gazetteer forms share a first word ("United
    Kingdom", "United Kingdom of Great Britain and Northern Ireland"): their
    order in the table is part of what each article's reuse checks.
    """
    import os
    import subprocess

    folder = tmp_path / "corpus"
    _write(folder, [("a.txt", "Envoys meet\n\nThe United Kingdom of Great Britain and Northern Ireland and the "
                              "United States of America met in Niamey. The United Kingdom and the Republic of Niger "
                              "signed. The Russian Federation and the Islamic Republic of Iran did not.\n")])
    script = (
        "import sys; from pathlib import Path\n"
        "from sahel_tui.analysis.actors import detect as D\n"
        "from sahel_tui.corpus.loader import load_corpus\n"
        "from sahel_tui.infrastructure.cache import Cache\n"
        "cache = Cache(Path(sys.argv[1])); cache.enabled = True\n"
        "D._detect(load_corpus(Path(sys.argv[2])), D.load_curated(), cache)\n"
    )
    root = tmp_path / "cache"
    written: dict[Path, int] = {}
    for seed in ("1", "2", "3", "4", "5"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "SAHEL_BRIEF_WORKERS": "1"}
        subprocess.run([sys.executable, "-c", script, str(root), str(folder)], check=True, env=env, cwd=REPO)
        now = {p: p.stat().st_mtime_ns for p in (root / "actors-match").rglob("*.json")}
        assert len(now) == 1
        if written:
            assert now == written, f"matched again with PYTHONHASHSEED={seed}"
        written = now
