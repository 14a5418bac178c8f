"""Key judgements: the analyst's bottom line, in estimative language, with its evidence.

Each judgement is a sentence the analyst writes, one term from a fixed
estimative scale, a confidence level, and the citations that support it (key
points, claims and notes). The scale and its probability ranges are those of
US Intelligence Community Directive 203 (2015), which many services and the
UK's PHIA "probability yardstick" closely follow; printing the range beside the
term keeps a reader from taking "likely" to mean 95%.

Judgements live in the annotation database (migration 3) and are never lost:
deleting one only marks it deleted, and ``restore`` brings it back. Every
citation keeps the quoted text as it was when picked, so a judgement still
reads right after its source changed.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Iterable, Literal

from sahel_tui.errors import UserError
from sahel_tui.store.db import utc_now

if TYPE_CHECKING:
    from sahel_tui.store.annotations import AnnotationStore
    from sahel_tui.store.db import Database

# (term, lowest %, highest %), least to most likely.
SCALE: tuple[tuple[str, int, int], ...] = (
    ("almost no chance", 1, 5),
    ("very unlikely", 5, 20),
    ("unlikely", 20, 45),
    ("roughly even chance", 45, 55),
    ("likely", 55, 80),
    ("very likely", 80, 95),
    ("almost certain", 95, 99),
)
TERMS: tuple[str, ...] = tuple(t for t, _, _ in SCALE)
CONFIDENCE: tuple[str, ...] = ("low", "moderate", "high")
MAX_TEXT_CHARS = 2000
MAX_CITATIONS = 50

CitationKind = Literal["keypoint", "claim", "note", "sentence"]
CITATION_KINDS: tuple[CitationKind, ...] = ("keypoint", "claim", "note", "sentence")


def term_range(term: str) -> str:
    """``55-80%`` for "likely"."""
    for t, lo, hi in SCALE:
        if t == term:
            return f"{lo}–{hi}%"
    return ""


def normalize_term(value: str) -> str:
    v = " ".join(value.strip().lower().replace("-", " ").replace("_", " ").split())
    if v.isdigit() and 1 <= int(v) <= len(TERMS):
        return TERMS[int(v) - 1]  # 1..7 from the keyboard
    if v == "even chance" or v == "roughly even":
        v = "roughly even chance"
    if v not in TERMS:
        raise UserError(f"{value!r} is not an estimative term; use one of: {', '.join(TERMS)}")
    return v


def normalize_confidence(value: str) -> str:
    v = value.strip().lower()
    v = {"l": "low", "m": "moderate", "medium": "moderate", "h": "high"}.get(v, v)
    if v not in CONFIDENCE:
        raise UserError(f"{value!r} is not a confidence level; use low, moderate or high")
    return v


def _text(value: str) -> str:
    text = " ".join(value.split())
    if not text:
        raise UserError("a key judgement needs its text")
    if len(text) > MAX_TEXT_CHARS:
        raise UserError(f"a key judgement is at most {MAX_TEXT_CHARS} characters (this one has {len(text)})")
    return text


@dataclass(frozen=True, slots=True)
class JudgementCitation:
    kind: CitationKind
    target: str  # a sentence id, or an annotation id for a note
    text: str  # what was quoted when it was picked

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Judgement:
    id: str
    position: int  # 1.. in the order the briefing lists them
    text: str
    term: str
    confidence: str
    citations: tuple[JudgementCitation, ...]
    author: str
    created: str
    modified: str
    deleted: str | None = None

    @property
    def short_id(self) -> str:
        return self.id[:8]

    @property
    def range(self) -> str:
        return term_range(self.term)

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["citations"] = [c.to_json() for c in self.citations]
        d["range"] = self.range
        return d


def citation(kind: str, target: str, text: str = "") -> JudgementCitation:
    if kind not in CITATION_KINDS:
        raise UserError(f"unknown citation kind {kind!r} (choose from: {', '.join(CITATION_KINDS)})")
    target = target.strip()
    if not target:
        raise UserError("a citation needs a sentence or note id")
    return JudgementCitation(kind, target, " ".join(text.split())[:1000])


class JudgementStore:
    def __init__(self, db: Database, author: str) -> None:
        self._db = db
        self.author = author

    @classmethod
    def of(cls, store: AnnotationStore) -> JudgementStore:
        return cls(store.database, store.author)

    @property
    def read_only(self) -> bool:
        return self._db.read_only

    # -- reading ----------------------------------------------------------------------

    def list(self, *, deleted: bool = False) -> list[Judgement]:
        """Live judgements in order (``deleted=True``: the deleted ones, newest first)."""
        where = "deleted IS NOT NULL" if deleted else "deleted IS NULL"
        order = "deleted DESC, id" if deleted else "position, created, id"
        with self._db.read() as conn:
            rows = conn.execute(
                "SELECT id, position, text, term, confidence, author, created, modified, deleted "
                f"FROM judgement WHERE {where} ORDER BY {order}"
            ).fetchall()
            cites = conn.execute(
                "SELECT judgement_id, kind, target, text FROM judgement_citation ORDER BY judgement_id, position"
            ).fetchall()
        by: dict[str, list[JudgementCitation]] = {}
        for jid, kind, target, text in cites:
            by.setdefault(jid, []).append(JudgementCitation(kind, target, text or ""))
        out = []
        for n, (jid, _pos, text, term, conf, author, created, modified, gone) in enumerate(rows, 1):
            out.append(Judgement(jid, n, text, term, conf, tuple(by.get(jid, ())), author, created, modified, gone))
        return out

    def get(self, ref: str) -> Judgement:
        """By id, unique id prefix, or 1-based number in the list."""
        ref = ref.strip()
        live = self.list()
        if ref.isdigit() and 1 <= int(ref) <= len(live):
            return live[int(ref) - 1]
        everything = live + self.list(deleted=True)
        found = [j for j in everything if j.id == ref] or [j for j in everything if ref and j.id.startswith(ref)]
        if len(found) == 1:
            return found[0]
        if found:
            raise UserError(f"key judgement {ref!r} is ambiguous")
        raise UserError(f"no key judgement {ref!r} (try `sahel-brief judgements list`)")

    # -- changing ---------------------------------------------------------------------

    def add(
        self, text: str, term: str, confidence: str, citations: Iterable[JudgementCitation] = ()
    ) -> Judgement:
        text, term, confidence = _text(text), normalize_term(term), normalize_confidence(confidence)
        cites = _dedupe(citations)
        now = utc_now()
        jid = str(uuid.uuid4())
        with self._db.write() as conn:
            last = conn.execute("SELECT COALESCE(MAX(position), 0) FROM judgement WHERE deleted IS NULL").fetchone()[0]
            conn.execute(
                "INSERT INTO judgement (id, position, text, term, confidence, author, created, modified) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (jid, last + 1, text, term, confidence, self.author, now, now),
            )
            _write_citations(conn, jid, cites)
        return self.get(jid)

    def update(
        self,
        ref: str,
        *,
        text: str | None = None,
        term: str | None = None,
        confidence: str | None = None,
        citations: Iterable[JudgementCitation] | None = None,
    ) -> Judgement:
        j = self.get(ref)
        new_text = _text(text) if text is not None else j.text
        new_term = normalize_term(term) if term is not None else j.term
        new_conf = normalize_confidence(confidence) if confidence is not None else j.confidence
        with self._db.write() as conn:
            conn.execute(
                "UPDATE judgement SET text = ?, term = ?, confidence = ?, modified = ? WHERE id = ?",
                (new_text, new_term, new_conf, utc_now(), j.id),
            )
            if citations is not None:
                conn.execute("DELETE FROM judgement_citation WHERE judgement_id = ?", (j.id,))
                _write_citations(conn, j.id, _dedupe(citations))
        return self.get(j.id)

    def cite(self, ref: str, new: JudgementCitation) -> Judgement:
        j = self.get(ref)
        return self.update(j.id, citations=[*j.citations, new])

    def uncite(self, ref: str, target: str) -> Judgement:
        j = self.get(ref)
        kept = [c for c in j.citations if c.target != target]
        if len(kept) == len(j.citations):
            raise UserError(f"key judgement {j.short_id} does not cite {target!r}")
        return self.update(j.id, citations=kept)

    def move(self, ref: str, delta: int) -> Judgement:
        """Move up (negative) or down in the list; the ends stay put."""
        live = self.list()
        j = self.get(ref)
        ids = [x.id for x in live]
        i = ids.index(j.id)
        k = max(0, min(len(ids) - 1, i + delta))
        ids.insert(k, ids.pop(i))
        with self._db.write() as conn:
            for n, jid in enumerate(ids, 1):
                conn.execute("UPDATE judgement SET position = ? WHERE id = ?", (n, jid))
        return self.get(j.id)

    def delete(self, ref: str) -> Judgement:
        j = self.get(ref)
        with self._db.write() as conn:
            conn.execute("UPDATE judgement SET deleted = ? WHERE id = ? AND deleted IS NULL", (utc_now(), j.id))
        return self.get(j.id)

    def restore(self, ref: str) -> Judgement:
        j = self.get(ref)
        with self._db.write() as conn:
            last = conn.execute("SELECT COALESCE(MAX(position), 0) FROM judgement WHERE deleted IS NULL").fetchone()[0]
            conn.execute("UPDATE judgement SET deleted = NULL, position = ? WHERE id = ?", (last + 1, j.id))
        return self.get(j.id)


def _dedupe(citations: Iterable[JudgementCitation]) -> list[JudgementCitation]:
    seen: set[str] = set()
    out = []
    for c in citations:
        if c.target not in seen:
            seen.add(c.target)
            out.append(c)
    if len(out) > MAX_CITATIONS:
        raise UserError(f"a key judgement cites at most {MAX_CITATIONS} items")
    return out


def _write_citations(conn: Any, jid: str, cites: list[JudgementCitation]) -> None:
    for n, c in enumerate(cites, 1):
        conn.execute(
            "INSERT INTO judgement_citation (judgement_id, position, kind, target, text) VALUES (?, ?, ?, ?, ?)",
            (jid, n, c.kind, c.target, c.text),
        )
