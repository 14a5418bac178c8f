"""Moved to ``sahel_tui.infrastructure.tempfiles``; this name is the same module, for branches still in flight.

Nothing in sahel_tui imports it (tests/test_import_hygiene.py checks); remove it once every branch is merged.
"""

import sys

from sahel_tui.infrastructure import tempfiles

sys.modules[__name__] = tempfiles
