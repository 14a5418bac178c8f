"""One vocabulary for sections: the CLI accepts what the dialog and the views show, and says it back the same way."""

from __future__ import annotations

import pytest

from sahel_tui.analysis.compare import parse_sections as compare_sections
from sahel_tui.errors import UserError
from sahel_tui.export.options import SECTION_LABELS, SECTION_NAMES, SECTIONS, parse_sections, section_name
from sahel_tui.ui.widgets.compare_items import SECTIONS as VIEW_SECTIONS


@pytest.mark.parametrize("key", SECTIONS)
def test_every_export_name_and_dialog_label_selects_its_section(key: str) -> None:
    assert parse_sections([SECTION_NAMES[key]]) == (key,)
    assert parse_sections([SECTION_LABELS[key].lower().replace(" ", "-")]) == (key,)
    assert section_name(key) == SECTION_NAMES[key]


def test_former_names_still_work_and_errors_name_the_new_ones() -> None:
    assert parse_sections(["glossary", "annotations", "compare"]) == ("glossary", "comparison", "annotations")
    assert parse_sections(["actors,notes", "key_points"]) == ("keypoints", "glossary", "annotations")
    with pytest.raises(UserError) as err:
        parse_sections(["cross-source"])
    assert "actors" in str(err.value) and "notes" in str(err.value) and "glossary" not in str(err.value)


def test_the_dialog_label_is_the_name_in_words() -> None:
    for key in SECTIONS:
        assert SECTION_LABELS[key].lower().replace(" ", "") == SECTION_NAMES[key], key


@pytest.mark.parametrize(("key", "label"), [(k, lbl) for k, lbl, _ in VIEW_SECTIONS])
def test_compare_accepts_the_view_labels(key: str, label: str) -> None:
    assert compare_sections([key]) == (key,)
    assert compare_sections([label]) == (key,)
    assert compare_sections([label.lower().replace(" ", "-")]) == (key,)
