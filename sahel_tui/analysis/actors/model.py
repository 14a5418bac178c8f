"""What the glossary hands out: actors and their mentions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

TYPES = ("person", "armed_group", "state", "organisation", "party", "place", "other")
# How each type reads to a person: one table for the app, the CLI and the briefing.
TYPE_LABELS: dict[str, str] = {t: t.replace("_", " ") for t in TYPES}


@dataclass(frozen=True, slots=True)
class Mention:
    """One occurrence: ``article.text[start:end] == surface``, inside sentence ``sentence_id``."""

    article: str
    sentence_id: str
    start: int
    end: int
    surface: str

    def to_json(self) -> dict[str, object]:
        return {
            "article": self.article,
            "sentence_id": self.sentence_id,
            "start": self.start,
            "end": self.end,
            "surface": self.surface,
        }


@dataclass(slots=True)
class Actor:
    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    description: str | None = None
    # A sentence id when the description was found in the corpus; "curated" for
    # seeds/actors.toml, "analyst" for a description an analyst wrote.
    description_source: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    # Why each alias was merged into this actor: alias -> reason, e.g.
    # "AQIM" -> "acronym defined in art2-p4-s1". An analyst's split undoes one.
    merged: dict[str, str] = field(default_factory=dict)

    def mentions_by_article(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for m in self.mentions:
            counts[m.article] = counts.get(m.article, 0) + 1
        return counts

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "aliases": list(self.aliases),
            "roles": list(self.roles),
            "description": self.description,
            "description_source": self.description_source,
            "merged": [{"alias": a, "reason": r} for a, r in sorted(self.merged.items(), key=lambda x: x[0].casefold())],
            "mention_count": len(self.mentions),
            "mentions_by_article": self.mentions_by_article(),
            "mentions": [m.to_json() for m in self.mentions],
        }


def slug(name: str) -> str:
    """A stable id from a name: "Iyad ag Ghali" -> "iyad-ag-ghali"."""
    import unicodedata

    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "actor"


def sort_actors(actors: list[Actor]) -> list[Actor]:
    """Most mentioned first, then by name: the order every caller relies on."""
    return sorted(actors, key=lambda a: (-len(a.mentions), a.name.casefold(), a.id))
