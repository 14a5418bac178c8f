"""The records of an analyst's verdict: what it is about (``Evidence``) and what was saved (``SavedVerdict``).

They live in the store, which saves them (``store/verdicts.py``); the comparison's
review (``analysis/compare/review.py``) and ids (``analysis/compare/identity.py``)
import them from here, so the store never imports the analysis.
"""

from __future__ import annotations

from dataclasses import dataclass

CONFIRMED = "confirmed"
REJECTED = "rejected"
VERDICTS = (CONFIRMED, REJECTED)


@dataclass(frozen=True, slots=True)
class Evidence:
    """What a verdict is about: the item's kind, id, and the sentences it rests on."""

    kind: str
    id: str
    keys: frozenset[str]
    digest: str

    def to_json(self) -> dict[str, object]:
        return {"keys": sorted(self.keys), "digest": self.digest}


@dataclass(frozen=True, slots=True)
class SavedVerdict:
    kind: str
    id: str
    verdict: str  # "confirmed" or "rejected"
    digest: str
    keys: frozenset[str]
    author: str
    modified: str
    summary: str = ""
    note: str | None = None
