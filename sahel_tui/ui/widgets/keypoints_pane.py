"""The key-points pane: the current article's points, in document order.

The points arrive from a worker; the pane only shows them. A "computing" line
appears only if they take longer than :data:`LOADING_DELAY`, so a cached or
fast result never flashes an indicator (SSH users pay for every frame).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from sahel_tui.analysis.keypoints import KeyPoint

LOADING_DELAY = 0.25  # seconds before the "computing" line shows


class KeyPointList(OptionList):
    """The points themselves; Enter asks the reader to jump to one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Next", id="keypoints.next"),
        Binding("k", "cursor_up", "Prev", id="keypoints.previous"),
        Binding("enter", "select", "Jump", id="keypoints.jump"),
    ]


class KeyPointsPane(Vertical):
    """Status line plus the list of points for one article."""

    @dataclass
    class JumpRequested(Message):
        """Enter or a click on a point: show its sentence in the reader."""

        pane: KeyPointsPane
        point: KeyPoint

        @property
        def control(self) -> KeyPointsPane:
            return self.pane

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.points: list[KeyPoint] = []
        self._loading_timer: Timer | None = None
        self._status_text = ""

    def compose(self) -> ComposeResult:
        yield Static("", id="keypoints-status", markup=False)
        yield KeyPointList(id="keypoints-list", markup=False)

    @property
    def option_list(self) -> KeyPointList:
        return self.query_one(KeyPointList)

    @property
    def highlighted_point(self) -> KeyPoint | None:
        index = self.option_list.highlighted
        return self.points[index] if index is not None and 0 <= index < len(self.points) else None

    def _status(self, message: str) -> None:
        if message == self._status_text:
            return  # Static.update re-lays out the whole screen; skip it when nothing changes
        self._status_text = message
        status = self.query_one("#keypoints-status", Static)
        status.update(Text(message))
        status.display = bool(message)

    def _stop_timer(self) -> None:
        if self._loading_timer is not None:
            self._loading_timer.stop()
            self._loading_timer = None

    def show_pending(self, label: str) -> None:
        """Work has started; say so only if it is still running after LOADING_DELAY."""
        self._stop_timer()
        # The old rows stay until the new points (usually a few ms away) or the
        # "computing" line replace them: clearing now would re-lay out the whole
        # screen for a frame the next one undoes (~12 ms of every article switch).
        # With no points behind them they cannot be chosen (see highlighted_point).
        self.points = []

        def still_computing() -> None:
            self.option_list.clear_options()
            self._status(f"Computing key points ({label})…")

        self._loading_timer = self.set_timer(LOADING_DELAY, still_computing)

    def show_points(self, points: Sequence[KeyPoint], label: str) -> None:
        self._stop_timer()
        self.points = list(points)
        self.border_subtitle = label
        self._status("" if points else "No key points: the article has no body sentences.")
        options = []
        for n, point in enumerate(self.points, 1):
            prompt = Text(f"{n}. ", style="bold")
            prompt.append(point.text)  # article text: plain, never markup
            options.append(Option(prompt, id=point.sentence_id))
        lst = self.option_list
        lst.clear_options()
        lst.add_options(options)
        if options:
            lst.highlighted = 0

    def show_message(self, message: str) -> None:
        """An error or an unavailable analysis, in words."""
        self._stop_timer()
        self.points = []
        self.option_list.clear_options()
        self._status(message)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self.points):
            self.post_message(self.JumpRequested(self, self.points[event.option_index]))
