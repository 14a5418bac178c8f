"""Temporary files left behind by a killed or failed write, swept up later.

Every atomic write here goes through a temporary file beside its target. A
SIGKILL or a full disk between creating it and renaming it leaves it behind
(15 ``.out.md.*.tmp`` after 15 kills, in the issue that asked for this), and
nothing else ever looks at it. The next write to the same folder removes the
ones of its own pattern that are old enough that no live writer can still own
them: a write takes well under a second, so an hour is a wide margin.
"""

from __future__ import annotations

import time
from pathlib import Path

STALE_SECONDS = 3600.0


def sweep(folder: Path, pattern: str, older_than: float = STALE_SECONDS) -> int:
    """Delete regular files in ``folder`` matching ``pattern`` not touched for ``older_than`` s; returns how many."""
    cutoff = time.time() - older_than
    removed = 0
    try:
        candidates = list(folder.glob(pattern))
    except OSError:
        return 0
    for path in candidates:
        try:
            info = path.lstat()
            if path.is_symlink() or not path.is_file() or info.st_mtime > cutoff:
                continue
            path.unlink()
            removed += 1
        except OSError:
            continue  # gone already, or not ours to remove: the next sweep tries again
    return removed
