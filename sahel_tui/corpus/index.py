"""The corpus index: the app's first screen without reading the corpus.

A warm start used to read and hash every file, decode the whole cache pack
and build every article before the first frame: 2.5x a bare Textual app at
2,000 articles, 11.5x at 20,000. Like git's index, this one file lists what
the last full load found: each article's id, path, content hash, final
metadata (manifest applied), warnings, word count and the byte range of its
entry in the pack. :func:`load_indexed` builds the corpus from it alone, with
every body left in the pack until something reads it (:class:`IndexedArticle`).

The index is only a promise about the files. :func:`verify` keeps it: it walks
the folder again and hashes every file (hashing releases the GIL, so the app
stays responsive), and any difference at all (a file added, removed or
edited, the manifest changed, a skipped file changed) means the caller loads
the corpus afresh with :func:`sahel_tui.corpus.loader.load_corpus`, which
writes a new index. The CLI never uses the index: a command's output is
always from the files as they are.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sahel_tui.corpus.cached import (
    _PACK,
    PackedArticle,
    checked_body,
    meta_from_json,
    meta_to_json,
    pack_key,
    pack_params,
)
from sahel_tui.corpus.model import Article, Corpus, Metadata, Paragraph, Removal

INDEX_KIND = "corpus-index"
# 2: each article's metadata is a JSON text inside the index, decoded when first read
# (at 20,000 articles, decoding every metadata object cost 26 of the index's 66 ms).
INDEX_VERSION = 2


@dataclass(frozen=True, slots=True)
class Expected:
    """What the folder held when the index was written: checked by :func:`verify`."""

    walk_skipped: tuple[str, ...]  # discover()'s own lines (folders it could not enter...)
    files: dict[str, str]  # every article file's relative path -> sha256 of its bytes (skipped ones too)
    manifest: str | None  # sha256 of manifest.toml, None when there is none


@dataclass(slots=True)
class Indexed:
    corpus: Corpus
    expected: Expected
    pack: _Pack = field(repr=False)


def file_digest(path: Path) -> str | None:
    from sahel_tui.corpus.discover import read_limited

    try:
        return hashlib.sha256(read_limited(path)).hexdigest()
    except (OSError, ValueError):
        return None


def manifest_digest(root: Path) -> str | None:
    path = root / "manifest.toml"
    return file_digest(path) if path.is_file() else None


# -- writing (at the end of a full load) ------------------------------------------------


def write_index(
    root: Path,
    cache: Any,
    packs: Any,
    articles: list[tuple[str, Article]],
    walk_skipped: list[str],
    skipped_files: dict[str, str],
    skipped: list[str],
) -> None:
    """Record the corpus a full load built (``articles``: (relative path, article) in load order).

    ``skipped_files`` maps each file the load skipped to the sha256 of its bytes.
    The pack is rewritten when this run did not write it, so each entry's byte
    range is known; the index is written only when it would differ.
    """
    if cache is None or not cache.enabled:
        return
    key, params = pack_key(root), pack_params()
    manifest = manifest_digest(root)
    files = {**{rel: a.content_hash for rel, a in articles}, **skipped_files}
    if not packs.offsets:
        old = cache.get(INDEX_KIND, key, params)
        if _still_valid(old, cache, key, params, articles, walk_skipped, files, manifest, skipped):
            return
        packs.save(force=True)
        if not packs.offsets:
            return
    rows = []
    for rel, a in articles:
        entry = packs.keys.get(a.id)
        span = packs.offsets.get(entry) if entry is not None else None
        if span is None:
            return  # an article the pack does not hold: no index rather than a wrong one
        meta = json.dumps(meta_to_json(a.meta), ensure_ascii=False, separators=(",", ":"))
        rows.append([rel, a.id, a.content_hash, span[0], span[1], a.word_count, meta, list(a.warnings)])
    st = packs.written
    doc = {
        "version": INDEX_VERSION,
        "pack": [st.st_size, st.st_mtime_ns, st.st_ino],
        "manifest": manifest,
        "walk_skipped": list(walk_skipped),
        "files": files,
        "skipped": list(skipped),
        "articles": rows,
    }
    cache.put(INDEX_KIND, key, doc, params)


def _still_valid(
    old: Any,
    cache: Any,
    key: str,
    params: dict[str, str],
    articles: list[tuple[str, Article]],
    walk_skipped: list[str],
    files: dict[str, str],
    manifest: str | None,
    skipped: list[str],
) -> bool:
    if not isinstance(old, dict) or old.get("version") != INDEX_VERSION:
        return False
    fd = cache.open_entry(_PACK, key, params)
    if fd is None:
        return False
    try:
        st = os.fstat(fd)
    finally:
        os.close(fd)
    try:
        rows = old["articles"]
        same = (
            old["pack"] == [st.st_size, st.st_mtime_ns, st.st_ino]
            and old["manifest"] == manifest
            and old["walk_skipped"] == list(walk_skipped)
            and old["files"] == files
            and old["skipped"] == list(skipped)
            and [(r[0], r[1], r[2]) for r in rows] == [(rel, a.id, a.content_hash) for rel, a in articles]
        )
    except (KeyError, TypeError, IndexError):
        return False
    return bool(same)


# -- reading (the app's first screen) ---------------------------------------------------


_LAZY_LOCK = threading.Lock()


def _metadata(raw: str) -> Metadata:
    try:
        data = json.loads(raw)
        if not (isinstance(data, dict) and isinstance(data.get("meta"), dict)):
            raise ValueError("not an index row's metadata")
        return meta_from_json(data)
    except (KeyError, TypeError, ValueError, RecursionError):
        return Metadata()  # a hand-edited index; the next full load writes it again


class _Pack:
    """The pack file as it was when the index was read, open for the app's lifetime.

    The descriptor keeps that version of the file even if a later load
    replaces it (writes are atomic renames), so a byte range is never read
    from another version.
    """

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.lock = threading.Lock()

    def entry(self, offset: int, length: int) -> dict[str, Any] | None:
        try:
            raw = os.pread(self.fd, length, offset)
            data = json.loads(raw)
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def close(self) -> None:
        try:
            os.close(self.fd)
        except OSError:
            pass


_PATH: Any = Article.__dict__["path"]
_META: Any = Article.__dict__["meta"]
_TEXT: Any = Article.__dict__["text"]
_REMOVED: Any = Article.__dict__["removed"]
_PARAGRAPHS: Any = Article.__dict__["paragraphs"]


class IndexedArticle(PackedArticle):
    """An article listed by the index: metadata now, its body read from the pack when first used.

    ``text``, ``paragraphs`` and ``removed`` are read on first access (one
    ``pread`` and one small JSON decode); everything else is the index's.
    Pickled or copied, it is a plain :class:`Article` with its body.
    """

    __slots__ = ("_pack", "_span", "_words", "_where", "_raw_meta")
    _pack: _Pack | None
    _span: tuple[int, int]
    _words: int
    # The path and the metadata are made when first read too: building 2,000 Paths and
    # Metadata objects cost 25 ms before the first frame, which shows fifteen of them.
    _where: tuple[Path, str] | None  # (root, relative path) until ``path`` is first read
    _raw_meta: str | None  # the index's metadata (JSON) until ``meta`` is first read

    @property
    def path(self) -> Path:
        return self._made("_where", _PATH, lambda where: where[0] / where[1])  # type: ignore[no-any-return]

    @path.setter
    def path(self, value: Path) -> None:
        _PATH.__set__(self, value)
        self._where = None

    @property
    def meta(self) -> Metadata:
        return self._made("_raw_meta", _META, _metadata)  # type: ignore[no-any-return]

    @meta.setter
    def meta(self, value: Metadata) -> None:
        _META.__set__(self, value)
        self._raw_meta = None

    def _made(self, pending: str, slot: Any, make: Any) -> Any:
        """The slot's value, made from the ``pending`` attribute's on first read (once, under a lock)."""
        if getattr(self, pending, None) is not None:
            with _LAZY_LOCK:
                source = getattr(self, pending, None)
                if source is not None:
                    slot.__set__(self, make(source))
                    setattr(self, pending, None)
        return slot.__get__(self, Article)

    def _fill(self) -> None:
        pack = getattr(self, "_pack", None)
        if pack is None:
            return
        with pack.lock:
            if self._pack is None:  # another thread filled it meanwhile
                return
            data = pack.entry(*self._span)
            try:
                if data is None:
                    raise ValueError("entry not readable")
                text, spans, removed = checked_body(data)
            except (KeyError, TypeError, ValueError, IndexError):
                text, spans, removed = self._rebuilt()
            _TEXT.__set__(self, text)
            _REMOVED.__set__(self, removed)
            self._spans = spans
            self._pack = None

    def _rebuilt(self) -> tuple[str, list[Any], tuple[Removal, ...]]:
        """The pack lost this entry (a wiped cache): clean the file again; verify() reports an edit."""
        from sahel_tui.corpus.loader import load_one

        article = load_one(self.path, self.id)
        if article is None:
            return "", [], ()
        spans = [[p.kind, p.start, p.end, [[s.start, s.end] for s in p.sentences]] for p in article.paragraphs]
        return article.text, spans, article.removed

    @property
    def text(self) -> str:
        self._fill()
        return _TEXT.__get__(self, Article)  # type: ignore[no-any-return]

    @text.setter
    def text(self, value: str) -> None:
        _TEXT.__set__(self, value)

    @property
    def removed(self) -> tuple[Removal, ...]:
        self._fill()
        return _REMOVED.__get__(self, Article)  # type: ignore[no-any-return]

    @removed.setter
    def removed(self, value: tuple[Removal, ...]) -> None:
        _REMOVED.__set__(self, value)

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        self._fill()
        return super().paragraphs

    @paragraphs.setter
    def paragraphs(self, value: tuple[Paragraph, ...]) -> None:
        _PARAGRAPHS.__set__(self, value)

    def has_paragraphs(self) -> bool:
        self._fill()
        return PackedArticle.has_paragraphs(self)

    def body_loaded(self) -> bool:
        return getattr(self, "_pack", None) is None

    @property
    def word_count(self) -> int:
        words = getattr(self, "_words", None)
        return words if words is not None else super().word_count

    def __reduce__(self) -> Any:
        return (
            Article,
            (self.id, self.path, self.text, self.content_hash, self.meta, self.paragraphs, self.removed, self.warnings),
        )


def load_indexed(root: Path, cache: Any) -> Indexed | None:
    """The corpus as the index lists it, or None (no index, another pack, a torn index)."""
    if cache is None or not cache.enabled:
        return None
    root = Path(root)
    key, params = pack_key(root), pack_params()
    doc = cache.get(INDEX_KIND, key, params)
    if not isinstance(doc, dict) or doc.get("version") != INDEX_VERSION:
        return None
    fd = cache.open_entry(_PACK, key, params)
    if fd is None:
        return None
    pack = _Pack(fd)
    try:
        st = os.fstat(fd)
        if doc["pack"] != [st.st_size, st.st_mtime_ns, st.st_ino]:
            raise ValueError("the pack was rewritten since the index")
        articles: list[Article] = [_article(root, row, pack) for row in doc["articles"]]
        files = doc["files"]
        expected = Expected(
            walk_skipped=tuple(str(x) for x in doc["walk_skipped"]),
            files={str(k): str(v) for k, v in files.items()},
            manifest=None if doc["manifest"] is None else str(doc["manifest"]),
        )
        skipped = [str(x) for x in doc["skipped"]]
    except (KeyError, TypeError, ValueError, IndexError, OSError):
        pack.close()
        return None
    if not articles:
        pack.close()
        return None
    return Indexed(Corpus(root=root, articles=articles, skipped=skipped), expected, pack)


def _article(root: Path, row: list[Any], pack: _Pack) -> IndexedArticle:
    rel, article_id, content_hash, offset, length, words, meta, warnings = row
    if not (type(offset) is int and type(length) is int and type(words) is int and offset >= 0 and length >= 0):
        raise ValueError("not an index row")
    if type(meta) is not str or type(rel) is not str or type(warnings) is not list:
        raise ValueError("not an index row")
    article = IndexedArticle.__new__(IndexedArticle)
    article.id = str(article_id)
    article._where = (root, rel)
    article.content_hash = str(content_hash)
    article._raw_meta = meta
    article.warnings = tuple(map(str, warnings)) if warnings else ()
    article._by_id = None
    article._spans = None
    article._pack = pack
    article._span = (offset, length)
    article._words = words
    return article


def verify(root: Path, expected: Expected) -> bool:
    """Whether the folder still holds exactly what the index says (every file hashed)."""
    from sahel_tui.corpus.discover import discover
    from sahel_tui.errors import UserError

    try:
        found, walk_skipped = discover(Path(root))
    except UserError:
        return False
    if tuple(walk_skipped) != expected.walk_skipped or {f.rel for f in found} != expected.files.keys():
        return False
    if manifest_digest(Path(root)) != expected.manifest:
        return False
    return all(file_digest(f.path) == expected.files[f.rel] for f in found)
