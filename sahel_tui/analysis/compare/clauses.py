"""Clause-level candidates: a claim stated inside a longer sentence.

News packs several claims into one sentence ("The junta, assertive since its
coup, has moved the other way: rejecting outside influence, dismantling the
agreement, and labeling all armed non-state actors as terrorists"). Its
cosine with a sentence stating only one of them is diluted by the others, so
such a paraphrase is never proposed. Long sentences are therefore also split
into clauses (at semicolons, dashes and commas, dash and bracket asides apart),
each clause keeping the sentence's subject (its first name), and clauses are
matched across articles by the same index as sentences. A clause pair then
passes the same proposition test as a sentence pair (:mod:`.propositions`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from sahel_tui.analysis.compare.prepare import Prepared, Unit
from sahel_tui.analysis.compare.text import tfidf

# Only sentences at least this long are split: shorter ones rarely hold two claims.
MIN_WORDS = 18
# A clause needs this many content terms to be matched on its own; shorter pieces join their neighbour.
MIN_TERMS = 3
CLAUSE_MATCH = 0.3
CLAUSE_SHARED = 3

_ASIDE = re.compile(
    r"\s*[—–]\s*[^—–]{3,}?\s*[—–]\s*|\s*\([^()]{3,}\)\s*|\s+--\s+.{3,}?\s+--\s+|\s+-\s+[^-]{3,}?\s+-\s+"
)
_BREAK = re.compile(r"\s*(?:;|:|[—–]|\s--\s|\s-\s|,)\s*")
# A piece opening with one of these is an aside or a description ("During an interview
# with ...", "a security manager at ..."), not a claim: it joins the piece after it.
_NOT_A_CLAUSE = re.compile(
    r"(?:a|an|during|in|on|at|after|before|with|without|for|from|by|since|despite|according|as|like|including"
    r"|among|between|under|over|through|about|against)\b",
    re.IGNORECASE,
)


@dataclass(slots=True)
class ClauseText:
    """What the proposition test reads of a clause: its text and its sentence's id."""

    text: str
    id: str


@dataclass(slots=True)
class Clause:
    """A clause of a unit's sentence, shaped like a :class:`Unit` for matching."""

    index: int  # position among all clauses
    unit: Unit
    sentence: ClauseText
    terms: list[tuple[str, int]]
    counts: Counter[str]
    vector: dict[str, float] = field(default_factory=dict)
    extra_keys: frozenset[str] = frozenset()  # the sentence's subject, if the clause leaves it out
    whole: bool = False  # the whole sentence, not a part of it
    span: tuple[int, int] | None = None  # where the clause is in its sentence (None: all of it)

    @property
    def article_id(self) -> str:
        return self.unit.article_id


def _spans(text: str) -> list[tuple[int, int]]:
    """Clause spans: the asides first, then the rest cut at breaks."""
    asides = [(m.start(), m.end()) for m in _ASIDE.finditer(text)]
    spans: list[tuple[int, int]] = []
    for a, b in asides:
        spans.append((a, b))
    # The main text with asides removed, cut at breaks, keeping offsets into the sentence.
    pos = 0
    pieces: list[tuple[int, int]] = []
    for a, b in [*asides, (len(text), len(text))]:
        chunk_start = pos
        for m in _BREAK.finditer(text, pos, a):
            pieces.append((chunk_start, m.start()))
            chunk_start = m.end()
        pieces.append((chunk_start, a))
        pos = b
    return [s for s in spans + pieces if s[1] - s[0] > 0]


def build_clauses(
    prep: Prepared, subject_of: dict[int, tuple[str, set[str]]], units: list[Unit] | None = None
) -> list[Clause]:
    """Clauses of every long sentence of ``units`` (all body sentences by default).

    ``subject_of[unit]`` is its first name's key and stems.
    """
    out: list[Clause] = []
    default = max(prep.idf.values(), default=1.0)
    for unit in prep.units if units is None else units:
        text = unit.sentence.text
        if len(text.split()) < MIN_WORDS:
            continue
        groups: list[tuple[int, int, list[tuple[str, int]]]] = []
        pending: tuple[int, list[tuple[str, int]]] | None = None
        for start, end in sorted(_spans(text)):
            terms = [(s, p) for s, p in unit.terms if start <= p < end]
            if not terms:
                continue
            if pending is not None:
                start, terms = pending[0], pending[1] + terms
                pending = None
            if _NOT_A_CLAUSE.match(text, start):
                pending = (start, terms)
                continue
            if groups and len(groups[-1][2]) < MIN_TERMS:
                lo, _, kept = groups.pop()
                groups.append((lo, end, kept + terms))
            else:
                groups.append((start, end, terms))
        if pending is not None and groups:
            lo, _, kept = groups.pop()
            groups.append((lo, len(text), kept + pending[1]))
        if len(groups) > 1 and len(groups[-1][2]) < MIN_TERMS:
            _, hi, tail = groups.pop()
            lo, _, kept = groups.pop()
            groups.append((lo, hi, kept + tail))
        if len(groups) < 2:
            continue
        subject = subject_of.get(unit.index)
        for lo, hi, terms in groups:
            counts = Counter(s for s, _ in terms)
            extra: frozenset[str] = frozenset()
            if subject is not None and not subject[1] & counts.keys():
                counts.update(subject[1])
                extra = frozenset({subject[0]})
            clause = Clause(
                len(out), unit, ClauseText(text[lo:hi], unit.sentence.id), [(s, p - lo) for s, p in terms], counts
            )
            clause.extra_keys = extra
            clause.span = (lo, hi)
            clause.vector = tfidf(counts, prep.idf, default)
            out.append(clause)
    return out


def whole_sentence(unit: Unit, index: int) -> Clause:
    """A whole sentence in the clause index, so that a clause can match a sentence stating it alone."""
    return Clause(index, unit, ClauseText(unit.sentence.text, unit.sentence.id), unit.terms, unit.counts, unit.vector, whole=True)
