"""Near-duplicate families: the same sentence reworded slightly, across articles.

Syndicated and rewritten news repeats sentences with a synonym swapped or a
figure rounded. Comparing those copies pairwise is where the cost of a large
corpus goes (20 copies of a sentence are 190 pairs, per shared word), so they
are collapsed first: MinHash signatures over each sentence's stems, banded
(LSH) so that only sentences colliding in a band are compared, and a colliding
pair joins a family when its cosine reaches ``FAMILY_THRESHOLD``. Later stages
then compare one representative per family.
"""

from __future__ import annotations

from sahel_tui.analysis.compare.prepare import Unit

FAMILY_THRESHOLD = 0.7
_BANDS, _ROWS = 6, 3  # P(collide) for Jaccard 0.75: 0.96; for 0.3: 0.15
_PRIME = (1 << 31) - 1


def near_duplicate_families(units: list[Unit]) -> list[int]:
    """For each unit, the index of its family's representative (itself when alone)."""
    import numpy as np

    from sahel_tui.analysis.compare.unionfind import UnionFind
    from sahel_tui.analysis.compare.text import cosine

    n = len(units)
    parent = list(range(n))
    if n < 2:
        return parent
    term_id: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for u in units:
        # Figures stay out: a nudged figure must not split a family, it is a discrepancy inside it.
        for t in u.counts:
            if not t.startswith("#"):
                rows.append(u.index)
                cols.append(term_id.setdefault(t, len(term_id) + 1))
    if not rows:
        return parent
    unit_idx = np.asarray(rows, dtype=np.int64)
    ids = np.asarray(cols, dtype=np.int64)
    order = np.argsort(unit_idx, kind="stable")
    unit_idx, ids = unit_idx[order], ids[order]
    starts = np.flatnonzero(np.r_[True, unit_idx[1:] != unit_idx[:-1]])
    owners = unit_idx[starts]
    rng = np.random.default_rng(20240601)  # fixed: the same corpus always gives the same families
    a = rng.integers(1, _PRIME, size=_BANDS * _ROWS, dtype=np.int64)
    b = rng.integers(0, _PRIME, size=_BANDS * _ROWS, dtype=np.int64)
    signature = np.empty((len(owners), _BANDS * _ROWS), dtype=np.int64)
    for h in range(_BANDS * _ROWS):
        signature[:, h] = np.minimum.reduceat((a[h] * ids + b[h]) % _PRIME, starts)
    uf = UnionFind()
    for band in range(_BANDS):
        block = signature[:, band * _ROWS:(band + 1) * _ROWS]
        keys = block[:, 0] * 1_000_003 + block[:, 1] * 7_919 + block[:, 2]
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        bounds = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1], True])
        for s, e in zip(bounds[:-1].tolist(), bounds[1:].tolist()):
            if e - s < 2:
                continue
            members = owners[order[s:e]].tolist()
            # Star, not clique: each member against the bucket's first is enough,
            # because the other bands link what this one misses.
            head = units[members[0]]
            for m in members[1:]:
                if uf.find(m) == uf.find(head.index):
                    continue
                if cosine(head.vector, units[m].vector) >= FAMILY_THRESHOLD:
                    uf.union(head.index, m)
    return [uf.find(i) for i in range(n)]


def family_articles(units: list[Unit], family: list[int]) -> dict[int, set[str]]:
    """The articles each family is stated in, keyed by its representative (in unit order)."""
    out: dict[int, set[str]] = {}
    for u in units:
        out.setdefault(family[u.index], set()).add(u.article_id)
    return out


def source_key(rep: Unit, articles_of: dict[int, set[str]]) -> str:
    """Where a representative's sentence comes from, for the pair search: its article, or,
    for a family already stated in several articles, the family itself (it may pair with anything)."""
    return rep.article_id if len(articles_of[rep.index]) == 1 else f"family:{rep.index}"
