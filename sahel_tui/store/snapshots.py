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
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone
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
    HASH_CHARS,
    actor_key,
)
from sahel_tui.errors import UserError
from sahel_tui.infrastructure import paths

if TYPE_CHECKING:
    from sahel_tui.store.annotations import AnnotationStore

FORMAT = "sahel-brief-snapshot"
SNAPSHOT_VERSION = 2
SUFFIX = ".snapshot.xz"
# version n -> a function turning a version-n document into a version-(n+1) one (filled in below).
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
#
# Version 2 (what is written): every choice below was measured on the 2,000-article bench
# corpus (93.1 KB in version 1, see docs/performance.md) and on the BBC and BASIL dev sets.
#
# * Sentences are "p4-s2" -> 402 (paragraph * 100 + sentence): short decimal numbers.
# * A claim's sample is sorted, the claims are sorted by it, and each article number is
#   written as its difference from the previous one: neighbours differ by little.
# * A figure's context words are kept as 8-bit keys (see snapshot_state.stem_key): the old
#   context is only compared, never shown. Its surface is left out ("") when it is the value
#   written plainly ("12" for 12).
# * Each source's figures are its table rows, sorted, as differences (mostly 0: rows that
#   follow each other); the actors are sorted 24-bit keys (actor_key), as differences too.
# * Dates that are whole ISO days are day numbers.


_POSITION = re.compile(r"p(\d+)-s(\d+)")
_V1_SENTENCES = 4096  # version 1 packed "p4-s2" as 4 * 4096 + 2
_SENTENCES = 100  # version 2: 4 * 100 + 2 (sentence numbers of 100 and more stay strings)
_EPOCH = date(1970, 1, 1)
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _columns(rows: list[list[Any]], width: int) -> list[list[Any]]:
    return [[r[i] for r in rows] for i in range(width)]


def _rows(columns: list[list[Any]]) -> list[list[Any]]:
    if columns and len({len(c) for c in columns}) != 1:
        raise ValueError("columns of different lengths")
    return [list(r) for r in zip(*columns)]


def _figure_key(f: FigureState) -> tuple[str, frozenset[int], float, str]:
    return (f.measure, f.context_keys(), f.value, f.surface)


def _number(v: float) -> float | int:
    """``12`` rather than ``12.0``: a third of the figures' bytes are such values."""
    return int(v) if float(v).is_integer() and abs(v) < 2**53 else v


def _deltas(values: list[int]) -> list[int]:
    out, prev = [], 0
    for v in values:
        out.append(v - prev)
        prev = v
    return out


def _undelta(values: list[Any]) -> list[int]:
    out, total = [], 0
    for v in values:
        total += int(v)
        out.append(total)
    return out


def _short(article: str, sentence_id: str, per: int = _SENTENCES) -> int | str:
    rest = sentence_id[len(article) + 1:] if sentence_id.startswith(article + "-") else sentence_id
    m = _POSITION.fullmatch(rest)
    if m and int(m[2]) < per:
        return int(m[1]) * per + int(m[2])
    return rest


def _full(article: str, sid: Any, per: int = _SENTENCES) -> str:
    if isinstance(sid, int):
        sid = f"p{sid // per}-s{sid % per}"
    sid = str(sid)
    return sid if sid.startswith(article + "-") else f"{article}-{sid}"


def _day(value: str) -> int | str:
    if _ISO_DAY.fullmatch(value):
        try:
            return (date.fromisoformat(value) - _EPOCH).days
        except ValueError:
            pass
    return value


def _undays(value: Any) -> str:
    return (_EPOCH + timedelta(days=value)).isoformat() if isinstance(value, int) else str(value)




def _sources(sources: list[SourceState]) -> list[Any]:
    columns: list[Any] = _columns([[x.id, x.hash, x.title, x.publisher, _day(x.date), x.kind] for x in sources], 6)
    if all(len(x.hash) == HASH_CHARS for x in sources):
        columns[1] = "".join(columns[1])  # one string: 2,000 quoted hashes cost 1.8 KB more
    return columns


def _encode(s: Snapshot) -> dict[str, Any]:
    st = s.state
    pos = {src.id: i for i, src in enumerate(st.sources)}

    def ref(article: str) -> int | str:
        return pos.get(article, article)

    def claims(rows: list[ClaimState]) -> list[list[Any]]:
        """Columns: sources, members - sources, sample as [article delta, sentence, ...]."""
        keyed = []
        for c in rows:
            sample = sorted(((ref(a), _short(a, sid)) for a, sid in c.sample), key=lambda x: (str(type(x[0])), x[0], str(x[1])))
            keyed.append((c, sample))
        keyed.sort(key=lambda r: [(str(type(a)), a, str(x)) for a, x in r[1]])
        out, prev = [], 0
        for c, sample in keyed:
            flat: list[Any] = []
            last = prev
            for a, x in sample:
                # An article outside the source list (never, in practice) is written by id.
                flat += [a - last if isinstance(a, int) else a, x]
                last = a if isinstance(a, int) else last
            if sample and isinstance(sample[0][0], int):
                prev = sample[0][0]
            out.append([c.sources, c.members - c.sources, flat])
        return _columns(out, 3)

    def side(x: SideState) -> list[Any]:
        return [ref(x.article), _short(x.article, x.sentence_id), x.value]

    table_index: dict[tuple[str, frozenset[int], float, str], int] = {}
    table: list[FigureState] = []
    for x in st.sources:
        for f in st.figures.get(x.id, []):
            key = _figure_key(f)
            if key not in table_index:
                table_index[key] = len(table)
                table.append(f)

    def figure_row(f: FigureState) -> list[Any]:
        value = _number(f.value)
        keys = "".join(f"{k:02x}" for k in sorted(f.context_keys()))
        return [f.measure, keys, value, "" if f.surface == str(value) else f.surface]

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
        "sources": _sources(st.sources),
        "claims": claims(st.claims),
        "contested": claims(st.contested),
        "discrepancies": _columns([[d.kind, *side(d.a), *side(d.b)] for d in st.discrepancies], 7),
        # Figures repeat across sources (wire copy, rewrites): each distinct one is stored once in
        # "figure_table", and "figures" (aligned with "sources") lists each source's as table rows.
        "figure_table": _columns([figure_row(f) for f in table], 4),
        "figures": [_deltas(sorted(table_index[_figure_key(f)] for f in st.figures.get(x.id, []))) for x in st.sources],
        # Only what is new is reported, so whether an actor was known is enough.
        "actors": _deltas(sorted(st.known_actors() if st.actor_keys is not None else {actor_key(a.id) for a in st.actors})),
        "judgements": [[j.id, j.text, [[c.kind, c.target, c.hash] for c in j.citations]] for j in st.judgements],
        "verdicts": None if st.verdicts is None else [[v.item, v.verdict] for v in st.verdicts],
    }


def _decode(doc: dict[str, Any], path: Path | None) -> Snapshot:
    sources = doc.get("sources") or []
    if len(sources) > 1 and isinstance(sources[1], str):
        joined = sources[1]
        if len(joined) != HASH_CHARS * len(sources[0]):
            raise ValueError("the sources' hashes are cut short")
        sources[1] = [joined[i:i + HASH_CHARS] for i in range(0, len(joined), HASH_CHARS)]
    for name in ("sources", "claims", "contested", "discrepancies", "figure_table"):
        doc[name] = _rows(doc.get(name) or [])
    ids = [str(row[0]) for row in doc["sources"]]

    def art(value: Any) -> str:
        return ids[value] if isinstance(value, int) else str(value)

    def claims(rows: list[list[Any]]) -> list[ClaimState]:
        out, prev = [], 0
        for row in rows:
            flat = list(row[2])
            if len(flat) % 2:
                raise ValueError("a claim's sample is cut short")
            sample, last = [], prev
            for i in range(0, len(flat), 2):
                a = flat[i]
                if isinstance(a, int):
                    a = last = last + a
                    if i == 0:
                        prev = a  # the next claim's first article is a difference from this one
                aid = art(a)
                sample.append((aid, _full(aid, flat[i + 1])))
            out.append(ClaimState(int(row[0]), int(row[0]) + int(row[1]), tuple(sample)))
        return out

    def side(row: list[Any]) -> SideState:
        aid = art(row[0])
        return SideState(aid, _full(aid, row[1]), str(row[2]))

    def figure(row: list[Any]) -> FigureState:
        keys = str(row[1])
        if len(keys) % 2:
            raise ValueError("a figure's context is cut short")
        value = float(row[2])
        surface = str(row[3]) or str(_number(value))
        return FigureState("", str(row[0]), (), value, surface, tuple(int(keys[i:i + 2], 16) for i in range(0, len(keys), 2)))

    figures = [figure(f) for f in doc["figure_table"]]
    if len(doc["figures"]) != len(ids):
        raise ValueError("figures and sources of different lengths")
    state = State(
        sources=[SourceState(str(row[0]), str(row[1]), str(row[2]), str(row[3]), _undays(row[4]), str(row[5])) for row in doc["sources"]],
        claims=claims(doc["claims"]),
        contested=claims(doc.get("contested") or []),
        discrepancies=[DiscrepancyState(str(r[0]), side(r[1:4]), side(r[4:7])) for r in doc["discrepancies"]],
        figures={ids[i]: [figures[k] for k in _undelta(rows)] for i, rows in enumerate(doc["figures"])},
        actors=[],
        judgements=[
            JudgementState(str(j[0]), str(j[1]), tuple(CitedState(str(c[0]), str(c[1]), str(c[2])) for c in j[2]))
            for j in doc["judgements"]
        ],
        verdicts=None if doc.get("verdicts") is None else [VerdictState(str(v[0]), str(v[1])) for v in doc["verdicts"]],
        actor_keys=frozenset(_undelta(doc["actors"])),
    )
    return _snapshot(doc, state, path)


def _snapshot(doc: dict[str, Any], state: State, path: Path | None) -> Snapshot:
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


def _decode_v1(doc: dict[str, Any]) -> Snapshot:
    """A version-1 document (written until 2026-12-07), read as version 1 wrote it."""
    for name in ("sources", "claims", "contested", "discrepancies", "figure_table"):
        doc[name] = _rows(doc.get(name) or [])
    ids = [str(row[0]) for row in doc["sources"]]

    def art(value: Any) -> str:
        return ids[value] if isinstance(value, int) else str(value)

    def claim(row: list[Any]) -> ClaimState:
        sample = []
        for a, sid in row[2]:
            aid = art(a)
            sample.append((aid, _full(aid, sid, _V1_SENTENCES)))
        return ClaimState(int(row[0]), int(row[1]), tuple(sample))

    def side(row: list[Any]) -> SideState:
        aid = art(row[0])
        return SideState(aid, _full(aid, row[1], _V1_SENTENCES), str(row[2]))

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
    return _snapshot(doc, state, None)


def _v1_to_v2(doc: dict[str, Any]) -> dict[str, Any]:
    """Version 1 -> 2: read as version 1, written as version 2. Its 40-bit content hashes become
    32-bit ones (the prefix of the same hash), its context words and actor ids keys."""
    snap = _decode_v1(doc)
    snap.state.sources = [replace(x, hash=x.hash[:HASH_CHARS]) for x in snap.state.sources]
    out = _encode(snap)
    out["version"] = 2  # (a version 3 would give version 1 a path of its own: _encode writes the newest)
    return out


UPGRADES[1] = _v1_to_v2


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
        format=lzma.FORMAT_XZ,
        # pb=0: JSON has no 4-byte structure for the position bits to find (1.5% smaller than the
        # preset's pb=2); any xz reader reads it.
        filters=[{"id": lzma.FILTER_LZMA2, "preset": 9 | lzma.PRESET_EXTREME, "lc": 3, "lp": 0, "pb": 0}],
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
