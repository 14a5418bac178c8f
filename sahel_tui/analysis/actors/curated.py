"""The curated glossary, ``seeds/actors.toml``: descriptions, types, extra aliases.

It may only *add*: an entry's aliases join the detected actor with the same
name or alias (and are then matched in the text too), its description and
type replace the guessed ones. Detection never depends on it:
``detect_actors(corpus, curated=False)`` finds the same actors.

Format::

    [[actor]]
    name = "al-Qaeda in the Islamic Maghreb"
    type = "armed_group"
    aliases = ["AQIM", "AQMI"]
    description = "Algerian-born jihadist group, al-Qaeda's North African branch."
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sahel_tui.analysis.actors.model import TYPES
from sahel_tui.errors import UserError


@dataclass(frozen=True, slots=True)
class Entry:
    name: str
    type: str | None
    aliases: tuple[str, ...]
    description: str | None

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


def default_path() -> Path:
    from sahel_tui.infrastructure.paths import seeds_dir

    return seeds_dir() / "actors.toml"


def load_curated(path: Path | None = None) -> list[Entry]:
    """Entries of the curated glossary; a missing file is an empty glossary."""
    import tomllib

    path = path or default_path()
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UserError(f"cannot read curated actors {path}: {exc}") from None
    entries = []
    for i, raw in enumerate(data.get("actor", []), 1):
        name = raw.get("name")
        if not isinstance(name, str) or not name.strip():
            raise UserError(f"{path}: actor #{i} has no name")
        type_ = raw.get("type")
        if type_ is not None and type_ not in TYPES:
            raise UserError(f"{path}: actor {name!r} has unknown type {type_!r} (one of {', '.join(TYPES)})")
        aliases = raw.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise UserError(f"{path}: actor {name!r}: aliases must be a list of strings")
        description = raw.get("description")
        entries.append(Entry(name.strip(), type_, tuple(a.strip() for a in aliases if a.strip()), description))
    return entries
