"""W3C Web Annotation JSON-LD in and out, so annotations can be shared with other tools.

Export: an ``AnnotationCollection`` whose page holds one ``Annotation`` per
note. The body is a list of ``TextualBody`` items told apart by ``purpose``
(``commenting`` for the Markdown note, ``classifying`` for the category,
``tagging`` for each tag); the target names the article as
``urn:sahel-brief:article:<id>`` (an actor as ``urn:sahel-brief:actor:<id>``)
with a ``TextQuoteSelector`` and a ``TextPositionSelector``. What the model
has no term for (content hash, sentence and paragraph ids, scope, anchor
provenance) travels in an extra ``sahelBrief`` object; JSON-LD processors
drop it, our importer reads it back for a lossless round trip.

Import accepts that, a single Annotation, an AnnotationPage, a JSON array of
either, or the records of ``sahel-brief notes list --json``. Ids are kept
(``urn:uuid:``) or derived deterministically (uuid5), so importing the same
file twice adds nothing.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta, timezone
from typing import Any

from sahel_tui import __version__
from sahel_tui.errors import UserError
from sahel_tui.store.records import (
    Annotation,
    ImportReport,
    normalize_category,
    normalize_tags,
)

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
ARTICLE_URN = "urn:sahel-brief:article:"
ACTOR_URN = "urn:sahel-brief:actor:"
EXTENSION = "sahelBrief"
_EPOCH = "1970-01-01T00:00:00.000Z"  # a stable stand-in when a foreign file has no dates
_METHODS = {"created", "position", "quote", "fuzzy", "reattached", "orphan"}


# -- export ---------------------------------------------------------------------------


def to_w3c(a: Annotation) -> dict[str, Any]:
    body: list[dict[str, Any]] = []
    if a.note:
        body.append({"type": "TextualBody", "purpose": "commenting", "format": "text/markdown", "value": a.note})
    if a.category:
        body.append({"type": "TextualBody", "purpose": "classifying", "value": a.category})
    body.extend({"type": "TextualBody", "purpose": "tagging", "value": t} for t in a.tags)
    if a.actor_id is not None:
        motivation = "commenting"
        target: dict[str, Any] = {"source": ACTOR_URN + a.actor_id}
    else:
        motivation = {"highlight": "highlighting", "note": "commenting", "tag": "tagging"}.get(a.kind, "highlighting")
        selectors: list[dict[str, Any]] = []
        if a.exact is not None:
            selectors.append(
                {"type": "TextQuoteSelector", "exact": a.exact, "prefix": a.prefix or "", "suffix": a.suffix or ""}
            )
        if a.start is not None and a.end is not None:
            selectors.append({"type": "TextPositionSelector", "start": a.start, "end": a.end})
        target = {"source": ARTICLE_URN + (a.article_id or ""), "selector": selectors}
    out: dict[str, Any] = {
        "@context": CONTEXT,
        "id": f"urn:uuid:{a.id}",
        "type": "Annotation",
        "motivation": motivation,
        "created": a.created,
        "modified": a.modified,
        "creator": {"type": "Person", "nickname": a.author},
        "generator": {"type": "Software", "name": f"sahel-brief {__version__}"},
    }
    if body:
        out["body"] = body
    out["target"] = target
    out[EXTENSION] = {
        "article": a.article_id,
        "actor": a.actor_id,
        "contentHash": a.content_hash,
        "sentence": a.sentence_id,
        "paragraph": a.paragraph_id,
        "scope": a.scope,
        "anchor": a.anchor_method,
        "anchorScore": a.anchor_score,
        "originalExact": a.quote,  # the quote as first anchored (re-anchoring never rewrites it)
    }
    return out


def collection(annotations: list[Annotation], label: str = "sahel-brief annotations") -> dict[str, Any]:
    """One page holding every annotation. The model wants an IRI on the collection and
    the page; they are derived from the content, so the same annotations give the same file."""
    digest = "\n".join(f"{a.id} {a.modified}" for a in annotations)
    collection_id = uuid.uuid5(uuid.NAMESPACE_URL, "sahel-brief:collection:" + digest)
    return {
        "@context": CONTEXT,
        "id": f"urn:uuid:{collection_id}",
        "type": "AnnotationCollection",
        "label": label,
        "total": len(annotations),
        "first": {
            "id": f"urn:uuid:{uuid.uuid5(collection_id, 'page-1')}",
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": [to_w3c(a) for a in annotations],
        },
    }


# -- import ---------------------------------------------------------------------------


def parse(data: object) -> tuple[list[Annotation], ImportReport]:
    """Annotations found in ``data``; items that are not usable are listed in ``skipped``."""
    report = ImportReport()
    found: dict[str, Annotation] = {}
    clamps = _Clamps()
    for n, item in enumerate(_items(data), 1):
        try:
            a = _from_w3c(item, clamps) if _is_w3c(item) else _from_record(item, clamps)
        except (UserError, ValueError, TypeError, KeyError) as exc:
            report.skipped.append(f"item {n}: {exc}")
            continue
        # A file that repeats an id keeps its newest version, as a merge would.
        if a.id not in found or a.modified > found[a.id].modified:
            found[a.id] = a
    report.clamped = clamps.count
    return list(found.values()), report


def _items(data: object) -> list[Any]:
    if isinstance(data, list):
        out: list[Any] = []
        for item in data:
            out.extend(_items(item) if _type_has(item, "AnnotationPage", "AnnotationCollection") else [item])
        return out
    if not isinstance(data, dict):
        raise UserError("the file holds neither W3C annotations nor sahel-brief note records")
    if _type_has(data, "AnnotationCollection"):
        first = data.get("first")
        if isinstance(first, str):
            raise UserError("the collection's pages are not in the file (its 'first' is a link)")
        return _items(first) if first is not None else list(data.get("items") or [])
    if _type_has(data, "AnnotationPage"):
        items = list(data.get("items") or [])
        nxt = data.get("next")
        return items + (_items(nxt) if isinstance(nxt, dict) else [])
    return [data]


def _type_has(item: object, *names: str) -> bool:
    if not isinstance(item, dict):
        return False
    t = item.get("type")
    types = t if isinstance(t, list) else [t]
    return any(x in names for x in types)


def _is_w3c(item: object) -> bool:
    return isinstance(item, dict) and ("@context" in item or _type_has(item, "Annotation") or "target" in item)


def _from_w3c(item: dict[str, Any], clamps: _Clamps | None = None) -> Annotation:
    if not _type_has(item, "Annotation"):
        raise ValueError(f"type is {item.get('type')!r}, not Annotation")
    raw_ext = item.get(EXTENSION)
    ext: dict[str, Any] = raw_ext if isinstance(raw_ext, dict) else {}
    notes: list[str] = []
    category: str | None = None
    tags: list[str] = []
    if isinstance(item.get("bodyValue"), str):
        notes.append(item["bodyValue"])
    for body in _as_list(item.get("body")):
        if not isinstance(body, dict) or not isinstance(body.get("value"), str):
            continue  # an external body (a link) has no text to keep here
        purposes = _as_list(body.get("purpose"))
        if "tagging" in purposes:
            tags.append(body["value"])
        elif "classifying" in purposes and category is None:
            category = body["value"]
        else:
            notes.append(body["value"])
    raw_target = _first(item.get("target"))
    target: dict[str, Any] = (
        {"source": raw_target} if isinstance(raw_target, str) else raw_target if isinstance(raw_target, dict) else {}
    )
    source = target.get("source", target.get("id"))
    if not isinstance(source, str):
        raise ValueError("the target has no source")
    article_id, actor_id = _source_ids(source)
    exact = prefix = suffix = None
    start = end = None
    for sel in _as_list(target.get("selector")):
        if not isinstance(sel, dict):
            continue
        if sel.get("type") == "TextQuoteSelector" and isinstance(sel.get("exact"), str):
            exact, prefix, suffix = sel["exact"], str(sel.get("prefix") or ""), str(sel.get("suffix") or "")
        elif sel.get("type") == "TextPositionSelector":
            start, end = _offset(sel.get("start")), _offset(sel.get("end"))
    created = _timestamp(item.get("created"), _EPOCH, clamps)
    method = ext.get("anchor") if ext.get("anchor") in _METHODS else None
    if article_id is not None and method is None:
        method = "created" if exact or (start is not None and end is not None) else "orphan"
    return Annotation(
        id=_annotation_id(item),
        article_id=article_id,
        content_hash=_opt_str(ext.get("contentHash")) if article_id else None,
        sentence_id=_opt_str(ext.get("sentence")) if article_id else None,
        paragraph_id=_opt_str(ext.get("paragraph")) if article_id else None,
        start=start if article_id else None,
        end=end if article_id else None,
        exact=exact if article_id else None,
        prefix=prefix if article_id else None,
        suffix=suffix if article_id else None,
        scope="sentence" if ext.get("scope") == "sentence" else "span",
        actor_id=actor_id,
        category=normalize_category(category),
        note="\n\n".join(notes),
        tags=normalize_tags(tags),
        author=_creator(item.get("creator")),
        created=created,
        modified=_timestamp(item.get("modified"), created, clamps),
        anchor_method=method if article_id else None,
        anchor_score=_opt_float(ext.get("anchorScore")) if method == "fuzzy" else None,
        original_exact=(_opt_str(ext.get("originalExact")) or exact) if article_id else None,
    )


def _from_record(item: object, clamps: _Clamps | None = None) -> Annotation:
    """One record of ``notes list --json`` / ``notes export --format json``."""
    if not isinstance(item, dict) or "id" not in item:
        raise ValueError("not an annotation (no id, no W3C type)")
    article_id, actor_id = _opt_str(item.get("article_id")), _opt_str(item.get("actor_id"))
    if (article_id is None) == (actor_id is None):
        raise ValueError("a record needs exactly one of article_id and actor_id")
    created = _timestamp(item.get("created"), _EPOCH, clamps)
    method = item.get("anchor_method") if item.get("anchor_method") in _METHODS else None
    if article_id is not None and method is None:
        method = "created" if item.get("exact") else "orphan"
    return Annotation(
        id=_uuid(str(item["id"])),
        article_id=article_id,
        content_hash=_opt_str(item.get("content_hash")),
        sentence_id=_opt_str(item.get("sentence_id")),
        paragraph_id=_opt_str(item.get("paragraph_id")),
        start=_offset(item.get("start")),
        end=_offset(item.get("end")),
        exact=_opt_str(item.get("exact")),
        prefix=_opt_str(item.get("prefix")),
        suffix=_opt_str(item.get("suffix")),
        scope="sentence" if item.get("scope") == "sentence" else "span",
        actor_id=actor_id,
        category=normalize_category(_opt_str(item.get("category"))),
        note=str(item.get("note") or ""),
        tags=normalize_tags(item.get("tags") or ()),
        author=str(item.get("author") or "unknown"),
        created=created,
        modified=_timestamp(item.get("modified"), created, clamps),
        deleted=_timestamp(item["deleted"], created, clamps) if item.get("deleted") else None,
        anchor_method=method if article_id else None,
        anchor_score=_opt_float(item.get("anchor_score")) if method == "fuzzy" else None,
        original_exact=_opt_str(item.get("original_exact")) or _opt_str(item.get("exact")),
    )


def _source_ids(source: str) -> tuple[str | None, str | None]:
    if source.startswith(ACTOR_URN):
        return None, source[len(ACTOR_URN) :]
    if source.startswith(ARTICLE_URN):
        return source[len(ARTICLE_URN) :] or None, None
    return source, None  # another tool's document: kept under its own IRI


def _annotation_id(item: dict[str, Any]) -> str:
    raw = item.get("id") or item.get("@id")
    if isinstance(raw, str) and raw:
        return _uuid(raw)
    # No id at all: derive one from the content, so a second import finds it again.
    canonical = json.dumps(item, sort_keys=True, ensure_ascii=False)
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "sahel-brief:anonymous:" + canonical))


def _uuid(raw: str) -> str:
    text = raw.strip().removeprefix("urn:uuid:")
    try:
        return str(uuid.UUID(text))
    except ValueError:
        return str(uuid.uuid5(uuid.NAMESPACE_URL, raw.strip()))  # e.g. https://hypothes.is/a/...


# Imported times are clamped into [EARLIEST, now + FUTURE_SLACK]: a shared file
# with "9999-12-31" would otherwise win every newest-wins merge forever, and one
# millisecond past it is a date Python cannot represent (OverflowError).
EARLIEST = datetime(1970, 1, 1, tzinfo=timezone.utc)
FUTURE_SLACK = timedelta(days=1)  # clocks differ; a day ahead is a wrong clock, not an attack


class _Clamps:
    """Counts the timestamps clamped while one file is parsed."""

    count = 0


def _timestamp(value: object, default: str, clamps: _Clamps | None = None) -> str:
    """Any ISO 8601 time, as UTC ``YYYY-MM-DDTHH:MM:SS.mmmZ`` so strings compare as times."""
    if not isinstance(value, str) or not value.strip():
        return default
    text = value.strip()
    if len(text) > 64:
        raise ValueError("bad timestamp (too long)")
    try:
        dt = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text)
        if dt.tzinfo is None:
            dt = dt.replace(tzinfo=timezone.utc)
        dt = dt.astimezone(timezone.utc)
    except ValueError:
        raise ValueError(f"bad timestamp {value[:40]!r}") from None
    except OverflowError:  # year 1 or 9999 pushed past the edge by its UTC offset
        dt = EARLIEST - timedelta(days=1) if text.startswith("0") else datetime.max.replace(tzinfo=timezone.utc)
    latest = datetime.now(timezone.utc) + FUTURE_SLACK
    if dt > latest or dt < EARLIEST:
        dt = datetime.now(timezone.utc) if dt > latest else EARLIEST
        if clamps is not None:
            clamps.count += 1
    return dt.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _creator(value: object) -> str:
    value = _first(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, dict):
        for key in ("nickname", "name", "id"):
            name = value.get(key)
            if isinstance(name, str) and name.strip():
                return name.strip()
    return "unknown"


def _offset(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"bad offset {value!r}")
    return value


def _opt_str(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _opt_float(value: object) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _as_list(value: object) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _first(value: object) -> Any:
    return value[0] if isinstance(value, list) and value else value
