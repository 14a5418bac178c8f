"""A database file that cannot be used as it is: recognised, kept aside, and salvaged.

Nothing here deletes a file. A file that is not ours is renamed with a UTC
timestamp; a damaged file of ours is renamed the same way, and every
annotation that can still be read from it is copied into the fresh database,
so a few bad pages cost the annotations on those pages, not all of them.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from sahel_tui.infrastructure.paths import aside_name

Problem = Literal["foreign", "damaged", "newer"]


@dataclass(frozen=True, slots=True)
class Verdict:
    problem: Problem
    detail: str  # for the user: "damaged (not a readable SQLite database)"
    salvageable: bool  # our own file with readable tables: worth copying rows out


def inspect(path: Path, application_id: int, schema_version: int, timeout: float) -> Verdict | None:
    """None when ``path`` is a healthy database of ours (or empty); else what is wrong."""
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, timeout=timeout)
    except sqlite3.Error:
        return None  # unreadable for permission reasons: the read-only path reports it
    app_id = None
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if app_id != application_id:
            if tables or version:
                return Verdict("foreign", "foreign (another program's database)", salvageable=False)
            return None
        if version > schema_version:
            return Verdict("newer", "written by a newer sahel-brief", salvageable=False)
        if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            return Verdict("damaged", "damaged", salvageable=True)
        return None
    except sqlite3.Error as exc:
        if is_unreadable(exc):
            if app_id == application_id:  # our header is intact: some pages may still be read
                return Verdict("damaged", "damaged", salvageable=True)
            return Verdict("damaged", "damaged (not a readable SQLite database)", salvageable=False)
        return None  # locked, or a transient error: decided when the real connection opens
    finally:
        conn.close()


def is_unreadable(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(exc)
    return primary in (11, 26) or "not a database" in text or "malformed" in text  # CORRUPT, NOTADB


def move_aside(path: Path, problem: Problem) -> Path:
    """Rename the file (and its WAL/SHM companions) with a UTC timestamp; never delete."""
    label = "foreign" if problem == "foreign" else "corrupt"
    target = aside_name(path, label)
    os.replace(path, target)
    for suffix in ("-wal", "-shm"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            try:
                # Same stem as the kept file, so SQLite still finds its WAL when reading it.
                os.replace(companion, target.with_name(target.name + suffix))
            except OSError:
                pass  # the main file is safe; a stray companion is harmless
    return target


def salvage(source: Path, conn: sqlite3.Connection) -> int:
    """Copy every readable annotation (and its tags) from ``source`` into ``conn``; returns how many."""
    try:
        src = sqlite3.connect(source.resolve().as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error:
        return 0
    try:
        annotations = _readable_rows(src, "annotation", key="id")
        tags = _readable_rows(src, "tag", key=("annotation_id", "tag"))
        # Grades and key judgements (schema 3) are the analyst's work too.
        extras = [(table, _readable_rows(src, table, key=key)) for table, key in _ANALYST_TABLES]
    finally:
        src.close()
    columns = {row[1] for row in conn.execute("PRAGMA table_info(annotation)")}
    copied = 0
    conn.execute("BEGIN IMMEDIATE")
    try:
        for record in annotations:
            values = {k: v for k, v in record.items() if k in columns}
            if "anchor_method" not in record:  # a version-1 file: derive it as the migration does
                values["anchor_method"] = (
                    None if record.get("actor_id") is not None else "orphan" if record.get("orphan") else "created"
                )
            cur = conn.execute(
                f"INSERT OR IGNORE INTO annotation ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
                tuple(values.values()),
            )
            copied += cur.rowcount
        for record in tags:
            conn.execute(
                "INSERT OR IGNORE INTO tag (annotation_id, tag) "
                "SELECT ?, ? WHERE EXISTS (SELECT 1 FROM annotation WHERE id = ?)",
                (record.get("annotation_id"), record.get("tag"), record.get("annotation_id")),
            )
        for table, records in extras:
            _copy_rows(conn, table, records)
        conn.execute("COMMIT")
    except sqlite3.Error:
        conn.execute("ROLLBACK")
        return 0
    return copied


# A rowid gap wider than this between readable rows is not probed row by row
# (rowids are assigned in order, so a real gap is a bad page's worth of rows).
MAX_PROBES = 1_000_000

# Tables copied as they are, parents before children: (table, key columns).
_ANALYST_TABLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("grade", ("target", "id")),
    ("judgement", ("id",)),
    ("judgement_citation", ("judgement_id", "target")),
    ("verdict", ("kind", "id")),
)


def _copy_rows(conn: sqlite3.Connection, table: str, records: list[dict[str, object]]) -> None:
    columns = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
    for record in records:
        values = {k: v for k, v in record.items() if k in columns}
        if not values:
            continue
        try:
            conn.execute(
                f"INSERT OR IGNORE INTO {table} ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
                tuple(values.values()),
            )
        except sqlite3.IntegrityError:
            continue  # a citation whose judgement was on a lost page


def _readable_rows(src: sqlite3.Connection, table: str, key: str | tuple[str, ...]) -> list[dict[str, object]]:
    """Every row that can still be read, row by row around the bad pages.

    A scan in rowid order stops at the first bad page, so scanning from both
    ends only gives what lies before the first bad page and after the last
    one (68 of 1,122 notes with two damaged pages). Instead the rowids are
    gathered from every route that still works (both scans and each index,
    which lives on its own pages), then every rowid from the lowest to the
    highest is fetched on its own: a lookup descends the b-tree to one leaf,
    so only the rows on a damaged page are lost.
    """
    found: dict[object, dict[str, object]] = {}
    rowids: set[int] = set()

    def keep(names: list[str], row: tuple[Any, ...]) -> None:
        record = dict(zip(names, row[1:]))
        k = record.get(key) if isinstance(key, str) else tuple(record.get(x) for x in key)
        found.setdefault(k, record)
        rowids.add(row[0])

    for order in ("ASC", "DESC"):
        try:
            cursor = src.execute(f"SELECT rowid, * FROM {table} ORDER BY rowid {order}")
            names = [d[0] for d in cursor.description][1:]
            for row in cursor:
                keep(names, row)
        except sqlite3.Error:
            continue
    try:
        indexes = [r[0] for r in src.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?", (table,))]
    except sqlite3.Error:
        indexes = []
    for index in indexes:
        try:
            for (rowid,) in src.execute(f'SELECT rowid FROM {table} INDEXED BY "{index}" ORDER BY 1'):
                rowids.add(rowid)
        except sqlite3.Error:
            continue
    if not rowids:
        return list(found.values())
    low, high = min(rowids), max(rowids)
    probes = range(low, high + 1) if high - low < MAX_PROBES else sorted(rowids)
    probe_names: list[str] | None = None
    for rowid in probes:
        try:
            cursor = src.execute(f"SELECT rowid, * FROM {table} WHERE rowid = ?", (rowid,))
            row = cursor.fetchone()
        except sqlite3.Error:
            continue  # this row's page is damaged: the rows around it are not
        if row is not None:
            probe_names = probe_names or [d[0] for d in cursor.description][1:]
            keep(probe_names, row)
    return list(found.values())
