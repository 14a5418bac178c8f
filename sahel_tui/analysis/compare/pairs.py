"""Similar sentence pairs across articles, found through an index, never all pairs.

Two sentences that say the same thing share informative terms, so candidates
come from the postings of rare-to-middling terms only: a term in more than
``cap`` sentences (like "government") never proposes a pair, and the cap is
lowered until the postings generate at most ``PAIR_BUDGET`` entries. The dot
products over those postings are summed with numpy. A pair is kept only when
those informative terms alone give half the bar and, by Cauchy-Schwarz, the
common terms could still lift it over; the common terms' exact contribution is
then added for the survivors, giving the exact cosine. The work is bounded by
the budget, not by the square of the number of sentences.
"""

from __future__ import annotations

import math

from sahel_tui.analysis.compare.prepare import Unit

# Share of the similarity bar that informative (under-the-cap) terms must reach alone.
INFORMATIVE_SHARE = 0.5
# Pairs accumulate in chunks; reducing merges the repeated pairs (one per
# shared term). The budget bounds the total, so one reduction at the end is
# usually all; a larger buffer is reduced on the way to bound memory.
_CHUNK = 16_000_000


# At most about this many (pair, term) entries are generated, whatever the
# corpus: ~10 s and ~250 MB in the worst case measured (2,000 articles of
# unrelated text), far less on news where near-copies collapse first.
PAIR_BUDGET = 10_000_000


def posting_cap(n_units: int, doc_freqs: list[int] | None = None, budget: int = PAIR_BUDGET) -> int:
    """How common a term may be and still propose pairs.

    It grows like sqrt(n), and is lowered further when the terms under it would
    generate more than ``budget`` pair entries (sum of df*(df-1)/2), so a large
    corpus of unrelated articles cannot make the index quadratic.
    """
    cap = max(40, int(3 * math.sqrt(n_units)))
    if doc_freqs:
        total = 0
        for df in sorted(doc_freqs):
            if df > cap:
                break
            total += df * (df - 1) // 2
            if total > budget:
                return max(2, df - 1)
    return cap


def similar_pairs(
    units: list[Unit],
    doc_freq: dict[str, int],
    min_sim: float,
    source_keys: list[str] | None = None,
    cap: int | None = None,
    not_both: list[bool] | None = None,
) -> dict[tuple[int, int], float]:
    """Cosine of every pair of ``units`` from different sources at or above ``min_sim``.

    ``source_keys[k]`` says where ``units[k]`` comes from (its article id by
    default); pairs with equal keys are skipped, and so are pairs whose two
    members are both flagged in ``not_both`` (already compared elsewhere).
    Keys of the result are ``(unit.index, unit.index)`` pairs, smaller position first.
    """
    import numpy as np

    n = len(units)
    if n < 2:
        return {}
    if cap is None:
        present: set[str] = set()
        for u in units:
            present.update(u.vector)
        cap = posting_cap(n, [doc_freq[t] for t in present if doc_freq.get(t, 0) >= 2])
    keys = source_keys or [u.article_id for u in units]
    key_of: dict[str, int] = {}
    art = np.asarray([key_of.setdefault(k, len(key_of)) for k in keys], dtype=np.int64)
    flagged = np.asarray(not_both if not_both is not None else [False] * n, dtype=bool)
    postings: dict[str, tuple[list[int], list[float]]] = {}
    common: list[dict[str, float]] = [{} for _ in range(n)]
    for pos, u in enumerate(units):
        for t, w in u.vector.items():
            df = doc_freq.get(t, 0)
            if df < 2:
                continue
            if df <= cap:
                p = postings.setdefault(t, ([], []))
                p[0].append(pos)
                p[1].append(w)
            else:
                common[pos][t] = w

    acc_codes = np.empty(0, dtype=np.int64)
    acc_vals = np.empty(0, dtype=np.float32)
    codes_buf: list[np.ndarray] = []
    vals_buf: list[np.ndarray] = []
    buffered = 0

    def reduce(codes: np.ndarray, vals: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        uniq, inverse = np.unique(codes, return_inverse=True)
        return uniq, np.bincount(inverse, weights=vals).astype(np.float32)

    triu_cache: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    for idx_list, w_list in postings.values():
        k = len(idx_list)
        if k < 2:
            continue
        idx = np.asarray(idx_list, dtype=np.int64)
        weights = np.asarray(w_list, dtype=np.float32)
        if k not in triu_cache:
            triu_cache[k] = np.triu_indices(k, 1)
        iu, ju = triu_cache[k]
        a, b = idx[iu], idx[ju]
        keep = (art[a] != art[b]) & ~(flagged[a] & flagged[b])
        if not keep.any():
            continue
        codes_buf.append(a[keep] * n + b[keep])
        vals_buf.append(weights[iu][keep] * weights[ju][keep])
        buffered += int(keep.sum())
        if buffered >= _CHUNK:
            acc_codes, acc_vals = reduce(
                np.concatenate([acc_codes, *codes_buf]), np.concatenate([acc_vals, *vals_buf])
            )
            codes_buf, vals_buf, buffered = [], [], 0
    if codes_buf:
        acc_codes, acc_vals = reduce(np.concatenate([acc_codes, *codes_buf]), np.concatenate([acc_vals, *vals_buf]))

    # Cauchy-Schwarz: the common terms add at most |common_i|*|common_j| to the
    # dot product, so pairs that cannot reach the bar even then are dropped
    # exactly, in numpy, before any Python-level work.
    common_norm = np.asarray([math.sqrt(sum(v * v for v in c.values())) for c in common], dtype=np.float32)
    first, second = np.divmod(acc_codes, n)
    survivors = acc_vals + common_norm[first] * common_norm[second] >= min_sim
    # Two sentences that state the same thing share informative words, not just
    # common ones: half the bar must come from terms under the cap.
    survivors &= acc_vals >= min_sim * INFORMATIVE_SHARE
    out: dict[tuple[int, int], float] = {}
    for i, j, partial in zip(first[survivors].tolist(), second[survivors].tolist(), acc_vals[survivors].tolist()):
        ci, cj = common[i], common[j]
        if len(ci) > len(cj):
            ci, cj = cj, ci
        sim = partial + sum(v * cj[t] for t, v in ci.items() if t in cj)
        if sim >= min_sim:
            out[(units[i].index, units[j].index)] = min(1.0, sim)
    return out
