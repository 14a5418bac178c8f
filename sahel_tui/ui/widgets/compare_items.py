"""Turn ``compare_corpus(...).to_json()`` sections into list rows for the comparison view.

Pure functions over the JSON (no widgets), built in the worker thread right
after the comparison, so switching sections costs the UI thread nothing but
drawing. Every row that quotes a sentence carries its article and sentence id,
so Enter can jump to it; headings are rows that cannot be chosen. Article text
enters ``rich.text.Text`` as plain strings only, never as markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

from rich.table import Table
from rich.text import Text

from sahel_tui.ui.pane_data import one_line, short_sentence

# (key, label, one-line explanation shown above the list)
SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("corroborated", "Corroborated", "Statements that two or more sources make, each quoted with its citation."),
    ("single_source", "Single-source", "Claims only one source makes, most central first."),
    ("discrepancies", "Discrepancies", "Matched statements whose numbers or dates differ. Flagged for you to check, not ruled on."),
    ("chronology", "Chronology", "Dated events in date order; ? marks a date whose year the text leaves open."),
    ("coverage", "Actor coverage", "Mentions of each actor per source. Actors named by one source only are marked ◆."),
    ("similarity", "Similarity", "How close each source is to the others, and the words that set it apart."),
    ("framing", "Framing", "The tone of each source's sentences about each main actor, with the sentences as evidence."),
)


LOCATOR_CELLS = 10  # "S3 p41-s4" and a space: most locators line up
DATE_CELLS = 10  # "2006/2009?"


@dataclass(frozen=True, slots=True)
class Item:
    """One row: a heading (not selectable) or a sentence to jump to."""

    prompt: Text | Table
    article: str | None = None
    sentence_id: str | None = None
    span: tuple[int, int] | None = None
    heading: bool = False


Labeller = Callable[[str], str]


def _where(label: Labeller, article: str, sentence_id: str) -> str:
    return f"{label(article)} {short_sentence(sentence_id, article)}"


def sentence_item(
    entry: Mapping[str, Any],
    label: Labeller,
    lead: str | Text = "  ",
    highlight: tuple[int, int] | None = None,
    suffix: str = "",
    lead_width: int | None = None,
) -> Item:
    """A quoted sentence: lead and locator in a column, the text wrapping beside them.

    ``highlight`` is an offset range into the sentence text.
    """
    article, sid = str(entry.get("article", "")), str(entry.get("sentence_id", ""))
    body = Text(one_line(str(entry.get("text", ""))))
    if highlight is not None:
        lo, hi = highlight
        if 0 <= lo < hi <= len(body.plain):
            body.stylize("bold reverse", lo, hi)
    if suffix:
        body.append(suffix, style="dim")
    start, end = entry.get("start"), entry.get("end")
    span = (start, end) if isinstance(start, int) and isinstance(end, int) else None
    where = Text(_where(label, article, sid).ljust(LOCATOR_CELLS), style="bold")
    return Item(_hanging(lead, where, body, lead_width), article or None, sid or None, span)


def _hanging(lead: str | Text, where: Text, body: Text, lead_width: int | None = None) -> Table:
    """Lead and locator on the left, the body wrapping in its own column (a hanging indent)."""
    grid = Table.grid(padding=(0, 1, 0, 0), expand=True)
    grid.add_column(no_wrap=True, min_width=lead_width)
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(lead if isinstance(lead, Text) else Text(lead), where, body)
    return grid


def heading(text: str, detail: str = "") -> Item:
    prompt = Text(text, style="bold")
    if detail:
        prompt.append(f"  {detail}", style="dim")
    return Item(prompt, heading=True)


def corroborated(groups: Sequence[Mapping[str, Any]], label: Labeller) -> list[Item]:
    items: list[Item] = []
    for n, group in enumerate(groups, 1):
        terms = [str(t).lstrip("#") for t in group.get("shared_terms", [])][:6]
        sources = group.get("sources", len(group.get("articles", [])))
        items.append(heading(f"Claim {n} · {sources} sources", f"shared: {', '.join(terms)}" if terms else ""))
        items.extend(sentence_item(m, label) for m in group.get("members", []))
    return items


def single_source(claims: Sequence[Mapping[str, Any]], label: Labeller) -> list[Item]:
    return [
        sentence_item(c, label, lead=f"{c.get('rank', n)}. ", suffix=f"  (centrality {c.get('centrality', 0):.2f})")
        for n, c in enumerate(claims, 1)
    ]


def _value_span(side: Mapping[str, Any]) -> tuple[int, int] | None:
    norm = side.get("normalised")
    if isinstance(norm, Mapping) and isinstance(norm.get("start"), int) and isinstance(norm.get("end"), int):
        return norm["start"], norm["end"]
    return None


def discrepancies(pairs: Sequence[Mapping[str, Any]], label: Labeller) -> list[Item]:
    items: list[Item] = []
    for n, pair in enumerate(pairs, 1):
        a, b = pair.get("a", {}), pair.get("b", {})
        context = ", ".join(str(t) for t in pair.get("shared_context", [])[:5])
        kind = str(pair.get("kind", "value"))
        items.append(heading(f"{n}. {kind}: {a.get('value')} vs {b.get('value')}", f"about: {context}" if context else ""))
        for side in (a, b):
            if side:
                items.append(sentence_item(side, label, highlight=_value_span(side)))
    return items


def chronology(entries: Sequence[Mapping[str, Any]], label: Labeller) -> list[Item]:
    items: list[Item] = []
    for entry in entries:
        date, shown = str(entry.get("date", "")), str(entry.get("label", ""))
        if date.startswith("-"):  # ISO 8601 for "month and day, year unknown"
            head = Text(f"{shown or date}?", style="bold")
        else:
            head = Text(f"{date}{'?' if entry.get('uncertain') else ''}", style="bold")
            if shown and shown.casefold() not in (date.casefold(), f"the {date}".casefold()):
                head.append(f"\n{shown}", style="italic dim")
        sources = entry.get("sources", [])
        suffix = f"  ({len(sources)} sources)" if len(sources) > 1 else ""
        if entry.get("conflict"):
            others = [_conflict(o, label) for o in entry.get("conflicts_with") or []]
            suffix += "  ⚠ conflicting dates" + (f": {'; '.join(others[:3])}" if others else "")
        items.append(sentence_item(entry, label, lead=head, suffix=suffix, lead_width=DATE_CELLS))
        seen = {(entry.get("article"), entry.get("sentence_id"))}
        for mention in entry.get("mentions", []):
            key = (mention.get("article"), mention.get("sentence_id"))
            if key not in seen:
                seen.add(key)
                items.append(sentence_item(mention, label, lead="  also", lead_width=DATE_CELLS))
    return items


def _conflict(other: Any, label: Labeller) -> str:
    if isinstance(other, Mapping):
        where = ", ".join(label(str(a)) for a in other.get("sources", []) or [other.get("article", "")])
        return f"{other.get('label') or other.get('date')} ({where})"
    return str(other)


def similarity(section: Mapping[str, Any], label: Labeller, first_sentence: Callable[[str], str | None]) -> list[Item]:
    items: list[Item] = []
    nearest = section.get("nearest", {})
    terms = section.get("distinguishing_terms", {})
    for art in section.get("articles", []):
        aid = str(art.get("id", ""))
        grid = Table.grid(padding=(0, 1, 0, 0), expand=True)
        grid.add_column(no_wrap=True, style="dim")
        grid.add_column(ratio=1)
        grid.add_row(Text(label(aid), style="bold"), Text(str(art.get("title", aid)), style="bold"))
        close = nearest.get(aid, [])[:4]
        if close:
            grid.add_row("closest", " · ".join(f"{label(str(c.get('article')))} {c.get('similarity', 0):.2f}" for c in close))
        words = [str(t.get("term")) for t in terms.get(aid, [])[:8]]
        if words:
            grid.add_row("distinctive", Text(", ".join(words)))
        prompt = grid
        items.append(Item(prompt, aid, first_sentence(aid)))
    return items


def framing(section: Mapping[str, Any], label: Labeller) -> list[Item]:
    items: list[Item] = []
    for actor in section.get("actors", []):
        stands = actor.get("stands_out")
        detail = ""
        if isinstance(stands, Mapping):
            detail = f"stands out: {label(str(stands.get('article')))} is {stands.get('label')}"
        items.append(heading(f"{actor.get('name')} ({str(actor.get('type', '')).replace('_', ' ')})", detail))
        for source in actor.get("by_source", []):
            aid = str(source.get("article", ""))
            sentences = source.get("sentences", 0)
            summary = Text(f"  {label(aid)} ", style="bold")
            summary.append(str(source.get("label", "")), style="italic")
            summary.append(
                f": of {sentences} sentence{'s' if sentences != 1 else ''}, {source.get('negative', 0)} negative, "
                f"{source.get('positive', 0)} positive (mean {source.get('tone', 0):+.2f})",
                style="dim",
            )
            items.append(Item(summary, heading=True))
            evidence = source.get("evidence", {})
            for key, sign in (("most_negative", "−"), ("most_positive", "+")):
                for e in evidence.get(key, [])[:2]:
                    items.append(sentence_item(e, label, lead=f"    {sign} ", suffix=f"  ({e.get('score', 0):+.2f})"))
    return items


def coverage_note(section: Mapping[str, Any]) -> str:
    singles = len(section.get("single_source_actors", []))
    actors = len(section.get("actors", []))
    return f"{actors} actors; {singles} named by one source only."


def build_items(
    comparison: Mapping[str, Any], label: Labeller, first_sentence: Callable[[str], str | None]
) -> dict[str, list[Item]]:
    """Rows for every list section that the comparison holds."""
    out: dict[str, list[Item]] = {}
    if isinstance(comparison.get("corroborated"), list):
        out["corroborated"] = corroborated(comparison["corroborated"], label)
    if isinstance(comparison.get("single_source"), list):
        out["single_source"] = single_source(comparison["single_source"], label)
    if isinstance(comparison.get("discrepancies"), list):
        out["discrepancies"] = discrepancies(comparison["discrepancies"], label)
    if isinstance(comparison.get("chronology"), list):
        out["chronology"] = chronology(comparison["chronology"], label)
    sim = comparison.get("similarity")
    if isinstance(sim, Mapping):
        out["similarity"] = similarity(sim, label, first_sentence)
    frame = comparison.get("framing")
    if isinstance(frame, Mapping) and frame.get("available", True):
        out["framing"] = framing(frame, label)
    return out


def section_count(comparison: Mapping[str, Any], key: str) -> int | None:
    """How many entries a section has (None when it was not computed or is unavailable)."""
    value = comparison.get(key)
    if isinstance(value, list):
        return len(value)
    if isinstance(value, Mapping):
        if value.get("available") is False:
            return None
        if key == "similarity":
            return len(value.get("articles", []))
        return len(value.get("actors", []))
    return None
