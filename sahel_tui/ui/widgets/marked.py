"""A checkbox and a selection list whose box says on or off in its shape, not only its colour.

Textual draws ``▐X▌`` for both states and tells them apart by colour alone: in
a monochrome terminal, under NO_COLOR or with ``--ascii`` (``|X|``) a ticked
box and an empty one looked the same. Here an unticked box is drawn empty
(``▐ ▌``, ``| |`` in ASCII).
"""

from __future__ import annotations

from typing import TypeVar

from rich.segment import Segment
from textual.content import Content
from textual.strip import Strip
from textual.widgets import Checkbox, SelectionList
from textual.widgets.option_list import OptionDoesNotExist

MARK_ON = "X"
MARK_OFF = " "

T = TypeVar("T")


class MarkedCheckbox(Checkbox):
    """A Checkbox drawn ``▐X▌`` when ticked and ``▐ ▌`` when not."""

    def render(self) -> Content:
        # BUTTON_INNER is the documented class variable for the mark; set per instance and state.
        self.BUTTON_INNER = MARK_ON if self.value else MARK_OFF
        return super().render()


class MarkedSelectionList(SelectionList[T]):
    """A SelectionList whose unselected rows show an empty box."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        try:
            option = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return strip
        if option.value in self.selected:
            return strip
        segments = list(strip)
        # SelectionList draws [left, mark, right, " ", *prompt]; only the mark changes.
        if len(segments) > 1 and segments[1].text == MARK_ON:
            segments[1] = Segment(MARK_OFF, segments[1].style, segments[1].control)
        return Strip(segments, strip.cell_length)
