"""What the glossary, comparison and notes views have in common.

- ``data``: the app's shared :class:`~sahel_tui.workspace.Workspace` (actors, comparison, store).
- A status line that says "working…" only once work has taken longer than
  :data:`LOADING_DELAY`, so fast (cached) results never flash an indicator.
- Failed workers become one readable notification, never a traceback.
- The footer lists help and quit first, then the view's own keys, as the
  reader does, so a narrow terminal still shows what a new user looks for.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.timer import Timer
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from sahel_tui.ui.footer_order import FooterOrderedScreen
from sahel_tui.ui.pane_data import JumpTo, workspace_of
from sahel_tui.ui.textual_patches import QuickResume
from sahel_tui.workspace import Workspace

LOADING_DELAY = 0.25  # seconds before a "working" line shows


class PaneScreen(QuickResume, FooterOrderedScreen):
    """A full-screen view over the shared analysis; subclasses compose the rest."""

    # Selectors below name their screen themselves (and the app's -ascii class).
    SCOPED_CSS = False
    DEFAULT_CSS = """
    PaneScreen .pane-box {
        border: round $border-blurred;
        border-title-color: $foreground;
        border-subtitle-color: $foreground-muted;
        background: $surface;
        height: 1fr;
    }
    PaneScreen .pane-box:focus-within {
        border: round $border;
        border-title-style: bold;
    }
    PaneScreen .pane-status {
        padding: 0 1;
        color: $text-muted;
        height: auto;
        display: none;
    }
    PaneScreen DataTable, PaneScreen OptionList {
        scrollbar-size-vertical: 1;
    }
    PaneScreen OptionList, PaneScreen OptionList:focus {
        border: none;
        background: $surface;
        padding: 0;
    }
    PaneScreen OptionList > .option-list--option {
        padding: 0 1;
    }
    SahelApp.-ascii PaneScreen .pane-box {
        border: ascii $border-blurred;
    }
    SahelApp.-ascii PaneScreen .pane-box:focus-within {
        border: ascii $border;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._loading_timer: Timer | None = None

    @property
    def data(self) -> Workspace:
        return workspace_of(self.app)

    # -- status ---------------------------------------------------------------------------

    def status_widget(self) -> Static:
        return self.query_one(".pane-status", Static)

    def set_status(self, message: str | Text) -> None:
        status = self.status_widget()
        status.update(message if isinstance(message, Text) else Text(message))
        status.display = bool(message)

    def show_pending(self, message: str) -> None:
        """Work has started; say ``message`` only if it still runs after LOADING_DELAY."""
        self.stop_pending()
        self._loading_timer = self.set_timer(LOADING_DELAY, lambda: self.set_status(message))

    def stop_pending(self) -> None:
        if self._loading_timer is not None:
            self._loading_timer.stop()
            self._loading_timer = None

    # -- jumping ---------------------------------------------------------------------------

    def jump(self, article_id: str | None, sentence_id: str | None, span: tuple[int, int] | None = None) -> None:
        """Ask the app to show a sentence in the reader."""
        if not article_id or not sentence_id:
            self.notify("This item has no sentence to show.", severity="warning", timeout=3)
            return
        if article_id not in self.data.articles:
            self.notify(f"{article_id} is not in this corpus.", severity="warning", timeout=3)
            return
        self.post_message(JumpTo(article_id, sentence_id, span))

    # -- failures ---------------------------------------------------------------------------

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        if event.state != WorkerState.ERROR:
            return
        self.stop_pending()
        error: Any = event.worker.error
        message = str(error) or type(error).__name__
        self.set_status(f"Failed: {message}")
        self.notify(f"{self.title or 'View'} failed: {message}", severity="error", timeout=8)
        self.worker_failed(event.worker)

    def worker_failed(self, worker: Worker[Any]) -> None:
        """Hook: a subclass may reset state after a failed worker."""
