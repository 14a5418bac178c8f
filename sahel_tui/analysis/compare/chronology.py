"""The chronology: every dated event in the corpus, in order, with its sources.

Each date in a body sentence is an event mention; the words around the date
(its context) say which event it is. Mentions with the same date and a shared
context merge into one entry listing every source. Mentions in different
articles whose contexts clearly describe one event but whose dates differ are
conflicts: both entries carry the flag, and the discrepancies section lists
the pair. Nothing is ruled on.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from sahel_tui.analysis.compare.dates import DateMention
from sahel_tui.analysis.compare.prepare import Prepared, Unit

# Share of sentences above which a word is too common to identify an event.
INFORMATIVE_SHARE = 0.1
# Two dates this many years apart are taken as different events, not a conflict.
CONFLICT_MAX_YEARS = 3
CONTEXT_WIDTH = 6


@dataclass(slots=True)
class EventMention:
    unit: Unit
    date: DateMention
    context: frozenset[str]
    uncertain: bool

    def to_json(self) -> dict[str, object]:
        return {
            **self.unit.ref(),
            "surface": self.date.surface,
            "date": self.date.iso(),
            "year_source": self.date.year_source,
            "uncertain": self.uncertain,
        }


@dataclass(slots=True)
class Event:
    mentions: list[EventMention]
    conflicts: list[EventMention] = field(default_factory=list)

    @property
    def date(self) -> DateMention:
        return self.mentions[0].date

    def to_json(self) -> dict[str, object]:
        first = self.mentions[0]
        d = first.date
        sources: dict[str, None] = {}
        for m in self.mentions:
            sources.setdefault(m.unit.article_id, None)
        return {
            "date": d.iso(),
            "precision": d.precision,
            "qualifier": d.qualifier,
            "uncertain": any(m.uncertain for m in self.mentions),
            "year_source": d.year_source,
            "label": d.surface,
            "text": first.unit.sentence.text,
            "article": first.unit.article_id,
            "sentence_id": first.unit.sentence.id,
            "citation": first.unit.ref()["citation"],
            "sources": list(sources),
            "mentions": [m.to_json() for m in self.mentions],
            "conflict": bool(self.conflicts),
            "conflicts_with": [
                {"date": c.date.iso(), "article": c.unit.article_id, "sentence_id": c.unit.sentence.id, "text": c.unit.sentence.text}
                for c in self.conflicts
            ],
        }


def _informative(prep: Prepared) -> set[str]:
    limit = max(2, int(INFORMATIVE_SHARE * len(prep.units)))
    return {t for t, df in prep.doc_freq.items() if df <= limit and not t.startswith("#")}


def _neighbour_years(prep: Prepared, unit: Unit) -> list[int]:
    """Years written in the sentences just before and after, in the same paragraph."""
    siblings = prep.by_article[unit.article_id]
    pos = unit.index - siblings[0].index
    years: set[int] = set()
    for k in (pos - 1, pos + 1):
        if 0 <= k < len(siblings) and siblings[k].sentence.paragraph == unit.sentence.paragraph:
            years.update(
                d.year for d in siblings[k].dates
                if d.year is not None and d.year_source == "text" and d.precision in ("day", "month", "year")
            )
    return sorted(years)


def event_mentions(prep: Prepared) -> list[EventMention]:
    """Every date of every body sentence, with the year resolved where the evidence allows."""
    informative = _informative(prep)
    out: list[EventMention] = []
    for unit in prep.units:
        for d in unit.dates:
            uncertain = False
            if d.year is None:
                years = _neighbour_years(prep, unit)
                if len(years) == 1:
                    # A year from a nearby sentence is a reasonable reading, not a fact.
                    d = replace(d, year=years[0], year_source="neighbouring sentence")
                uncertain = True
            context = frozenset(t for t in unit.context(d.start, d.end, CONTEXT_WIDTH) if t in informative)
            out.append(EventMention(unit, d, context, uncertain))
    return out


def _same_event(a: EventMention, b: EventMention, needed: int) -> bool:
    if a.unit.article_id == b.unit.article_id:
        if a.unit.sentence.text == b.unit.sentence.text:
            return True  # a sentence the article repeats (a pull quote)
        # One writer giving one date twice usually means two things happened that
        # day ("on January 17" the siege, and arrests elsewhere): ask for more.
        needed += 1
    shared = len(a.context & b.context)
    return shared >= needed or (shared >= 1 and min(len(a.context), len(b.context)) <= 1)


def build_events(prep: Prepared, mentions: list[EventMention]) -> list[Event]:
    """Merge mentions of one event, flag conflicting dates, and sort."""
    buckets: dict[tuple[str, str], list[EventMention]] = {}
    for m in mentions:
        buckets.setdefault((m.date.iso(), m.date.precision), []).append(m)
    events: list[Event] = []
    for bucket in buckets.values():
        # Greedy merge through an inverted index of context words, so a bucket of
        # thousands of "2004" mentions is not compared pair by pair.
        groups: list[list[EventMention]] = []
        by_word: dict[str, list[int]] = {}
        for m in bucket:
            target = None
            candidates: dict[int, None] = {}
            for w in m.context:
                for g in by_word.get(w, ()):
                    candidates.setdefault(g, None)
            for g in candidates:
                if any(_same_event(m, other, 2) for other in groups[g][:8]):
                    target = g
                    break
            if target is None and not m.context:
                for g, members in enumerate(groups):
                    if any(_same_event(m, other, 2) for other in members[:8]):
                        target = g
                        break
            if target is None:
                groups.append([m])
                target = len(groups) - 1
            else:
                groups[target].append(m)
            for w in m.context:
                lst = by_word.setdefault(w, [])
                if not lst or lst[-1] != target:
                    lst.append(target)
        events.extend(Event(g) for g in groups)
    _flag_conflicts(events)
    events.sort(key=lambda e: (e.date.sort_key(), e.mentions[0].unit.index, e.mentions[0].date.start))
    return events


def _flag_conflicts(events: list[Event]) -> None:
    """Events in different articles that share their context but not their date."""
    index: dict[str, list[int]] = {}
    for i, e in enumerate(events):
        words = set().union(*(m.context for m in e.mentions))
        for w in words:
            index.setdefault(w, []).append(i)
    cap = max(50, int(4 * math.sqrt(len(events))))
    shared: dict[tuple[int, int], int] = {}
    for posting in index.values():
        if len(posting) > cap:
            continue
        for x in range(len(posting)):
            for y in range(x + 1, len(posting)):
                key = (posting[x], posting[y])
                shared[key] = shared.get(key, 0) + 1
    for (i, j), count in shared.items():
        if count < 2:
            continue
        a, b = events[i], events[j]
        if not _conflicting_dates(a.date, b.date):
            continue
        for ma in a.mentions:
            for mb in b.mentions:
                if ma.unit.article_id != mb.unit.article_id and len(ma.context & mb.context) >= 2:
                    if mb not in a.conflicts:
                        a.conflicts.append(mb)
                    if ma not in b.conflicts:
                        b.conflicts.append(ma)


def _conflicting_dates(a: DateMention, b: DateMention) -> bool:
    if a.year is None or b.year is None:
        return False
    if a.precision in ("decade", "range") or b.precision in ("decade", "range"):
        return False
    if abs(a.year - b.year) > CONFLICT_MAX_YEARS:
        return False
    return not a.overlaps(b)


def date_conflicts(events: list[Event]) -> list[tuple[EventMention, EventMention]]:
    """Each conflicting pair once, for the discrepancies section."""
    seen: set[tuple[str, int, str, int]] = set()
    out = []
    for e in events:
        for ma in e.mentions:
            for mb in e.conflicts:
                if ma.unit.article_id == mb.unit.article_id or len(ma.context & mb.context) < 2:
                    continue
                k1 = (ma.unit.sentence.id, ma.date.start, mb.unit.sentence.id, mb.date.start)
                k2 = (k1[2], k1[3], k1[0], k1[1])
                if k1 in seen or k2 in seen:
                    continue
                seen.add(k1)
                out.append((ma, mb))
    return out


def chronology(prep: Prepared) -> tuple[list[Event], list[EventMention]]:
    mentions = event_mentions(prep)
    return build_events(prep, mentions), mentions
