"""The analyst's verdicts on comparison items, in the annotation database (schema version 5).

A verdict confirms or rejects one proposed item (a corroborated group, a
discrepancy, a contested claim...). It is saved with the item's id, evidence
digest and sentence keys, so the next comparison finds it again
(:func:`sahel_tui.analysis.compare.review.apply_verdicts`); like annotations,
it survives restarts and re-analysis and is never lost when the text changes.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from sahel_tui.store.verdict_records import VERDICTS, Evidence, SavedVerdict
from sahel_tui.errors import UserError
from sahel_tui.store.db import Database, utc_now

if TYPE_CHECKING:
    from sahel_tui.store.annotations import AnnotationStore

_COLUMNS = "kind, id, verdict, digest, keys, summary, note, author, modified"


def _row(row: tuple[object, ...]) -> SavedVerdict:
    kind, ident, verdict, digest, keys, summary, note, author, modified = row
    try:
        parsed = frozenset(str(k) for k in json.loads(str(keys)))
    except (ValueError, TypeError):
        parsed = frozenset()  # a damaged key list still keeps the verdict for its exact id
    return SavedVerdict(str(kind), str(ident), str(verdict), str(digest), parsed, str(author), str(modified),
                        str(summary or ""), None if note is None else str(note))


class VerdictStore:
    """Verdicts in the annotation database; every change is one transaction."""

    def __init__(self, db: Database, author: str) -> None:
        self._db = db
        self.author = author

    @classmethod
    def of(cls, store: AnnotationStore) -> VerdictStore:
        return cls(store.database, store.author)

    @property
    def read_only(self) -> bool:
        return self._db.read_only

    def set(self, ev: Evidence, verdict: str, summary: str = "", note: str | None = None) -> SavedVerdict:
        if verdict not in VERDICTS:
            raise UserError(f"a verdict is one of {', '.join(VERDICTS)}, not {verdict!r}")
        now = utc_now()
        with self._db.write() as conn:
            conn.execute(
                f"INSERT INTO verdict ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (kind, id) DO UPDATE SET verdict = excluded.verdict, digest = excluded.digest, "
                "keys = excluded.keys, summary = excluded.summary, note = COALESCE(excluded.note, verdict.note), "
                "author = excluded.author, modified = excluded.modified",
                (ev.kind, ev.id, verdict, ev.digest, json.dumps(sorted(ev.keys)), summary[:500], note, self.author, now),
            )
        return SavedVerdict(ev.kind, ev.id, verdict, ev.digest, ev.keys, self.author, now, summary[:500], note)

    def clear(self, kind: str, ident: str) -> bool:
        """Forget a verdict (the item is unreviewed again); True if there was one."""
        with self._db.write() as conn:
            cur = conn.execute("DELETE FROM verdict WHERE kind = ? AND id = ?", (kind, ident))
        return cur.rowcount > 0

    def list(self, kind: str | None = None) -> list[SavedVerdict]:
        sql = f"SELECT {_COLUMNS} FROM verdict"
        args: tuple[str, ...] = ()
        if kind is not None:
            sql += " WHERE kind = ?"
            args = (kind,)
        with self._db.read() as conn:
            rows = conn.execute(sql + " ORDER BY modified, kind, id", args).fetchall()
        return [_row(r) for r in rows]
