"""The database file: migrations, damaged or foreign files, read-only folders, full disks."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from sahel_tui.corpus.loader import article_from_text
from sahel_tui.store import db as dbmod
from sahel_tui.store.annotations import AnnotationStore, StoreError
from sahel_tui.store.db import APPLICATION_ID, SCHEMA_VERSION, migrate

TEXT = "Ceasefire Holds\nThe ceasefire held for a third day. Both sides reported no shooting.\nTalks resume next week."


@pytest.fixture
def article():
    return article_from_text(TEXT, "ceasefire")


def first_sentence(article) -> str:
    return article.body_sentences[0].id


def schema(path: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    out = {t: conn.execute(f"PRAGMA table_info({t})").fetchall() for t in tables if not t.startswith("sqlite_")}
    conn.close()
    return out


# -- migrations -------------------------------------------------------------------------


def _v1_file(path: Path) -> None:
    """A database exactly as version 1 of the program left it, with one row of each kind."""
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, target=1)
    rows = [
        ("a1", "ceasefire", "h0", "ceasefire-p2-s1", "ceasefire-p2", 17, 51,
         "The ceasefire held for a third day.", "", " Both", "sentence", None, "claim", "note *1*",
         "ana", "2025-01-01T00:00:00.000Z", "2025-01-02T00:00:00.000Z", 0),
        ("a2", "ceasefire", "h0", "ceasefire-p2-s2", "ceasefire-p2", 52, 81,
         "Lost words.", "", "", "sentence", None, None, "", "ana",
         "2025-01-01T00:00:00.000Z", "2025-01-01T00:00:00.000Z", 1),
        ("a3", None, None, None, None, None, None, None, None, None, "span", "some-actor", None,
         "actor note", "bo", "2025-01-03T00:00:00.000Z", "2025-01-03T00:00:00.000Z", 0),
    ]  # fmt: skip
    conn.executemany(f"INSERT INTO annotation VALUES ({','.join('?' * 18)})", rows)
    conn.executemany("INSERT INTO tag VALUES (?, ?)", [("a1", "mali"), ("a1", "later"), ("a3", "profile")])
    conn.close()


def test_migrations_are_numbered_without_gaps() -> None:
    assert sorted(dbmod.MIGRATIONS) == list(range(1, SCHEMA_VERSION + 1))


@pytest.mark.parametrize("start", range(0, SCHEMA_VERSION))
def test_every_earlier_version_upgrades_to_the_current_schema(tmp_path: Path, start: int) -> None:
    fresh = tmp_path / "fresh.sqlite3"
    AnnotationStore.open(fresh).close()
    old = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(old, isolation_level=None)
    if start:
        migrate(conn, target=start)
    conn.close()
    with AnnotationStore.open(old) as store:
        assert store.notice is None and not store.read_only
    conn = sqlite3.connect(old)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    conn.close()
    assert schema(old) == schema(fresh)


def test_a_v1_file_keeps_every_annotation(tmp_path: Path, article) -> None:
    path = tmp_path / "v1.sqlite3"
    _v1_file(path)
    with AnnotationStore.open(path) as store:
        found = {a.id: a for a in store.list()}
        assert set(found) == {"a1", "a2", "a3"}
        a1, a2, a3 = found["a1"], found["a2"], found["a3"]
        assert (a1.note, a1.tags, a1.category, a1.author) == ("note *1*", ("mali", "later"), "claim", "ana")
        assert (a1.anchor_method, a2.anchor_method, a3.anchor_method) == ("created", "orphan", None)
        assert a1.deleted is None and a3.kind == "actor" and a3.tags == ("profile",)
        assert [a.id for a in store.orphans()] == ["a2"]
        # The upgraded file is fully usable: re-anchoring, adding, undo.
        report = store.reanchor([article])
        assert store.get("a1").content_hash == article.content_hash and not report.orphaned
        store.add(article, first_sentence(article), note="after upgrade")
        assert store.undo() is not None


def test_a_file_from_a_newer_version_is_not_touched(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite3"
    AnnotationStore.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with AnnotationStore.open(path) as store:
        assert store.read_only and "written by a newer sahel-brief" in store.error
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if "newer.sqlite3." in p.name] == []  # nothing moved aside


# -- damaged and foreign files ------------------------------------------------------------


def _moved_aside(folder: Path, label: str) -> list[Path]:
    return sorted(
        p for p in folder.iterdir()
        if p.name.startswith(f"annotations.sqlite3.{label}-") and not p.name.endswith(("-wal", "-shm"))
    )  # fmt: skip


def test_garbage_file_is_moved_aside_and_a_fresh_store_opens(article) -> None:
    path = dbmod.default_path()
    path.parent.mkdir(parents=True)
    garbage = b"this is not a database\x00\xff" * 400
    path.write_bytes(garbage)
    with AnnotationStore.open() as store:
        assert not store.read_only
        assert "damaged" in store.notice and "kept it as annotations.sqlite3.corrupt-" in store.notice
        assert store.list() == []
        store.add(article, first_sentence(article), note="new")
    [kept] = _moved_aside(path.parent, "corrupt")
    assert kept.read_bytes() == garbage  # kept byte for byte, never deleted
    with AnnotationStore.open() as store:
        assert store.notice is None and len(store.list()) == 1


def test_another_programs_database_is_moved_aside(article) -> None:
    path = dbmod.default_path()
    path.parent.mkdir(parents=True)
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE moz_bookmarks (id INTEGER PRIMARY KEY, url TEXT)")
    conn.execute("INSERT INTO moz_bookmarks (url) VALUES ('https://example.org')")
    conn.commit()
    conn.close()
    with AnnotationStore.open() as store:
        assert "foreign" in store.notice and not store.read_only
        store.add(article, first_sentence(article))
    [kept] = _moved_aside(path.parent, "foreign")
    conn = sqlite3.connect(kept)
    assert conn.execute("SELECT url FROM moz_bookmarks").fetchone() == ("https://example.org",)
    conn.close()


def test_damaged_store_is_kept_and_its_readable_annotations_recovered(article) -> None:
    path = dbmod.default_path()
    with AnnotationStore.open() as store:
        originals = {
            a.id: a for a in (store.add(article, first_sentence(article), note=f"note {i} " + "x" * 200, tags=["t"])
                              for i in range(300))
        }  # fmt: skip
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    middle = len(data) // page_size // 2
    data[middle * page_size : middle * page_size + 64] = b"\xa5" * 64  # one page's header scribbled over
    damaged = bytes(data)
    path.write_bytes(damaged)
    with AnnotationStore.open() as store:
        assert store.notice and "was damaged" in store.notice and not store.read_only
        recovered = store.list()
        assert f"recovered {len(recovered)} annotation(s)" in store.notice
        assert 0 < len(recovered) <= 300
        for a in recovered:  # what comes back is whole, not half a row
            assert a == originals[a.id]
    [kept] = _moved_aside(path.parent, "corrupt")
    assert kept.read_bytes() == damaged


# -- read-only and full disks -------------------------------------------------------------


def test_unwritable_database_opens_read_only_with_every_note(monkeypatch, article) -> None:
    with AnnotationStore.open() as store:
        kept = store.add(article, first_sentence(article), category="claim", note="saved before")
    real_connect = dbmod._connect

    def read_only_connect(target, uri=False):
        # What a read-only folder does to SQLite, without needing a non-root user.
        if str(target) == str(dbmod.default_path()):
            return real_connect(Path(target).resolve().as_uri() + "?mode=ro", uri=True)
        return real_connect(target, uri)

    with monkeypatch.context() as patch:
        patch.setattr(dbmod, "_connect", read_only_connect)
        with AnnotationStore.open() as store:
            assert store.read_only and store.error == "the data folder is read-only"
            assert store.list() == [kept]
            with pytest.raises(StoreError, match="read-only"):
                store.add(article, first_sentence(article))
            with pytest.raises(StoreError, match="read-only"):
                store.delete(kept.id)
            changed = article_from_text(TEXT.replace("Ceasefire Holds", "Truce Holds"), "ceasefire")
            report = store.reanchor([changed])
            assert not report.saved and "read-only" in report.error
            # This session still shows the marks in the right place; the file is untouched.
            assert store.get(kept.id).start == kept.start - len("Ceasefire") + len("Truce")
    with AnnotationStore.open() as store:
        assert store.list() == [kept]


def test_data_folder_that_cannot_be_created(tmp_path: Path, article) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    with AnnotationStore.open(blocker / "sub" / "annotations.sqlite3") as store:
        assert store.read_only and "cannot create the data folder" in store.error
        assert store.list() == []
        with pytest.raises(StoreError):
            store.add_actor_note("x", note="y")


def test_full_disk_keeps_what_was_saved(article) -> None:
    with AnnotationStore.open() as store:
        saved = [store.add(article, first_sentence(article), note=f"saved {i}") for i in range(3)]
        conn = store._db.conn
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")  # the disk is full from here on
        with pytest.raises(StoreError, match="disk is full") as info:
            store.add(article, first_sentence(article), note="too big " + "x" * 50_000)
        assert "already saved are safe" in str(info.value)
        assert store.error == "the disk is full"
        assert [a.note for a in store.list()] == [a.note for a in saved]
        conn.execute(f"PRAGMA max_page_count = {pages * 1000}")  # space freed: writing works again
        store.add(article, first_sentence(article), note="after")
        assert store.error is None
    with AnnotationStore.open() as store:
        assert [a.note for a in store.list()] == ["saved 0", "saved 1", "saved 2", "after"]
        assert store._db.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_full_disk_when_opening_gives_a_readable_read_only_store(monkeypatch, article) -> None:
    with AnnotationStore.open() as store:
        kept = store.add(article, first_sentence(article), note="saved before the disk filled up")

    def disk_full(conn: sqlite3.Connection) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    with monkeypatch.context() as patch:
        patch.setattr(dbmod, "_probe_write", disk_full)
        with AnnotationStore.open() as store:
            assert store.read_only and store.error == "the disk is full"
            assert store.list() == [kept]
            with pytest.raises(StoreError, match="read-only: the disk is full"):
                store.update(kept.id, note="lost?")
    with AnnotationStore.open() as store:
        assert store.list() == [kept]
