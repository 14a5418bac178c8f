"""Snapshots and changes, put together: what the export, `sahel-brief changes` and the app share.

:func:`current_state` gathers what a snapshot records from the analysis
(comparison, actors, judgements, verdicts, figures); :func:`record` writes
it after an export; :func:`changes_since` compares the corpus now with a
snapshot. The comparison is the slow part, so only what the diff needs of it
(member and side ids, values, shared terms; never the text) is kept in the
analysis cache under the corpus's checksum: an export followed by
`changes`, or two `changes` in a row, compare the corpus once.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Sequence

from sahel_tui.analysis.changes import ActorNow, ChangeReport, actors_now, build_state, diff, figures_of
from sahel_tui.store.snapshot_state import FigureState, State

if TYPE_CHECKING:
    from sahel_tui.analysis.compare import Comparison
    from sahel_tui.corpus.model import Article, Corpus
    from sahel_tui.store.annotations import AnnotationStore
    from sahel_tui.infrastructure.cache import Cache
    from sahel_tui.store.snapshots import Snapshot
    from sahel_tui.workspace import Workspace

DIGEST_VERSION = "3"
_DIGEST_SECTIONS = ("corroborated", "discrepancies")


def digest(result: Comparison) -> dict[str, Any]:
    """What a diff reads of the comparison: ids and values only, never the texts (read from the
    typed result: building its JSON first took 0.2 s at 2,000 articles)."""

    def side(s: Any) -> dict[str, Any]:
        return {"article": s.ref.article, "sentence_id": s.ref.sentence_id, "value": s.value}

    def members(pairs: Any) -> list[dict[str, Any]]:
        return [{"article": a, "sentence_id": sid} for a, sid in pairs]

    out: dict[str, Any] = {
        "corroborated": [
            {
                "id": g.id,  # what the analyst's verdicts name
                "sources": g.sources,
                "shared_terms": list(g.shared_terms)[:6],
                "members": members((m.ref.article, m.ref.sentence_id) for m in g.members),
            }
            for g in result.corroborated or []
        ],
        "discrepancies": [{"id": d.id, "kind": d.kind, "a": side(d.a), "b": side(d.b)} for d in result.discrepancies or []],
    }
    if isinstance(result.contested, list):
        # A contested claim holds its sentences per side, not as members.
        out["contested"] = [
            {
                "id": c.id,
                "sources": len({x.article for side in c.sides for x in side}),
                "shared_terms": list(c.matter)[:6],
                "members": members((x.article, x.sentence_id) for side in c.sides for x in side),
            }
            for c in result.contested
        ]
    return out


def comparison_digest(
    corpus: Corpus,
    cache: Cache | None,
    comparison: Comparison | None = None,
    actors: Callable[[], Sequence[Any] | None] | None = None,
) -> dict[str, Any]:
    """The digest of the corpus's comparison: from ``comparison`` when given, else the cache, else computed.

    ``actors`` gives the glossary to compute it with (called only then); without
    it the comparison detects the actors itself.
    """
    key = corpus.corpus_id
    params = {"v": DIGEST_VERSION}
    if comparison is not None and all(getattr(comparison, s) is not None for s in _DIGEST_SECTIONS):
        found = digest(comparison)
        if cache is not None:
            cache.put("changes-digest", key, found, params)
        return found
    if cache is not None:
        hit = cache.get("changes-digest", key, params)
        if isinstance(hit, dict):
            return hit
    from sahel_tui.analysis.compare import SECTIONS, compare_corpus

    sections = [s for s in _DIGEST_SECTIONS if s in SECTIONS] + [s for s in SECTIONS if s == "contested"]
    glossary = actors() if actors is not None else None
    found = digest(compare_corpus(corpus, actors=glossary, sections=sections, cache=cache))
    if cache is not None:
        cache.put("changes-digest", key, found, params)
    return found


def figures(corpus: Corpus, cache: Cache | None) -> dict[str, list[FigureState]]:
    """Each article's figures, through the cache (keyed by its content hash)."""
    out: dict[str, list[FigureState]] = {}
    for a in corpus.articles:
        if cache is None:
            out[a.id] = figures_of(a)
            continue
        def rows_of(article: Article = a) -> list[list[Any]]:
            return [[f.sentence_id, f.measure, list(f.context), f.value, f.surface] for f in figures_of(article)]

        rows: list[list[Any]] = cache.get_or_compute("figures", a.content_hash, rows_of, {"v": DIGEST_VERSION})
        out[a.id] = [FigureState(str(r[0]), str(r[1]), tuple(r[2]), float(r[3]), str(r[4])) for r in rows]
    return out


@dataclass(slots=True)
class Current:
    """The corpus as it is now, with what a snapshot and a diff need."""

    corpus: Corpus
    state: State
    comparison: dict[str, Any]
    actors: Sequence[Any] | None


def current_state(
    corpus: Corpus,
    *,
    cache: Cache | None,
    store: AnnotationStore | None,
    comparison: Comparison | None = None,
    actors: Sequence[Any] | None = None,
    judgements: Sequence[Any] | None = None,
    need_actors: bool = True,
) -> Current:
    """Everything a snapshot records; what is passed in is reused, the rest computed."""
    from sahel_tui.store.snapshots import read_verdicts


    # The rest that depends on the corpus alone (actors, figures) is cached under its checksum too,
    # so `changes` on a corpus compared before reads two cache entries instead of detecting again.
    # Actor edits change the actors without changing the corpus: they are part of the key.
    from sahel_tui.store.actor_edits import load_edits

    edits = load_edits()
    detected: list[Sequence[Any] | None] = []

    def glossary() -> Sequence[Any] | None:
        """The actors as the app shows them (curated, the analyst's edits), detected once."""
        if not detected:
            found_actors = actors
            if found_actors is None and need_actors:
                try:
                    from sahel_tui.analysis.actors import detect_actors
                except ImportError:
                    found_actors = None
                else:
                    found_actors = detect_actors(corpus, curated=True, edits=edits, cache=cache)
            detected.append(found_actors)
        return detected[0]

    # One detection serves the comparison and the actors' state: each was a full one before.
    found = comparison_digest(corpus, cache, comparison, glossary)
    key = {"v": DIGEST_VERSION, "edits": _edits_key(edits)}
    hit = cache.get("changes-corpus", corpus.corpus_id, key) if cache is not None else None
    now: list[ActorNow] | None = None
    figs: dict[str, list[FigureState]] | None = None
    if isinstance(hit, dict) and isinstance(hit.get("figures"), dict):
        # The actors passed in (the export's) are the current ones; the figures depend on the texts alone.
        if actors is None:
            now = None if hit.get("actors") is None else [ActorNow(*a) for a in hit["actors"]]
        else:
            now = actors_now(actors)
        figs = {aid: [FigureState(str(r[0]), str(r[1]), tuple(r[2]), float(r[3]), str(r[4])) for r in rows] for aid, rows in hit["figures"].items()}
    else:
        actors = glossary()
        now = actors_now(actors) if actors is not None else None
        figs = figures(corpus, cache)
        if cache is not None and now is not None:
            cache.put(
                "changes-corpus",
                corpus.corpus_id,
                {
                    "actors": [[a.id, a.name, a.type, a.sources, a.first_article, a.first_sentence] for a in now],
                    "figures": {aid: [[f.sentence_id, f.measure, list(f.context), f.value, f.surface] for f in rows] for aid, rows in figs.items()},
                },
                key,
            )
    if judgements is None and store is not None:
        from sahel_tui.store.judgements import JudgementStore

        judgements = JudgementStore.of(store).list()
    state = build_state(corpus, found, now, judgements, read_verdicts(store), figs)
    return Current(corpus, state, found, now)


def _edits_key(edits: Any) -> str:
    import hashlib

    return hashlib.sha256(repr(edits).encode("utf-8")).hexdigest()[:16]


def record(
    current: Current,
    *,
    title: str,
    output: str | None,
    corpus_root: Path,
    filter: dict[str, Any] | None = None,
) -> Snapshot:
    from sahel_tui.store.snapshots import save

    return save(current.state, corpus_root=corpus_root, corpus_id=current.corpus.corpus_id, title=title, output=output, filter=filter)


def changes_since(current: Current, snapshot: Snapshot) -> ChangeReport:
    report = diff(snapshot.state, current.state, current.corpus, current.comparison, current.actors)
    if snapshot.state.verdicts is None and current.state.verdicts is not None:
        report.notes.append("the snapshot predates verdicts; verdicts are compared from the next briefing on")
    return report


def report_json(report: ChangeReport, snapshot: Snapshot, corpus: Corpus) -> dict[str, Any]:
    """What `changes --json` prints (README: "sahel-brief changes")."""
    return {
        "since": {
            "id": snapshot.id,
            "created": snapshot.created,
            "title": snapshot.title,
            "output": snapshot.output,
            "corpus_root": snapshot.corpus_root,
            "sources": len(snapshot.state.sources),
            "filter": snapshot.filter,
        },
        "sources": len(corpus.articles),
        "counts": report.counts(),
        "changes": [c.to_json() for c in report.changes],
        "notes": list(report.notes),
    }


# The current state of one export's analysis, computed once for the section and the snapshot.
_CURRENT: weakref.WeakKeyDictionary[Any, Current] = weakref.WeakKeyDictionary()


def current_for_analysis(analysis: Workspace) -> Current:
    """The export's current state, from the workspace it was built from (memoised on it)."""
    found = _CURRENT.get(analysis)
    if found is not None:
        return found
    comparison = analysis.load_comparison_result()
    actors = analysis.load_actors()
    judgements = analysis.judgements()
    store = analysis.store
    if store is not None:
        found = current_state(analysis.corpus, cache=analysis.cache, store=store, comparison=comparison, actors=actors, judgements=judgements, need_actors=False)
    else:
        from sahel_tui.store.annotations import AnnotationStore

        with AnnotationStore.open() as opened:
            found = current_state(analysis.corpus, cache=analysis.cache, store=opened, comparison=comparison, actors=actors, judgements=judgements, need_actors=False)
    _CURRENT[analysis] = found
    return found


def previous_snapshot(corpus_root: Path) -> tuple[Snapshot | None, list[str]]:
    """The latest snapshot of this corpus folder, and any warnings (damaged ones moved aside)."""
    from sahel_tui.store.snapshots import choose, load_all

    listing = load_all()
    return choose(listing, corpus_root, None), listing.warnings
