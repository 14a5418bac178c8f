"""Every view and dialog at 80x24 and 200x50, and the --ascii rendering (pytest-textual-snapshot).

Deterministic by construction: the bundled seeds; scratch config, data, cache and
export folders (conftest); annotations and judgements written before the app
starts with a fixed clock, author and ids; SOURCE_DATE_EPOCH for the export's
file name and front matter; animations off and notifications cleared. After a
deliberate change to a view, regenerate with
`pytest tests/test_ui_snapshots_views.py --snapshot-update` and review the SVGs
in tests/__snapshots__/test_ui_snapshots_views/.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Tabs, Footer, Input, TextArea

from sahel_tui.corpus.model import Corpus
from sahel_tui.infrastructure.cache import Cache
from sahel_tui.infrastructure.config import load_config
from sahel_tui.ui.app import SahelApp
from sahel_tui.ui.widgets.compare_items import SECTIONS as COMPARE_SECTIONS

SIZES = [(80, 24), (200, 50)]
SIZE_IDS = ["80x24", "200x50"]
FIXED_TIME = "2024-05-06T07:08:09.000Z"


@pytest.fixture(autouse=True)
def _fixed_world(monkeypatch: pytest.MonkeyPatch) -> None:
    """Colour on, one clock, one author, counted ids: nothing on screen depends on the machine or the time."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1715000000")
    # Shown in the export dialog; never created (nothing is written in these tests).
    monkeypatch.setenv("SAHEL_BRIEF_EXPORT_DIR", "/nonexistent/sahel-brief-export")
    import sahel_tui.store.annotations as annotations
    import sahel_tui.store.judgements as judgements

    counter: Iterator[int] = itertools.count(1)

    class CountedIds:
        @staticmethod
        def uuid4() -> uuid.UUID:
            return uuid.UUID(int=next(counter))

    monkeypatch.setattr(annotations, "current_user", lambda: "analyst")
    monkeypatch.setattr(annotations, "utc_now", lambda: FIXED_TIME)
    monkeypatch.setattr(judgements, "utc_now", lambda: FIXED_TIME)
    monkeypatch.setattr(annotations, "uuid", CountedIds)
    monkeypatch.setattr(judgements, "uuid", CountedIds)


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Cache:
    """One analysis cache for the module, as the real app keeps one: key points and actors are computed once."""
    return Cache(root=tmp_path_factory.mktemp("snapshot-cache"))


@pytest.fixture
def make_app(shared_cache: Cache) -> Callable[..., SahelApp]:
    def make(corpus: Corpus, *, ascii: bool = False) -> SahelApp:
        return SahelApp(corpus, load_config().config, theme="sahel-dark", ascii=ascii, analysis_cache=shared_cache)

    return make


async def settled(pilot: Pilot[Any]) -> None:
    """Workers done, the footer filled, toasts gone: the frame an analyst sees once work stops."""
    app = pilot.app
    for _ in range(60):
        await pilot.pause()
        await app.workers.wait_for_complete()
        footers = app.screen.query(Footer)
        if not footers or footers.first().children:
            if not any(not w.is_finished for w in app.workers):
                break
    from sahel_tui.ui.screens.export import ExportDialog

    if isinstance(app.screen, ExportDialog):
        # The preview's tabs are rebuilt when the render lands, and their underline placed after that;
        # `preview_ready` turns true only once tabs and preview are drawn (`result` is set before).
        for _ in range(500):
            if app.screen.preview_ready:
                break
            await pilot.pause(0.02)
        await app.workers.wait_for_complete()
        for _ in range(3):
            await pilot.pause()
            await pilot.wait_for_scheduled_animations()
        # The tabs' underline is placed after a refresh, then animated: under load the frame
        # was taken with it still at the start. Wait until it spans a tab and has stopped.
        tabs = app.screen.query_one("#export-parts", Tabs)
        underline = tabs.query_one("Underline")
        for _ in range(250):
            moving = any(app.animator.is_being_animated(underline, n) for n in ("highlight_start", "highlight_end"))
            tab = tabs.active_tab
            span = tab.virtual_region.shrink(tab.styles.gutter).column_span if tab is not None else None
            # An empty span is a tab not laid out yet: the underline then sits at the start too.
            placed = span is None or (
                span[1] > span[0]
                and (getattr(underline, "highlight_start", None), getattr(underline, "highlight_end", None)) == span
            )
            if placed and not moving:
                break
            await pilot.pause(0.02)
    # A blinking cursor is on or off depending on when the frame is taken: keep it on.
    for field in [*app.screen.query(Input), *app.screen.query(TextArea)]:
        field.cursor_blink = False
    await pilot.pause()
    app.clear_notifications()
    await pilot.pause()


def keys_then_settle(*keys: str) -> Any:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settled(pilot)
        for key in keys:
            await pilot.press(key)
            await settled(pilot)

    return run_before


def annotate(corpus: Corpus) -> None:
    """Two annotations, an actor note and a key judgement, as an analyst would leave them."""
    from sahel_tui.store.annotations import AnnotationStore
    from sahel_tui.store.judgements import JudgementStore, citation
    from sahel_tui.ui.screens.annotate import AnnotationDraft, save_draft

    first, second = corpus.articles[0], corpus.articles[1]
    with AnnotationStore.open() as store:
        save_draft(store, first, first.body_sentences[0].id, AnnotationDraft(category="claim", note="Check against *the ministry's* statement.", tags=("border",)))
        save_draft(store, second, second.body_sentences[1].id, AnnotationDraft(add_tags=("follow-up",)))
        store.add_actor_note("mali", "Follow the **transition** timetable.")
        JudgementStore.of(store).add(
            "Talks between the two capitals are unlikely to resume this year.",
            "unlikely",
            "moderate",
            [citation("claim", first.body_sentences[0].id)],
        )


# -- views -------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_reader(snap_compare, make_app: Callable[..., SahelApp], seed_corpus: Corpus, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(seed_corpus), terminal_size=size, run_before=settled)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_glossary(snap_compare, make_app: Callable[..., SahelApp], seed_corpus: Corpus, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(seed_corpus), terminal_size=size, run_before=keys_then_settle("2"))


@pytest.mark.parametrize("section", [key for key, _, _ in COMPARE_SECTIONS])
@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_comparison(snap_compare, make_app: Callable[..., SahelApp], seed_corpus: Corpus, size: tuple[int, int], section: str) -> None:
    steps = [key for key, _, _ in COMPARE_SECTIONS].index(section)
    assert snap_compare(make_app(seed_corpus), terminal_size=size, run_before=keys_then_settle("3", *["j"] * steps))


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_notes(snap_compare, make_app: Callable[..., SahelApp], seed_corpus: Corpus, size: tuple[int, int]) -> None:
    annotate(seed_corpus)
    assert snap_compare(make_app(seed_corpus), terminal_size=size, run_before=keys_then_settle("4"))


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_key_judgements(snap_compare, make_app: Callable[..., SahelApp], seed_corpus: Corpus, size: tuple[int, int]) -> None:
    annotate(seed_corpus)
    assert snap_compare(make_app(seed_corpus), terminal_size=size, run_before=keys_then_settle("5"))


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_who_says_what(snap_compare, make_app: Callable[..., SahelApp], seed_corpus: Corpus, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(seed_corpus), terminal_size=size, run_before=keys_then_settle("6"))


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_changes_without_a_snapshot(snap_compare, make_app: Callable[..., SahelApp], seed_corpus: Corpus, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(seed_corpus), terminal_size=size, run_before=keys_then_settle("7"))


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_help(snap_compare, make_app: Callable[..., SahelApp], seed_corpus: Corpus, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(seed_corpus), terminal_size=size, run_before=keys_then_settle("question_mark"))


# -- dialogs -------------------------------------------------------------------------------------

DIALOGS = {
    "export": ("x",),
    "highlight": ("h",),
    # j: the second sentence, whose quote wraps to three lines at 80 columns.
    "note": ("j", "a"),
    "tag": ("number_sign",),
    "grade": ("c",),
    "key-point-settings": ("m",),
    "corpus-search": ("s", *"drone"),
    "actor-edit": ("2", "e"),
    "judgement": ("5", "n"),
    "filter-bar": ("f",),
}


@pytest.mark.parametrize("dialog", list(DIALOGS))
@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_dialog(snap_compare, make_app: Callable[..., SahelApp], seed_corpus: Corpus, size: tuple[int, int], dialog: str) -> None:
    assert snap_compare(make_app(seed_corpus), terminal_size=size, run_before=keys_then_settle(*DIALOGS[dialog]))


# -- --ascii -------------------------------------------------------------------------------------

ASCII_VIEWS = {
    "reader": (),
    "export": ("x",),
    "coverage": ("3", *["j"] * [key for key, _, _ in COMPARE_SECTIONS].index("coverage")),
    "note": ("j", "a"),
}


@pytest.mark.parametrize("view", list(ASCII_VIEWS))
def test_ascii(snap_compare, make_app: Callable[..., SahelApp], seed_corpus: Corpus, view: str) -> None:
    app = make_app(seed_corpus, ascii=True)
    assert snap_compare(app, terminal_size=(80, 24), run_before=keys_then_settle(*ASCII_VIEWS[view]))
