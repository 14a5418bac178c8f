"""Analysts' decisions about actors: rename, merge, split, describe, retype.

Saved data with one owner: this module reads and writes
``<config_dir>/actor-edits.json``. The decisions are a log, replayed in order
on every analysis (analysis/actors/decisions.py), so they survive re-analysis
and a new detection version. They name actors by name or alias, not by
position, and apply to any corpus where those actors occur.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

from sahel_tui.errors import UserError
from sahel_tui.infrastructure import paths

OPS = ("rename", "merge", "split", "describe", "type")
FILE_NAME = "actor-edits.json"
FORMAT = 1


@dataclass(frozen=True, slots=True)
class Edit:
    op: str  # one of OPS
    actor: str  # the actor it applies to: id, name or alias
    value: str  # new name, actor to merge in, alias to split off, description, or type
    at: str = ""  # ISO timestamp, for the analyst's own record

    def describe(self) -> str:
        verbs = {
            "rename": f"rename {self.actor!r} to {self.value!r}",
            "merge": f"merge {self.value!r} into {self.actor!r}",
            "split": f"split {self.value!r} off {self.actor!r}",
            "describe": f"describe {self.actor!r}: {self.value}",
            "type": f"set type of {self.actor!r} to {self.value}",
        }
        return verbs[self.op]


def edits_path() -> Path:
    return paths.config_dir() / FILE_NAME


def load_edits(path: Path | None = None) -> list[Edit]:
    path = path or edits_path()
    try:
        raw = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError) as exc:
        raise UserError(f"cannot read actor edits {path}: {exc}") from None
    items = raw.get("edits", []) if isinstance(raw, dict) else []
    edits = []
    for item in items:
        if isinstance(item, dict) and item.get("op") in OPS and isinstance(item.get("actor"), str):
            edits.append(Edit(item["op"], item["actor"], str(item.get("value", "")), str(item.get("at", ""))))
    return edits


def save_edits(edits: list[Edit], path: Path | None = None) -> None:
    path = path or edits_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"format": FORMAT, "edits": [asdict(e) for e in edits]}, fh, ensure_ascii=False, indent=2)
        os.replace(tmp, path)  # atomic: a crash leaves the old file or the new one
    except OSError as exc:
        raise UserError(f"cannot save actor edits to {path}: {exc}") from None


def add_edit(op: str, actor: str, value: str, path: Path | None = None) -> Edit:
    if op not in OPS:
        raise UserError(f"unknown actor edit {op!r}")
    edit = Edit(op, actor, value, datetime.now(timezone.utc).isoformat(timespec="seconds"))
    edits = load_edits(path)
    edits.append(edit)
    save_edits(edits, path)
    return edit


def remove_edit(number: int, path: Path | None = None) -> Edit:
    """Forget the edit with 1-based ``number`` (as `actors edits` lists them)."""
    edits = load_edits(path)
    if not 1 <= number <= len(edits):
        raise UserError(f"no actor edit #{number} (there are {len(edits)})")
    edit = edits.pop(number - 1)
    save_edits(edits, path)
    return edit
