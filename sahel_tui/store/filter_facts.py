"""What the corpus filters need from the annotation database: source grades and tags.

A source's grade is the analyst's (or its metadata's, see
:func:`sahel_tui.store.grades.grades_for`); an article's tags are the tags of
the live annotations on it. Both are read in one query each and handed to
:class:`sahel_tui.corpus.filters.FilterIndex` as plain mappings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sahel_tui.corpus.model import Corpus
    from sahel_tui.store.annotations import AnnotationStore


def source_grades(corpus: Corpus, store: AnnotationStore | None) -> dict[str, str]:
    """Article id -> reliability letter in force (metadata grades apply without a store)."""
    from sahel_tui.store.grades import GradeStore, grades_for

    stored = GradeStore.of(store).list("source") if store is not None else []
    return {aid: g.value for aid, g in grades_for(corpus, stored).sources.items()}


def annotation_tags(store: AnnotationStore | None) -> dict[str, set[str]]:
    """Article id -> the casefolded tags of its live annotations."""
    if store is None:
        return {}
    out: dict[str, set[str]] = {}
    with store.database.read() as conn:
        rows = conn.execute(
            "SELECT a.article_id, t.tag FROM tag t JOIN annotation a ON a.id = t.annotation_id "
            "WHERE a.deleted IS NULL AND a.article_id IS NOT NULL"
        ).fetchall()
    for article_id, tag in rows:
        out.setdefault(article_id, set()).add(str(tag).casefold())
    return out
