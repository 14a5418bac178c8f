"""The attribution record handed between layers."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

# The actor types that speak as one person; everything else is a group voice.
PERSON_TYPES = frozenset({"person"})


@dataclass(frozen=True, slots=True)
class Attribution:
    """One claim and who makes it: ``article.text[start:end] == text``.

    ``speaker_start``/``speaker_end`` locate the words naming the speaker in the
    article text; they are -1 when the speaker is carried over from an earlier
    sentence (a quote standing alone continues the last speaker's words).
    """

    article: str
    sentence_id: str
    speaker: str  # the words naming the speaker, as written ("Mr. Steele", "a Malian official", "he")
    speaker_start: int
    speaker_end: int
    verb: str  # the reporting verb or phrase ("said", "according to", "accusing")
    text: str  # the claim: the quoted words, or the reported clause
    start: int
    end: int
    direct: bool  # True for words inside quotation marks
    pattern: str  # which construction found it ("quote-then-speaker", "according-to", "carried-over", ...)
    actor: str | None = None  # glossary actor id, when the speaker is one
    actor_name: str | None = None
    actor_type: str | None = None  # the glossary type of that actor ("person", "state", ...)
    # An unnamed speaker's kind ("officials in Mali", "a Malian official"); ``actor`` is then the
    # actor it speaks for when one is named in those words (Mali), else None.
    kind: str | None = None
    # For a pronoun ("he said") or a carried-over quote: the earlier words naming the speaker ("Mr. Kristol").
    antecedent: str | None = None

    @property
    def id(self) -> str:
        """Stable across runs: the article, the claim's offsets and its words."""
        raw = f"{self.article}\x00{self.start}\x00{self.end}\x00{self.text}"
        return "att-" + hashlib.sha1(raw.encode("utf-8")).hexdigest()[:12]

    @property
    def who(self) -> str:
        """What a reader should see as the speaker: an unnamed kind ("officials in Mali") as such, else the actor."""
        return self.kind or self.actor_name or self.antecedent or self.speaker

    @property
    def is_person(self) -> bool:
        return self.actor_type in PERSON_TYPES

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "article": self.article,
            "sentence_id": self.sentence_id,
            "speaker": self.speaker,
            "speaker_start": self.speaker_start,
            "speaker_end": self.speaker_end,
            "who": self.who,
            "actor": self.actor,
            "actor_name": self.actor_name,
            "actor_type": self.actor_type,
            "kind": self.kind,
            "antecedent": self.antecedent,
            "verb": self.verb,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "direct": self.direct,
            "pattern": self.pattern,
        }
