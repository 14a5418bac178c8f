"""Key judgements: the analyst's bottom line, first in the briefing, each with its evidence."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sahel_tui.export.blocks import heading
from sahel_tui.export.escape import md_inline
from sahel_tui.export.options import SECTION_TITLES

if TYPE_CHECKING:
    from sahel_tui.export.briefing import Briefing

# How much of a cited statement is quoted beside the judgement; the footnote locates all of it.
_QUOTE_CHARS = 220


def _scale() -> str:
    from sahel_tui.store.judgements import SCALE

    terms = " · ".join(f"{term} {lo}–{hi}%" for term, lo, hi in SCALE)
    return (
        f"*Estimative terms and the probability each means (ICD 203): {terms}. Confidence (low, moderate, high) "
        "rates the evidence and reasoning behind a judgement, not its probability. Grades such as B2 are "
        "Admiralty grades: source reliability A–F, then the statement's credibility 1–6.*"
    )


def _annotations(b: Briefing) -> dict[str, Any]:
    found = b.analysis.annotations()
    return {a.id: a for a in (found or [])}


def _quoted(text: str) -> str:
    """Escaped text in curly quotes, unless it opens with a quotation mark of its own."""
    body = md_inline(text, _QUOTE_CHARS, fallback="(no text)")
    return body if text.lstrip()[:1] in "“\"‘'«" and text.strip() else f"“{body}”"


def _sentence_evidence(b: Briefing, kind: str, sentence_id: str, stored: str) -> str:
    from sahel_tui.corpus.model import split_sentence_id

    parts = split_sentence_id(sentence_id)
    article = b.article(parts[0]) if parts else None
    what = {"keypoint": "key point", "claim": "claim"}.get(kind, "")
    prefix = f"{what}, " if what else ""
    if article is None:
        # Not among the exported sources (or not in this corpus): say so rather than drop the evidence.
        return f"{prefix}a source not in this briefing: {_quoted(stored)}"
    sentence = article.sentence(sentence_id)
    if sentence is None:
        return (
            f"{prefix}{b.label(article.id)}: {_quoted(stored)} (no longer in the source)"
        )
    return f"{prefix}{b.graded_label(article.id, sentence.id)}: {_quoted(sentence.text)}{b.cite(article.id, sentence.id)}"


def _note_evidence(b: Briefing, note: Any, stored: str) -> str:
    if note is None:
        return f"analyst note (deleted): {md_inline(stored, _QUOTE_CHARS, fallback='(no text)')}"
    # The note's own Markdown is shown literally here (cut to a quote); the annotations section renders it.
    text = md_inline(note.note or "", _QUOTE_CHARS)
    body = f"analyst note “{text}”" if text else "analyst highlight"
    if note.article_id and b.article(note.article_id) is not None and note.sentence_id and not note.is_orphan:
        grade = b.grade(note.article_id, note.sentence_id, note.id)
        where = b.label(note.article_id) + (f" ({grade})" if grade else "")
        article = b.article(note.article_id)
        sentence = article.sentence(note.sentence_id) if article is not None else None
        if sentence is not None:
            return f"{body} on {where}: {_quoted(sentence.text)}{b.cite(note.article_id, sentence.id)}"
        return f"{body} on {where}"
    return body


def render(b: Briefing) -> str | None:
    found = b.analysis.judgements()
    if not found:
        return None
    notes = _annotations(b) if any(c.kind == "note" for j in found for c in j.citations) else {}
    items = []
    for n, j in enumerate(found, 1):
        term = md_inline(j.term.capitalize())
        head = f"{n}. **{term} ({j.range}), {md_inline(j.confidence)} confidence.** {md_inline(j.text)}"
        lines = [head]
        for c in j.citations:
            if c.kind == "note":
                lines.append(f"   - {_note_evidence(b, notes.get(c.target), c.text)}")
            else:
                lines.append(f"   - {_sentence_evidence(b, c.kind, c.target, c.text)}")
        if not j.citations:
            lines.append("   - *No evidence cited.*")
        items.append("\n".join(lines))
    b.counts["judgements"] = len(found)
    return "\n\n".join([heading(2, SECTION_TITLES["judgements"]), "\n\n".join(items), _scale()])
