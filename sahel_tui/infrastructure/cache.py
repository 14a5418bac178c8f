"""The analysis cache: one JSON file per (kind, content hash, pipeline version, params).

Keys include the article's content hash, so editing a file invalidates exactly
its own entries and nothing else; bumping ``PIPELINE_VERSION`` (or a kind's own
version) retires every old entry at once. A corrupt entry is treated as a miss
and rebuilt: the cache is never a reason to fail.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Callable, Iterable, TypeVar, cast

from sahel_tui.infrastructure import paths
from sahel_tui.infrastructure.tempfiles import sweep

PIPELINE_VERSION = "1"

T = TypeVar("T")


def _key(kind: str, content_hash: str, params: dict[str, Any] | None) -> str:
    blob = json.dumps(params or {}, sort_keys=True, separators=(",", ":"))
    digest = hashlib.sha256(f"{PIPELINE_VERSION}\0{kind}\0{content_hash}\0{blob}".encode()).hexdigest()
    return digest[:40]


_SWEPT: set[Path] = set()
_SOURCE_DIGESTS: dict[Path, str] = {}


def source_digest(package_dir: Path) -> str:
    """A digest of a package's Python source: editing the code that made an entry retires it.

    Entries derived by analysis code are keyed by it as well as by their input,
    so a cache never serves what an older version of the code computed.
    """
    found = _SOURCE_DIGESTS.get(package_dir)
    if found is None:
        h = hashlib.sha256()
        for source in sorted(package_dir.glob("*.py")):
            try:
                h.update(source.name.encode() + b"\0" + source.read_bytes())
            except OSError:
                h.update(source.name.encode())
        found = _SOURCE_DIGESTS[package_dir] = h.hexdigest()[:16]
    return found


class Cache:
    def __init__(self, root: Path | None = None, enabled: bool = True) -> None:
        self.root = root if root is not None else paths.cache_dir() / "analysis"
        self.enabled = enabled and os.environ.get("SAHEL_BRIEF_NO_CACHE") != "1"

    def _path(self, kind: str, key: str) -> Path:
        return self.root / kind / key[:2] / f"{key}.json"

    def has(self, kind: str, content_hash: str, params: dict[str, Any] | None = None) -> bool:
        """Whether an entry is stored (not whether it is sound: ``get`` checks that)."""
        return self.enabled and self._path(kind, _key(kind, content_hash, params)).is_file()

    def get(self, kind: str, content_hash: str, params: dict[str, Any] | None = None) -> Any | None:
        text = self.get_text(kind, content_hash, params)
        if text is None:
            return None
        try:
            return json.loads(text)
        except ValueError:
            self.drop(kind, content_hash, params)  # a torn or foreign file: the next put rebuilds it
            return None

    def get_text(self, kind: str, content_hash: str, params: dict[str, Any] | None = None) -> str | None:
        """The entry's JSON text, for a reader that decodes it its own way (an ``object_hook``)."""
        if not self.enabled:
            return None
        path = self._path(kind, _key(kind, content_hash, params))
        try:
            return path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, ValueError):  # unreadable, or not UTF-8: dropped, so the next put rebuilds it
            self.drop(kind, content_hash, params)
            return None

    def drop(self, kind: str, content_hash: str, params: dict[str, Any] | None = None) -> None:
        """Forget an entry its reader found unsound."""
        try:
            self._path(kind, _key(kind, content_hash, params)).unlink()
        except OSError:
            pass

    def put(self, kind: str, content_hash: str, value: Any, params: dict[str, Any] | None = None) -> None:
        if not self.enabled:
            return
        # dumps, not dump: json.dump streams through the pure-Python encoder, about
        # five times slower than the C one dumps uses (1.1 s for the actors of 2,000 articles).
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate (a file name's undecodable byte): escaped, read back as is
            data = json.dumps(value, separators=(",", ":")).encode("ascii")
        # Atomic: readers see the old entry or the new one; a read-only or full folder only costs speed.
        self._write(kind, content_hash, params, lambda fh: fh.write(data), "wb")

    def _write(self, kind: str, content_hash: str, params: dict[str, Any] | None, write: Callable[[Any], None], mode: str) -> Path | None:
        """Write an entry through ``write(file)`` atomically (temp file, then rename); its path, or
        None when the folder could not be written. An exception from ``write`` leaves nothing behind."""
        if not self.enabled:
            return None
        path = self._path(kind, _key(kind, content_hash, params))
        tmp = ""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.parent not in _SWEPT:  # once per folder per process: a glob per write would be quadratic
                _SWEPT.add(path.parent)
                sweep(path.parent, ".tmp-*.json")  # left by a write that was killed
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
            with os.fdopen(fd, mode, encoding=None if "b" in mode else "utf-8") as fh:
                write(fh)
            os.replace(tmp, path)
            tmp = ""
            return path
        except OSError:
            return None
        finally:
            if tmp:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass

    def put_text(self, kind: str, content_hash: str, pieces: Iterable[str], params: dict[str, Any] | None = None) -> bool:
        """Write an entry's JSON text as it is produced (a large result, never held whole).

        An exception from ``pieces`` leaves no entry and is raised again; False when the
        folder could not be written.
        """

        def write(fh: Any) -> None:
            for piece in pieces:
                fh.write(piece)

        return self._write(kind, content_hash, params, write, "w") is not None

    def keep_newest(self, kind: str, count: int) -> int:
        """Delete all but the ``count`` most recently written entries of ``kind`` (for kinds whose
        entries are large and superseded: one per state of a whole corpus); how many went."""
        entries = []
        for path in (self.root / kind).glob("*/*.json"):
            try:
                entries.append((path.stat().st_mtime_ns, path))
            except OSError:
                pass
        entries.sort(reverse=True)
        gone = 0
        for _, path in entries[count:]:
            try:
                path.unlink()
                gone += 1
            except OSError:
                pass
        return gone

    def put_bytes(self, kind: str, content_hash: str, data: bytes, params: dict[str, Any] | None = None) -> os.stat_result | None:
        """Store ``data`` as the entry, written atomically; the new file's stat (None if not written).

        For entries whose writer knows where each part lies (the corpus pack:
        each article's byte range, so a body can be read alone).
        """
        path = self._write(kind, content_hash, params, lambda fh: fh.write(data), "wb")
        try:
            return path.stat() if path is not None else None
        except OSError:
            return None

    def open_entry(self, kind: str, content_hash: str, params: dict[str, Any] | None = None) -> int | None:
        """A read-only descriptor on the entry's file, or None.

        An open file keeps the version it opened: a later ``put`` replaces the
        path, never the bytes behind this descriptor (the caller closes it).
        """
        if not self.enabled:
            return None
        try:
            return os.open(self._path(kind, _key(kind, content_hash, params)), os.O_RDONLY)
        except OSError:
            return None

    def get_or_compute(
        self,
        kind: str,
        content_hash: str,
        compute: Callable[[], T],
        params: dict[str, Any] | None = None,
    ) -> T:
        hit = self.get(kind, content_hash, params)
        if hit is not None:
            return cast(T, hit)  # what compute() stored under this key
        value = compute()
        self.put(kind, content_hash, value, params)
        return value


class Memo:
    """Many small results of one pure function, kept together as one cache entry.

    One file per result would cost a file read each (thousands per corpus);
    the table is read once and written once. It keeps what this run used and
    what earlier runs stored, up to ``limit`` entries (then only this run's).
    """

    def __init__(
        self,
        cache: Cache,
        kind: str,
        params: dict[str, Any] | None = None,
        valid: Callable[[Any], bool] = lambda value: True,
        limit: int = 60_000,
    ) -> None:
        self.cache, self.kind, self.params, self.limit = cache, kind, params, limit
        found = cache.get(kind, "table", params)
        # Entries of the wrong shape (a foreign or hand-edited file) are dropped, as a corrupt file is.
        self._stored: dict[str, Any] = (
            {k: v for k, v in found.items() if isinstance(k, str) and valid(v)} if isinstance(found, dict) else {}
        )
        self._changed = isinstance(found, dict) and len(self._stored) != len(found)
        self._used: dict[str, Any] = {}

    def get(self, key: str) -> Any | None:
        value = self._stored.get(key)
        if value is not None:
            self._used[key] = value
        return value

    def put(self, key: str, value: Any) -> None:
        self._used[key] = value
        self._changed = True

    def save(self) -> None:
        if not self._changed and len(self._used) == len(self._stored):
            return
        merged = {**self._stored, **self._used}
        self.cache.put(self.kind, "table", merged if len(merged) <= self.limit else self._used, self.params)
