"""The main text of a saved web page through trafilatura, with every dropped block recorded.

Why trafilatura: it is the well-kept library made for exactly this (main text
plus title, author, date, site name and canonical URL), ships everything it
needs in its wheel, makes no network call when given the page itself, and on
../shared/bench/html-dev it scores F1 0.905 where the hand-written extraction
scored 0.872 (bench/html_bench.py).

trafilatura returns text without offsets, so the page is also walked here, block
by block with the line each came from (``htmltext._walk``). Each paragraph
trafilatura kept is located among those blocks by its text; the blocks it did
not keep become removals with the reason "outside the main text", so the
reader's ``r`` still shows what the page held around the article and where.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from sahel_tui.corpus.formats import Block, Parsed, squash

# Walked for the removal record, never kept: they hold no readable text.
_NO_TEXT = frozenset(
    {"script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas",
     "video", "audio", "picture", "source", "head", "select", "textarea", "input", "button"}
)  # fmt: skip
OUTSIDE = "outside the main text"
# trafilatura takes about 2.5 s per MB of markup (the hand-written walk 0.3 s):
# past this size, once oversized attributes (inline images) are cut, a page is
# read by the walk, so a 20 MB file still loads in seconds. Saved articles are
# far smaller; a page this big is an archive or a feed dump.
TRAFILATURA_LIMIT = 4 * 1024 * 1024
SIZE_WARNING = f"HTML page over {TRAFILATURA_LIMIT // (1024 * 1024)} MB of markup: main text found by the built-in extraction"
_PROBE = 48  # characters of a paragraph looked up at once: long enough to be unique on a page
# Browsers and archivers leave the page's address (and SingleFile the time it was
# saved) in a comment at the top of a saved page: the evidence of where it came from.
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(?P<url>[^\s>]{4,2000}?)\s*-->", re.IGNORECASE)
_SINGLEFILE_URL = re.compile(r"Page saved with SingleFile\s.{0,200}?\burl:\s*(?P<url>\S{4,2000})", re.DOTALL)
_SINGLEFILE_DATE = re.compile(r"Page saved with SingleFile\s.{0,2400}?\bsaved date:\s*(?P<date>[^\n]{6,80})", re.DOTALL)


# A character reference to a control (&#27;, &#x9b;) decodes into a control in
# the parsed text, after the source was sanitised. trafilatura silently drops
# the control and keeps the rest of an escape sequence ("[31m"), so the
# references are decoded and the sequences scrubbed before it sees the page;
# the walk keeps them, and the kept paragraph records what went (``_controls``).
_CONTROL_REF = re.compile(r"&#(?:[xX](?P<hex>[0-9a-fA-F]{1,6})|(?P<dec>[0-9]{1,7}));?")


def _decode_control_refs(text: str) -> str:
    from sahel_tui.corpus.decode import scrub

    def one(m: re.Match[str]) -> str:
        code = int(m.group("hex"), 16) if m.group("hex") else int(m.group("dec"))
        if code in (9, 10, 13) or not (code < 32 or 127 <= code < 160):
            return m.group()
        return chr(code)

    if "&#" not in text:
        return text
    decoded = _CONTROL_REF.sub(one, text)
    return scrub(decoded)[0] if decoded != text else text


def _key(text: str) -> str:
    """Text without whitespace or controls: trafilatura and the walk join inline text differently."""
    from sahel_tui.corpus.decode import scrub

    return "".join(scrub(text)[0].split())


def _paragraphs(body: Any) -> list[tuple[str, str | None]]:
    """(text, hint) for each element of trafilatura's result tree, list items and table rows one each."""
    out: list[tuple[str, str | None]] = []
    for child in body:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "list":
            parts = [squash("".join(item.itertext())) for item in child.iter("item")]
        elif tag == "table":
            parts = [" | ".join(t for cell in row if (t := squash("".join(cell.itertext())))) for row in child.iter("row")]
        else:
            parts = [squash("".join(child.itertext()))]
        hint = "heading" if tag == "head" else ("code" if tag == "code" else None)
        out.extend((p, hint) for p in parts if p)
    return out


def _saved_page_source(text: str) -> tuple[dict[str, str], str]:
    head = text[:8192]
    found: dict[str, str] = {}
    m = _SINGLEFILE_URL.search(head) or _SAVED_FROM.search(head)
    if m:
        found["url"] = m.group("url")
    d = _SINGLEFILE_DATE.search(head)
    if d:
        from sahel_tui.corpus.metadata import latest_dated_event

        # "Thu Dec 03 2026 17:25:24 GMT+0000 (...)" -> "2026-12-03"; as written when it is no date we read.
        event = latest_dated_event(d.group("date"))
        found["retrieved"] = event[0] if event and len(event[0]) == 10 else squash(d.group("date"))
    how = "the comment a browser leaves in a saved page" if found else ""
    return found, how


def html_blocks(text: str) -> Parsed:
    """Blocks of the page's main text (trafilatura), the rest of the page as removals."""
    import lxml.html
    from lxml import etree

    from sahel_tui.corpus import htmltext

    prepared = htmltext._prepare(text)
    if not prepared.strip():
        return Parsed([])
    if len(prepared) > TRAFILATURA_LIMIT:
        parsed = htmltext.html_blocks_handwritten(text)
        parsed.warnings.append(SIZE_WARNING)
        return parsed
    parser = lxml.html.HTMLParser(huge_tree=True)
    try:
        doc = lxml.html.document_fromstring(prepared, parser=parser)
    except (etree.ParserError, ValueError):
        return htmltext.html_blocks_handwritten(text)
    warnings = htmltext._depth_warning(parser)
    if warnings:
        # Past libxml2's depth limit the tree is cut off; trafilatura walks it
        # recursively as well, so the bounded hand-written walk reads it instead.
        return htmltext.html_blocks_handwritten(text)
    result = _extract(prepared)
    if result is None:
        return htmltext.html_blocks_handwritten(text)
    paragraphs, meta = result
    line_starts = [0] + [m.end() for m in re.finditer("\n", prepared)]
    body = doc.find(".//body")
    walked = htmltext._walk(body if body is not None else doc, line_starts, len(prepared), _NO_TEXT)
    blocks = _align(paragraphs, walked, meta.get("title"))
    if not any(b.hint != "offpage" for b in blocks):
        return htmltext.html_blocks_handwritten(text)
    saved, saved_how = _saved_page_source(text)
    how = "HTML metadata (trafilatura)"
    provenance: dict[str, str] = {}
    for key, value in saved.items():
        if key not in meta:
            meta[key] = value
            provenance[key] = saved_how
    inferred: list[str] = []
    site = meta.get("site_name", "")
    if site and " " not in site and "." in site:
        # No og:site_name: trafilatura falls back on the address's host name. A host
        # says who serves the page, which is a guess at its publisher, not its word.
        meta["site_name"] = site.removeprefix("www.")
        provenance["publisher"] = "host name of the page's address (trafilatura)"
        inferred.append("publisher")
    if provenance:
        meta["_provenance"] = provenance  # per-field provenance where it differs from ``how``
    if inferred:
        meta["_inferred"] = inferred  # fields that are guesses, not the page's statement
    return Parsed(blocks, meta, how, warnings)


def _extract(text: str) -> tuple[list[tuple[str, str | None]], dict[str, Any]] | None:
    import lxml.html
    from lxml import etree

    import trafilatura

    # trafilatura changes the tree it is given, so it gets a parse of its own
    # (huge_tree, like ours: its own parse would stop at 256 levels).
    try:
        tree = lxml.html.document_fromstring(_decode_control_refs(text), parser=lxml.html.HTMLParser(huge_tree=True))
        body = tree.find(".//body")
        if body is not None:
            # What a browser never shows as text (noscript, object fallbacks, templates,
            # scripts) must never reach the reader; the <head> stays, for the metadata
            # trafilatura reads there (meta tags, JSON-LD).
            etree.strip_elements(body, *_NO_TEXT - {"head"}, with_tail=False)
        doc = trafilatura.bare_extraction(
            tree,
            with_metadata=True,
            # Readers' comments under an article are not the article.
            include_comments=False,
            include_tables=True,
            # htmldate's extensive search runs dateparser over every date-like
            # string in every language it knows: 80% of the time on a page, for
            # dates in running text that the meta tags and markup already give.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except (RecursionError, MemoryError, ValueError, TypeError, AttributeError, etree.LxmlError):
        # A library failure on a strange page falls back to the hand-written walk, never a
        # crash: a page that is only a decoded control reference parses to nothing at all.
        return None
    body = getattr(doc, "body", None)  # a Document; bare_extraction's dict form never asked for
    if body is None:
        return None
    paragraphs = _paragraphs(body)
    if not paragraphs:
        return None
    meta: dict[str, Any] = {}
    for key, attr in (("title", "title"), ("author", "author"), ("site_name", "sitename"),
                      ("date", "date"), ("description", "description"), ("url", "url")):  # fmt: skip
        value = getattr(doc, attr, None)
        if isinstance(value, str) and squash(value):
            meta[key] = squash(value)[:2000]
    return paragraphs, meta


def _controls(texts: Any) -> list[tuple[str, str]]:
    """The control sequences the page blocks under a kept paragraph held (and the paragraph does not)."""
    from sahel_tui.corpus.decode import scrub

    found: list[tuple[str, str]] = []
    for text in texts:
        found.extend(scrub(text)[1])
    return found


def _align(paragraphs: list[tuple[str, str | None]], walked: list[Block], title: str | None) -> list[Block]:
    """trafilatura's paragraphs placed at the page blocks they came from; the other blocks marked "offpage"."""
    keys = [_key(b.text) for b in walked]
    starts: list[int] = []
    pos = 0
    for k in keys:
        starts.append(pos)
        pos += len(k)
    page = "".join(keys)
    covered = [0] * len(walked)

    def blocks_in(a: int, b: int) -> range:
        first = max(bisect.bisect_right(starts, a) - 1, 0)
        last = max(bisect.bisect_right(starts, max(a, b - 1)) - 1, first)
        return range(first, min(last + 1, len(walked)))

    out: list[Block] = []
    cursor = 0
    last_end = walked[0].start if walked else 0
    title_key = _key(title) if title else ""
    title_at: int | None = None  # the page's <h1> that carries the title, if any
    if title_key:
        for i, (b, k) in enumerate(zip(walked, keys)):
            if b.hint == "title" and k and (k == title_key or k in title_key or title_key in k):
                title_at = i
                break
    recorded: set[int] = set()  # walked blocks whose controls a kept paragraph already records
    for text, hint in paragraphs:
        k = _key(text)
        probe = k[:_PROBE]
        at = page.find(probe, cursor)
        if at < 0:
            at = page.find(probe)
        if at < 0:
            tail = k[-_PROBE:]
            end_at = page.find(tail, cursor)
            at = end_at + len(tail) - len(k) if end_at >= 0 else -1
        if at < 0 or not walked:
            # Not found on the page (the library rewrote it): placed after the last paragraph.
            out.append(Block(text, last_end, last_end, hint))
            continue
        at = max(at, 0)
        end = at + len(k)
        if not page.startswith(k, at):
            tail_at = page.find(k[-_PROBE:], at)
            end = tail_at + len(k[-_PROBE:]) if 0 <= tail_at < at + 2 * len(k) + _PROBE else at + len(probe)
        span = blocks_in(at, end)
        for i in span:
            overlap = min(end, starts[i] + len(keys[i])) - max(at, starts[i])
            covered[i] += max(overlap, 0)
        start_off = min(walked[i].start for i in span)
        end_off = max(walked[i].end for i in span)
        if title_at is not None and title_at in span and (k == keys[title_at] or not out):
            hint, title_at = "title", None  # trafilatura kept the headline itself
        fresh = [i for i in span if i not in recorded]
        recorded.update(span)
        out.append(Block(text, start_off, max(start_off, end_off), hint, _controls(walked[i].text for i in fresh)))
        last_end = end_off
        cursor = max(cursor, end)
    kept_order = out
    if title_at is not None and covered[title_at] * 2 < len(keys[title_at]):
        # The headline stood outside what trafilatura kept: it heads the text, from where it stood.
        b = walked[title_at]
        covered[title_at] = len(keys[title_at])
        kept_order = [Block(b.text, b.start, b.end, "title"), *out]
    dropped = [
        Block(b.text, b.start, b.end, b.hint if b.hint in ("image", "caption") else "offpage")
        for i, b in enumerate(walked)
        # A block of nothing but controls has no key; pipeline.parse records it as "control characters".
        if (covered[i] * 2 < len(keys[i])) or (not keys[i] and b.text)
    ]
    # Source order for the removal record; trafilatura's own order for the text it kept.
    merged: list[Block] = []
    di = 0
    for b in kept_order:
        while di < len(dropped) and dropped[di].start < b.start:
            merged.append(dropped[di])
            di += 1
        merged.append(b)
    merged.extend(dropped[di:])
    return merged
