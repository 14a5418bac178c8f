"""Text of a PDF in reading order, with running headers, footers and page numbers set aside.

Library choice, measured with ``bench/pdf_libs.py`` on 10-page reportlab
reports (two columns and one, running header and footer, hyphenated line
ends) and on the two real PDFs of this machine (libtasn1.pdf, 36 pages;
shared-mime-info-spec.pdf, 17 pages), 2026-12-03, load average about 3:

=============  ==========  ======================  ===========================
library        ms / page   4-gram F1, stream order  F1, lines drawn shuffled
=============  ==========  ======================  ===========================
pypdfium2      1.2 - 4.7   0.986 (2 col), 0.985     0.482 (2 col), 0.737 (1 col)
pypdf          10 - 32     0.986, 0.985             0.481, 0.737
pypdf layout   17 - 41     0.488, 0.985             0.500, 0.985
pdfminer.six   48 - 133    0.981, 0.985             0.986, 0.985
=============  ==========  ======================  ===========================

On the real PDFs all four give the same words (88 % word-like). PDFium (the
PDF engine of Chromium, through pypdfium2's wheels; Apache-2.0/BSD) is 5 to
40 times faster than the others and as good whenever the content stream is
in reading order, which is what Word, LaTeX and most report tools write; the
budget (200 ten-page PDFs in 60 s on 2 cores, 30 ms a page) rules out
pdfminer.six for every page. pdfminer.six's layout analysis is the only one
that recovers the reading order of a page whose lines are drawn out of order,
so it reads exactly those pages: a page whose lines, in stream order, jump
back up the page more than a column change explains.

Running headers and footers are lines in the top or bottom band of the page
that repeat (digits aside) on a good share of the pages; page numbers are
lone numbers ("7", "Page 7", "7 of 12", "- vii -") in those bands. They are
kept as blocks with a hint, so cleaning records them as removals with their
offsets in the extracted text.
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass

from sahel_tui.corpus.formats import Block

PAGE_LIMIT = 1000  # a 1,000-page PDF is a book; the rest is not read, and a warning says so
TIME_LIMIT = 15.0  # seconds of extraction per file: with cleaning after it, any file stays inside 30 s
# pdfminer.six lays out a typical page in 50-350 ms; a page of 20,000 characters (eight dense
# columns) in about 2 s. A bigger page keeps PDFium's order, so one page cannot outlast the time limit.
_LAYOUT_CHAR_LIMIT = 20_000
_BAND = 0.12  # top and bottom share of the page where headers and footers live
_PAGE_NUMBER = re.compile(
    r"^[\s\-–—|·•(\[]*(?:(?:page|p\.|seite|página|pagina)\s*)?(?:\d{1,4}|[ivxlcdm]{1,7})"
    r"(?:\s*(?:of|/|sur|de|von)\s*\d{1,4})?[\s\-–—|·•)\]]*$",
    re.IGNORECASE,
)
_HYPHENS = ("-", "\u00ad", "\u2010", "\ufffe")  # U+FFFE: PDFium's mark for a hyphen it saw at a line end
_SENTENCE_END = (".", "!", "?", ":", "”", '"', "’", "»", ")")


class PdfError(Exception):
    """The PDF cannot be read; the message is the one-line reason."""


@dataclass(slots=True)
class Line:
    text: str
    x0: float
    x1: float
    top: float  # PDF coordinates, y upwards: the top of the first character
    bottom: float  # the bottom of the last character (PDFium joins a hyphenated line to the next)
    page: int
    size: float = 1.0  # the first character's height: the type size, near enough

    @property
    def height(self) -> float:
        return max(self.size, 1.0)


@dataclass(slots=True)
class PdfText:
    source: str  # every line in reading order, one per line, pages included: the "decoded source"
    blocks: list[Block]
    meta: dict[str, str]
    pages: int
    warnings: list[str]


def _clean_line(text: str) -> str:
    from sahel_tui.corpus.decode import safe_line

    # safe_line drops controls and escapes and applies NFC, so the pipeline's sanitiser finds nothing
    # left to change and the offsets of these blocks stay exact. U+FFFE (a hyphen mark) survives it.
    return safe_line(text)


def read_pdf(data: bytes, time_limit: float = TIME_LIMIT) -> PdfText:
    import pypdfium2 as pdfium

    started = time.monotonic()
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise PdfError("encrypted PDF: a password is needed to read it") from None
        raise PdfError(f"not a readable PDF, truncated or corrupt: {_pdfium_reason(message)}") from None
    warnings: list[str] = []
    try:
        meta = _info(pdf)
        count = len(pdf)
        if count > PAGE_LIMIT:
            warnings.append(f"PDF has {count} pages: only the first {PAGE_LIMIT} were read")
        pages: list[list[Line]] = []
        heights: list[float] = []
        reordered = 0
        for number in range(min(count, PAGE_LIMIT)):
            if number and time.monotonic() - started > time_limit:
                warnings.append(f"PDF reading stopped after {number} of {count} pages (over {time_limit:.0f} s)")
                break
            try:
                page = pdf[number]
            except pdfium.PdfiumError:
                warnings.append(f"PDF page {number + 1} could not be read: skipped")
                continue
            try:
                lines, height = _page_lines(page, number)
            finally:
                page.close()
            if _out_of_order(lines, height) and sum(len(ln.text) for ln in lines) <= _LAYOUT_CHAR_LIMIT:
                better = _pdfminer_lines(data, number, height)
                if better is not None:
                    lines = better
                    reordered += 1
            pages.append([ln for ln in lines if ln.text])
            heights.append(height)
    finally:
        pdf.close()
    if reordered:
        warnings.append(f"{reordered} PDF page(s) drawn out of reading order: their layout was analysed")
    if not any(pages):
        raise PdfError(f"PDF has no text layer, {count} page(s) of images only (a scan?): run OCR on it first")
    source, blocks = _blocks(pages, heights)
    return PdfText(source, blocks, meta, len(pages), warnings)


def _pdfium_reason(message: str) -> str:
    m = re.search(r"PDFium: ([^)]+)\)", message)
    return m.group(1).strip().lower() if m else message


def _info(pdf: object) -> dict[str, str]:
    """Title, author and creation date from the document information dictionary."""
    try:
        info = pdf.get_metadata_dict(skip_empty=True)  # type: ignore[attr-defined]
    except Exception:  # a broken info dictionary is not a reason to lose the text
        return {}
    out: dict[str, str] = {}
    title = _clean_line(str(info.get("Title", "")))[:500]
    if title and not _junk_title(title):
        out["title"] = title
    author = _clean_line(str(info.get("Author", "")))[:200]
    if author:
        out["author"] = author
    date = _pdf_date(str(info.get("CreationDate", "")))
    if date:
        out["date"] = date
    return out


def _junk_title(title: str) -> bool:
    """Titles that tools write for you: "Microsoft Word - x.docx", "untitled", a file name."""
    low = title.lower()
    return (
        low.startswith("microsoft word -")
        or low in ("untitled", "title", "document", "presentation", "slide 1")
        or bool(re.search(r"\.(?:docx?|pdf|rtf|odt|txt|indd|qxd)$", low))
    )


def _pdf_date(raw: str) -> str | None:
    """``D:20240314093000+01'00'`` -> ``2024-03-14``; partial dates stay partial."""
    m = re.match(r"^(?:D:)?((?:19|20)\d\d)(\d\d)?(\d\d)?", raw.strip())
    if not m:
        return None
    year, month, day = m.groups()
    if month and 1 <= int(month) <= 12:
        if day and 1 <= int(day) <= 31:
            return f"{year}-{month}-{day}"
        return f"{year}-{month}"
    return year


def _page_lines(page: object, number: int) -> tuple[list[Line], float]:
    """PDFium's lines in content-stream order, each with its box (from its first and last character)."""
    height = float(page.get_size()[1])  # type: ignore[attr-defined]
    tp = page.get_textpage()  # type: ignore[attr-defined]
    try:
        n = tp.count_chars()
        if n <= 0:
            return [], height
        text = tp.get_text_range(0, n)
        lines: list[Line] = []
        pos = 0
        for raw in text.split("\r\n") if len(text) == n else [text]:
            stripped = raw.strip()
            if stripped and len(text) == n:
                lead = len(raw) - len(raw.lstrip())
                first = tp.get_charbox(pos + lead, loose=True)
                last = tp.get_charbox(pos + lead + len(stripped) - 1, loose=True)
                lines.append(
                    Line(_clean_line(stripped), first[0], max(first[2], last[2]), first[3], last[1], number, first[3] - first[1])
                )
            elif stripped:  # PDFium's text did not match its character count: no boxes, stream order
                lines.extend(Line(_clean_line(s), 0.0, 0.0, 0.0, 0.0, number) for s in stripped.splitlines() if s.strip())
            pos += len(raw) + 2
        return lines, height
    finally:
        tp.close()


def _out_of_order(lines: list[Line], height: float) -> bool:
    """More backward jumps up the page than column changes explain: the stream is not the reading order."""
    body = [ln for ln in lines if _BAND * height < ln.top < (1 - _BAND) * height]
    if len(body) < 6:
        return False
    jumps = 0
    for a, b in zip(body, body[1:]):
        if b.top > a.top + 2 * a.height and not b.x0 > a.x1 - 1:  # up the page, and not into the next column
            jumps += 1
    return jumps > 2 + 0.05 * len(body)


def _pdfminer_lines(data: bytes, number: int, height: float) -> list[Line] | None:
    """The page's lines in pdfminer.six's layout order (columns, then lines)."""
    import io

    try:
        from pdfminer.high_level import extract_pages
        from pdfminer.layout import LAParams, LTTextContainer, LTTextLine
    except ImportError:
        return None
    out: list[Line] = []
    # boxes_flow below 0 weighs a box's horizontal position over its height in the ordering, so a
    # column is read to its end before the next one starts (0.5, the default, favours rows).
    try:
        for page in extract_pages(io.BytesIO(data), page_numbers=[number], laparams=LAParams(boxes_flow=-0.5)):
            for box in page:
                if not isinstance(box, LTTextContainer):
                    continue
                for line in box:
                    if isinstance(line, LTTextLine):
                        text = _clean_line(line.get_text().strip())
                        if text:
                            out.append(Line(text, line.x0, line.x1, line.y1, line.y0, number, line.y1 - line.y0))
    except Exception:  # pdfminer failing on a page PDFium read: keep PDFium's order
        return None
    return out or None


def _key(text: str) -> str:
    """A header's identity: digits (page numbers, dates) and case do not make it another header."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"\d+", "#", folded).split())


def _level(line: Line) -> int:
    """Where on the page a line sits, to 8 points: a running header is at the same height on every page,
    and the document's title under it, with the same words, is not."""
    return round(line.top / 8)


def _furniture(pages: list[list[Line]], heights: list[float]) -> dict[int, str]:
    """``id(line)`` -> reason, for running headers, running footers and page numbers."""
    zones: dict[int, str] = {}
    counts: Counter[tuple[str, str, int]] = Counter()
    for lines, height in zip(pages, heights):
        seen: set[tuple[str, str, int]] = set()
        for ln in lines:
            zone = "top" if ln.top >= (1 - _BAND) * height else "bottom" if ln.bottom <= _BAND * height else None
            if zone is None or not ln.top:
                continue
            zones[id(ln)] = zone
            seen.add((zone, _key(ln.text), _level(ln)))
        counts.update(seen)
    need = max(2, int(0.4 * len(pages) + 0.5))
    reasons: dict[int, str] = {}
    for lines in pages:
        for ln in lines:
            zone = zones.get(id(ln))
            if zone is None:
                continue
            if _PAGE_NUMBER.match(ln.text):
                reasons[id(ln)] = "page number"
            elif len(pages) >= 2 and counts[(zone, _key(ln.text), _level(ln))] >= need:
                reasons[id(ln)] = "running header" if zone == "top" else "running footer"
    return reasons


def _blocks(pages: list[list[Line]], heights: list[float]) -> tuple[str, list[Block]]:
    """One source line per PDF line; blocks join lines into paragraphs, furniture stays apart."""
    reasons = _furniture(pages, heights)
    pieces: list[str] = []
    pos = 0
    spans: dict[int, tuple[int, int]] = {}
    for lines in pages:
        for ln in lines:
            spans[id(ln)] = (pos, pos + len(ln.text))
            pieces.append(ln.text)
            pos += len(ln.text) + 1
    source = "\n".join(pieces)
    blocks: list[Block] = []
    para: list[Line] = []

    def flush() -> None:
        if not para:
            return
        text = para[0].text
        for ln in para[1:]:
            text = _join(text, ln.text)
        text = _SOFT_BREAK.sub(_unbreak, text)
        blocks.append(Block(" ".join(text.split()), spans[id(para[0])][0], spans[id(para[-1])][1]))
        para.clear()

    for lines in pages:
        for ln in lines:
            reason = reasons.get(id(ln))
            if reason is not None:
                # A header between two halves of a paragraph (a page turn) must not split it.
                start, end = spans[id(ln)]
                blocks.append(Block(ln.text.replace("\ufffe", "-"), start, end, _HINTS[reason]))
                continue
            if para and _breaks(para[-1], ln):
                flush()
            para.append(ln)
    flush()
    return source, _reorder_furniture(blocks)


_HINTS = {"page number": "page-number", "running header": "running-header", "running footer": "running-footer"}


def _reorder_furniture(blocks: list[Block]) -> list[Block]:
    """Blocks in source order; a paragraph that runs across a page turn comes after that page's furniture."""
    return sorted(blocks, key=lambda b: (b.start, b.end))


def _breaks(prev: Line, nxt: Line) -> bool:
    """Whether ``nxt`` starts a new paragraph after ``prev``."""
    if nxt.page != prev.page or nxt.top > prev.top + prev.height or nxt.x0 > prev.x1:
        # Next column or next page: a paragraph runs on unless the last line closed a sentence,
        # or was short (a heading, or the last line of a paragraph) where the next one is full.
        if prev.text.rstrip().endswith(_SENTENCE_END) or not prev.top:
            return True
        return (prev.x1 - prev.x0) < 0.6 * (nxt.x1 - nxt.x0)
    if not prev.top:
        return False
    gap = prev.bottom - nxt.top
    if gap > 0.5 * min(prev.height, nxt.height):
        return True  # a blank line's worth of space
    if abs(prev.height - nxt.height) > 0.25 * max(prev.height, nxt.height):
        return True  # a change of type size: a heading and its text
    return False


_SOFT_BREAK = re.compile(r"(\w?)\ufffe\s*(\w?)")


def _unbreak(m: re.Match[str]) -> str:
    """PDFium joins a hyphenated line to the next and leaves U+FFFE where the hyphen was."""
    before, after = m.group(1), m.group(2)
    return before + after if before.isalpha() and after.islower() else f"{before}-{after}"


def _join(text: str, nxt: str) -> str:
    """Join two lines of a paragraph; a hyphen at the line end before a lower-case letter is a break, not a dash."""
    if text.endswith(_HYPHENS) and len(text) > 1 and text[-2].isalpha() and nxt[:1].islower():
        return text[:-1] + nxt
    return f"{text} {nxt}"
