"""Cross-source comparison: agreement, disagreement, chronology and framing, all quoted and cited.

Reads the typed :class:`sahel_tui.analysis.compare.Comparison` (claim sections
as :mod:`sahel_tui.analysis.compare.model` records, framing as its JSON), with
the analyst's verdicts applied: a rejected corroboration or discrepancy is left
out, every other one is marked confirmed or unreviewed. Long lists are cut to
the most telling entries, and the text says how many were left out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sahel_tui.analysis.compare.model import (
    CHANGED,
    CONFIRMED,
    ChronologyEntry,
    CorroboratedGroup,
    Discrepancy,
    GroupMember,
    Review,
    SentenceRef,
)
from sahel_tui.analysis.compare.review import kept_in_export
from sahel_tui.export.blocks import heading, plural
from sahel_tui.export.escape import md_inline
from sahel_tui.export.options import SECTION_TITLES

if TYPE_CHECKING:
    from sahel_tui.export.briefing import Briefing

_KINDS = {"date": "dates", "quantity": "figures"}
_PRECISION = {"day": 0, "month": 1, "season": 2, "year": 3, "decade": 4}
# Statements quoted per corroborated claim: enough to show the agreement.
_MEMBERS = 6
# Framing rows show at most this many sources each: the extremes matter most.
_FRAMING_CELLS = 6


def _quote(b: Briefing, ref: SentenceRef | dict[str, Any]) -> str | None:
    """One cited statement: its text (escaped) and the footnote to its sentence."""
    sid: str | None
    if isinstance(ref, SentenceRef):
        article_id, text, sid = ref.article, ref.text, ref.sentence_id
    else:
        article_id, text, sid = str(ref.get("article") or ""), str(ref.get("text") or ""), ref.get("sentence_id")
    if b.article(article_id) is None:
        return None
    return f"{md_inline(text)}{b.cite(article_id, sid)}"


def _mark(review: Review) -> str:
    """How the briefing marks an item's review state (rejected items are not shown at all)."""
    if review.status == CONFIRMED:
        return "*(confirmed by the analyst)*"
    if review.status == CHANGED:
        return "*(unreviewed: the evidence changed since the analyst's verdict)*"
    return "*(unreviewed)*"


def _cut_note(shown: int, total: int, what: str, many: str | None = None) -> str | None:
    if total <= shown:
        return None
    return f"*Showing {shown} of {plural(total, what, many)}; `sahel-brief compare` lists them all.*"


def _corroborated(b: Briefing, groups: list[CorroboratedGroup]) -> str | None:
    groups = [g for g in groups if kept_in_export(g) and len([a for a in g.articles if a in b.labels]) >= 2]
    if not groups:
        return None
    cap = b.options.limit("corroborated")
    # Confirmed first, then by independent sources: three outlets repeating one quote are one source.
    ranked = sorted(
        enumerate(groups),
        key=lambda ig: (ig[1].review.status != CONFIRMED, -ig[1].independent_sources, -ig[1].sources, -ig[1].score, ig[0]),
    )
    items = []
    for n, (_, group) in enumerate(ranked[:cap], 1):
        sources = b.sources_list(list(group.articles))
        independent = group.independent_sources
        extra = "" if independent >= group.sources else f" ({plural(independent, 'independent source')})"
        lines = [f"{n}. Reported by {sources}{extra} {_mark(group.review)}:"]
        # One statement per source (its closest match), for at most _MEMBERS sources.
        best: dict[str, GroupMember] = {}
        for member in group.members:
            article_id = member.ref.article
            if article_id in b.labels and (article_id not in best or member.similarity > best[article_id].similarity):
                best[article_id] = member
        shown = sorted(best, key=b.position)[:_MEMBERS]
        for article_id in shown:
            m = best[article_id]
            who = b.graded_label(article_id, m.ref.sentence_id or None)
            repeated = " *(repeats the same quote or copy)*" if m.repeated else ""
            lines.append(f"   - {who}: {_quote(b, m.ref)}{repeated}")
        if len(best) > len(shown):
            lines.append(f"   - and {plural(len(best) - len(shown), 'more source')}")
        items.append("\n".join(lines))
    parts = [
        heading(3, "Corroborated claims"),
        "Statements that two or more sources make, confirmed ones first, then by how many sources report them "
        "independently (the same quotation or copied wording counts once). Claims the analyst rejected are left out.",
        "\n".join(items),
        _cut_note(min(cap, len(groups)), len(groups), "corroborated claim"),
    ]
    b.counts["corroborated"] = len(groups)
    return "\n\n".join(p for p in parts if p)


def _discrepancies(b: Briefing, found: list[Discrepancy]) -> str | None:
    found = [d for d in found if kept_in_export(d) and b.article(d.a.ref.article) and b.article(d.b.ref.article)]
    if not found:
        return None
    cap = b.options.limit("discrepancies")
    found = sorted(found, key=lambda d: d.review.status != CONFIRMED)
    items = []
    for n, d in enumerate(found[:cap], 1):
        what = md_inline(d.measure or _KINDS.get(d.kind, "values"), fallback="values")
        by = f", {md_inline(d.difference)}" if d.difference else ""
        lines = [f"{n}. Different {what} for what reads as the same thing{by} {_mark(d.review)}:"]
        for side in (d.a, d.b):
            value = md_inline(side.value, fallback="?")
            # Every source giving this value, not just the one quoted.
            who = b.sources_list([side.ref.article, *map(str, side.sources)])
            verb = "say" if "," in who else "says"
            lines.append(f"   - {who} {verb} **{value}**: {_quote(b, side.ref)}")
        items.append("\n".join(lines))
    parts = [
        heading(3, "Discrepancies"),
        "Places where sources disagree on a date or a figure of the same thing. Both statements are quoted; "
        "neither is ruled on. Flags the analyst rejected are left out.",
        "\n".join(items),
        _cut_note(min(cap, len(found)), len(found), "discrepancy", "discrepancies"),
    ]
    b.counts["discrepancies"] = len(found)
    return "\n\n".join(p for p in parts if p)


def _chronology(b: Briefing, events: list[ChronologyEntry]) -> str | None:
    events = [e for e in events if b.article(e.first.article)]
    if not events:
        return None
    cap = b.options.limit("chronology")

    def weight(ie: tuple[int, ChronologyEntry]) -> tuple[int, int, int, int, int]:
        i, e = ie
        # Events of the story before background ("since 2002"), then the best attested.
        return (e.background, -len(e.sources), -e.conflict, _PRECISION.get(e.precision, 5), i)

    # Keep the best-attested, most precise events, then show them in date order.
    kept = sorted(sorted(enumerate(events), key=weight)[:cap])
    # One sentence often dates several events ("in 1963, the 1990s and 2006-2009"):
    # it is quoted once, under its earliest date, with all the dates it gives.
    by_sentence: dict[str, list[ChronologyEntry]] = {}
    order: list[str] = []
    for i, e in kept:
        key = e.first.sentence_id or f"#{i}"
        if key not in by_sentence:
            by_sentence[key] = []
            order.append(key)
        by_sentence[key].append(e)
    items = []
    for key in order:
        group = by_sentence[key]
        e = group[0]
        dates = [_event_date(x) for x in group]
        when = "; ".join(dict.fromkeys(d for d, _ in dates))
        sources = b.sources_list(sorted({s for x in group for s in x.sources})) or b.label(e.first.article)
        line = f"- **{when}** ({sources}): {_quote(b, e.first) or ''}"
        notes = []
        if all(x.background for x in group):
            notes.append("background")
        if any(x.uncertain for x, (_, unresolved) in zip(group, dates) if not unresolved):
            notes.append("date uncertain")
        notes.extend(dict.fromkeys(p for x in group if (p := _year_provenance(x))))
        for x in group:
            for other in x.conflicts_with:
                if b.article(other.ref.article) is not None:
                    who = b.sources_list([other.ref.article, *map(str, other.sources)])
                    verb = "date" if "," in who else "dates"
                    notes.append(f"{who} {verb} this {md_inline(other.date, fallback='?')}")
        if notes:
            line += f" *({'; '.join(dict.fromkeys(notes))})*"
        items.append(line)
    parts = [
        heading(3, "Chronology"),
        "Dated events in the sources, in date order, each sentence quoted once with every date it gives. "
        "Where the sentence does not state the year, the entry says where the year came from; background "
        "dates (\"since 2002\", \"his 2016 rival\") are marked apart from the events of the story.",
        "\n".join(items),
        _cut_note(len(kept), len(events), "dated event"),
    ]
    return "\n\n".join(p for p in parts if p)


# Where a year came from when the sentence does not state it (DateMention.year_source).
_YEAR_SOURCES = {
    "named event": "date of the named event",
    "article date": "year from the article's date",
    "date bounds": "year from the article's date bounds",
    "sentence": "year from elsewhere in the sentence",
    "neighbouring sentence": "year from a neighbouring sentence",
}


def _year_provenance(e: ChronologyEntry) -> str | None:
    return _YEAR_SOURCES.get(e.year_source or "text")


def _event_date(e: ChronologyEntry) -> tuple[str, bool]:
    """The date as a reader wants it, and whether its year is unknown."""
    iso = e.date
    if not iso or iso.startswith("-"):
        # A day or month the article gives without a year the analysis could resolve.
        return f"{md_inline(e.label or iso, fallback='?')} (year not stated)", True
    if e.precision == "range" and "/" in iso:
        iso = iso.replace("/", "–")
    if e.precision == "decade" and e.qualifier:
        iso = f"{e.qualifier} {iso}"
    return md_inline(iso, fallback="?"), False


def _contested(b: Briefing, items: list[dict[str, Any]]) -> str | None:
    """Different speakers in conflict on one matter: each side's claims quoted and cited."""
    shown = [c for c in items if all(any(x.get("article") in b.labels for x in side.get("claims", [])) for side in c.get("sides", []))]
    if not shown:
        return None
    cap = b.options.limit("contested")
    blocks = []
    for n, item in enumerate(shown[:cap], 1):
        sides = item.get("sides", [])
        who = " and ".join(f"**{md_inline(str(s.get('who') or '?'), fallback='?')}**" for s in sides)
        matter = md_inline(", ".join(str(m) for m in item.get("matter", [])), fallback="one matter")
        lines = [f"{n}. {who} on {matter}:"]
        for side in sides:
            name = md_inline(str(side.get("who") or "?"), fallback="?")
            for claim in [c for c in side.get("claims", []) if c.get("article") in b.labels][:_MEMBERS]:
                quote = None
                if b.article(str(claim.get("article") or "")) is not None:
                    text = md_inline(str(claim.get("text") or ""))
                    quote = f"“{text}”{b.cite(str(claim['article']), claim.get('sentence_id'))}"
                if quote is not None:
                    lines.append(f"   - {name} {md_inline(str(claim.get('verb') or 'says'), fallback='says')}: {quote}")
        blocks.append("\n".join(lines))
    parts = [
        heading(3, "Contested claims"),
        "Claims that different speakers make on the same matter and that conflict, each side quoted from its source.",
        "\n\n".join(blocks),
        _cut_note(min(cap, len(shown)), len(shown), "contested claim"),
    ]
    return "\n\n".join(p for p in parts if p)


def _framing(b: Briefing, framing: dict[str, Any]) -> str | None:
    if not framing or framing.get("available") is False:
        return None
    # Framing is a comparison: an actor only one exported source names has nothing to compare.
    rows = [r for r in framing.get("actors", []) if sum(1 for c in r.get("by_source", []) if c.get("article") in b.labels) >= 2]
    if not rows:
        return None
    cap = b.options.limit("framing")
    blocks = []
    # Only verdicts carried by words aimed at the actor are exported (issue 22): a neutral or
    # "too few mentions" cell, or one without its words, says nothing a reader could check.
    def backed(c: dict[str, Any]) -> bool:
        return c.get("verdict") in ("negative", "positive") and bool(c.get("words"))

    rows = [r for r in rows if any(backed(c) for c in r.get("by_source", []) if c.get("article") in b.labels)]
    if not rows:
        return None
    for row in rows[:cap]:
        cells = [c for c in row.get("by_source", []) if c.get("article") in b.labels and backed(c)]
        cells.sort(key=lambda c: (float(c.get("tone", 0)), b.position(str(c["article"]))))
        if len(cells) > _FRAMING_CELLS:
            half = _FRAMING_CELLS // 2
            cells = cells[:half] + cells[-half:]
        name = md_inline(str(row.get("name") or row.get("actor") or ""), fallback="?")
        lines = [f"**{name}**"]
        items = []
        for c in cells:
            verdict = md_inline(str(c.get("verdict")), fallback="verdict")
            words = c.get("words") or []
            sign = -1 if c.get("verdict") == "negative" else 1
            carrying = [w for w in words if float(w.get("weight", 0)) * sign > 0]
            shown = ", ".join(f"*{md_inline(str(w.get('word')))}*" for w in carrying[:4])
            head = f"- {b.label(str(c['article']))}: {verdict} (carried by {shown})"
            if carrying and (quote := _quote(b, {"article": c["article"], **carrying[0]})) is not None:
                head += f", e.g. {quote}"
            items.append(head)
        lines.append("\n".join(items))
        others = sum(1 for c in row.get("by_source", []) if c.get("article") in b.labels) - len(cells)
        if others > 0:
            lines.append(f"*{plural(others, 'other source')} neutral, too brief, or beyond this list.*")
        blocks.append("\n\n".join(lines))
    parts = [
        heading(3, "Framing"),
        "How each source's own words treat the main actors: only evaluative words aimed at the actor, in the "
        "author's voice (quotes left out), and only verdicts those words carry. Read the quoted evidence.",
        *blocks,
        _cut_note(min(cap, len(rows)), len(rows), "actor"),
    ]
    return "\n\n".join(p for p in parts if p)


def render(b: Briefing) -> str | None:
    if len(b.articles) < 2:
        b.empty_because["comparison"] = "a comparison needs two or more sources"
        return None
    data = b.analysis.load_comparison_result()
    if not data:
        return None
    parts = [
        _corroborated(b, list(data.corroborated or [])),
        _discrepancies(b, list(data.discrepancies or [])),
        _contested(b, [c.to_json() for c in data.contested or []]),
        _chronology(b, list(data.chronology or [])),
        _framing(b, dict(data.framing or {})),
    ]
    present = [p for p in parts if p]
    if not present:
        return None
    intro = "What the sources agree on, where they differ, when things happened, and how each frames the main actors."
    if any(s.ref.article in b.labels for s in data.single_source or []):
        intro += " Claims that only one source makes are listed by `sahel-brief compare --section single_source`."
    if b.options.filter_note:
        intro = f"*Filtered ({md_inline(b.options.filter_note)}): this compares only the sources shown.* " + intro
    return "\n\n".join([heading(2, SECTION_TITLES["comparison"]), intro, *present])
