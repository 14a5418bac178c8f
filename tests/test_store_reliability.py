"""Issue 18's smaller store faults, each reproduced: unreadable stores, overwrites,
exit codes, actor ids, full-disk messages, leftover files and config round trips."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from pathlib import Path

import pytest

from sahel_tui.cli import main
from sahel_tui.store import db as dbmod
from sahel_tui.infrastructure.paths import data_dir

REPORT = """Water Points Reopen Near Gao

Engineers reopened four water points near Gao on Tuesday after repairs. Herders said queues had shortened at once.

The district office said two more pumps would follow next month. Traders welcomed the news.
"""


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "water.txt").write_text(REPORT, encoding="utf-8")
    return root


def run(capsys: pytest.CaptureFixture[str], corpus: Path, *args: str) -> tuple[int, str, str]:
    code = main(["notes", *args, "--corpus", str(corpus)])
    out, err = capsys.readouterr()
    return code, out, err


def test_an_unreadable_database_is_an_error_not_an_empty_list(capsys, corpus: Path, tmp_path: Path) -> None:
    db_path = data_dir() / dbmod.DB_NAME
    db_path.mkdir(parents=True)  # the path is a folder: nothing can be read
    code, out, err = run(capsys, corpus, "list")
    assert code != 0
    assert "no annotations" not in out
    assert "sahel-brief: error: cannot read the annotations" in err and len(err.strip().splitlines()) <= 2
    backup = tmp_path / "backup.json"
    backup.write_text('{"good": true}', encoding="utf-8")
    code, _, err = run(capsys, corpus, "export", "-o", str(backup), "--force")
    assert code != 0 and "cannot read the annotations" in err
    assert backup.read_text(encoding="utf-8") == '{"good": true}'


def test_notes_export_refuses_to_overwrite_without_force(capsys, corpus: Path, tmp_path: Path) -> None:
    assert run(capsys, corpus, "add", "water", "--sentence", "p1-s1", "--note", "n")[0] == 0
    target = tmp_path / "briefing.md"
    target.write_text("an existing briefing\n", encoding="utf-8")
    code, _, err = run(capsys, corpus, "export", "--format", "md", "-o", str(target))
    assert code != 0 and "already exists (use --force" in err
    assert target.read_text(encoding="utf-8") == "an existing briefing\n"
    code, _, err = run(capsys, corpus, "export", "--format", "md", "-o", str(target), "--force")
    assert code == 0, err
    assert "# Annotations" in target.read_text(encoding="utf-8")


def test_notes_add_exits_0_after_saving_though_an_unrelated_file_was_skipped(capsys, corpus: Path) -> None:
    (corpus / "gone.txt").symlink_to(corpus / "nowhere.txt")
    code, out, err = run(capsys, corpus, "add", "water", "--sentence", "p1-s1", "--note", "saved")
    assert code == 0, err
    assert out.startswith("added ")
    assert "warning: gone.txt: skipped" in err
    # A read-only command still reports the bad input with 2.
    assert run(capsys, corpus, "list")[0] == 2


def test_notes_add_actor_validates_the_id(capsys, corpus: Path) -> None:
    code, _, err = run(capsys, corpus, "add", "--actor", "no-such-actor-xyz", "--note", "n")
    assert code != 0 and "unknown actor" in err
    code, out, err = run(capsys, corpus, "add", "--actor", "Gao", "--note", "n", "--json")
    assert code == 0, err
    assert json.loads(out)["actor_id"] == "gao"


def test_opening_a_newer_database_leaves_no_wal_or_shm(tmp_path: Path) -> None:
    path = tmp_path / "a.sqlite3"
    dbmod.open_database(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {dbmod.SCHEMA_VERSION + 1}")
    conn.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.sqlite3"]
    opened = dbmod.open_database(path)
    assert opened.read_only and "newer" in (opened.error or "")
    opened.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.sqlite3"]


class _FullDisk:
    """Stands in for a connection on a full disk: the write fails, and then, as SQLite
    does after SQLITE_FULL, there is no transaction left to roll back."""

    def execute(self, sql: str, *args: object) -> None:
        if sql.startswith("PRAGMA application_id"):
            raise sqlite3.OperationalError("database or disk is full")
        if sql == "ROLLBACK":
            raise sqlite3.OperationalError("cannot rollback - no transaction is active")


def test_a_full_disk_at_start_up_is_reported_as_a_full_disk() -> None:
    with pytest.raises(sqlite3.OperationalError) as err:
        dbmod._probe_write(_FullDisk())  # type: ignore[arg-type]
    assert dbmod.describe(err.value) == "the disk is full"


def test_stale_temporary_files_are_swept_by_the_next_write(capsys, corpus: Path, tmp_path: Path) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    stale = [out_dir / f".notes.json.{n:08x}.tmp" for n in range(15)]
    for p in stale:
        p.write_text("", encoding="utf-8")
        old = time.time() - 7200
        os.utime(p, (old, old))
    fresh = out_dir / ".notes.json.ffffffff.tmp"  # a live writer's: too new to touch
    fresh.write_text("", encoding="utf-8")
    code, _, err = run(capsys, corpus, "export", "--format", "json", "-o", str(out_dir / "notes.json"))
    assert code == 0, err
    assert not any(p.exists() for p in stale)
    assert fresh.exists()
    assert sorted(p.name for p in out_dir.iterdir()) == [fresh.name, "notes.json"]


def test_a_failed_export_write_leaves_no_temporary_file(capsys, corpus: Path, tmp_path: Path, monkeypatch) -> None:
    out_dir = tmp_path / "full"
    out_dir.mkdir()
    real_fsync = os.fsync

    def no_space(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    code, _, err = run(capsys, corpus, "export", "-o", str(out_dir / "x.json"))
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert code != 0 and "No space left" in err
    assert list(out_dir.iterdir()) == []


def test_config_save_keeps_comments_and_unknown_keys(tmp_path: Path) -> None:
    from sahel_tui.infrastructure.config import load_config, save_settings

    path = tmp_path / "config.toml"
    path.write_text('# my settings\ntheme = "nord"  # the dark one\nfuture_key = [1, 2]\n', encoding="utf-8")
    save_settings({"ascii": True}, path)
    text = path.read_text(encoding="utf-8")
    assert "# my settings" in text and "# the dark one" in text and "future_key = [1, 2]" in text
    assert "ascii = true" in text
    assert load_config(path, environ={}).config.theme == "nord"
    save_settings({"theme": None}, path)
    assert "theme" not in path.read_text(encoding="utf-8") and "future_key" in path.read_text(encoding="utf-8")


def test_a_broken_config_is_backed_up_not_overwritten(tmp_path: Path) -> None:
    from sahel_tui.infrastructure.config import load_config, save_settings

    path = tmp_path / "config.toml"
    broken = 'theme = "nord\n# half-typed edit\n'
    path.write_text(broken, encoding="utf-8")
    save_settings({"ascii": True}, path)
    backups = list(tmp_path.glob("config.toml.broken-*"))
    assert len(backups) == 1 and backups[0].read_text(encoding="utf-8") == broken
    assert load_config(path, environ={}).config.ascii is True
