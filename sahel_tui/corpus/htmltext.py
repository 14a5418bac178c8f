"""Main text of an HTML page: the article, not the page around it.

The main text and the page's metadata come from trafilatura (see
``html_blocks``); the hand-written lxml extraction below it is kept as the
fallback for pages trafilatura gives up on, and as the baseline that
bench/html_bench.py measures it against.

Hand-written extraction: scripts, styles, navigation, forms and asides are dropped first; the main
element is ``<article>`` or ``<main>`` when the page has one, else the element
whose paragraphs hold the most text (the readability idea, in one pass). The
walk is iterative, so a deeply nested page cannot exhaust the stack, and the
work is linear in the size of the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sahel_tui.corpus.formats import Block, Parsed, squash


@dataclass
class _Pending:
    """The block being gathered: its kind (a heading, code...) and the source line it starts on."""

    hint: str | None = None
    line: int | None = None

_DROP = {
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed",
    "form", "button", "select", "textarea", "input", "nav", "aside", "footer", "header",
    "canvas", "video", "audio", "picture", "source", "head",
}  # fmt: skip
_BLOCK = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "div", "section",
    "article", "main", "td", "th", "dt", "dd", "figcaption", "caption", "address", "figure",
    "ul", "ol", "dl", "table", "tr", "br", "hr", "body",
    # Dropped by this module's own walk; blocks when corpus.webtext walks the whole page for its removal record.
    "nav", "aside", "footer", "header", "form",
}  # fmt: skip
_XML_DECL = re.compile(r"\A\s*<\?xml[^>]{0,200}\?>")
# libxml2 checks each attribute of a tag against every earlier one, so a tag
# with 200,000 attributes takes minutes to parse. No attribute this module reads
# (meta content, img alt, role) needs 2 KB, so an oversized tag keeps only its
# name and its line breaks (block offsets are mapped by line number).
_HUGE_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9:-]{0,40})([^<>]{2048,}+)>")
DEPTH_WARNING = "HTML nested too deep (over 2048 levels): text from that depth on is lost"
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}charset\s*=\s*["']?([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)


def declared_charset(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii") if m else None


def _prepare(text: str) -> str:
    text = _XML_DECL.sub("", text, count=1)
    return _HUGE_TAG.sub(lambda m: f"<{m.group(1)}{chr(10) * m.group(2).count(chr(10))}>", text)


def html_blocks_handwritten(text: str) -> Parsed:
    import lxml.html
    from lxml import etree

    text = _prepare(text)
    if not text.strip():
        return Parsed([])
    # libxml2 stops at 256 levels of nesting and drops everything from there on,
    # silently; huge_tree raises that to 2048, which real pages never reach. It
    # also lifts libxml2's 10 MB text-node cap, but the loader's 20 MB file limit
    # already bounds the work, and the HTML parser expands no custom entities.
    # Past 2048 levels the page is cut off, so the cut is named in a warning.
    parser = lxml.html.HTMLParser(huge_tree=True)
    try:
        doc = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError):
        return Parsed([], warnings=_depth_warning(parser))
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    meta, how = _meta(doc)
    main = _main_element(doc)
    blocks = _walk(main, line_starts, len(text))
    return Parsed(blocks, meta, how, _depth_warning(parser))


def _depth_warning(parser: Any) -> list[str]:
    """One line if libxml2 gave up on the nesting depth (it then drops the rest)."""
    for entry in parser.error_log:
        if entry.type_name == "ERR_RESOURCE_LIMIT" and "depth" in entry.message.lower():
            return [DEPTH_WARNING]
    return []


def _meta(doc: Any) -> tuple[dict[str, str], str]:
    found: dict[str, str] = {}
    for el in doc.iter("meta"):
        key = (el.get("name") or el.get("property") or "").lower()
        content = squash(el.get("content") or "")
        if not key or not content:
            continue
        target = {
            "author": "author",
            "article:author": "author",
            "og:site_name": "publisher",
            "publisher": "publisher",
            "description": "description",
            "og:description": "description",
            "article:published_time": "date",
            "date": "date",
            "dc.date": "date",
            "og:title": "title",
        }.get(key)
        if target and target not in found:
            found[target] = content[:500]
    title_el = doc.find(".//title")
    if title_el is not None and squash(title_el.text_content()):
        # Often "Site | Headline": used only when the page has no <h1> title of its own.
        found["html_title"] = squash(title_el.text_content())[:500]
    if "date" in found:
        found["date"] = found["date"][:10] if re.match(r"\d{4}-\d{2}-\d{2}", found["date"]) else found["date"]
    return found, "HTML <meta>"


def _main_element(doc: Any) -> Any:
    body = doc.find(".//body")
    root = body if body is not None else doc
    for tag in ("article", "main"):
        candidates = list(root.iter(tag))
        if candidates:
            return max(candidates, key=lambda e: len(e.text_content()))
    for el in root.iter():
        if el.get("role") == "main":
            return el
    # Readability in one pass: each paragraph votes for its parent (and half for
    # the grandparent) with its length; the best-voted container is the article.
    scores: dict[Any, float] = {}
    for p in root.iter("p"):
        size = len(p.text_content())
        if size < 25:
            continue
        parent = p.getparent()
        if parent is None:
            continue
        scores[parent] = scores.get(parent, 0.0) + size
        grand = parent.getparent()
        if grand is not None:
            scores[grand] = scores.get(grand, 0.0) + size / 2
    if not scores:
        return root
    return max(scores, key=scores.__getitem__)


def _walk(main: Any, line_starts: list[int], total: int, drop: frozenset[str] | set[str] = _DROP) -> list[Block]:
    """Blocks in document order; text in inline tags joins its block."""
    from lxml import etree

    blocks: list[Block] = []
    buf: list[str] = []
    state = _Pending()

    def offset(line: int | None) -> int:
        if line is None:
            return 0
        return line_starts[min(max(line - 1, 0), len(line_starts) - 1)]

    def flush(end_line: int | None) -> None:
        text = squash("".join(buf))
        buf.clear()
        if text:
            start = offset(state.line)
            end_idx = min(end_line or state.line or 1, len(line_starts))
            end = line_starts[end_idx] - 1 if end_idx < len(line_starts) else total
            blocks.append(Block(text, start, max(start, end), state.hint))
        state.hint = None
        state.line = None

    # The tree is never modified: lxml refuses control characters in text it is
    # given, and a page may well hold some. Dropped elements are skipped instead.
    walker = etree.iterwalk(main, events=("start", "end", "comment", "pi"))
    for event, el in walker:
        tag = el.tag if isinstance(el.tag, str) else ""
        if event in ("comment", "pi"):
            if el.tail:
                buf.append(el.tail)
            continue
        if event == "start" and tag in drop:
            walker.skip_subtree()
            continue
        if event == "end" and tag in drop:
            if el.tail:
                buf.append(el.tail)
            continue
        if event == "start":
            if tag in _BLOCK:
                flush(el.sourceline)
                if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                    state.hint = "title" if tag == "h1" else "heading"
                elif tag == "pre":
                    state.hint = "code"
                elif tag == "figcaption":
                    state.hint = "caption"
            elif tag == "img":
                alt = squash(el.get("alt") or "")
                if alt:
                    flush(el.sourceline)
                    line = el.sourceline or 1
                    end = line_starts[line] - 1 if line < len(line_starts) else total
                    blocks.append(Block(alt, offset(line), max(offset(line), end), "image"))
            if el.text and tag != "img":
                if state.line is None:
                    state.line = el.sourceline
                buf.append(el.text)
        else:
            if tag in _BLOCK:
                flush(el.sourceline)
            if el is not main and el.tail:
                if state.line is None:
                    state.line = el.sourceline
                buf.append(el.tail)
    flush(None)
    return blocks


def html_blocks(text: str) -> Parsed:
    """The page's main text through trafilatura (sahel_tui.corpus.webtext), this module's walk as its fallback."""
    from sahel_tui.corpus.webtext import html_blocks as main_text_blocks

    return main_text_blocks(text)
