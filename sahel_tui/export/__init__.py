"""The Markdown briefing. Imports no Textual."""
