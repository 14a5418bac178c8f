"""The Key judgements view and the grade dialog, driven as an analyst would at 80x24."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, OptionList, SelectionList
from ui_panes_helpers import HostApp, settle, sync

from sahel_tui.corpus.loader import article_from_text
from sahel_tui.corpus.model import Corpus
from sahel_tui.store.annotations import AnnotationStore
from sahel_tui.store.grades import GradeStore, Suggestion
from sahel_tui.store.judgements import JudgementStore
from sahel_tui.ui.screens.grade import CLEAR, GradeDialog, GradeRequest
from sahel_tui.ui.screens.judgements import JudgementDialog, JudgementsScreen

TEXT_ONE = "Water talks\n\nThe river authority met in Segou on Monday. Farmers asked for a new canal.\n"
TEXT_TWO = "Market report\n\nMillet prices rose in Mopti. Traders blamed the roads.\n"


def corpus() -> Corpus:
    return Corpus(root=Path("."), articles=[article_from_text(TEXT_ONE, "water"), article_from_text(TEXT_TWO, "market")])


@sync
async def test_grade_dialog_picks_by_key_and_offers_the_suggestion() -> None:
    app = HostApp(corpus())
    async with app.run_test(size=(80, 24)) as pilot:
        results: list[str | None] = []
        app.push_screen(GradeDialog(GradeRequest("source", "water", "S1 · Water talks"), None), results.append)
        await pilot.pause()
        await pilot.press("b")  # lower case picks the letter
        await pilot.pause()
        claim = GradeRequest("claim", "water-p2-s1", "S1 p2-s1")
        app.push_screen(GradeDialog(claim, "3", Suggestion("2", "reported by 2 distinct sources", 2)), results.append)
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        assert options.get_option_at_index(options.highlighted or 0).id == "3"  # the current grade first
        assert "suggested: reported by 2 distinct sources" in str(options.get_option("2").prompt)
        await pilot.press("minus")
        await pilot.pause()
        app.push_screen(GradeDialog(claim, None), results.append)
        await pilot.pause()
        await pilot.press("7")  # not on the scale: nothing happens
        await pilot.press("escape")
        await pilot.pause()
        assert results == ["B", CLEAR, None]


@sync
async def test_write_two_judgements_with_evidence_and_find_them_after_reopening() -> None:
    c = corpus()
    with AnnotationStore.open() as store:
        note = store.add(c.articles[0], c.articles[0].body_sentences[1].id, note="Canal request is new.")
    app = HostApp(c, JudgementsScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for text, term_steps, cite in (("The canal will be approved.", 0, 0), ("Prices keep rising.", 2, 1)):
            await pilot.press("n")
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, JudgementDialog)
            dialog.query_one("#judge-text", Input).value = text
            dialog.query_one("#judge-term").value = ["likely", "very likely", "unlikely"][term_steps]
            dialog.query_one("#judge-confidence").value = "high"
            cites = dialog.query_one("#judge-cites", SelectionList)
            cites.select(cites.get_option_at_index(cite).value)
            await pilot.press("ctrl+s")
            await settle(pilot)
        screen = app.screen
        assert isinstance(screen, JudgementsScreen)
        assert [j.text for j in screen.judgements] == ["The canal will be approved.", "Prices keep rising."]
        await pilot.press("J")  # the first moves down
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
    with AnnotationStore.open() as store:
        js = JudgementStore.of(store)
        live, gone = js.list(), js.list(deleted=True)
    assert [(j.text, j.term, j.confidence) for j in live] == [("Prices keep rising.", "unlikely", "high")]
    assert [j.text for j in gone] == ["The canal will be approved."]  # deleted, not lost
    assert gone[0].citations[0].kind == "note" and gone[0].citations[0].target == note.id
    assert live[0].citations[0].kind in ("keypoint", "claim")


@sync
async def test_grading_a_note_from_the_notes_view_is_saved() -> None:
    from sahel_tui.ui.screens.notes import NotesScreen

    c = corpus()
    with AnnotationStore.open() as store:
        note = store.add(c.articles[1], c.articles[1].body_sentences[0].id, note="Check prices.")
    app = HostApp(c, NotesScreen)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, GradeDialog)
        await pilot.press("4")
        await settle(pilot)
    with AnnotationStore.open() as store:
        g = GradeStore.of(store).get("note", note.id)
    assert g is not None and g.value == "4" and g.meaning == "doubtful"
