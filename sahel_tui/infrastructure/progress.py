"""Progress of long work, and its cancellation: a leaf the core reports to and any front end draws.

The analyses call ``progress.start(label, total)`` and ``progress.advance(n)``
as pieces finish; they know nothing of terminals or widgets. ``advance``
raises :class:`Cancelled` once ``cancel()`` was called (from another thread:
Escape in the app), so a job stops at its next piece, and everything it
already stored (per-article cache entries) stays stored. :class:`StderrBar`
draws one line on stderr when stderr is a terminal and nothing otherwise
(pipes and logs get no carriage-return noise).
"""

from __future__ import annotations

import sys
import threading
import time
from typing import IO, Callable


class Cancelled(Exception):
    """The job was cancelled through its Progress."""


class Progress:
    """Counts work done against a total, per stage; thread-safe to cancel. Draws nothing itself."""

    def __init__(self, on_update: Callable[["Progress"], None] | None = None) -> None:
        self.label = ""
        self.total = 0
        self.done = 0
        self.started = time.monotonic()
        self._cancel = threading.Event()
        self._on_update = on_update

    def start(self, label: str, total: int) -> None:
        self.check()
        self.label, self.total, self.done, self.started = label, max(0, total), 0, time.monotonic()
        self._update()

    def advance(self, n: int = 1) -> None:
        self.done = min(self.total, self.done + n) if self.total else self.done + n
        self._update()
        self.check()

    def finish(self) -> None:
        """The current stage is over (the bar is cleared)."""
        self.done = self.total
        self._update()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 0.0

    def eta(self) -> float | None:
        """Seconds left in this stage at the pace so far (None before any piece is done)."""
        if not self.done or not self.total:
            return None
        elapsed = time.monotonic() - self.started
        return elapsed * (self.total - self.done) / self.done

    def describe(self) -> str:
        """"actors 900/2,000 (45%), about 12 s left"."""
        if not self.total:
            return self.label
        text = f"{self.label} {self.done:,}/{self.total:,} ({self.fraction:.0%})"
        eta = self.eta()
        if eta is not None and self.done < self.total:
            text += f", about {eta:.0f} s left"
        return text

    def _update(self) -> None:
        if self._on_update is not None:
            self._on_update(self)


class StderrBar(Progress):
    """A one-line bar on stderr, drawn only when stderr is a terminal; at most 10 redraws a second."""

    def __init__(self, stream: IO[str] | None = None) -> None:
        super().__init__()
        self.stream = stream if stream is not None else sys.stderr
        try:
            self.enabled = self.stream.isatty()
        except (AttributeError, ValueError):
            self.enabled = False
        self._last = 0.0
        self._label = ""
        self._drawn = False

    def _update(self) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        finished = self.total and self.done >= self.total
        if not finished and now - self._last < 0.1 and self.label == self._label:
            return  # a new stage is always drawn; within one, 10 redraws a second at most
        self._label = self.label
        self._last = now
        if finished:
            self.clear()
            return
        width = 24
        filled = int(width * self.fraction)
        line = f"\r[{'#' * filled}{'.' * (width - filled)}] {self.describe()}"
        self.stream.write(line[:100].ljust(80))
        self.stream.flush()
        self._drawn = True

    def clear(self) -> None:
        if self.enabled and self._drawn:
            self.stream.write("\r" + " " * 100 + "\r")
            self.stream.flush()
            self._drawn = False

