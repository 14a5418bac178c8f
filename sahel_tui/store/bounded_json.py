"""JSON from a shared file, with limits on size, nesting and item count.

``json.loads`` recurses once per nested array or object, so ``'[' * 2000``
raises RecursionError (a traceback), and a file of millions of tiny items
takes memory out of all proportion to its bytes. A file meant for
``notes import`` is a flat list of annotations a few levels deep, so before
parsing, one pass over the structural characters (strings skipped by a
regular expression, so the pass is linear and in C for the text between)
checks depth and item count and stops at the first limit passed; only then
does the standard parser run, on input it is known to handle.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from sahel_tui.errors import UserError

MAX_BYTES = 64 * 1024 * 1024  # far above any real annotation export (1,000 notes is about 2 MB)
MAX_DEPTH = 32  # a W3C annotation is about 6 levels deep inside its collection
MAX_ITEMS = 500_000  # values in arrays and members of objects, over the whole file

# A JSON string (with escapes), or one structural character.
_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{},]', re.DOTALL)


def check_shape(text: str, max_depth: int = MAX_DEPTH, max_items: int = MAX_ITEMS) -> None:
    """Raise UserError when ``text`` nests deeper or holds more items than allowed."""
    depth = 0
    items = 0
    for m in _TOKENS.finditer(text):
        c = m.group(0)
        if c in "[{":
            depth += 1
            items += 1
            if depth > max_depth:
                raise UserError(f"it nests deeper than {max_depth} levels")
        elif c in "]}":
            depth -= 1
        elif c == ",":
            items += 1
            if items > max_items:
                raise UserError(f"it holds more than {max_items:,} items")


def load_file(path: Path, max_bytes: int = MAX_BYTES) -> object:
    """Parse the JSON file at ``path`` within the limits; every problem is one UserError line."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise UserError(f"{path} is {size / 1e6:.0f} MB; the limit for an import is {max_bytes / 1e6:.0f} MB")
        with path.open("rb") as fh:
            raw = fh.read(max_bytes + 1)
    except FileNotFoundError:
        raise UserError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise UserError(f"{path} is a folder, not a file") from None
    except OSError as exc:
        raise UserError(f"cannot read {path}: {exc.strerror or exc}") from None
    if len(raw) > max_bytes:  # grew while being read, or not a regular file
        raise UserError(f"{path} is larger than the {max_bytes / 1e6:.0f} MB limit for an import")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UserError(f"cannot read {path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    try:
        check_shape(text)
    except UserError as exc:
        raise UserError(f"{path} is not an annotation file: {exc}") from None
    try:
        return json.loads(text)
    except RecursionError:  # cannot happen after check_shape; kept so no input ever gives a traceback
        raise UserError(f"{path} is not an annotation file: it nests too deeply") from None
    except ValueError as exc:
        raise UserError(f"{path} is not JSON: {exc}") from None
