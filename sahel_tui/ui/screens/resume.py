"""Cheap returns to a view: no restyle of every widget when nothing in the CSS changed.

Textual restyles every node of a screen each time the screen becomes current
again (``ScreenResume.refresh_styles``), in case the CSS changed meanwhile.
For the reader that was the largest cost of pressing ``1`` after the
comparison (about half of the switch, measured with cProfile). Whenever the
CSS does change (a theme switch), Textual counts it in ``_css_update_count``
and restyles the screen through ``refresh_css`` as the screen comes back;
focus and hover changes restyle their own widgets. So the blanket restyle is
skipped only when the screen was styled against the current count, and on
the first return after the screen mounted (every widget was styled as it
mounted; at start-up that restyle cost 5-10 ms before the first frame).
"""

from __future__ import annotations

from typing import Any

from textual import events


class QuickResume:
    """Mixin for a Screen subclass (put it before Screen in the bases)."""

    _resumed_before = False

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        screen: Any = self
        fresh = not self._resumed_before
        self._resumed_before = True
        if fresh or getattr(screen, "_css_update_count", None) == getattr(screen.app, "_css_update_count", object()):
            event.refresh_styles = False
        super()._on_screen_resume(event)  # type: ignore[misc]
