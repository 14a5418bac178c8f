"""Front matter of Markdown files (YAML between ``---`` lines, or TOML between ``+++``).

YAML goes through a SafeLoader subclass that also refuses aliases and explicit
tags: aliases are how a "billion laughs" file explodes in memory, and tags
(``!!python/object``) are how a file asks for code. Neither has any business
in an article's metadata.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import yaml

from sahel_tui.errors import UserError

_MAX_BYTES = 64 * 1024
_OPEN = re.compile(r"\A(?:\ufeff)?(---|\+\+\+)[ \t]*\n")


class FrontMatterError(UserError):
    """Broken front matter; the message is one line (a UserError wherever it surfaces)."""


def split_front_matter(text: str) -> tuple[dict[str, Any] | None, int]:
    """Parse front matter at the start of ``text``.

    Returns the mapping (None when there is none) and the offset where the
    body starts. Raises FrontMatterError when the block is there but broken.
    """
    m = _OPEN.match(text)
    if not m:
        return None, 0
    fence = m.group(1)
    closers = ("---", "...") if fence == "---" else ("+++",)
    pos = m.end()
    while True:
        nl = text.find("\n", pos)
        line = text[pos : nl if nl >= 0 else len(text)]
        if line.rstrip() in closers:
            body = pos + len(line) + (1 if nl >= 0 else 0)
            break
        if nl < 0 or nl - m.end() > _MAX_BYTES:
            raise FrontMatterError(f"front matter opened with {fence!r} is never closed")
        pos = nl + 1
    raw = text[m.end() : pos]
    if len(raw) > _MAX_BYTES:
        raise FrontMatterError("front matter is larger than 64 KB")
    data = _parse_toml(raw) if fence == "+++" else _parse_yaml(raw)
    if data is None:
        return {}, body
    if not isinstance(data, dict):
        raise FrontMatterError(f"front matter is a {type(data).__name__}, not a mapping of keys to values")
    return data, body


def _parse_toml(raw: str) -> dict[str, Any]:
    import tomllib

    try:
        return tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise FrontMatterError(f"front matter is not valid TOML ({exc})") from None
    except RecursionError:  # tomllib recurses once per nested array or table
        raise FrontMatterError("front matter is nested too deeply") from None


def _strict_loader() -> type[yaml.SafeLoader]:
    import yaml

    class StrictLoader(yaml.SafeLoader):
        """SafeLoader without aliases or explicit tags."""

        def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
            event = self.peek_event()  # type: ignore[no-untyped-call]  # untyped in PyYAML's stubs
            if isinstance(event, yaml.AliasEvent):
                raise FrontMatterError(f"YAML aliases are not allowed in front matter (line {_line(event)})")
            tag = getattr(event, "tag", None)
            if tag not in (None, "!"):
                raise FrontMatterError(f"YAML tags are not allowed in front matter ({tag}, line {_line(event)})")
            return super().compose_node(parent, index)

    return StrictLoader


def _line(event: object) -> int | str:
    """The 1-based line of a YAML event, or "?" when PyYAML gives no mark."""
    mark = getattr(event, "start_mark", None)
    return mark.line + 1 if mark is not None else "?"


def _parse_yaml(raw: str) -> Any:
    import yaml

    loader = _strict_loader()(raw)
    try:
        return loader.get_single_data()
    except FrontMatterError:
        raise
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "syntax error"
        raise FrontMatterError(f"front matter is not valid YAML: {problem}{where}") from None
    except (ValueError, TypeError, RecursionError) as exc:
        raise FrontMatterError(f"front matter cannot be read: {exc}") from None
    finally:
        loader.dispose()


def scalar(value: Any) -> str | None:
    """A front-matter value as a one-line string (lists join with '; ')."""
    import datetime as _dt

    if value is None:
        return None
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        parts = [s for v in value if (s := scalar(v))]
        return "; ".join(parts) or None
    if isinstance(value, dict):
        name = value.get("name")
        return scalar(name) if name is not None else None
    text = " ".join(str(value).split())
    return text or None
