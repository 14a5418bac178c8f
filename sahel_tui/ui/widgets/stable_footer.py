"""The footer, rebuilt only when the keys it shows change.

Textual's Footer remounts every key on each bindings change; a view switch or
a focus change sends one even when the keys are the same, and remounting
them restyles the whole footer key by key (~0.1-0.3 s per switch at 2,000
articles, most of the comparison view's switch time).
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer


class StableFooter(Footer):
    """A Footer that skips rebuilding when nothing it shows changed."""

    _shown: Any = None

    def _signature(self) -> Any:
        keys = tuple(
            (b.key, b.action, b.description, b.key_display, b.group, b.show, enabled, tooltip)
            for (_, b, enabled, tooltip) in self.screen.active_bindings.values()
        )
        return keys, self.show_command_palette, self.compact

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            self._shown = self._signature()
        yield from super().compose()

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if self._bindings_ready and self.is_attached and screen is self.screen and self._shown == self._signature():
            return
        super().bindings_changed(screen)
