"""One module per briefing section; each renders to Markdown or None (left out)."""
