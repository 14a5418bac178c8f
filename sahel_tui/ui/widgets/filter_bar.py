"""The sources pane's filter bar: ``since:2024-01 publisher:Reuters grade:A,B format:html tag:mali``.

Each change that parses is applied at once (the count shows beside it); one
that does not says why and changes nothing. Enter goes back to the list,
Escape hides the bar (the filter stays; an empty bar shows everything).
"""

from __future__ import annotations

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
    class Changed(Message):
        """The analyst typed a filter that parses."""

        filter: CorpusFilter
        text: str

    @dataclass
    class Closed(Message):
        hide: bool = True

    def __init__(self, text: str = "") -> None:
        super().__init__(id="filter-bar")
        self._text = text

    def compose(self) -> ComposeResult:
        yield FilterInput(self._text, placeholder=FILTER_HELP, id="filter-input", compact=True)
        yield Static("", id="filter-status", markup=False)

    def show_status(self, message: str, error: bool = False) -> None:
        status = self.query_one("#filter-status", Static)
        status.update(Text(message))
        status.set_class(error, "-error")

    @on(Input.Changed, "#filter-input")
    def _changed(self, event: Input.Changed) -> None:
        from sahel_tui.errors import UserError

        event.stop()
        try:
            flt = parse_filter_text(event.value)
        except UserError as exc:
            self.show_status(str(exc), error=True)
            return
        self.post_message(self.Changed(flt, event.value))

    @on(Input.Submitted, "#filter-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
