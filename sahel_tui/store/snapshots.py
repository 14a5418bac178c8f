"""Snapshots: what each exported briefing was built from, kept small in the data folder.

One file per snapshot, ``<data>/snapshots/<id>.snapshot.xz``: a versioned JSON
document compressed with LZMA (the standard library's ``lzma``, the best ratio
of the stdlib codecs, which matters because the content hashes and sentence
positions barely compress). It holds no article text (see
:mod:`sahel_tui.analysis.changes` for what it holds), and references articles
by their position in its own source list, so a claim costs a few small numbers.

Why files and not a table in the annotation database: a snapshot is written
once and never updated, is read whole, and is disposable in a way the
analyst's notes are not. As separate files, a damaged snapshot costs only
itself (it is moved aside, see :func:`load`), the database's recovery never
has to salvage them, and a schema upgrade of the database cannot touch them.
They are versioned like the database: ``version`` is checked on load, older
versions go through :data:`UPGRADES` step by step (as ``MIGRATIONS`` does for
the database), and a newer one is left alone with a warning.
"""

from __future__ import annotations

import json
import lzma
import os
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from sahel_tui.store.snapshot_state import (
    ActorState,
    CitedState,
    ClaimState,
    DiscrepancyState,
    FigureState,
    JudgementState,
    SideState,
    SourceState,
    State,
    VerdictState,
)
from sahel_tui.errors import UserError
from sahel_tui.infrastructure import paths

if TYPE_CHECKING:
    from sahel_tui.store.annotations import AnnotationStore

FORMAT = "sahel-brief-snapshot"
SNAPSHOT_VERSION = 1
SUFFIX = ".snapshot.xz"
# version n -> a function turning a version-n document into a version-(n+1) one.
UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}
MAX_BYTES = 64 * 1024 * 1024  # a snapshot file larger than this is not ours (bounded memory)
_ID = re.compile(r"^\d{8}T\d{6}Z(?:-\d+)?$")


def snapshot_dir() -> Path:
    return paths.data_dir() / "snapshots"


@dataclass(slots=True)
class Snapshot:
    id: str  # the UTC time it was taken, 20261203T172540Z (-2, -3... within one second)
    created: str  # ISO 8601 UTC
    corpus_root: str
    corpus_id: str
    title: str  # the briefing's title
    output: str | None  # where the briefing was written; None for stdout
    filter: dict[str, Any] | None  # CorpusFilter.to_json() when the export was filtered
    state: State
    version: int = SNAPSHOT_VERSION
    path: Path | None = field(default=None, compare=False)

    def label(self) -> str:
        return f"{self.id} ({self.title}, {len(self.state.sources)} sources)"


# -- encoding ---------------------------------------------------------------------------


_POSITION = re.compile(r"p(\d+)-s(\d+)")
_SENTENCES = 4096  # sentence numbers below this are packed with their paragraph's number


def _columns(rows: list[list[Any]], width: int) -> list[list[Any]]:
    return [[r[i] for r in rows] for i in range(width)]


def _rows(columns: list[list[Any]]) -> list[list[Any]]:
    if columns and len({len(c) for c in columns}) != 1:
        raise ValueError("columns of different lengths")
    return [list(r) for r in zip(*columns)]


def _figure_key(f: FigureState) -> tuple[str, tuple[str, ...], float, str]:
    return (f.measure, f.context, f.value, f.surface)


def _number(v: float) -> float | int:
    """``12`` rather than ``12.0``: a third of the figures' bytes are such values."""
    return int(v) if float(v).is_integer() and abs(v) < 2**53 else v


def _encode(s: Snapshot) -> dict[str, Any]:
    st = s.state
    pos = {src.id: i for i, src in enumerate(st.sources)}

    def ref(article: str) -> int | str:
        return pos.get(article, article)

    def short(article: str, sentence_id: str) -> int | str:
        rest = sentence_id[len(article) + 1:] if sentence_id.startswith(article + "-") else sentence_id
        m = _POSITION.fullmatch(rest)
        if m and int(m[2]) < _SENTENCES:
            return int(m[1]) * _SENTENCES + int(m[2])  # "p4-s2" as one number: smaller once compressed
        return rest

    def claim(c: ClaimState) -> list[Any]:
        return [c.sources, c.members, [[ref(a), short(a, sid)] for a, sid in c.sample]]

    def side(x: SideState) -> list[Any]:
        return [ref(x.article), short(x.article, x.sentence_id), x.value]

    table_index: dict[tuple[str, tuple[str, ...], float, str], int] = {}
    table: list[tuple[str, tuple[str, ...], float, str]] = []
    for x in st.sources:
        for f in st.figures.get(x.id, []):
            key = _figure_key(f)
            if key not in table_index:
                table_index[key] = len(table)
                table.append(key)

    return {
        "format": FORMAT,
        "version": SNAPSHOT_VERSION,
        "id": s.id,
        "created": s.created,
        "corpus_root": s.corpus_root,
        "corpus_id": s.corpus_id,
        "title": s.title,
        "output": s.output,
        "filter": s.filter,
        # Tables are stored by column ("columns": [[ids...], [hashes...], ...]): like values side by
        # side compress better (a sixth smaller at 2,000 sources).
        "sources": _columns([[x.id, x.hash, x.title, x.publisher, x.date, x.kind] for x in st.sources], 6),
        "claims": _columns([claim(c) for c in st.claims], 3),
        "contested": _columns([claim(c) for c in st.contested], 3),
        "discrepancies": _columns([[d.kind, *side(d.a), *side(d.b)] for d in st.discrepancies], 7),
        # Figures repeat across sources (wire copy, rewrites): each distinct one is stored once in
        # "figure_table", and "figures" (aligned with "sources") lists each source's as table indices.
        "figure_table": _columns([[m, " ".join(c), _number(v), surface] for m, c, v, surface in table], 4),
        "figures": [[table_index[_figure_key(f)] for f in st.figures.get(x.id, [])] for x in st.sources],
        # Only what is new is reported, so the ids are enough.
        "actors": [a.id for a in st.actors],
        "judgements": [[j.id, j.text, [[c.kind, c.target, c.hash] for c in j.citations]] for j in st.judgements],
        "verdicts": None if st.verdicts is None else [[v.item, v.verdict] for v in st.verdicts],
    }


def _decode(doc: dict[str, Any], path: Path | None) -> Snapshot:
    for name in ("sources", "claims", "contested", "discrepancies", "figure_table"):
        doc[name] = _rows(doc.get(name) or [])
    ids = [str(row[0]) for row in doc["sources"]]

    def art(value: Any) -> str:
        return ids[value] if isinstance(value, int) else str(value)

    def full(article: str, sid: Any) -> str:
        if isinstance(sid, int):
            sid = f"p{sid // _SENTENCES}-s{sid % _SENTENCES}"
        sid = str(sid)
        return sid if sid.startswith(article + "-") else f"{article}-{sid}"

    def claim(row: list[Any]) -> ClaimState:
        sample = []
        for a, sid in row[2]:
            aid = art(a)
            sample.append((aid, full(aid, sid)))
        return ClaimState(int(row[0]), int(row[1]), tuple(sample))

    def side(row: list[Any]) -> SideState:
        aid = art(row[0])
        return SideState(aid, full(aid, row[1]), str(row[2]))

    figures = [FigureState("", str(f[0]), tuple(str(f[1]).split()), float(f[2]), str(f[3])) for f in doc["figure_table"]]
    state = State(
        sources=[SourceState(*(str(v) for v in row[:6])) for row in doc["sources"]],
        claims=[claim(r) for r in doc["claims"]],
        contested=[claim(r) for r in doc.get("contested") or []],
        discrepancies=[DiscrepancyState(str(r[0]), side(r[1:4]), side(r[4:7])) for r in doc["discrepancies"]],
        figures={ids[i]: [figures[k] for k in rows] for i, rows in enumerate(doc["figures"])},
        actors=[ActorState(str(a), str(a), "") for a in doc["actors"]],
        judgements=[
            JudgementState(str(j[0]), str(j[1]), tuple(CitedState(str(c[0]), str(c[1]), str(c[2])) for c in j[2]))
            for j in doc["judgements"]
        ],
        verdicts=None if doc.get("verdicts") is None else [VerdictState(str(v[0]), str(v[1])) for v in doc["verdicts"]],
    )
    return Snapshot(
        id=str(doc["id"]),
        created=str(doc["created"]),
        corpus_root=str(doc["corpus_root"]),
        corpus_id=str(doc["corpus_id"]),
        title=str(doc.get("title") or ""),
        output=doc.get("output"),
        filter=doc.get("filter"),
        state=state,
        version=int(doc["version"]),
        path=path,
    )


def _upgrade(doc: dict[str, Any]) -> dict[str, Any]:
    version = int(doc["version"])
    while version < SNAPSHOT_VERSION:
        step = UPGRADES.get(version)
        if step is None:
            raise ValueError(f"no upgrade from snapshot version {version}")
        doc = step(doc)
        version += 1
        doc["version"] = version
    return doc


# -- reading and writing ------------------------------------------------------------------


class NewerSnapshot(Exception):
    """Written by a newer sahel-brief: kept as it is, not read."""


def _new_id(folder: Path, when: datetime) -> str:
    stamp = when.strftime("%Y%m%dT%H%M%SZ")
    ident, n = stamp, 1
    while (folder / f"{ident}{SUFFIX}").exists():
        n += 1
        ident = f"{stamp}-{n}"
    return ident


def save(
    state: State,
    *,
    corpus_root: Path,
    corpus_id: str,
    title: str,
    output: str | None,
    filter: dict[str, Any] | None = None,
    folder: Path | None = None,
    when: datetime | None = None,
) -> Snapshot:
    """Write a new snapshot atomically (temp file, then rename) and return it."""
    folder = folder or snapshot_dir()
    folder.mkdir(parents=True, exist_ok=True)
    when = when or datetime.now(timezone.utc)
    snap = Snapshot(
        id=_new_id(folder, when),
        created=when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        corpus_root=str(Path(corpus_root).resolve()),
        corpus_id=corpus_id,
        title=title,
        output=output,
        filter=filter,
        state=state,
    )
    data = lzma.compress(
        json.dumps(_encode(snap), ensure_ascii=False, separators=(",", ":")).encode("utf-8"),
        preset=9 | lzma.PRESET_EXTREME,
    )
    target = folder / f"{snap.id}{SUFFIX}"
    tmp = folder / f".{snap.id}.tmp"
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, target)
    snap.path = target
    return snap


def read(path: Path) -> Snapshot:
    """One snapshot; ValueError when it is damaged, NewerSnapshot when it is from a newer version."""
    if path.stat().st_size > MAX_BYTES:
        raise ValueError("larger than any snapshot")
    try:
        with lzma.open(path, "rb") as fh:
            raw = fh.read(MAX_BYTES * 20 + 1)
        doc = json.loads(raw.decode("utf-8"))
    except (lzma.LZMAError, EOFError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"unreadable ({exc.__class__.__name__})") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ValueError("not a sahel-brief snapshot")
    version = doc.get("version")
    if not isinstance(version, int) or version < 1:
        raise ValueError("no version")
    if version > SNAPSHOT_VERSION:
        raise NewerSnapshot(f"snapshot {path.name} was written by a newer sahel-brief (version {version}); left as it is")
    try:
        return _decode(_upgrade(doc), path)
    except (KeyError, IndexError, TypeError, ValueError) as exc:
        raise ValueError(f"incomplete ({exc.__class__.__name__}: {exc})") from None


def move_aside(path: Path) -> Path:
    target = paths.aside_name(path, "corrupt")
    os.replace(path, target)
    return target


@dataclass(slots=True)
class Listing:
    snapshots: list[Snapshot]  # oldest first
    warnings: list[str]  # one line each, for the user


def load_all(folder: Path | None = None) -> Listing:
    """Every readable snapshot, oldest first; a damaged one is moved aside with a one-line warning."""
    folder = folder or snapshot_dir()
    out: list[Snapshot] = []
    warnings: list[str] = []
    try:
        names = sorted(p for p in folder.iterdir() if p.name.endswith(SUFFIX))
    except FileNotFoundError:
        return Listing([], [])
    except OSError as exc:
        return Listing([], [f"cannot read the snapshots folder {folder}: {exc.strerror or exc}"])
    for p in names:
        try:
            out.append(read(p))
        except NewerSnapshot as exc:
            warnings.append(str(exc))
        except (ValueError, OSError) as exc:
            try:
                kept = move_aside(p)
                warnings.append(f"snapshot {p.name} is damaged ({exc}); moved aside to {kept.name}")
            except OSError as err:
                warnings.append(f"snapshot {p.name} is damaged ({exc}) and could not be moved aside: {err}")
    out.sort(key=lambda s: (s.created, s.id))
    return Listing(out, warnings)


def for_corpus(listing: Listing, corpus_root: Path) -> list[Snapshot]:
    root = str(Path(corpus_root).resolve())
    return [s for s in listing.snapshots if s.corpus_root == root]


def choose(listing: Listing, corpus_root: Path, since: str | None) -> Snapshot | None:
    """The snapshot to compare with: by id (or unique prefix), the last one taken on or before a DATE,
    or, with no ``since``, the latest of this corpus folder. None when there is none."""
    mine = for_corpus(listing, corpus_root)
    if since is None:
        return mine[-1] if mine else None
    since = since.strip()
    exact = [s for s in listing.snapshots if s.id == since] or [s for s in listing.snapshots if s.id.startswith(since)]
    if _ID.match(since) or (exact and not re.fullmatch(r"\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?", since)):
        if len(exact) == 1:
            return exact[0]
        if not exact:
            raise UserError(f"no snapshot {since!r} (see `sahel-brief changes --list`)")
        raise UserError(f"snapshot {since!r} is ambiguous: {', '.join(s.id for s in exact[:5])}")
    from sahel_tui.corpus.filters import parse_day

    day = parse_day(since, end=True, option="--since")
    before = [s for s in mine if s.created[:10] <= day.isoformat()]
    if not before:
        raise UserError(f"no snapshot of this corpus taken on or before {day} (see `sahel-brief changes --list`)")
    return before[-1]


def read_verdicts(store: AnnotationStore | None) -> list[tuple[str, str]] | None:
    """The analyst's verdicts on comparison items (corroborations, discrepancies), as (item id,
    verdict) sorted by id; None with no database, so a snapshot then says nothing of verdicts."""
    if store is None:
        return None
    import sqlite3

    from sahel_tui.store.verdicts import VerdictStore

    try:
        saved = VerdictStore.of(store).list()
    except sqlite3.Error:
        return None  # a damaged or foreign database never stops a snapshot
    return sorted((v.id, v.verdict) for v in saved)
