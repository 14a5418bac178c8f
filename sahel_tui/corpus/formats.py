"""Turn a sanitised source into blocks: one per line of plain text, one per Markdown block.

A block is the unit cleaning judges (title, heading, body, boilerplate). It
keeps the span of the source it came from, so a removal can always say where
it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any



@dataclass(slots=True)
class Block:
    text: str  # one line, whitespace collapsed
    start: int  # span in the sanitised source
    end: int
    hint: str | None = None  # what the markup said: "title", "heading", "code", "image", "html"
    removed_parts: list[tuple[str, str]] = field(default_factory=list)  # (reason, text) dropped inside
    # News furniture cut out of the text (corpus.furniture): (reason, text, source start, source end,
    # offset in ``text`` where it stood). Source offsets are exact where the block is a plain run of the source.
    cuts: list[tuple[str, str, int, int, int]] = field(default_factory=list)
    cut_reason: str | None = None  # the whole block was furniture: cleaning removes it with this reason


@dataclass(slots=True)
class Parsed:
    blocks: list[Block]
    meta: dict[str, Any] = field(default_factory=dict)  # explicit metadata (front matter, <meta>)
    meta_how: str = ""
    warnings: list[str] = field(default_factory=list)  # one line each, for Article.warnings
    meta_hows: dict[str, str] = field(default_factory=dict)  # per-field provenance, over meta_how


def squash(text: str) -> str:
    """Whitespace runs to one space, ends stripped."""
    return " ".join(text.split())


def plain_blocks(text: str) -> list[Block]:
    """Blocks of a plain-text article.

    Web copy-paste puts one paragraph per line; e-mail and wire copy wrap at
    ~72 columns with blank lines between paragraphs. The second is detected
    from the shape of the file and its lines are joined back.
    """
    lines: list[tuple[int, int]] = []  # (start, end) of each stripped non-empty line, None for blanks
    spans: list[tuple[int, int] | None] = []
    pos = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        s, e = pos, end
        while s < e and text[s] in " \t":
            s += 1
        while e > s and text[e - 1] in " \t":
            e -= 1
        if s < e:
            lines.append((s, e))
            spans.append((s, e))
        else:
            spans.append(None)
        if nl < 0:
            break
        pos = nl + 1
    if _is_hard_wrapped(text, spans):
        return _join_wrapped(text, spans)
    return [Block(squash(text[s:e]), s, e) for s, e in lines]


def _is_hard_wrapped(text: str, spans: list[tuple[int, int] | None]) -> bool:
    """Wrapped copy: lines no longer than ~100 columns, and inside a paragraph
    every line but the last runs close to that width. A name line over a bio
    over "More >" is three blocks, not one paragraph."""
    present = [e - s for s, e in (sp for sp in spans if sp is not None)]
    if len(present) < 4 or None not in spans:
        return False
    width = sorted(present)[int(len(present) * 0.95) - 1] if len(present) >= 20 else max(present)
    if width > 100:
        return False
    inner = [a[1] - a[0] for a, b in zip(spans, spans[1:]) if a is not None and b is not None]
    if len(inner) < 2 or len(inner) < len(present) * 0.3:
        return False
    return sum(1 for n in inner if n >= width * 0.6) >= len(inner) * 0.8


def _join_wrapped(text: str, spans: list[tuple[int, int] | None]) -> list[Block]:
    blocks: list[Block] = []
    group: list[tuple[int, int]] = []
    for sp in spans + [None]:
        if sp is not None:
            group.append(sp)
            continue
        if group:
            joined = " ".join(text[s:e] for s, e in group)
            blocks.append(Block(squash(joined), group[0][0], group[-1][1]))
            group = []
    return blocks


def markdown_blocks(text: str, body_start: int) -> list[Block]:
    """Blocks of a Markdown body that starts at ``body_start`` in ``text``."""
    from markdown_it import MarkdownIt

    body = text[body_start:]
    line_starts = [0]
    for m in re.finditer("\n", body):
        line_starts.append(m.end())

    def span(token_map: list[int] | None) -> tuple[int, int]:
        if not token_map:
            return body_start, body_start
        a, b = token_map
        start = line_starts[min(a, len(line_starts) - 1)]
        end = line_starts[b] - 1 if b < len(line_starts) else len(body)
        return body_start + start, body_start + max(start, end)

    md = MarkdownIt("commonmark", {"html": True})
    tokens = md.parse(body)
    blocks: list[Block] = []
    pending_hint: str | None = None
    pending_map: list[int] | None = None
    for tok in tokens:
        if tok.type == "heading_open":
            pending_hint = "title" if tok.tag == "h1" else "heading"
            pending_map = tok.map
        elif tok.type == "paragraph_open":
            pending_hint = None
            pending_map = tok.map
        elif tok.type == "inline" and pending_map is not None:
            text_out, dropped = _inline_text(tok.children or [])
            s, e = span(pending_map)
            block = Block(squash(text_out), s, e, pending_hint, dropped)
            if not block.text and dropped:
                block.hint = "image"
                block.text = squash(" ".join(t for _, t in dropped))
                block.removed_parts = []
            if block.text:
                blocks.append(block)
            pending_map = None
        elif tok.type in ("fence", "code_block"):
            s, e = span(tok.map)
            blocks.append(Block(squash(tok.content)[:2000], s, e, "code"))
        elif tok.type == "html_block":
            s, e = span(tok.map)
            stripped = squash(re.sub(r"<[^>]{0,2000}>", " ", tok.content))
            if stripped:
                blocks.append(Block(stripped[:2000], s, e, "html"))
        elif tok.type == "hr":
            continue
    return blocks


def _inline_text(children: list[Any]) -> tuple[str, list[tuple[str, str]]]:
    out: list[str] = []
    dropped: list[tuple[str, str]] = []
    for child in children:
        kind = child.type
        if kind == "text" or kind == "code_inline":
            out.append(child.content)
        elif kind in ("softbreak", "hardbreak"):
            out.append(" ")
        elif kind == "image":
            alt = "".join(c.content for c in (child.children or []) if c.type == "text")
            dropped.append(("image", alt or str(child.attrs.get("src", ""))))
        # link_open/close, em/strong markers and inline HTML tags are markup, not text
    return "".join(out), dropped
