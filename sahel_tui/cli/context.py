"""What every subcommand shares: the parsed arguments, the corpus (loaded once, lazily), output helpers.

The subcommands import this module, never ``sahel_tui.cli.main``: the parser
imports them, so the dependency points one way.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sahel_tui.corpus.model import Corpus
    from sahel_tui.startup import Prefetch
    from sahel_tui.workspace import Workspace


class Context:
    """What a subcommand needs: parsed args and a lazily loaded corpus."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self._corpus: Corpus | None = None
        self._workspace: Workspace | None = None
        self.prefetch: Prefetch | None = None  # a child building the corpus's pack (sahel_tui.startup)
        # A skipped corpus file makes the exit status 2, unless the command saved a
        # change whose success the status must report (notes add/edit/delete/...).
        self.skipped_is_failure = True

    @property
    def corpus_root(self) -> Path:
        return resolve_corpus_root(getattr(self.args, "corpus", None))

    @property
    def corpus(self) -> Corpus:
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
    def workspace(self) -> Workspace:
        """The corpus's analysis through the user's cache, as the app computes it (the same actors)."""
        if self._workspace is None:
            from sahel_tui.infrastructure.cache import Cache
            from sahel_tui.workspace import Workspace

            self._workspace = Workspace(self.corpus, Cache())
        return self._workspace

    @property
    def skipped_any(self) -> bool:
        return bool(self._corpus is not None and self._corpus.skipped)


def resolve_corpus_root(option: str | None) -> Path:
    if option:
        return Path(option).expanduser()
    env = os.environ.get("SAHEL_BRIEF_CORPUS")
    if env:
        return Path(env).expanduser()
    from sahel_tui.infrastructure.paths import seeds_dir

    return seeds_dir()


def warn(message: str) -> None:
    print(f"sahel-brief: warning: {message}", file=sys.stderr)


def print_json(value: object) -> None:
    import json

    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")
