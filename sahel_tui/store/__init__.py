"""Saved state: annotations, verdicts, grades, actor edits (SQLite and files). Imports no Textual."""
