"""Apply the analyst's saved verdicts to a fresh comparison (pure: the verdicts are passed in).

An item's id comes from the text it quotes (see :mod:`.identity`), so the same
evidence always gets the same id and its verdict applies as saved. When the
evidence changed (a member pruned, a source added, a figure edited), the id
changes too; the saved verdict then finds the item again through the sentences
both still share (``keys``) and the item is shown as ``changed``: the analyst
reviews it again rather than trusting a verdict given on other evidence.
Verdicts are generic over item kinds ("corroborated", "discrepancy",
"contested" from the attribution analysis, or any later kind).
"""

from __future__ import annotations

from typing import Iterable, Protocol

from sahel_tui.analysis.compare.model import CHANGED, REJECTED, Review
from sahel_tui.store.verdict_records import VERDICTS, Evidence, SavedVerdict

__all__ = ["VERDICTS", "Evidence", "SavedVerdict", "apply_verdicts"]
# Share of the smaller item's sentences a saved verdict must still share to follow a changed item.
FOLLOW_SHARE = 0.5


class Reviewed(Protocol):
    """Anything that can carry a verdict: an evidence record and a review slot."""

    evidence: Evidence
    review: Review


def review_of(ev: Evidence, saved: Iterable[SavedVerdict]) -> Review:
    """The review state of one item, given every saved verdict of its kind."""
    best: SavedVerdict | None = None
    best_share = 0.0
    for v in saved:
        if v.kind != ev.kind:
            continue
        if v.id == ev.id and v.digest == ev.digest:
            return Review(v.verdict, v.verdict, v.author, v.modified, v.note)
        if not v.keys or not ev.keys:
            continue
        share = len(v.keys & ev.keys) / min(len(v.keys), len(ev.keys))
        if share >= FOLLOW_SHARE and share > best_share:
            best, best_share = v, share
    if best is not None:
        return Review(CHANGED, best.verdict, best.author, best.modified, best.note)
    return Review()


def apply_verdicts(items: Iterable[Reviewed], saved: Iterable[SavedVerdict]) -> None:
    """Set ``review`` on every item from the saved verdicts."""
    by_kind: dict[str, list[SavedVerdict]] = {}
    for v in saved:
        by_kind.setdefault(v.kind, []).append(v)
    for item in items:
        item.review = review_of(item.evidence, by_kind.get(item.evidence.kind, []))


def kept_in_export(item: Reviewed) -> bool:
    """Rejected items are left out of the briefing; everything else is shown with its state."""
    return item.review.status != REJECTED
