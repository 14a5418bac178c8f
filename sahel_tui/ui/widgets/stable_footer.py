"""The footer, rebuilt only when the keys it shows change.

Textual's Footer remounts every key on each bindings change; a view switch or
a focus change sends one even when the keys are the same, and remounting
them restyles the whole footer key by key (~0.1-0.3 s per switch at 2,000
articles, most of the comparison view's switch time). Only public API:
``bindings_changed`` is the footer's documented hook, and whether the keys
are ready is tracked here rather than read from Textual.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

# What the footer shows: each key as drawn, plus the footer's own switches.
Signature = tuple[tuple[tuple[Any, ...], ...], bool, bool]


class StableFooter(Footer):
    """A Footer that skips rebuilding when nothing it shows changed."""

    keys_known = False  # True once the screen has announced its bindings
    shown_signature: Signature | None = None

    def keys_signature(self) -> Signature:
        keys = tuple(
            (b.key, b.action, b.description, b.key_display, b.group, b.show, enabled, tooltip)
            for (_, b, enabled, tooltip) in self.screen.active_bindings.values()
        )
        return keys, self.show_command_palette, self.compact

    def compose(self) -> ComposeResult:
        if self.keys_known:
            self.shown_signature = self.keys_signature()
        yield from super().compose()

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if self.keys_known and self.is_attached and screen is self.screen and self.shown_signature == self.keys_signature():
            return
        self.keys_known = True
        super().bindings_changed(screen)
