"""The ``sahel-brief`` entry point.

With no subcommand it opens the app; every capability also has a subcommand
with ``--json`` output. Each subcommand lives in its own module under
``sahel_tui/commands/`` and exposes ``register(subparsers, parent)``; those
modules must stay cheap to import (heavy imports go inside ``run``), because
argparse needs all of them before it can parse anything.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from sahel_tui import __version__
from sahel_tui.errors import UserError

if TYPE_CHECKING:
    from sahel_tui.startup import Prefetch

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
    "paths",
)


class Context:
    """What a subcommand needs: parsed args and a lazily loaded corpus."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self._corpus = None
        self.prefetch: Prefetch | None = None  # a child building the corpus's pack (sahel_tui.startup)
        # A skipped corpus file makes the exit status 2, unless the command saved a
        # change whose success the status must report (notes add/edit/delete/...).
        self.skipped_is_failure = True

    @property
    def corpus_root(self) -> Path:
        return resolve_corpus_root(getattr(self.args, "corpus", None))

    @property
    def corpus(self):  # -> Corpus
        if self._corpus is None:
            from sahel_tui.corpus.loader import load_corpus

            if self.prefetch is not None:
                self.prefetch.wait()
                self.prefetch = None
            self._corpus = load_corpus(self.corpus_root)
            for line in self._corpus.skipped:
                warn(line)
        return self._corpus

    @property
    def skipped_any(self) -> bool:
        return bool(self._corpus is not None and self._corpus.skipped)


def resolve_corpus_root(option: str | None) -> Path:
    if option:
        return Path(option).expanduser()
    env = os.environ.get("SAHEL_BRIEF_CORPUS")
    if env:
        return Path(env).expanduser()
    from sahel_tui.store.paths import seeds_dir

    return seeds_dir()


def warn(message: str) -> None:
    print(f"sahel-brief: warning: {message}", file=sys.stderr)


def print_json(value: object) -> None:
    import json

    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


def _parent_parser() -> argparse.ArgumentParser:
    # SUPPRESS keeps a subcommand's own --corpus from hiding one given before it.
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--corpus", metavar="DIR", default=argparse.SUPPRESS, help="folder of .txt/.md/.html articles")
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
        help="folder of .txt/.md/.html articles (default: $SAHEL_BRIEF_CORPUS, else the bundled seeds)",
    )
    parser.add_argument("--theme", help="theme name for the app (saved for next time)")
    parser.add_argument("--ascii", action="store_true", default=None, help="draw with ASCII only")
    parent = _parent_parser()
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES if with_commands else ():
        try:
            module = importlib.import_module(f"sahel_tui.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"sahel_tui.commands.{name}":
                continue  # a capability not built yet is simply not offered
            raise
        module.register(sub, parent)
    return parser


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
            from sahel_tui.commands.app import run_app

            return run_app(ctx)
        status = args.func(ctx) or 0
        if status == 0 and ctx.skipped_any and ctx.skipped_is_failure:
            status = 2  # like grep and rsync: the output stands, but input was bad
        return status
    except UserError as exc:
        print(f"sahel-brief: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `sahel-brief read x | head`: the reader left; that is not an error.
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return 0
