"""The ``sahel-brief`` entry point: the parser and ``main``.

With no subcommand it opens the app; every capability also has a subcommand
with ``--json`` output. Each subcommand lives in its own module under
``sahel_tui/cli/commands/`` and exposes ``register(subparsers, parent)``; those
modules must stay cheap to import (heavy imports go inside ``run``), because
argparse needs all of them before it can parse anything. They import only
``sahel_tui.cli.context``, never this module.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from typing import Sequence

from sahel_tui import __version__
from sahel_tui.cli.context import Context
from sahel_tui.errors import UserError

# Order is the order of `sahel-brief --help`.
COMMAND_MODULES = (
    "sources",
    "read",
    "keypoints",
    "actors",
    "compare",
    "notes",
    "grade",
    "judgements",
    "export",
    "search",
    "changes",
    "paths",
)

# Subcommands that read the corpus take the filter options (see add_filter_arguments).
# `changes` takes them too, except --since, which there names the snapshot to compare with.
FILTERED_COMMANDS = ("sources", "read", "keypoints", "actors", "compare", "search", "export", "changes")


def _parent_parser() -> argparse.ArgumentParser:
    # SUPPRESS keeps a subcommand's own --corpus from hiding one given before it.
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--corpus", metavar="DIR", default=argparse.SUPPRESS, help="folder of .txt/.md/.html/.pdf/.docx/.eml articles")
    return parent


# Top-level options that take a value: the token after them is not a command.
_VALUE_OPTIONS = ("--corpus", "--theme")


def opens_app(argv: Sequence[str]) -> bool:
    """True when ``argv`` names no subcommand (and asks for no help): the app will open.

    Then the subcommand modules need not be imported to parse it, which the
    first paint would otherwise wait for. Any other word, known command or
    typo, goes through the full parser and its messages.
    """
    expect_value = False
    for token in argv:
        if expect_value:
            expect_value = False
            continue
        if token in ("-h", "--help", "--"):
            return False
        if token in _VALUE_OPTIONS:
            expect_value = True
        elif not token.startswith("-"):
            return False
    return True


def build_parser(with_commands: bool = True) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sahel-brief",
        description="Terminal briefing reader for security and policy analysts.",
    )
    parser.add_argument("--version", action="version", version=f"sahel-brief {__version__}")
    parser.add_argument(
        "--corpus",
        metavar="DIR",
        default=None,
        help="folder of .txt/.md/.html/.pdf/.docx/.eml articles (default: $SAHEL_BRIEF_CORPUS, else the bundled seeds)",
    )
    parser.add_argument("--theme", help="theme name for the app (saved for next time)")
    parser.add_argument("--ascii", action="store_true", default=None, help="draw with ASCII only")
    parent = _parent_parser()
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES if with_commands else ():
        importlib.import_module(f"sahel_tui.cli.commands.{name}").register(sub, parent)
    if with_commands:
        from sahel_tui.cli.commands.filtering import add_filter_arguments

        for name in FILTERED_COMMANDS:
            if name in sub.choices:
                add_filter_arguments(sub.choices[name], with_since=name != "changes")
    return parser


def _finish_background_writes() -> None:
    """A command is done when what it caches is written: a comparison is written by a thread
    while its output is printed (analysis/compare/stored.py), and a caller of ``main`` (a
    script, a test) may read the cache as soon as it returns. Only if that module was used."""
    stored = sys.modules.get("sahel_tui.analysis.compare.stored")
    if stored is not None:
        stored.wait_for_stores()


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    app = opens_app(argv)
    if app:
        from sahel_tui import startup

        startup.hold_collector()  # until the first frame is out: see sahel_tui/startup.py
    parser = build_parser(with_commands=not app)
    args = parser.parse_args(argv)
    ctx = Context(args)
    if app:
        ctx.prefetch = startup.prefetch_corpus(ctx.corpus_root)
    try:
        if args.command is None:
            from sahel_tui.cli.commands.app import run_app

            return run_app(ctx)
        status = args.func(ctx) or 0
        if status == 0 and ctx.skipped_any and ctx.skipped_is_failure:
            status = 2  # like grep and rsync: the output stands, but input was bad
        _finish_background_writes()
        return status
    except UserError as exc:
        print(f"sahel-brief: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        # Ctrl+C: what was stored stays stored (per-article caches are written as each piece finishes).
        print("sahel-brief: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `sahel-brief read x | head`: the reader left; that is not an error.
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return 0
