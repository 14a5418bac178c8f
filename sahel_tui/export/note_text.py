"""An analyst's note in the briefing: their emphasis kept, everything else made literal.

Notes are stored as typed Markdown, and may come from another analyst's file
(``notes import``), so they get the same treatment as article text with one
exception: emphasis, strong emphasis and code spans, which analysts use and
which cannot reach outside their own line, are re-emitted. Links keep their
text and show the address as plain text; headings, lists, quotes, HTML, tables
and footnotes become ordinary escaped text. Each block becomes one line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sahel_tui.export.escape import clean_text, escape_fragment, escape_line_start

if TYPE_CHECKING:
    from markdown_it.token import Token


def _code_span(content: str) -> str:
    content = clean_text(content)
    if not content:
        return ""
    # A fence one backtick longer than any run inside, padded when the content
    # touches a backtick (CommonMark's own rule), so the span always closes.
    longest = run = 0
    for ch in content:
        run = run + 1 if ch == "`" else 0
        longest = max(longest, run)
    fence = "`" * (longest + 1)
    pad = " " if content.startswith("`") or content.endswith("`") else ""
    return f"{fence}{pad}{content}{pad}{fence}"


def _inline(children: list[Token]) -> str:
    out: list[str] = []
    link_stack: list[str] = []
    for t in children:
        kind = t.type
        if kind == "text":
            out.append(escape_fragment(t.content))
        elif kind in ("softbreak", "hardbreak"):
            out.append(" ")
        elif kind in ("em_open", "em_close"):
            out.append("*")
        elif kind in ("strong_open", "strong_close"):
            out.append("**")
        elif kind == "code_inline":
            out.append(_code_span(t.content))
        elif kind == "link_open":
            link_stack.append(str(t.attrs.get("href", "")))
        elif kind == "link_close":
            href = link_stack.pop() if link_stack else ""
            if href:
                out.append(f" ({escape_fragment(href)})")
        elif kind == "image":
            out.append(escape_fragment(t.content or ""))
        else:  # html_inline and anything unexpected: shown, never acted on
            out.append(escape_fragment(t.content or ""))
    return "".join(out)


def note_lines(note: str) -> list[str]:
    """The note as Markdown lines, one per block (paragraph, list item, heading, code)."""
    from markdown_it import MarkdownIt

    if not note.strip():
        return []
    # The bare CommonMark parser: no tables, footnotes or linkify, so nothing a
    # note holds is recognised as more than the spec's core.
    tokens = MarkdownIt("commonmark").parse(note)
    lines: list[str] = []
    for t in tokens:
        if t.type == "inline":
            line = _inline(t.children or []).strip()
        elif t.type in ("fence", "code_block", "html_block"):
            line = escape_fragment(t.content).strip()
        else:
            continue
        # Emphasis markers may now touch spaces the parser dropped; a stray "*"
        # is harmless text, so only the line start needs care.
        if line:
            lines.append(line if line.startswith("*") else escape_line_start(line))
    return lines
