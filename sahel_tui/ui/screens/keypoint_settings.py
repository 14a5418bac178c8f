"""A small dialog to pick the key-point method and count."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option


@dataclass(frozen=True, slots=True)
class KeyPointChoice:
    method: str
    count: int | None  # None: the method's own default length


class KeyPointSettings(ModalScreen["KeyPointChoice | None"]):
    """Enter on a method (or in the count box) applies; Escape leaves things as they were."""

    DEFAULT_CSS = """
    KeyPointSettings {
        align: center middle;
    }
    #settings-dialog {
        width: 80%;
        max-width: 90;
        height: auto;
        max-height: 90%;
        border: round $border;
        background: $surface;
        padding: 0 1;
    }
    #settings-methods {
        height: auto;
        max-height: 12;
    }
    #settings-error {
        color: $error;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="settings.cancel"),
        Binding("tab", "app.focus_next", "Next field", id="settings.next_field"),
    ]

    def __init__(self, methods: tuple[str, ...], help: dict[str, str], method: str, count: int | None) -> None:
        super().__init__()
        self.methods = methods
        self.help = help
        self.method = method
        self.count = count

    def compose(self) -> ComposeResult:
        with Vertical(id="settings-dialog"):
            yield Label("Method (Enter applies)")
            options = []
            for name in self.methods:
                prompt = Text(name, style="bold")
                if self.help.get(name):
                    prompt.append(f"  {self.help[name]}", style="dim")
                options.append(Option(prompt, id=name))
            yield OptionList(*options, id="settings-methods", markup=False)
            yield Label("Count (blank: automatic, 3-5)")
            yield Input("" if self.count is None else str(self.count), type="integer", id="settings-count")
            yield Label("", id="settings-error")

    def on_mount(self) -> None:
        self.query_one("#settings-dialog").border_title = "Key points"
        methods = self.query_one("#settings-methods", OptionList)
        if self.method in self.methods:
            methods.highlighted = self.methods.index(self.method)
        methods.focus()

    def _apply(self) -> None:
        methods = self.query_one("#settings-methods", OptionList)
        index = methods.highlighted if methods.highlighted is not None else 0
        raw = self.query_one("#settings-count", Input).value.strip()
        count: int | None = None
        if raw:
            try:
                count = int(raw)
            except ValueError:
                count = -1
            if not 1 <= count <= 50:
                self.query_one("#settings-error", Label).update(Text("Count must be 1 to 50, or blank."))
                self.query_one("#settings-count", Input).focus()
                return
        self.dismiss(KeyPointChoice(self.methods[index], count))

    @on(OptionList.OptionSelected, "#settings-methods")
    def _method_chosen(self) -> None:
        self._apply()

    @on(Input.Submitted, "#settings-count")
    def _count_submitted(self) -> None:
        self._apply()
