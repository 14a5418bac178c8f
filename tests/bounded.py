"""Bounded-work checks: how many Python function calls something makes, not how long it takes.

A wall-clock limit fails on a loaded machine and passes a quadratic algorithm
on a fast one; a call count is the same on every run, so a limit proportional
to the input catches a blow-up (markdown-it on unclosed brackets, a YAML alias
bomb, a pair-wise comparison of every article) and nothing else. Timing is
measured by the scripts in bench/.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Iterator


@dataclass
class Work:
    calls: int = 0  # Python function calls made (C functions are not counted)


@contextmanager
def counted() -> Iterator[Work]:
    """Count the Python function calls made in this thread inside the block."""
    work = Work()

    def profile(frame: Any, event: str, arg: Any) -> None:
        if event == "call":
            work.calls += 1

    previous = sys.getprofile()
    sys.setprofile(profile)
    try:
        yield work
    finally:
        sys.setprofile(previous)
