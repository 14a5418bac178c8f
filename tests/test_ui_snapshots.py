"""Screen snapshots at 80x24 and 120x40 (pytest-textual-snapshot).

Deterministic by construction: the bundled seeds, scratch config and cache
folders (conftest), animations off and no clocks on screen. After a deliberate
change to the layout, the corpus loader or the key-point method, regenerate
with `pytest tests/test_ui_snapshots.py --snapshot-update` and review the SVGs
in tests/__snapshots__/.
"""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from sahel_tui.corpus.model import Corpus
from sahel_tui.infrastructure.config import load_config
from sahel_tui.ui.app import SahelApp

SIZES = [(80, 24), (120, 40)]


@pytest.fixture(autouse=True)
def _colour(monkeypatch: pytest.MonkeyPatch) -> None:
    # Snapshots are of the colour rendering; NO_COLOR is covered by test_ui_app and the tmux test.
    monkeypatch.delenv("NO_COLOR", raising=False)


def make_app(corpus: Corpus, theme: str = "sahel-dark") -> SahelApp:
    return SahelApp(corpus, load_config().config, theme=theme)


async def settled(pilot: Pilot) -> None:
    """Workers done, and the panes mounted after the first frame drawn (footer keys included)."""
    for _ in range(50):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        if pilot.app.query("FooterKey"):  # by CSS type name: the class is not public
            break
    await pilot.pause()
    pilot.app.clear_notifications()  # toasts are tested in Pilot tests; here they only hide the view
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_reader_with_key_points(snap_compare, seed_corpus: Corpus, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(seed_corpus), terminal_size=size, run_before=settled)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_cursor_find_and_removed_text(snap_compare, seed_corpus: Corpus, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot) -> None:
        await settled(pilot)
        await pilot.press("right_square_bracket", "r", "j", "j", "slash", *"algeria", "enter")
        await settled(pilot)

    assert snap_compare(make_app(seed_corpus), terminal_size=size, run_before=run_before)


def test_help_screen(snap_compare, seed_corpus: Corpus) -> None:
    assert snap_compare(make_app(seed_corpus), terminal_size=(80, 24), press=["question_mark"], run_before=settled)


def test_corpus_search(snap_compare, seed_corpus: Corpus) -> None:
    async def run_before(pilot: Pilot) -> None:
        await settled(pilot)
        await pilot.press("s", *"drone")
        await settled(pilot)

    assert snap_compare(make_app(seed_corpus), terminal_size=(120, 40), run_before=run_before)


def test_key_point_dialog(snap_compare, seed_corpus: Corpus) -> None:
    async def run_before(pilot: Pilot) -> None:
        await settled(pilot)
        await pilot.press("m")
        await pilot.pause()

    assert snap_compare(make_app(seed_corpus), terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize(
    ("theme", "size"),
    [("sahel-16", (80, 24)), ("sahel-light", (120, 40)), ("sahel-high-contrast", (120, 40))],
)
def test_themes(snap_compare, seed_corpus: Corpus, theme: str, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(seed_corpus, theme), terminal_size=size, run_before=settled)
