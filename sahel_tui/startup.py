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
import itertools
import os
import signal
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

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
    """Children cleaning a cold corpus folder ahead, each sending its share of the chunks down a pipe.

    ``chunks()`` gives :func:`sahel_tui.corpus.loader.clean_files`'s results
    over :func:`~sahel_tui.corpus.loader.cleaning_plan`, in order, as the
    load wants them (``load_corpus(..., cleaned=...)``): child k cleans chunks
    k, k+n, k+2n... A thread per pipe drains it, so no child ever waits for the
    reader. A child that dies ends the stream early; the load cleans what is
    left itself.
    """

    def __init__(self, pids: list[int], fds: list[int]) -> None:
        self.pids, self.fds = pids, fds
        self._used = False

    def chunks(self) -> Iterator[list[Any]]:
        import pickle
        import queue

        if self._used:
            return
        self._used = True
        queues: list[queue.Queue[bytes | None]] = [queue.Queue() for _ in self.fds]
        for fd, q in zip(self.fds, queues):
            threading.Thread(target=_drain, args=(fd, q), daemon=True).start()
        try:
            for j in itertools.count():
                try:
                    # A child stuck on one file (a minute for 25 files) is given up: the load cleans the rest.
                    frame = queues[j % len(queues)].get(timeout=60)
                except queue.Empty:
                    return
                if not frame:  # the end of the plan (b"") or a child gone (None)
                    return
                yield pickle.loads(frame)
        finally:
            self.stop()

    def stop(self) -> None:
        """End every child (they only clean; nothing of theirs is kept) and reap it."""
        for pid in self.pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
        self.pids = []


def _drain(fd: int, q: Any) -> None:
    """Frames from one child's pipe into ``q``: b"" at the plan's end, None if the child went away first."""
    with os.fdopen(fd, "rb") as pipe:
        while True:
            head = pipe.read(8)
            if len(head) < 8:
                q.put(None)
                return
            size = int.from_bytes(head, "big")
            if size == 0:
                q.put(b"")
                return
            frame = pipe.read(size)
            if len(frame) < size:
                q.put(None)
                return
            q.put(frame)


def prefetch_corpus(root: Path) -> Prefetch | None:
    """Clean ``root`` in child processes when its pack is missing (a folder never opened).

    A cold start used to clean the corpus before importing Textual, one after
    the other on one core. The children start before Textual is imported, one
    per free core, and stream what they clean to the load, which shows each
    source as it arrives. They are forked now, before this process has any
    thread (forking a threaded process can deadlock the child). Only a missing
    pack forks (one stat): a warm load gains nothing, and a partly changed
    corpus is patched up by the load itself. Nothing of the children reaches
    the terminal; whatever goes wrong in them, the load finds again and reports.
    """
    if not hasattr(os, "fork"):
        return None
    try:
        from sahel_tui.corpus.cached import has_pack
        from sahel_tui.infrastructure.cache import Cache
        from sahel_tui.infrastructure.pool import worker_count

        cache = Cache()
        if not cache.enabled or has_pack(root, cache):
            return None
        n = worker_count()
    except OSError:
        return None
    pids: list[int] = []
    fds: list[int] = []
    for k in range(n):
        try:
            r, w = os.pipe()
            pid = os.fork()
        except OSError:
            break
        if pid == 0:
            _clean_share(root, k, n, w, [r, *fds])  # never returns
        os.close(w)
        pids.append(pid)
        fds.append(r)
    return Prefetch(pids, fds) if pids else None


def _clean_share(root: Path, k: int, n: int, w: int, others: list[int]) -> None:
    """In child k of n: clean chunks k, k+n, ... of the plan and send each down ``w``; then exit."""
    try:
        for fd in others:
            os.close(fd)
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        import pickle

        from sahel_tui.corpus.loader import clean_files, cleaning_plan

        with os.fdopen(w, "wb") as pipe:
            for j, chunk in enumerate(cleaning_plan(root)):
                if j % n == k:
                    frame = pickle.dumps(clean_files(chunk), protocol=pickle.HIGHEST_PROTOCOL)
                    pipe.write(len(frame).to_bytes(8, "big") + frame)
                    pipe.flush()
            pipe.write(bytes(8))
    except BaseException:
        pass
    finally:
        os._exit(0)
