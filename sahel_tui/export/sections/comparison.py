"""Cross-source comparison: agreement, disagreement, chronology and framing, all quoted and cited.

Reads the JSON of :func:`sahel_tui.analysis.compare.compare_corpus` (the same
shape ``sahel-brief compare --json`` prints). Long lists are cut to the most
telling entries, and the text says how many were left out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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


def _quote(b: Briefing, ref: dict[str, Any]) -> str | None:
    """One cited statement: its text (escaped) and the footnote to its sentence."""
    article_id = str(ref.get("article") or "")
    if b.article(article_id) is None:
        return None
    return f"{md_inline(str(ref.get('text') or ''))}{b.cite(article_id, ref.get('sentence_id'))}"


def _cut_note(shown: int, total: int, what: str, many: str | None = None) -> str | None:
    if total <= shown:
        return None
    return f"*Showing {shown} of {plural(total, what, many)}; `sahel-brief compare` lists them all.*"


def _corroborated(b: Briefing, groups: list[dict[str, Any]]) -> str | None:
    groups = [g for g in groups if len([a for a in g.get("articles", []) if a in b.labels]) >= 2]
    if not groups:
        return None
    cap = b.options.limit("corroborated")
    ranked = sorted(enumerate(groups), key=lambda ig: (-int(ig[1].get("sources", 0)), -float(ig[1].get("score", 0)), ig[0]))
    items = []
    for n, (_, group) in enumerate(ranked[:cap], 1):
        sources = b.sources_list(list(group.get("articles", [])))
        lines = [f"{n}. Reported by {sources}:"]
        # One statement per source (its closest match), for at most _MEMBERS sources.
        best: dict[str, dict[str, Any]] = {}
        for member in group.get("members", []):
            article_id = str(member.get("article"))
            if article_id in b.labels and float(member.get("similarity", 0)) > float(best.get(article_id, {}).get("similarity", -1)):
                best[article_id] = member
        shown = sorted(best, key=b.position)[:_MEMBERS]
        for article_id in shown:
            who = b.graded_label(article_id, str(best[article_id].get("sentence_id") or "") or None)
            lines.append(f"   - {who}: {_quote(b, best[article_id])}")
        if len(best) > len(shown):
            lines.append(f"   - and {plural(len(best) - len(shown), 'more source')}")
        items.append("\n".join(lines))
    parts = [
        heading(3, "Corroborated claims"),
        "Statements that two or more sources make in similar words, strongest agreement first.",
        "\n".join(items),
        _cut_note(min(cap, len(groups)), len(groups), "corroborated claim"),
    ]
    b.counts["corroborated"] = len(groups)
    return "\n\n".join(p for p in parts if p)


def _discrepancies(b: Briefing, found: list[dict[str, Any]]) -> str | None:
    found = [d for d in found if b.article(str(d.get("a", {}).get("article"))) and b.article(str(d.get("b", {}).get("article")))]
    if not found:
        return None
    cap = b.options.limit("discrepancies")
    items = []
    for n, d in enumerate(found[:cap], 1):
        kind = _KINDS.get(str(d.get("kind")), "values")
        lines = [f"{n}. Different {kind} for what reads as the same thing:"]
        for side in (d["a"], d["b"]):
            value = md_inline(str(side.get("value") or ""), fallback="?")
            # Every source giving this value, not just the one quoted.
            who = b.sources_list([str(side["article"]), *map(str, side.get("sources") or [])])
            verb = "say" if "," in who else "says"
            lines.append(f"   - {who} {verb} **{value}**: {_quote(b, side)}")
        items.append("\n".join(lines))
    parts = [
        heading(3, "Discrepancies"),
        "Places where sources disagree on a date or a figure. Both statements are quoted; neither is ruled on.",
        "\n".join(items),
        _cut_note(min(cap, len(found)), len(found), "discrepancy", "discrepancies"),
    ]
    b.counts["discrepancies"] = len(found)
    return "\n\n".join(p for p in parts if p)


def _chronology(b: Briefing, events: list[dict[str, Any]]) -> str | None:
    events = [e for e in events if b.article(str(e.get("article")))]
    if not events:
        return None
    cap = b.options.limit("chronology")

    def weight(ie: tuple[int, dict[str, Any]]) -> tuple[int, int, int, int]:
        i, e = ie
        return (-len(e.get("sources", [])), -bool(e.get("conflict")), _PRECISION.get(str(e.get("precision")), 5), i)

    # Keep the best-attested, most precise events, then show them in date order.
    kept = sorted(sorted(enumerate(events), key=weight)[:cap])
    # One sentence often dates several events ("in 1963, the 1990s and 2006-2009"):
    # it is quoted once, under its earliest date, with all the dates it gives.
    by_sentence: dict[str, list[dict[str, Any]]] = {}
    order: list[str] = []
    for i, e in kept:
        key = str(e.get("sentence_id") or f"#{i}")
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
        sources = b.sources_list(sorted({str(s) for x in group for s in x.get("sources", [])})) or b.label(str(e["article"]))
        line = f"- **{when}** ({sources}): {_quote(b, e) or ''}"
        notes = []
        if any(x.get("uncertain") for x, (_, unresolved) in zip(group, dates) if not unresolved):
            notes.append("date uncertain")
        notes.extend(dict.fromkeys(p for x in group if (p := _year_provenance(x))))
        for x in group:
            for other in x.get("conflicts_with", []):
                if b.article(str(other.get("article"))) is not None:
                    who = b.sources_list([str(other["article"]), *map(str, other.get("sources") or [])])
                    verb = "date" if "," in who else "dates"
                    notes.append(f"{who} {verb} this {md_inline(str(other.get('date') or ''), fallback='?')}")
        if notes:
            line += f" *({'; '.join(dict.fromkeys(notes))})*"
        items.append(line)
    parts = [
        heading(3, "Chronology"),
        "Dated events in the sources, in date order, each sentence quoted once with every date it gives. "
        "Where the sentence does not state the year, the entry says where the year came from.",
        "\n".join(items),
        _cut_note(len(kept), len(events), "dated event"),
    ]
    return "\n\n".join(p for p in parts if p)


# Where a year came from when the sentence does not state it (DateMention.year_source).
_YEAR_SOURCES = {
    "article date": "year from the article's date",
    "date bounds": "year from the article's date bounds",
    "sentence": "year from elsewhere in the sentence",
    "neighbouring sentence": "year from a neighbouring sentence",
}


def _year_provenance(e: dict[str, Any]) -> str | None:
    return _YEAR_SOURCES.get(str(e.get("year_source") or "text"))


def _event_date(e: dict[str, Any]) -> tuple[str, bool]:
    """The date as a reader wants it, and whether its year is unknown."""
    iso = str(e.get("date") or "")
    if not iso or iso.startswith("-"):
        # A day or month the article gives without a year the analysis could resolve.
        return f"{md_inline(str(e.get('label') or iso), fallback='?')} (year not stated)", True
    if e.get("precision") == "range" and "/" in iso:
        iso = iso.replace("/", "–")
    if e.get("precision") == "decade" and e.get("qualifier"):
        iso = f"{e['qualifier']} {iso}"
    return md_inline(iso, fallback="?"), False


def _framing(b: Briefing, framing: dict[str, Any]) -> str | None:
    if not framing or framing.get("available") is False:
        return None
    # Framing is a comparison: an actor only one exported source names has nothing to compare.
    rows = [r for r in framing.get("actors", []) if sum(1 for c in r.get("by_source", []) if c.get("article") in b.labels) >= 2]
    if not rows:
        return None
    cap = b.options.limit("framing")
    blocks = []
    for row in rows[:cap]:
        cells = [c for c in row.get("by_source", []) if c.get("article") in b.labels]
        cells.sort(key=lambda c: (float(c.get("tone", 0)), b.position(str(c["article"]))))
        if len(cells) > _FRAMING_CELLS:
            half = _FRAMING_CELLS // 2
            cells = cells[:half] + cells[-half:]
        name = md_inline(str(row.get("name") or row.get("actor") or ""), fallback="?")
        lines = [f"**{name}**"]
        items = []
        for c in cells:
            tone = float(c.get("tone", 0))
            label = md_inline(str(c.get("label") or ""), fallback="tone")
            head = f"- {b.label(str(c['article']))}: {label} (tone {tone:+.2f} over {plural(int(c.get('sentences', 0)), 'sentence')})"
            evidence = c.get("evidence", {})
            pick = (evidence.get("most_negative") if tone < 0 else evidence.get("most_positive")) or []
            if pick and (quote := _quote(b, pick[0])) is not None:
                head += f", e.g. {quote}"
            items.append(head)
        lines.append("\n".join(items))
        hidden = sum(1 for c in row.get("by_source", []) if c.get("article") in b.labels) - len(cells)
        stands = row.get("stands_out")
        extra = []
        # With two sources each differs from the other equally: only name an outlier among three or more.
        if stands and stands.get("article") in b.labels and len(cells) + max(hidden, 0) >= 3:
            extra.append(f"{b.label(str(stands['article']))} stands out from the other sources")
        if hidden > 0:
            extra.append(f"{plural(hidden, 'source')} between these extremes not shown")
        if extra:
            lines.append(f"*{'; '.join(extra)}.*")
        blocks.append("\n\n".join(lines))
    parts = [
        heading(3, "Framing"),
        "How each source's wording about the main actors leans, from the sentiment of the sentences that name them "
        "(-1 hostile to +1 favourable). Tone measures wording, not stance: read the quoted evidence.",
        *blocks,
        _cut_note(min(cap, len(rows)), len(rows), "actor"),
    ]
    return "\n\n".join(p for p in parts if p)


def render(b: Briefing) -> str | None:
    if len(b.articles) < 2:
        b.empty_because["comparison"] = "a comparison needs two or more sources"
        return None
    data = b.analysis.load_comparison()
    if not data:
        return None
    parts = [
        _corroborated(b, list(data.get("corroborated") or [])),
        _discrepancies(b, list(data.get("discrepancies") or [])),
        _chronology(b, list(data.get("chronology") or [])),
        _framing(b, dict(data.get("framing") or {})),
    ]
    present = [p for p in parts if p]
    if not present:
        return None
    intro = "What the sources agree on, where they differ, when things happened, and how each frames the main actors."
    if any(s.get("article") in b.labels for s in data.get("single_source") or []):
        intro += " Claims that only one source makes are listed by `sahel-brief compare --section single_source`."
    return "\n\n".join([heading(2, SECTION_TITLES["comparison"]), intro, *present])
