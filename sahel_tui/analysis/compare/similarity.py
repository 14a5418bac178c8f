"""How close each pair of articles is, and which terms set each article apart.

Articles are TF-IDF vectors over the same stems and figures as the claims;
the matrix is their cosine. Only terms found in two or more articles can make
two articles alike, so only those become columns of the dense product (the
rest still count in each vector's length), which keeps 2,000 articles to a
few hundred megabytes at most.

The full matrix is n x n by definition (400 million cells at 20,000
articles), so above ``DENSE_ARTICLES`` it is not built: each article's nearest
neighbours come from an inverted index over its informative terms instead
(``_nearest_indexed``), in time and memory that grow with the corpus, and the
section's ``matrix`` is null.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Any

from sahel_tui.analysis.compare.prepare import Prepared
from sahel_tui.analysis.compare.text import idf_table

# Up to this many articles the section carries the whole matrix (27 MB of JSON
# at 2,000); above it, nearest neighbours come from the index and no matrix.
DENSE_ARTICLES = 2_000


def _article_counts(prep: Prepared) -> list[Counter[str]]:
    out = []
    for article in prep.corpus.articles:
        c: Counter[str] = Counter()
        for u in prep.by_article.get(article.id, []):
            c.update(u.counts)
        out.append(c)
    return out


_WORD_AT = re.compile(r"[^\W\d_][^\W_]*(?:-[^\W_]+)*")


def _surfaces(prep: Prepared, article_index: int, wanted: set[str]) -> dict[str, str]:
    """The commonest written form in one article of each wanted stem."""
    forms: dict[str, Counter[str]] = {}
    article = prep.corpus.articles[article_index]
    for u in prep.by_article.get(article.id, []):
        for s, pos in u.terms:
            if s in wanted:
                m = _WORD_AT.match(u.sentence.text, pos)
                if m:
                    w = m.group()
                    forms.setdefault(s, Counter())[w if not w.isupper() or len(w) <= 5 else w.lower()] += 1
    return {s: c.most_common(1)[0][0] for s, c in forms.items()}


def _shared_floats(values: Any) -> list[list[float]]:
    """``values.tolist()``, but each distinct value is one Python float shared by every cell.

    Rounded to 3 decimals, an n x n matrix holds at most ~1,000 distinct values;
    ``tolist()`` would make n*n float objects (96 MB at 2,000 articles) that the
    app keeps for as long as it shows the comparison. Same values, same JSON.
    """
    import numpy as np

    if values.size == 0:
        return values.tolist()  # type: ignore[no-any-return]
    # Unique by bit pattern, so even -0.0 and 0.0 stay what they were.
    bits, inverse = np.unique(values.view(np.int64), return_inverse=True)
    shared = np.empty(len(bits), dtype=object)
    shared[:] = bits.view(np.float64).tolist()
    return shared[inverse.reshape(values.shape)].tolist()  # type: ignore[no-any-return]


def article_similarity(prep: Prepared, top_terms: int = 10, nearest: int = 3) -> dict[str, object]:
    """The similarity section: articles, the cosine matrix, nearest neighbours, distinguishing terms."""
    import numpy as np

    articles = prep.corpus.articles
    n = len(articles)
    counts = _article_counts(prep)
    df: Counter[str] = Counter()
    for c in counts:
        df.update(c.keys())
    idf = idf_table(df, n)
    shared_terms = sorted(t for t, k in df.items() if k >= 2)
    column = {t: i for i, t in enumerate(shared_terms)}
    dense = n <= DENSE_ARTICLES
    matrix = np.zeros((n if dense else 0, len(shared_terms)), dtype=np.float32)
    # Above the dense limit: each row's (column, weight) pairs, for the index.
    sparse_rows: list[tuple[list[int], list[float]]] = []
    distinguishing: list[list[dict[str, object]]] = []
    for row, c in enumerate(counts):
        weights = {t: (1.0 + math.log(k)) * idf[t] for t, k in c.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        cols: list[int] = []
        vals: list[float] = []
        for t, w in weights.items():
            col = column.get(t)
            if col is not None:
                cols.append(col)
                vals.append(w / norm)
        if dense:
            matrix[row, cols] = vals
        else:
            sparse_rows.append((cols, vals))
        # Distinctive = heavy here, and words rather than figures; terms in every
        # article (idf at its floor) distinguish nothing when there are several.
        # A word used once is as likely chance as topic: distinguishing terms
        # must recur in the article, and exclusivity (idf) counts twice.
        pool = [t for t in weights if not t.startswith("#") and (n == 1 or df[t] < n) and len(t) > 2]
        recurring = [t for t in pool if c[t] >= 2]
        pool = recurring if len(recurring) >= top_terms else pool
        ranked = sorted(pool, key=lambda t: (-weights[t] * idf[t], t))[:top_terms]
        surface = _surfaces(prep, row, set(ranked))
        distinguishing.append(
            [{"term": surface.get(t, t), "stem": t, "weight": round(weights[t] / norm, 3), "articles": df[t]} for t in ranked]
        )
    if n > DENSE_ARTICLES:
        return {
            "articles": [{"id": a.id, "title": a.title} for a in articles],
            "matrix": None,
            "nearest": _nearest_indexed(articles, sparse_rows, df, n, nearest),
            "distinguishing_terms": {a.id: distinguishing[i] for i, a in enumerate(articles)},
        }
    # Dense BLAS beats gathering each row's non-zero columns: measured on 2,000
    # articles, the product takes ~1.5 s, the gathers ten times more.
    sims = matrix @ matrix.T if n else np.zeros((0, 0), dtype=np.float32)
    np.fill_diagonal(sims, 1.0)
    sims = np.clip(sims, 0.0, 1.0)
    rounded = np.round(sims.astype(np.float64), 3)
    neighbours = []
    for i in range(n):
        row = sims[i].copy()
        row[i] = -1.0
        k = min(nearest, n - 1)
        order = np.argsort(-row, kind="stable")[: max(k, 0)]
        neighbours.append([{"article": articles[j].id, "similarity": float(rounded[i, j])} for j in order])
    return {
        "articles": [{"id": a.id, "title": a.title} for a in articles],
        "matrix": _shared_floats(rounded),
        "nearest": {a.id: neighbours[i] for i, a in enumerate(articles)},
        "distinguishing_terms": {a.id: distinguishing[i] for i, a in enumerate(articles)},
    }


def _nearest_indexed(
    articles: list[Any], rows: list[tuple[list[int], list[float]]], df: Counter[str], n: int, nearest: int,
    candidates: int = 24,
) -> dict[str, list[dict[str, object]]]:
    """Each article's ``nearest`` neighbours without the n x n matrix.

    Candidates come from the postings of informative columns (terms in at most
    ``posting_cap`` articles, the cap lowered until the postings generate at
    most ``PAIR_BUDGET`` pair entries, as for sentence pairs): the ``candidates``
    best partners of each article by those terms alone. Each candidate's exact
    cosine then adds the common columns, held densely (there are few of them).
    A neighbour sharing no informative term with an article can be missed; such
    a pair is alike only through words most articles use.
    """
    import numpy as np

    from sahel_tui.analysis.compare.pairs import PAIR_BUDGET, posting_cap

    width = max((max(c) for c, _ in rows if c), default=-1) + 1
    col_df = np.zeros(width, dtype=np.int64)
    for cols, _ in rows:
        col_df[cols] += 1
    cap = posting_cap(n, [int(x) for x in col_df if x >= 2], PAIR_BUDGET)
    common_cols = np.flatnonzero(col_df > cap)
    common_at = np.full(width, -1, dtype=np.int64)
    common_at[common_cols] = np.arange(len(common_cols))
    common = np.zeros((n, len(common_cols)), dtype=np.float32)
    post_cols: list[np.ndarray] = []
    post_rows: list[np.ndarray] = []
    post_vals: list[np.ndarray] = []
    for i, (cols, vals) in enumerate(rows):
        c = np.asarray(cols, dtype=np.int64)
        v = np.asarray(vals, dtype=np.float32)
        where = common_at[c] if len(c) else c
        common[i, where[where >= 0]] = v[where >= 0]
        rare = where < 0
        post_cols.append(c[rare])
        post_rows.append(np.full(int(rare.sum()), i, dtype=np.int64))
        post_vals.append(v[rare])
    pc = np.concatenate(post_cols) if post_cols else np.empty(0, dtype=np.int64)
    pr = np.concatenate(post_rows) if post_rows else np.empty(0, dtype=np.int64)
    pv = np.concatenate(post_vals) if post_vals else np.empty(0, dtype=np.float32)
    order = np.argsort(pc, kind="stable")
    pc, pr, pv = pc[order], pr[order], pv[order]
    bounds = np.flatnonzero(np.r_[True, pc[1:] != pc[:-1], True]) if len(pc) else np.zeros(1, dtype=np.int64)
    codes_acc = np.empty(0, dtype=np.int64)
    vals_acc = np.empty(0, dtype=np.float32)
    codes_buf: list[np.ndarray] = []
    vals_buf: list[np.ndarray] = []
    buffered = 0

    def reduce(codes: np.ndarray, vals: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        uniq, inverse = np.unique(codes, return_inverse=True)
        return uniq, np.bincount(inverse, weights=vals).astype(np.float32)

    # Postings of one length are paired together, as rows of one matrix: a loop per
    # term cost ~30 us each (1 s of 1.9 s at 2,010 articles), a loop per length is
    # a few dozen steps. Within a length, terms keep their column order.
    starts_all, lengths = bounds[:-1], np.diff(bounds)
    for k in np.unique(lengths[lengths >= 2]).tolist():
        iu, ju = np.triu_indices(k, 1)
        heads = starts_all[lengths == k]
        step = max(1, 8_000_000 // len(iu))  # terms per block: a bounded buffer
        for b0 in range(0, len(heads), step):
            at = heads[b0 : b0 + step, None] + np.arange(k)
            idx, w = pr[at], pv[at]
            codes_buf.append((idx[:, iu] * n + idx[:, ju]).ravel())
            vals_buf.append((w[:, iu] * w[:, ju]).ravel())
            buffered += idx.shape[0] * len(iu)
            if buffered >= 8_000_000:  # reduce on the way: memory stays bounded
                codes_acc, vals_acc = reduce(np.concatenate([codes_acc, *codes_buf]), np.concatenate([vals_acc, *vals_buf]))
                codes_buf, vals_buf, buffered = [], [], 0
    if codes_buf:
        codes_acc, vals_acc = reduce(np.concatenate([codes_acc, *codes_buf]), np.concatenate([vals_acc, *vals_buf]))
    first, second = np.divmod(codes_acc, n)
    # Both directions, then the best ``candidates`` partners of each article by the informative part.
    a = np.concatenate([first, second])
    b = np.concatenate([second, first])
    part = np.concatenate([vals_acc, vals_acc])
    order = np.lexsort((b, -part, a))
    a, b, part = a[order], b[order], part[order]
    starts = np.flatnonzero(np.r_[True, a[1:] != a[:-1]]) if len(a) else np.empty(0, dtype=np.int64)
    rank = np.arange(len(a)) - np.repeat(starts, np.diff(np.r_[starts, len(a)]))
    keep = rank < candidates
    a, b, part = a[keep], b[keep], part[keep]
    exact = part.copy()
    for s in range(0, len(a), 16_384):  # gathered rows in blocks: a bounded buffer
        exact[s : s + 16_384] += np.einsum("ij,ij->i", common[a[s : s + 16_384]], common[b[s : s + 16_384]])
    # Ordered by the unrounded cosine, as the dense path orders its rows.
    order = np.lexsort((b, -exact, a))
    a, b = a[order], b[order]
    exact = np.round(np.clip(exact[order].astype(np.float64), 0.0, 1.0), 3)
    out: dict[str, list[dict[str, object]]] = {art.id: [] for art in articles}
    for i, j, sim in zip(a.tolist(), b.tolist(), exact.tolist()):
        near = out[articles[i].id]
        if len(near) < nearest:
            near.append({"article": articles[j].id, "similarity": sim})
    return out
