"""Per-article work spread over the machine's cores, in order, with a serial fallback.

Corpus-wide stages (cleaning a new folder, actor discovery and mention
matching) split into independent per-article pieces; ``map_chunks`` runs them in a process pool
(``concurrent.futures.ProcessPoolExecutor``, the standard library's own pool:
results come back in submission order, and a dead worker raises instead of
hanging) and returns exactly what the serial loop would. Workers are started
with ``spawn``: the app runs analyses on threads, and forking a threaded
process can deadlock a child on a lock another thread held. So the functions
given here must be importable top-level functions, and their arguments plain
picklable data.

The pool is skipped (the work runs in this process, same results) when the
input is small (starting two interpreters costs about half a second), when
only one core is available, when ``SAHEL_BRIEF_WORKERS`` is 0 or 1, and when
processes cannot be started or die (a sandbox without semaphores, a worker
killed for memory): correctness never depends on the pool.
"""

from __future__ import annotations

import os
import sys
from typing import Any, Callable, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Why the last pool could not be used (None: it could); for diagnostics and tests.
last_fallback: str | None = None

# Below this many items the pool's start-up costs more than it saves.
MIN_PARALLEL_ITEMS = 200


def worker_count(requested: int | None = None) -> int:
    """How many processes to use: ``SAHEL_BRIEF_WORKERS`` if set, else the cores this process may use."""
    if requested is not None:
        return max(1, requested)
    env = os.environ.get("SAHEL_BRIEF_WORKERS", "").strip()
    if env:
        try:
            return max(1, int(env))
        except ValueError:
            pass  # a malformed override is ignored, not fatal
    try:
        cores = max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        cores = max(1, os.cpu_count() or 1)
    # Cores other programs keep busy give nothing but the pool's overhead
    # (spawning, pickling: about a fifth more CPU in all): measured at 2,000
    # articles on 2 cores under a load of 7-8, the pool took 48-55 s where one
    # process took 28-42 s. The load average counts this process too, hence +1.
    try:
        free = int(cores - os.getloadavg()[0] + 1.0)
    except OSError:
        free = cores
    return max(1, min(cores, free))


def chunked(items: Sequence[T], chunks: int) -> list[list[T]]:
    """``items`` cut into about ``chunks`` contiguous runs, in order."""
    if not items:
        return []
    size = max(1, -(-len(items) // max(1, chunks)))
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


class Workers:
    """A process pool that several ``map_chunks`` calls share (each spawn costs an interpreter start).

    ``with Workers(len(items)) as workers:``; ``workers.size`` is 1 when the
    work should stay in this process. Leaving the block early (Ctrl+C, a
    cancelled job) drops the queued chunks instead of waiting for them.
    """

    def __init__(self, n_items: int, workers: int | None = None, min_items: int = MIN_PARALLEL_ITEMS) -> None:
        self.size = min(worker_count(workers), max(1, n_items // max(1, min_items // 2)))
        if n_items < min_items:
            self.size = 1
        self.min_items = min_items
        self._pool: Any = None

    def executor(self) -> Any:
        if self._pool is None and self.size > 1:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            _start_resource_tracker()
            self._pool = ProcessPoolExecutor(
                max_workers=self.size, mp_context=multiprocessing.get_context("spawn"), initializer=_quiet_worker
            )
        return self._pool

    def __enter__(self) -> "Workers":
        return self

    def __exit__(self, kind: Any, value: Any, tb: Any) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=kind is None, cancel_futures=kind is not None)
            self._pool = None


def _start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker with a real file as its stderr.

    The tracker hands ``sys.stderr.fileno()`` to its process. Inside the app,
    Textual has replaced ``sys.stderr`` with a capture whose ``fileno()`` is -1,
    and spawning then fails with "bad value(s) in fds_to_keep" (seen in the
    glossary at 2,000 articles). Started once with /dev/null as stderr, the
    tracker is reused by every later spawn, which no longer reads sys.stderr.
    """
    from multiprocessing import resource_tracker

    try:
        usable = sys.stderr is not None and sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = False
    if usable:
        resource_tracker.ensure_running()
        return
    saved = sys.stderr
    with open(os.devnull, "w", encoding="utf-8") as devnull:
        sys.stderr = devnull
        try:
            resource_tracker.ensure_running()
        finally:
            sys.stderr = saved


def _quiet_worker() -> None:
    """Pool workers write nothing to the terminal: in the app, fds 1 and 2 are the screen.

    Results and errors travel back through the pool; a stray warning would
    otherwise be drawn over Textual's frame.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.close(devnull)
    except OSError:
        pass


def map_chunks(
    func: Callable[[list[T]], list[R]],
    items: Sequence[T],
    *,
    workers: "int | Workers | None" = None,
    min_items: int = MIN_PARALLEL_ITEMS,
    chunks_per_worker: int = 4,
    on_chunk: Callable[[int], None] | None = None,
) -> list[R]:
    """``func`` over contiguous chunks of ``items``, results concatenated in input order.

    ``func(chunk)`` must return one result per item. ``on_chunk(n)`` is told
    how many items each finished chunk held (for progress), in order.
    ``workers`` is a process count or a shared :class:`Workers`.
    """
    if isinstance(workers, Workers):
        return _on_pool(workers, func, items, chunks_per_worker, on_chunk)
    with Workers(len(items), workers, min_items) as pool:
        return _on_pool(pool, func, items, chunks_per_worker, on_chunk)


def _on_pool(pool: Workers, func: Callable[[list[T]], list[R]], items: Sequence[T], chunks_per_worker: int,
             on_chunk: Callable[[int], None] | None) -> list[R]:
    global last_fallback
    if pool.size <= 1 or len(items) < 2 or (pool._pool is None and len(items) < pool.min_items):
        # A pool not yet started is not started for a few items (the ten articles
        # just added to a cached corpus): two interpreters cost more than the work.
        return _serial(func, items, on_chunk)
    parts = chunked(items, pool.size * chunks_per_worker)
    out: list[R] = []
    try:
        executor = pool.executor()
        for part, result in zip(parts, executor.map(func, parts)):
            out.extend(result)
            if on_chunk is not None:
                on_chunk(len(part))
        return out
    except (OSError, ImportError, RuntimeError, EOFError, ValueError) as exc:  # BrokenProcessPool is a RuntimeError
        # The pool is an optimisation: the same work runs here, with the same
        # result. Not printed: in the app, stderr is the screen.
        last_fallback = f"{type(exc).__name__}: {exc}"
        pool.size = 1
        done = len(out)
        # Chunks already back are kept; progress was told about them.
        return out + _serial(func, items[done:], on_chunk)


def _serial(func: Callable[[list[T]], list[R]], items: Sequence[T], on_chunk: Callable[[int], None] | None) -> list[R]:
    out: list[R] = []
    for part in chunked(items, max(1, len(items) // 100)):
        out.extend(func(part))
        if on_chunk is not None:
            on_chunk(len(part))
    return out
