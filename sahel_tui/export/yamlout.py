"""A small YAML writer for the front matter, safe even where front matter is not understood.

``yaml.safe_dump`` writes valid YAML, but keeps an article title such as
``<script>…`` or ``[x](y)`` as it is. A viewer that does not know front matter
renders the block as an ordinary paragraph, and there those characters would
act. So every string is written as a double-quoted scalar in which markup
characters are ``\\uXXXX`` escapes: ``yaml.safe_load`` gives back exactly the
original string, and the raw text holds nothing a Markdown renderer acts on.
The structure (keys, nesting) is ours and fixed; no line is ever folded.
"""

from __future__ import annotations

import re
from typing import Any

# Markup characters (HTML, links, code, emphasis, strikethrough, maths), the
# quote and backslash of the scalar itself, and whatever YAML refuses raw or
# reads as a line break.
_ESCAPE = re.compile(
    r"[\\\"<>&\[\]`*~$\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]"
    # "_" only where it could open or close emphasis, so date_earliest stays readable.
    r"|_(?![A-Za-z0-9])|(?<![A-Za-z0-9])_"
)
_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def _char(m: re.Match[str]) -> str:
    ch = m.group(0)
    if ch == "\\":
        return "\\\\"
    if ch == '"':
        return '\\"'
    return f"\\u{ord(ch):04x}"


def scalar(value: Any) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    return '"' + _ESCAPE.sub(_char, str(value)) + '"'


def _key(key: str) -> str:
    if not _KEY.match(key):
        raise ValueError(f"front matter keys are ours and plain: {key!r}")
    return key


def _lines(value: Any, indent: str) -> list[str]:
    """The lines of a mapping or a sequence at ``indent``."""
    out: list[str] = []
    if isinstance(value, dict):
        for k, v in value.items():
            if isinstance(v, (dict, list)) and v:
                out.append(f"{indent}{_key(k)}:")
                out.extend(_lines(v, indent + "  "))
            else:
                out.append(f"{indent}{_key(k)}: {_empty(v) if isinstance(v, (dict, list)) else scalar(v)}")
    else:
        for item in value:
            if isinstance(item, (dict, list)) and item:
                sub = _lines(item, indent + "  ")
                # "- " takes the place of the first line's indentation.
                out.append(f"{indent}- {sub[0].lstrip()}")
                out.extend(sub[1:])
            else:
                out.append(f"{indent}- {_empty(item) if isinstance(item, (dict, list)) else scalar(item)}")
    return out


def _empty(value: dict[str, Any] | list[Any]) -> str:
    return "{}" if isinstance(value, dict) else "[]"


def dump(data: dict[str, Any]) -> str:
    """YAML for a mapping of plain keys to strings, numbers, None, lists and mappings."""
    return "\n".join(_lines(data, "")) + "\n"
