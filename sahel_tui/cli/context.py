"""What every subcommand shares: the parsed arguments, the corpus (loaded once, lazily), output helpers.

The subcommands import this module, never ``sahel_tui.cli.main``: the parser
imports them, so the dependency points one way.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

if TYPE_CHECKING:
    from sahel_tui.corpus.filters import CorpusFilter, Filtered
    from sahel_tui.corpus.model import Corpus
    from sahel_tui.infrastructure.progress import StderrBar
    from sahel_tui.startup import Prefetch
    from sahel_tui.workspace import Workspace


class Context:
    """What a subcommand needs: parsed args and a lazily loaded corpus."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self._corpus: Corpus | None = None
        self._workspace: Workspace | None = None
        self.prefetch: Prefetch | None = None  # children cleaning a cold corpus ahead (sahel_tui.startup)
        # A skipped corpus file makes the exit status 2, unless the command saved a
        # change whose success the status must report (notes add/edit/delete/...).
        self.skipped_is_failure = True
        self.filtered: Filtered | None = None  # set when a filter option was given

    @property
    def corpus_root(self) -> Path:
        return resolve_corpus_root(getattr(self.args, "corpus", None))

    @property
    def corpus(self) -> Corpus:
        if self._corpus is None:
            from sahel_tui.corpus.loader import load_corpus

            from sahel_tui.corpus.loader import NoUsableArticles

            cleaned, self.prefetch = (self.prefetch.chunks() if self.prefetch is not None else None), None
            try:
                corpus = load_corpus(self.corpus_root, cleaned=cleaned)
            except NoUsableArticles as exc:
                if len(exc.skipped) > 1:  # one line names one file; the error line then sums up
                    for line in exc.skipped:
                        warn(line)
                raise
            for line in corpus.skipped:
                warn(line)
            from sahel_tui.cli.commands.filtering import apply_cli_filter

            self._corpus = apply_cli_filter(self, corpus)
        return self._corpus

    def take_prefetched(self) -> Iterator[list[Any]] | None:
        """The children's stream, for a load the caller runs itself (the app's, showing sources as they come)."""
        cleaned, self.prefetch = (self.prefetch.chunks() if self.prefetch is not None else None), None
        return cleaned

    @property
    def corpus_filter(self) -> CorpusFilter:
        from sahel_tui.cli.commands.filtering import filter_from_args

        return filter_from_args(self.args)

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


@contextlib.contextmanager
def progress_bar() -> Iterator[StderrBar]:
    """A sahel_tui.infrastructure.progress.StderrBar for one long step, cleared when it ends (however it ends)."""
    from sahel_tui.infrastructure.progress import StderrBar

    bar = StderrBar()
    try:
        yield bar
    finally:
        bar.clear()
