"""The app's one door to ``sahel_tui.analysis.keypoints``.

Importing that module is cheap (it defers sumy and numpy to the first
computation), but the app must still open if it is missing or broken, so every
access goes through here and a failure becomes a sentence in the key-points pane.
"""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sahel_tui.analysis.keypoints import KeyPoint
    from sahel_tui.corpus.model import Article
    from sahel_tui.infrastructure.cache import Cache

_module: ModuleType | None = None
_error: str | None = None


def _load() -> ModuleType | None:
    global _module, _error
    if _module is None and _error is None:
        try:
            from sahel_tui.analysis import keypoints
        except Exception as exc:  # noqa: BLE001 - any import failure must leave the reader usable
            _error = f"Key points are unavailable: {exc}"
        else:
            _module = keypoints
    return _module


def available() -> bool:
    return _load() is not None


def unavailable_reason() -> str:
    _load()
    return _error or ""


def methods() -> tuple[str, ...]:
    module = _load()
    return tuple(module.METHODS) if module else ()


def default_method() -> str:
    module = _load()
    return module.DEFAULT_METHOD if module else ""


def method_help() -> dict[str, str]:
    module = _load()
    return dict(getattr(module, "METHOD_HELP", {})) if module else {}


def compute(article: Article, method: str, count: int | None, cache: Cache | None) -> list[KeyPoint]:
    """Runs in a worker thread: this is where sumy and numpy get imported."""
    module = _load()
    if module is None:
        raise RuntimeError(unavailable_reason())
    return module.key_points(article, method, count=count, cache=cache)


def cap_notice(article: Article, method: str) -> str | None:
    """The one-line notice when ``method`` rated only part of ``article`` (sumy's cap), else None."""
    module = _load()
    notice = getattr(module, "sumy_cap_notice", None) if module else None
    return notice(article, method) if notice is not None else None
