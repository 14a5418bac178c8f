"""Saved state: annotations, the analysis cache, config and paths. Imports no Textual."""
