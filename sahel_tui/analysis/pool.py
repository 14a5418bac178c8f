"""Per-article work spread over the machine's cores, in order, with a serial fallback.

Corpus-wide stages (actor discovery and mention matching) split into
independent per-article pieces; ``map_chunks`` runs them in a process pool
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
from typing import Callable, Sequence, TypeVar

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
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def chunked(items: Sequence[T], chunks: int) -> list[list[T]]:
    """``items`` cut into about ``chunks`` contiguous runs, in order."""
    if not items:
        return []
    size = max(1, -(-len(items) // max(1, chunks)))
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


def map_chunks(
    func: Callable[[list[T]], list[R]],
    items: Sequence[T],
    *,
    workers: int | None = None,
    min_items: int = MIN_PARALLEL_ITEMS,
    chunks_per_worker: int = 4,
    on_chunk: Callable[[int], None] | None = None,
) -> list[R]:
    """``func`` over contiguous chunks of ``items``, results concatenated in input order.

    ``func(chunk)`` must return one result per item. ``on_chunk(n)`` is told
    how many items each finished chunk held (for progress), in order.
    """
    n_workers = min(worker_count(workers), max(1, len(items) // max(1, min_items // 2)))
    if n_workers <= 1 or len(items) < min_items:
        return _serial(func, items, on_chunk)
    parts = chunked(items, n_workers * chunks_per_worker)
    try:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        out: list[R] = []
        pool = ProcessPoolExecutor(max_workers=n_workers, mp_context=multiprocessing.get_context("spawn"))
        try:
            for part, result in zip(parts, pool.map(func, parts)):
                out.extend(result)
                if on_chunk is not None:
                    on_chunk(len(part))
        except BaseException:
            # Ctrl+C or a cancelled job: drop the queued chunks instead of waiting for them.
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown(wait=True)
        return out
    except (OSError, ImportError, RuntimeError, EOFError) as exc:  # BrokenProcessPool is a RuntimeError
        # The pool is an optimisation: the same work runs here, with the same
        # result. Not printed: in the app, stderr is the screen.
        global last_fallback
        last_fallback = f"{type(exc).__name__}: {exc}"
        return _serial(func, items, on_chunk)


def _serial(func: Callable[[list[T]], list[R]], items: Sequence[T], on_chunk: Callable[[int], None] | None) -> list[R]:
    out: list[R] = []
    for part in chunked(items, max(1, len(items) // 100)):
        out.extend(func(part))
        if on_chunk is not None:
            on_chunk(len(part))
    return out
