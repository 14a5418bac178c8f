"""sahel-brief: a terminal briefing reader for security and policy analysts."""

__version__ = "0.1.0"
