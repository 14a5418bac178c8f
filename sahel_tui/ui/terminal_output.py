"""What the app writes to the terminal, adjusted for the terminal it lands in.

Two line filters, applied by Textual to every rendered line (borders and
content of every widget, dialogs and toasts included), so no widget needs to
know about them:

* :class:`AsciiGlyphs` (``--ascii`` / ``ascii = true``) maps box drawing, block
  elements and the few symbols Textual draws (ellipsis, arrows, bullets) to one
  ASCII character each, so the layout keeps its width on a console font that
  lacks them. Typographic quotes, dashes and accents are left alone.
* :class:`NoColorSafe` replaces Textual's NO_COLOR filter, which fails on a
  segment that carries no style at all (Textual 8.2 ``Monochrome``).
"""

from __future__ import annotations

import unicodedata

from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.filter import LineFilter, Monochrome

_SYMBOLS = {
    "…": "~", "·": ".", "•": "*", "◦": "o", "●": "*", "○": "o", "◉": "*", "◯": "o", "■": "#", "□": "#",
    "▪": "*", "▫": "*", "✓": "x", "✔": "x", "✗": "x", "✘": "x", "×": "x",
    "←": "<", "→": ">", "↑": "^", "↓": "v", "↔": "-", "↕": "|", "⇧": "^", "⇥": ">", "⏎": "<", "↵": "<",
    "▲": "^", "▼": "v", "◀": "<", "▶": ">", "△": "^", "▽": "v", "◁": "<", "▷": ">", "⌫": "<", "⎋": "e",
    "‣": ">", "⋯": "~", "⋮": ":",
}  # fmt: skip


def _box(char: str) -> str:
    """"-", "|" or "+" by the directions the glyph's lines run in (its Unicode name says)."""
    name = unicodedata.name(char, "")
    if "DIAGONAL" in name:
        return {"╱": "/", "╲": "\\"}.get(char, "X")
    words = set(name.split())
    directions = words & {"LEFT", "RIGHT", "UP", "DOWN"}
    if "HORIZONTAL" in words:
        directions |= {"LEFT", "RIGHT"}
    if "VERTICAL" in words:
        directions |= {"UP", "DOWN"}
    if directions and directions <= {"LEFT", "RIGHT"}:
        return "-"
    if directions and directions <= {"UP", "DOWN"}:
        return "|"
    return "+"


def _block(char: str) -> str:
    name = unicodedata.name(char, "")
    if "SHADE" in name or char == "█":
        return "#"
    if "LEFT" in name or "RIGHT" in name:
        return "|"  # vertical bars: tall borders, the cursor gutter
    return " "  # horizontal eighths: scrollbar thumb ends and tall borders


def _table() -> dict[int, str]:
    table = {ord(c): a for c, a in _SYMBOLS.items()}
    table.update({cp: _box(chr(cp)) for cp in range(0x2500, 0x2580)})
    table.update({cp: _block(chr(cp)) for cp in range(0x2580, 0x25A0)})
    table.update({cp: _block(chr(cp)) for cp in (0x1FB87, 0x1FB82)})  # Textual's "▔" relatives in tall borders
    return table


ASCII_TABLE = _table()


class AsciiGlyphs(LineFilter):
    """One ASCII character for every drawing glyph; everything else passes through."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        table = ASCII_TABLE
        return [
            Segment(text if text.isascii() else text.translate(table), style, control)
            for text, style, control in segments
        ]


_PLAIN = Style()


class NoColorSafe(Monochrome):
    """Textual's NO_COLOR greying, tolerant of segments without a style."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        return super().apply(
            [Segment(text, _PLAIN if style is None else style, control) for text, style, control in segments],
            background,
        )
