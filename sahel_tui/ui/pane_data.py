"""What the views share: the app's :class:`~sahel_tui.workspace.Workspace`, the messages between views, text helpers.

The analysis itself (actors, comparison, annotation store) lives in the
workspace, which imports no Textual; :func:`workspace_of` finds the app's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.message import Message

from sahel_tui.workspace import Workspace


def workspace_of(app: Any) -> Workspace:
    """The app's workspace, made on first use from ``app.corpus`` (a test's bare host app has none yet)."""
    workspace = getattr(app, "workspace", None)
    if not isinstance(workspace, Workspace):
        workspace = Workspace(app.corpus, getattr(app, "analysis_cache", None))
        app.workspace = workspace
    return workspace


@dataclass
class JumpTo(Message):
    """Show ``sentence_id`` of ``article_id`` in the reader; ``span`` is lit when given.

    Posted by any view; it bubbles to the app, which owns the reader.
    """

    article_id: str
    sentence_id: str
    span: tuple[int, int] | None = None


@dataclass
class AnnotationsChanged(Message):
    """The annotation store changed (posted to the app, so the reader and sources refresh)."""

    article_id: str | None = None


def short_sentence(sentence_id: str, article_id: str) -> str:
    """``p4-s2`` for ``{article}-p4-s2``."""
    prefix = article_id + "-"
    return sentence_id[len(prefix) :] if sentence_id.startswith(prefix) else sentence_id


def one_line(text: str) -> str:
    """Collapse line breaks and runs of spaces: list rows are one line each."""
    return " ".join(text.split())


def safe_text(text: str) -> str:
    """Text with control characters shown as ``\\x1b``-style escapes.

    ``rich.text.Text`` never parses markup, but a raw ESC or other control
    character would still reach the terminal; note text is user input.
    """
    out = []
    for ch in text:
        code = ord(ch)
        if ch in "\n\t":
            out.append(ch)
        elif code < 32 or code == 127 or 0x80 <= code < 0xA0:
            out.append(f"\\x{code:02x}")
        elif ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
            out.append(f"\\u{code:04x}")  # bidi overrides could reorder what the analyst sees
        else:
            out.append(ch)
    return "".join(out)

