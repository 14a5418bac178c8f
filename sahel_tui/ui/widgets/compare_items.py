"""Turn a comparison's sections into list rows for the comparison view.

The claim sections are the typed records of :mod:`sahel_tui.analysis.compare.model`
(each row of a corroborated group or discrepancy carries the item, so the view
can confirm or reject it); similarity and framing are still their JSON.
Pure functions (no widgets), run in the worker thread right
after the comparison. A row knows where it jumps at once, but draws its
prompt only when first shown: a 2,000-article comparison has ~85,000 rows,
and building Rich objects for all of them took 15 s where a page takes
milliseconds. Every row that quotes a sentence carries its article and
sentence id, so Enter can jump to it; headings are rows that cannot be chosen.
Article text enters ``rich.text.Text`` as plain strings only, never as markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import Any, Callable, Mapping, Sequence

from rich.table import Table
from rich.text import Text

from sahel_tui.analysis.compare.model import (
    ChronologyEntry,
    CorroboratedGroup,
    DateConflict,
    Discrepancy,
    SentenceRef,
    SingleSourceClaim,
)
from sahel_tui.ui.pane_data import one_line, short_sentence

# (key, label, one-line explanation shown above the list)
SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("corroborated", "Corroborated", "Statements that two or more sources make, each quoted with its citation."),
    ("single_source", "Single-source", "Claims only one source makes, most central first."),
    ("discrepancies", "Discrepancies", "Matched statements whose numbers or dates differ. Flagged for you to check, not ruled on."),
    ("chronology", "Chronology", "Dated events in date order; ? marks a date whose year the text leaves open."),
    ("coverage", "Actor coverage", "Mentions of each actor per source. Actors named by one source only are marked ◆."),
    ("similarity", "Similarity", "How close each source is to the others, and the words that set it apart."),
    ("framing", "Framing", "Each source's own words about each main actor (quotes left out): a verdict only when words aimed at the actor carry it."),
    ("contested", "Contested claims", "Different actors saying conflicting things on one matter, each side quoted and cited."),
)


LOCATOR_CELLS = 10  # "S3 p41-s4" and a space: most locators line up
DATE_CELLS = 10  # "2006/2009?"


@dataclass(slots=True)
class Item:
    """One row: a heading (not selectable) or a sentence to jump to."""

    make: Callable[[], Text | Table]  # draws the prompt; called once, when the row is first shown
    article: str | None = None
    sentence_id: str | None = None
    span: tuple[int, int] | None = None
    heading: bool = False
    target: Any = None  # the reviewable item (group, discrepancy) this row belongs to
    _prompt: Text | Table | None = field(default=None, repr=False, compare=False)

    @property
    def prompt(self) -> Text | Table:
        if self._prompt is None:
            self._prompt = self.make()
        return self._prompt


Labeller = Callable[[str], str]


def _where(label: Labeller, article: str, sentence_id: str) -> str:
    return f"{label(article)} {short_sentence(sentence_id, article)}"


def sentence_item(
    entry: Mapping[str, Any] | SentenceRef,
    label: Labeller,
    lead: str | Text = "  ",
    highlight: tuple[int, int] | None = None,
    suffix: str = "",
    lead_width: int | None = None,
) -> Item:
    """A quoted sentence: lead and locator in a column, the text wrapping beside them.

    ``highlight`` is an offset range into the sentence text.
    """
    if isinstance(entry, SentenceRef):
        entry = entry.to_json()
    article, sid = str(entry.get("article", "")), str(entry.get("sentence_id", ""))
    start, end = entry.get("start"), entry.get("end")
    span = (start, end) if isinstance(start, int) and isinstance(end, int) else None
    make = partial(_sentence_prompt, entry, _where(label, article, sid), lead, highlight, suffix, lead_width)
    return Item(make, article or None, sid or None, span)


def _sentence_prompt(
    entry: Mapping[str, Any], where: str, lead: str | Text, highlight: tuple[int, int] | None, suffix: str, lead_width: int | None
) -> Table:
    body = Text(one_line(str(entry.get("text", ""))))
    if highlight is not None:
        lo, hi = highlight
        if 0 <= lo < hi <= len(body.plain):
            body.stylize("bold reverse", lo, hi)
    if suffix:
        body.append(suffix, style="dim")
    return _hanging(lead, Text(where.ljust(LOCATOR_CELLS), style="bold"), body, lead_width)


def _hanging(lead: str | Text, where: Text, body: Text, lead_width: int | None = None) -> Table:
    """Lead and locator on the left, the body wrapping in its own column (a hanging indent)."""
    grid = Table.grid(padding=(0, 1, 0, 0), expand=True)
    grid.add_column(no_wrap=True, min_width=lead_width)
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(lead if isinstance(lead, Text) else Text(lead), where, body)
    return grid


def heading(text: str, detail: str = "") -> Item:
    return Item(partial(_heading_prompt, text, detail), heading=True)


def _heading_prompt(text: str, detail: str) -> Text:
    prompt = Text(text, style="bold")
    if detail:
        prompt.append(f"  {detail}", style="dim")
    return prompt


# How a row shows the analyst's verdict on its item.
STATUS_MARKS = {"confirmed": "✓ confirmed", "rejected": "✗ rejected", "changed": "? evidence changed, review again"}


def _status(review: Any) -> str:
    return STATUS_MARKS.get(getattr(review, "status", ""), "unreviewed")


def group_heading(n: int, group: CorroboratedGroup) -> Item:
    terms = [t.lstrip("#") for t in group.shared_terms][:6]
    independent = group.independent_sources
    count = f"{group.sources} sources" + (f" ({independent} independent)" if independent < group.sources else "")
    detail = f"why: {group.why}" if group.why else (f"shared: {', '.join(terms)}" if terms else "")
    item = heading(f"Claim {n} · {count} · {_status(group.review)}", detail)
    item.target = group
    return item


def corroborated(groups: Sequence[CorroboratedGroup], label: Labeller) -> list[Item]:
    items: list[Item] = []
    for n, group in enumerate(groups, 1):
        items.append(group_heading(n, group))
        for m in group.members:
            row = sentence_item(m.ref, label, suffix="  (repeated, not independent)" if m.repeated else "")
            row.target = group
            items.append(row)
    return items


def single_source(claims: Sequence[SingleSourceClaim], label: Labeller) -> list[Item]:
    return [sentence_item(c.ref, label, lead=f"{c.rank}. ", suffix=f"  (centrality {c.centrality:.2f})") for c in claims]


def discrepancy_heading(n: int, pair: Discrepancy) -> Item:
    context = ", ".join(pair.shared_context[:5])
    detail = pair.difference or (f"about: {context}" if context else "")
    what = pair.measure or pair.kind
    item = heading(f"{n}. {what}: {pair.a.value} vs {pair.b.value} · {_status(pair.review)}", detail)
    item.target = pair
    return item


def discrepancies(pairs: Sequence[Discrepancy], label: Labeller) -> list[Item]:
    items: list[Item] = []
    for n, pair in enumerate(pairs, 1):
        items.append(discrepancy_heading(n, pair))
        for side in (pair.a, pair.b):
            row = sentence_item(side.ref, label, highlight=side.value_span)
            row.target = pair
            items.append(row)
    return items


def chronology(entries: Sequence[ChronologyEntry], label: Labeller) -> list[Item]:
    items: list[Item] = []
    for entry in entries:
        head = _date_lead(entry)
        suffix = f"  ({len(entry.sources)} sources)" if len(entry.sources) > 1 else ""
        if entry.background:
            suffix += "  · background"
        if entry.conflict:
            others = [_conflict(o, label) for o in entry.conflicts_with]
            suffix += "  ⚠ conflicting dates" + (f": {'; '.join(others[:3])}" if others else "")
        items.append(sentence_item(entry.first, label, lead=head, suffix=suffix, lead_width=DATE_CELLS))
        seen = {(entry.first.article, entry.first.sentence_id)}
        for mention in entry.mentions:
            key = (mention.ref.article, mention.ref.sentence_id)
            if key not in seen:
                seen.add(key)
                items.append(sentence_item(mention.ref, label, lead="  also", lead_width=DATE_CELLS))
    return items


def _date_lead(entry: ChronologyEntry) -> Text:
    date, shown = entry.date, entry.label
    if date.startswith("-"):  # ISO 8601 for "month and day, year unknown"
        return Text(f"{shown or date}?", style="bold")
    head = Text(f"{date}{'?' if entry.uncertain else ''}", style="bold")
    if shown and shown.casefold() not in (date.casefold(), f"the {date}".casefold()):
        head.append(f"\n{shown}", style="italic dim")
    return head


def _conflict(other: DateConflict, label: Labeller) -> str:
    where = ", ".join(label(a) for a in other.sources or [other.ref.article])
    return f"{other.date} ({where})"


def similarity(section: Mapping[str, Any], label: Labeller, first_sentence: Callable[[str], str | None]) -> list[Item]:
    items: list[Item] = []
    nearest = section.get("nearest", {})
    terms = section.get("distinguishing_terms", {})
    for art in section.get("articles", []):
        aid = str(art.get("id", ""))
        close = [(label(str(c.get("article"))), float(c.get("similarity", 0))) for c in nearest.get(aid, [])[:4]]
        words = [str(t.get("term")) for t in terms.get(aid, [])[:8]]
        make = partial(_similarity_prompt, label(aid), str(art.get("title", aid)), close, words)
        items.append(Item(make, aid, first_sentence(aid)))
    return items


def _similarity_prompt(where: str, title: str, close: list[tuple[str, float]], words: list[str]) -> Table:
    grid = Table.grid(padding=(0, 1, 0, 0), expand=True)
    grid.add_column(no_wrap=True, style="dim")
    grid.add_column(ratio=1)
    grid.add_row(Text(where, style="bold"), Text(title, style="bold"))
    if close:
        grid.add_row("closest", Text(" · ".join(f"{w} {score:.2f}" for w, score in close)))
    if words:
        grid.add_row("distinctive", Text(", ".join(words)))
    return grid


def framing(section: Mapping[str, Any], label: Labeller) -> list[Item]:
    items: list[Item] = []
    for actor in section.get("actors", []):
        stands = actor.get("stands_out")
        detail = ""
        if isinstance(stands, Mapping):
            detail = f"stands out: {label(str(stands.get('article')))} is {stands.get('label')}"
        items.append(heading(f"{actor.get('name')} ({str(actor.get('type', '')).replace('_', ' ')})", detail))
        for source in actor.get("by_source", []):
            items.append(Item(partial(_tone_prompt, label(str(source.get("article", ""))), source), heading=True))
            evidence = source.get("evidence", {})
            for key, sign in (("most_negative", "−"), ("most_positive", "+")):
                for e in evidence.get(key, [])[:2]:
                    words = list(e.get("words") or [])
                    entry = dict(e)
                    mark = None
                    if words:
                        # Enter lights the first word that carries the verdict; the row shows them all.
                        entry.update(start=words[0].get("start"), end=words[0].get("end"))
                        pos = str(e.get("text", "")).find(str(words[0].get("word", "")))
                        mark = (pos, pos + len(str(words[0].get("word", "")))) if pos >= 0 else None
                    shown = ", ".join(str(w.get("word")) for w in words)
                    items.append(sentence_item(entry, label, lead=f"    {sign} ", highlight=mark,
                                               suffix=f"  ({shown}; {e.get('score', 0):+.2f})"))
    return items


def contested(section: Sequence[Mapping[str, Any]], label: Labeller) -> list[Item]:
    items: list[Item] = []
    for n, item in enumerate(section, 1):
        sides = item.get("sides", [])
        who = " vs ".join(str(s.get("who", "?")) for s in sides)
        items.append(heading(f"{n}. {who}", f"on {', '.join(str(m) for m in item.get('matter', []))} · {item.get('why', '')}"))
        for side in sides:
            for c in side.get("claims", []):
                sentence, claim = str(c.get("sentence", "")), str(c.get("text", ""))
                pos = one_line(sentence).find(one_line(claim))
                mark = (pos, pos + len(one_line(claim))) if pos >= 0 else None
                entry = {**c, "text": sentence}
                items.append(sentence_item(entry, label, lead=f"  {side.get('who', '?')} {c.get('verb', '')}:", highlight=mark))
    return items


def _tone_prompt(where: str, source: Mapping[str, Any]) -> Text:
    sentences = source.get("sentences", 0)
    summary = Text(f"  {where} ", style="bold")
    summary.append(str(source.get("verdict") or source.get("label", "")), style="italic")
    words = [str(w.get("word")) for w in source.get("words", [])][:6]
    summary.append(
        f": {sentences} sentence{'s' if sentences != 1 else ''}, net {source.get('tone', 0):+.2f}"
        + (f"; words: {', '.join(words)}" if words else "; no words aimed at the actor"),
        style="dim",
    )
    return summary


def coverage_note(section: Mapping[str, Any]) -> str:
    singles = len(section.get("single_source_actors", []))
    actors = len(section.get("actors", []))
    return f"{actors} actors; {singles} named by one source only."


def build_items(comparison: Any, label: Labeller, first_sentence: Callable[[str], str | None]) -> dict[str, list[Item]]:
    """Rows for every list section that the comparison (a typed ``Comparison``) holds."""
    out: dict[str, list[Item]] = {}
    if comparison.corroborated is not None:
        out["corroborated"] = corroborated(comparison.corroborated, label)
    if comparison.single_source is not None:
        out["single_source"] = single_source(comparison.single_source, label)
    if comparison.discrepancies is not None:
        out["discrepancies"] = discrepancies(comparison.discrepancies, label)
    if comparison.chronology is not None:
        out["chronology"] = chronology(comparison.chronology, label)
    sim = comparison.similarity
    if isinstance(sim, Mapping):
        out["similarity"] = similarity(sim, label, first_sentence)
    if comparison.contested is not None:
        out["contested"] = contested([c.to_json() for c in comparison.contested], label)
    frame = comparison.framing
    if isinstance(frame, Mapping) and frame.get("available", True):
        out["framing"] = framing(frame, label)
    return out


def section_count(comparison: Any, key: str) -> int | None:
    """How many entries a section has (None when it was not computed or is unavailable)."""
    value = getattr(comparison, key, None)
    if isinstance(value, list):
        return len(value)
    if isinstance(value, Mapping):
        if value.get("available") is False:
            return None
        if key == "similarity":
            return len(value.get("articles", []))
        return len(value.get("actors", []))
    return None
