"""The actor table: every actor once, filtered as you type and sorted by a key.

A DataTable, so only the visible rows are drawn. Adding a row costs about
half a millisecond, so filtering and sorting rebuild only the first
:data:`PAGE` rows, and more are added as the cursor nears the end: a corpus
with thousands of actors filters as fast as the seeds. The cursor stays on
the same actor when it is still listed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Literal, Sequence

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import DataTable

from sahel_tui.analysis.actors.model import TYPE_LABELS

if TYPE_CHECKING:
    from sahel_tui.analysis.actors import Actor

SortKey = Literal["mentions", "name", "type"]
SORT_KEYS: tuple[SortKey, ...] = ("mentions", "name", "type")
PAGE = 50  # a screenful and some: more rows are added as the cursor nears the end
NAME_CELLS = 26  # longer names end in an ellipsis; the detail pane shows them whole
ALIAS_CHARS = 60  # the aliases column is a hint, the detail pane lists them all


_SORT = Binding.Group("Sort")


def matches(actor: Actor, words: Sequence[str]) -> bool:
    """Every word of the filter occurs in the actor's name, aliases, type, roles or description."""
    if not words:
        return True
    hay = " ".join(
        [actor.name, *actor.aliases, actor.type, TYPE_LABELS.get(actor.type, ""), *actor.roles, actor.description or ""]
    ).casefold()
    return all(w in hay for w in words)


def filter_and_sort(actors: Sequence[Actor], query: str, key: SortKey, reverse: bool) -> list[Actor]:
    """The actors the filter keeps, in the chosen order (ties: most mentioned, then name)."""
    words = query.casefold().split()
    kept = [a for a in actors if matches(a, words)]
    if key == "name":
        kept.sort(key=lambda a: (a.name.casefold(), -len(a.mentions)), reverse=reverse)
    elif key == "type":
        kept.sort(key=lambda a: (TYPE_LABELS.get(a.type, a.type), -len(a.mentions), a.name.casefold()))
        if reverse:
            kept.reverse()
    else:
        kept.sort(key=lambda a: (-len(a.mentions), a.name.casefold()))
        if reverse:
            kept.reverse()
    return kept


class ActorTable(DataTable[Text]):
    """Name, type, mentions, sources and aliases; keys sort it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "sort('name')", "Name", id="glossary.sort_name", group=_SORT, tooltip="Sort by name (again: reverse)"),
        Binding("y", "sort('type')", "Type", id="glossary.sort_type", group=_SORT, tooltip="Sort by type (again: reverse)"),
        Binding(
            "c", "sort('mentions')", "Mentions", id="glossary.sort_mentions", group=_SORT,
            tooltip="Sort by mention count (again: reverse)",
        ),
        Binding("j", "cursor_down", "Down", id="glossary.down", show=False),
        Binding("k", "cursor_up", "Up", id="glossary.up", show=False),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, cursor_type="row", zebra_stripes=False)
        self.actors: list[Actor] = []  # every actor
        self.shown: list[Actor] = []  # the rows, in order
        self.query_text = ""
        self.sort_key: SortKey = "mentions"
        self.reverse = False
        self._sources: dict[str, int] = {}  # actor id -> number of sources mentioning it

    def on_mount(self) -> None:
        self.add_column("Name", key="name", width=NAME_CELLS)
        self.add_column("Type", key="type", width=12)
        self.add_column(Text("Mentions", justify="right"), key="mentions")
        self.add_column(Text("Sources", justify="right"), key="sources")
        self.add_column("Other names", key="aliases")

    @property
    def current_actor(self) -> Actor | None:
        row = self.cursor_row
        return self.shown[row] if self.shown and 0 <= row < len(self.shown) else None

    def set_actors(self, actors: Sequence[Actor], keep: str | None = None) -> None:
        """Show ``actors``; the cursor stays on actor id ``keep`` (or the current one) if listed."""
        self.actors = list(actors)
        self._sources = {a.id: len(a.mentions_by_article()) for a in self.actors}
        self._rebuild(keep)

    def set_filter(self, query: str) -> None:
        self.query_text = query
        self._rebuild()

    def action_sort(self, key: SortKey) -> None:
        """Sort by ``key``; the same key again reverses the order."""
        if key == self.sort_key:
            self.reverse = not self.reverse
        else:
            self.sort_key, self.reverse = key, False
        self._rebuild()

    @property
    def sort_label(self) -> str:
        arrow = "↑" if self.reverse else "↓"
        return f"sorted by {self.sort_key} {arrow}"

    def _rebuild(self, keep: str | None = None) -> None:
        current = self.current_actor
        keep = keep or (current.id if current else None)
        self.shown = filter_and_sort(self.actors, self.query_text, self.sort_key, self.reverse)
        self.clear()
        index = next((i for i, a in enumerate(self.shown) if a.id == keep), 0)
        self._add_rows(max(PAGE, index + PAGE // 2))
        if self.shown:
            self.move_cursor(row=index, animate=False)

    def _add_rows(self, count: int) -> None:
        start = self.row_count
        for actor in self.shown[start : start + count]:
            aliases = ", ".join(actor.aliases)
            if len(aliases) > ALIAS_CHARS:
                aliases = aliases[: ALIAS_CHARS - 1] + "…"
            self.add_row(
                Text(actor.name, style="bold", no_wrap=True, overflow="ellipsis"),
                Text(TYPE_LABELS.get(actor.type, actor.type)),
                Text(str(len(actor.mentions)), justify="right"),
                Text(str(self._sources.get(actor.id, 0)), justify="right"),
                Text(aliases, style="dim"),
                key=actor.id,
            )

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        # Near the end of what is loaded: load the next page (the event still reaches the screen).
        if event.cursor_row >= self.row_count - 5 and self.row_count < len(self.shown):
            self._add_rows(PAGE)
