"""Walk a corpus folder and read its article files, refusing what cannot be read.

Every file that looks like an article but cannot be used becomes one line in
``skipped`` that names it and says why; the walk itself never raises for a bad
file, only for a missing or unusable root.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from sahel_tui.errors import UserError

SIZE_LIMIT = 20 * 1024 * 1024  # bytes; a news article is rarely over 200 KB
EXTENSIONS = {
    ".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html",
    ".pdf": "pdf", ".docx": "docx", ".eml": "email",
}  # fmt: skip
# What the name says; the loader checks the content's signature (sahel_tui.corpus.sniff) and that wins.
# Extension priority when two files share a stem: the plain one keeps the plain id.
_PRIORITY = {"text": 0, "markdown": 1, "html": 2, "email": 3, "docx": 4, "pdf": 5}
_MAX_DEPTH = 32
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(slots=True)
class SourceFile:
    path: Path
    rel: str  # posix path relative to the root: the manifest key
    kind: str  # by extension: "text", "markdown", "html", "pdf", "docx" or "email"


def display_path(path: Path | str) -> str:
    """A file name safe to print: undecodable bytes and controls are escaped."""
    raw = str(path)
    safe = raw.encode("utf-8", "backslashreplace").decode("utf-8")
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), safe)


def discover(root: Path) -> tuple[list[SourceFile], list[str]]:
    """Article files under ``root`` in a stable order, and the skipped lines."""
    if not root.exists() and not root.is_symlink():
        raise UserError(f"corpus folder not found: {display_path(root)}")
    try:
        st = root.stat()
    except OSError as exc:
        raise UserError(f"cannot open corpus folder {display_path(root)}: {_reason(exc)}") from None
    if not stat.S_ISDIR(st.st_mode):
        raise UserError(f"corpus is not a folder: {display_path(root)}")
    found: list[SourceFile] = []
    skipped: list[str] = []
    seen_dirs = {(st.st_dev, st.st_ino)}
    _walk(root, "", seen_dirs, found, skipped, 0)
    found.sort(key=lambda f: f.rel)
    return found, skipped


def has_article_file(root: Path) -> bool:
    """Whether ``root`` holds at least one article file, stopping at the first one found.

    For the app's start-up: a folder with none is reported before any screen,
    and a full :func:`discover` (176 ms at 20,000 files) is not paid twice.
    """
    return article_files_upto(root, 1)[0] > 0


def article_files_upto(root: Path, limit: int) -> tuple[int, int]:
    """(article files, their bytes) in ``root``, counting no further than ``limit`` + 1 files.

    Cheap on any folder: a 20,000-file corpus stops after ``limit`` + 1 entries.
    """
    stack: list[str] = [str(root)]
    seen: set[tuple[int, int]] = set()
    count = size = 0
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                st = os.stat(entry.path)
            except OSError:
                continue
            if stat.S_ISDIR(st.st_mode):
                if (st.st_dev, st.st_ino) not in seen and len(seen) < 10_000:
                    seen.add((st.st_dev, st.st_ino))
                    stack.append(entry.path)
            elif stat.S_ISREG(st.st_mode) and _kind(entry.name) is not None:
                count += 1
                size += st.st_size
                if count > limit:
                    return count, size
    return count, size


def _walk(
    folder: Path,
    prefix: str,
    seen: set[tuple[int, int]],
    found: list[SourceFile],
    skipped: list[str],
    depth: int,
) -> None:
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        skipped.append(f"{display_path(prefix.rstrip('/') or folder)}: folder skipped ({_reason(exc)})")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue  # .git, .obsidian, editor swap files: never articles
        rel = f"{prefix}{entry.name}"
        try:
            st = os.stat(entry.path)  # follows symlinks; a loop raises ELOOP here
        except OSError as exc:
            if _looks_like_article(entry.name) or entry.is_symlink():
                skipped.append(f"{display_path(rel)}: skipped ({_reason(exc)})")
            continue
        if stat.S_ISDIR(st.st_mode):
            key = (st.st_dev, st.st_ino)
            if key in seen:
                skipped.append(f"{display_path(rel)}: folder skipped (symlink loop)")
                continue
            if depth >= _MAX_DEPTH:
                skipped.append(f"{display_path(rel)}: folder skipped (nested deeper than {_MAX_DEPTH} levels)")
                continue
            _walk(Path(entry.path), rel + "/", seen | {key}, found, skipped, depth + 1)
            continue
        kind = _kind(entry.name)
        if kind is None:
            continue  # images, manifests, notes: not articles, not errors
        if not stat.S_ISREG(st.st_mode):
            skipped.append(f"{display_path(rel)}: skipped (not a regular file)")
            continue
        found.append(SourceFile(Path(entry.path), rel, kind))


def _kind(name: str) -> str | None:
    return EXTENSIONS.get(os.path.splitext(name)[1].lower())


def _looks_like_article(name: str) -> bool:
    return _kind(name) is not None


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symlink loop"
    if exc.errno == errno.ENOENT:
        return "broken symlink or missing file"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return exc.strerror or type(exc).__name__


def _open(path: Path) -> BinaryIO:  # one seam, so tests can make a file unreadable even as root
    return open(path, "rb")


def read_limited(path: Path, limit: int = SIZE_LIMIT) -> bytes:
    """The file's bytes; OSError or ValueError (too big) carry the reason."""
    with _open(path) as fh:
        size = os.fstat(fh.fileno()).st_size
        if size > limit:
            raise ValueError(f"larger than the {limit // (1024 * 1024)} MB limit ({size / 1048576:.1f} MB)")
        data = fh.read(limit + 1)
    if len(data) > limit:  # grew while we read it, or a lying st_size
        raise ValueError(f"larger than the {limit // (1024 * 1024)} MB limit")
    return data


def read_error_reason(exc: Exception) -> str:
    if isinstance(exc, OSError):
        return _reason(exc)
    return str(exc)


def slug(rel: str) -> str:
    """``"Notes/Café Report.md"`` -> ``"notes--cafe-report"``; ASCII, stable."""
    stem = rel.rsplit(".", 1)[0] if "." in rel.rsplit("/", 1)[-1] else rel
    parts = []
    for part in stem.split("/"):
        ascii_part = unicodedata.normalize("NFKD", part).encode("ascii", "ignore").decode("ascii")
        parts.append(re.sub(r"[^a-z0-9]+", "-", ascii_part.lower()).strip("-"))
    out = "--".join(p for p in parts if p)
    if len(out) > 80:
        out = out[:72].rstrip("-") + "-" + _short_hash(rel)
    return out


def _short_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogateescape")).hexdigest()[:6]


def assign_ids(found: list[SourceFile]) -> dict[str, str]:
    """Article id per relative path, unique and independent of listing order.

    A file's id is its slug. When two files share a slug, the plainest name
    (a .txt before a .md before an .html, then the name that already is its
    slug) keeps it and the others get their extension or a short hash of
    their path, both derived from the file's own name only.
    """
    groups: dict[str, list[SourceFile]] = {}
    for f in found:
        base = slug(f.rel) or f"article-{_short_hash(f.rel)}"
        groups.setdefault(base, []).append(f)
    ids: dict[str, str] = {}
    taken = set(groups)
    for base, members in groups.items():
        if len(members) == 1:
            ids[members[0].rel] = base
            continue
        members.sort(key=lambda f: (_PRIORITY[f.kind], f.rel.rsplit(".", 1)[0] != base, f.rel))
        ids[members[0].rel] = base
        for f in members[1:]:
            ext = f.rel.rsplit(".", 1)[-1].lower()
            candidate = f"{base}-{ext}"
            if candidate in taken:
                candidate = f"{base}-{_short_hash(f.rel)}"
            taken.add(candidate)
            ids[f.rel] = candidate
    return ids
