"""Actor coverage: which sources mention which actors, and how often.

Works from any objects shaped like ``sahel_tui.analysis.actors.Actor`` (id,
name, type, mentions with an ``article`` attribute), so it can be tested and
used without the actor detector.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Sequence

from sahel_tui.corpus.model import Corpus


def mention_counts(actor: Any) -> Counter[str]:
    """Mentions of one actor per article id."""
    return Counter(m.article for m in actor.mentions)


def coverage(corpus: Corpus, actors: Sequence[Any]) -> dict[str, object]:
    """Sources × actors counts; actors only one source mentions are listed apart."""
    from sahel_tui.analysis.compare.similarity import DENSE_ARTICLES

    article_ids = [a.id for a in corpus.articles]
    known = set(article_ids)
    # Every actor x every article is actors x n cells (tens of millions at
    # 20,000 articles): above the dense limit, counts name only the articles
    # that mention the actor, in corpus order, and a missing article means 0.
    dense = len(article_ids) <= DENSE_ARTICLES
    position = {aid: i for i, aid in reversed(list(enumerate(article_ids)))}
    rows = []
    for actor in actors:
        counts = mention_counts(actor)
        counts = Counter({k: v for k, v in counts.items() if k in known})
        total = sum(counts.values())
        if total == 0:
            continue
        rows.append(
            {
                "id": actor.id,
                "name": actor.name,
                "type": actor.type,
                "counts": {aid: counts.get(aid, 0) for aid in article_ids} if dense
                else {aid: counts[aid] for aid in sorted(counts, key=position.__getitem__)},
                "total": total,
                "sources": len(counts),
                "single_source": len(counts) == 1 and len(article_ids) > 1,
            }
        )
    rows.sort(key=lambda r: (-r["sources"], -r["total"], str(r["name"]).lower()))
    single = [
        {"id": r["id"], "name": r["name"], "type": r["type"], "article": next(k for k, v in r["counts"].items() if v),
         "mentions": r["total"]}
        for r in rows
        if r["single_source"]
    ]
    single.sort(key=lambda r: (-r["mentions"], str(r["name"]).lower()))
    return {"articles": article_ids, "actors": rows, "single_source_actors": single}
