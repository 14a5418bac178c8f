"""A test per patch in ui/textual_patches.py, each with patches on and with the public fallback.

CachedStylesheet: the same CSS with the same variables is parsed once; a change still re-parses.
FirstFrameApp is checked in a real terminal: tests/test_startup.py (first frame whole).
"""

from __future__ import annotations

import pytest
import textual.css.stylesheet as stylesheet_module
from textual.css.stylesheet import Stylesheet, StylesheetParseError

from textual.app import App
from ui_panes_helpers import settle, sync

from sahel_tui.corpus.model import Corpus
from sahel_tui.infrastructure.config import load_config
from sahel_tui.ui import textual_patches
from sahel_tui.ui.app import SahelApp
from sahel_tui.ui.screens.main import MainScreen
from sahel_tui.ui.textual_patches import CachedStylesheet

CSS = "Static { color: $accent; }"


def colour_of(sheet: CachedStylesheet) -> str:
    (rule,) = sheet.rules
    return str(rule.styles.color)


def test_refresh_with_the_same_variables_parses_nothing_again(monkeypatch: pytest.MonkeyPatch) -> None:
    sheet = CachedStylesheet(variables={"accent": "red"})
    sheet.add_source(CSS, read_from=("app.tcss", ""))
    sheet.reparse()
    first = sheet.rules
    calls: list[str] = []
    original = stylesheet_module.parse

    def counting(scope, css, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(css)
        return original(scope, css, *args, **kwargs)

    monkeypatch.setattr(stylesheet_module, "parse", counting)
    sheet.set_variables({"accent": "red"})
    sheet.reparse()
    assert sheet.rules is first
    sheet.add_source("Label { color: $accent; }", read_from=("widget.py", "Label.DEFAULT_CSS"))
    sheet.reparse()
    assert len(sheet.rules) == 2
    # Only the new source went through the parser; the first came from the cache.
    assert calls == ["Label { color: $accent; }"]


def test_new_variables_are_applied() -> None:
    sheet = CachedStylesheet(variables={"accent": "red"})
    sheet.add_source(CSS, read_from=("app.tcss", ""))
    sheet.reparse()
    red = colour_of(sheet)
    sheet.set_variables({"accent": "blue"})
    sheet.reparse()
    assert colour_of(sheet) != red
    sheet.set_variables({"accent": "red"})
    sheet.reparse()
    assert colour_of(sheet) == red


@pytest.mark.parametrize("sheet_class", [Stylesheet, CachedStylesheet])
def test_bad_css_behaves_as_in_textual(sheet_class: type[Stylesheet]) -> None:
    """The same sequence gives the same outcome with Textual's own Stylesheet."""
    sheet = sheet_class(variables={"accent": "red"})
    sheet.add_source(CSS, read_from=("app.tcss", ""))
    sheet.reparse()
    sheet.add_source("Static { colour: nonsense; }", read_from=("bad.tcss", ""))
    sheet.set_variables({"accent": "blue"})
    with pytest.raises(StylesheetParseError):
        sheet.reparse()
    # The bad source is set aside; the good one stands, with the new variables.
    assert [str(rule.styles.color) for rule in sheet.rules] == ["Color(0, 0, 255)"]


# -- the guard -----------------------------------------------------------------------------


def test_patches_apply_only_to_the_textual_release_they_were_checked_against(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SAHEL_BRIEF_TEXTUAL_PATCHES", raising=False)
    assert textual_patches.patches_enabled(textual_patches.CHECKED_AGAINST)
    assert not textual_patches.patches_enabled("8.3.0")
    assert not textual_patches.patches_enabled("8.2.9")
    monkeypatch.setenv("SAHEL_BRIEF_TEXTUAL_PATCHES", "off")
    assert not textual_patches.patches_enabled(textual_patches.CHECKED_AGAINST)


def test_the_installed_textual_is_the_checked_one() -> None:
    """pyproject pins the range; a bump must re-check the patches (and this constant).
    The quick reading of the version agrees with Textual's own."""
    import textual

    assert textual_patches.installed_textual_version() == textual.__version__ == textual_patches.CHECKED_AGAINST
    assert textual_patches.ENABLED


@pytest.fixture(params=[True, False], ids=["patched", "public"])
def patched(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    monkeypatch.setattr(textual_patches, "ENABLED", request.param)
    return bool(request.param)


# -- CachedStylesheet ------------------------------------------------------------------------


def test_the_app_gets_the_cached_stylesheet_only_when_patched(patched: bool, seed_corpus: Corpus) -> None:
    app = SahelApp(seed_corpus, load_config().config)
    assert isinstance(app.stylesheet, CachedStylesheet) is patched


# -- QuickReturnApp and QuickResume ----------------------------------------------------------


@sync
async def test_a_return_to_a_view_skips_the_hold_and_the_restyle_only_when_patched(
    patched: bool, seed_corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    holds: list[float] = []
    original = App.delay_update

    def recording(self: App[None], delay: float = 0.05) -> None:
        holds.append(delay)
        original(self, delay)

    monkeypatch.setattr(App, "delay_update", recording)  # Textual's own, below the patch
    app = SahelApp(seed_corpus, load_config().config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        main = app.screen
        assert isinstance(main, MainScreen)
        app.switch_mode("glossary")  # first visit: composed now, frames held meanwhile
        assert len(holds) == 1
        await settle(pilot)
        restyles: list[object] = []
        restyle = main.update_node_styles
        monkeypatch.setattr(main, "update_node_styles", lambda animate=True: (restyles.append(main), restyle(animate)))
        app.switch_mode("reader")  # seen before: nothing half-drawn to hide
        await settle(pilot)
        assert app.screen is main
        assert len(holds) == (1 if patched else 2)
        assert bool(restyles) is not patched
