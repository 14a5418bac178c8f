"""Small Markdown block builders. Cells and lines given here are already escaped."""

from __future__ import annotations

from typing import Sequence


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], align: str | None = None) -> str:
    """A GFM table; every row is padded or checked to the header's column count.

    ``align`` is one character per column: ``l`` (default) or ``r``.
    """
    width = len(headers)
    spec = (align or "").ljust(width, "l")[:width]
    lines = ["| " + " | ".join(headers) + " |"]
    lines.append("|" + "|".join("---:" if a == "r" else "---" for a in spec) + "|")
    for row in rows:
        if len(row) != width:
            raise ValueError(f"table row has {len(row)} cells, header has {width}")
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def heading(level: int, text: str) -> str:
    return f"{'#' * level} {text}"


def blockquote(line: str) -> str:
    return f"> {line}"


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def join_blocks(blocks: Sequence[str | None]) -> str:
    """Blocks separated by one blank line; empty ones dropped."""
    return "\n\n".join(b for b in blocks if b)
