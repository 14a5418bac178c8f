"""Actor glossary: who is who in the corpus, offline.

Public API::

    detect_actors(corpus, curated=True) -> list[Actor]   # most mentioned first
    Actor(id, name, type, aliases, roles, description, description_source, mentions)
    Mention(article, sentence_id, start, end, surface)   # text[start:end] == surface
    TYPES                                                # the seven type names

Importing this package is cheap: pycountry and rapidfuzz load on first use.
"""

from __future__ import annotations

from sahel_tui.analysis.actors.detect import detect_actors
from sahel_tui.analysis.actors.model import TYPES, Actor, Mention

__all__ = ["TYPES", "Actor", "Mention", "detect_actors"]
