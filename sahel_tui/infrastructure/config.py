"""The user's settings: one small TOML file in the config folder, typed, env-overridable.

This module is the only reader and writer of ``config.toml``. A broken or
half-valid file never stops the program: every problem becomes one readable
line in ``LoadedConfig.problems`` (the app shows them as notifications) and
the affected setting keeps its default. Writes go through a temporary file and
``os.replace`` so a crash mid-write leaves the old file intact.

Environment variables ``SAHEL_BRIEF_<SETTING>`` (e.g. ``SAHEL_BRIEF_THEME``)
win over the file for the current run but are never written back, so a
one-off override does not become a permanent choice.
"""

from __future__ import annotations

import os
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sahel_tui.infrastructure import paths

CONFIG_NAME = "config.toml"
ENV_PREFIX = "SAHEL_BRIEF_"


@dataclass(frozen=True, slots=True)
class Config:
    """Settings the app remembers between runs."""

    theme: str | None = None  # None: pick by terminal (16-colour on TERM=linux/screen)
    ascii: bool = False  # ASCII-only borders and glyphs
    method: str | None = None  # key-point method; None: the analysis default
    count: int | None = None  # key points per article; None: the method picks 3-5
    show_removed: bool = False  # show the boilerplate cleaning removed, in place
    export_folder: str | None = None  # where the export dialog writes; None: Documents/sahel-brief


@dataclass(slots=True)
class LoadedConfig:
    config: Config
    problems: list[str] = field(default_factory=list)
    path: Path | None = None


_TYPES: dict[str, type] = {
    "theme": str, "ascii": bool, "method": str, "count": int, "show_removed": bool, "export_folder": str,
}  # fmt: skip
_MIN_COUNT, _MAX_COUNT = 1, 50


def config_path() -> Path:
    return paths.config_dir() / CONFIG_NAME


def _coerce(name: str, value: Any) -> Any:
    """Check one value from the file against its type; raise ValueError with a short reason."""
    want = _TYPES[name]
    if want is bool:
        if isinstance(value, bool):
            return value
        raise ValueError("expected true or false")
    if want is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError("expected a whole number")
        if not _MIN_COUNT <= value <= _MAX_COUNT:
            raise ValueError(f"expected {_MIN_COUNT} to {_MAX_COUNT}")
        return value
    if not isinstance(value, str) or not value.strip():
        raise ValueError("expected a non-empty string")
    return value.strip()


def _from_env(name: str, raw: str) -> Any:
    """Env values are strings; parse them into the setting's type."""
    want = _TYPES[name]
    if want is bool:
        low = raw.strip().lower()
        if low in ("1", "true", "yes", "on"):
            return True
        if low in ("0", "false", "no", "off", ""):
            return False
        raise ValueError("expected 1/0, true/false, yes/no or on/off")
    if want is int:
        try:
            return _coerce(name, int(raw.strip()))
        except ValueError as exc:
            raise ValueError(str(exc) if "expected" in str(exc) else "expected a whole number") from None
    return _coerce(name, raw)


def _read_file(path: Path, problems: list[str]) -> dict[str, Any]:
    """The valid settings found in the file; every invalid one is reported and dropped."""
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        return {}
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        problems.append(f"config file {path} is unreadable ({exc}); using defaults")
        return {}
    except RecursionError:  # tomllib recurses once per nested array or table
        problems.append(f"config file {path} is nested too deeply to read; using defaults")
        return {}
    values: dict[str, Any] = {}
    for name, value in data.items():
        if name not in _TYPES:
            problems.append(f"config file {path}: unknown setting {name!r} ignored")
            continue
        try:
            values[name] = _coerce(name, value)
        except ValueError as exc:
            problems.append(f"config file {path}: {name}: {exc}; using the default")
    return values


def load_config(path: Path | None = None, environ: dict[str, str] | None = None) -> LoadedConfig:
    """Defaults, then the file, then the environment."""
    path = path or config_path()
    env = os.environ if environ is None else environ
    problems: list[str] = []
    values = _read_file(path, problems)
    for name in _TYPES:
        raw = env.get(ENV_PREFIX + name.upper())
        if raw is None:
            continue
        try:
            values[name] = _from_env(name, raw)
        except ValueError as exc:
            problems.append(f"{ENV_PREFIX}{name.upper()}={raw!r}: {exc}; ignored")
    return LoadedConfig(Config(**values), problems, path)


def save_settings(changes: dict[str, Any], path: Path | None = None) -> Path:
    """Write ``changes`` over what the file already holds (not over env overrides).

    The file is edited, not regenerated: tomlkit (a well-kept round-trip TOML
    library, where tomllib only reads) keeps the user's comments, layout and
    any keys this version does not know. A file that does not parse is copied
    aside as ``config.toml.broken-<UTC time>`` before a fresh one is written, so
    a hand edit with a typo is never lost. The old file's mode is kept.

    Raises OSError when the folder cannot be written; callers decide how loud to be.
    """
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    path = path or config_path()
    for name, value in changes.items():
        if name not in _TYPES:
            raise KeyError(name)
        if value is not None:
            _coerce(name, value)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        old_text: str | None = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        old_text = None
    except (OSError, UnicodeDecodeError):
        old_text = None if not path.exists() else path.read_bytes().decode("utf-8", "replace")
    doc: Any = None
    if old_text is not None:
        try:
            doc = tomlkit.parse(old_text)
            tomllib.loads(old_text)  # what load_config reads must agree that the file is valid
        except (TOMLKitError, tomllib.TOMLDecodeError, RecursionError, ValueError):
            doc = None
            _keep_broken(path)
    if doc is None:
        doc = tomlkit.document()
        doc.add(tomlkit.comment("sahel-brief settings; written by the app, safe to edit by hand."))
    for name, value in changes.items():
        if value is None:
            if name in doc:
                del doc[name]
        else:
            doc[name] = value
    _write_atomic(path, tomlkit.dumps(doc))
    return path


def _keep_broken(path: Path) -> Path:
    """Copy an unparsable config aside (never overwritten: a numbered name if taken)."""
    import shutil

    target = paths.aside_name(path, "broken")
    shutil.copy2(path, target)
    return target


def _write_atomic(path: Path, text: str) -> None:
    from sahel_tui.infrastructure.tempfiles import sweep

    sweep(path.parent, ".config-*.toml")  # left by a save that was killed
    try:
        mode: int | None = path.stat().st_mode & 0o7777
    except OSError:
        mode = None
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".config-", suffix=".toml")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
