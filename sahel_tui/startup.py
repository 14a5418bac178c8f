"""Process-level tuning for the app: the garbage collector, and a cold corpus cleaned ahead.

Before the first frame the process builds a few hundred thousand objects that
live as long as it does: Textual's modules and widgets, the corpus, the
themes. The cyclic collector scans every tracked object on each full pass, and
at start-up it ran two full passes of 40-50 ms each before the first frame
(measured with ``gc.callbacks``). So the app holds the collector until its
first frame is out, then freezes what start-up built (those objects move to
a permanent generation no later pass scans: at 2,000 articles that keeps
full passes from stalling keypresses) and lets the collector run again.
Reference counting still frees everything that is not in a cycle meanwhile.

It also cleans a corpus that has no cached pack yet in a child process, on
the other core, while this one imports Textual (see :func:`prefetch_corpus`).
"""

from __future__ import annotations

import gc
import os
import signal
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

_held = False


def hold_collector() -> None:
    """Pause cyclic collection until :func:`settle`."""
    global _held
    if gc.isenabled():
        gc.disable()
        _held = True


def settle() -> None:
    """Freeze what start-up built and resume collection (idempotent; a no-op unless held)."""
    global _held
    if _held:
        _held = False
        gc.freeze()
        gc.enable()


_pause_lock = threading.Lock()
_pauses = 0
_resume_after = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """Hold cyclic collection while an analysis builds a large, long-lived result.

    Building the comparison of 2,000 articles allocates millions of objects
    that live on; each full pass of the collector meanwhile rescanned all of
    them, 30-250 ms a time, ten passes in one computation, and two more of
    300 ms each at the next view switches (measured with ``gc.callbacks``).
    Those passes run on whichever thread allocates, holding the GIL, so the
    reader stalled while a worker computed. Here the collector waits until the
    result is built, then collects once and freezes the result like start-up's
    objects. Nested and concurrent uses (glossary and comparison workers) share
    one pause.
    """
    global _pauses, _resume_after
    with _pause_lock:
        if _pauses == 0:
            _resume_after = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _pause_lock:
            _pauses -= 1
            if _pauses == 0 and _resume_after:
                # One pass over what the pause allocated (it is all still in the
                # youngest generation) frees the cycles the analysis left behind
                # (about 40 MB at 2,000 articles) before the survivors are frozen.
                gc.collect(0)
                gc.freeze()
                gc.enable()


class Prefetch:
    """A child process building a corpus's pack; :meth:`wait` before loading the corpus."""

    def __init__(self, pid: int) -> None:
        self.pid = pid

    def stop(self) -> None:
        """The app reads the corpus itself after all (showing sources as they arrive): end the child."""
        try:
            os.kill(self.pid, signal.SIGKILL)  # its pack write is atomic: nothing torn
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass

    def wait(self, timeout: float = 120.0) -> None:
        """Let the child finish (it only fills the cache), or stop it after ``timeout``."""
        deadline = time.monotonic() + timeout
        try:
            while os.waitpid(self.pid, os.WNOHANG) == (0, 0):
                if time.monotonic() > deadline:
                    os.kill(self.pid, signal.SIGKILL)  # its pack write is atomic: nothing torn
                    os.waitpid(self.pid, 0)
                    return
                time.sleep(0.002)
        except ChildProcessError:
            pass  # already reaped


def prefetch_corpus(root: Path) -> Prefetch | None:
    """Clean and segment ``root`` in a child process when its pack is missing.

    A cold start used to clean the corpus before importing Textual, one after
    the other on one core. The child does it on the other core meanwhile and
    writes the pack; the app then loads the corpus as on a warm start. Only a
    missing pack forks (one stat): a warm load gains nothing from a second
    process, and a partly changed corpus is patched up by the app itself.
    Nothing of the child reaches the terminal; whatever goes wrong in it, the
    app's own load finds again and reports.
    """
    if not hasattr(os, "fork"):
        return None
    try:
        from sahel_tui.corpus.cached import has_pack
        from sahel_tui.infrastructure.cache import Cache

        cache = Cache()
        if not cache.enabled or has_pack(root, cache):
            return None
        pid = os.fork()
    except OSError:
        return None
    if pid:
        return Prefetch(pid)
    try:  # the child: fill the cache and leave, never returning into the caller
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        from sahel_tui.corpus.loader import load_corpus

        load_corpus(root)
    except BaseException:
        pass
    finally:
        os._exit(0)
