"""What changed between two states of a corpus: the one a briefing was built from, and now.

A :class:`State` is what a snapshot records (see :mod:`sahel_tui.store.snapshots`):
the sources with their content hashes and a little metadata, the corroborated
claims, the discrepancies, every figure, the actors, the key judgements with
the text hashes of their evidence, and the analyst's verdicts. It holds no
article text, so it stays small: a claim is a few sentence positions, a figure
is its measure, the words around it and its value.

:func:`diff` compares two states and returns a :class:`ChangeReport`, every
item of which cites the sentence (or source) that is its evidence. Pure: the
comparison, actors and judgements are computed elsewhere and passed in.

How things are matched, so that an edit is not reported as a removal plus an
addition:

* sources by article id (ids come from file paths), edited when the hash differs;
* corroborated claims by a sample of their members: each group keeps the
  ``CLAIM_SAMPLE`` members with the smallest hash of their sentence id (a
  bottom-k sketch), and an old claim lives on in any current group holding at
  least two of its sample. A claim that gains a source keeps most of its
  sample, so it is reported as *grown*, not as new;
* discrepancies by kind and the two (sentence, value) sides;
* figures of an edited source by what they measure (the unit, or the noun a
  count counts: "12 killed" measures "kill") and the content words around
  them, never by the sentence's exact text: "12 killed in the attack near Gao"
  and "19 killed in the attack near Gao" are one figure whose value changed;
* key judgements by id; their evidence changed when a cited sentence's text
  hash differs or the sentence is gone.
"""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

from sahel_tui.corpus.model import split_sentence_id
from sahel_tui.store.snapshot_state import (
    SourceState,
    ClaimState,
    SideState,
    DiscrepancyState,
    FigureState,
    CitedState,
    JudgementState,
    ActorState,
    VerdictState,
    State,
    HASH_CHARS,
    actor_key,
)

if TYPE_CHECKING:
    from sahel_tui.corpus.model import Article, Corpus

CLAIM_SAMPLE = 3  # members kept per corroborated claim (bottom-k sketch)
CLAIM_MATCH = 2  # sample members a current group must hold to be the same claim
FIGURE_CONTEXT = 2  # content words kept either side of a figure
FIGURE_MATCH = 0.5  # context overlap (Jaccard) for two figures of one source to be the same


def text_hash(text: str) -> str:
    """A short, stable hash of a sentence's text (whitespace-insensitive)."""
    return hashlib.blake2b(" ".join(text.split()).encode("utf-8"), digest_size=4).hexdigest()


def _sketch_key(article: str, sentence_id: str) -> int:
    return zlib.crc32(f"{article}\0{sentence_id}".encode("utf-8"))


def short_sentence(sentence_id: str, article: str) -> str:
    prefix = article + "-"
    return sentence_id[len(prefix):] if sentence_id.startswith(prefix) else sentence_id


# -- the state (records in store/snapshot_state.py) -------------------------------------


@dataclass(frozen=True, slots=True)
class ActorNow:
    """What the report needs of a current actor: who, and the first mention to cite."""

    id: str
    name: str
    type: str
    sources: int  # distinct articles mentioning it
    first_article: str | None
    first_sentence: str | None


def actors_now(actors: Sequence[Any]) -> list[ActorNow]:
    out = []
    for a in actors:
        first = a.mentions[0] if a.mentions else None
        out.append(
            ActorNow(a.id, a.name, a.type, len({m.article for m in a.mentions}),
                     first.article if first else None, first.sentence_id if first else None)  # fmt: skip
        )
    return out


def source_state(article: Article) -> SourceState:
    from sahel_tui.corpus.filters import article_kind

    meta = article.meta
    dated = meta.value("date") or "..".join(x or "" for x in (meta.value("date_earliest"), meta.value("date_latest")))
    return SourceState(
        id=article.id,
        hash=article.content_hash[:HASH_CHARS],
        title=article.title[:120],
        publisher=meta.value("publisher") or "",
        date=dated if dated != ".." else "",
        kind=article_kind(article),
    )


def figures_of(article: Article) -> list[FigureState]:
    """Every figure of the article's body sentences with its measure and context."""
    from sahel_tui.analysis.compare.dates import find_dates
    from sahel_tui.analysis.compare.normalise import find_quantities
    from sahel_tui.analysis.compare.prepare import _MAY_HOLD_FIGURE
    from sahel_tui.analysis.compare.text import content_terms

    out: list[FigureState] = []
    for sentence in article.body_sentences:
        text = sentence.text
        if not _MAY_HOLD_FIGURE.search(text):
            continue
        dates = find_dates(text)
        quantities = find_quantities(text, [(d.start, d.end) for d in dates])
        if not quantities:
            continue
        terms = content_terms(text)
        for q in quantities:
            before = [s for s, pos in terms if pos < q.start][-FIGURE_CONTEXT:]
            after = [s for s, pos in terms if pos >= q.end][:FIGURE_CONTEXT]
            measure = f"count:{q.counted}" if q.dimension == "count" and q.counted else q.dimension
            out.append(
                FigureState(
                    sentence_id=short_sentence(sentence.id, article.id),
                    measure=measure,
                    context=tuple(sorted(set(before + after))),
                    value=round(q.value, 6),
                    surface=q.surface[:40],
                )
            )
    return out


def claim_state(members: Iterable[tuple[str, str]], sources: int) -> ClaimState:
    pairs = sorted(set(members), key=lambda m: (_sketch_key(*m), m))
    return ClaimState(sources=sources, members=len(pairs), sample=tuple(pairs[:CLAIM_SAMPLE]))


def _member_pairs(group: Mapping[str, Any]) -> list[tuple[str, str]]:
    return [(str(m.get("article")), str(m.get("sentence_id"))) for m in group.get("members") or []]


def _side_state(side: Mapping[str, Any]) -> SideState:
    return SideState(str(side.get("article")), str(side.get("sentence_id")), str(side.get("value")))


def build_state(
    corpus: Corpus,
    comparison: Mapping[str, Any] | None,
    actors: Sequence[Any] | None = None,
    judgements: Sequence[Any] | None = None,
    verdicts: Sequence[tuple[str, str]] | None = None,
    figures: Mapping[str, list[FigureState]] | None = None,
) -> State:
    """The state of ``corpus`` given its comparison (``compare_corpus(...).to_json()``) and the rest.

    ``figures`` may supply already computed figures per article id (from the
    cache); missing ones are computed here.
    """
    state = State()
    state.sources = [source_state(a) for a in corpus.articles]
    known = figures or {}
    state.figures = {a.id: list(known[a.id]) if a.id in known else figures_of(a) for a in corpus.articles}
    if comparison:
        for g in comparison.get("corroborated") or []:
            state.claims.append(claim_state(_member_pairs(g), int(g.get("sources") or 0)))
        for d in comparison.get("discrepancies") or []:
            state.discrepancies.append(DiscrepancyState(str(d.get("kind")), _side_state(d["a"]), _side_state(d["b"])))
        # Issue 17's contested claims, when the comparison has them: shaped like claims.
        for g in comparison.get("contested") or []:
            if isinstance(g, Mapping):
                pairs = _member_pairs(g)
                if pairs:
                    state.contested.append(claim_state(pairs, len({a for a, _ in pairs})))
    for actor in actors or ():
        state.actors.append(ActorState(actor.id, actor.name, actor.type))
    for j in judgements or ():
        cites = []
        for c in j.citations:
            sentence = corpus.sentence(c.target) if c.kind != "note" else None
            cites.append(CitedState(c.kind, c.target, text_hash(sentence.text) if sentence is not None else ""))
        state.judgements.append(JudgementState(j.id, j.text[:300], tuple(cites)))
    if verdicts is not None:
        state.verdicts = [VerdictState(item, value) for item, value in verdicts]
    return state


# -- the report --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where to look: a sentence of the current corpus, or (for what is gone) the snapshot's record."""

    article: str
    sentence_id: str | None
    citation: str
    text: str | None  # the sentence now; None when it is no longer in the corpus

    def to_json(self) -> dict[str, Any]:
        return {"article": self.article, "sentence_id": self.sentence_id, "citation": self.citation, "text": self.text}


@dataclass(frozen=True, slots=True)
class Change:
    """One item of the report: what changed, in one line, and its evidence."""

    section: str  # one of SECTIONS
    kind: str  # "new", "removed", "edited", "gone", "grown", "changed"
    summary: str
    evidence: tuple[Evidence, ...]
    detail: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "section": self.section,
            "kind": self.kind,
            "summary": self.summary,
            "evidence": [e.to_json() for e in self.evidence],
            **self.detail,
        }


SECTIONS: tuple[str, ...] = ("sources", "corroborations", "discrepancies", "figures", "actors", "judgements", "verdicts")
SECTION_TITLES: dict[str, str] = {
    "sources": "Sources",
    "corroborations": "Corroborated claims",
    "discrepancies": "Discrepancies",
    "figures": "Figures that changed",
    "actors": "New actors",
    "judgements": "Key judgements whose evidence changed",
    "verdicts": "Your verdicts to look at again",
}


@dataclass(slots=True)
class ChangeReport:
    changes: list[Change] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def section(self, name: str) -> list[Change]:
        return [c for c in self.changes if c.section == name]

    def counts(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {s: {} for s in SECTIONS}
        for c in self.changes:
            out[c.section][c.kind] = out[c.section].get(c.kind, 0) + 1
        return out

    @property
    def empty(self) -> bool:
        return not self.changes


class _Cite:
    """Citations for the report, from the current corpus or, for what is gone, from the old state."""

    def __init__(self, corpus: Corpus, old: State) -> None:
        self.corpus = corpus
        self.old_sources = {s.id: s for s in old.sources}

    def source(self, article_id: str) -> Evidence:
        article = self.corpus._by_id(article_id)
        if article is not None:
            return Evidence(article_id, None, _source_citation(article.title, article.meta.value("publisher"), article.meta.value("date")), None)
        old = self.old_sources.get(article_id)
        if old is not None:
            return Evidence(article_id, None, _source_citation(old.title, old.publisher, old.date) + " (no longer in the corpus)", None)
        return Evidence(article_id, None, article_id, None)

    def sentence(self, article_id: str, sentence_id: str) -> Evidence:
        from sahel_tui.analysis.compare.prepare import citation

        full = sentence_id if sentence_id.startswith(article_id + "-") else f"{article_id}-{sentence_id}"
        article = self.corpus._by_id(article_id)
        s = article.sentence(full) if article is not None else None
        if article is not None and s is not None:
            return Evidence(article_id, full, citation(article, s), s.text)
        base = self.source(article_id)
        return Evidence(article_id, full, base.citation + (f", {short_sentence(full, article_id)}" if article is None else ", sentence no longer there"), None)


def _source_citation(title: str, publisher: str | None, date: str | None) -> str:
    bits = [b for b in (publisher, date) if b]
    return f"{title} ({', '.join(bits)})" if bits else title


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _claims_diff(old: list[ClaimState], new_groups: list[Mapping[str, Any]], cite: _Cite, changed: set[str], label: str) -> list[Change]:
    """New, grown and gone claims (``label``: "corroborations" or "contested")."""
    out: list[Change] = []
    current = [(g, set(_member_pairs(g))) for g in new_groups]
    matched_old: set[int] = set()
    by_member: dict[tuple[str, str], list[int]] = {}
    for i, c in enumerate(old):
        for m in c.sample:
            by_member.setdefault(m, []).append(i)
    for g, members in current:
        hits: dict[int, int] = {}
        for m in members:
            for i in by_member.get(m, ()):
                hits[i] = hits.get(i, 0) + 1
        same = [i for i, n in hits.items() if n >= min(CLAIM_MATCH, len(old[i].sample))]
        sources = int(g.get("sources") or len({a for a, _ in members}))
        fresh = sorted((a, s) for a, s in members if a in changed)
        if not same:
            shown = fresh or sorted(members)
            out.append(
                Change(
                    label, "new",
                    f"new: {_plural(sources, 'source')} agree" + _terms(g),
                    tuple(cite.sentence(a, s) for a, s in shown[:4]),
                    {"sources": sources},
                )
            )
            continue
        matched_old.update(same)
        before = max(old[i].sources for i in same)
        if sources > before and fresh:
            out.append(
                Change(
                    label, "grown",
                    f"now {_plural(sources, 'source')} (was {before})",
                    tuple(cite.sentence(a, s) for a, s in fresh[:4]),
                    {"sources": sources, "was": before},
                )
            )
    for i, c in enumerate(old):
        if i in matched_old:
            continue
        out.append(
            Change(
                label, "gone",
                f"no longer found: {_plural(c.sources, 'source')} agreed",
                tuple(cite.sentence(a, s) for a, s in c.sample[:4]),
                {"sources": c.sources},
            )
        )
    return out


def _terms(group: Mapping[str, Any]) -> str:
    """`` (garrison, trucks, fuel)``: the words the statements share (figure tokens left out)."""
    words = [t for t in group.get("shared_terms") or [] if not str(t).startswith("#")][:5]
    return f" ({', '.join(words)})" if words else ""


def _figure_match(a: FigureState, b: FigureState) -> float:
    if a.measure != b.measure:
        return 0.0
    x, y = a.context_keys(), b.context_keys()  # a snapshot keeps the words' keys, not the words
    if not x and not y:
        return 1.0
    return len(x & y) / len(x | y)


def _same_value(a: float, b: float) -> bool:
    return a == b or abs(a - b) <= 0.005 * max(abs(a), abs(b))


def _figures_diff(old: list[FigureState], new: list[FigureState], article_id: str, cite: _Cite) -> list[Change]:
    """Figures of one edited source whose value changed, matched by measure and context."""
    remaining = list(new)
    pending: list[FigureState] = []
    # Unchanged figures first, so a changed one cannot take another's partner.
    for f in old:
        keys = f.context_keys()
        twin = next((n for n in remaining if n.measure == f.measure and n.context_keys() == keys and _same_value(n.value, f.value)), None)
        if twin is not None:
            remaining.remove(twin)
        else:
            pending.append(f)
    out: list[Change] = []
    for f in pending:
        best, score = None, 0.0
        for n in remaining:
            s = _figure_match(f, n)
            if s > score:
                best, score = n, s
        if best is None or score < FIGURE_MATCH:
            continue
        remaining.remove(best)
        if _same_value(best.value, f.value):
            continue
        what = f.measure.removeprefix("count:")
        out.append(
            Change(
                "figures", "changed",
                f"{f.surface} became {best.surface} ({what}; {', '.join(best.context[:4])})",
                (cite.sentence(article_id, best.sentence_id),),
                {"was": f.surface, "now": best.surface, "was_value": f.value, "now_value": best.value,
                 "measure": f.measure, "context": list(best.context)},
            )
        )
    return out


def diff(old: State, current: State, corpus: Corpus, comparison: Mapping[str, Any] | None, actors: Sequence[Any] | None = None) -> ChangeReport:
    """What changed from ``old`` to ``current`` (``corpus``/``comparison``/``actors``: the current ones, for citing)."""
    report = ChangeReport()
    cite = _Cite(corpus, old)
    before = {s.id: s for s in old.sources}
    now = {s.id: s for s in current.sources}
    changed: set[str] = set()
    for s in current.sources:
        if s.id not in before:
            changed.add(s.id)
            report.changes.append(Change("sources", "new", f"new source: {s.title}", (cite.source(s.id),)))
        elif before[s.id].hash != s.hash:
            changed.add(s.id)
            report.changes.append(Change("sources", "edited", f"edited: {s.title}", (cite.source(s.id),)))
    for s in old.sources:
        if s.id not in now:
            report.changes.append(Change("sources", "removed", f"removed: {s.title}", (cite.source(s.id),)))

    if comparison is not None:
        groups = list(comparison.get("corroborated") or [])
        report.changes.extend(_claims_diff(old.claims, groups, cite, changed, "corroborations"))
        if comparison.get("contested") or old.contested:
            report.changes.extend(
                c for c in _claims_diff(old.contested, [g for g in comparison.get("contested") or [] if isinstance(g, Mapping)], cite, changed, "corroborations")
            )
        old_keys = {d.key() for d in old.discrepancies}
        new_keys = set()
        for d in comparison.get("discrepancies") or []:
            ds = DiscrepancyState(str(d.get("kind")), _side_state(d["a"]), _side_state(d["b"]))
            new_keys.add(ds.key())
            if ds.key() not in old_keys:
                report.changes.append(
                    Change(
                        "discrepancies", "new", f"new {ds.kind}: {ds.a.value!r} vs {ds.b.value!r}",
                        (cite.sentence(ds.a.article, ds.a.sentence_id), cite.sentence(ds.b.article, ds.b.sentence_id)),
                        {"discrepancy_kind": ds.kind, "values": [ds.a.value, ds.b.value]},
                    )
                )
        for ds in old.discrepancies:
            if ds.key() not in new_keys:
                report.changes.append(
                    Change(
                        "discrepancies", "gone", f"resolved or gone ({ds.kind}): {ds.a.value!r} vs {ds.b.value!r}",
                        (cite.sentence(ds.a.article, ds.a.sentence_id), cite.sentence(ds.b.article, ds.b.sentence_id)),
                        {"discrepancy_kind": ds.kind, "values": [ds.a.value, ds.b.value]},
                    )
                )
    else:
        report.notes.append("claims and discrepancies were not compared (the comparison is unavailable)")

    for s in current.sources:
        if s.id in before and before[s.id].hash != s.hash:
            report.changes.extend(_figures_diff(old.figures.get(s.id, []), current.figures.get(s.id, []), s.id, cite))

    if actors is not None:
        known = old.known_actors()
        for actor in actors if all(isinstance(x, ActorNow) for x in actors) else actors_now(actors):
            if actor_key(actor.id) in known or actor_key(actor.name.casefold()) in known:
                continue
            evidence = (cite.sentence(actor.first_article, actor.first_sentence),) if actor.first_article and actor.first_sentence else ()
            sources = actor.sources
            report.changes.append(
                Change("actors", "new", f"{actor.name} ({actor.type.replace('_', ' ')}; {_plural(sources, 'source')})", evidence, {"actor": actor.id})
            )

    current_j = {j.id: j for j in current.judgements}
    for j in old.judgements:
        cur = current_j.get(j.id)
        if cur is None:
            continue  # a deleted judgement is the analyst's own act, not news from the sources
        old_c = {c.target: c for c in j.citations}
        moved: list[Evidence] = []
        for c in cur.citations:
            was = old_c.get(c.target)
            # A citation added since is the analyst's own act; only the sources' changes are news.
            if c.kind == "note" or was is None or was.hash == c.hash:
                continue
            parts = split_sentence_id(c.target)
            if parts is not None:
                moved.append(cite.sentence(parts[0], c.target))
        if moved:
            report.changes.append(
                Change(
                    "judgements", "changed",
                    f"evidence changed for: {cur.text[:80]}",
                    tuple(moved),
                    {"judgement": cur.id},
                )
            )
    if comparison is not None and old.verdicts:
        report.changes.extend(_verdicts_diff(old.verdicts, comparison, cite))
    order = {s: i for i, s in enumerate(SECTIONS)}
    report.changes.sort(key=lambda c: order[c.section])
    return report


def _verdicts_diff(verdicts: Sequence[VerdictState], comparison: Mapping[str, Any], cite: _Cite) -> list[Change]:
    """A verdict the analyst gave that the sources have since undermined: its item is gone from
    the comparison, or its evidence changed (review status "changed"). Giving or withdrawing a
    verdict is the analyst's own act, not news, so it is not reported."""
    items: dict[str, Mapping[str, Any]] = {}
    for section in ("corroborated", "discrepancies", "contested"):
        for item in comparison.get(section) or []:
            if isinstance(item, Mapping) and item.get("id"):
                items[str(item["id"])] = item
    out: list[Change] = []
    for v in verdicts:
        if v.verdict not in ("confirmed", "rejected"):
            continue
        item = items.get(v.item)
        if item is None:
            out.append(Change("verdicts", "gone", f"{v.item}, which you {v.verdict}, is no longer proposed", (), {"item": v.item, "verdict": v.verdict}))
            continue
        review = item.get("review")
        if isinstance(review, Mapping) and review.get("status") == "changed":
            evidence = tuple(
                cite.sentence(str(m.get("article")), str(m.get("sentence_id")))
                for m in list(item.get("members") or [item.get("a"), item.get("b")])[:4]
                if isinstance(m, Mapping) and m.get("article") and m.get("sentence_id")
            )
            out.append(Change("verdicts", "changed", f"the evidence of {v.item}, which you {v.verdict}, has changed: review it again",
                              evidence, {"item": v.item, "verdict": v.verdict}))
    return out
