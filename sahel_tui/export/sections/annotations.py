"""Analyst annotations: grouped by article in document order, orphans listed apart."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sahel_tui.export.blocks import heading, plural
from sahel_tui.export.escape import md_inline
from sahel_tui.export.note_text import note_lines
from sahel_tui.export.options import SECTION_TITLES

if TYPE_CHECKING:
    from sahel_tui.corpus.model import Article
    from sahel_tui.export.briefing import Briefing


def _tags(a: Any) -> str:
    return ", ".join(t for t in (md_inline(tag, 60) for tag in a.tags) if t)


def _grade(b: Briefing | None, a: Any) -> str:
    """The note's Admiralty grade (its own credibility, else its sentence's), with its source's reliability."""
    if b is None or not a.article_id:
        return ""
    credibility = b.grades.note(a.id) if b.grades is not None else None
    if credibility is None and not (a.sentence_id and b.grades is not None and b.grades.claim(a.sentence_id)):
        return ""
    return b.grade(a.article_id, a.sentence_id, a.id)


def _label_line(a: Any, b: Briefing | None = None) -> str:
    tags = _tags(a)
    if not a.category and not a.note.strip() and tags:
        # Tagging is all the analyst did: "Highlight" would misstate it, so the tags are the label.
        parts = [f"**Tagged: {tags}**"]
        if grade := _grade(b, a):
            parts.append(f"grade {grade}")
        return " · ".join(parts)
    kind = "Note" if a.note.strip() else "Highlight"
    category = md_inline(a.category.capitalize(), fallback=kind) if a.category else kind
    parts = [f"**{category}**"]
    if grade := _grade(b, a):
        parts.append(f"grade {grade}")
    if tags:
        parts.append(f"tags: {tags}")
    return " · ".join(parts)


def _quote(b: Briefing, article: Article, a: Any) -> str:
    sentence = article.sentence(a.sentence_id) if a.sentence_id else None
    if sentence is None:
        # A span outside any sentence id we know: quote what the analyst marked.
        return f"> {md_inline(a.exact or '', fallback='(no quoted text)')} ({b.label(article.id)})"
    lines = [f"> {md_inline(sentence.text)}{b.cite(article.id, sentence.id)}"]
    marked = (a.exact or "").strip()
    if a.scope == "span" and marked and marked != sentence.text.strip():
        lines.append(">")
        lines.append(f"> Marked: “{md_inline(marked, 300)}”")
    return "\n".join(lines)


def _unconfirmed(a: Any) -> list[str]:
    """A re-anchor the analyst has not confirmed: the reader must know the note may not fit."""
    if getattr(a, "review", None) != "reanchor":
        return []
    original = md_inline(getattr(a, "quote", None) or "", 300, fallback="(no quoted text)")
    return [f"*Unconfirmed re-anchor: the source changed; this note was written on “{original}”.*"]


def _entry(b: Briefing, article: Article, a: Any) -> str:
    blocks = [_quote(b, article, a), *_unconfirmed(a), _label_line(a, b), *note_lines(a.note)]
    return "\n\n".join(blocks)


def _orphan(b: Briefing, a: Any) -> str:
    article = b.article(a.article_id)
    where = b.label(a.article_id) + (f", formerly at {md_inline(a.short_sentence)}" if a.short_sentence else "")
    title = md_inline(article.title if article is not None else a.article_id, 140, fallback=md_inline(a.article_id))
    quote = md_inline(a.exact or "", 400, fallback="(no quoted text)")
    lines = [f"> {quote}", f"*{title}* ({where}); this text is no longer in the source."]
    return "\n\n".join([*lines, _label_line(a), *note_lines(a.note)])


def _mentioned(b: Briefing, notes: list[Any]) -> tuple[list[Any], dict[str, str]]:
    """The actor notes on actors these sources mention, and the actors' names."""
    if not notes:
        return [], {}
    actors = b.analysis.load_actors()
    names = {str(x.id): str(x.name) for x in (actors or [])}
    if actors is None:
        return notes, names  # no glossary to check against: keep them all
    # A note on someone these sources never name would puzzle the reader.
    return [n for n in notes if n.actor_id in names], names


def _actor_notes(notes: list[Any], names: dict[str, str]) -> str | None:
    if not notes:
        return None
    items = []
    for a in sorted(notes, key=lambda n: (names.get(n.actor_id, n.actor_id).casefold(), n.created, n.id)):
        text = " ".join(note_lines(a.note)) or "–"
        tags = f" (tags: {tags})" if (tags := _tags(a)) else ""
        name = md_inline(names.get(a.actor_id, a.actor_id), fallback=md_inline(a.actor_id, fallback="?"))
        items.append(f"- **{name}**{tags}: {text}")
    return heading(3, "Notes on actors") + "\n\n" + "\n".join(items)


def render(b: Briefing) -> str | None:
    found = b.analysis.annotations()
    if not found:
        return None
    placed: dict[str, list[Any]] = {}
    orphans: list[Any] = []
    actor_notes: list[Any] = []
    for a in found:
        if a.actor_id is not None:
            actor_notes.append(a)
        elif a.article_id in b.labels:
            (orphans if a.is_orphan else placed.setdefault(a.article_id, [])).append(a)
    blocks: list[str] = []
    for article in b.articles:
        mine = placed.get(article.id)
        if not mine:
            continue
        mine.sort(key=lambda a: (a.start if a.start is not None else -1, a.end or 0, a.created, a.id))
        blocks.append(heading(3, b.source_heading(article)))
        blocks.extend(_entry(b, article, a) for a in mine)
    if orphans:
        orphans.sort(key=lambda a: (b.position(a.article_id), a.start or 0, a.created, a.id))
        blocks.append(heading(3, "Orphaned annotations"))
        blocks.append("These annotations lost their place when a source changed; the quote is what they were attached to.")
        blocks.extend(_orphan(b, a) for a in orphans)
    actor_notes, names = _mentioned(b, actor_notes)
    if (notes := _actor_notes(actor_notes, names)) is not None:
        blocks.append(notes)
    count = sum(len(v) for v in placed.values()) + len(orphans) + len(actor_notes)
    if not count:
        return None
    b.counts["annotations"] = count
    intro = f"{plural(count, 'analyst annotation')}, each beside the sentence it marks."
    return "\n\n".join([heading(2, SECTION_TITLES["annotations"]), intro, *blocks])
