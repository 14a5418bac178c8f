"""Every piece of article text passes through here before it reaches the briefing.

The briefing is read as plain text and rendered by GitHub, Obsidian, Pandoc and
markdown-it, so text from an article must not be able to act as markup in any
of them: no raw HTML, no links or autolinks, no emphasis, no code spans, no
footnote references, no table cells, no block starts (heading, quote, list),
no maths (``$``), no Obsidian tags or comments, no terminal escape sequences.

Everything is written as ONE line: the caller decides the block (list item,
blockquote, table cell) and the text only ever fills it. Escaping uses
CommonMark's backslash escapes, which every one of those renderers honours,
and is kept minimal so the file still reads well as plain text: ``>`` or
``-`` in the middle of a sentence are harmless and left alone.
"""

from __future__ import annotations

import re

# CSI (colour, cursor) and OSC (titles, hyperlinks) sequences go whole: dropping
# only the ESC byte would leave "[31m" behind as visible junk.
_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?")
# C0/C1 controls, DEL, and the bidi overrides that can reorder what a reader sees
# ("Trojan source"); tabs and line breaks are handled as whitespace below.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f\x80-\x84\x86-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_SPACE = re.compile(r"[\s\u0085\u2028\u2029]+")

# Punctuation that opens inline markup anywhere in a line:
#   \ escape  ` code  * _ emphasis  [ ] links, footnotes, wikilinks  < HTML, autolinks
#   | table cells  $ maths (GitHub, Obsidian, Pandoc)  ~ strikethrough, subscript
#   ^ superscript  # Obsidian tags, headings  { } Pandoc attributes
_INLINE = re.compile(r"([\\`*_\[\]<|$~^#{}])")
# An entity reference would be decoded ("&lt;" shows as "<"): keep it literal.
_ENTITY = re.compile(r"&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)")
# Obsidian ==highlight== and %%comment%% (a comment would HIDE the text).
_DOUBLED = re.compile(r"([=%])(?=[=%])")
# Block starts that only act at the beginning of a line: list items, ordered
# lists ("1." / "1)"), setext underlines, thematic breaks.
_LEADING_MARK = re.compile(r"^([-+=])")
_LEADING_NUMBER = re.compile(r"^(\d{1,9})([.)])")
_LINE_START = frozenset(">-+=0123456789")


def _fold(text: str) -> str:
    if "\x1b" in text:
        text = _ANSI.sub("", text)
    return _SPACE.sub(" ", _CONTROL.sub("", text))


def clean_text(text: str) -> str:
    """Drop terminal escapes and control characters; fold all whitespace to single spaces."""
    return _fold(text).strip()


def _escape_folded(text: str) -> str:
    text = _INLINE.sub(r"\\\1", text)
    # The two rarer rules are skipped when their characters are absent: this runs
    # once per quoted sentence, tens of thousands of times for a large corpus.
    if "&" in text:
        text = _ENTITY.sub(r"\\&", text)
    if "=" in text or "%" in text:
        text = _DOUBLED.sub(lambda m: m.group(1) + "\\", text)
    return text


def escape_fragment(text: str) -> str:
    """Escape inline markup in a piece of a line; spacing is kept (folded, not stripped)."""
    return _escape_folded(_fold(text))


def escape_line_start(line: str) -> str:
    """Escape what would open a block at the start of a line (quote, list, break)."""
    if not line or line[0] not in _LINE_START:
        return line
    # ">" only acts at the start of a line (blockquote); elsewhere it reads better bare.
    if line.startswith(">"):
        return "\\" + line
    line = _LEADING_MARK.sub(r"\\\1", line)
    return _LEADING_NUMBER.sub(r"\1\\\2", line)


def md_inline(text: str, limit: int | None = None, fallback: str = "") -> str:
    """Article text as one line of literal Markdown text (paragraph, list item, quote, heading).

    ``fallback`` (already Markdown) stands in when nothing printable is left, so
    a value made only of control characters cannot leave ``****`` or a dangling space.
    """
    text = clean_text(text)
    if not text:
        return fallback
    if limit is not None and len(text) > limit:
        text = text[: max(1, limit - 1)].rstrip() + "…"
    return escape_line_start(_escape_folded(text))


def md_cell(text: str | None, limit: int | None = None, empty: str = "–") -> str:
    """Article text as a table cell: never empty, never a newline, never a bare ``|``."""
    if text is None or not clean_text(text):
        return empty
    return md_inline(text, limit)


def md_code(text: str) -> str:
    """An identifier (article or sentence id) as a code span, escaped if it cannot be one."""
    cleaned = clean_text(text)
    if not cleaned or "`" in cleaned:
        return md_inline(cleaned)
    # A span that starts or ends with a space loses it in CommonMark; ids have none,
    # but keep the output exact if one ever does.
    return f"`{cleaned}`"


def footnote_label(identifier: str) -> str:
    """A footnote label every renderer accepts: no spaces, brackets, carets or markup."""
    label = re.sub(r"[^A-Za-z0-9._-]+", "-", clean_text(identifier)).strip("-")
    return label or "source"


def slug(text: str, limit: int = 60) -> str:
    """A file-name-safe slug: lower-case ASCII letters, digits and single dashes."""
    import unicodedata

    # Strip accents ("été" -> "ete") but keep every other separator ("–", "/") as a dash.
    decomposed = unicodedata.normalize("NFKD", clean_text(text))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    out = re.sub(r"[^a-z0-9]+", "-", bare.lower()).strip("-")
    return out[:limit].rstrip("-")
