"""What a snapshot records (the state of a corpus's analysis when a briefing was built).

Plain records, no logic beyond equality keys: ``store/snapshots.py`` writes and
reads them, ``analysis/changes.py`` builds them from the corpus and compares
two of them. They live in the store so that the store never imports the analysis
(the analysis may import the store's record types, never the reverse).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache


# Content-hash prefix a snapshot keeps per source: with 32 bits an edit of a file goes unnoticed
# with a chance of 1 in 4 x 10^9 (its new hash would have to share the old one's prefix); the
# full 256 bits would be nearly half of the snapshot.
HASH_CHARS = 8


@lru_cache(maxsize=65536)  # a corpus's figures share a small vocabulary: 50,000 lookups at 2,000 articles
def stem_key(stem: str) -> int:
    """A context word as 8 bits. A snapshot keeps these, not the words: the old context is only
    ever compared with the new one (overlap of two small sets, among one edited source's figures
    of the same measure), never shown, and a word costs a byte instead of five or six."""
    return hashlib.blake2b(stem.encode("utf-8"), digest_size=1).digest()[0]


def actor_key(name: str) -> int:
    """An actor id (or casefolded name) as 24 bits: a snapshot is only asked whether an actor was
    known, so it keeps these instead of the ids. A new actor is missed only if its key is one of
    the old actors' (with 2,000 old actors, 1 chance in 8,000)."""
    return int.from_bytes(hashlib.blake2b(name.encode("utf-8"), digest_size=3).digest(), "big")


@dataclass(frozen=True, slots=True)
class SourceState:
    id: str
    hash: str  # content-hash prefix
    title: str
    publisher: str
    date: str
    kind: str


@dataclass(frozen=True, slots=True)
class ClaimState:
    """A corroborated claim: its size and a bottom-k sample of its (article, sentence id) members."""

    sources: int
    members: int
    sample: tuple[tuple[str, str], ...]  # (article id, sentence id)


@dataclass(frozen=True, slots=True)
class SideState:
    article: str
    sentence_id: str
    value: str


@dataclass(frozen=True, slots=True)
class DiscrepancyState:
    kind: str
    a: SideState
    b: SideState

    def key(self) -> tuple[str, frozenset[tuple[str, str, str]]]:
        sides = frozenset((s.article, s.sentence_id, s.value) for s in (self.a, self.b))
        return self.kind, sides


@dataclass(frozen=True, slots=True)
class FigureState:
    """One figure of a source: what it measures, the words around it, and its value."""

    sentence_id: str  # "p4-s2" in the current corpus; "" when read from a snapshot (not stored)
    measure: str  # "count:kill", "length", "money:USD"...
    context: tuple[str, ...]  # content stems near the figure, sorted
    value: float  # normalised to the dimension's base unit
    surface: str  # as written, e.g. "12"
    keys: tuple[int, ...] = ()  # stem_key of each context word; read from a snapshot (its context is then ())

    def context_keys(self) -> frozenset[int]:
        return frozenset(self.keys) if self.keys or not self.context else frozenset(stem_key(w) for w in self.context)


@dataclass(frozen=True, slots=True)
class CitedState:
    kind: str
    target: str  # a sentence id or an annotation id
    hash: str  # text hash of the sentence when the state was taken; "" when it was not found


@dataclass(frozen=True, slots=True)
class JudgementState:
    id: str
    text: str  # the analyst's own sentence (not source text)
    citations: tuple[CitedState, ...]


@dataclass(frozen=True, slots=True)
class ActorState:
    id: str
    name: str
    type: str


@dataclass(frozen=True, slots=True)
class VerdictState:
    item: str
    verdict: str


@dataclass(slots=True)
class State:
    """Everything a snapshot records about one corpus (or filtered part of one)."""

    sources: list[SourceState] = field(default_factory=list)
    claims: list[ClaimState] = field(default_factory=list)
    discrepancies: list[DiscrepancyState] = field(default_factory=list)
    contested: list[ClaimState] = field(default_factory=list)
    figures: dict[str, list[FigureState]] = field(default_factory=dict)  # article id -> figures
    actors: list[ActorState] = field(default_factory=list)
    judgements: list[JudgementState] = field(default_factory=list)
    verdicts: list[VerdictState] | None = None  # None: no verdict table yet
    actor_keys: frozenset[int] | None = None  # read from a snapshot: actor_key of each actor id

    def known_actors(self) -> frozenset[int]:
        """actor_key of every actor id (and, when the names are known, casefolded name)."""
        if self.actor_keys is not None:
            return self.actor_keys
        return frozenset(actor_key(a.id) for a in self.actors) | frozenset(actor_key(a.name.casefold()) for a in self.actors)
