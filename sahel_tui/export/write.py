"""Writing the briefing: a default name, no silent overwrite, never a half-written file."""

from __future__ import annotations

import errno
import os
import secrets
from datetime import datetime
from pathlib import Path

from sahel_tui.errors import UserError
from sahel_tui.export.escape import slug


def default_filename(title: str, when: datetime, suffix: str = ".md") -> str:
    """``<title-slug>-YYYY-MM-DD.md``, e.g. ``briefing-2026-11-22.md`` (or ``.html``)."""
    return f"{slug(title) or 'briefing'}-{when:%Y-%m-%d}{suffix}"


FORMATS = ("md", "html")


def format_for(path: str | None, asked: str | None) -> str:
    """The format asked for, else the one the file name says (``.html``/``.htm``), else Markdown."""
    if asked:
        return asked
    if path and path != "-" and path.lower().endswith((".html", ".htm")):
        return "html"
    return "md"


def check_target(target: Path, force: bool = False) -> None:
    """Fail early (before any analysis runs) on a target that cannot be written."""
    if target.is_dir():
        raise UserError(f"{target} is a folder; give a file name")
    parent = target.parent
    if not parent.is_dir():
        raise UserError(f"folder does not exist: {parent}")
    if not force and (target.exists() or target.is_symlink()):
        raise UserError(f"{target} already exists (use --force to overwrite it)")


def write_briefing(text: str, target: Path, force: bool = False) -> Path:
    """Write ``text`` to ``target`` atomically and return the path.

    The bytes go to a temporary file beside the target, are flushed to disk, and
    only then take the target's name, so a reader (or a crash) sees the old file
    or the whole new one, never a partial one. Without ``force`` the final step
    is a hard link, which fails if the name was taken in the meantime, so even a
    race cannot overwrite someone's file.
    """
    check_target(target, force)
    from sahel_tui.infrastructure.tempfiles import sweep

    sweep(target.parent, f".{target.name}.*.tmp")  # left by an earlier write that was killed
    data = text.encode("utf-8")
    tmp = target.parent / f".{target.name}.{secrets.token_hex(4)}.tmp"
    try:
        # 0o666 through os.open lets the user's umask decide the permissions, as
        # for any file they create (mkstemp would force 0o600).
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as exc:
        raise UserError(f"cannot write in {target.parent}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if force:
            os.replace(tmp, target)
        else:
            _link_no_clobber(tmp, target)
    except FileExistsError:
        raise UserError(f"{target} already exists (use --force to overwrite it)") from None
    except OSError as exc:
        raise UserError(f"cannot write {target}: {exc.strerror or exc}") from None
    finally:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
    return target


def _link_no_clobber(tmp: Path, target: Path) -> None:
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise
    except OSError as exc:
        # Some file systems (FAT, some network mounts) have no hard links: fall
        # back to check-then-rename, which is atomic for the content if not for
        # the existence check.
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK, errno.ENOSYS):
            raise
        if target.exists():
            raise FileExistsError(errno.EEXIST, "exists", str(target)) from None
        os.replace(tmp, target)
