"""The annotation database file: opening, schema migrations, recovery, read-only mode.

Only the annotation store uses this module. The rules it keeps:

* A file that is not ours (garbage bytes, another program's SQLite database) or
  a damaged one is moved aside with a timestamp, never deleted, and a fresh
  database is started, with what can still be read from a damaged one copied in
  (:mod:`sahel_tui.store.recovery`); :attr:`Database.notice` tells the user.
* When the folder or the file cannot be written, the database is copied into
  memory and opened read-only: every saved annotation stays readable and every
  write raises :class:`StoreError` with the reason, so the app keeps running.
* Every change runs in its own ``BEGIN IMMEDIATE`` transaction under a busy
  timeout, in WAL mode with ``synchronous=FULL`` (a committed note survives a
  power cut, and two SSH sessions can write at once).
* ``PRAGMA user_version`` is the schema version; ``PRAGMA application_id``
  marks the file as ours, which is how a foreign database is told apart.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterator

from sahel_tui.errors import UserError
from sahel_tui.store import recovery

DB_NAME = "annotations.sqlite3"
APPLICATION_ID = 0x53424E54  # "SBNT": marks the file as a sahel-brief annotation store
BUSY_TIMEOUT_S = 10.0

# SQLite primary result codes (sqlite3.Error.sqlite_errorcode & 0xFF).
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14
_SQLITE_NOTADB = 26
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6


class StoreError(UserError):
    """A change could not be saved (read-only store, full disk, locked database)."""


# -- schema ---------------------------------------------------------------------------

# Version 1 as it shipped: kept verbatim so a fresh database walks the same
# path as an upgraded one, and the v1 -> v2 migration is exercised every time.
_V1 = """
CREATE TABLE annotation (
    id           TEXT PRIMARY KEY,
    article_id   TEXT,
    content_hash TEXT,
    sentence_id  TEXT,
    paragraph_id TEXT,
    pos_start    INTEGER,
    pos_end      INTEGER,
    exact        TEXT,
    prefix       TEXT,
    suffix       TEXT,
    scope        TEXT NOT NULL DEFAULT 'sentence',
    actor_id     TEXT,
    category     TEXT,
    note         TEXT NOT NULL DEFAULT '',
    author       TEXT NOT NULL,
    created      TEXT NOT NULL,
    modified     TEXT NOT NULL,
    orphan       INTEGER NOT NULL DEFAULT 0,
    CHECK ((article_id IS NULL) != (actor_id IS NULL))
);
CREATE TABLE tag (
    annotation_id TEXT NOT NULL REFERENCES annotation(id) ON DELETE CASCADE,
    tag           TEXT NOT NULL COLLATE NOCASE,
    PRIMARY KEY (annotation_id, tag)
);
CREATE INDEX annotation_article ON annotation(article_id);
CREATE INDEX annotation_actor ON annotation(actor_id);
CREATE INDEX tag_tag ON tag(tag);
"""

# Version 2: soft delete and an undo log (the notes view needs undo for edit and
# delete), and the anchor's provenance instead of a bare orphan flag (so the UI
# can say "moved by fuzzy match, 86%").
_V2 = """
ALTER TABLE annotation ADD COLUMN deleted TEXT;
ALTER TABLE annotation ADD COLUMN anchor_method TEXT;
ALTER TABLE annotation ADD COLUMN anchor_score REAL;
UPDATE annotation SET anchor_method = CASE
    WHEN actor_id IS NOT NULL THEN NULL
    WHEN orphan THEN 'orphan'
    ELSE 'created' END;
ALTER TABLE annotation DROP COLUMN orphan;
CREATE INDEX annotation_deleted ON annotation(deleted);
CREATE TABLE revision (
    seq            INTEGER PRIMARY KEY AUTOINCREMENT,
    annotation_id  TEXT NOT NULL,
    action         TEXT NOT NULL,
    session        TEXT,
    at             TEXT NOT NULL,
    before         TEXT,
    after_modified TEXT,
    undone         INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX revision_session ON revision(session, undone);
"""

# Version 3 (issue 18): re-anchoring keeps the analyst's original quote and asks
# before a fuzzy move counts; an imported version that conflicts with a local
# edit is kept beside it (conflict_of) for review instead of replacing it.
_V3 = """
ALTER TABLE annotation ADD COLUMN original_exact TEXT;
ALTER TABLE annotation ADD COLUMN review TEXT;
ALTER TABLE annotation ADD COLUMN conflict_of TEXT;
CREATE INDEX annotation_review ON annotation(review)
"""

# Version 4: the analyst's judgement. Admiralty grades (a source's reliability,
# a claim's or note's credibility; see sahel_tui.store.grades) and key
# judgements with their citations (sahel_tui.store.judgements). Kept in this
# database so they are saved, recovered and backed up with the notes.
_V4 = """
CREATE TABLE grade (
    target   TEXT NOT NULL,
    id       TEXT NOT NULL,
    value    TEXT NOT NULL,
    origin   TEXT NOT NULL DEFAULT 'analyst',
    author   TEXT NOT NULL,
    modified TEXT NOT NULL,
    text     TEXT,
    PRIMARY KEY (target, id)
);
CREATE TABLE judgement (
    id         TEXT PRIMARY KEY,
    position   INTEGER NOT NULL,
    text       TEXT NOT NULL,
    term       TEXT NOT NULL,
    confidence TEXT NOT NULL,
    author     TEXT NOT NULL,
    created    TEXT NOT NULL,
    modified   TEXT NOT NULL,
    deleted    TEXT
);
CREATE TABLE judgement_citation (
    judgement_id TEXT NOT NULL REFERENCES judgement(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    target       TEXT NOT NULL,
    text         TEXT,
    PRIMARY KEY (judgement_id, target)
);
"""

# Version 5: the analyst's verdicts on comparison items (a corroboration, a
# discrepancy, a contested claim: any ``kind``), keyed by the item's
# content-derived id, with the evidence digest and sentence keys the verdict
# was given on, so a changed item is shown for review again (sahel_tui.store.verdicts).
_V5 = """
CREATE TABLE verdict (
    kind     TEXT NOT NULL,
    id       TEXT NOT NULL,
    verdict  TEXT NOT NULL,
    digest   TEXT NOT NULL,
    keys     TEXT NOT NULL,
    summary  TEXT NOT NULL DEFAULT '',
    note     TEXT,
    author   TEXT NOT NULL,
    modified TEXT NOT NULL,
    PRIMARY KEY (kind, id)
)
"""

MIGRATIONS: dict[int, str] = {1: _V1, 2: _V2, 3: _V3, 4: _V4, 5: _V5}
SCHEMA_VERSION = max(MIGRATIONS)


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Bring ``conn`` up to ``target``; returns the version it started from.

    Runs in one IMMEDIATE transaction that re-reads the version inside it, so two
    processes opening a new file at once cannot both create the tables.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        start = int(conn.execute("PRAGMA user_version").fetchone()[0])
        for version in range(start + 1, target + 1):
            for statement in _statements(MIGRATIONS[version]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version}")
        if start < target:
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("COMMIT")
    except BaseException:
        try:
            conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass  # already rolled back by SQLite (a full disk): keep the real error
        raise
    return start


def _statements(script: str) -> list[str]:
    # executescript() would COMMIT our transaction; split instead (no ';' in literals).
    return [s.strip() for s in script.split(";") if s.strip()]


# -- errors ---------------------------------------------------------------------------


def describe(exc: BaseException) -> str:
    """One line a user can act on, for a sqlite3 or OS error."""
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(exc)
    if primary == _SQLITE_FULL or "disk is full" in text or getattr(exc, "errno", None) == 28:
        return "the disk is full"
    if primary == _SQLITE_READONLY or "readonly" in text or getattr(exc, "errno", None) in (13, 30):
        return "the data folder is read-only"
    if primary in (_SQLITE_BUSY, _SQLITE_LOCKED) or "locked" in text:
        return f"the database stayed locked by another sahel-brief for {BUSY_TIMEOUT_S:.0f} s"
    if primary == _SQLITE_CANTOPEN:
        return "the database file cannot be opened"
    if primary in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return "the database file is damaged"
    if primary == _SQLITE_IOERR:
        return f"a disk error ({text})"
    return text or type(exc).__name__


def utc_now() -> str:
    """UTC ISO 8601 with milliseconds and a Z, as W3C annotations write it."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


# -- the connection -------------------------------------------------------------------


class Database:
    """One connection, shared by threads under a lock (the UI writes from workers)."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None, read_only: bool) -> None:
        self.conn = conn
        self.path = path
        self.read_only = read_only
        self.error: str | None = None  # why writes are refused, or why the last one failed
        self.notice: str | None = None  # something the user must hear once (a file moved aside)
        # Set when the saved annotations exist but could not be read at all: every
        # read then raises, so an unreadable store is an error, never "no annotations".
        self.unreadable: str | None = None
        self.lock = threading.RLock()

    @contextmanager
    def write(self, *, in_memory_ok: bool = False) -> Iterator[sqlite3.Connection]:
        """One change, one IMMEDIATE transaction; failures become :class:`StoreError`.

        ``in_memory_ok`` lets a read-only store update its in-memory copy (re-anchoring,
        so the reader's marks are right this session) though nothing reaches the disk.
        """
        with self.lock:
            if self.unreadable is not None:
                raise StoreError(f"cannot read the annotations: {self.unreadable}")
            if self.read_only and not in_memory_ok:
                raise StoreError(f"annotations are read-only: {self.error or 'no writable database'}")
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                self.error = describe(exc)
                raise StoreError(f"could not save the annotation: {self.error}") from exc
            try:
                yield self.conn
                self.conn.execute("COMMIT")
            except sqlite3.Error as exc:
                self._rollback()
                self.error = describe(exc)
                raise StoreError(
                    f"could not save the annotation: {self.error} (annotations already saved are safe)"
                ) from exc
            except BaseException:
                self._rollback()
                raise
            if not self.read_only:
                self.error = None

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A consistent snapshot for a multi-statement read; failures become :class:`StoreError`."""
        if self.unreadable is not None:
            raise StoreError(f"cannot read the annotations: {self.unreadable}")
        with self.lock:
            try:
                self.conn.execute("BEGIN")
                try:
                    yield self.conn
                finally:
                    self.conn.execute("COMMIT")
            except sqlite3.Error as exc:
                raise StoreError(f"could not read the annotations: {describe(exc)}") from exc

    def _rollback(self) -> None:
        try:
            self.conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass  # SQLite already rolled back (e.g. after SQLITE_FULL)

    def close(self) -> None:
        with self.lock:
            self.conn.close()


def default_path() -> Path:
    from sahel_tui.infrastructure.paths import data_dir

    return data_dir() / DB_NAME


def open_database(path: Path | None = None) -> Database:
    """Open (creating, migrating or recovering) the database; never raises for the environment."""
    path = Path(path) if path is not None else default_path()
    notice: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return _read_only(path, f"cannot create the data folder {path.parent}: {exc.strerror or exc}")

    moved: Path | None = None
    companions = [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]
    had = {c for c in companions if c.exists()}
    verdict = recovery.inspect(path, APPLICATION_ID, SCHEMA_VERSION, BUSY_TIMEOUT_S) if path.exists() else None
    if verdict is not None and verdict.problem == "newer":
        db = _read_only(path, f"{path} was {verdict.detail}; open it with that version to make changes")
        _remove_new_empty_companions(companions, had)
        return db
    if verdict is not None:
        try:
            moved = recovery.move_aside(path, verdict.problem)
            notice = f"the annotation database {path} was {verdict.detail}; kept it as {moved.name} and started a new one"
        except FileNotFoundError:
            verdict = None  # another sahel-brief moved it aside a moment ago
        except OSError as exc:
            return _empty_read_only(
                path, f"{path} is {verdict.detail} and could not be moved aside ({exc.strerror or exc})",
                unreadable=True,
            )

    conn: sqlite3.Connection | None = None
    try:
        conn = _connect(path)
        _retry_while_busy(lambda: _set_up(conn))
        if moved is not None and verdict is not None and verdict.salvageable:
            saved = recovery.salvage(moved, conn)
            notice = f"{notice}; recovered {saved} annotation(s) from it" if saved else f"{notice}; nothing in it was readable"
    except sqlite3.Error as exc:
        if conn is not None:
            conn.close()
        db = _read_only(path, _unwritable(path) or describe(exc))
        db.notice = notice
        return db
    db = Database(conn, path, read_only=False)
    db.notice = notice
    return db


def _remove_new_empty_companions(companions: list[Path], had: set[Path]) -> None:
    """Remove the -wal/-shm that reading a file we may not change created.

    A read-only SQLite connection to a WAL file creates both and cannot delete
    them on close. They are removed only if they were not there before and the
    WAL holds nothing (0 bytes): then they carry no data, only SQLite's index.
    """
    wal, _ = companions
    if wal in had or not wal.exists():
        return
    try:
        if wal.stat().st_size != 0:
            return  # another process wrote to it meanwhile: it is theirs
        for companion in companions:
            if companion not in had:
                companion.unlink(missing_ok=True)
    except OSError:
        pass


def _set_up(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    migrate(conn)
    _probe_write(conn)


def _retry_while_busy(step: Callable[[], None]) -> None:
    """Run ``step``, retrying while another process holds the file.

    Two processes that open a new file at once both try to switch it to WAL; SQLite
    then fails one at once with SQLITE_BUSY (to avoid a deadlock) instead of waiting
    in the busy handler, so the wait is done here.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    pause = 0.005
    while True:
        try:
            step()
            return
        except sqlite3.OperationalError as exc:
            code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
            if code not in (_SQLITE_BUSY, _SQLITE_LOCKED) or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.2)


def _connect(target: str | Path, uri: bool = False) -> sqlite3.Connection:
    conn = sqlite3.connect(
        target, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False, uri=uri
    )
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _unwritable(path: Path) -> str | None:
    """Name the real cause: SQLite only says it cannot open the WAL file."""
    if not os.access(path.parent, os.W_OK):
        return f"the data folder {path.parent} is read-only"
    if path.exists() and not os.access(path, os.W_OK):
        return f"the annotation database {path} is read-only"
    return None


def _probe_write(conn: sqlite3.Connection) -> None:
    """Fail now, not at the analyst's first note, when the file cannot be written.

    SQLite opens an unwritable file read-only without a word, and BEGIN IMMEDIATE
    still succeeds; only a real write tells. This one rewrites a header value.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("COMMIT")
    except BaseException:
        # After SQLITE_FULL SQLite has already rolled back; a failing ROLLBACK
        # ("no transaction is active") must not replace the real error.
        try:
            conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass
        raise


def _read_only(path: Path, reason: str) -> Database:
    """Copy the saved annotations into memory so they stay readable; refuse writes."""
    mem = _connect(":memory:")
    unreadable: str | None = None
    if path.exists():
        for query in ("?mode=ro", "?immutable=1"):  # immutable: a WAL file in a read-only folder
            try:
                src = sqlite3.connect(path.resolve().as_uri() + query, uri=True, timeout=BUSY_TIMEOUT_S)
                try:
                    src.backup(mem)
                finally:
                    src.close()
                break
            except sqlite3.Error as exc:
                last = describe(exc)
        else:
            reason = f"{reason}; the saved annotations could not be read either ({last})"
            unreadable = f"{path} exists but cannot be read ({last})"
    try:
        if mem.execute("PRAGMA user_version").fetchone()[0] <= SCHEMA_VERSION:
            migrate(mem)  # in memory only: an older file is never changed behind the user's back
    except sqlite3.Error as exc:
        mem.close()
        return _empty_read_only(path, f"{reason}; {describe(exc)}", unreadable=path.exists())
    db = Database(mem, path, read_only=True)
    db.error = reason
    db.unreadable = unreadable
    return db


def _empty_read_only(path: Path, reason: str, unreadable: bool = False) -> Database:
    mem = _connect(":memory:")
    migrate(mem)
    db = Database(mem, path, read_only=True)
    db.error = reason
    if unreadable:
        db.unreadable = reason
    return db

