"""Small dialogs for an analyst's decisions about an actor: rename, retype, describe, merge, split.

The decisions are saved by :mod:`sahel_tui.store.actor_edits` as a log that
every later analysis replays, so they survive re-analysis. The dialogs only
collect them; the glossary saves them in a worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from sahel_tui.ui.widgets.glossary_table import TYPE_LABELS

DIALOG_CSS = """
{name} {{
    align: center middle;
}}
{name} > .pane-dialog {{
    width: 90%;
    max-width: 80;
    height: auto;
    max-height: 90%;
    border: round $border;
    background: $surface;
    padding: 0 1;
}}
{name} Label {{
    color: $text-muted;
}}
SahelApp.-ascii {name} > .pane-dialog {{
    border: ascii $border;
}}
"""

if TYPE_CHECKING:
    from sahel_tui.analysis.actors import Actor


@dataclass(frozen=True, slots=True)
class ActorChange:
    """What the analyst changed; an op per field that differs from the actor's."""

    actor_id: str
    name: str | None = None
    type: str | None = None
    description: str | None = None  # "" clears an analyst's description
    merge: str | None = None  # the id of an actor to fold into this one
    split: str | None = None  # a surface form whose mentions become their own actor

    def edits(self) -> list[tuple[str, str]]:
        """(op, value) pairs for ``store.actor_edits.add_edit``, in a safe order.

        Everything else first: each names the actor by its current id, which
        a rename changes.
        """
        out: list[tuple[str, str]] = []
        if self.type is not None:
            out.append(("type", self.type))
        if self.description is not None:
            out.append(("describe", self.description))
        if self.merge is not None:
            out.append(("merge", self.merge))
        if self.split is not None:
            out.append(("split", self.split))
        if self.name is not None:
            out.append(("rename", self.name))
        return out


class ActorEditDialog(ModalScreen["ActorChange | None"]):
    """Name, type and description of one actor; Enter saves, Esc cancels."""

    SCOPED_CSS = False
    DEFAULT_CSS = DIALOG_CSS.format(name="ActorEditDialog") + """
    ActorEditDialog #actor-edit-error {
        color: $error;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="actor_edit.cancel"),
        Binding("ctrl+s", "save", "Save", id="actor_edit.save"),
    ]

    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor

    def compose(self) -> ComposeResult:
        actor = self.actor
        with Vertical(id="actor-edit-dialog", classes="pane-dialog"):
            yield Label("Name")
            yield Input(actor.name, id="actor-edit-name")
            yield Label("Type")
            yield Select(
                [(label, key) for key, label in TYPE_LABELS.items()],
                value=actor.type if actor.type in TYPE_LABELS else Select.NULL,
                allow_blank=actor.type not in TYPE_LABELS,
                id="actor-edit-type",
            )
            yield Label("Description (one line)")
            yield Input(actor.description or "", id="actor-edit-description")
            yield Static(
                Text("Enter or ctrl+s saves · Esc cancels · saved as decisions replayed on every analysis", style="dim"),
                id="actor-edit-help",
            )
            yield Static("", id="actor-edit-error")

    def on_mount(self) -> None:
        self.query_one("#actor-edit-dialog").border_title = Text(f"Edit actor: {self.actor.name}")  # never markup
        self.query_one("#actor-edit-name", Input).focus()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        actor = self.actor
        name = self.query_one("#actor-edit-name", Input).value.strip()
        if not name:
            self.query_one("#actor-edit-error", Static).update(Text("A name cannot be empty.", style="bold"))
            return
        type_value = self.query_one("#actor-edit-type", Select).value
        description = " ".join(self.query_one("#actor-edit-description", Input).value.split())
        change = ActorChange(
            actor.id,
            name=name if name != actor.name else None,
            type=type_value if isinstance(type_value, str) and type_value != actor.type else None,
            description=description if description != (actor.description or "") else None,
        )
        self.dismiss(change if change.edits() else None)


class ChoiceDialog(ModalScreen["str | None"]):
    """Pick one of many (an actor to merge in, a name to split off); type to narrow the list."""

    SCOPED_CSS = False
    DEFAULT_CSS = DIALOG_CSS.format(name="ChoiceDialog") + """
    ChoiceDialog #choice-filter {
        border: none;
        height: 1;
        padding: 0 1;
        background: $boost;
    }
    ChoiceDialog #choice-list {
        height: auto;
        max-height: 20;
        border: none;
        background: $surface;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="choice.cancel"),
        Binding("down", "focus_list", "List", id="choice.list", show=False),
    ]

    def __init__(self, title: str, explanation: str, choices: list[tuple[Text, str]]) -> None:
        super().__init__()
        self.dialog_title = title
        self.explanation = explanation
        self.choices = choices  # (prompt, value)
        self.shown: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="choice-dialog", classes="pane-dialog"):
            yield Static(Text(self.explanation, style="dim"), id="choice-help")
            yield Input(placeholder="type to narrow", id="choice-filter")
            yield OptionList(id="choice-list", markup=False)

    def on_mount(self) -> None:
        self.query_one("#choice-dialog").border_title = self.dialog_title
        self._fill("")
        self.query_one("#choice-filter", Input).focus()

    @on(Input.Changed, "#choice-filter")
    def _narrow(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def _fill(self, query: str) -> None:
        words = query.casefold().split()
        kept = [(p, v) for p, v in self.choices if all(w in p.plain.casefold() for w in words)]
        self.shown = [v for _, v in kept]
        options = self.query_one("#choice-list", OptionList)
        options.set_options(Option(p) for p, _ in kept)
        if kept:
            options.highlighted = 0

    @on(Input.Submitted, "#choice-filter")
    def _submitted(self) -> None:
        options = self.query_one("#choice-list", OptionList)
        if options.highlighted is not None and self.shown:
            self.dismiss(self.shown[options.highlighted])

    def action_focus_list(self) -> None:
        self.query_one("#choice-list", OptionList).focus()

    @on(OptionList.OptionSelected, "#choice-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.shown[event.option_index])
