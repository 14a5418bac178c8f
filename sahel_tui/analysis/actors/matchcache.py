"""Each article's mention matches kept between runs, reused while the names it could match are unchanged.

Matching one article reads the corpus-wide matcher (every cluster's names and
aliases, the gazetteer, the corpus's common words), so adding one article
used to re-match all the others: 3.4 s of the 3.9 s the actors took after 10
articles were added to 2,000. But an article's matches can only change if an
entry it could match changed. A table entry can only hit an article holding
every word of the entry's key, so the entries *relevant* to an article are
few, and known from the article's words alone.

So each article's entry stores its matches and its words, plus a digest of
the relevant part of the matcher (its *projection*): the relevant table
entries, and the case-blind table's winners (the first form in table order
wins a case-blind lookup), the aliases scoped to it, the common words it opens a sentence
with, and its conflict flag. If a later run computes the same projection,
the stored matches are what matching would find again, and are reused.

Clusters are named in the stored form by their smallest name and its number
among clusters of that name ("Mali#0"), since a cluster's index moves as
names are added; a place cluster by its place, resolved through the matcher
as the matching itself does. Anything else about a cluster that matching
reads (its place, for the team rules) is in the projection.
"""

from __future__ import annotations

import hashlib
from typing import Any

from sahel_tui.analysis.actors.merge import Cluster

KIND = "actors-match"


class Projection:
    """The matcher seen from one article at a time: relevant entries and their stable names."""

    def __init__(self, clusters: list[Cluster], table: dict[tuple[str, ...], Any],
                 scoped: dict[tuple[str, ...], dict[str, int]], common: frozenset[str],
                 place_cluster: dict[tuple[str, str], int]) -> None:
        self.common = common
        canonical = set(place_cluster.values())
        seen: dict[str, int] = {}
        # A cluster's stable name, and what matching reads of it (its place).
        self.names: list[str] = []
        self.encoded: list[tuple[Any, ...]] = []
        for idx, c in enumerate(clusters):
            place = (c.place.name, c.place.type, c.place.code, c.place.how) if c.place is not None else None
            if place is not None and idx in canonical:
                self.names.append("")
                self.encoded.append(("place", *place))
                continue
            # The smallest of its names, not the first seen: an article added earlier in
            # corpus order changes which form a cluster saw first ("Bell" before "David
            # Bell"), and that renamed the cluster in 366 of 2,010 articles' digests.
            first = min(c.names) if c.names else ""
            n = seen.get(first, 0)
            seen[first] = n + 1
            name = f"{first}#{n}"
            self.names.append(name)
            self.encoded.append(("c", name, place))
        self.index = {name: idx for idx, name in enumerate(self.names) if name}
        # Table entries by their first word. A key has one target, so their order does not
        # matter. Case-blind (lines in capitals), the first entry in table order wins a folded
        # key, as in _Matcher._fold_tables: only the winners are kept, so neither depends on
        # the order clusters were made in.
        self.exact: dict[str, list[tuple[tuple[str, ...], Any]]] = {}
        self.folded: dict[str, list[tuple[tuple[str, ...], Any]]] = {}
        folded: dict[tuple[str, ...], Any] = {}
        for key, target in table.items():
            self.exact.setdefault(key[0], []).append((key, target))
            fkey = tuple(k.casefold() for k in key)
            if fkey not in folded and not (len(key) == 1 and len(key[0]) < 3):
                folded[fkey] = target
        for fkey, target in folded.items():
            self.folded.setdefault(fkey[0], []).append((fkey, target))
        self.scoped: dict[str, list[tuple[tuple[str, ...], int]]] = {}
        for key, arts in scoped.items():
            for art, idx in arts.items():
                self.scoped.setdefault(art, []).append((key, idx))

    @classmethod
    def of(cls, matcher: Any, base: int) -> "Projection":
        """The projection of a detect._Matcher, over its first ``base`` clusters (those it was built with)."""
        return cls(list(matcher.clusters[:base]), matcher.table, matcher.scoped, matcher.common, dict(matcher.place_cluster))

    def _target(self, target: Any) -> tuple[Any, ...]:
        if isinstance(target, int):
            return self.encoded[target]
        return ("g", target.name, target.type, target.code, target.how)  # a gazetteer place

    def digest(self, article_key: str, article_id: str, conflict: bool, words: list[list[str]]) -> str:
        """What matching this article reads of the matcher, hashed, whatever the order of ``words``
        (the article's matching keys, case-folded words of lines in capitals, sentence openers:
        detect._article_words)."""
        exact, folded = set(words[0]), set(words[1])
        h = hashlib.blake2b(digest_size=16)
        h.update(f"{article_key}\0{int(conflict)}\0".encode())
        rows = sorted(repr((key, self._target(target)))
                      for w in words[0] for key, target in self.exact.get(w, ()) if all(k in exact for k in key[1:]))
        h.update("\0".join(rows).encode("utf-8", "surrogatepass"))
        h.update(b"\1")
        rows = sorted(repr((fkey, self._target(target)))
                      for w in words[1] for fkey, target in self.folded.get(w, ()) if all(k in folded for k in fkey[1:]))
        h.update("\0".join(rows).encode("utf-8", "surrogatepass"))
        h.update(b"\1")
        for key, idx in sorted(self.scoped.get(article_id, ()), key=lambda e: e[0]):
            h.update(repr((key, self._target(idx))).encode("utf-8", "surrogatepass"))
        h.update(b"\1")
        h.update(repr(sorted({w for w in words[2] if w in self.common})).encode("utf-8", "surrogatepass"))
        return h.hexdigest()

    def encode(self, target: Any) -> Any:
        """A record's target in stored form: a cluster's stable name, or a place or team as matching reports them."""
        if isinstance(target, int):
            enc = self.encoded[target]
            return enc[1] if enc[0] == "c" else list(enc)
        return list(target)

    def decode(self, stored: Any) -> Any:
        """The target as matching reports it, or None if the stored name is not a cluster now."""
        if isinstance(stored, str):
            return self.index.get(stored)
        # A place or team as the parent resolves it: (kind, name, type, code, how), checked, since
        # a forged entry must be matched again, never fail the detection.
        if (isinstance(stored, list) and len(stored) == 5 and stored[0] in ("place", "team")
                and all(isinstance(x, str) for x in (stored[1], stored[2], stored[4]))
                and (stored[3] is None or isinstance(stored[3], str))):
            return tuple(stored)
        return None


def encode_records(projection: Projection, per_sentence: list[tuple[str, bool, list[tuple[Any, ...]]]]) -> list[Any]:
    return [
        [sid, body, [[projection.encode(pre), projection.encode(post), start, end, list(ctx) if ctx is not None else None]
                     for pre, post, start, end, ctx in records]]
        for sid, body, records in per_sentence
    ]


def decode_records(projection: Projection, stored: Any, sentence_ids: set[str]) -> list[tuple[str, bool, list[tuple[Any, ...]]]] | None:
    """The stored matches in matching's own form, or None if any part is unsound (then the article is matched again)."""
    if not isinstance(stored, list):
        return None
    out = []
    try:
        for sid, body, records in stored:
            if sid not in sentence_ids or not isinstance(body, bool) or not isinstance(records, list):
                return None
            rows = []
            for pre, post, start, end, ctx in records:
                a, b = projection.decode(pre), projection.decode(post)
                if a is None or b is None or not (isinstance(start, int) and isinstance(end, int)):
                    return None
                if ctx is not None:
                    evidence, roles, description, rank, modifier = ctx
                    if not (isinstance(evidence, dict) and isinstance(roles, list) and isinstance(rank, int)
                            and isinstance(modifier, bool) and (description is None or isinstance(description, str))
                            and all(isinstance(k, str) and type(v) in (int, float) for k, v in evidence.items())
                            and all(isinstance(r, str) for r in roles)):
                        return None
                    ctx = (evidence, roles, description, rank, modifier)
                rows.append((a, b, start, end, ctx))
            out.append((sid, body, rows))
    except (TypeError, ValueError):
        return None
    return out


def valid_entry(found: Any) -> bool:
    if not isinstance(found, dict):
        return False
    words = found.get("words")
    return (isinstance(found.get("projection"), str) and isinstance(found.get("matches"), list)
            and isinstance(words, list) and len(words) == 3
            and all(isinstance(w, list) and all(isinstance(x, str) for x in w) for w in words))
