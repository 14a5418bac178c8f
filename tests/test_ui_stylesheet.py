"""CachedStylesheet: the same CSS with the same variables is parsed once; a change still re-parses."""

from __future__ import annotations

import pytest
import textual.css.stylesheet as stylesheet_module
from textual.css.stylesheet import Stylesheet, StylesheetParseError

from sahel_tui.ui.stylesheet import CachedStylesheet

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
