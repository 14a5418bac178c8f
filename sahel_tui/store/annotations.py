"""The annotation store: the one module that reads and writes the analyst's annotations.

Usage (one store per process; it is safe to share between threads, and every
method may be called from a worker thread)::

    store = AnnotationStore.open()              # never raises for the environment
    if store.notice: tell_user(store.notice)    # e.g. a damaged file was kept aside
    if store.read_only: tell_user(store.error)  # writes will raise StoreError
    report = store.reanchor(corpus)             # after loading: follow edited sources
    if report.changed: tell_user(report.summary())
    a = store.add(article, "p4-s2", category="claim", note="*why*", tags=["mali"])
    store.update(a.id, note="changed");  store.undo()   # note is "*why*" again
    store.delete(a.id);  store.restore(a.id)            # soft delete, and back

Reading: :meth:`list` (filters: article, tag, category, actor, text, orphans,
deleted), :meth:`get`, :meth:`for_article` (sentence id -> annotations, for the
reader's marks), :meth:`counts_by_article`, :meth:`orphans`, :meth:`tags`,
:meth:`changed_elsewhere` (poll to refresh when another session saved).
Changing: :meth:`add`, :meth:`add_actor_note`, :meth:`update`,
:meth:`reattach`, :meth:`delete`, :meth:`restore`, :meth:`purge`,
:meth:`undo`, :meth:`import_file`. Bad input raises ``UserError``; a change
that cannot be saved raises :class:`StoreError` (a ``UserError``) and leaves
everything already saved as it was.

Every change by this store is logged with the state before it, so
:meth:`undo` steps back through this session's own changes, never another
session's, and refuses when another session changed the annotation since.
"""

from __future__ import annotations

import builtins

import getpass
import json
import os
import sqlite3
import uuid
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Literal

from sahel_tui.errors import UserError
from sahel_tui.store import anchoring, revisions, rows
from sahel_tui.store.db import Database, StoreError, open_database, utc_now
from sahel_tui.store.records import (
    CATEGORIES,
    Annotation,
    ImportReport,
    ReanchorReport,
    ReanchorResult,
    normalize_category,
    normalize_tags,
)

if TYPE_CHECKING:
    from sahel_tui.corpus.model import Article, Corpus

__all__ = [
    "CATEGORIES",
    "Annotation",
    "AnnotationStore",
    "ImportReport",
    "ReanchorReport",
    "ReanchorResult",
    "StoreError",
    "current_user",
]


class _Keep:
    def __repr__(self) -> str:
        return "KEEP"


KEEP: Any = _Keep()  # "leave this field as it is" in update()


def current_user() -> str:
    """The OS user name; annotations record who made them."""
    try:
        return getpass.getuser()
    except Exception:  # no login name and no passwd entry (containers)
        return f"uid-{os.getuid()}" if hasattr(os, "getuid") else "unknown"


class AnnotationStore:
    """Annotations in SQLite under :func:`sahel_tui.infrastructure.paths.data_dir`."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self.session = uuid.uuid4().hex  # undo() only undoes this store's own changes
        self.author = current_user()
        self._data_version: int | None = None

    # -- opening ----------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str | None = None) -> AnnotationStore:
        """Open the store; problems leave it usable (see ``notice``, ``read_only``, ``error``)."""
        return cls(open_database(Path(path) if path is not None else None))

    @property
    def path(self) -> Path | None:
        return self._db.path

    @property
    def database(self) -> Database:
        """The open database, for the stores that share its file (grades, key judgements)."""
        return self._db

    @property
    def read_only(self) -> bool:
        return self._db.read_only

    @property
    def error(self) -> str | None:
        """Why writes are refused, or why the last write failed (None once one succeeds)."""
        return self._db.error

    @property
    def unreadable(self) -> str | None:
        """Why the saved annotations cannot be read at all (every read raises), else None."""
        return self._db.unreadable

    @property
    def notice(self) -> str | None:
        """A one-time message from opening, e.g. that a damaged file was moved aside."""
        return self._db.notice

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> AnnotationStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading ----------------------------------------------------------------------

    def get(self, ref: str) -> Annotation:
        """An annotation by id, ``urn:uuid:`` id, or unique id prefix (4+ characters)."""
        ref = ref.strip().removeprefix("urn:uuid:").lower()
        with self._db.read() as conn:
            row = conn.execute(rows.SELECT + " WHERE a.id = ?", (ref,)).fetchone()
            if row is not None:
                return rows.row_to_annotation(row)
            if len(ref) < 4:
                raise UserError(f"annotation id {ref!r} is too short (give at least 4 characters)")
            found = conn.execute(rows.SELECT + " WHERE a.id LIKE ? ESCAPE '\\' LIMIT 6", (_like_prefix(ref),)).fetchall()
        if len(found) == 1:
            return rows.row_to_annotation(found[0])
        if found:
            raise UserError(f"annotation id {ref!r} is ambiguous: {', '.join(r[0][:8] for r in found[:5])}")
        raise UserError(f"no annotation {ref!r} (try `sahel-brief notes list`)")

    def list(
        self,
        article: str | None = None,
        tag: str | None = None,
        category: str | None = None,
        actor: str | None = None,
        text: str | None = None,
        *,
        orphans: bool | None = None,
        include_deleted: bool = False,
        deleted_only: bool = False,
        review: bool | None = None,
    ) -> list[Annotation]:
        """Annotations in document order; every filter narrows (``text``: any field, no case)."""
        where: list[str] = []
        params: list[Any] = []
        if deleted_only:
            where.append("a.deleted IS NOT NULL")
        elif not include_deleted:
            where.append("a.deleted IS NULL")
        if article is not None:
            where.append("a.article_id = ?")
            params.append(article)
        if actor is not None:
            where.append("a.actor_id = ?")
            params.append(actor)
        if category is not None:
            where.append("a.category = ? COLLATE NOCASE")
            params.append(category.strip())
        if tag is not None:
            where.append("a.id IN (SELECT annotation_id FROM tag WHERE tag = ?)")
            params.append(tag.strip().lstrip("#"))
        if orphans is not None:
            where.append("a.anchor_method IS 'orphan'" if orphans else "a.anchor_method IS NOT 'orphan'")
        if review is not None:
            where.append("a.review IN ('reanchor', 'conflict')" if review else "a.review IS NOT 'conflict'")
        sql = rows.SELECT + (" WHERE " + " AND ".join(where) if where else "") + rows.ORDER
        with self._db.read() as conn:
            found = [rows.row_to_annotation(r) for r in conn.execute(sql, params)]
        if text:
            needle = text.casefold()
            found = [a for a in found if needle in _haystack(a)]
        return found

    def orphans(self) -> builtins.list[Annotation]:
        return self.list(orphans=True)

    def for_article(self, article_id: str) -> dict[str, builtins.list[Annotation]]:
        """The reader's marks: sentence id -> its annotations (orphans left out)."""
        marks: dict[str, list[Annotation]] = {}
        for a in self.list(article=article_id, orphans=False):
            if a.sentence_id:
                marks.setdefault(a.sentence_id, []).append(a)
        return marks

    def counts_by_article(self) -> dict[str, int]:
        """Live annotations (orphans included) per article id, for the sources pane."""
        with self._db.read() as conn:
            counts = conn.execute(
                "SELECT article_id, count(*) FROM annotation WHERE deleted IS NULL AND article_id IS NOT NULL "
                "GROUP BY article_id"
            ).fetchall()
        return dict(counts)

    def changed_elsewhere(self) -> bool:
        """True once per batch of changes another session (or process) has saved since
        the last call: cheap enough to poll from a timer, so the notes view can refresh."""
        with self._db.lock:
            try:
                version = self._db.conn.execute("PRAGMA data_version").fetchone()[0]
            except sqlite3.Error:
                return False
            seen, self._data_version = self._data_version, version
        return seen is not None and version != seen

    def tags(self) -> builtins.list[tuple[str, int]]:
        """Every tag in use with its count, most used first (for completion)."""
        with self._db.read() as conn:
            found = conn.execute(
                "SELECT min(t.tag), count(*) FROM tag t JOIN annotation a ON a.id = t.annotation_id "
                "WHERE a.deleted IS NULL GROUP BY t.tag ORDER BY count(*) DESC, min(t.tag)"
            ).fetchall()
        return [(t, n) for t, n in found]

    # -- changing ---------------------------------------------------------------------

    def add(
        self,
        article: Article,
        sentence_id: str | None = None,
        *,
        category: str | None = None,
        note: str = "",
        tags: Iterable[str] = (),
        start: int | None = None,
        end: int | None = None,
    ) -> Annotation:
        """Annotate a sentence (full id or ``p4-s2``) or a span ``start:end`` of ``article``."""
        anchor, scope = _anchor_for(article, sentence_id, start, end)
        now = utc_now()
        a = Annotation(
            id=str(uuid.uuid4()),
            article_id=article.id,
            content_hash=article.content_hash,
            sentence_id=anchor.sentence_id,
            paragraph_id=anchor.paragraph_id,
            start=anchor.start,
            end=anchor.end,
            exact=anchor.exact,
            prefix=anchor.prefix,
            suffix=anchor.suffix,
            scope=scope,
            actor_id=None,
            category=normalize_category(category),
            note=_note(note),
            tags=normalize_tags(tags),
            author=self.author,
            created=now,
            modified=now,
            anchor_method="created",
            original_exact=anchor.exact,
        )
        with self._db.write() as conn:
            rows.insert(conn, a)
            self._log(conn, a.id, "add", None, a.modified)
        return a

    def add_actor_note(
        self, actor_id: str, note: str = "", tags: Iterable[str] = (), *, category: str | None = None
    ) -> Annotation:
        """A note on an actor (``sahel_tui.analysis.actors.Actor.id``): no place in a text."""
        actor_id = actor_id.strip()
        if not actor_id:
            raise UserError("an actor note needs an actor id")
        now = utc_now()
        a = Annotation(
            id=str(uuid.uuid4()), article_id=None, content_hash=None, sentence_id=None, paragraph_id=None,
            start=None, end=None, exact=None, prefix=None, suffix=None, scope="span", actor_id=actor_id,
            category=normalize_category(category), note=_note(note), tags=normalize_tags(tags),
            author=self.author, created=now, modified=now,
        )  # fmt: skip
        with self._db.write() as conn:
            rows.insert(conn, a)
            self._log(conn, a.id, "add", None, a.modified)
        return a

    def update(
        self,
        ref: str,
        *,
        category: str | None = KEEP,
        note: str = KEEP,
        tags: Iterable[str] = KEEP,
        add_tags: Iterable[str] = (),
        remove_tags: Iterable[str] = (),
    ) -> Annotation:
        """Change the body of an annotation; ``category=None`` clears it."""

        def change(a: Annotation) -> dict[str, Any]:
            new_tags = list(a.tags if tags is KEEP else normalize_tags(tags))
            drop = {t.casefold() for t in normalize_tags(remove_tags)}
            new_tags = [t for t in new_tags if t.casefold() not in drop]
            return {
                "category": a.category if category is KEEP else normalize_category(category),
                "note": a.note if note is KEEP else _note(note),
                "tags": normalize_tags([*new_tags, *normalize_tags(add_tags)]),
            }

        return self._change(ref, "update", change)

    def reattach(
        self,
        ref: str,
        article: Article,
        sentence_id: str | None = None,
        *,
        start: int | None = None,
        end: int | None = None,
    ) -> Annotation:
        """Give an annotation (typically an orphan) a new place in ``article``."""
        anchor, scope = _anchor_for(article, sentence_id, start, end)

        def change(a: Annotation) -> dict[str, Any]:
            if a.actor_id is not None:
                raise UserError(f"annotation {a.short_id} is a note on an actor; it has no place in a text")
            return {
                "article_id": article.id, "content_hash": article.content_hash,
                "sentence_id": anchor.sentence_id, "paragraph_id": anchor.paragraph_id,
                "start": anchor.start, "end": anchor.end, "exact": anchor.exact, "prefix": anchor.prefix,
                "suffix": anchor.suffix, "scope": scope, "anchor_method": "reattached", "anchor_score": None,
                # Placed by hand: the analyst's new choice is the quote from now on.
                "original_exact": anchor.exact, "review": None,
            }  # fmt: skip

        return self._change(ref, "reattach", change)

    def delete(self, ref: str) -> Annotation:
        """Soft delete: hidden everywhere, kept until :meth:`purge`; :meth:`restore` brings it back."""
        return self._change(ref, "delete", lambda a: {"deleted": utc_now()} if a.deleted is None else {})

    def restore(self, ref: str) -> Annotation:
        return self._change(ref, "restore", lambda a: {"deleted": None})

    def purge(self, ref: str) -> None:
        """Remove a deleted annotation for good (its last state stays in the undo log)."""
        a = self.get(ref)
        if a.deleted is None:
            raise UserError(f"annotation {a.short_id} is not deleted; delete it first")
        with self._db.write() as conn:
            conn.execute("DELETE FROM annotation WHERE id = ?", (a.id,))
            self._log(conn, a.id, "purge", a, None)

    def can_undo(self) -> bool:
        with self._db.read() as conn:
            return revisions.can_undo(conn, self.session)

    def undo(self) -> Annotation | None:
        """Revert this store's latest change not yet undone; None when there is none.

        Refuses (StoreError) when another session changed the annotation since, so an
        undo never overwrites someone else's work.
        """
        with self._db.write() as conn:
            return revisions.undo_last(conn, self.session)

    def review(self, ref: str, accept: bool) -> Annotation:
        """Settle what waits for the analyst (``Annotation.needs_review``).

        An unconfirmed re-anchor: accepting keeps the new place; rejecting makes
        the note an orphan again at its original quote, and only the exact words
        may place it from then on. An imported conflict copy: accepting puts its
        note, category and tags on the local annotation (undoable) and retires
        the copy; rejecting retires the copy. The local note's id never changes.
        """
        a = self.get(ref)
        if a.review == "reanchor":
            if accept:
                return self._change(a.id, "review", lambda x: {"review": None})
            return self._change(
                a.id, "review",
                lambda x: {"review": "rejected", "anchor_method": "orphan", "anchor_score": None,
                           "exact": x.quote, "start": None, "end": None},
            )  # fmt: skip
        if a.review == "conflict" and a.conflict_of:
            if accept:
                self._change(
                    a.conflict_of, "review", lambda x: {"note": a.note, "category": a.category, "tags": a.tags}
                )
            return self._change(a.id, "review", lambda x: {"review": None, "deleted": x.deleted or utc_now()})
        raise UserError(f"annotation {a.short_id} has nothing to review")

    # -- re-anchoring -----------------------------------------------------------------

    def reanchor(self, articles: Corpus | Iterable[Article]) -> ReanchorReport:
        """Follow every annotation into the current text of its article.

        Cheap when nothing changed (one slice comparison each). Annotations on
        articles not in ``articles`` are left alone and listed in
        ``missing_articles``. Orphans are retried, so an undone edit brings them back.
        """
        by_id = {a.id: a for a in (articles.articles if hasattr(articles, "articles") else articles)}
        report, updates = anchoring.plan_reanchor(self.list(), by_id)
        if updates:
            if self.read_only:
                report.saved, report.error = False, f"annotations are read-only: {self.error}"
            try:
                with self._db.write(in_memory_ok=True) as conn:
                    for old, new in updates:
                        # Optimistic: a row another session changed meanwhile is left for next time.
                        if rows.unchanged_since(conn, old):
                            rows.write(conn, new)
                            self._log(conn, old.id, "reanchor", old, new.modified, session=None)
            except StoreError as exc:
                report.saved, report.error = False, str(exc)
        return report

    # -- import / export --------------------------------------------------------------

    def export_w3c(self, annotations: Iterable[Annotation] | None = None) -> dict[str, Any]:
        """A W3C AnnotationCollection (JSON-LD) of the live annotations."""
        from sahel_tui.store import w3c

        return w3c.collection(self.list() if annotations is None else list(annotations))

    def import_file(self, path: Path | str) -> ImportReport:
        """Merge a W3C JSON-LD or ``notes list --json`` file; importing it twice adds nothing."""
        from sahel_tui.store.bounded_json import load_file

        data = load_file(Path(path))  # limits on size, depth and items: a shared file is untrusted
        return self.import_data(data)

    def import_data(self, data: object) -> ImportReport:
        """Merge parsed annotations: new ids are added, newer ``modified`` wins, the rest is left."""
        from sahel_tui.store import w3c

        items, report = w3c.parse(data)
        if not items:
            return report
        with self._db.write() as conn:
            for incoming in items:
                row = conn.execute(rows.SELECT + " WHERE a.id = ?", (incoming.id,)).fetchone()
                if row is None:
                    rows.insert(conn, incoming)
                    self._log(conn, incoming.id, "import", None, incoming.modified, session=None)
                    report.added += 1
                    continue
                local = rows.row_to_annotation(row)
                if incoming.modified <= local.modified or _same_content(local, incoming):
                    report.unchanged += 1
                elif revisions.last_action(conn, local.id) == "import":
                    # The local copy is itself an import nobody edited here: a newer version updates it.
                    rows.write(conn, replace(incoming, review=local.review, conflict_of=local.conflict_of))
                    self._log(conn, incoming.id, "import", local, incoming.modified, session=None)
                    report.updated += 1
                elif self._keep_conflict(conn, local, incoming):
                    report.conflicts += 1
                else:
                    report.unchanged += 1  # this conflicting version is already kept for review
        return report

    def _keep_conflict(self, conn: sqlite3.Connection, local: Annotation, incoming: Annotation) -> bool:
        """Keep ``incoming`` beside the local note it conflicts with; False if already kept.

        The copy's id is derived from the incoming id and content (not its time,
        which may have been clamped to the import's own), so a second import of
        the same file adds nothing, and a different version is a new copy.
        """
        content = json.dumps([incoming.note, incoming.category, list(incoming.tags), incoming.exact], ensure_ascii=False)
        copy_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"sahel-brief:conflict:{incoming.id}:{content}"))
        if conn.execute("SELECT 1 FROM annotation WHERE id = ?", (copy_id,)).fetchone():
            return False
        rows.insert(conn, replace(incoming, id=copy_id, review="conflict", conflict_of=local.id))
        self._log(conn, copy_id, "import", None, incoming.modified, session=None)
        return True

    # -- internals --------------------------------------------------------------------

    def _change(self, ref: str, action: str, change: Any) -> Annotation:
        ann_id = self.get(ref).id
        with self._db.write() as conn:
            # Re-read inside the write lock: the version we change is the latest one.
            row = conn.execute(rows.SELECT + " WHERE a.id = ?", (ann_id,)).fetchone()
            if row is None:
                raise UserError(f"annotation {ann_id[:8]} was removed meanwhile")
            before = rows.row_to_annotation(row)
            fields = change(before)
            if not fields or all(getattr(before, k) == v for k, v in fields.items()):
                return before  # nothing to do: no revision, no new timestamp
            after = replace(before, modified=_later_than(before.modified), **fields)
            rows.write(conn, after)
            self._log(conn, ann_id, action, before, after.modified)
        return after

    def _log(
        self,
        conn: sqlite3.Connection,
        ann_id: str,
        action: str,
        before: Annotation | None,
        after_modified: str | None,
        *,
        session: str | None | _Keep = KEEP,
    ) -> None:
        revisions.record(conn, ann_id, action, before, after_modified, self.session if isinstance(session, _Keep) else session)


def _anchor_for(
    article: Article, sentence_id: str | None, start: int | None, end: int | None
) -> tuple[anchoring.Anchor, Literal["sentence", "span"]]:
    if start is not None or end is not None:
        if start is None or end is None:
            raise UserError("a span needs both start and end")
        anchor = anchoring.anchor_span(article, start, end)
        sentence = article.sentence(anchor.sentence_id)
        whole = sentence is not None and (sentence.start, sentence.end) == (start, end)
        return anchor, "sentence" if whole else "span"
    if not sentence_id:
        raise UserError("say which sentence to annotate (e.g. p4-s2) or give a span")
    return anchoring.anchor_sentence(article, sentence_id), "sentence"


def _same_content(a: Annotation, b: Annotation) -> bool:
    return (a.note, a.category, tuple(a.tags), a.exact, a.article_id, a.actor_id, a.deleted is None) == (
        b.note, b.category, tuple(b.tags), b.exact, b.article_id, b.actor_id, b.deleted is None,
    )  # fmt: skip


def _note(value: str | None) -> str:
    # Stored exactly as typed: Rich markup and control characters are the UI's to escape.
    if value is None:
        return ""
    if not isinstance(value, str):
        raise UserError("a note must be text")
    return value


def _haystack(a: Annotation) -> str:
    return "\n".join(
        x for x in (a.note, a.exact, a.category, a.actor_id, a.article_id, a.sentence_id, *a.tags) if x
    ).casefold()


def _like_prefix(ref: str) -> str:
    return ref.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _later_than(previous: str) -> str:
    """Now, or 1 ms after ``previous``: a change always moves ``modified`` forward,
    which merging (newest wins) and undo's conflict check rely on."""
    now = utc_now()
    if now > previous:
        return now
    from datetime import datetime, timedelta

    try:
        then = datetime.strptime(previous, "%Y-%m-%dT%H:%M:%S.%fZ") + timedelta(milliseconds=1)
    except ValueError:
        return now  # not our format (an import): a clock this far behind is not ours to fix
    except OverflowError:
        return previous  # already the last representable instant (a far-future import from an older version)
    return then.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
