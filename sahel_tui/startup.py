"""Start-up tuning of the cyclic garbage collector, for the app's first paint.

Before the first frame the process builds a few hundred thousand objects that
live as long as it does: Textual's modules and widgets, the corpus, the
themes. The cyclic collector scans every tracked object on each full pass, and
at start-up it ran two full passes of 40-50 ms each before the first frame
(measured with ``gc.callbacks``). So the app holds the collector until its
first frame is out, then freezes what start-up built (those objects move to
a permanent generation no later pass scans: at 2,000 articles that keeps
full passes from stalling keypresses) and lets the collector run again.
Reference counting still frees everything that is not in a cycle meanwhile.
"""

from __future__ import annotations

import gc

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
