"""Key points, actors, comparison, chronology and framing. Imports no Textual."""
