"""The leaf every layer may use: where files live (paths), the analysis cache, the settings, temp files.

Imports nothing else from sahel_tui (``sahel_tui.errors`` aside) and never Textual.
"""
