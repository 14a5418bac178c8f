"""The comparison's results as typed records, the one shape every consumer reads.

The CLI, the comparison view and the briefing export read these dataclasses;
``to_json()`` on each gives what ``sahel-brief compare --json`` prints (README
"compare --json" documents every field). Reviewable items (corroborated
groups, discrepancies; contested claims of the attribution analysis use the
same :class:`Review`) carry an id and an evidence digest derived from the text
they quote, so an analyst's verdict finds them again after a re-analysis.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sahel_tui.store.verdict_records import Evidence
from sahel_tui.store.verdict_records import CONFIRMED, REJECTED

# Verdict states as the comparison reports them (see sahel_tui.store.verdicts).
UNREVIEWED = "unreviewed"
CHANGED = "changed"  # a verdict was given, but the evidence it was given on has changed: review again
STATUSES = (UNREVIEWED, CONFIRMED, REJECTED, CHANGED)


@dataclass(slots=True)
class SentenceRef:
    """How every section cites a sentence: enough for the reader to jump to it."""

    article: str
    sentence_id: str
    text: str
    start: int
    end: int
    citation: str

    @classmethod
    def of(cls, ref: dict[str, Any]) -> SentenceRef:
        return cls(
            str(ref["article"]), str(ref["sentence_id"]), str(ref["text"]), int(ref["start"]), int(ref["end"]),
            str(ref["citation"]),
        )

    def to_json(self) -> dict[str, object]:
        return {
            "article": self.article,
            "sentence_id": self.sentence_id,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "citation": self.citation,
        }


@dataclass(slots=True)
class Review:
    """The analyst's verdict on one item, as applied to this run (``status`` in STATUSES)."""

    status: str = UNREVIEWED
    verdict: str | None = None  # "confirmed" / "rejected" as saved, also when the evidence changed
    author: str | None = None
    modified: str | None = None
    note: str | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "status": self.status,
            "verdict": self.verdict,
            "author": self.author,
            "modified": self.modified,
            "note": self.note,
        }


@dataclass(slots=True)
class MemberMatch:
    actors: list[str]
    terms: list[str]


@dataclass(slots=True)
class GroupMember:
    ref: SentenceRef
    similarity: float
    repeats: list[str] = field(default_factory=list)
    centre: bool = False
    match: MemberMatch | None = None
    repeated: bool = False  # the same quote or near-identical copy as another source's member
    copy_of: str | None = None  # the sentence id of the first member of its copy cluster

    def to_json(self) -> dict[str, object]:
        return {
            **self.ref.to_json(),
            "similarity": self.similarity,
            "repeats": list(self.repeats),
            "centre": self.centre,
            "match": {"actors": self.match.actors, "terms": self.match.terms} if self.match else None,
            "repeated": self.repeated,
            "copy_of": self.copy_of,
        }


@dataclass(slots=True)
class CorroboratedGroup:
    id: str
    number: int
    articles: list[str]
    independent_sources: int
    score: float
    shared_terms: list[str]
    why: str
    evidence: Evidence
    members: list[GroupMember]
    review: Review = field(default_factory=Review)
    kind: str = "corroborated"

    @property
    def sources(self) -> int:
        return len(self.articles)

    @property
    def mentions(self) -> int:
        return len(self.members)

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "number": self.number,
            "articles": list(self.articles),
            "sources": self.sources,
            "independent_sources": self.independent_sources,
            "mentions": self.mentions,
            "score": self.score,
            "shared_terms": list(self.shared_terms),
            "why": self.why,
            "evidence": self.evidence.to_json(),
            "review": self.review.to_json(),
            "members": [m.to_json() for m in self.members],
        }


@dataclass(slots=True)
class DiscrepancySide:
    ref: SentenceRef
    value: str
    normalised: dict[str, object]
    sources: list[str]

    @property
    def value_span(self) -> tuple[int, int] | None:
        start, end = self.normalised.get("start"), self.normalised.get("end")
        return (start, end) if isinstance(start, int) and isinstance(end, int) else None

    def to_json(self) -> dict[str, object]:
        return {**self.ref.to_json(), "value": self.value, "normalised": self.normalised, "sources": list(self.sources)}


@dataclass(slots=True)
class Discrepancy:
    id: str
    kind: str  # "date" or "quantity"
    similarity: float
    shared_context: list[str]
    measure: str  # what disagrees: "amount of money", "number of hostag", "date of the same event"
    difference: str  # by how much: "$700 million apart (14% of the smaller)", "1 year apart"
    explanation: str
    a: DiscrepancySide
    b: DiscrepancySide
    evidence: Evidence
    review: Review = field(default_factory=Review)

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "kind": self.kind,
            "similarity": self.similarity,
            "shared_context": list(self.shared_context),
            "measure": self.measure,
            "difference": self.difference,
            "explanation": self.explanation,
            "evidence": self.evidence.to_json(),
            "review": self.review.to_json(),
            "a": self.a.to_json(),
            "b": self.b.to_json(),
        }


@dataclass(slots=True)
class SingleSourceClaim:
    ref: SentenceRef
    rank: int
    centrality: float

    def to_json(self) -> dict[str, object]:
        return {**self.ref.to_json(), "rank": self.rank, "centrality": self.centrality}


@dataclass(slots=True)
class ChronologyMention:
    ref: SentenceRef
    surface: str
    date: str
    year_source: str
    uncertain: bool
    background: bool

    def to_json(self) -> dict[str, object]:
        return {
            **self.ref.to_json(),
            "surface": self.surface,
            "date": self.date,
            "year_source": self.year_source,
            "uncertain": self.uncertain,
            "background": self.background,
        }


@dataclass(slots=True)
class DateConflict:
    date: str
    sources: list[str]
    ref: SentenceRef

    def to_json(self) -> dict[str, object]:
        r = self.ref
        return {
            "date": self.date,
            "sources": list(self.sources),
            "article": r.article,
            "sentence_id": r.sentence_id,
            "text": r.text,
            "citation": r.citation,
        }


@dataclass(slots=True)
class ChronologyEntry:
    date: str
    precision: str
    qualifier: str | None
    uncertain: bool
    year_source: str
    label: str
    first: SentenceRef
    sources: list[str]
    mentions: list[ChronologyMention]
    conflicts_with: list[DateConflict]
    background: bool  # every mention is background ("since 2002", "his 2016 rival"), not an event of the story
    named_event: str | None = None  # "9/11" when the date was read from a named event

    @property
    def conflict(self) -> bool:
        return bool(self.conflicts_with)

    def to_json(self) -> dict[str, object]:
        f = self.first
        return {
            "date": self.date,
            "precision": self.precision,
            "qualifier": self.qualifier,
            "uncertain": self.uncertain,
            "year_source": self.year_source,
            "label": self.label,
            "text": f.text,
            "article": f.article,
            "sentence_id": f.sentence_id,
            "citation": f.citation,
            "start": f.start,
            "end": f.end,
            "sources": list(self.sources),
            "mentions": [m.to_json() for m in self.mentions],
            "conflict": self.conflict,
            "conflicts_with": [c.to_json() for c in self.conflicts_with],
            "background": self.background,
            "named_event": self.named_event,
        }


Reviewable = CorroboratedGroup | Discrepancy
