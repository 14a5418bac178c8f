"""What a Textual app shows and says, read through public API only (no compositor, no private lists)."""

from __future__ import annotations

from typing import Any, Iterator

from rich.segment import Segment
from textual.app import App
from textual.geometry import Region
from textual.widget import Widget


def widget_lines(widget: Widget) -> list[list[Segment]]:
    """One widget's rendered lines, border included."""
    width, height = widget.outer_size
    return [list(strip) for strip in widget.render_lines(Region(0, 0, width, height))]


def visible_lines(app: App[Any]) -> Iterator[list[Segment]]:
    """Each visible widget's rendered lines, widget by widget (not laid out as on screen)."""
    for widget in app.screen.query("*"):
        if widget.display and widget.region:
            yield from widget_lines(widget)


def line_text(line: list[Segment]) -> str:
    return "".join(segment.text for segment in line)


def screen_text(app: App[Any]) -> str:
    """Every visible widget's text, one rendered line per line."""
    return "\n".join(line_text(line) for line in visible_lines(app))


def record_notifications(app: App[Any]) -> list[str]:
    """Call before ``run_test``: the returned list fills with every notification's message."""
    shown: list[str] = []
    notify = app.notify

    def recording(message: str, **options: Any) -> None:
        shown.append(message)
        notify(message, **options)

    app.notify = recording  # type: ignore[method-assign]
    return shown
