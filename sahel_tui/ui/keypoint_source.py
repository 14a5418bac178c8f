"""The app's door to ``sahel_tui.analysis.keypoints``: imported on first use, never at start-up.

Importing that module is cheap (it defers sumy and numpy to the first
computation), but the first frame need not wait even for that. A failure while
computing is the caller's to show (the key-points pane says it in words).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sahel_tui.analysis.keypoints import KeyPoint
    from sahel_tui.corpus.model import Article
    from sahel_tui.infrastructure.cache import Cache


def methods() -> tuple[str, ...]:
    from sahel_tui.analysis.keypoints import METHODS

    return tuple(METHODS)


def default_method() -> str:
    from sahel_tui.analysis.keypoints import DEFAULT_METHOD

    return DEFAULT_METHOD


def method_help() -> dict[str, str]:
    from sahel_tui.analysis.keypoints import METHOD_HELP

    return dict(METHOD_HELP)


def compute(article: Article, method: str, count: int | None, cache: Cache | None) -> list[KeyPoint]:
    """Runs in a worker thread: this is where sumy and numpy get imported."""
    from sahel_tui.analysis.keypoints import key_points

    return key_points(article, method, count=count, cache=cache)


def cap_notice(article: Article, method: str) -> str | None:
    """The one-line notice when ``method`` rated only part of ``article`` (sumy's cap), else None."""
    from sahel_tui.analysis.keypoints import sumy_cap_notice

    return sumy_cap_notice(article, method)
