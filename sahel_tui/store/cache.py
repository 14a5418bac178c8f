"""Moved to ``sahel_tui.infrastructure.cache``; this name is the same module, for branches still in flight.

Nothing in sahel_tui imports it (tests/test_import_hygiene.py checks); remove it once every branch is merged.
"""

import sys

from sahel_tui.infrastructure import cache

sys.modules[__name__] = cache
