"""The command line: ``main`` (the ``sahel-brief`` entry point) and one module per subcommand.

- ``main``: the parser and the dispatch; imports the subcommands lazily.
- ``context``: what the subcommands share (``Context``, ``print_json``, ``warn``).
- ``commands/``: one module per subcommand; each imports ``context`` only.
"""

from sahel_tui.cli.main import build_parser, main, opens_app

__all__ = ["build_parser", "main", "opens_app"]
