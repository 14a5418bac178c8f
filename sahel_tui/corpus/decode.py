"""Bytes to safe text: decoding, Unicode normalisation and terminal-escape stripping.

An article must never be able to drive the user's terminal, so every control
character and escape sequence (ESC, CSI, OSC, DCS, C1) is removed here, before
any other stage sees the text. Each removal is recorded with its exact offset
in the decoded source, and an :class:`OffsetMap` carries later offsets back to
that source.
"""

from __future__ import annotations

import bisect
import codecs
import re
import unicodedata
from dataclasses import dataclass, field

from sahel_tui.corpus.lazy_re import lazy

# A sniff this big decides "binary"; reading more would not change the verdict.
_SNIFF = 8192
_MAX_RECORDED = 200  # beyond this, control removals are summarised in one record

# Terminal sequences, longest forms first so a CSI is removed whole, not as a lone ESC.
_ESCAPES = lazy(
    r"""
      \x1b\[[0-?]*[ -/]*[@-~]?                  # CSI (7-bit)
    | \x9b[0-?]*[ -/]*[@-~]?                    # CSI (C1)
    | \x1b[\]PX^_][^\x07\x1b\x9c\n]{0,4096}(?:\x07|\x1b\\|\x9c)   # OSC/DCS/SOS/PM/APC, terminated
    | [\x9d\x90\x98\x9e\x9f][^\x07\x1b\x9c\n]{0,4096}(?:\x07|\x1b\\|\x9c)
    | \x1b[\]PX^_]                              # the same, unterminated: drop the introducer
    | \x1b[ -/]*[0-~]                           # two-byte escapes (ESC c, ESC ( B, ...)
    | \x1b                                      # a lone ESC
    | [\x00-\x08\x0e-\x1f\x7f\x80-\x9f]         # other C0 controls, DEL, C1 controls
    | [\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]  # bidi controls and marks: they can disguise text
    | [\u00ad\u200b\u2060-\u2064\u206a-\u206f\ufeff\ufff9-\ufffb]  # invisible format characters
    | [\U000e0001\U000e0020-\U000e007f]          # tag characters: hidden ASCII riding on text
    | (?<=[\x00-\x7f])[\u200c\u200d] | [\u200c\u200d](?=[\x00-\x7f]|\Z) | \A[\u200c\u200d]
    """,
    re.VERBOSE,
)
# The invisible characters above are the Unicode format characters (category Cf)
# that no text needs to be read: they hide words from search, matching and the
# glossary ("Ba\u200bmako"), and tag characters can smuggle a hidden message.
# Cf characters that are kept, and why: ZWNJ/ZWJ (U+200C/D) between two
# non-ASCII characters spell Persian, Indic and emoji text (next to ASCII or
# an edge they do nothing and go); the prepended concatenation marks
# (U+0600-0605, U+06DD, U+070F, U+0890-0891, U+08E2, U+110BD, U+110CD) are
# visible signs; U+180E and the hieroglyph, shorthand and musical format
# controls are structure in their own scripts.
# Whitespace controls that carry layout: tabs become spaces, page breaks become lines.
_LAYOUT = {"\t": " ", "\v": "\n", "\f": "\n", "\r": "\n", "\u00a0": " ", "\u2028": "\n", "\u2029": "\n", "\u0085": "\n"}
_LAYOUT_RE = lazy("[\t\v\f\r\u00a0\u2028\u2029\u0085]")
# One character class, so the common clean text is cleared in a single fast scan.
_ANY_CONTROL = lazy(
    "[\x00-\x08\x0e-\x1f\x7f-\x9f\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f"
    "\ufeff\ufff9-\ufffb\U000e0001\U000e0020-\U000e007f]"
)
_NON_ASCII_RUN = lazy(r".[^\x00-\x7f]+", re.DOTALL)


# ESC and BEL are left out: text laced with terminal escapes is still text, and is
# cleaned later; only a file that is mostly control bytes is taken for binary.
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (7, 9, 10, 11, 12, 13, 27))


class DecodeError(Exception):
    """The bytes are not text we can read; the message is the one-line reason."""


@dataclass(slots=True)
class OffsetMap:
    """Maps offsets in a transformed text back to the text it came from.

    Stored sparsely as breakpoints ``(new_offset, old_offset)``: between two
    breakpoints the texts run in step. A text with no edits has no breakpoints,
    so the common case costs nothing.
    """

    new: list[int] = field(default_factory=list)
    old: list[int] = field(default_factory=list)

    def to_source(self, offset: int) -> int:
        i = bisect.bisect_right(self.new, offset) - 1
        if i < 0:
            return offset
        return self.old[i] + (offset - self.new[i])


@dataclass(slots=True)
class ControlRemoval:
    """A control character or escape sequence taken out of the source."""

    text: str  # printable form, e.g. "\\x1b[31m": never the raw bytes
    source_start: int
    source_end: int
    clean_offset: int  # where it stood in the sanitised text
    reason: str = "control character"


def _reason(raw: str) -> str:
    if raw[0] in "\x1b\x9b\x9d\x90\x98\x9e\x9f" and len(raw) > 1 or raw == "\x1b":
        return "terminal escape sequence"
    if "\u202a" <= raw[0] <= "\u202e" or "\u2066" <= raw[0] <= "\u2069" or raw[0] in "\u200e\u200f\u061c":
        return "bidirectional control character"
    if "\U000e0000" <= raw[0] <= "\U000e007f":
        return "tag character"
    if unicodedata.category(raw[0]) == "Cf":
        return "zero-width character"
    return "control character"


@dataclass(slots=True)
class Sanitized:
    text: str
    map: OffsetMap
    removals: list[ControlRemoval]
    warnings: list[str]


def printable(raw: str) -> str:
    """Escape controls so a removed sequence can be shown without being obeyed."""
    return raw.encode("unicode_escape").decode("ascii")


def looks_binary(data: bytes) -> bool:
    """NUL bytes or a high share of control bytes in the head of the file."""
    head = data[:_SNIFF]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return bool(head) and controls / len(head) > 0.3


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode to str and say which encoding was used.

    UTF-8 first (with or without BOM), then a declared charset (HTML meta), then
    charset-normalizer; cp1252 is the last resort because every Western
    newsroom tool that is not UTF-8 writes it.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise DecodeError(f"invalid UTF-16 ({exc.reason})") from None
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            return data.decode(declared), declared.lower()
        except (LookupError, UnicodeDecodeError):
            pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:262144]).best()
    guess = best.encoding if best is not None else None
    # charset-normalizer often names a sibling of cp1252 for short English text;
    # when cp1252 decodes cleanly and the guess is a Western single-byte code,
    # cp1252 is the honest reading (it is what Word and old CMSes write).
    western = {"cp1252", "latin_1", "iso8859_15", "cp1250", "mac_roman", "cp850", "iso8859_2", "cp1254"}
    order = (["cp1252"] if guess is None or guess in western else [guess, "cp1252"]) + ["latin-1"]
    for encoding in order:
        try:
            return data.decode(encoding), encoding.replace("_", "-")
        except (LookupError, UnicodeDecodeError):
            continue
    raise DecodeError("not text in any known encoding")  # latin-1 never fails; kept for clarity


def scrub(text: str) -> tuple[str, list[tuple[str, str]]]:
    """Remove controls that markup decoding brought back (``&#27;`` in HTML, say).

    Returns the clean text and ``(reason, printable)`` for each removal.
    """
    if not _ANY_CONTROL.search(text):
        return text, []
    found = [(_reason(m.group()), printable(m.group())) for m in _ESCAPES.finditer(text)]
    return _ESCAPES.sub("", text), found[:_MAX_RECORDED]


def safe_line(value: str) -> str:
    """A metadata value fit for a terminal: no controls or escapes, NFC, one line."""
    if _ANY_CONTROL.search(value):  # the one-class scan is far cheaper than the escape pattern; it covers every match
        value = _ESCAPES.sub("", value)
    value = unicodedata.normalize("NFC", value)
    return " ".join(value.split())


def normalise_newlines(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def sanitize(source: str) -> Sanitized:
    """NFC, layout whitespace, and no control characters or escape sequences.

    ``source`` must already have normalised newlines (the model's "decoded
    source"). Typographic quotes and dashes are kept as they are.
    """
    text = _LAYOUT_RE.sub(lambda m: _LAYOUT[m.group()], source) if _LAYOUT_RE.search(source) else source
    if not _ANY_CONTROL.search(text):
        omap = OffsetMap()
        if not unicodedata.is_normalized("NFC", text):
            text, omap = _nfc(text, omap)
        return Sanitized(text, omap, [], [])
    pieces: list[str] = []
    new_bp: list[int] = []
    old_bp: list[int] = []
    removals: list[ControlRemoval] = []
    warnings: list[str] = []
    dropped = 0
    pos = 0  # in source
    out_len = 0
    for m in _ESCAPES.finditer(text):
        if m.start() > pos:
            pieces.append(text[pos : m.start()])
            out_len += m.start() - pos
        if len(removals) < _MAX_RECORDED:
            raw = m.group()
            # Recorded as the source has it: the layout step maps characters one to one, so the
            # offsets hold, but a no-break space it made a space may have ended the sequence.
            removals.append(ControlRemoval(printable(source[m.start() : m.end()]), m.start(), m.end(), out_len, _reason(raw)))
        dropped += 1
        pos = m.end()
        new_bp.append(out_len)
        old_bp.append(pos)
    if dropped:
        pieces.append(text[pos:])
        text = "".join(pieces)
        kinds = "terminal escape sequences, control or invisible characters"
        warnings.append(f"removed {dropped} {kinds}")
        if dropped > _MAX_RECORDED:
            last = removals[-1]
            removals.append(
                ControlRemoval(
                    f"... and {dropped - _MAX_RECORDED} more control sequences",
                    last.source_end,
                    len(source),
                    last.clean_offset,
                    "control characters (summary)",
                )
            )
    omap = OffsetMap(new_bp, old_bp)
    if not unicodedata.is_normalized("NFC", text):
        text, omap = _nfc(text, omap)
    return Sanitized(text, omap, removals, warnings)


def _nfc(text: str, omap: OffsetMap) -> tuple[str, OffsetMap]:
    """NFC run by run, so offsets stay exact outside the runs that changed.

    A combining mark composes only with what precedes it and no composition
    involves ASCII, so each non-ASCII run (with the character before it) can
    be normalised on its own.
    """
    pieces: list[str] = []
    mid = OffsetMap()  # NFC text -> text before NFC
    pos = 0
    out_len = 0
    for m in _NON_ASCII_RUN.finditer(text):
        run = m.group()
        norm = unicodedata.normalize("NFC", run)
        if norm == run:
            continue
        pieces.append(text[pos : m.start()])
        pieces.append(norm)
        out_len += m.start() - pos + len(norm)
        pos = m.end()
        mid.new.append(out_len)
        mid.old.append(pos)
    pieces.append(text[pos:])
    # Compose the two maps: both run in step between breakpoints, so the
    # composition only needs the union of their breakpoints (in NFC terms).
    points = set(mid.new) | {_inverse(mid, b) for b in omap.new}
    merged = OffsetMap()
    for n in sorted(points):
        merged.new.append(n)
        merged.old.append(omap.to_source(mid.to_source(n)))
    return "".join(pieces), merged


def _inverse(omap: OffsetMap, old_offset: int) -> int:
    """The offset in the new text that stands where ``old_offset`` stood."""
    i = bisect.bisect_right(omap.old, old_offset) - 1
    if i < 0:
        return old_offset
    return omap.new[i] + max(0, old_offset - omap.old[i])
