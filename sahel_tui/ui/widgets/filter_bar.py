"""The sources pane's filter bar: ``since:2024-01 publisher:Reuters grade:A,B format:html tag:mali``.

Each change that parses is applied at once (the count shows beside it); one
that does not says why and changes nothing. Enter goes back to the list,
Escape hides the bar (the filter stays; an empty bar shows everything).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static

from sahel_tui.corpus.filters import FILTER_HELP, CorpusFilter, parse_filter_text


class FilterInput(Input):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Hide", id="filter.hide", tooltip="Hide the filter bar (the filter stays)"),
        Binding("enter", "done", "List", id="filter.done", tooltip="Back to the sources list"),
    ]

    def watch_value(self, value: str) -> None:
        # The filter is applied here, inside the key's own handling, not from
        # Input.Changed: a message is handled after the frame that echoes the
        # key, and the filtered list then waits for Textual's next frame, 17 to
        # 33 ms later. Applied here, the echo and the list share one frame.
        bar = self.parent
        if isinstance(bar, FilterBar):
            bar.text_changed(value)

    def action_close(self) -> None:
        self.post_message(FilterBar.Closed())

    def action_done(self) -> None:
        self.post_message(FilterBar.Closed(hide=False))


class FilterBar(Vertical):
    DEFAULT_CSS = """
    FilterBar {
        dock: top;
        height: auto;
        padding: 0 1;
        background: $surface;
    }
    FilterBar > #filter-input {
        height: 1;
    }
    FilterBar > #filter-status {
        height: 1;
        color: $text-muted;
    }
    FilterBar > #filter-status.-error {
        color: $error;
    }
    """

    @dataclass
    class Closed(Message):
        hide: bool = True

    def __init__(self, text: str = "", on_change: Callable[[CorpusFilter, str], None] | None = None) -> None:
        """``on_change`` is called with each filter typed that parses (and its text)."""
        super().__init__(id="filter-bar")
        self._text = text
        self._applied = text
        self._on_change = on_change

    def compose(self) -> ComposeResult:
        yield FilterInput(self._text, placeholder=FILTER_HELP, id="filter-input", compact=True)
        yield Static("", id="filter-status", markup=False)

    def show_status(self, message: str, error: bool = False) -> None:
        status = self.query_one("#filter-status", Static)
        # One line high and as wide as the bar (its CSS): no layout pass is needed.
        status.update(Text(message), layout=False)
        status.set_class(error, "-error")

    def text_changed(self, value: str) -> None:
        """The analyst edited the filter: apply it if it parses, else say why."""
        from sahel_tui.errors import UserError

        if value == self._applied:
            return
        try:
            flt = parse_filter_text(value)
        except UserError as exc:
            self.show_status(str(exc), error=True)
            return
        self._applied = value
        if self._on_change is not None:
            self._on_change(flt, value)

    @on(Input.Submitted, "#filter-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
