"""Shared by the tests of the glossary, comparison, notes and export views."""

from __future__ import annotations

import asyncio
import functools
from typing import Any

from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Static

from sahel_tui.corpus.model import Corpus
from sahel_tui.ui.pane_data import AnnotationsChanged, JumpTo
from sahel_tui.workspace import Workspace


def sync(test):
    """Run an async Pilot test without an async pytest plugin (none is installed)."""

    @functools.wraps(test)
    def run(*args, **kwargs):
        return asyncio.run(test(*args, **kwargs))

    return run


async def settle(pilot: Pilot) -> None:
    """Let messages flow and every worker finish (a cancelled, superseded one included)."""
    from textual.worker import WorkerCancelled, WorkerFailed

    for _ in range(3):
        await pilot.pause()
        try:
            await pilot.app.workers.wait_for_complete()
        except (WorkerCancelled, WorkerFailed):
            continue
    await pilot.pause()


class HostApp(App[None]):
    """A bare app that hosts one view, as the real app will, and records jumps."""

    def __init__(self, corpus: Corpus, screen: type[Screen[Any]] | None = None, workspace: Workspace | None = None) -> None:
        super().__init__()
        self.corpus = corpus
        self.analysis_cache = None
        if workspace is not None:
            self.workspace = workspace
        self.jumps: list[JumpTo] = []
        self.changes: list[AnnotationsChanged] = []
        self._first = screen

    def compose(self) -> ComposeResult:
        yield Static("host")

    def on_mount(self) -> None:
        if self._first is not None:
            self.push_screen(self._first())

    def on_jump_to(self, message: JumpTo) -> None:
        self.jumps.append(message)

    def on_annotations_changed(self, message: AnnotationsChanged) -> None:
        self.changes.append(message)
