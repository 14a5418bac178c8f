"""What a briefing contains: the sections, the articles, the key-point settings, the clock."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime, timezone

from sahel_tui.errors import UserError

# Canonical order of the document; `--sections` selects, it never reorders.
SECTIONS: tuple[str, ...] = (
    "frontmatter",
    "judgements",
    "changes",
    "overview",
    "sources",
    "keypoints",
    "glossary",
    "comparison",
    "annotations",
)

SECTION_TITLES: dict[str, str] = {
    "frontmatter": "Front matter",
    "judgements": "Key judgements",
    "changes": "Since the last briefing",
    "overview": "Overview",
    "sources": "Sources",
    "keypoints": "Key points",
    "glossary": "Actors",
    "comparison": "Cross-source comparison",
    "annotations": "Analyst annotations",
}

# One vocabulary for the sections, in the CLI and the export dialog: each has
# a name (`export --sections`, error messages, warnings, `export --json`) and a
# label (the dialog), the same words as the app's views and the subcommands:
# actors (view 2, `sahel-brief actors`), comparison (view 3, `compare`),
# notes (view 4, `notes`), judgements (view 5, `judgements`). The keys above
# stay the document's internal names (the YAML front matter lists them).
SECTION_NAMES: dict[str, str] = {
    "frontmatter": "frontmatter",
    "judgements": "judgements",
    "changes": "changes",
    "overview": "overview",
    "sources": "sources",
    "keypoints": "keypoints",
    "glossary": "actors",
    "comparison": "comparison",
    "annotations": "notes",
}
SECTION_LABELS: dict[str, str] = {
    "frontmatter": "Front matter",
    "judgements": "Judgements",
    "changes": "Changes",
    "overview": "Overview",
    "sources": "Sources",
    "keypoints": "Key points",
    "glossary": "Actors",
    "comparison": "Comparison",
    "annotations": "Notes",
}

# Other spellings accepted, the former names among them (`glossary`, `annotations`).
_ALIASES: dict[str, str] = {
    **{name: key for key, name in SECTION_NAMES.items()},
    **{label.lower().replace(" ", "-"): key for key, label in SECTION_LABELS.items()},
    "front-matter": "frontmatter",
    "yaml": "frontmatter",
    "key-points": "keypoints",
    "glossary": "glossary",
    "compare": "comparison",
    "cross-source-comparison": "comparison",
    "annotations": "annotations",
    "key-judgements": "judgements",
    "bottom-line": "judgements",
    "since": "changes",
    "since-last": "changes",
}

# What a briefing holds unless sections are named. "Since the last briefing" is
# asked for by name: it depends on the snapshots, so leaving it out by default
# keeps two exports of the same corpus byte-identical (SOURCE_DATE_EPOCH).
DEFAULT_SECTIONS: tuple[str, ...] = tuple(s for s in SECTIONS if s != "changes")

def section_name(key: str) -> str:
    """The name a user types for an internal section key (``glossary`` -> ``actors``)."""
    return SECTION_NAMES.get(key, key)


def _choices() -> str:
    return ", ".join(SECTION_NAMES[s] for s in SECTIONS)


DEFAULT_TITLE = "Briefing"
MAX_SUMMARY_CHARS = 600


def parse_sections(names: list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    """Section names (comma- or space-separated, aliases allowed) in document order."""
    if not names:
        return DEFAULT_SECTIONS
    wanted: set[str] = set()
    for chunk in names:
        for name in chunk.replace(",", " ").split():
            key = _ALIASES.get(name.lower().replace("_", "-"), name.lower())
            if key not in SECTIONS:
                raise UserError(f"unknown section {name!r} (choose from: {_choices()})")
            wanted.add(key)
    if not wanted:
        raise UserError(f"no sections given (choose from: {_choices()})")
    return tuple(s for s in SECTIONS if s in wanted)


def generation_time() -> datetime:
    """Now, or SOURCE_DATE_EPOCH when set (reproducible-builds.org convention), in UTC."""
    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if raw is None or raw.strip() == "":
        return datetime.now(timezone.utc).replace(microsecond=0)
    try:
        return datetime.fromtimestamp(int(raw.strip()), timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise UserError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, not {raw!r}") from None


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """Everything that decides the briefing's content besides the corpus itself.

    ``articles`` holds article ids in the order the briefing lists them (None:
    the whole corpus, in corpus order); ``method``/``count`` go to key-point
    extraction (None: its defaults); ``generated_at`` None means
    :func:`generation_time` at render time.
    """

    title: str = DEFAULT_TITLE
    summary: str = ""  # the analyst's one-line bottom line, under the title
    sections: tuple[str, ...] = DEFAULT_SECTIONS
    articles: tuple[str, ...] | None = None
    method: str | None = None
    count: int | None = None
    generated_at: datetime | None = None
    # The corpus filter in force, in words ("2024-01 to 2024-03; publisher Reuters"): a filtered
    # briefing says so, and its comparison says it compares only the sources shown.
    filter_note: str = ""
    # Long sections are cut to keep a 2,000-article briefing readable; the
    # document says so wherever it cuts.
    limits: dict[str, int] = field(
        default_factory=lambda: {
            "actors": 60,
            "corroborated": 25,
            "single_source": 15,
            "discrepancies": 20,
            "chronology": 40,
            "framing": 40,
        }
    )

    def __post_init__(self) -> None:
        if len(self.summary) > MAX_SUMMARY_CHARS:
            raise UserError(f"the summary is at most {MAX_SUMMARY_CHARS} characters (this one has {len(self.summary)})")
        if self.count is not None and self.count < 1:
            raise UserError(f"--count must be at least 1, not {self.count}")
        unknown = [s for s in self.sections if s not in SECTIONS]
        if unknown:
            raise UserError(f"unknown section {unknown[0]!r} (choose from: {_choices()})")

    def limit(self, name: str) -> int:
        return self.limits.get(name, 50)
