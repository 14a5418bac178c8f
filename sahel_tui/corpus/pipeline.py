"""One article through every stage: decoded source -> safe text -> blocks -> clean -> Article.

Offsets: a removal's ``source_start``/``source_end`` point into the decoded
source (newlines normalised), carried back through the sanitising map; a
paragraph's or sentence's ``start``/``end`` point into ``Article.text``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sahel_tui.corpus.clean import Found, clean_blocks
from sahel_tui.corpus.decode import normalise_newlines, sanitize, scrub
from sahel_tui.corpus.formats import Block, Parsed, markdown_blocks, plain_blocks, squash
from sahel_tui.corpus.furniture import strip_furniture
from sahel_tui.corpus.metadata import infer_metadata
from sahel_tui.corpus.model import Article, Field, Paragraph, Removal, Sentence

if TYPE_CHECKING:
    from sahel_tui.corpus.documents import Document

PARAGRAPH_SEPARATOR = "\n\n"
# markdown-it spends 10-25 us on each "[" or "*" it cannot close, so a large file
# of nothing but brackets takes minutes. An article body this big is read as
# plain text, which is linear whatever it holds (about 5 s worst case here).
MARKDOWN_LIMIT = 256 * 1024


def parse(text: str, kind: str) -> Parsed:
    """Blocks of a sanitised source; raises FrontMatterError for broken front matter."""
    if kind == "markdown":
        from sahel_tui.corpus.frontmatter import split_front_matter

        front, body_start = split_front_matter(text)
        if len(text) - body_start > MARKDOWN_LIMIT:
            parsed = Parsed(_shifted(plain_blocks(text[body_start:]), body_start))
            parsed.warnings.append(f"Markdown body over {MARKDOWN_LIMIT // 1024} KB: read as plain text")
        else:
            parsed = Parsed(markdown_blocks(text, body_start))
        if front:
            parsed.meta = front
            parsed.meta_how = "front matter"
    elif kind == "html":
        from sahel_tui.corpus.htmltext import html_blocks

        parsed = html_blocks(text)
    else:
        return Parsed(plain_blocks(text))
    # Character references (&#27;) decode into controls after sanitising: scrub again.
    for block in parsed.blocks:
        clean, found = scrub(block.text)
        if not found:
            continue
        if squash(clean):
            block.text = squash(clean)
            block.removed_parts.extend(found)
        else:  # nothing but controls: the block itself is the removal
            block.text = " ".join(printed for _, printed in found)
            block.hint = "control"
    return parsed


def _shifted(blocks: list[Block], offset: int) -> list[Block]:
    for block in blocks:
        block.start += offset
        block.end += offset
    return blocks


def build_article(
    source: str,
    article_id: str,
    path: Path,
    kind: str = "text",
    content_hash: str | None = None,
    warnings: list[str] | None = None,
    document: Document | None = None,
) -> Article:
    """Run the whole pipeline on a decoded source string.

    ``document`` is what a PDF, DOCX or e-mail reader made of a file (its
    ``source`` is then the decoded source): its blocks when it has them, else
    its text read as ``document.kind``, and its metadata over what the text says.
    """
    if document is not None:
        source = document.source
        kind = document.kind
    source = normalise_newlines(source)
    safe = sanitize(source)
    if document is not None and document.blocks is not None and safe.text == source:
        # The reader cleaned each block as it made it, so the sanitiser changed nothing and the blocks' offsets hold.
        parsed = Parsed(list(document.blocks))
    else:
        parsed = parse(safe.text, kind if kind in ("text", "markdown", "html") else "text")
    if document is not None:
        for name, value in document.meta.items():  # what the file states outranks what its text's markup says
            parsed.meta[name] = value
            parsed.meta_hows[name] = document.meta_how.get(name, "file properties")
        if not parsed.meta_how:
            parsed.meta_how = "file properties"
        parsed.warnings.extend(document.warnings)
    # News furniture (bylines, stamps, datelines, prompts) in any text, PDF and Word included.
    furniture = strip_furniture(parsed.blocks, safe.text)
    cleaned = clean_blocks(parsed.blocks)
    for name, carried in furniture.found.items():
        # A stated value (a byline) beats an inferred one (an author bio); otherwise cleaning's find stays.
        have = cleaned.found.get(name)
        if have is None or (have.inferred and not carried.inferred):
            cleaned.found[name] = Found(carried.value, carried.how, carried.inferred)

    pieces: list[str] = []
    paragraphs: list[Paragraph] = []
    block_start: dict[int, int] = {}  # id(block) -> offset in the cleaned text
    pos = 0
    for number, (block, bkind, spans) in enumerate(cleaned.kept, 1):
        if pieces:
            pieces.append(PARAGRAPH_SEPARATOR)
            pos += len(PARAGRAPH_SEPARATOR)
        pid = f"{article_id}-p{number}"
        sentences = tuple(
            Sentence(f"{pid}-s{m}", article_id, number, m, pos + s, pos + e, block.text[s:e], bkind)  # type: ignore[arg-type]
            for m, (s, e) in enumerate(spans, 1)
        )
        paragraphs.append(Paragraph(pid, number, bkind, pos, pos + len(block.text), sentences))  # type: ignore[arg-type]
        block_start[id(block)] = pos
        pieces.append(block.text)
        pos += len(block.text)
    text = "".join(pieces)

    removals = _removals(parsed.blocks, cleaned.removed, block_start, len(text), safe)
    meta = infer_metadata(text, paragraphs, cleaned, parsed.meta, parsed.meta_how, parsed.meta_hows)
    if document is not None:
        meta.extra.update(document.extra)
        for name in document.inferred:
            f = getattr(meta, name)
            if f is not None and f.how == document.meta_how.get(name):
                setattr(meta, name, Field(f.value, True, f.how))
    all_warnings = list(warnings or []) + safe.warnings + parsed.warnings
    return Article(
        id=article_id,
        path=path,
        text=text,
        content_hash=content_hash or hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest(),
        meta=meta,
        paragraphs=tuple(paragraphs),
        removed=tuple(removals),
        warnings=tuple(all_warnings),
    )


def _removals(
    blocks: list[Block],
    removed: list[tuple[Block, str]],
    block_start: dict[int, int],
    text_len: int,
    safe: Any,
) -> list[Removal]:
    """Every removal in source order, each placed before the next kept block."""
    reasons = {id(b): r for b, r in removed}
    out: list[tuple[int, Removal]] = []
    next_kept = text_len
    # Walk backwards so each removed block knows where the next kept one starts.
    for block in reversed(blocks):
        bid = id(block)
        if bid in block_start:
            next_kept = block_start[bid]
            for reason, part in block.removed_parts:
                out.append((block.start, _removal(reason, part, block, next_kept, safe)))
            for reason, part, s, e, at in block.cuts:
                src = safe.map.to_source(s)
                out.append((src, Removal(reason, part, src, safe.map.to_source(e), next_kept + at)))
            continue
        if bid in reasons and block.cuts and reasons[bid] == block.cut_reason:
            # A block that was all furniture: each piece with its own reason and span.
            for reason, part, s, e, _at in block.cuts:
                src = safe.map.to_source(s)
                out.append((src, Removal(reason, part, src, safe.map.to_source(e), next_kept)))
        elif bid in reasons:
            out.append((block.start, _removal(reasons[bid], block.text, block, next_kept, safe)))
            for reason, part in block.removed_parts:
                out.append((block.start, _removal(reason, part, block, next_kept, safe)))
    for c in safe.removals:
        out.append((c.source_start, Removal(c.reason, c.text, c.source_start, c.source_end, _before(c.clean_offset, blocks, block_start, text_len))))
    out.sort(key=lambda item: (item[0], item[1].source_end))
    return [r for _, r in out]


def _removal(reason: str, text: str, block: Block, before: int, safe: Any) -> Removal:
    return Removal(reason, text, safe.map.to_source(block.start), safe.map.to_source(block.end), before)


def _before(clean_offset: int, blocks: list[Block], block_start: dict[int, int], text_len: int) -> int:
    """Where a control sequence stood in the cleaned text: inside its kept block if any."""
    for block in blocks:
        if block.end < clean_offset:
            continue
        start = block_start.get(id(block))
        if start is None:
            continue
        if block.start <= clean_offset:
            return min(start + (clean_offset - block.start), start + len(block.text))
        return start
    return text_len
