"""Render a corpus to the Markdown briefing.

The output is a pure function of the sources, the options and the generation
time: every list is in corpus or sorted order and nothing depends on dict or
set iteration order, so with ``SOURCE_DATE_EPOCH`` set two exports are
byte-identical. Article text reaches the document only through
:mod:`sahel_tui.export.escape`.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from sahel_tui import __version__
from sahel_tui.export.blocks import join_blocks
from sahel_tui.export.briefing import Briefing
from sahel_tui.export.escape import md_inline
from sahel_tui.export.options import (
    DEFAULT_TITLE,
    SECTION_TITLES,
    SECTIONS,
    ExportOptions,
    generation_time,
    parse_sections,
)

if TYPE_CHECKING:
    from sahel_tui.corpus.model import Article, Corpus
    from sahel_tui.store.annotations import AnnotationStore
    from sahel_tui.workspace import Workspace

__all__ = [
    "DEFAULT_TITLE",
    "NOTHING_TO_REPORT",
    "SECTIONS",
    "SECTION_TITLES",
    "ExportOptions",
    "RenderedBriefing",
    "default_analysis",
    "export_briefing",
    "parse_sections",
    "render_briefing",
    "select_articles",
]

# Why a section is absent when nothing failed: it simply had no content.
NOTHING_TO_REPORT = "nothing to report"

# Rendered in this order: the overview counts what the others hold, and the
# front matter lists the sections that made it in, so both come last.
_RENDER_ORDER = ("judgements", "changes", "sources", "keypoints", "glossary", "comparison", "annotations", "overview")


def select_articles(corpus: Corpus, refs: tuple[str, ...] | list[str] | None) -> list[Article]:
    """The articles named by id, id prefix or number, in corpus order; all when None."""
    if refs is None:
        return list(corpus.articles)
    wanted = {corpus.get(ref).id for ref in refs}
    return [a for a in corpus.articles if a.id in wanted]


def _renderer(section: str) -> Callable[[Briefing], str | None]:
    module = importlib.import_module(f"sahel_tui.export.sections.{section}")
    render: Callable[[Briefing], str | None] = module.render
    return render


@dataclass(frozen=True, slots=True)
class RenderedBriefing:
    """The briefing text and what went into it (for the CLI's report and the app)."""

    text: str
    sections: tuple[str, ...]  # the sections present, in document order
    omitted: dict[str, str]  # requested section -> why it is not there
    articles: tuple[str, ...]  # article ids, in document order
    citations: int  # footnote definitions
    messages: tuple[str, ...] = ()  # news from the analysis for the user, e.g. re-anchored annotations
    missing: tuple[str, ...] = ()  # omitted sections whose analysis module is not available
    # The text in pieces, (name, Markdown) in document order: "frontmatter", "title",
    # the sections, "citations". A preview can show them one at a time.
    parts: tuple[tuple[str, str], ...] = ()


def default_analysis(corpus: Corpus, options: ExportOptions, store: AnnotationStore | None = None) -> Workspace:
    """Workspace of the exported articles only, through the on-disk analysis cache.

    ``store`` is an open annotation store to read from (the app's own); without
    one the export opens the default store itself.
    """
    from sahel_tui.analysis.compare import SECTIONS as COMPARISON_SECTIONS
    from sahel_tui.corpus.model import Corpus
    from sahel_tui.infrastructure.cache import Cache
    from sahel_tui.workspace import Workspace

    articles = select_articles(corpus, options.articles)
    subset = corpus if len(articles) == len(corpus.articles) else Corpus(root=corpus.root, articles=articles)
    # The briefing never shows the article x article similarity matrix, and it is the
    # one part that grows with the square of the corpus (5.3 GB at 10,000 files); nor the
    # per-article attribution lists (framing and contested claims use them inside the comparison).
    sections = [s for s in COMPARISON_SECTIONS if s not in ("similarity", "attributions")]
    return Workspace(subset, Cache(), method=options.method, count=options.count, comparison_sections=sections, store=store)


def export_briefing(
    corpus: Corpus,
    options: ExportOptions | None = None,
    *,
    analysis: Workspace | None = None,
) -> RenderedBriefing:
    """Render the briefing and report what it holds.

    ``analysis`` supplies key points, actors, comparison and annotations; by
    default they are computed on the exported articles (:func:`default_analysis`).
    A section whose analysis is unavailable, or that has nothing to show, is
    left out rather than filled with placeholders, and ``omitted`` says why.
    """
    options = options or ExportOptions()
    articles = select_articles(corpus, options.articles)
    if analysis is None:
        analysis = default_analysis(corpus, options)
    b = Briefing(
        corpus=corpus,
        articles=articles,
        options=options,
        generated_at=options.generated_at or generation_time(),
        analysis=analysis,
    )
    rendered: dict[str, str] = {}
    omitted: dict[str, str] = {}
    for section in _RENDER_ORDER:
        if section not in options.sections:
            continue
        text = _renderer(section)(b)
        if text:
            rendered[section] = text
        else:
            omitted[section] = (
                analysis.unavailable.get(section) or b.empty_because.get(section) or NOTHING_TO_REPORT
            )
    included = [s for s in SECTIONS if s in rendered or (s == "frontmatter" and s in options.sections)]
    parts: list[tuple[str, str]] = []
    if "frontmatter" in options.sections:
        from sahel_tui.export.sections import frontmatter

        parts.append(("frontmatter", frontmatter.render(b, included, omitted)))
    parts.append(("title", _title_block(b, with_heading="frontmatter" not in options.sections)))
    parts.extend((s, rendered[s]) for s in SECTIONS if s in rendered)
    # Footnotes are chosen in document order: the first citation of a sentence is its note.
    resolved = b.citations.resolve([text for _, text in parts])
    parts = [(name, text) for (name, _), text in zip(parts, resolved)]
    if len(b.citations):
        # Renderers gather the definitions at the end anyway; the heading is for
        # the plain-text reader, who otherwise meets a bare list of labels.
        parts.append(
            (
                "citations",
                "## Citations\n\nEach note names the source, its title, and the paragraph and sentence quoted.\n\n"
                + b.citations.definitions(),
            )
        )
    return RenderedBriefing(
        text=join_blocks([text for _, text in parts]) + "\n",
        sections=tuple(included),
        omitted={s: omitted[s] for s in SECTIONS if s in omitted},
        articles=tuple(a.id for a in articles),
        citations=len(b.citations),
        messages=tuple(analysis.messages),
        missing=tuple(s for s in SECTIONS if s in omitted and s in analysis.unavailable),
        parts=tuple(parts),
    )


def _title_block(b: Briefing, with_heading: bool) -> str:
    """The title (only without front matter: pandoc and static-site tools print the YAML ``title``
    themselves, so a heading too would show it twice), the generation line and the analyst's summary."""
    options = b.options
    stamp = b.generated_at.strftime("%Y-%m-%d %H:%M UTC")
    n = len(b.articles)
    lines = []
    if with_heading:
        lines.append(f"# {md_inline(options.title, fallback=DEFAULT_TITLE)}")
    lines.append(f"*Generated {stamp} by sahel-brief {__version__} from {n} source{'s' if n != 1 else ''}.*")
    if summary := md_inline(options.summary):
        lines.append(f"**Summary.** {summary}")
    return "\n\n".join(lines)


def render_briefing(
    corpus: Corpus,
    options: ExportOptions | None = None,
    *,
    analysis: Workspace | None = None,
) -> str:
    """The briefing as Markdown text, ending in one newline (see :func:`export_briefing`)."""
    return export_briefing(corpus, options, analysis=analysis).text
