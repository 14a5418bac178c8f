"""The help screen: every key of every pane, read from the bindings themselves.

The tables are built from the classes' BINDINGS, so a new binding shows up
here without anyone remembering to document it.
"""

from __future__ import annotations

from typing import ClassVar, Iterable

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

# Keys Textual provides itself, which no BINDINGS list of ours names.
BUILT_IN_KEYS: list[tuple[str, str]] = [
    ("tab / shift+tab", "move between panes"),
    ("ctrl+p", "command palette: key-point method and count, theme, every action"),
    ("escape", "close a dialog or this screen"),
]


def binding_rows(bindings: Iterable[BindingType], key_display) -> list[tuple[str, str]]:
    """(keys, description) per action; several keys for one action share a row."""
    rows: dict[tuple[str, str], list[str]] = {}
    for binding in Binding.make_bindings(bindings):
        label = binding.tooltip or binding.description or binding.action
        rows.setdefault((binding.action, label), []).append(key_display(binding))
    return [(" / ".join(dict.fromkeys(keys)), label) for (_, label), keys in rows.items()]


class HelpScreen(ModalScreen[None]):
    """Lists every key, pane by pane."""

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }
    #help-dialog {
        width: 90%;
        max-width: 100;
        height: 90%;
        border: round $border;
        background: $surface;
        padding: 0 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close help", id="help.close", key_display="Esc"),
    ]

    def __init__(self, sections: list[tuple[str, list[BindingType]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-dialog"):
            yield Static(self._table(), id="help-table")

    def on_mount(self) -> None:
        dialog = self.query_one("#help-dialog")
        dialog.border_title = "Keys"
        dialog.border_subtitle = "Esc closes"
        dialog.focus()

    def _table(self) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(no_wrap=True, style="bold")
        table.add_column()
        for title, bindings in self.sections:
            table.add_row(Text(title, style="bold underline"), "")
            for keys, label in binding_rows(bindings, self.app.get_key_display):
                table.add_row(Text(keys), Text(label))
            table.add_row("", "")
        table.add_row(Text("Everywhere", style="bold underline"), "")
        for keys, label in BUILT_IN_KEYS:
            table.add_row(Text(keys), Text(label))
        return table
