"""Issue 18: notes never silently move or vanish, and shared files cannot take over.

Fuzzy re-anchoring that would cross a changed fact, review of unconfirmed moves,
renamed sources, far-future imports, import conflicts, nested JSON, and salvage
of a database damaged in two places. All texts are written for these tests.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from sahel_tui.cli import main
from sahel_tui.corpus.loader import load_corpus
from sahel_tui.errors import UserError
from sahel_tui.store import db as dbmod
from sahel_tui.store.anchoring import same_facts
from sahel_tui.store.annotations import AnnotationStore

REPORT = """Night Raid Near Menaka

The army said 12 soldiers were killed in Menaka on Friday night during a raid on an outpost. Officials gave no further details.

Residents said drones were flying over the town for hours after the raid ended. Markets stayed closed on Saturday.

Aid workers in Gao said the road to Ansongo had reopened to traffic after the rains. Convoys left at dawn.
"""


def sentence_with(article, needle: str):
    return next(s for s in article.sentences if needle in s.text)


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "raid.txt").write_text(REPORT, encoding="utf-8")
    return root


@pytest.fixture
def store():
    with AnnotationStore.open() as s:
        yield s


def rewrite(corpus_dir: Path, old: str, new: str) -> None:
    path = corpus_dir / "raid.txt"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


# -- fuzzy re-anchoring never crosses a changed fact -----------------------------------


@pytest.mark.parametrize(
    ("needle", "old", "new"),
    [
        # The case: the sentence is replaced by a near copy with other numbers and days.
        ("12 soldiers", "12 soldiers were killed in Menaka on Friday night", "14 soldiers were killed in Menaka on Sunday night"),
        ("12 soldiers", "12 soldiers", "14 soldiers"),  # a number
        ("12 soldiers", "on Friday night", "on Sunday night"),  # a date
        ("drones", "drones were flying", "drones were not flying"),  # a negation
        ("Ansongo", "road to Ansongo", "road to Bourem"),  # a named entity
    ],
)
def test_a_fuzzy_match_never_crosses_a_change_of_fact(store, corpus_dir, needle: str, old: str, new: str) -> None:
    raid = load_corpus(corpus_dir).get("raid")
    original = sentence_with(raid, needle)
    a = store.add(raid, original.id, note="casualty figure")
    rewrite(corpus_dir, old, new)
    report = store.reanchor(load_corpus(corpus_dir))
    now = store.get(a.id)
    assert report.moved == [] and [r.id for r in report.orphaned] == [a.id]
    assert now.is_orphan and now.quote == original.text and now.exact == original.text


def test_same_facts_allows_reworded_text_only() -> None:
    assert same_facts("Officials in Gao gave 3 figures on Monday.", "Officials in Gao later gave 3 figures on Monday.")
    assert not same_facts("The convoy was attacked.", "The convoy wasn't attacked.")
    assert not same_facts("Two trucks burned in Kidal.", "Three trucks burned in Kidal.")
    assert same_facts("Troops left Ménaka at dawn.", "Troops left Menaka at dawn.")  # accents are not a new name
    assert not same_facts("Talks resumed in March.", "Talks resumed in May.")


def test_a_reworded_sentence_moves_keeps_the_quote_and_waits_for_review(capsys, store, corpus_dir) -> None:
    raid = load_corpus(corpus_dir).get("raid")
    original = sentence_with(raid, "drones")
    a = store.add(raid, original.id, note="eyewitness")
    rewrite(corpus_dir, "drones were flying over the town", "drones were seen flying over the town")
    corpus = load_corpus(corpus_dir)
    report = store.reanchor(corpus)
    assert [r.method for r in report.moved] == ["fuzzy"]
    assert "to review" in report.summary()
    now = store.get(a.id)
    assert now.quote == original.text  # never rewritten
    assert now.exact == sentence_with(corpus.get("raid"), "seen flying").text
    assert now.needs_review and now.to_json()["needs_review"] is True

    code = main(["notes", "list", "--review", "--corpus", str(corpus_dir)])
    out, _ = capsys.readouterr()
    assert code == 0 and a.short_id in out and "REVIEW: unconfirmed move" in out
    assert original.text in out and "now on:" in out

    # The briefing marks it until it is confirmed.
    target = corpus_dir.parent / "b.md"
    assert main(["export", "--corpus", str(corpus_dir), "-o", str(target)]) == 0
    capsys.readouterr()
    assert "Unconfirmed re-anchor" in target.read_text(encoding="utf-8")

    assert main(["notes", "review", a.short_id, "--accept", "--corpus", str(corpus_dir)]) == 0
    capsys.readouterr()
    assert not store.get(a.id).needs_review and store.get(a.id).quote == original.text
    target.unlink()
    assert main(["export", "--corpus", str(corpus_dir), "-o", str(target)]) == 0
    capsys.readouterr()
    assert "Unconfirmed re-anchor" not in target.read_text(encoding="utf-8")


def test_rejecting_a_move_orphans_the_note_and_it_stays_rejected(capsys, store, corpus_dir) -> None:
    raid = load_corpus(corpus_dir).get("raid")
    original = sentence_with(raid, "drones")
    a = store.add(raid, original.id)
    rewrite(corpus_dir, "drones were flying over the town", "drones were seen flying over the town")
    store.reanchor(load_corpus(corpus_dir))
    assert main(["notes", "review", a.short_id, "--reject", "--corpus", str(corpus_dir)]) == 0
    out, _ = capsys.readouterr()
    assert "orphan" in out
    store.reanchor(load_corpus(corpus_dir))
    now = store.get(a.id)
    assert now.is_orphan and now.exact == original.text and not now.needs_review
    with pytest.raises(UserError):
        store.review(a.id, accept=True)  # nothing left to review


# -- renamed and moved sources -------------------------------------------------------------


def test_a_renamed_source_keeps_its_notes_by_content_hash(capsys, store, corpus_dir) -> None:
    raid = load_corpus(corpus_dir).get("raid")
    a = store.add(raid, sentence_with(raid, "Markets").id, note="economy")
    (corpus_dir / "sub").mkdir()
    (corpus_dir / "raid.txt").rename(corpus_dir / "sub" / "menaka-raid.txt")
    corpus = load_corpus(corpus_dir)
    (moved,) = corpus.articles
    assert moved.id != "raid"
    report = store.reanchor(corpus)
    assert [r.method for r in report.relinked] == ["hash"]
    now = store.get(a.id)
    assert now.article_id == moved.id and now.sentence_id == sentence_with(moved, "Markets").id
    assert not now.needs_review
    target = corpus_dir.parent / "b.md"
    assert main(["export", "--corpus", str(corpus_dir), "-o", str(target)]) == 0
    assert "economy" in target.read_text(encoding="utf-8")


def test_an_edited_and_renamed_source_is_found_by_quote_for_review(store, corpus_dir) -> None:
    raid = load_corpus(corpus_dir).get("raid")
    a = store.add(raid, sentence_with(raid, "Markets").id)
    text = (corpus_dir / "raid.txt").read_text(encoding="utf-8") + "\nA late update adds a sentence.\n"
    (corpus_dir / "raid.txt").unlink()
    (corpus_dir / "raid-updated.txt").write_text(text, encoding="utf-8")
    report = store.reanchor(load_corpus(corpus_dir))
    assert [r.method for r in report.relinked] == ["relinked"]
    now = store.get(a.id)
    assert now.article_id == "raid-updated" and now.needs_review


def test_notes_on_a_missing_source_are_warned_about(capsys, store, corpus_dir, tmp_path: Path) -> None:
    raid = load_corpus(corpus_dir).get("raid")
    store.add(raid, sentence_with(raid, "Markets").id)
    (corpus_dir / "raid.txt").write_text("Something Else Entirely\n\nA different text about harvests in Segou.\n", "utf-8")
    (corpus_dir / "raid.txt").rename(corpus_dir / "harvest.txt")
    code = main(["notes", "list", "--corpus", str(corpus_dir)])
    _, err = capsys.readouterr()
    assert code == 0 and "1 annotation(s) are on sources not in this corpus (raid)" in err
    code = main(["export", "--corpus", str(corpus_dir), "-o", str(tmp_path / "b.md")])
    _, err = capsys.readouterr()
    assert "not in this briefing" in err


# -- imports -----------------------------------------------------------------------------


def _w3c_item(store: AnnotationStore, ann_id: str, **changes: object) -> dict:
    item = store.export_w3c([store.get(ann_id)])["first"]["items"][0]
    item.update(changes)
    return item


def test_a_far_future_import_cannot_take_over_a_local_note(tmp_path: Path, store, corpus_dir) -> None:
    raid = load_corpus(corpus_dir).get("raid")
    a = store.add(raid, sentence_with(raid, "Markets").id, note="mine")
    hostile = _w3c_item(store, a.id, modified="9999-12-31T23:59:59.999Z")
    hostile["body"] = [{"type": "TextualBody", "purpose": "commenting", "value": "theirs"}]
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps([hostile]), encoding="utf-8")
    report = store.import_file(path)
    assert report.clamped == 1 and report.conflicts == 1 and report.updated == 0
    local = store.get(a.id)
    assert local.note == "mine"  # the local note stays current
    (copy,) = store.list(review=True)
    assert copy.note == "theirs" and copy.conflict_of == a.id and copy.modified < "9999"
    assert store.import_file(path).conflicts == 0  # importing again adds nothing
    # Every date path still works: edit and delete, no OverflowError.
    store.update(a.id, note="mine, edited")
    store.delete(a.id)
    store.restore(a.id)
    # Settling the conflict: accept takes their text onto the local note, keeps its id.
    store.review(copy.id, accept=True)
    assert store.get(a.id).note == "theirs" and store.list(review=True) == []


def test_a_stored_far_future_timestamp_can_still_be_edited(store, corpus_dir) -> None:
    raid = load_corpus(corpus_dir).get("raid")
    a = store.add(raid, sentence_with(raid, "Markets").id)
    # As an older version stored it, before imports were clamped.
    store._db.conn.execute("UPDATE annotation SET modified = '9999-12-31T23:59:59.999Z' WHERE id = ?", (a.id,))
    assert store.update(a.id, note="edited").note == "edited"
    assert store.delete(a.id).deleted is not None


def test_an_imported_note_still_takes_newer_versions(tmp_path: Path, store, corpus_dir) -> None:
    raid = load_corpus(corpus_dir).get("raid")
    a = store.add(raid, sentence_with(raid, "Markets").id, note="v1")
    path = tmp_path / "v1.json"
    path.write_text(json.dumps(store.export_w3c()), encoding="utf-8")
    other = AnnotationStore.open(tmp_path / "other.sqlite3")
    assert other.import_file(path).added == 1
    store.update(a.id, note="v2")
    path.write_text(json.dumps(store.export_w3c()), encoding="utf-8")
    assert other.import_file(path).updated == 1 and other.get(a.id).note == "v2"
    other.close()


@pytest.mark.parametrize("text", ["[" * 2000 + "]" * 2000, '{"a":' * 3000 + "1" + "}" * 3000], ids=["array", "object"])
def test_deeply_nested_import_is_a_one_line_error(capsys, tmp_path: Path, corpus_dir, text: str) -> None:
    path = tmp_path / "deep.json"
    path.write_text(text, encoding="utf-8")
    code = main(["notes", "import", str(path), "--corpus", str(corpus_dir)])
    _, err = capsys.readouterr()
    assert code != 0
    assert err.startswith("sahel-brief: error:") and "nests deeper than" in err and len(err.strip().splitlines()) == 1


def test_import_limits_on_items_and_size(tmp_path: Path, monkeypatch) -> None:
    from sahel_tui.store import bounded_json

    path = tmp_path / "many.json"
    path.write_text("[" + ",".join(["0"] * 1000) + "]", encoding="utf-8")
    with pytest.raises(UserError, match="more than 100 items"):
        bounded_json.check_shape(path.read_text(), max_items=100)
    with pytest.raises(UserError, match="limit for an import"):
        bounded_json.load_file(path, max_bytes=100)
    # Brackets inside strings are text, not nesting.
    assert bounded_json.check_shape(json.dumps(["[" * 500, "{" * 500])) is None


# -- salvage ----------------------------------------------------------------------------


def _damage_two_leaf_pages(path: Path) -> int:
    """Overwrite two leaf pages of the annotation table; returns how many rows they held."""
    conn = sqlite3.connect(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    leaves = [r[0] for r in conn.execute(
        "SELECT pageno FROM dbstat WHERE name = 'annotation' AND pagetype = 'leaf' ORDER BY path"
    )]  # fmt: skip
    victims = [leaves[len(leaves) // 3], leaves[2 * len(leaves) // 3]]
    lost = sum(conn.execute("SELECT ncell FROM dbstat WHERE pageno = ?", (p,)).fetchone()[0] for p in victims)
    conn.close()
    with path.open("r+b") as fh:
        for p in victims:
            fh.seek((p - 1) * page_size)
            fh.write(b"\xde\xad\xbe\xef" * (page_size // 4))
    return lost


def test_salvage_reads_row_by_row_around_two_bad_pages(tmp_path: Path) -> None:
    path = tmp_path / "damaged.sqlite3"
    store = AnnotationStore.open(path)
    records = [
        {"id": f"00000000-0000-4000-8000-{n:012d}", "article_id": f"doc{n % 7}", "exact": f"Quoted sentence number {n}.",
         "note": f"Note {n}: " + "context " * (n % 5), "created": "2026-01-01T00:00:00.000Z",
         "modified": "2026-01-01T00:00:00.000Z", "tags": ["t"]}
        for n in range(1122)
    ]  # fmt: skip
    assert store.import_data(records).added == 1122
    store.close()
    lost = _damage_two_leaf_pages(path)
    assert 0 < lost < 100
    reopened = AnnotationStore.open(path)
    assert reopened.notice is not None and "recovered" in reopened.notice
    saved = len(reopened.list())
    reopened.close()
    assert saved == 1122 - lost, reopened.notice
    assert dbmod.SCHEMA_VERSION >= 3


@pytest.mark.parametrize(
    "raw",
    ["9999-12-31T23:59:59.999Z", "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "1900-05-01T00:00:00Z"],
)
def test_imported_times_at_the_edges_are_clamped_not_overflowed(raw: str) -> None:
    from sahel_tui.store.w3c import _Clamps, _timestamp

    clamps = _Clamps()
    value = _timestamp(raw, "1970-01-01T00:00:00.000Z", clamps)
    assert clamps.count == 1
    assert "1970-01-01T00:00:00.000Z" <= value < "9999"
    assert len(value) == len("2026-01-01T00:00:00.000Z")
