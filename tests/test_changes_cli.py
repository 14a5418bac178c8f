"""`sahel-brief changes`: what an export's snapshot records and what changed since, end to end."""

from __future__ import annotations

import json
import lzma
import shutil
import sqlite3
from pathlib import Path

import pytest

from sahel_tui.cli import main

REPO = Path(__file__).resolve().parent.parent
NEW_ARTICLES = REPO / "tests" / "data" / "changes"
EDITED = "algeria-old-habits-die-hard"
BEFORE, AFTER = "who at forty years old", "who at forty-five years old"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    shutil.copytree(REPO / "seeds", root)
    return root


def snapshot_files() -> list[Path]:
    from sahel_tui.store.snapshots import SUFFIX, snapshot_dir

    folder = snapshot_dir()
    return sorted(folder.glob(f"*{SUFFIX}")) if folder.exists() else []


def export(corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str = "brief.md") -> dict:
    code, out, err = run(["--corpus", str(corpus), "export", "-o", str(tmp_path / name), "--json"], capsys)
    assert code == 0, err
    return json.loads(out)


def grow_and_edit(corpus: Path) -> None:
    for f in NEW_ARTICLES.glob("*.md"):
        shutil.copy(f, corpus / f.name)
    path = corpus / f"{EDITED}.txt"
    text = path.read_text(encoding="utf-8")
    assert text.count(BEFORE) == 1
    path.write_text(text.replace(BEFORE, AFTER), encoding="utf-8")


def test_export_records_a_compact_snapshot_and_nothing_changed_yet(corpus: Path, tmp_path: Path, capsys) -> None:
    report = export(corpus, tmp_path, capsys)
    files = snapshot_files()
    assert len(files) == 1 and report["snapshot"] == files[0].name.split(".")[0]
    doc = json.loads(lzma.decompress(files[0].read_bytes()))
    assert doc["format"] == "sahel-brief-snapshot" and doc["version"] >= 1
    assert doc["sources"][0] == report["articles"]  # stored by column: the ids first
    # No copy of the texts: no sentence of any source appears in the snapshot.
    raw = json.dumps(doc, ensure_ascii=False)
    for path in corpus.glob("*.txt"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if len(line) > 80:
                assert line[:80] not in raw
    code, out, err = run(["--corpus", str(corpus), "changes", "--json"], capsys)
    assert code == 0, err
    data = json.loads(out)
    assert data["changes"] == [] and data["since"]["id"] == report["snapshot"]


def test_three_new_articles_and_one_edited_figure_are_exactly_what_changes_shows(corpus: Path, tmp_path: Path, capsys) -> None:
    export(corpus, tmp_path, capsys)
    grow_and_edit(corpus)
    code, out, err = run(["--corpus", str(corpus), "changes", "--json"], capsys)
    assert code == 0, err
    data = json.loads(out)
    changes = data["changes"]
    new_ids = {f.stem for f in NEW_ARTICLES.glob("*.md")}

    def of(section: str, kind: str) -> list[dict]:
        return [c for c in changes if c["section"] == section and c["kind"] == kind]

    assert {c["evidence"][0]["article"] for c in of("sources", "new")} == new_ids
    assert [c["evidence"][0]["article"] for c in of("sources", "edited")] == [EDITED]
    assert of("sources", "removed") == []
    figures = [c for c in changes if c["section"] == "figures"]
    assert len(figures) == 1
    fig = figures[0]
    assert (fig["was"], fig["now"]) == ("forty years", "forty-five years")
    assert fig["evidence"][0]["article"] == EDITED and AFTER.split()[-2] in fig["evidence"][0]["text"]
    # Everything else follows from those four files: no item about an untouched source.
    touched = new_ids | {EDITED}
    for c in changes:
        assert c["evidence"], c
        for e in c["evidence"]:
            assert e["citation"]
            assert e["article"] in touched, c
            if e["sentence_id"]:
                assert e["sentence_id"].startswith(e["article"] + "-") and e["text"]
    # The two Gao reports agree on the toll: a new corroboration citing both.
    new_claims = of("corroborations", "new")
    assert any({e["article"] for e in c["evidence"]} == {"gao-convoy-ambush", "gao-ambush-follow-up"} for c in new_claims)
    assert data["counts"]["sources"] == {"new": 3, "edited": 1}
    # The human output cites too.
    code, out, err = run(["--corpus", str(corpus), "changes"], capsys)
    assert code == 0 and "forty years became forty-five years" in out and f"{EDITED}-p3-s1" in out


def test_since_a_date_or_an_id_and_the_export_section(corpus: Path, tmp_path: Path, capsys) -> None:
    first = export(corpus, tmp_path, capsys)["snapshot"]
    grow_and_edit(corpus)
    code, out, err = run(
        ["--corpus", str(corpus), "export", "-o", str(tmp_path / "b2.md"), "--sections", "changes", "sources"], capsys
    )
    assert code == 0, err
    text = (tmp_path / "b2.md").read_text(encoding="utf-8")
    assert "## Since the last briefing" in text and f"`{first}`" in text and "forty-five years" in text
    # The second export is the latest snapshot now: nothing changed since it...
    code, out, err = run(["--corpus", str(corpus), "changes", "--json"], capsys)
    assert json.loads(out)["changes"] == []
    # ...but the first one can still be chosen, by id or by date.
    code, out, err = run(["--corpus", str(corpus), "changes", "--since", first, "--json"], capsys)
    assert code == 0 and len(json.loads(out)["changes"]) > 4
    code, out, err = run(["--corpus", str(corpus), "changes", "--since", "1999-01-01"], capsys)
    assert code == 2 and err.startswith("sahel-brief: error: no snapshot") and "Traceback" not in err
    code, out, err = run(["--corpus", str(corpus), "changes", "--list", "--json"], capsys)
    assert [s["id"] for s in json.loads(out)][0] == first


def test_no_snapshot_yet_is_a_clear_error(corpus: Path, capsys) -> None:
    code, out, err = run(["--corpus", str(corpus), "changes"], capsys)
    assert code == 2 and err.strip().startswith("sahel-brief: error: no earlier briefing")


def test_a_corrupt_snapshot_is_moved_aside_with_one_warning(corpus: Path, tmp_path: Path, capsys) -> None:
    export(corpus, tmp_path, capsys, "a.md")
    bad = snapshot_files()[0]
    bad.write_bytes(bad.read_bytes()[: len(bad.read_bytes()) // 2])  # a torn write
    code, out, err = run(["--corpus", str(corpus), "changes"], capsys)
    warnings = [line for line in err.splitlines() if "warning" in line]
    assert len(warnings) == 1 and "damaged" in warnings[0] and "moved aside" in warnings[0]
    assert code == 2 and "no earlier briefing" in err
    assert not bad.exists() and list(bad.parent.glob(bad.name + ".corrupt-*"))
    # The next export and changes work as before.
    export(corpus, tmp_path, capsys, "b.md")
    code, out, err = run(["--corpus", str(corpus), "changes", "--json"], capsys)
    assert code == 0 and json.loads(out)["changes"] == [] and "warning" not in err


def test_snapshots_survive_a_schema_upgrade_of_the_database(corpus: Path, tmp_path: Path, capsys) -> None:
    """A snapshot taken with an older annotation database still reads after the database is upgraded."""
    from sahel_tui.store import db

    path = db.default_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id = {db.APPLICATION_ID}")
    db.migrate(conn, target=1)
    conn.close()
    export(corpus, tmp_path, capsys)  # opens the store: the schema goes to SCHEMA_VERSION
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == db.SCHEMA_VERSION
    conn.close()
    grow_and_edit(corpus)
    code, out, err = run(["--corpus", str(corpus), "changes", "--json"], capsys)
    assert code == 0, err
    assert len([c for c in json.loads(out)["changes"] if c["section"] == "figures"]) == 1


def test_an_older_snapshot_format_is_upgraded_and_a_newer_one_left_alone(corpus: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    from sahel_tui.store import snapshots

    export(corpus, tmp_path, capsys)
    path = snapshot_files()[0]
    doc = json.loads(lzma.decompress(path.read_bytes()))
    # Pretend the current format is version+1 with a step that adds a field: the file on disk is then "old".
    seen: list[int] = []

    def step(d: dict) -> dict:
        seen.append(d["version"])
        return {**d, "added_in_next_version": True}

    monkeypatch.setattr(snapshots, "SNAPSHOT_VERSION", doc["version"] + 1)
    monkeypatch.setitem(snapshots.UPGRADES, doc["version"], step)
    listing = snapshots.load_all()
    assert seen == [doc["version"]] and len(listing.snapshots) == 1 and listing.warnings == []
    assert listing.snapshots[0].version == doc["version"] + 1
    monkeypatch.setattr(snapshots, "SNAPSHOT_VERSION", doc["version"])  # (undo() would also drop the scratch folders)
    monkeypatch.delitem(snapshots.UPGRADES, doc["version"])
    # A file from a newer sahel-brief is neither read nor moved.
    doc["version"] += 5
    path.write_bytes(lzma.compress(json.dumps(doc).encode()))
    listing = snapshots.load_all()
    assert listing.snapshots == [] and path.exists() and "newer" in listing.warnings[0]


def test_filters_narrow_every_command_and_the_comparison_says_so(corpus: Path, tmp_path: Path, capsys) -> None:
    grow_and_edit(corpus)
    code, out, err = run(["--corpus", str(corpus), "sources", "--json", "--since", "2026-11-21"], capsys)
    assert code == 0, err
    rows = json.loads(out)
    ids = {r["id"] for r in rows}
    assert {"gao-ambush-follow-up", "menaka-aid-delivery"} <= ids and "gao-convoy-ambush" not in ids
    # A seed known only by bounds ("not before 2020") is placed by them and marked.
    assert any(r["date_placement"] == "bounds" for r in rows)
    code, out, err = run(["--corpus", str(corpus), "compare", "--json", "--publisher", "niger river review", "--publisher", "Sahel Wire Test Desk"], capsys)
    data = json.loads(out)
    assert sorted(data["articles"]) == ["gao-ambush-follow-up", "gao-convoy-ambush"]
    assert data["filter"]["shown"] == 2 and data["filter"]["total"] == 6
    code, out, err = run(["--corpus", str(corpus), "compare", "--publisher", "Niger River Review", "--publisher", "Sahel Wire Test Desk"], capsys)
    assert out.splitlines()[0] == "Filtered (2 of 6 sources (publisher Niger River Review or Sahel Wire Test Desk)): compares only the sources shown"
    code, out, err = run(["--corpus", str(corpus), "sources", "--json", "--tag", "convoys"], capsys)
    assert [r["id"] for r in json.loads(out)] == ["gao-convoy-ambush"]
    code, out, err = run(["--corpus", str(corpus), "keypoints", "--json", "--publisher", "nobody"], capsys)
    assert code == 2 and err.startswith("sahel-brief: error: no source matches the filter")
    code, out, err = run(["--corpus", str(corpus), "sources", "--until", "2026-13"], capsys)
    assert code == 2 and "is not a date" in err
    code, out, err = run(["--corpus", str(corpus), "sources", "--grade", "Z"], capsys)
    assert code == 2 and "not a source grade" in err


def test_a_verdict_whose_item_is_gone_is_listed_to_look_at_again(corpus: Path, tmp_path: Path, capsys) -> None:
    """Confirm the reclassification claim, export, then drop one of its two sources: the next
    `changes` lists the confirmed claim under the verdicts, named by its id."""
    code, out, err = run(["--corpus", str(corpus), "compare", "--section", "corroborated", "--json"], capsys)
    assert code == 0, err
    groups = [g for g in json.loads(out)["corroborated"] if all("terroris" in m["text"] for m in g["members"])]
    assert len(groups) == 1
    group = groups[0]
    assert run(["compare", "confirm", group["id"], "--corpus", str(corpus)], capsys)[0] == 0
    export(corpus, tmp_path, capsys)
    code, out, err = run(["--corpus", str(corpus), "changes", "--json"], capsys)
    assert code == 0 and json.loads(out)["counts"]["verdicts"] == {}, out
    gone = sorted({m["article"] for m in group["members"]})[0]
    next(p for p in corpus.iterdir() if p.stem == gone).unlink()
    code, out, err = run(["--corpus", str(corpus), "changes", "--json"], capsys)
    # The manifest still names the removed file: a warning, so exit status 2 (README), with the report.
    assert code == 2 and "no article file named" in err, err
    report = json.loads(out)
    verdicts = [c for c in report["changes"] if c["section"] == "verdicts"]
    assert [(c["kind"], c["item"], c["verdict"]) for c in verdicts] == [("gone", group["id"], "confirmed")]
    assert "no longer proposed" in verdicts[0]["summary"]


def test_a_version_1_snapshot_reads_after_the_format_change(corpus: Path, tmp_path: Path, capsys) -> None:
    """tests/data/snapshot-v1.json was written by version 1 from the seeds (2026-12-07); after the
    upgrade to version 2 it still tells exactly the three new articles and the one edited figure."""
    from sahel_tui.store.snapshots import SNAPSHOT_VERSION, SUFFIX, load_all, snapshot_dir

    doc = json.loads((REPO / "tests" / "data" / "snapshot-v1.json").read_text(encoding="utf-8"))
    assert doc["version"] == 1 < SNAPSHOT_VERSION
    doc["corpus_root"] = str(corpus.resolve())
    snapshot_dir().mkdir(parents=True, exist_ok=True)
    (snapshot_dir() / f"{doc['id']}{SUFFIX}").write_bytes(lzma.compress(json.dumps(doc).encode("utf-8")))
    listing = load_all()
    assert listing.warnings == [] and [s.version for s in listing.snapshots] == [SNAPSHOT_VERSION]
    grow_and_edit(corpus)
    code, out, err = run(["--corpus", str(corpus), "changes", "--json"], capsys)
    assert code == 0, err
    data = json.loads(out)
    assert data["counts"]["sources"] == {"new": 3, "edited": 1}
    figures = [c for c in data["changes"] if c["section"] == "figures"]
    assert [(c["was"], c["now"]) for c in figures] == [("forty years", "forty-five years")]
    touched = {f.stem for f in NEW_ARTICLES.glob("*.md")} | {EDITED}
    assert all(e["article"] in touched for c in data["changes"] for e in c["evidence"])
    actors = [c for c in data["changes"] if c["section"] == "actors"]
    assert actors and all(c["evidence"][0]["article"] in touched for c in actors)


def test_the_snapshot_encoding_round_trips() -> None:
    """Encode then decode: what changes reads comes back (the context words and actor ids as keys)."""
    from sahel_tui.store import snapshots
    from sahel_tui.store.snapshot_state import (
        ActorState, ClaimState, DiscrepancyState, FigureState, SideState, SourceState, State, actor_key, stem_key,
    )

    fig = FigureState("p1-s0", "count:kill", ("attack", "gao"), 12.0, "12")
    state = State(
        sources=[SourceState("a", "0123abcd", "Title A", "Pub", "2024-05-09", "text"),
                 SourceState("b", "ffff0000", "Title B", "", "2020..2021", "html")],
        claims=[ClaimState(2, 3, (("b", "b-p3-s1"), ("a", "a-p0-s150"), ("zz", "zz-p1-s1"))),
                ClaimState(2, 2, (("a", "a-p2-s4"), ("b", "b-p12-s99")))],
        discrepancies=[DiscrepancyState("count", SideState("a", "a-p1-s0", "12"), SideState("b", "b-p4-s2", "19"))],
        figures={"a": [fig, fig, FigureState("p2-s1", "length", (), 1500.0, "1.5 km")], "b": [fig]},
        actors=[ActorState("mali", "Mali", "country")],
    )
    snap = snapshots.Snapshot("20261207T000000Z", "2026-12-07T00:00:00Z", "/c", "cid", "t", None, None, state)
    back = snapshots._decode(json.loads(json.dumps(snapshots._encode(snap))), None).state
    assert back.sources == state.sources
    assert sorted(map(sorted, (c.sample for c in back.claims))) == sorted(map(sorted, (c.sample for c in state.claims)))
    assert sorted((c.sources, c.members) for c in back.claims) == [(2, 2), (2, 3)]
    assert back.discrepancies == state.discrepancies
    a = back.figures["a"]
    assert [(f.measure, f.value, f.surface) for f in a] == [("count:kill", 12.0, "12")] * 2 + [("length", 1500.0, "1.5 km")]
    assert a[0].context_keys() == frozenset({stem_key("attack"), stem_key("gao")}) == fig.context_keys()
    assert [f.value for f in back.figures["b"]] == [12.0]
    assert back.known_actors() == {actor_key("mali")}
