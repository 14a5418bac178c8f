"""The whole comparison kept in the cache: read back it is the same comparison, and never a stale one."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from sahel_tui.analysis.actors import detect_actors
from sahel_tui.analysis.compare import SECTIONS, compare_corpus
from sahel_tui.analysis.compare import stored
from sahel_tui.corpus.loader import load_corpus
from sahel_tui.infrastructure.cache import Cache, _key

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def corpus_dir(grown: Path) -> Path:
    return grown  # (conftest: the seeds and the three articles of tests/data/changes)


def test_a_stored_comparison_reads_back_equal_and_a_changed_input_misses(corpus_dir: Path, tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    corpus = load_corpus(corpus_dir, cache=cache)
    actors = detect_actors(corpus, curated=True, cache=cache)
    result = compare_corpus(corpus, actors=actors, cache=cache)
    # Every kind of record the codec knows is exercised by this corpus.
    assert result.corroborated and result.discrepancies and result.chronology and result.contested and result.attributions
    key = stored.entry_key(corpus, actors, SECTIONS)
    assert stored.store(cache, result, key)
    back = stored.load(cache, load_corpus(corpus_dir, cache=cache), key)
    assert back is not None and back.timings == {} and result.timings
    back.timings = result.timings
    assert back == result and back.to_json() == result.to_json()

    # Any input that the comparison reads changes the key: the texts, the actors, the sections.
    assert stored.entry_key(corpus, actors[1:], SECTIONS) != key
    assert stored.entry_key(corpus, actors, ("corroborated",)) != key
    path = corpus_dir / "gao-convoy-ambush.md"
    path.write_text(path.read_text(encoding="utf-8").replace("killed", "wounded"), encoding="utf-8")
    edited = load_corpus(corpus_dir, cache=cache)
    assert stored.entry_key(edited, actors, SECTIONS)[0] != key[0]


def test_a_damaged_or_foreign_entry_is_a_miss_and_is_dropped(corpus_dir: Path, tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    corpus = load_corpus(corpus_dir, cache=cache)
    result = compare_corpus(corpus, sections=["corroborated", "discrepancies"])
    key = stored.entry_key(corpus, None, ("corroborated", "discrepancies"))
    assert stored.store(cache, result, key)
    good = cache.get_text(stored.KIND, *key)
    assert good is not None
    path = cache._path(stored.KIND, _key(stored.KIND, *key))
    hostile = [
        good[: len(good) // 2],  # torn
        good.replace('{"n":0}', '{"x":0}', 1),  # an unknown tag
        good.replace('"sahel_tui.analysis.compare.Comparison"', '"os.system"', 1),  # another type list
        json.dumps({"types": [], "fields": [], "result": {"@": [0, "rm -rf /"]}}),
        good.replace(f',"{corpus.articles[0].id}-p', f',"{corpus.articles[0].id}-q', 1),  # a sentence not in the corpus
    ]
    for i, text in enumerate(hostile):
        assert text != good, i
        path.write_text(text, encoding="utf-8")
        assert stored.load(cache, corpus, key) is None
        assert not path.exists()  # dropped: the next store rebuilds it


def test_the_export_reads_the_stored_comparison_and_keeps_verdicts_current(corpus_dir: Path, tmp_path: Path, capsys) -> None:
    """Export twice: the second reads the stored comparison and writes the same briefing; a verdict
    given in between shows in the next export (reviews are applied after loading, never stored)."""
    from sahel_tui.cli import main

    def export(name: str) -> str:
        assert main(["--corpus", str(corpus_dir), "export", "-o", str(tmp_path / name), "--no-snapshot"]) == 0
        capsys.readouterr()
        text = (tmp_path / name).read_text(encoding="utf-8")
        return "\n".join(line for line in text.splitlines() if "generated" not in line.lower())

    first = export("a.md")
    entries = list((Cache().root / stored.KIND).rglob("*.json"))
    assert len(entries) == 1
    before = entries[0].stat().st_mtime_ns
    assert export("b.md") == first
    assert entries[0].stat().st_mtime_ns == before  # read, not written again
    assert main(["--corpus", str(corpus_dir), "compare", "--section", "corroborated", "--json"]) == 0
    group = json.loads(capsys.readouterr().out)["corroborated"][0]
    assert group["review"]["status"] == "unreviewed"
    assert main(["compare", "reject", group["id"], "--corpus", str(corpus_dir)]) == 0
    capsys.readouterr()
    # The same sections again: read from the cache, with the verdict given since.
    assert main(["--corpus", str(corpus_dir), "compare", "--section", "corroborated", "--json"]) == 0
    again = {g["id"]: g for g in json.loads(capsys.readouterr().out)["corroborated"]}
    assert again[group["id"]]["review"]["status"] == "rejected"
    assert export("c.md") != first  # a rejected claim is left out of the briefing


def test_the_changes_digest_reads_ids_and_values_of_every_section(corpus_dir: Path, tmp_path: Path) -> None:
    from sahel_tui.export.since import digest

    cache = Cache(tmp_path / "cache")
    corpus = load_corpus(corpus_dir, cache=cache)
    result = compare_corpus(corpus, actors=detect_actors(corpus, curated=True, cache=cache), cache=cache)
    assert result.contested
    data = result.to_json()
    found = digest(result)
    assert [(g["id"], g["sources"], [(m["article"], m["sentence_id"]) for m in g["members"]]) for g in found["corroborated"]] == [
        (g["id"], g["sources"], [(m["article"], m["sentence_id"]) for m in g["members"]]) for g in data["corroborated"]
    ]
    assert [(d["id"], d["a"]["value"], d["b"]["sentence_id"]) for d in found["discrepancies"]] == [
        (d["id"], d["a"]["value"], d["b"]["sentence_id"]) for d in data["discrepancies"]
    ]
    claims = [[(x["article"], x["sentence_id"]) for side in c["sides"] for x in side["claims"]] for c in data["contested"]]
    assert [[(m["article"], m["sentence_id"]) for m in c["members"]] for c in found["contested"]] == claims
    assert all(set(m) == {"article", "sentence_id"} for section in ("corroborated", "contested") for g in found[section] for m in g["members"])


def test_only_the_newest_entries_are_kept(tmp_path: Path) -> None:
    import os

    cache = Cache(tmp_path / "cache")
    for i in range(stored.KEEP + 3):
        cache.put(stored.KIND, f"corpus-{i}", {"i": i})
        path = cache._path(stored.KIND, _key(stored.KIND, f"corpus-{i}", None))
        os.utime(path, ns=(i * 10**9, i * 10**9))
    assert cache.keep_newest(stored.KIND, stored.KEEP) == 3
    assert [cache.get(stored.KIND, f"corpus-{i}") is not None for i in range(stored.KEEP + 3)] == [False] * 3 + [True] * stored.KEEP


def test_large_sections_are_written_in_pieces_and_read_back_equal(corpus_dir: Path, tmp_path: Path) -> None:
    """A similarity matrix and a coverage of many actors (24 and 44 MB at 2,000 articles) are
    written an item at a time; what is read back is the same."""
    from sahel_tui.analysis.compare import Comparison

    corpus = load_corpus(corpus_dir)
    n = stored._PIECE + 8
    result = Comparison(
        articles=[a.id for a in corpus.articles],
        sections=("similarity", "coverage"),
        similarity={"matrix": [[round(i * j / n**2, 3) for j in range(n)] for i in range(n)], "nearest": {str(i): [{"article": "x", "score": 0.5}] for i in range(n)}},
        coverage={"actors": [{"id": f"a{i}", "by_article": {f"art{k}": k for k in range(n)}, "none": None} for i in range(n)], "empty": {}, "edge": [[], {}, [None]]},
        notes=["a note"],
    )
    pieces = list(stored.encode(result))
    assert len(pieces) > n * 2 and max(map(len, pieces)) < 2000
    assert len(pieces) < 20 * n  # a row of numbers is one piece, not one per number
    back = stored.decode("".join(pieces), corpus)
    result.timings = {}
    assert back == result


def test_a_file_name_with_an_undecodable_byte_round_trips(tmp_path: Path) -> None:
    """A file name's undecodable byte (a lone surrogate in the path and what is derived from it)
    neither breaks the key nor the entry."""
    import os

    root = tmp_path / "corpus"
    shutil.copytree(REPO / "seeds", root)
    src = next(root.glob("*.txt"))
    os.rename(bytes(src), bytes(root) + b"/bad\xffname.txt")
    cache = Cache(tmp_path / "cache")
    corpus = load_corpus(root, cache=cache)
    assert any("\udcff" in str(a.path) for a in corpus.articles)
    result = compare_corpus(corpus, sections=["corroborated", "discrepancies", "chronology"])
    key = stored.entry_key(corpus, None, ("corroborated", "discrepancies", "chronology"))
    assert stored.store(cache, result, key)
    back = stored.load(cache, corpus, key)
    assert back is not None and back.articles == result.articles and back.to_json() == {**result.to_json()}


def test_a_corpus_above_the_limit_is_compared_and_not_stored(corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = Cache(tmp_path / "cache")
    corpus = load_corpus(corpus_dir, cache=cache)
    monkeypatch.setattr(stored, "MAX_ARTICLES", len(corpus.articles) - 1)
    calls = []

    def compute():
        calls.append(1)
        return compare_corpus(corpus, sections=["corroborated"])

    for _ in range(2):
        stored.cached_compare(compute, cache, corpus, None, ["corroborated"])
    assert len(calls) == 2 and not (cache.root / stored.KIND).exists()


def test_a_paced_write_leaves_most_of_the_time_to_others(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from sahel_tui.infrastructure import background

    monkeypatch.setattr(background, "share", 0.25)
    slept: list[float] = []
    monkeypatch.setattr(time, "sleep", lambda s: slept.append(s))
    for _ in background.paced(range(3)):
        busy = time.perf_counter() + 0.03
        while time.perf_counter() < busy:
            pass
    assert len(slept) == 3 and all(s >= 0.03 * 3 * 0.9 for s in slept)  # three times the work, after each batch
    monkeypatch.setattr(background, "share", 1.0)
    slept.clear()
    assert list(background.paced(range(3))) == [0, 1, 2] and slept == []


def test_fewer_sections_are_read_from_the_whole_comparison_and_equal_a_comparison_of_them(corpus_dir: Path, tmp_path: Path) -> None:
    """The export asks for all but two sections; after the app's view stored the whole comparison, it reads that."""
    cache = Cache(tmp_path / "cache")
    corpus = load_corpus(corpus_dir, cache=cache)
    actors = detect_actors(corpus, curated=True, cache=cache)
    stored.cached_compare(lambda: compare_corpus(corpus, actors=actors, cache=cache), cache, corpus, actors, None)
    export_sections = [s for s in SECTIONS if s not in ("similarity", "attributions")]
    fresh = compare_corpus(corpus, actors=actors, sections=export_sections, cache=cache)

    def fail() -> object:
        raise AssertionError("computed again: the whole comparison was not read")

    part = stored.cached_compare(fail, cache, corpus, actors, export_sections)  # type: ignore[arg-type]
    assert part.sections == fresh.sections and part.similarity is None and part.attributions is None
    assert part.to_json() == fresh.to_json()
    # A changed corpus is a miss for the part as for the whole.
    path = corpus_dir / "gao-convoy-ambush.md"
    path.write_text(path.read_text(encoding="utf-8").replace("killed", "wounded"), encoding="utf-8")
    edited = load_corpus(corpus_dir, cache=cache)
    with pytest.raises(AssertionError, match="computed again"):
        stored.cached_compare(fail, cache, edited, actors, export_sections)  # type: ignore[arg-type]
