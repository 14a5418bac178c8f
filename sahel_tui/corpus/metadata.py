"""Metadata from the text itself, from front matter, and from a corpus manifest.

Precedence, lowest to highest: what the text implies (marked inferred, with a
short note of the evidence), what the file states (front matter, HTML
``<meta>``), and the corpus folder's ``manifest.toml``, which is the
curator's word. Nothing is invented: a value the text does not support stays
empty.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sahel_tui.corpus.lazy_re import lazy
from sahel_tui.corpus.model import META_FIELDS, Field, Metadata, Paragraph

if TYPE_CHECKING:
    from sahel_tui.corpus.clean import Cleaned

MANIFEST_NAME = "manifest.toml"
FIELDS = META_FIELDS

_MONTHS = {
    m: i
    for i, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
         ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
         ("november", "nov"), ("december", "dec")],
        1,
    )
    for m in names
}  # fmt: skip
_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
# The literal prefix comes first so the scan is fast; the guards are lookarounds.
_YEAR = lazy(r"(?:19|20)\d\d(?<![\d,.\-]....)(s?)(?!\d|,\d|\.\d)")
_ISO_TAIL = lazy(r"-([01]\d)-([0-3]\d)(?!\d)")
_MONTH_DAY_BEFORE = lazy(rf"\b{_MONTH}\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?\s+\Z")
_DAY_MONTH_BEFORE = lazy(rf"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+{_MONTH}\s*,?\s+\Z")
_MONTH_BEFORE = lazy(rf"\b{_MONTH}\s*,?\s+\Z")
# A year after these words is a deadline or a horizon, not an event that happened.
# "to" also ends past ranges ("from 2006 to 2009"); dropping those only makes the bound earlier, never wrong.
_NOT_EVENT = lazy(
    r"(?:\bby|\buntil|\btill|\bto|\bbefore|\bahead\s+of|\bthrough|\bdue\s+in|\bexpected\s+in|\bscheduled\s+for"
    r"|\bplanned\s+for|\bset\s+for|\btarget(?:ed)?\s+(?:for|of))\s+(?:the\s+end\s+of\s+)?(?:(?:early|mid|late)[- ])?$",
    re.IGNORECASE,
)
# Front-matter keys for a source's Admiralty reliability grade (A-F).
_GRADE_KEYS = ("reliability", "source_reliability", "admiralty")
_TAG_KEYS = ("tags", "keywords")


def _tag_text(value: object) -> str:
    """``["mali", "jnim"]`` or ``"mali, jnim"`` -> ``"mali, jnim"`` (at most 50 tags, each one line)."""
    from sahel_tui.corpus.decode import safe_line

    items = value if isinstance(value, list) else str(value).split(",") if isinstance(value, str) else []
    tags = [safe_line(str(t)).strip()[:60] for t in items[:50] if isinstance(t, (str, int))]
    return ", ".join(t for t in tags if t)

_FRONT_KEYS = {
    "title": ("title", "headline"),
    "author": ("author", "authors", "byline", "creator"),
    "publisher": ("publisher", "source", "site", "site_name", "publication", "outlet"),
    "date": ("date", "published", "pubdate", "date_published", "created"),
    "date_earliest": ("date_earliest",),
    "date_latest": ("date_latest",),
    "description": ("description", "summary", "excerpt", "subtitle", "dek"),
    "place": ("place", "dateline", "location"),
    # The address: front matter of saved pages and clippers (Obsidian, Zotero, Jekyll) uses these names.
    "url": ("url", "source_url", "canonical_url", "canonical", "link", "permalink", "original_url"),
    "retrieved": ("retrieved", "accessed", "retrieved_at", "accessed_at", "fetched", "saved", "clipped", "captured"),
}


def latest_dated_event(text: str) -> tuple[str, str] | None:
    """The latest date the text gives an event, as partial ISO, with the phrase.

    The most precise mention wins among equals ("January 7, 2013" over
    "January 2013" over "2013"): an article that names a date was written on
    or after it. Years are found first and the month and day read around
    them, which keeps this linear and cheap.
    """
    best: tuple[tuple[int, ...], str] | None = None
    for m in _YEAR.finditer(text):
        year = int(m.group()[:4])
        key: tuple[int, ...] = (year,)
        start, end = m.start(), m.end()
        iso = _ISO_TAIL.match(text, end)
        if iso and not m.group(1):
            month, day = int(iso.group(1)), int(iso.group(2))
            if 1 <= month <= 12 and 1 <= day <= 31:
                key, end = (year, month, day), iso.end()
        elif not m.group(1):
            before = text[max(0, start - 30) : start]
            for pattern in (_MONTH_DAY_BEFORE, _DAY_MONTH_BEFORE, _MONTH_BEFORE):
                hit = pattern.search(before)
                if hit:
                    month = _MONTHS[hit.group("month").lower()]
                    day = int(hit.group("day")) if "day" in pattern.groupindex else 0
                    key = (year, month, day) if 1 <= day <= 31 else (year, month)
                    start -= len(before) - hit.start()
                    break
        if _NOT_EVENT.search(text, max(0, start - 20), start):
            continue
        if best is None or key > best[0]:
            best = (key, text[start:end].strip())
    if best is None:
        return None
    key = best[0]
    iso_text = f"{key[0]:04d}" + "".join(f"-{part:02d}" for part in key[1:])
    return iso_text, best[1]


def _opening_title(paragraphs: list[Paragraph]) -> str | None:
    for p in paragraphs:
        if p.kind == "body" and p.sentences:
            first = p.sentences[0].text.strip()
            words = first.split()
            if len(words) <= 15:
                return first.rstrip(".!?;:,").rstrip() or None
            return " ".join(words[:10]).rstrip(".,;:") + " …"
    return None


def _front_value(front: dict[str, Any], name: str) -> str | None:
    from sahel_tui.corpus.decode import safe_line
    from sahel_tui.corpus.frontmatter import scalar

    for key in _FRONT_KEYS[name]:
        for k, v in front.items():
            if isinstance(k, str) and k.lower() == key:
                value = scalar(v)
                value = safe_line(value) if value else None  # YAML "\e" and HTML "&#27;" make escapes too
                if value:
                    return value[:500]
    return None


def infer_metadata(
    text: str,
    paragraphs: list[Paragraph],
    cleaned: Cleaned,
    explicit: dict[str, Any],
    explicit_how: str,
    explicit_hows: dict[str, str] | None = None,
) -> Metadata:
    meta = Metadata()
    title_para = next((p for p in paragraphs if p.kind == "title"), None)
    if title_para is not None:
        meta.title = Field(text[title_para.start : title_para.end], False, "title line")
    else:
        opening = _opening_title(paragraphs)
        if opening:
            meta.title = Field(opening, True, "no title line: the opening sentence")
    for name in ("author", "publisher", "date", "date_latest", "place"):
        f = cleaned.found.get(name)
        if f is not None:
            setattr(meta, name, Field(f.value, f.inferred, f.how))
    body = "\n".join(text[p.start : p.end] for p in paragraphs if p.kind == "body")
    event = latest_dated_event(body)
    if event:
        meta.date_earliest = Field(event[0], True, f"latest dated event in the text: “{event[1]}”")
    if cleaned.subtitle:
        meta.description = Field(cleaned.subtitle, True, "subtitle under the title")
        meta.extra["subtitle"] = cleaned.subtitle
    meta.author_bio = cleaned.author_bio
    per_field = explicit.get("_provenance", {}) if explicit else {}
    for name in FIELDS:
        value = _front_value(explicit, name) if explicit else None
        if value:
            how = per_field.get(name) if isinstance(per_field, dict) else None
            if not isinstance(how, str):
                how = (explicit_hows or {}).get(name, explicit_how)
            from sahel_tui.corpus.decode import safe_line

            how = safe_line(how)[:300]  # front matter could carry these keys too: never raw
            guessed = explicit.get("_inferred", ())
            setattr(meta, name, Field(value, isinstance(guessed, list) and name in guessed, how))
    for key in _GRADE_KEYS:
        # A source grade the file states (sahel_tui.store.grades reads it; the analyst's own grade wins).
        value = explicit.get(key) if explicit else None
        if isinstance(value, str) and value.strip():
            from sahel_tui.corpus.decode import safe_line

            meta.extra[key] = safe_line(value)[:20]
            meta.extra[f"{key}_origin"] = "front matter"
    for key in _TAG_KEYS:
        # Tags the file gives itself, for the corpus filters (sahel_tui.corpus.filters): a list or "a, b".
        tags = _tag_text(explicit.get(key)) if explicit else ""
        if tags:
            meta.extra["tags"] = ", ".join(x for x in (meta.extra.get("tags"), tags) if x)
    if meta.date is not None and not meta.date.inferred and meta.date_earliest is not None and meta.date_earliest.inferred:
        meta.date_earliest = None  # the file states its date; a bound inferred from the text adds nothing
    if meta.date_latest is not None and meta.date_earliest is not None and meta.date_earliest.value > meta.date_latest.value:
        meta.date_earliest = None  # a later event than the update date: a forecast, not an event
    page_title = explicit.get("html_title") if explicit else None
    if isinstance(page_title, str) and (meta.title is None or meta.title.inferred):
        from sahel_tui.corpus.decode import safe_line

        if safe_line(page_title):
            meta.title = Field(safe_line(page_title), False, "HTML <title>")
    return meta


class ManifestError(Exception):
    """The manifest cannot be read; the message is one line."""


MANIFEST_LIMIT = 4 * 1024 * 1024


def load_manifest(root: Path) -> dict[str, dict[str, Any]]:
    """Entries of ``root/manifest.toml`` keyed by relative file name ({} if none).

    Layout::

        [articles."some-file.txt"]
        title = "..."                 # any of FIELDS, as a string ("" clears it)
        author = "..."
        author_inferred = true        # <field>_inferred: the value is an inference
        author_how = "author bio"     # <field>_how: the evidence, in a few words
        author_bio = "..."            # any other string key goes to Metadata.extra
    """
    import tomllib

    from sahel_tui.corpus.discover import read_limited

    path = root / MANIFEST_NAME
    if path.exists() and not path.is_file():  # a FIFO would block the open forever
        raise ManifestError(f"{MANIFEST_NAME}: not a regular file; its metadata is ignored")
    try:
        # Bounded like an article: a manifest for thousands of files is well under 1 MB.
        raw = read_limited(path, MANIFEST_LIMIT)
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ManifestError(f"{MANIFEST_NAME}: cannot be read ({exc.strerror}); its metadata is ignored") from None
    except ValueError as exc:
        raise ManifestError(f"{MANIFEST_NAME}: {exc}; its metadata is ignored") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ManifestError(f"{MANIFEST_NAME}: not valid TOML ({exc}); its metadata is ignored") from None
    except RecursionError:  # tomllib recurses once per nested array or table
        raise ManifestError(f"{MANIFEST_NAME}: nested too deeply; its metadata is ignored") from None
    articles = data.get("articles", {})
    if not isinstance(articles, dict) or not all(isinstance(v, dict) for v in articles.values()):
        raise ManifestError(f"{MANIFEST_NAME}: [articles.\"<file name>\"] tables expected; its metadata is ignored")
    return articles


def apply_manifest(meta: Metadata, entry: dict[str, Any]) -> list[str]:
    """Override ``meta`` with a manifest entry; returns problems, one line each."""
    from sahel_tui.corpus.decode import safe_line

    problems: list[str] = []
    for name in FIELDS:
        if name not in entry:
            continue
        value = entry[name]
        if hasattr(value, "isoformat"):
            value = value.isoformat()  # a bare TOML date
        if not isinstance(value, str):
            problems.append(f"{name} must be a string")
            continue
        value = safe_line(value)
        if not value:
            setattr(meta, name, None)  # the curator says: there is none
            continue
        inferred = bool(entry.get(f"{name}_inferred", False))
        how = safe_line(str(entry.get(f"{name}_how", ""))) or ("manifest" if not inferred else "manifest (inferred)")
        setattr(meta, name, Field(value, inferred, how))
    if isinstance(entry.get("author_bio"), str):
        meta.author_bio = safe_line(entry["author_bio"]) or None
    for key, value in entry.items():
        if key in FIELDS or key == "author_bio" or key.endswith(("_inferred", "_how")):
            continue
        if key in _TAG_KEYS and isinstance(value, list):
            meta.extra["tags"] = _tag_text(value)
            continue
        if isinstance(value, (str, int, float, bool)) or hasattr(value, "isoformat"):
            meta.extra[safe_line(key)] = safe_line(str(value))
        else:
            problems.append(f"{key} is not a plain value")
    return problems
