"""Themes are TOML files: the bundled ones in ``themes/``, the user's in ``<config>/themes/``.

A file holds the fields of :class:`textual.theme.Theme` (``name`` and ``primary``
are required) and an optional ``[variables]`` table. Every colour is checked
here, before registration, because a bad value found later, while Textual
re-parses the CSS, would take the whole app down. A bad file is skipped and
reported; a user file with the same name as a bundled one replaces it.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from textual.color import Color, ColorParseError
from textual.theme import Theme

from sahel_tui.infrastructure import paths

DEFAULT_THEME = "sahel-dark"
SIXTEEN_COLOUR_THEME = "sahel-16"

_COLOUR_FIELDS = ("primary", "secondary", "warning", "error", "success", "accent", "foreground", "background", "surface", "panel", "boost")
_OTHER_FIELDS = {"name": str, "dark": bool, "luminosity_spread": float, "text_alpha": float, "ansi": bool}
_TEXT_STYLES = {"bold", "italic", "underline", "reverse", "strike", "dim", "none", "not"}


@dataclass(slots=True)
class ThemeSet:
    themes: list[Theme] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _check_colour(value: object, where: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{where}: expected a colour string")
    text = value.strip()
    # Textual accepts "<colour> <alpha>%" in variables; check the colour part.
    colour, _, alpha = text.partition(" ")
    if alpha and not (alpha.endswith("%") and alpha[:-1].replace(".", "", 1).isdigit()):
        raise ValueError(f"{where}: {value!r} is not a colour")
    try:
        Color.parse(colour)
    except ColorParseError:
        raise ValueError(f"{where}: {value!r} is not a colour") from None
    return text


def _check_variable(name: str, value: object) -> str:
    if not isinstance(value, str):
        raise ValueError(f"variables.{name}: expected a string")
    words = value.split()
    if words and all(w in _TEXT_STYLES for w in words):
        return value  # a text-style variable such as block-cursor-text-style
    return _check_colour(value, f"variables.{name}")


def theme_from_mapping(data: dict[str, object], source: str) -> Theme:
    """Build a Theme from parsed TOML; raises ValueError naming the bad key."""
    kwargs: dict[str, object] = {}
    for key, value in data.items():
        if key in _COLOUR_FIELDS:
            kwargs[key] = _check_colour(value, key)
        elif key in _OTHER_FIELDS:
            want = _OTHER_FIELDS[key]
            if want is float and isinstance(value, int) and not isinstance(value, bool):
                value = float(value)
            if not isinstance(value, want) or (want is not bool and isinstance(value, bool)):
                raise ValueError(f"{key}: expected {want.__name__}")
            kwargs[key] = value
        elif key == "variables":
            if not isinstance(value, dict):
                raise ValueError("variables: expected a table")
            kwargs["variables"] = {str(k): _check_variable(str(k), v) for k, v in value.items()}
        else:
            raise ValueError(f"unknown key {key!r}")
    name = kwargs.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ValueError("missing name")
    if "primary" not in kwargs:
        raise ValueError("missing primary colour")
    if kwargs.get("ansi"):
        # Textual's own CSS uses these in ANSI mode; a theme that omits them would
        # crash the app when applied, so give them the terminal's plain colours.
        variables = dict(kwargs.get("variables") or {})  # type: ignore[call-overload]
        variables.setdefault("ansi-background", "ansi_default")
        variables.setdefault("ansi-foreground", "ansi_default")
        kwargs["variables"] = variables
    return Theme(**kwargs)  # type: ignore[arg-type]


def load_theme_file(path: Path) -> Theme:
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ValueError(str(exc)) from None
    return theme_from_mapping(data, str(path))


def theme_folders() -> list[Path]:
    """Bundled first, then the user's, so a user file wins on a shared name."""
    return [paths.themes_dir(), paths.config_dir() / "themes"]


def load_themes(folders: list[Path] | None = None) -> ThemeSet:
    found = ThemeSet()
    by_name: dict[str, Theme] = {}
    for folder in folders if folders is not None else theme_folders():
        try:
            files = sorted(folder.glob("*.toml"))
        except OSError:
            continue
        for path in files:
            try:
                theme = load_theme_file(path)
            except Exception as exc:  # noqa: BLE001 - any bad file is reported, never fatal
                found.problems.append(f"theme file {path.name} skipped: {exc}")
                continue
            by_name[theme.name] = theme
    found.themes = list(by_name.values())
    return found


def terminal_default_theme(environ: dict[str, str] | None = None) -> str:
    """The theme to use when none is configured: 16 colours on consoles that have only those."""
    env = os.environ if environ is None else environ
    term = env.get("TERM", "")
    if term == "linux" or (term.startswith("screen") and "256" not in term and not env.get("COLORTERM")):
        return SIXTEEN_COLOUR_THEME
    return DEFAULT_THEME
