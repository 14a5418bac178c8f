"""Does a pair of sentences state one proposition? And are two statements independent?

Similar words are not a shared claim. Two sentences corroborate each other
only when they name the same actors (see :mod:`.entities`: both name someone
and the names agree), say the same thing of them (they share words beyond the
names, the predicate), and with the same polarity (one denying what the other
asserts is a dispute, not support). Each test is cheap and conservative:
precision first, since a false "confirmed by three sources" misleads more than
a missed one.

Independence: an outlet that quotes the same speaker, or runs the same wire
copy, repeats a statement; it does not confirm it. Members whose quoted words
or whole wording are near-identical are marked as repeats, and a group counts
its independent sources apart from its mentions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Set

import difflib
import re
from dataclasses import dataclass, field

from sahel_tui.analysis.compare.entities import (
    CALENDAR,
    TITLES,
    Entity,
    find_entities,
    lower_vocabulary,
    names_after_the,
)
from sahel_tui.analysis.compare.prepare import Prepared, Unit
from sahel_tui.analysis.compare.text import STOPWORDS, stem

# Shared words beyond the names, weighted by idf, that a predicate needs.
MIN_PREDICATE_WEIGHT = 4.0
MIN_PREDICATE_TERMS = 2
# ...and that weight must be this share of the smaller sentence's predicate weight.
MIN_PREDICATE_COVERAGE = 0.3
# A pair sharing no named actor needs this score (a near-paraphrase or a repeated quote).
UNNAMED_MIN_SCORE = 0.45
# Two sentences' word sequences this alike are one text copied (wire copy, a reused paragraph).
COPY_RATIO = 0.8
# Quoted words two statements share, in a row, to be one quotation.
QUOTE_RUN = 5

_NEGATION = re.compile(r"\b(?:not|never|no|nor|neither|cannot)\b|n[’']t\b", re.IGNORECASE)
_QUOTED = re.compile(r"[\"“”]([^\"“”]{12,})[\"“”]?")
_WORD = re.compile(r"[\w’']+")
_HYPHENATED = re.compile(r"[\w’']+(?:-[\w’']+)*")


@dataclass(slots=True)
class Match:
    """Why two sentences were taken to state one proposition."""

    actors: list[str]  # shared names, as written
    predicate: list[str]  # shared non-name terms (stems), most informative first
    score: float
    # The part of each sentence that matched (unit index -> character span): a
    # clause, or the whole sentence. A group's members must all match one part of its centre.
    spans: dict[int, tuple[int, int]] = field(default_factory=dict)


@dataclass(slots=True)
class Props:
    """Names and predicate terms of every unit, computed once per comparison."""

    prep: Prepared
    entities: dict[tuple[bool, int], list[Entity]] = field(default_factory=dict)
    _lower: frozenset[str] = frozenset()
    _the: frozenset[str] = frozenset()
    # A unit's predicate terms, once: the clause pass asks for each unit many times (one call
    # per candidate pair), and each answer walks the sentence's names and descriptors again.
    # Keyed by the object itself (held in the value, so its id is never reused): clauses
    # built by different passes may share an index, and each has its own terms.
    _predicates: dict[int, tuple[Unit, frozenset[str]]] = field(default_factory=dict)
    _keys: dict[int, tuple[Unit, frozenset[str]]] = field(default_factory=dict)
    _weights: dict[int, tuple[Unit, float]] = field(default_factory=dict)

    @classmethod
    def build(cls, prep: Prepared) -> Props:
        texts = [u.sentence.text for u in prep.units]
        return cls(prep, {}, lower_vocabulary(texts), names_after_the(texts))

    def of(self, unit: Unit) -> list[Entity]:
        # Clauses (see .clauses) are numbered apart from units: the key tells them apart.
        key = (isinstance(unit, Unit), unit.index)
        found = self.entities.get(key)
        if found is None:
            found = self.entities[key] = find_entities(unit.sentence.text, self._lower, self._the)
        return found

    def keys(self, unit: Unit) -> frozenset[str]:
        hit = self._keys.get(id(unit))
        if hit is not None:
            return hit[1]
        found = frozenset({e.key for e in self.of(unit)} | set(getattr(unit, "extra_keys", ())))
        self._keys[id(unit)] = (unit, found)
        return found

    def predicate_weight(self, unit: Unit) -> float:
        """The summed idf of the unit's predicate terms (how much it says), once per unit."""
        hit = self._weights.get(id(unit))
        if hit is not None:
            return hit[1]
        idf = self.prep.idf
        found = sum(idf.get(t, 1.0) for t in self.predicate_terms(unit))
        self._weights[id(unit)] = (unit, found)
        return found

    def subject(self, unit: Unit) -> tuple[str, set[str]] | None:
        """The sentence's first name: its key and the stems of its words."""
        found = self.of(unit)
        if not found:
            return None
        first = found[0]
        return first.key, {s for s, pos in unit.terms if first.start <= pos < first.end}

    def name_terms(self, unit: Unit) -> set[str]:
        """The stems of the words inside names and their descriptors, which say who, not what.

        "real estate tycoon Donald Trump", "former Olympic 100m champion Maurice
        Greene", "Stephen Toulouse, a security manager at Microsoft,": two
        sentences sharing such words share a way of naming someone, not a claim.
        """
        text = unit.sentence.text
        spans = []
        names = [(e.start, e.end) for e in self.of(unit)]
        for e in self.of(unit):
            spans.append((e.start, e.end))
            spans.extend(_descriptors(text, e.start, e.end, names))
        return {s for s, pos in unit.terms if any(a <= pos < b for a, b in spans)}

    def predicate_terms(self, unit: Unit) -> frozenset[str]:
        hit = self._predicates.get(id(unit))
        if hit is not None:
            return hit[1]
        names = self.name_terms(unit)
        # Figures stay: the same figure in both is the surest sign of one fact.
        found = frozenset(t for t in unit.counts if t not in names and t not in _NOT_PREDICATE)
        self._predicates[id(unit)] = (unit, found)
        return found


# A descriptor before a name starts after one of these (or after punctuation, or at the start).
_DESCRIPTOR_OPENERS = frozenset("the a an his her their its our former of by for with from at to as".split())
_CHAIN_WORD = re.compile(r"\w[\w'’.-]*")
_APPOSITIVE = re.compile(r",\s+(?:a|an|the)\s+[^,;:()]{3,60}?,|\s+(?:-|--|—|–)\s+[^-—–]{3,60}?\s+(?:-|--|—|–)\s")


def _descriptors(text: str, start: int, end: int, names: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of words describing the name at ``text[start:end]`` (see Props.name_terms).

    Before the name: up to three words, opened by punctuation, the sentence's
    start or a determiner/preposition ("the", "former", "with"), and not
    starting with another name ("Trump accused Obama" is a subject and a verb).
    After it: an appositive between commas (", a security manager at Microsoft,").
    """
    out = []
    words = list(_CHAIN_WORD.finditer(text, 0, start))
    chain: list[re.Match[str]] = []
    confirmed = False
    by_opener = False
    right = start
    for w in reversed(words):
        if text[w.end():right].strip():
            confirmed = True  # punctuation between: the chain is opened
            break
        if w.group().lower() in _DESCRIPTOR_OPENERS:
            confirmed = by_opener = True
            break
        if w.group().lower() in STOPWORDS or len(chain) == 3:
            break
        chain.append(w)
        right = w.start()
    else:
        confirmed = True  # the sentence's start
    # Opened by the start or punctuation, a chain starting with a name is that name's
    # verb ("Trump accused Obama"); after "the"/"former" it is a description.
    if chain and confirmed and (by_opener or not any(a <= chain[-1].start() < b for a, b in names)):
        out.append((chain[-1].start(), start))
    a = _APPOSITIVE.match(text, end)
    if a:
        out.append((a.start(), a.end()))
    return out


# Titles and days say who and when, not what: they never make a predicate.
# Scale words belong to a figure, which has its own key ("#716000000$"): two
# sentences that both say "billion" share a magnitude, not something said.
_SCALE = frozenset("hundred hundreds thousand thousands million millions billion billions trillion percent cent % dozen".split())
_NOT_PREDICATE = frozenset(stem(w) for w in TITLES | CALENDAR | _SCALE) | frozenset(TITLES | CALENDAR | _SCALE)
# A negation this many words before a term negates it ("was not a war of Obama's choosing").
NEGATION_REACH = 4


def negated_terms(unit: Unit, terms: Set[str]) -> set[str]:
    """Which of ``terms`` the sentence negates: a "not", "never", "n't"... shortly before, in the same clause."""
    text = unit.sentence.text
    marks = [m.start() for m in _NEGATION.finditer(text)]
    if not marks:
        return set()
    out = set()
    for s, pos in unit.terms:
        if s not in terms:
            continue
        for at in marks:
            if at < pos:
                between = text[at:pos]
                if len(between.split()) <= NEGATION_REACH + 1 and not re.search(r"[,;:—–]|\bbut\b", between):
                    out.add(s)
    return out


def compatible(props: Props, a: Unit, b: Unit, score: float) -> Match | None:
    """A :class:`Match` when ``a`` and ``b`` can state one proposition, else None."""
    ka, kb = props.keys(a), props.keys(b)
    shared_keys = ka & kb
    if ka and kb and not shared_keys:
        return None  # both name their actors, and not the same ones
    if not shared_keys and score < UNNAMED_MIN_SCORE:
        return None  # no actor in common: only a close paraphrase may pair them
    sa, sb = props.subject(a), props.subject(b)
    if sa is not None and sb is not None and sa[0] != sb[0] and sa[0] not in kb and sb[0] not in ka:
        return None  # each sentence is about someone the other does not name: two subjects
    pa, pb = props.predicate_terms(a), props.predicate_terms(b)
    shared = pa & pb
    idf = props.prep.idf
    weight = sum(idf.get(t, 1.0) for t in shared)
    if len(shared) < MIN_PREDICATE_TERMS or weight < MIN_PREDICATE_WEIGHT:
        return None  # the same people, but nothing said of them in common
    smaller = min(props.predicate_weight(a), props.predicate_weight(b))
    if smaller and weight / smaller < MIN_PREDICATE_COVERAGE:
        return None  # a few words in common inside two different stories about them
    if _different_quotes(a, b):
        return None  # each quotes someone, in different words: two statements
    if score < 0.8 and negated_terms(a, shared) ^ negated_terms(b, shared):
        return None  # one denies what the other says (a dispute, not support); copies aside
    surface = {e.key: e.surface for e in props.of(b)}
    surface.update({e.key: e.surface for e in props.of(a)})
    actors = sorted({surface.get(k, k.title()) for k in shared_keys}, key=str.lower)
    predicate = sorted(shared, key=lambda t: (-idf.get(t, 1.0), t))
    return Match(actors, predicate, score, {_unit_index(a): _span(a), _unit_index(b): _span(b)})


def _unit_index(x: Unit) -> int:
    parent = getattr(x, "unit", None)
    return parent.index if isinstance(parent, Unit) else x.index


def _span(x: Unit) -> tuple[int, int]:
    span = getattr(x, "span", None)
    return span if span is not None else (0, len(x.sentence.text))


def _different_quotes(a: Unit, b: Unit) -> bool:
    qa = [q for q in _quoted_words(a.sentence.text) if len(q) >= 4]
    qb = [q for q in _quoted_words(b.sentence.text) if len(q) >= 4]
    if not qa or not qb:
        return False
    wa = {stem(w) for q in qa for w in q if len(w) > 3}
    wb = {stem(w) for q in qb for w in q if len(w) > 3}
    return len(wa & wb) < 2


# -- independence ---------------------------------------------------------------------


# A sentence can open inside a quotation the previous sentence began: its first
# quote mark then closes (a curly close, or a straight one right after punctuation).
_CLOSING_FIRST = re.compile(r"^([^\"“”]{12,}?)(?:”|(?<=[,.!?])\")")


def _quoted_words(text: str) -> list[tuple[str, ...]]:
    out = []
    head = _CLOSING_FIRST.match(text)
    if head:
        out.append(tuple(w.lower() for w in _WORD.findall(head.group(1))))
        text = text[head.end():]
    for m in _QUOTED.finditer(text):
        out.append(tuple(w.lower() for w in _WORD.findall(m.group(1))))
    return out


@dataclass(slots=True)
class _Text:
    """What copy detection reads of a text, computed once per member rather than once per pair."""

    words: list[str]
    # Each word with its occurrence number ("the\x002"): the size of two such sets'
    # intersection is the words two texts share, counted with repetition, in C.
    tokens: frozenset[str]
    quotes: list[set[tuple[str, ...]]]  # each quotation's runs of QUOTE_RUN words

    @classmethod
    def of(cls, text: str) -> _Text:
        words = [w.lower() for w in _WORD.findall(text)]
        quotes = []
        for q in _quoted_words(text):
            if len(q) >= QUOTE_RUN:
                quotes.append({q[i:i + QUOTE_RUN] for i in range(len(q) - QUOTE_RUN + 1)})
        return cls(words, frozenset(f"{w}\x00{k}" for w, k in _numbered(words)), quotes)

    def repeats(self, other: _Text) -> bool:
        wa, wb = self.words, other.words
        if wa and wb:
            if wa == wb:
                return True
            # difflib's ratio is 2*M/T with M at most the words the two have in common,
            # so most pairs are decided without aligning them (the costly part).
            common = len(self.tokens & other.tokens)
            if 2 * common >= COPY_RATIO * (len(wa) + len(wb)) and (
                difflib.SequenceMatcher(None, wa, wb, autojunk=False).ratio() >= COPY_RATIO
            ):
                return True
        # Or both quote one run of words (a quotation shared, in different sentences).
        return any(not ga.isdisjoint(gb) for ga in self.quotes for gb in other.quotes)


def _numbered(words: list[str]) -> list[tuple[str, int]]:
    seen: Counter[str] = Counter()
    out = []
    for w in words:
        seen[w] += 1
        out.append((w, seen[w]))
    return out


def independence(texts: list[tuple[str, str]]) -> tuple[list[int | None], int]:
    """For members ``(article, text)``: each one's copy cluster (None when in its own words), and independent sources.

    Members of different sources that repeat one another (one quotation, one
    wire copy) form a cluster, numbered by its first member. A source with a
    member in its own words counts once; a cluster counts once for all the
    sources that only repeat it.
    """
    # Each distinct text is read once: a group of a much-copied story repeats them.
    read: dict[str, _Text] = {}
    prepared = [read.get(t) or read.setdefault(t, _Text.of(t)) for _, t in texts]
    return _count_sources(texts, _clusters_by_scan(prepared, texts))


def _clusters_by_scan(prepared: list[_Text], texts: list[tuple[str, str]]) -> list[list[int]]:
    """The clusters: each member joins every cluster so far holding a member it repeats
    (they merge), trying each cluster's members only until one matches. A group of a
    hundred copies costs about a hundred tests, not five thousand. (An index of rare
    words to propose pairs was tried and measured slower: copies share those words.)"""
    clusters: list[list[int]] = []
    for j in range(len(texts)):
        joined: list[int] = [j]
        kept: list[list[int]] = []
        for members in clusters:
            if any(texts[i][0] != texts[j][0] and prepared[i].repeats(prepared[j]) for i in members):
                joined.extend(members)
            else:
                kept.append(members)
        kept.append(sorted(joined))
        clusters = kept
    return clusters


def _count_sources(texts: list[tuple[str, str]], clusters: list[list[int]]) -> tuple[list[int | None], int]:
    n = len(texts)
    marks: list[int | None] = [None] * n
    own: set[str] = set()
    shared: set[frozenset[str]] = set()
    for members in clusters:
        articles = frozenset(texts[k][0] for k in members)
        if len(articles) < 2:
            own.update(articles)
            continue
        for k in members:
            marks[k] = min(members)
        shared.add(articles)
    independent = len(own) + sum(1 for articles in shared if not articles & own)
    return marks, max(1, independent)


def surface_pairs(a: Unit, b: Unit, terms: list[str]) -> list[str]:
    """Shared terms written differently ("reclassify ≈ labeling"): what the paraphrase matching bridged."""
    def forms(u: Unit) -> dict[str, str]:
        out: dict[str, str] = {}
        for s, pos in u.terms:
            m = _HYPHENATED.match(u.sentence.text, pos)
            if m:
                out.setdefault(s, m.group())
        return out

    fa, fb = forms(a), forms(b)
    out = []
    for t in terms:
        x, y = fa.get(t), fb.get(t)
        if x and y and stem(x) != stem(y):
            out.append(f"{x} ≈ {y}")
    return out
