"""How an :class:`Annotation` is laid out in the database's tables, and back.

Only the store uses this; the SQL for one annotation row and its tags lives
here so that the store reads as what it does, not how rows are spelled.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from sahel_tui.store.records import Annotation

COLUMNS = (
    "id", "article_id", "content_hash", "sentence_id", "paragraph_id", "pos_start", "pos_end",
    "exact", "prefix", "suffix", "scope", "actor_id", "category", "note", "author", "created",
    "modified", "deleted", "anchor_method", "anchor_score", "original_exact", "review", "conflict_of",
)  # fmt: skip
SELECT = (
    f"SELECT {', '.join('a.' + c for c in COLUMNS)}, "
    "(SELECT json_group_array(tag) FROM (SELECT tag FROM tag WHERE annotation_id = a.id ORDER BY rowid)) "
    "FROM annotation a"
)
ORDER = " ORDER BY a.article_id IS NULL, a.article_id, a.pos_start, a.actor_id, a.created, a.rowid"


def row_to_annotation(row: sqlite3.Row | tuple[Any, ...]) -> Annotation:
    v = dict(zip(COLUMNS, row[: len(COLUMNS)]))
    return Annotation(
        id=v["id"],
        article_id=v["article_id"],
        content_hash=v["content_hash"],
        sentence_id=v["sentence_id"],
        paragraph_id=v["paragraph_id"],
        start=v["pos_start"],
        end=v["pos_end"],
        exact=v["exact"],
        prefix=v["prefix"],
        suffix=v["suffix"],
        scope=v["scope"],
        actor_id=v["actor_id"],
        category=v["category"],
        note=v["note"],
        tags=tuple(json.loads(row[len(COLUMNS)] or "[]")),
        author=v["author"],
        created=v["created"],
        modified=v["modified"],
        deleted=v["deleted"],
        anchor_method=v["anchor_method"],
        anchor_score=v["anchor_score"],
        original_exact=v["original_exact"],
        review=v["review"],
        conflict_of=v["conflict_of"],
    )


def annotation_values(a: Annotation) -> dict[str, Any]:
    return {
        "id": a.id, "article_id": a.article_id, "content_hash": a.content_hash,
        "sentence_id": a.sentence_id, "paragraph_id": a.paragraph_id, "pos_start": a.start,
        "pos_end": a.end, "exact": a.exact, "prefix": a.prefix, "suffix": a.suffix,
        "scope": a.scope, "actor_id": a.actor_id, "category": a.category, "note": a.note,
        "author": a.author, "created": a.created, "modified": a.modified, "deleted": a.deleted,
        "anchor_method": a.anchor_method, "anchor_score": a.anchor_score,
        "original_exact": a.original_exact, "review": a.review, "conflict_of": a.conflict_of,
    }  # fmt: skip


def snapshot(a: Annotation) -> str:
    return json.dumps(a.to_json(), ensure_ascii=False)


def from_snapshot(text: str) -> Annotation:
    d = json.loads(text)
    for key in ("kind", "orphan", "needs_review"):
        d.pop(key, None)
    d["tags"] = tuple(d.get("tags") or ())
    return Annotation(**d)


def unchanged_since(conn: sqlite3.Connection, old: Annotation) -> bool:
    row = conn.execute("SELECT modified, pos_start, content_hash FROM annotation WHERE id = ?", (old.id,)).fetchone()
    return row is not None and tuple(row) == (old.modified, old.start, old.content_hash)


def insert(conn: sqlite3.Connection, a: Annotation) -> None:
    values = annotation_values(a)
    conn.execute(
        f"INSERT INTO annotation ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
        tuple(values.values()),
    )
    write_tags(conn, a)


def write(conn: sqlite3.Connection, a: Annotation) -> None:
    values = annotation_values(a)
    ann_id = values.pop("id")
    conn.execute(
        f"UPDATE annotation SET {', '.join(f'{k} = ?' for k in values)} WHERE id = ?",
        (*values.values(), ann_id),
    )
    write_tags(conn, a)


def write_tags(conn: sqlite3.Connection, a: Annotation) -> None:
    conn.execute("DELETE FROM tag WHERE annotation_id = ?", (a.id,))
    conn.executemany("INSERT INTO tag (annotation_id, tag) VALUES (?, ?)", [(a.id, t) for t in a.tags])
