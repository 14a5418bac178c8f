"""Since the last briefing: what changed in the sources since the previous export of this corpus.

Compares the exported articles with the latest snapshot of the same corpus
folder (:mod:`sahel_tui.export.since`); every item cites its evidence. Asked
for by name (``--sections ... changes``), as it depends on earlier exports.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sahel_tui.export.blocks import heading, plural
from sahel_tui.export.escape import md_inline
from sahel_tui.export.options import SECTION_TITLES

if TYPE_CHECKING:
    from sahel_tui.export.briefing import Briefing

_PER_SECTION = 25  # items listed per kind of change; the rest are counted


def render(b: Briefing) -> str | None:
    from sahel_tui.analysis.changes import SECTION_TITLES as CHANGE_TITLES
    from sahel_tui.analysis.changes import SECTIONS as CHANGE_SECTIONS
    from sahel_tui.export.since import changes_since, current_for_analysis, previous_snapshot

    snapshot, warnings = previous_snapshot(b.corpus.root)
    b.analysis.messages.extend(warnings)
    if snapshot is None:
        b.empty_because["changes"] = "no earlier briefing of this corpus"
        return None
    report = changes_since(current_for_analysis(b.analysis), snapshot)
    lines = [heading(2, SECTION_TITLES["changes"])]
    lines.append(
        f"Compared with the briefing *{md_inline(snapshot.title)}* of {snapshot.created[:16].replace('T', ' ')} UTC "
        f"(snapshot `{snapshot.id}`, {plural(len(snapshot.state.sources), 'source')})."
    )
    if report.empty:
        lines.append("Nothing in the sources changed since then.")
        b.counts["changes"] = 0
        return "\n\n".join(lines)
    b.counts["changes"] = len(report.changes)
    for section in CHANGE_SECTIONS:
        items = report.section(section)
        if not items:
            continue
        block = [heading(3, f"{CHANGE_TITLES[section]} ({len(items)})")]
        rows = []
        for c in items[:_PER_SECTION]:
            cites = []
            for e in c.evidence:
                if e.sentence_id and b.article(e.article) is not None:
                    quote = md_inline(e.text or "", limit=200)
                    cites.append(f"{quote}{b.cite(e.article, e.sentence_id)}" if quote else b.cite(e.article, e.sentence_id))
                elif b.article(e.article) is not None:
                    cites.append(f"{b.label(e.article)}")
                else:
                    cites.append(md_inline(e.citation))
            rows.append(f"- {md_inline(c.summary)}" + ("".join(f"\n  - {x}" for x in cites) if cites else ""))
        if len(items) > _PER_SECTION:
            rows.append(f"- *and {len(items) - _PER_SECTION} more; `sahel-brief changes` lists them all.*")
        block.append("\n".join(rows))
        lines.append("\n\n".join(block))
    for note in report.notes:
        lines.append(f"*{md_inline(note)}*")
    return "\n\n".join(lines)
