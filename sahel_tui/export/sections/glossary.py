"""The actor glossary: who is who, what they are called, and which sources name them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sahel_tui.analysis.actors.model import TYPE_LABELS
from sahel_tui.corpus.model import split_sentence_id
from sahel_tui.export.blocks import heading, plural, table
from sahel_tui.export.escape import md_cell, md_inline
from sahel_tui.export.options import SECTION_TITLES

if TYPE_CHECKING:
    from sahel_tui.export.briefing import Briefing



# "Mentioned in" names at most this many sources; a large corpus would fill pages.
_SOURCES = 8
# Descriptions not taken from a source sentence say where they come from instead.
_PROVENANCE = {"curated": "reference list", "analyst": "analyst"}


def _mentions_here(b: Briefing, actor: Any) -> dict[str, int]:
    """Mentions per exported article (an actor found only elsewhere is not listed)."""
    return {str(k): int(v) for k, v in actor.mentions_by_article().items() if str(k) in b.labels}


def _aliases(actor: Any) -> str:
    name = str(actor.name).casefold()
    seen: set[str] = set()
    aliases = []
    for alias in sorted(actor.aliases, key=lambda s: (s.casefold(), s)):
        key = alias.casefold()
        if key != name and key not in seen:
            seen.add(key)
            aliases.append(alias)
    return ", ".join(md_cell(a, 60) for a in aliases) if aliases else "–"


def _description(b: Briefing, actor: Any) -> str:
    if not actor.description:
        return "–"
    text = md_cell(actor.description, 300)
    source = actor.description_source
    if source and (parts := split_sentence_id(source)) is not None and b.article(parts[0]) is not None:
        text += b.cite(parts[0], source)
    elif source in _PROVENANCE:
        text += f" *({_PROVENANCE[source]})*"
    return text


def _where(b: Briefing, mentions: dict[str, int]) -> str:
    """``S1 (12), S3 (2)``; past _SOURCES sources, the most-mentioning ones and a count of the rest."""
    ids = sorted(mentions, key=b.position)
    if len(ids) > _SOURCES:
        top = set(sorted(ids, key=lambda i: (-mentions[i], b.position(i)))[:_SOURCES])
        rest = [i for i in ids if i not in top]
        ids = [i for i in ids if i in top]
        tail = f", and {plural(len(rest), 'more source')} ({plural(sum(mentions[i] for i in rest), 'mention')})"
    else:
        tail = ""
    return ", ".join(f"{b.label(i)} ({mentions[i]})" for i in ids) + tail


def render(b: Briefing) -> str | None:
    actors = b.analysis.load_actors()
    if not actors:
        return None
    counted = [(a, m) for a in actors if sum((m := _mentions_here(b, a)).values()) > 0]
    # Places are where things happen, not who acts: one line after the table, not rows in it.
    places = sorted({n for a, _ in counted if a.type == "place" and (n := md_inline(str(a.name), 80))}, key=str.casefold)
    counted = [(a, m) for a, m in counted if a.type != "place"]
    if not counted:
        return None
    # An actor named once with nothing known about it is a row of dashes: one compact line instead.
    once = [(a, m) for a, m in counted if not a.description and sum(m.values()) == 1]
    once_ids = {id(a) for a, _ in once}
    rows_for = [(a, m) for a, m in counted if id(a) not in once_ids]
    cap = b.options.limit("actors")
    # The most-mentioned actors make the cut; the table itself reads alphabetically.
    ranked = sorted(rows_for, key=lambda am: (-sum(am[1].values()), -len(am[1]), str(am[0].name).casefold(), str(am[0].id)))
    shown = sorted(ranked[:cap], key=lambda am: (str(am[0].name).casefold(), str(am[0].id)))
    rows = []
    for actor, mentions in shown:
        rows.append(
            [
                md_cell(actor.name, 80),
                TYPE_LABELS.get(str(actor.type), md_cell(str(actor.type))),
                _aliases(actor),
                _description(b, actor),
                _where(b, mentions),
            ]
        )
    b.counts["actors"] = len(counted)
    parts = [heading(2, SECTION_TITLES["glossary"])]
    intro = "People, groups, states and organisations named in the sources, alphabetically; “Mentioned in” gives each source and its number of mentions."
    if len(rows_for) > cap:
        intro += f" The {cap} most-mentioned of {plural(len(rows_for), 'actor')} are shown; `sahel-brief actors` lists them all."
    parts.append(intro)
    if rows:
        parts.append(table(["Actor", "Type", "Also called", "Description", "Mentioned in"], rows))
    if once:
        named = sorted(once, key=lambda am: (str(am[0].name).casefold(), str(am[0].id)))
        shown_once = [f"{md_inline(str(a.name), 80, fallback='?')} ({TYPE_LABELS.get(str(a.type), md_inline(str(a.type)))}, {b.label(next(iter(m)))})" for a, m in named[:cap]]
        more = f", and {plural(len(named) - cap, 'more')}" if len(named) > cap else ""
        parts.append(f"Named once, with no description: {', '.join(shown_once)}{more}.")
    if places:
        parts.append(f"Places named: {', '.join(places)}.")
    return "\n\n".join(parts)
