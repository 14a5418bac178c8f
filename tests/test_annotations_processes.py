"""Several processes on one store: concurrent writers, a writer killed mid-write, a read-only folder."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from sahel_tui.store.annotations import AnnotationStore

# A child process: annotate one sentence N times, printing each number once it is committed.
WRITER = """
import sys
from sahel_tui.corpus.loader import article_from_text
from sahel_tui.store.annotations import AnnotationStore

tag, count = sys.argv[1], int(sys.argv[2])
article = article_from_text("Field Report\\nThe patrol returned at dawn. Nothing was found.", "report")
sentence = article.body_sentences[0].id
store = AnnotationStore.open()
print("ready", flush=True)
for i in range(count):
    store.add(article, sentence, note=f"{tag} {i}", tags=[tag])
    print(i, flush=True)
"""


def _writer(tag: str, count: int, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, tag, str(count)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env or dict(os.environ),
    )


def test_two_processes_adding_at_once_keep_every_note() -> None:
    writers = [_writer("left", 100), _writer("right", 100)]
    for w in writers:
        out, err = w.communicate(timeout=60)
        assert w.returncode == 0, err
    with AnnotationStore.open() as store:
        notes = {a.note for a in store.list()}
        assert notes == {f"{side} {i}" for side in ("left", "right") for i in range(100)}
        assert len(store.list(tag="left")) == len(store.list(tag="right")) == 100


def test_writer_killed_mid_write_loses_at_most_the_note_in_flight() -> None:
    confirmed_total = 0
    for round_, wait_for in enumerate((5, 23, 61)):
        w = _writer(f"round{round_}", 100_000)
        assert w.stdout is not None
        watchdog = threading.Timer(60, w.kill)  # a stuck child fails the test instead of hanging it
        watchdog.start()
        assert w.stdout.readline().strip() == "ready"
        for _ in range(wait_for):
            w.stdout.readline()
        w.send_signal(signal.SIGKILL)
        w.wait(timeout=30)
        watchdog.cancel()
        assert w.returncode == -signal.SIGKILL
        confirmed = wait_for + sum(1 for line in w.stdout.read().splitlines() if line.strip())
        w.stdout.close()
        w.stderr.close()  # type: ignore[union-attr]
        with AnnotationStore.open() as store:
            assert store.notice is None and not store.read_only
            kept = sorted(int(a.note.split()[1]) for a in store.list(tag=f"round{round_}"))
        assert kept == list(range(len(kept)))  # no holes, no duplicates
        assert confirmed <= len(kept) <= confirmed + 1
        confirmed_total += len(kept)
    conn = sqlite3.connect(AnnotationStore.open().path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM annotation").fetchone()[0] == confirmed_total
    conn.close()


READER = """
import json
from sahel_tui.store.annotations import AnnotationStore, StoreError
store = AnnotationStore.open()
out = {"read_only": store.read_only, "error": store.error, "notes": [a.note for a in store.list()]}
try:
    store.add_actor_note("someone", note="new")
    out["write"] = "accepted"
except StoreError as exc:
    out["write"] = str(exc)
print(json.dumps(out))
"""


# Bind-mount the folder read-only in a private mount namespace, then run the command.
_RO_MOUNT = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"'


def _run_in_read_only_folder(folder: Path, code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run ``code`` with ``folder`` read-only: chmod for a normal user; root ignores
    permissions, so for root the folder is mounted read-only (EROFS) instead."""
    command = [sys.executable, "-c", code]
    if os.geteuid() != 0:
        os.chmod(folder, 0o555)
        for f in folder.iterdir():
            os.chmod(f, 0o444)
        return subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    if shutil.which("unshare") and shutil.which("mount"):
        for prefix in (["unshare", "-m"], ["unshare", "-rm"]):
            wrapped = [*prefix, "sh", "-c", _RO_MOUNT, "sh", str(folder), *command]
            proc = subprocess.run(wrapped, env=env, capture_output=True, text=True, timeout=60)
            if proc.returncode == 0 or "Traceback" in proc.stderr:
                return proc
    pytest.skip("running as root without a way to mount a read-only folder (unshare/mount)")


def test_read_only_data_folder_keeps_notes_readable(tmp_path: Path) -> None:
    import json

    data = tmp_path / "data"
    env = dict(os.environ, SAHEL_BRIEF_DATA_DIR=str(data))
    w = _writer("saved", 3, env)
    out, err = w.communicate(timeout=60)
    assert w.returncode == 0, err
    try:
        proc = _run_in_read_only_folder(data, READER, env)
    finally:
        os.chmod(data, 0o755)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["read_only"] and result["error"] == f"the data folder {data} is read-only"
    assert sorted(result["notes"]) == ["saved 0", "saved 1", "saved 2"]
    assert result["write"] == f"annotations are read-only: the data folder {data} is read-only"
    with AnnotationStore.open(data / "annotations.sqlite3") as store:
        assert len(store.list()) == 3  # and nothing was lost on disk
