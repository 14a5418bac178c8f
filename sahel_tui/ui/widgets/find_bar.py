"""The in-article find bar opened with `/`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input


class FindBar(Input):
    """Search-as-you-type within the article; Enter keeps the matches, Escape clears them."""

    DEFAULT_CSS = """
    FindBar {
        display: none;
        dock: bottom;
        height: 3;
        border: round $border;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Close find", id="find.cancel"),
    ]

    @dataclass
    class QueryChanged(Message):
        """The phrase changed (sent on every keystroke)."""

        bar: FindBar
        query: str

        @property
        def control(self) -> FindBar:
            return self.bar

    @dataclass
    class Done(Message):
        """The bar closed: ``keep`` is False when the matches should go too."""

        bar: FindBar
        query: str
        keep: bool

        @property
        def control(self) -> FindBar:
            return self.bar

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder="Find in article (Enter: keep, n/N: next/previous, Esc: close)", id=id)

    def _on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.QueryChanged(self, event.value))

    def _on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Done(self, event.value, keep=True))

    def action_cancel(self) -> None:
        self.post_message(self.Done(self, self.value, keep=False))
