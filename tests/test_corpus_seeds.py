"""The issue's "Done when" on the bundled seeds, through `sahel-brief read --json`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from sahel_tui.cli import main
from sahel_tui.corpus.loader import load_corpus

SEED_IDS = ["algeria-mali-clash-over-security-strategy", "algeria-mali-dangerous-rift-sahel", "algeria-old-habits-die-hard"]
BOILERPLATE = [
    "Shutterstock",
    "See more from this Author",
    "See more on this Topic",
    "More >",
    "Text contains small changes from the original",
    "is a policy analyst and writer",
    "is a nonresident fellow",
    "tweets at",
    "Morocco-Nigeria Gas Pipeline",
    "Students Must Be Encouraged",
    "The Houthis Are the Only Iran-Aligned Force",
    "A Single Drone Downed near",  # the subtitle (it repeats the lede in Title Case)
]


@pytest.fixture(scope="module")
def reads() -> dict[str, dict]:
    # One CLI run per seed for the whole module; capsys is function-scoped, so capture by hand.
    import contextlib
    import io

    seeds = Path(__file__).resolve().parent.parent / "seeds"
    out: dict[str, dict] = {}
    for seed in SEED_IDS:
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            assert main(["read", seed, "--json", "--corpus", str(seeds)]) == 0
        out[seed] = json.loads(buf.getvalue())
    return out


@pytest.mark.parametrize("seed", SEED_IDS)
def test_no_boilerplate_in_text(reads: dict[str, dict], seed: str) -> None:
    text = reads[seed]["text"]
    for phrase in BOILERPLATE:
        assert phrase not in text, phrase


@pytest.mark.parametrize("seed", SEED_IDS)
def test_offsets_slice_text_back_to_each_sentence(reads: dict[str, dict], seed: str) -> None:
    data = reads[seed]
    text = data["text"]
    assert data["sentences"]
    for s in data["sentences"]:
        assert text[s["start"] : s["end"]] == s["text"]
        assert s["id"] == f"{seed}-p{s['paragraph']}-s{s['number']}"
    for p in data["paragraphs"]:
        assert p["id"] == f"{seed}-p{p['number']}"
        inside = [s for s in data["sentences"] if s["paragraph"] == p["number"]]
        assert inside and inside[0]["start"] == p["start"] and inside[-1]["end"] <= p["end"]


@pytest.mark.parametrize("seed", SEED_IDS)
def test_every_removal_is_listed(reads: dict[str, dict], seeds: Path, seed: str) -> None:
    """Each non-empty source line is in the text or in `removed`: nothing silently lost."""
    data = reads[seed]
    source = (seeds / f"{seed}.txt").read_text(encoding="utf-8")
    kept = set(data["text"].split("\n\n"))
    for r in data["removed"]:
        assert r["reason"] and 0 <= r["before"] <= len(data["text"])
        assert source[r["source_start"] : r["source_end"]].strip() == r["text"]
    removed = {r["text"] for r in data["removed"]}
    for line in source.splitlines():
        line = " ".join(line.split())
        if line:
            assert line in kept or line in removed, line


def test_repeated_paragraph_appears_exactly_once(reads: dict[str, dict]) -> None:
    data = reads["algeria-mali-dangerous-rift-sahel"]
    text = data["text"]
    for quote in [
        "Algeria and Mali share a 1,400-kilometer border and long-standing cultural ties, but their visions for the region have drifted far apart.",
        "On April 1, Algeria shot down a Malian drone it claimed had breached its airspace.",
        "If Algeria continues to act as both gatekeeper and obstructionist, the region will face deeper fragmentation with no credible platform for peace.",
    ]:
        assert text.count(quote) == 1, quote
    # The three-times paragraph stays where it belongs: opening the paragraph it was lifted from.
    border = text.index("Algeria and Mali share a 1,400-kilometer border")
    assert text[border:].startswith(
        "Algeria and Mali share a 1,400-kilometer border and long-standing cultural ties, but their visions "
        "for the region have drifted far apart. Algeria, which brokered"
    )
    reasons = [r["reason"] for r in data["removed"]]
    assert reasons.count("pull-quote repeating the article text") == 4
    assert {"image credit", "editor note", "author bio", "link list", "related headline"} <= set(reasons)


def test_author_box_of_the_third_seed(reads: dict[str, dict]) -> None:
    data = reads["algeria-old-habits-die-hard"]
    assert [r["reason"] for r in data["removed"]] == ["author name", "author bio", "link"]
    headings = [data["text"][p["start"] : p["end"]] for p in data["paragraphs"] if p["kind"] == "heading"]
    assert headings == ["Algeria’s Flawed Approach to Fighting Militancy", "Regional Unrest", "Now What?"]
    assert not [p for p in data["paragraphs"] if p["kind"] == "title"]


def test_first_seed_has_no_boilerplate_and_six_headings(reads: dict[str, dict]) -> None:
    data = reads["algeria-mali-clash-over-security-strategy"]
    assert data["removed"] == []
    kinds = [p["kind"] for p in data["paragraphs"]]
    assert kinds[0] == "title" and kinds.count("heading") == 6


def test_sources_lists_the_seeds_with_honest_metadata(seeds: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sources", "--json", "--corpus", str(seeds)]) == 0
    records = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    assert sorted(records) == SEED_IDS
    clash, rift, habits = (records[i] for i in SEED_IDS)
    assert clash["author"] is None and clash["publisher"] is None and clash["title"].startswith("Algeria and Mali clash")
    assert "title" not in clash["inferred"]
    assert rift["author"] == "Amine Ayoub" and "author" in rift["inferred"] and rift["publisher"] is None
    assert habits["title"] == "In Algeria, old habits die hard" and "title" in habits["inferred"]
    assert habits["publisher"] == "Carnegie" and "publisher" in habits["inferred"]
    assert habits["date_earliest"] == "2013-01-07" and "date_earliest" in habits["inferred"]
    for r in records.values():
        assert r["date"] is None  # no seed states its publication date
        assert r["description"] and set(r["inferred"]) <= set(r["provenance"])
        assert r["words"] > 500 and r["sentences"] > 20


def test_inference_without_the_manifest_agrees(tmp_path: Path, seeds: Path) -> None:
    """The text alone supports the manifest's values (the manifest adds descriptions and wording)."""
    for f in seeds.glob("*.txt"):
        shutil.copy(f, tmp_path / f.name)
    corpus = load_corpus(tmp_path)
    manifest = load_corpus(seeds)
    for bare, curated in zip(corpus.articles, manifest.articles):
        for name in ("title", "author", "publisher", "date_earliest"):
            assert bare.meta.value(name) == curated.meta.value(name), (bare.id, name)
            assert bare.meta.inferred_fields().count(name) == curated.meta.inferred_fields().count(name), (bare.id, name)
        assert bare.text == curated.text


def test_same_input_same_ids_and_cache_round_trip(seeds: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SAHEL_BRIEF_NO_CACHE", raising=False)
    monkeypatch.setenv("SAHEL_BRIEF_CACHE_DIR", str(tmp_path / "cache"))
    cold = load_corpus(seeds)
    assert list((tmp_path / "cache").rglob("*.json")), "the first load fills the cache"
    warm = load_corpus(seeds)
    for a, b in zip(cold.articles, warm.articles):
        assert a.text == b.text and a.paragraphs == b.paragraphs and a.removed == b.removed
        assert a.meta.as_dict() == b.meta.as_dict() and a.meta.author_bio == b.meta.author_bio
    monkeypatch.setenv("SAHEL_BRIEF_NO_CACHE", "1")
    fresh = load_corpus(seeds)
    assert [s.id for a in fresh.articles for s in a.sentences] == [s.id for a in warm.articles for s in a.sentences]


def test_editing_a_file_rebuilds_only_its_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sahel_tui.corpus import pipeline

    monkeypatch.delenv("SAHEL_BRIEF_NO_CACHE", raising=False)  # the seed_corpus fixture sets it session-wide
    monkeypatch.setenv("SAHEL_BRIEF_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "c"
    root.mkdir()
    for i in range(3):
        (root / f"a{i}.txt").write_text(f"Story {i}\n\nSomething happened in place {i}. It mattered.\n")
    load_corpus(root)
    built: list[str] = []
    real = pipeline.build_article
    monkeypatch.setattr(pipeline, "build_article", lambda *a, **k: built.append(a[1]) or real(*a, **k))
    load_corpus(root)
    assert built == []
    (root / "a1.txt").write_text("Story 1\n\nSomething else happened. It mattered more.\n")
    corpus = load_corpus(root)
    assert built == ["a1"]
    assert "Something else happened." in corpus.get("a1").text
