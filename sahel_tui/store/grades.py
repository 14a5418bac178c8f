"""Admiralty (NATO) grades: a source's reliability A-F, a claim's or note's credibility 1-6.

Analysts already grade this way (STANAG 2511 / the "Admiralty code"): the letter
judges the source, the digit judges the information, and the two are read
together ("B2": a usually reliable source, probably true). Grades live in the
annotation database beside the notes (the ``grade`` table of migration 3), so
they are saved, recovered and backed up with them.

What can be graded, and by what id:

* ``source``: an article id. A manifest or front-matter ``reliability`` key
  gives a default that the analyst's own grade overrides.
* ``claim``: a sentence id (a statement the comparison found, or any sentence).
  The sentence's text at grading time is kept, so a grade whose source changed
  is still shown with what was graded.
* ``note``: an annotation id.

Corroboration suggests a credibility grade (:func:`suggest_credibility`); the
suggestion is only stored once the analyst confirms it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Literal

from sahel_tui.errors import UserError
from sahel_tui.store.db import utc_now

if TYPE_CHECKING:
    from sahel_tui.corpus.model import Article, Corpus
    from sahel_tui.store.annotations import AnnotationStore
    from sahel_tui.store.db import Database

Target = Literal["source", "claim", "note"]
TARGETS: tuple[Target, ...] = ("source", "claim", "note")

RELIABILITY: dict[str, str] = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}
CREDIBILITY: dict[str, str] = {
    "1": "confirmed by other sources",
    "2": "probably true",
    "3": "possibly true",
    "4": "doubtful",
    "5": "improbable",
    "6": "truth cannot be judged",
}
# Metadata keys (manifest entry or front matter) that carry a source's grade.
METADATA_KEYS = ("reliability", "source_reliability", "admiralty")


@dataclass(frozen=True, slots=True)
class Grade:
    target: Target
    id: str  # article id, sentence id or annotation id
    value: str  # "B" or "2"
    origin: str  # "analyst", "analyst (suggested: 3 independent sources)", "manifest", ...
    author: str
    modified: str  # UTC ISO 8601; "" for grades from metadata
    text: str | None = None  # for claims: the sentence as graded

    @property
    def meaning(self) -> str:
        return (RELIABILITY if self.target == "source" else CREDIBILITY).get(self.value, "")

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "meaning": self.meaning}


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A credibility grade the evidence points to, for the analyst to confirm."""

    value: str
    reason: str  # "reported by 3 independent sources"
    sources: int


def normalize(target: str, value: str) -> str:
    """The canonical grade ("b" -> "B"), or a one-line UserError naming the scale."""
    if target not in TARGETS:
        raise UserError(f"unknown grade target {target!r} (choose from: {', '.join(TARGETS)})")
    v = value.strip().upper()
    scale = RELIABILITY if target == "source" else CREDIBILITY
    if v not in scale:
        what = "source reliability" if target == "source" else f"{target} credibility"
        choices = ", ".join(f"{k} ({m})" for k, m in scale.items())
        raise UserError(f"{value!r} is not a {what} grade; use one of {choices}")
    return v


def combined(reliability: str | None, credibility: str | None) -> str:
    """``B2``; a missing half reads as ``-`` so ``B-`` still says what was judged."""
    if not reliability and not credibility:
        return ""
    return f"{reliability or '-'}{credibility or '-'}"


def suggest_credibility(sources: int) -> Suggestion | None:
    """What corroboration suggests for a claim that ``sources`` distinct sources report.

    The Admiralty scale reserves 1 for information confirmed by other independent
    sources, so three or more distinct sources suggest 1 and two suggest 2
    ("probably true": consistent with one other report). The comparison counts
    distinct articles in a corroborated group; it cannot tell whether two outlets
    copied one wire, which is why this is only a suggestion.
    """
    if sources >= 3:
        return Suggestion("1", f"reported by {sources} distinct sources", sources)
    if sources == 2:
        return Suggestion("2", "reported by 2 distinct sources", sources)
    return None


def metadata_grade(article: Article) -> Grade | None:
    """The reliability a manifest entry or the file's front matter gives the source."""
    for key in METADATA_KEYS:
        raw = article.meta.extra.get(key)
        if raw and raw.strip().upper() in RELIABILITY:
            how = article.meta.extra.get(f"{key}_origin", "manifest")
            return Grade("source", article.id, raw.strip().upper(), how, "", "")
    return None


class GradeStore:
    """Grades in the annotation database; every change is one transaction."""

    def __init__(self, db: Database, author: str) -> None:
        self._db = db
        self.author = author

    @classmethod
    def of(cls, store: AnnotationStore) -> GradeStore:
        return cls(store.database, store.author)

    @property
    def read_only(self) -> bool:
        return self._db.read_only

    def set(self, target: str, ident: str, value: str, *, origin: str = "analyst", text: str | None = None) -> Grade:
        value = normalize(target, value)
        ident = ident.strip()
        if not ident:
            raise UserError(f"a {target} grade needs an id")
        now = utc_now()
        with self._db.write() as conn:
            conn.execute(
                "INSERT INTO grade (target, id, value, origin, author, modified, text) VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (target, id) DO UPDATE SET value = excluded.value, origin = excluded.origin, "
                "author = excluded.author, modified = excluded.modified, text = COALESCE(excluded.text, grade.text)",
                (target, ident, value, origin, self.author, now, text),
            )
        return self.get(target, ident) or Grade(target, ident, value, origin, self.author, now, text)  # type: ignore[arg-type]

    def clear(self, target: str, ident: str) -> bool:
        """Remove the analyst's grade (a metadata grade then shows again); True if there was one."""
        normalize(target, "A" if target == "source" else "1")
        with self._db.write() as conn:
            cur = conn.execute("DELETE FROM grade WHERE target = ? AND id = ?", (target, ident))
        return cur.rowcount > 0

    def get(self, target: str, ident: str) -> Grade | None:
        with self._db.read() as conn:
            row = conn.execute(
                "SELECT target, id, value, origin, author, modified, text FROM grade WHERE target = ? AND id = ?",
                (target, ident),
            ).fetchone()
        return Grade(*row) if row else None

    def list(self, target: str | None = None) -> list[Grade]:
        sql = "SELECT target, id, value, origin, author, modified, text FROM grade"
        args: tuple[str, ...] = ()
        if target is not None:
            normalize(target, "A" if target == "source" else "1")
            sql += " WHERE target = ?"
            args = (target,)
        with self._db.read() as conn:
            found = conn.execute(sql + " ORDER BY target, id", args).fetchall()
        return [Grade(*row) for row in found]


@dataclass(frozen=True, slots=True)
class Grades:
    """Every grade in force for one corpus: the analyst's over the metadata's. Plain values for the export."""

    sources: dict[str, Grade]  # article id -> reliability
    claims: dict[str, Grade]  # sentence id -> credibility
    notes: dict[str, Grade]  # annotation id -> credibility

    def source(self, article_id: str) -> str | None:
        g = self.sources.get(article_id)
        return g.value if g else None

    def claim(self, sentence_id: str) -> str | None:
        g = self.claims.get(sentence_id)
        return g.value if g else None

    def note(self, annotation_id: str) -> str | None:
        g = self.notes.get(annotation_id)
        return g.value if g else None

    def to_json(self) -> dict[str, Any]:
        return {
            "sources": [g.to_json() for _, g in sorted(self.sources.items())],
            "claims": [g.to_json() for _, g in sorted(self.claims.items())],
            "notes": [g.to_json() for _, g in sorted(self.notes.items())],
        }


EMPTY = Grades({}, {}, {})


def grades_for(corpus: Corpus | None, stored: list[Grade]) -> Grades:
    """Combine stored grades with the corpus's metadata grades (the analyst's win)."""
    sources: dict[str, Grade] = {}
    if corpus is not None:
        for a in corpus.articles:
            if (g := metadata_grade(a)) is not None:
                sources[a.id] = g
    claims: dict[str, Grade] = {}
    notes: dict[str, Grade] = {}
    for g in stored:
        {"source": sources, "claim": claims, "note": notes}[g.target][g.id] = g
    return Grades(sources, claims, notes)


@dataclass(frozen=True, slots=True)
class ClaimSuggestion:
    sentence_id: str
    article: str
    text: str
    value: str
    reason: str
    group: str  # the corroborated group's id, e.g. "claim-3"

    def to_json(self) -> dict[str, Any]:
        return {
            "sentence_id": self.sentence_id,
            "article": self.article,
            "text": self.text,
            "suggested": self.value,
            "reason": self.reason,
            "group": self.group,
        }


def claim_suggestions(corroborated: list[dict[str, Any]]) -> list[ClaimSuggestion]:
    """One suggestion per statement in a corroborated group (the shape of ``compare --json``)."""
    out: list[ClaimSuggestion] = []
    seen: set[str] = set()
    for group in corroborated:
        s = suggest_credibility(int(group.get("sources") or len(group.get("articles") or [])))
        if s is None:
            continue
        for m in group.get("members") or []:
            sid = str(m.get("sentence_id") or "")
            if sid and sid not in seen:
                seen.add(sid)
                out.append(ClaimSuggestion(sid, str(m.get("article") or ""), str(m.get("text") or ""), s.value, s.reason, str(group.get("id") or "")))
    return out
