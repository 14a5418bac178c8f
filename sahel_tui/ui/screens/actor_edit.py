"""A small dialog to rename, retype or describe an actor.

The decisions are saved by :mod:`sahel_tui.store.actor_edits` as a log that
every later analysis replays, so they survive re-analysis. The dialog only
collects them; the glossary saves them in a worker.
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
from textual.widgets import Input, Label, Select, Static

from sahel_tui.ui.widgets.glossary_table import TYPE_LABELS

if TYPE_CHECKING:
    from sahel_tui.analysis.actors import Actor


@dataclass(frozen=True, slots=True)
class ActorChange:
    """What the analyst changed; an op per field that differs from the actor's."""

    actor_id: str
    name: str | None = None
    type: str | None = None
    description: str | None = None  # "" clears an analyst's description

    def edits(self) -> list[tuple[str, str]]:
        """(op, value) pairs for ``store.actor_edits.add_edit``, in a safe order.

        Type and description first: they name the actor by its current id,
        which a rename changes.
        """
        out: list[tuple[str, str]] = []
        if self.type is not None:
            out.append(("type", self.type))
        if self.description is not None:
            out.append(("describe", self.description))
        if self.name is not None:
            out.append(("rename", self.name))
        return out


class ActorEditDialog(ModalScreen["ActorChange | None"]):
    """Name, type and description of one actor; Enter saves, Esc cancels."""

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
        self.query_one("#actor-edit-dialog").border_title = f"Edit actor: {self.actor.name}"
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
