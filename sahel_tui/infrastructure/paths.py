"""Every folder the program writes to, one small function each.

platformdirs already honours XDG_CONFIG_HOME, XDG_DATA_HOME and XDG_CACHE_HOME;
the SAHEL_BRIEF_* variables win over both, so tests and scripts can point the
program at a scratch folder without touching the real home folder.
"""

from __future__ import annotations

import os
from pathlib import Path

APP = "sahel-brief"


def _dir(env: str, kind: str) -> Path:
    override = os.environ.get(env)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(getattr(platformdirs, f"user_{kind}_dir")(APP, appauthor=False))


def config_dir() -> Path:
    return _dir("SAHEL_BRIEF_CONFIG_DIR", "config")


def data_dir() -> Path:
    return _dir("SAHEL_BRIEF_DATA_DIR", "data")


def cache_dir() -> Path:
    return _dir("SAHEL_BRIEF_CACHE_DIR", "cache")


def package_dir() -> Path:
    return Path(__file__).resolve().parent.parent


def _bundled(name: str) -> Path:
    """A folder that ships inside the wheel, or beside the package in a checkout.

    The wheel maps the top-level ``seeds/`` and ``themes/`` into the package; an
    editable install or a plain checkout still has them at the repository root.
    """
    inside = package_dir() / name
    if inside.is_dir():
        return inside
    return package_dir().parent / name


def seeds_dir() -> Path:
    return _bundled("seeds")


def themes_dir() -> Path:
    return _bundled("themes")


def all_paths() -> dict[str, str]:
    return {
        "config": str(config_dir()),
        "data": str(data_dir()),
        "cache": str(cache_dir()),
        "seeds": str(seeds_dir()),
        "themes": str(themes_dir()),
    }


def export_dir(configured: str | None = None) -> Path:
    """Where the app's export dialog proposes to write: the ``export_folder`` setting, else
    ``<Documents>/sahel-brief`` (platformdirs' documents folder), never the current folder,
    which under ``make run`` is the checkout. ``SAHEL_BRIEF_EXPORT_DIR`` wins, like the other folders."""
    override = os.environ.get("SAHEL_BRIEF_EXPORT_DIR")
    if override:
        return Path(override).expanduser()
    if configured:
        return Path(configured).expanduser()
    import platformdirs

    return Path(platformdirs.user_documents_dir()) / APP


def aside_name(path: Path, label: str) -> Path:
    """A free name beside ``path`` for keeping a damaged file: ``NAME.LABEL-UTCSTAMP[-N]``.

    Shared by the database recovery and the config backup so a kept file is never
    overwritten by a second one from the same second.
    """
    from datetime import datetime, timezone

    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.{label}-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.{label}-{stamp}-{n}")
    return target
