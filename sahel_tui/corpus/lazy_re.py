"""Regular expressions compiled on first use.

The app's start-up imports the corpus modules to load a cached corpus, and a
warm load uses few of their patterns; compiling all of them at import cost
about 8 ms of the first paint (measured). ``lazy(pattern, flags)`` stands in
for ``re.compile`` at module level: it compiles on first use, then hands out
the compiled pattern's own methods, so a hot loop pays nothing extra.
"""

from __future__ import annotations

import re
from typing import Any

_FORWARDED = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "pattern", "flags", "groups", "groupindex")


class LazyPattern:
    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._source = (pattern, flags)

    def __getattr__(self, name: str) -> Any:
        # Only reached until the first use: afterwards the names live on the instance.
        compiled = re.compile(*self._source)
        for forwarded in _FORWARDED:
            setattr(self, forwarded, getattr(compiled, forwarded))
        return getattr(compiled, name)


def lazy(pattern: str, flags: int = 0) -> Any:
    """A pattern compiled on first use (typed as ``Any``: it behaves as ``re.Pattern``)."""
    return LazyPattern(pattern, flags)
