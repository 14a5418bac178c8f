"""The views inside the real app: keys 2-4 and x, jumps into the reader, annotating from the reader."""

from __future__ import annotations

from ui_panes_helpers import settle, sync

from sahel_tui.corpus.model import Corpus
from sahel_tui.store.annotations import AnnotationStore
from sahel_tui.infrastructure.config import load_config
from sahel_tui.ui.app import SahelApp
from sahel_tui.ui.screens.annotate import HighlightDialog, TagDialog
from sahel_tui.ui.screens.export import ExportDialog
from sahel_tui.ui.screens.glossary import GlossaryScreen
from sahel_tui.ui.screens.main import MainScreen
from sahel_tui.ui.screens.notes import NotesScreen


def make_app(corpus: Corpus) -> SahelApp:
    loaded = load_config()
    return SahelApp(corpus, loaded.config, config_path=loaded.path)


@sync
async def test_glossary_mention_opens_in_the_reader(seed_corpus: Corpus) -> None:
    app = make_app(seed_corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        glossary = app.screen
        assert isinstance(glossary, GlossaryScreen)
        await pilot.press("j", "j", "enter")  # the third actor's mentions
        await settle(pilot)
        mention = glossary.mentions.mentions[0]
        await pilot.press("enter")
        await settle(pilot)
        main = app.screen
        assert isinstance(main, MainScreen)
        assert main.article is not None and main.article.id == mention.article
        sentence = main.reader.cursor_sentence
        assert sentence is not None and sentence.id == mention.sentence_id
        assert app.focused is main.reader


@sync
async def test_annotate_from_the_reader_and_find_it_in_notes(seed_corpus: Corpus) -> None:
    app = make_app(seed_corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        main = app.screen
        assert isinstance(main, MainScreen)
        await pilot.press("j")
        sentence = main.reader.cursor_sentence
        assert sentence is not None
        await pilot.press("h")
        await settle(pilot)
        assert isinstance(app.screen, HighlightDialog)
        await pilot.press("e")  # evidence
        await settle(pilot)
        await pilot.press("number_sign")
        await settle(pilot)
        assert isinstance(app.screen, TagDialog)
        await pilot.press(*"border", "enter")
        await settle(pilot)
        assert main.reader._marks == {sentence.id: "evidence"}
        assert main.sources._badges == {seed_corpus.articles[0].id: "1 note"}

        await pilot.press("4")
        await settle(pilot)
        notes = app.screen
        assert isinstance(notes, NotesScreen)
        [annotation] = notes.notes.annotations
        assert annotation.sentence_id == sentence.id and annotation.category == "evidence"
        assert annotation.tags == ("border",)

        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ExportDialog)
        await pilot.press("escape")
    app.workspace.close()
    with AnnotationStore.open() as store:  # on disk for the next session
        assert [a.sentence_id for a in store.list()] == [sentence.id]


@sync
async def test_actor_mentions_toggle_in_the_reader(seed_corpus: Corpus) -> None:
    app = make_app(seed_corpus)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        main = app.screen
        assert isinstance(main, MainScreen)
        await pilot.press("A")
        await settle(pilot)
        spans = main.reader._actor_spans
        assert spans
        article = seed_corpus.articles[0]
        assert any("Mali" in article.text[s:e] for s, e in spans)
        await pilot.press("right_square_bracket")  # the next article gets its own mentions
        await settle(pilot)
        assert main.reader._actor_spans and main.reader._actor_spans != spans
        await pilot.press("A")
        await settle(pilot)
        assert main.reader._actor_spans == []


@sync
async def test_returning_to_a_view_follows_a_theme_change(seed_corpus: Corpus) -> None:
    """A theme changed while a view was away still reaches it when it comes back (the
    patches that skip the hold and the restyle on a return are tested in test_textual_patches.py)."""
    app = make_app(seed_corpus)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        main = app.screen
        assert isinstance(main, MainScreen)
        app.switch_mode("glossary")
        await settle(pilot)
        glossary = app.screen
        assert isinstance(glossary, GlossaryScreen)
        app.switch_mode("reader")
        await settle(pilot)
        assert app.screen is main

        before = glossary.styles.background
        app.theme = "sahel-light" if app.theme != "sahel-light" else "sahel-dark"
        await settle(pilot)
        main_surface = main.reader.styles.background
        app.switch_mode("glossary")
        await settle(pilot)
        pane = glossary.query(".pane-box").first()
        assert pane.styles.background == main_surface  # both on the new theme's $surface
        assert glossary.styles.background != before
