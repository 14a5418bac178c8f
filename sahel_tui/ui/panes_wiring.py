"""The app's side of the glossary, comparison, notes and export: views, jumps, commands, help.

A mixin for :class:`sahel_tui.ui.app.SahelApp`. Every view ships with the
app, so every one is offered; the screens are imported on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Iterable

from textual.app import SystemCommand
from textual.binding import Binding, BindingType

from sahel_tui.ui.pane_data import AnnotationsChanged, JumpTo
from sahel_tui.workspace import Workspace

if TYPE_CHECKING:
    from textual.screen import Screen

# (mode name, title, key); the screens are imported on first use.
_PANE_VIEWS: tuple[tuple[str, str, str], ...] = (
    ("glossary", "Actors", "2"),
    ("comparison", "Comparison", "3"),
    ("notes", "Notes", "4"),
    ("judgements", "Judgements", "5"),
    ("speakers", "Who says what", "6"),
    ("changes", "Changes", "7"),
)

EXPORT_BINDINGS: list[BindingType] = [
    Binding("x", "export", "Export", id="app.export", tooltip="Export the briefing as Markdown or HTML"),
]


def screen_class(mode: str) -> type[Screen[Any]]:
    """The view's Screen class, imported on first use (start-up never pays for it)."""
    if mode == "glossary":
        from sahel_tui.ui.screens.glossary import GlossaryScreen

        return GlossaryScreen
    if mode == "comparison":
        from sahel_tui.ui.screens.comparison import ComparisonScreen

        return ComparisonScreen
    if mode == "judgements":
        from sahel_tui.ui.screens.judgements import JudgementsScreen

        return JudgementsScreen
    if mode == "speakers":
        from sahel_tui.ui.screens.speakers import SpeakersScreen

        return SpeakersScreen
    if mode == "changes":
        from sahel_tui.ui.screens.changes import ChangesScreen

        return ChangesScreen
    from sahel_tui.ui.screens.notes import NotesScreen

    return NotesScreen


def _factory(mode: str) -> Callable[[], Screen[Any]]:
    return lambda: screen_class(mode)()


def pane_views() -> list[tuple[str, str, str, Callable[[], Screen[Any]]]]:
    """(mode, title, key, screen factory) for every view besides the reader."""
    return [(mode, title, key, _factory(mode)) for mode, title, key in _PANE_VIEWS]


def export_bindings() -> list[BindingType]:
    return list(EXPORT_BINDINGS)


def help_sections() -> list[tuple[str, list[BindingType]]]:
    """The help screen's sections for these views and dialogs."""
    sections: list[tuple[str, list[BindingType]]] = []
    from sahel_tui.ui.screens.annotate import HighlightDialog, NoteDialog, TagDialog

    sections.append(("Highlight dialog (h)", list(HighlightDialog.BINDINGS)))
    sections.append(("Note dialog (a)", list(NoteDialog.BINDINGS)))
    sections.append(("Tag dialog (#)", list(TagDialog.BINDINGS)))
    for mode, title, key, _ in pane_views():
        bindings: list[BindingType] = list(screen_class(mode).BINDINGS)
        if mode == "glossary":
            from sahel_tui.ui.screens.actor_edit import ActorEditDialog
            from sahel_tui.ui.widgets.glossary_mentions import MentionTable
            from sahel_tui.ui.widgets.glossary_table import ActorTable

            bindings += list(ActorTable.BINDINGS) + list(MentionTable.BINDINGS)
            sections.append((f"{title} view ({key})", bindings))
            sections.append(("Actor edit dialog (e)", list(ActorEditDialog.BINDINGS)))
            continue
        if mode == "comparison":
            from sahel_tui.ui.screens.comparison import CoverageTable, SectionItems, SectionList

            bindings += list(SectionList.BINDINGS) + list(SectionItems.BINDINGS) + list(CoverageTable.BINDINGS)
        elif mode == "notes":
            from sahel_tui.ui.widgets.notes_list import NotesList

            bindings += list(NotesList.BINDINGS)
        elif mode == "changes":
            from sahel_tui.ui.screens.changes import ChangeItems

            bindings += list(ChangeItems.BINDINGS)
        sections.append((f"{title} view ({key})", bindings))
        if mode == "judgements":
            from sahel_tui.ui.screens.judgements import JudgementDialog

            sections.append(("Key judgement dialog (n, e)", list(JudgementDialog.BINDINGS)))
    from sahel_tui.ui.screens.export import ExportDialog

    sections.append(("Export dialog (x)", list(ExportDialog.BINDINGS)))
    return sections


class PanesApp:
    """Mixed into SahelApp: the shared analysis, jumps into the reader, export, palette entries."""

    workspace: Workspace

    def setup_panes(self: Any) -> None:
        """Call from ``__init__``, once ``corpus`` and ``analysis_cache`` are set."""
        self.workspace = Workspace(self.corpus, self.analysis_cache)

    def close_panes(self: Any) -> None:
        self.workspace.close()

    def on_jump_to(self: Any, message: JumpTo) -> None:
        """A view asked to show a sentence: switch to the reader and put the cursor there."""
        article = self.workspace.articles.get(message.article_id)
        if article is None:
            return
        self.switch_mode("reader")
        for screen in self._main_screens():
            screen.show_sentence(article, message.sentence_id, message.span)

    def on_annotations_changed(self: Any, message: AnnotationsChanged) -> None:
        for screen in self._main_screens():
            screen.annotations_changed()

    def action_export(self: Any) -> None:
        from sahel_tui.ui.screens.export import ExportDialog

        if self.export_waits_for_check():
            return  # opened by itself once the files are checked: never exported from a stale text
        if not isinstance(self.screen, ExportDialog):
            self.push_screen(ExportDialog())

    def pane_commands(self: Any, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Command-palette entries for the views, the export and the reader's annotation keys."""
        for mode, title, key, _ in pane_views():
            yield SystemCommand(f"View: {title}", f"Switch to the {title.lower()} view ({key})", _switch(self, mode))
        yield SystemCommand("Export briefing", "Write the Markdown briefing (x)", self.action_export)
        main = next(iter(self._main_screens()), None)
        if main is None:
            return
        yield SystemCommand("Annotate: highlight sentence", "Mark the reader's sentence as claim, evidence… (h)", _in_reader(self, main.action_highlight))
        yield SystemCommand("Annotate: note on sentence", "Write or edit a Markdown note (a)", _in_reader(self, main.action_note))
        yield SystemCommand("Annotate: tag sentence", "Add tags to the reader's sentence (#)", _in_reader(self, main.action_tag))
        yield SystemCommand("Toggle actor mentions", "Underline actor mentions in the reader (A)", _in_reader(self, main.action_toggle_actors))


def _switch(app: Any, mode: str) -> Any:
    return lambda: app.switch_mode(mode)


def _in_reader(app: Any, action: Any) -> Any:
    def run() -> None:
        app.switch_mode("reader")
        action()

    return run
