"""Annotate dialogs and the notes view: filter, edit, delete, undo, orphans, persistence."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Select, TextArea
from ui_panes_helpers import HostApp, settle, sync

from sahel_tui.corpus.loader import article_from_text
from sahel_tui.corpus.model import Corpus
from sahel_tui.store.annotations import AnnotationStore
from sahel_tui.ui.pane_data import safe_text, workspace_of
from sahel_tui.workspace import Workspace
from sahel_tui.ui.screens.annotate import (
    AnnotationDraft,
    HighlightDialog,
    NoteDialog,
    TagDialog,
    parse_tags,
    save_draft,
)
from sahel_tui.ui.screens.notes import NotesScreen

HOSTILE = "[bold]not bold[/bold] \x1b[31mred\x1b[0m [link=http://x]y[/link]"

TEXT_ONE = """Water talks

The river authority met in Segou on Monday. Farmers asked for a new canal. Officials promised an answer by June.
"""
TEXT_TWO = """Market report

Millet prices rose in Mopti. Traders blamed the roads.
"""


def corpus() -> Corpus:
    return Corpus(root=Path("."), articles=[article_from_text(TEXT_ONE, "water"), article_from_text(TEXT_TWO, "market")])


def sentence_id(c: Corpus, article: int, n: int) -> str:
    return c.articles[article].body_sentences[n].id


def test_parse_tags_and_safe_text() -> None:
    assert parse_tags("mali, follow-up #drones  ") == ("mali", "follow-up", "drones")
    assert safe_text("a\x1b[31mb\u202e") == "a\\x1b[31mb\\u202e"


@sync
async def test_dialogs_return_what_the_analyst_chose() -> None:
    c = corpus()
    app = HostApp(c)
    async with app.run_test(size=(80, 24)) as pilot:
        results: list[AnnotationDraft | None] = []
        app.push_screen(HighlightDialog("Farmers asked for a new canal."), results.append)
        await pilot.pause()
        await pilot.press("q")  # one key picks "question"
        await pilot.pause()
        assert results[-1] == AnnotationDraft(category="question")

        app.push_screen(HighlightDialog("x", current="claim"), results.append)
        await pilot.pause()
        await pilot.press("x")  # removes the highlight
        assert results[-1] == AnnotationDraft(category="")

        app.push_screen(NoteDialog("Farmers asked for a new canal.", known_tags=["canals"]), results.append)
        await pilot.pause()
        await pilot.press(*"Check *who* asked")
        await pilot.press("tab", "tab")  # past the category select to the tags
        assert isinstance(app.focused, Input)
        await pilot.press(*"can", "right")  # accept the suggestion "canals"
        await pilot.press("enter")
        await pilot.pause()
        assert results[-1] == AnnotationDraft(category="", note="Check *who* asked", tags=("canals",))

        app.push_screen(TagDialog("x", current=["a"]), results.append)
        await pilot.pause()
        await pilot.press(*"b #c", "enter")
        assert results[-1] == AnnotationDraft(add_tags=("b", "c"))

        app.push_screen(TagDialog("x"), results.append)
        await pilot.pause()
        await pilot.press("escape")
        assert results[-1] is None


@sync
async def test_notes_view_filters_edits_deletes_and_undoes() -> None:
    c = corpus()
    with AnnotationStore.open() as store:
        save_draft(store, c.articles[0], sentence_id(c, 0, 0), AnnotationDraft(category="claim", note=HOSTILE, tags=("water",)))
        save_draft(store, c.articles[0], sentence_id(c, 0, 1), AnnotationDraft(category="question", tags=("water", "canal")))
        save_draft(store, c.articles[1], sentence_id(c, 1, 0), AnnotationDraft(note="prices?", tags=("markets",)))
        # A second draft on the same sentence edits the annotation there rather than adding one.
        save_draft(store, c.articles[1], sentence_id(c, 1, 0), AnnotationDraft(add_tags=("follow-up",)))
        assert len(store.list()) == 3

    app = HostApp(c, NotesScreen)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, NotesScreen)
        notes = screen.notes
        assert len(notes.annotations) == 3

        # Markup and escape sequences in a note show literally, escaped.
        prompt = notes.get_option_at_index(0).prompt
        assert "[bold]not bold[/bold]" in prompt.plain and "\\x1b[31m" in prompt.plain
        assert "\x1b" not in prompt.plain

        # Filters: tag, category, article, text.
        screen.query_one("#notes-tag", Select).value = "water"
        await settle(pilot)
        assert len(notes.annotations) == 2
        screen.query_one("#notes-category", Select).value = "question"
        await settle(pilot)
        assert [a.category for a in notes.annotations] == ["question"]
        screen.query_one("#notes-tag", Select).clear()
        screen.query_one("#notes-category", Select).clear()
        screen.query_one("#notes-article", Select).value = "market"
        await settle(pilot)
        assert [a.article_id for a in notes.annotations] == ["market"]
        assert notes.annotations[0].tags == ("markets", "follow-up")
        screen.query_one("#notes-article", Select).clear()
        await pilot.press("slash", *"canal")
        await settle(pilot)
        assert len(notes.annotations) == 1 and "canal" in notes.annotations[0].tags
        await pilot.press("enter")  # back to the list
        assert app.focused is notes

        # Enter jumps to the anchor.
        await pilot.press("enter")
        jump = app.jumps[-1]
        assert (jump.article_id, jump.sentence_id) == ("water", sentence_id(c, 0, 1))

        # Edit the note through the dialog.
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, NoteDialog)
        dialog.query_one("#note-text", TextArea).text = "Who promised?"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert notes.annotations[0].note == "Who promised?"
        edited = notes.annotations[0].id

        # Delete, then undo the delete, then undo the edit.
        await pilot.press("d")
        await settle(pilot)
        assert notes.annotations == []
        await pilot.press("u")
        await settle(pilot)
        assert [a.id for a in notes.annotations] == [edited]
        await pilot.press("u")
        await settle(pilot)
        assert notes.annotations[0].note == ""
        assert len(app.changes) == 4, "the app hears about every change (reader marks, source counts)"
    workspace_of(app).close()

    # Persistence: a new app (new store connection) finds everything.
    again = HostApp(c, NotesScreen)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = again.screen
        assert isinstance(screen, NotesScreen)
        assert len(screen.notes.annotations) == 3
        assert {a.note for a in screen.notes.annotations} >= {HOSTILE, "prices?"}
    workspace_of(again).close()


@sync
async def test_orphans_are_listed_and_reattached_to_the_reader_sentence() -> None:
    c = corpus()
    with AnnotationStore.open() as store:
        save_draft(store, c.articles[0], sentence_id(c, 0, 1), AnnotationDraft(category="claim", note="canal"))
    # The source changes: the annotated sentence is gone.
    edited = article_from_text(TEXT_ONE.replace("Farmers asked for a new canal. ", ""), "water")
    changed = Corpus(root=Path("."), articles=[edited, c.articles[1]])
    data = Workspace(changed)
    data.reader_position = ("water", edited.body_sentences[0].id)
    app = HostApp(changed, NotesScreen, workspace=data)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, NotesScreen)
        orphan = screen.notes.annotations[0]
        assert orphan.is_orphan
        assert "ORPHAN" in screen.notes.get_option_at_index(0).prompt.plain
        await pilot.press("enter")  # an orphan has nowhere to jump
        assert app.jumps == []
        await pilot.press("a")
        await settle(pilot)
        moved = screen.notes.annotations[0]
        assert not moved.is_orphan and moved.sentence_id == edited.body_sentences[0].id
        assert moved.note == "canal"
    data.close()


@sync
async def test_notes_from_another_session_appear(monkeypatch) -> None:
    import asyncio

    from sahel_tui.ui.screens import notes as notes_module

    monkeypatch.setattr(notes_module, "POLL_SECONDS", 0.1)
    c = corpus()
    app = HostApp(c, NotesScreen)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, NotesScreen)
        assert screen.notes.annotations == []
        with AnnotationStore.open() as other:  # another terminal, another connection
            other.add(c.articles[1], sentence_id(c, 1, 1), note="roads?")
        for _ in range(30):
            await asyncio.sleep(0.1)
            await settle(pilot)
            if screen.notes.annotations:
                break
        assert [a.note for a in screen.notes.annotations] == ["roads?"]
    workspace_of(app).close()
