"""The footer's order, one rule for every view: most useful keys first.

Textual lists the focused widget's keys first; at 80 columns that filled the
footer with arrow keys and pushed the annotation keys out of sight. Here the
order is: help and quit, then the view's own keys in the order its BINDINGS
declare them (so each screen ranks its keys where it declares them), then
the focused pane's, then the app's (view switches and export before the
theme, which is one key among many on the help screen anyway).
"""

from __future__ import annotations

from textual import events
from textual.binding import ActiveBinding
from textual.screen import Screen
from textual.widgets import Footer

# Shown first, so they stay visible however narrow the terminal.
FOOTER_FIRST: tuple[str, ...] = ("app.help", "app.quit")
# App keys that a narrow footer can do without; they go last.
FOOTER_LAST: tuple[str, ...] = ("app.theme",)
# Below this width the footer leaves out "^p palette": the help screen names ctrl+p,
# and at 80 columns the footer has better uses for those eleven cells.
PALETTE_WIDTH = 110


def footer_order(screen: Screen[None], bindings: dict[str, ActiveBinding]) -> dict[str, ActiveBinding]:
    """``bindings`` (a screen's active bindings) in footer order; sorting is stable, declarations decide ties."""

    def rank(item: tuple[str, ActiveBinding]) -> tuple[int, int]:
        active = item[1]
        binding_id = active.binding.id or ""
        if binding_id in FOOTER_FIRST:
            return (0, FOOTER_FIRST.index(binding_id))
        if active.node is screen:
            return (1, 0)
        if active.node is screen.app:
            return (3, 1 if binding_id in FOOTER_LAST else 0)
        return (2, 0)

    return dict(sorted(bindings.items(), key=rank))


class FooterOrderedScreen(Screen[None]):
    """A view whose footer follows :func:`footer_order`."""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return footer_order(self, super().active_bindings)

    def on_mount(self) -> None:
        self.fit_footer(self.app.size.width)

    def on_resize(self, event: events.Resize) -> None:
        self.fit_footer(event.size.width)

    def fit_footer(self, width: int) -> None:
        """Show the palette key only where the footer has room to spare."""
        for footer in self.query(Footer):
            footer.show_command_palette = width >= PALETTE_WIDTH
