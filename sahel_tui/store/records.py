"""What an annotation is, as the store hands it out: plain frozen values, no database.

The UI, the CLI and the exporters read these; only
:mod:`sahel_tui.store.annotations` creates them from rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from sahel_tui.errors import UserError

# Categories with an agreed meaning (and a colour in the UI); any other short word
# is accepted too, so a team can add its own without a release.
CATEGORIES = ("claim", "evidence", "question", "disagree")
MAX_CATEGORY_CHARS = 40
MAX_TAG_CHARS = 60

Kind = Literal["highlight", "note", "tag", "actor"]
# "created": where the analyst put it; "position"/"quote"/"fuzzy": how re-anchoring
# found it after the source changed; "reattached": moved by hand; "orphan": lost.
AnchorMethod = Literal["created", "position", "quote", "fuzzy", "reattached", "orphan"]


@dataclass(frozen=True, slots=True)
class Annotation:
    id: str  # a uuid4 (hex with dashes); exported as urn:uuid:<id>
    article_id: str | None  # None for a note on an actor
    content_hash: str | None  # the article's content hash when last anchored
    sentence_id: str | None
    paragraph_id: str | None
    start: int | None  # TextPositionSelector, offsets into Article.text
    end: int | None
    exact: str | None  # TextQuoteSelector
    prefix: str | None
    suffix: str | None
    scope: Literal["sentence", "span"]  # a whole sentence, or a span inside the text
    actor_id: str | None
    category: str | None
    note: str  # Markdown, stored exactly as typed
    tags: tuple[str, ...]
    author: str
    created: str  # UTC ISO 8601, e.g. 2026-11-22T02:33:00.123Z
    modified: str
    deleted: str | None = None  # when it was (soft) deleted; restore() clears it
    anchor_method: AnchorMethod | None = None  # None for actor notes
    anchor_score: float | None = None  # the fuzzy score when anchor_method == "fuzzy"
    # The quote as the analyst first anchored it: re-anchoring never rewrites it
    # (``exact`` follows the text the anchor now covers). None on older rows: same as exact.
    original_exact: str | None = None
    # Waiting for the analyst: "reanchor" (moved by a fuzzy match or to a source found
    # by its quote, not yet confirmed),
    # "conflict" (an imported version of ``conflict_of`` that differs from the local
    # one, which stays current), "rejected" (a fuzzy move the analyst turned down:
    # only an exact match may place it again). None: nothing to review.
    review: str | None = None
    conflict_of: str | None = None

    @property
    def quote(self) -> str | None:
        """The analyst's original quote (never rewritten by re-anchoring)."""
        return self.original_exact if self.original_exact is not None else self.exact

    @property
    def needs_review(self) -> bool:
        return self.review in ("reanchor", "conflict")

    @property
    def kind(self) -> Kind:
        if self.actor_id is not None:
            return "actor"
        if self.category:
            return "highlight"
        if self.note:
            return "note"
        if self.tags:
            return "tag"
        return "highlight"

    @property
    def is_orphan(self) -> bool:
        return self.anchor_method == "orphan"

    @property
    def short_id(self) -> str:
        return self.id[:8]

    @property
    def short_sentence(self) -> str | None:
        """``p4-s2`` for ``{article}-p4-s2``: what a person types."""
        if self.sentence_id and self.article_id and self.sentence_id.startswith(self.article_id + "-"):
            return self.sentence_id[len(self.article_id) + 1 :]
        return self.sentence_id

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["tags"] = list(self.tags)
        out["kind"] = self.kind
        out["orphan"] = self.is_orphan
        out["original_exact"] = self.quote
        out["needs_review"] = self.needs_review
        return out


@dataclass(slots=True)
class ReanchorResult:
    id: str
    article_id: str
    method: Literal["position", "quote", "fuzzy", "orphan", "hash", "relinked"]
    score: float | None
    old_sentence_id: str | None
    new_sentence_id: str | None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class ReanchorReport:
    """What :meth:`AnnotationStore.reanchor` did; ``moved`` and ``orphaned`` are news.

    ``moved`` holds annotations placed somewhere new, back from being orphans, or
    matched fuzzily (their quoted words changed); ``orphaned`` those newly lost.
    """

    checked: int = 0
    unchanged: int = 0
    moved: list[ReanchorResult] = field(default_factory=list)
    orphaned: list[ReanchorResult] = field(default_factory=list)  # newly orphaned this time
    missing_articles: list[str] = field(default_factory=list)  # annotated but not in this corpus
    missing_notes: int = 0  # live notes on those articles: not in any briefing of this corpus
    relinked: list[ReanchorResult] = field(default_factory=list)  # followed a renamed or moved source
    saved: bool = True  # False when the store is read-only: the results are not kept
    error: str | None = None

    @property
    def changed(self) -> bool:
        return bool(self.moved or self.orphaned or self.relinked)

    def summary(self) -> str:
        parts = []
        if self.relinked:
            parts.append(f"followed {len(self.relinked)} annotation(s) to a renamed or moved source")
        if self.moved:
            fuzzy = sum(1 for r in self.moved if r.method == "fuzzy")
            parts.append(
                f"re-anchored {len(self.moved)} annotation(s)"
                + (f" ({fuzzy} by fuzzy match, to review: sahel-brief notes list --review)" if fuzzy else "")
            )
        if self.orphaned:
            parts.append(f"{len(self.orphaned)} annotation(s) lost their place and are now orphans")
        if parts and not self.saved:
            parts.append(f"not saved: {self.error}")
        return "; ".join(parts)

    def to_json(self) -> dict[str, Any]:
        return {
            "checked": self.checked,
            "unchanged": self.unchanged,
            "moved": [r.to_json() for r in self.moved],
            "orphaned": [r.to_json() for r in self.orphaned],
            "missing_articles": self.missing_articles,
            "missing_notes": self.missing_notes,
            "relinked": [r.to_json() for r in self.relinked],
            "saved": self.saved,
            "error": self.error,
        }


@dataclass(slots=True)
class ImportReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)  # one line per item not imported, with why
    # Imported versions that differ from a note edited here: kept beside it for review.
    conflicts: int = 0
    clamped: int = 0  # items whose timestamps were out of range and were clamped

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def normalize_category(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    if value.casefold() in CATEGORIES:
        return value.casefold()
    if len(value) > MAX_CATEGORY_CHARS or any(c in value for c in "\n\r\t"):
        raise UserError(f"category must be one short line (at most {MAX_CATEGORY_CHARS} characters)")
    return value


def normalize_tags(values: object) -> tuple[str, ...]:
    """Strip ``#`` and spaces, join inner spaces with ``-``, drop case-insensitive repeats."""
    if isinstance(values, str):
        values = [values]
    out: list[str] = []
    seen: set[str] = set()
    for raw in values if isinstance(values, Iterable) else ():
        tag = re.sub(r"\s+", "-", str(raw).strip().lstrip("#").strip())
        if not tag:
            continue
        if len(tag) > MAX_TAG_CHARS:
            raise UserError(f"tag {tag[:20]!r}... is longer than {MAX_TAG_CHARS} characters")
        if tag.casefold() not in seen:
            seen.add(tag.casefold())
            out.append(tag)
    return tuple(out)
