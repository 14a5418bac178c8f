"""Faults seen in tmux at 80x24, each checked through the real widgets (the snapshots show them too)."""

from __future__ import annotations

import pytest
from textual.widgets import Input, TextArea
from ui_panes_helpers import HostApp, settle, sync

from sahel_tui.corpus.model import Corpus
from sahel_tui.infrastructure.config import load_config
from sahel_tui.ui.app import SahelApp
from sahel_tui.ui.screens.annotate import NOTE_MIN_ROWS, NoteDialog
from sahel_tui.ui.screens.export import ExportDialog
from sahel_tui.ui.widgets.marked import MarkedCheckbox, MarkedSelectionList

# Written for this test: long enough to wrap to three lines in the dialog at 80 columns.
THREE_LINES = (
    "The committee met for the third time this spring and agreed that the survey of wells and markets "
    "in the northern districts should be finished before the rains close the tracks."
)


@sync
async def test_note_dialog_keeps_tags_on_screen_under_a_three_line_quote(seed_corpus: Corpus) -> None:
    app = HostApp(seed_corpus)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(NoteDialog(THREE_LINES))
        await settle(pilot)
        dialog = app.screen
        quote = dialog.query_one(".annotate-quote")
        assert quote.size.height == 3
        tags = dialog.query_one("#note-tags", Input)
        box = dialog.query_one("#note-dialog").region
        assert box.contains_region(tags.region), (tags.region, box)
        assert dialog.query_one(".annotate-help").region.bottom <= box.bottom
        assert dialog.query_one("#note-text", TextArea).size.height >= NOTE_MIN_ROWS - 2
        # With room to spare the area keeps its full height.
        await pilot.resize_terminal(120, 50)
        await settle(pilot)
        assert dialog.query_one("#note-text", TextArea).outer_size.height == 10


@pytest.mark.parametrize("ascii", [False, True], ids=["unicode", "ascii"])
@sync
async def test_export_dialog_at_80x24(seed_corpus: Corpus, monkeypatch: pytest.MonkeyPatch, ascii: bool) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    # A path of fixed length (never written): the scratch folder's own length varies with the
    # pytest worker ("popen-gw0"), and the check is that a typical path shows whole.
    monkeypatch.setenv("SAHEL_BRIEF_EXPORT_DIR", "/home/analyst/briefings")
    app = SahelApp(seed_corpus, load_config().config, ascii=ascii)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        # Every input shows its value: a row of text, not a border (the --ascii fault).
        for name in ("#export-title", "#export-file"):
            field = dialog.query_one(name, Input)
            assert field.content_region.height == 1 and field.content_region.width > 0, name
        path = dialog.query_one("#export-file", Input)
        assert path.content_region.width > len(path.value)  # the whole path, not its first 28 cells
        force = dialog.query_one("#export-force", MarkedCheckbox)
        assert force.size.width >= len("Overwrite existing file") + 4
        off = force.render().plain
        force.value = True
        on = force.render().plain
        assert off.startswith("▐ ▌") and on.startswith("▐X▌")
        sections = dialog.query_one("#export-sections", MarkedSelectionList)
        sections.deselect("overview")
        await pilot.pause()
        rows = [sections.render_line(y).text for y in range(sections.option_count)]
        marks = {row[4:].strip(): row[:3] for row in rows if row.strip()}
        assert marks["Overview"] == "▐ ▌" and marks["Sources"] == "▐X▌", marks


@sync
async def test_footer_lists_annotation_keys_right_after_find(seed_corpus: Corpus) -> None:
    app = SahelApp(seed_corpus, load_config().config)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        ids = [active.binding.id for active in app.screen.active_bindings.values() if active.binding.show]
        assert ids[:7] == ["app.help", "app.quit", "main.find", "main.highlight", "main.note", "main.tag", "main.grade_claim"]
        assert ids.index("app.theme") > ids.index("app.export") > ids.index("main.find")
        await pilot.press("3")
        await settle(pilot)
        ids = [active.binding.id for active in app.screen.active_bindings.values() if active.binding.show]
        assert ids[:2] == ["app.help", "app.quit"] and ids[2].startswith("compare.")
