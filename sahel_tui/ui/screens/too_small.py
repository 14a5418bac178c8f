"""Shown instead of the layout while the terminal is smaller than the app can draw."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Static

MIN_WIDTH = 60
MIN_HEIGHT = 15


def too_small(width: int, height: int) -> bool:
    return width < MIN_WIDTH or height < MIN_HEIGHT


class TooSmallScreen(Screen[None]):
    """Says how big the terminal is and how big it must be; goes away on its own."""

    DEFAULT_CSS = """
    TooSmallScreen {
        align: center middle;
    }
    TooSmallScreen > Static {
        width: auto;
        max-width: 100%;
        height: auto;
        padding: 0 1;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "app.quit", "Quit", id="too_small.quit"),
    ]

    def compose(self) -> ComposeResult:
        yield Static(markup=False)

    def on_mount(self) -> None:
        self._describe(self.app.size.width, self.app.size.height)

    def on_resize(self, event: events.Resize) -> None:
        self._describe(event.size.width, event.size.height)

    def _describe(self, width: int, height: int) -> None:
        message = (
            f"Terminal too small: {width}x{height}.\n"
            f"sahel-brief needs at least {MIN_WIDTH}x{MIN_HEIGHT}.\n"
            "Enlarge the window, or press q to quit."
        )
        self.query_one(Static).update(Text(message))
