"""Errors that reach the user as one clear line, never as a traceback."""


class UserError(Exception):
    """Bad input or a refused operation: the CLI prints it on one line and exits 2."""

    exit_code = 2
