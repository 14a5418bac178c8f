"""How much of the interpreter background writes may take while someone is at the keyboard.

A thread that writes a large cache entry (the comparison: about 2 s of encoding
at 2,000 articles) holds the GIL half of the time, so every key the app handles
meanwhile takes about twice as long (measured: switching back from the comparison
to the reader, median 26 ms -> 73 ms). The app sets :data:`share` lower at start;
the command line leaves it at 1 (nobody is typing, and it waits for the write).
"""

from __future__ import annotations

import time
from typing import Iterable, Iterator, TypeVar

T = TypeVar("T")

share = 1.0  # the fraction of the time a paced background write may run
_BATCH = 0.02  # seconds of work between two pauses


def paced(items: Iterable[T]) -> Iterator[T]:
    """``items`` as they come, pausing between batches so that the work between two of them
    (the caller's, done while this generator is suspended) takes at most ``share`` of the time."""
    started = time.perf_counter()
    for item in items:
        yield item
        if share >= 1.0:
            continue
        worked = time.perf_counter() - started
        if worked >= _BATCH:
            time.sleep(worked * (1.0 / max(share, 0.05) - 1.0))
            started = time.perf_counter()
