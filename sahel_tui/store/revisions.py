"""The revision log: every change with the state before it, and undo from it.

Each store session has an id; :func:`undo_last` only walks back that session's
own changes (another analyst's edits are never undone from here), and refuses
when the annotation was changed elsewhere since. Re-anchoring and imports are
logged with no session: kept as history, never undone.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace

from sahel_tui.store import rows
from sahel_tui.store.db import StoreError, utc_now
from sahel_tui.store.records import Annotation

# What update/delete/restore change, and what reattach changes: undo puts back one set,
# so an anchor that re-anchoring has moved since stays where the current text has it.
BODY_FIELDS = ("category", "note", "tags", "deleted")
ANCHOR_FIELDS = (
    "article_id", "content_hash", "sentence_id", "paragraph_id", "start", "end", "exact", "prefix",
    "suffix", "scope", "anchor_method", "anchor_score",
)  # fmt: skip


def record(
    conn: sqlite3.Connection,
    ann_id: str,
    action: str,
    before: Annotation | None,
    after_modified: str | None,
    session: str | None,
) -> None:
    """Log one change (inside the change's own transaction)."""
    conn.execute(
        "INSERT INTO revision (annotation_id, action, session, at, before, after_modified) VALUES (?,?,?,?,?,?)",
        (ann_id, action, session, utc_now(), rows.snapshot(before) if before is not None else None, after_modified),
    )


def can_undo(conn: sqlite3.Connection, session: str) -> bool:
    found = conn.execute("SELECT 1 FROM revision WHERE session = ? AND undone = 0 LIMIT 1", (session,))
    return found.fetchone() is not None


def undo_last(conn: sqlite3.Connection, session: str) -> Annotation | None:
    """Revert ``session``'s latest change not yet undone (inside a write transaction)."""
    rev = conn.execute(
        "SELECT seq, annotation_id, action, before, after_modified FROM revision "
        "WHERE session = ? AND undone = 0 ORDER BY seq DESC LIMIT 1",
        (session,),
    ).fetchone()
    if rev is None:
        return None
    seq, ann_id, action, before, after_modified = rev
    row = conn.execute(rows.SELECT + " WHERE a.id = ?", (ann_id,)).fetchone()
    current = rows.row_to_annotation(row) if row else None
    if action == "purge":
        if current is not None:
            raise StoreError(f"cannot undo: annotation {ann_id[:8]} exists again")
        restored = rows.from_snapshot(before)
        rows.insert(conn, restored)
    elif current is None or current.modified != after_modified:
        raise StoreError(f"cannot undo: annotation {ann_id[:8]} was changed or removed elsewhere since")
    elif action == "add":
        # Undoing an add hides the annotation; it is never destroyed by an undo.
        now = utc_now()
        restored = replace(current, deleted=now, modified=now)
        rows.write(conn, restored)
    else:
        old = rows.from_snapshot(before)
        fields = ANCHOR_FIELDS if action == "reattach" else BODY_FIELDS
        restored = replace(current, modified=old.modified, **{f: getattr(old, f) for f in fields})
        rows.write(conn, restored)
    conn.execute("UPDATE revision SET undone = 1 WHERE seq = ?", (seq,))
    return restored


def last_action(conn: sqlite3.Connection, ann_id: str) -> str | None:
    """The latest logged change to ``ann_id`` other than re-anchoring (which follows the text, not a person)."""
    row = conn.execute(
        "SELECT action FROM revision WHERE annotation_id = ? AND action != 'reanchor' ORDER BY seq DESC LIMIT 1",
        (ann_id,),
    ).fetchone()
    return row[0] if row else None
