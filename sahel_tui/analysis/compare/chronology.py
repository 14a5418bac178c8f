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
import re
from dataclasses import dataclass, field, replace

from sahel_tui.analysis.compare.claims import match_score
from sahel_tui.analysis.compare.dates import DateMention, DateWindow, article_date_window
from sahel_tui.analysis.compare.model import ChronologyEntry, ChronologyMention, DateConflict, SentenceRef
from sahel_tui.analysis.compare.text import cosine
from sahel_tui.analysis.compare.prepare import Prepared, Unit

# Share of sentences above which a word is too common to identify an event.
INFORMATIVE_SHARE = 0.1
# Two dates this many years apart are taken as different events, not a conflict.
CONFLICT_MAX_YEARS = 3
CONTEXT_WIDTH = 6
# How alike two sentences must be for their dates to conflict (see claims.match_score).
CONFLICT_MIN_MATCH = 0.15


# "since 2002", "until 2013": the date is where a state of things began or ended.
_SPAN_CUE = re.compile(r"\b(?:since|until|till|through|as of|ever since|as far back as)\s+(?:the\s+|early\s+|late\s+|mid-?)?$", re.I)
# "his 2016 Democratic rival", "the 2001 U.S.-led invasion": a year naming something, as a modifier.
_MODIFIER_CUE = re.compile(r"(?:\b(?:his|her|their|its|our|my|the|a|an)|['’]s)\s+$", re.I)
_NOUN_AFTER = re.compile(r"[\s-]+(?:[A-Za-z][\w.'’-]*)")
# An event this many years before the article's own date is background to the story.
BACKGROUND_YEARS = 2


@dataclass(slots=True)
class EventMention:
    unit: Unit
    date: DateMention
    context: frozenset[str]
    uncertain: bool
    background: bool = False

    def to_model(self) -> ChronologyMention:
        d = self.date
        return ChronologyMention(SentenceRef.of(self.unit.ref()), d.surface, d.iso(), d.year_source, self.uncertain,
                                 self.background)

    def to_json(self) -> dict[str, object]:
        return self.to_model().to_json()


@dataclass(slots=True, eq=False)
class Event:
    mentions: list[EventMention]
    # (other event, this event's mention, the other's mention): one per conflicting event
    conflicts: list[tuple[Event, EventMention, EventMention]] = field(default_factory=list)

    @property
    def sources(self) -> list[str]:
        seen: dict[str, None] = {}
        for m in self.mentions:
            seen.setdefault(m.unit.article_id, None)
        return list(seen)

    @property
    def date(self) -> DateMention:
        return self.mentions[0].date

    @property
    def background(self) -> bool:
        return all(m.background for m in self.mentions)

    def to_model(self) -> ChronologyEntry:
        first = self.mentions[0]
        d = first.date
        return ChronologyEntry(
            date=d.iso(),
            precision=d.precision,
            qualifier=d.qualifier,
            uncertain=any(m.uncertain for m in self.mentions),
            year_source=d.year_source,
            label=d.surface,
            first=SentenceRef.of(first.unit.ref()),
            sources=self.sources,
            mentions=[m.to_model() for m in self.mentions],
            conflicts_with=[
                DateConflict(other.date.iso(), other.sources, SentenceRef.of(theirs.unit.ref()))
                for other, _, theirs in self.conflicts
            ],
            background=self.background,
            named_event=d.surface if d.year_source == "named event" else None,
        )

    def to_json(self) -> dict[str, object]:
        return self.to_model().to_json()


def is_background(unit: Unit, d: DateMention, window: DateWindow | None) -> bool:
    """Whether a date is background to the story rather than one of its events.

    Background: the start or end of a state of things ("since 2002"), a year
    used to name something ("his 2016 Democratic rival", "the 2001 invasion"),
    or a date well before the article was written. Named events ("9/11") are
    background too unless the article is of their time.
    """
    text = unit.sentence.text
    before = text[max(0, d.start - 30):d.start]
    if d.precision in ("year", "decade", "range") and _SPAN_CUE.search(before):
        return True  # "since 2002"; "until Jan. 11" is a deadline of the story
    if d.precision in ("year", "decade", "range") and _MODIFIER_CUE.search(before) and _NOUN_AFTER.match(text, d.end):
        return True
    if d.year_source == "named event" and window is None:
        return True
    if window is not None and d.year is not None:
        anchor = window.exact or window.earliest or window.latest
        if anchor is not None and d.year <= anchor[0].year - BACKGROUND_YEARS:
            return True
    return False


def informative_terms(prep: Prepared) -> set[str]:
    """Stems rare enough to tell one event or figure from another (no figures themselves)."""
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
    informative = informative_terms(prep)
    out: list[EventMention] = []
    windows: dict[str, DateWindow | None] = {}
    for unit in prep.units:
        if unit.article_id not in windows:
            windows[unit.article_id] = article_date_window(unit.article.meta)
        for d in unit.dates:
            uncertain = False
            if d.year is None:
                years = _neighbour_years(prep, unit)
                if len(years) == 1:
                    # A year from a nearby sentence is a reasonable reading, not a fact.
                    d = replace(d, year=years[0], year_source="neighbouring sentence")
                uncertain = True
            context = frozenset(t for t in unit.context(d.start, d.end, CONTEXT_WIDTH) if t in informative)
            out.append(EventMention(unit, d, context, uncertain, is_background(unit, d, windows[unit.article_id])))
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


def build_events(prep: Prepared, mentions: list[EventMention], family: list[int] | None = None) -> list[Event]:
    """Merge mentions of one event, flag conflicting dates, and sort."""
    buckets: dict[tuple[str, str], list[EventMention]] = {}
    for m in mentions:
        buckets.setdefault((m.date.iso(), m.date.precision), []).append(m)
    events: list[Event] = []
    for bucket in buckets.values():
        events.extend(Event(g) for g in _merge_bucket(bucket, family))
    _flag_conflicts(events)
    events.sort(key=lambda e: (e.date.sort_key(), e.mentions[0].unit.index, e.mentions[0].date.start))
    return events


def _merge_bucket(bucket: list[EventMention], family: list[int] | None) -> list[list[EventMention]]:
    """Mentions of one date that tell of one event, linked through shared context words.

    Copies of one sentence (same near-duplicate family) are one mention from
    the start. Other candidates come from an inverted index of context words
    over one mention per family (a word shared by very many of them proposes
    nothing), so a bucket of thousands of "2004" mentions is not compared pair
    by pair; linking is transitive, so the order of the articles does not matter.
    """
    from sahel_tui.analysis.compare.unionfind import UnionFind

    uf = UnionFind()
    first_of: dict[object, int] = {}
    heads: list[int] = []
    for k, m in enumerate(bucket):
        key: object = family[m.unit.index] if family is not None else m.unit.sentence.text
        if key in first_of:
            uf.union(first_of[key], k)
        else:
            first_of[key] = k
            heads.append(k)
    by_word: dict[str, list[int]] = {}
    for k in heads:
        for w in bucket[k].context:
            by_word.setdefault(w, []).append(k)
    cap = max(30, int(2 * math.sqrt(len(heads))))
    checked: set[tuple[int, int]] = set()
    for posting in by_word.values():
        if len(posting) > cap:
            continue
        for x in range(len(posting)):
            for y in range(x + 1, len(posting)):
                a, b = posting[x], posting[y]
                if (a, b) in checked:
                    continue
                checked.add((a, b))
                if uf.find(a) != uf.find(b) and _same_event(bucket[a], bucket[b], 2):
                    uf.union(a, b)
    groups: dict[int, list[EventMention]] = {}
    for k, m in enumerate(bucket):
        groups.setdefault(uf.find(k), []).append(m)
    return list(groups.values())


def _flag_conflicts(events: list[Event]) -> None:
    """Events in different articles that share their context but not their date."""
    index: dict[str, list[int]] = {}
    for i, e in enumerate(events):
        # Sorted: set order follows string hashing, which changes between runs.
        words = sorted(set().union(*(m.context for m in e.mentions)))
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
        pair = _conflicting_mentions(a, b)
        if pair is not None:
            a.conflicts.append((b, pair[0], pair[1]))
            b.conflicts.append((a, pair[1], pair[0]))


def _conflicting_mentions(a: Event, b: Event) -> tuple[EventMention, EventMention] | None:
    """The first two mentions, from different articles, that clearly tell of one event."""
    for ma in a.mentions[:20]:
        for mb in b.mentions[:20]:
            if ma.unit.article_id == mb.unit.article_id or len(ma.context & mb.context) < 2:
                continue
            # "arrived in 1774 ... exhibited in 1776": a sentence giving both dates
            # is telling of two events, and does not contradict the other.
            if any(d.overlaps(ma.date) for d in mb.unit.dates) or any(d.overlaps(mb.date) for d in ma.unit.dates):
                continue
            # "the chronometer from 1761 ... the camera from 1899" against "from 1897 ...
            # from 1900": each date is compared with the date in the other sentence
            # whose nearest words are its own, never with a neighbour in a list.
            if not (_aligned(ma, mb) and _aligned(mb, ma)):
                continue
            # Shared words around the dates are not enough: the two sentences must
            # make the same claim, as discrepancies between claims require.
            if match_score(ma.unit, mb.unit, cosine(ma.unit.vector, mb.unit.vector)) < CONFLICT_MIN_MATCH:
                continue
            return ma, mb
    return None


def _near(unit: Unit, date: DateMention, width: int = 4) -> dict[str, float]:
    """The content words around a date, weighted by closeness: 1 next to it, 1/2 one word further..."""
    before = [t for t, pos in unit.terms if pos < date.start][-width:]
    after = [t for t, pos in unit.terms if pos >= date.end][:width]
    out: dict[str, float] = {}
    for k, t in enumerate(reversed(before)):
        out[t] = max(out.get(t, 0.0), 1.0 / (1 + k))
    for k, t in enumerate(after):
        out[t] = max(out.get(t, 0.0), 1.0 / (1 + k))
    return out


def _affinity(a: dict[str, float], b: dict[str, float]) -> float:
    return sum(min(a[t], b[t]) for t in a.keys() & b.keys())


def _aligned(ma: EventMention, mb: EventMention) -> bool:
    """Whether, of the dates in ``mb``'s sentence, ``mb``'s is the one whose surroundings best match ``ma``'s."""
    others = [d for d in mb.unit.dates if d is not mb.date and d.year is not None]
    if not others:
        return True
    mine = _near(ma.unit, ma.date)
    theirs = _affinity(mine, _near(mb.unit, mb.date))
    return all(_affinity(mine, _near(mb.unit, d)) <= theirs for d in others)


def _conflicting_dates(a: DateMention, b: DateMention) -> bool:
    if a.year is None or b.year is None:
        return False
    if a.precision in ("decade", "range") or b.precision in ("decade", "range"):
        return False
    if abs(a.year - b.year) > CONFLICT_MAX_YEARS:
        return False
    return not a.overlaps(b)


def date_conflicts(events: list[Event]) -> list[tuple[Event, EventMention, Event, EventMention]]:
    """Each pair of conflicting events once, with the two mentions that show it."""
    position = {id(e): k for k, e in enumerate(events)}
    out = []
    for e in events:
        for other, mine, theirs in e.conflicts:
            if position[id(e)] < position[id(other)]:
                out.append((e, mine, other, theirs))
    return out


def chronology(prep: Prepared, family: list[int] | None = None) -> tuple[list[Event], list[EventMention]]:
    """Every dated event, sorted; ``family`` (near-duplicate representatives) speeds up merging."""
    mentions = event_mentions(prep)
    return build_events(prep, mentions, family), mentions
