"""Ids for reviewable items (corroborations, discrepancies, contested claims) that survive re-analysis.

An item's id and its evidence digest come from what it quotes, never from its
position in a list: re-running the comparison on the same text gives the same
ids, whatever else changed. Its ``keys`` (one per quoted sentence) let a saved
verdict find the item again after its evidence changed (a source added, a
member pruned): the verdict store matches by overlap and shows such an item
for review again (see :mod:`sahel_tui.store.verdicts`).
"""

from __future__ import annotations

import hashlib
import re

from sahel_tui.store.verdict_records import Evidence

# Id prefixes by item kind; another analysis adds its kind here.
PREFIXES = {"corroborated": "claim", "discrepancy": "disc", "contested": "contested"}
_SPACE = re.compile(r"\s+")


def member_key(article_id: str, text: str, extra: str = "") -> str:
    """A short digest of one quoted sentence (and, for a discrepancy side, its value)."""
    norm = _SPACE.sub(" ", text).strip().casefold()
    return hashlib.sha1(f"{article_id}\0{norm}\0{extra}".encode("utf-8")).hexdigest()[:12]


def evidence(kind: str, keys: list[str] | set[str] | frozenset[str]) -> Evidence:
    ordered = sorted(set(keys))
    digest = hashlib.sha1("|".join([kind, *ordered]).encode("utf-8")).hexdigest()[:16]
    prefix = PREFIXES.get(kind, kind)
    return Evidence(kind, f"{prefix}-{digest[:8]}", frozenset(ordered), digest)
