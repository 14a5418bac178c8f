"""What a file is, from its first bytes; the extension only breaks ties.

A PDF renamed to ``.txt`` is still a PDF, and a saved e-mail called
``newsletter.txt`` is still an e-mail: the signature at the start of a file
is what the program that wrote it put there, while a name is whatever the
user typed. Files no reader here can use (images, ZIP archives, legacy Office
files) are named as such, so the skip line says what the file really is.
"""

from __future__ import annotations

import io
import re
import zipfile

# Signatures of files that are not articles, with the reason a skip line gives.
_NOT_ARTICLES = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Microsoft Office file (.doc/.xls/.ppt), not readable here: save it as .docx or PDF"),
    (b"\x89PNG\r\n\x1a\n", "an image file (PNG), not text"),
    (b"\xff\xd8\xff", "an image file (JPEG), not text"),
    (b"GIF87a", "an image file (GIF), not text"),
    (b"GIF89a", "an image file (GIF), not text"),
    (b"\x1f\x8b", "a gzip-compressed file: decompress it first"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive: extract it first"),
    (b"Rar!\x1a\x07", "a RAR archive: extract it first"),
    (b"{\\rtf", "an RTF document, not readable here: save it as .docx or PDF"),
)  # fmt: skip
# RFC 5322 header names an e-mail file starts with; three distinct ones in a
# well-formed header block make an e-mail (one "From:" line is just prose).
_MAIL_HEADERS = {
    "from", "to", "cc", "subject", "date", "message-id", "mime-version", "received", "return-path",
    "content-type", "reply-to", "delivered-to", "x-mailer", "sender", "in-reply-to", "references",
}  # fmt: skip
_HEADER_LINE = re.compile(rb"^([A-Za-z][A-Za-z0-9-]{0,60}):[ \t]?")
_HTML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.{0,2000}?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.IGNORECASE | re.DOTALL)


class NotAnArticle(Exception):
    """A known kind of file that is not an article; the message is the one-line reason."""


def sniff(data: bytes, by_extension: str) -> str:
    """The reader for ``data``: "pdf", "docx", "email", "html", "markdown" or "text".

    ``by_extension`` is what the file's name says; the content wins when it
    has a signature. Raises NotAnArticle for files that are something else.
    """
    head = data[:1024]
    if b"%PDF-" in head:  # the spec lets junk precede the header; readers look in the first 1 KB
        return "pdf"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _zip_kind(data)
    for magic, reason in _NOT_ARTICLES:
        if data.startswith(magic):
            raise NotAnArticle(reason)
    if by_extension == "email" or (by_extension == "text" and looks_like_email(data)):
        return "email"
    if by_extension == "text" and _HTML_START.match(data[:4096]):
        return "html"
    if by_extension in ("pdf", "docx"):
        raise NotAnArticle(f"named .{by_extension} but not a {by_extension.upper()} file: no {by_extension.upper()} signature")
    return by_extension


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise NotAnArticle("a damaged ZIP archive (a truncated or corrupt .docx?)") from None
    if "word/document.xml" in names:
        return "docx"
    if "content.xml" in names:
        raise NotAnArticle("an OpenDocument file (.odt), not readable here: save it as .docx or PDF")
    raise NotAnArticle("a ZIP archive, not a Word document: extract it first")


def looks_like_email(data: bytes) -> bool:
    """A block of header lines at the very top (continuations allowed), three of them known mail headers."""
    known: set[str] = set()
    for n, raw in enumerate(data[:16384].splitlines()):
        if not raw.strip():
            return n > 0 and len(known) >= 3
        if raw[:1] in (b" ", b"\t") and n > 0:
            continue  # a folded header line
        m = _HEADER_LINE.match(raw)
        if m is None:
            return False
        name = m.group(1).decode("ascii").lower()
        if name in _MAIL_HEADERS:
            known.add(name)
        if n > 200:
            return False
    return False
