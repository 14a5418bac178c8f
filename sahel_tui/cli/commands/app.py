"""`sahel-brief` with no subcommand: open the app.

Everything slow that does not need a terminal happens here, before the App
exists: settings, the corpus, the themes. The App then paints them at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sahel_tui.cli.context import Context

if TYPE_CHECKING:
    from sahel_tui.corpus.index import Indexed


def run_app(ctx: Context) -> int:
    from sahel_tui.infrastructure.cache import Cache
    from sahel_tui.infrastructure.config import load_config

    loaded = load_config()
    # Textual first: meanwhile a cold corpus is cleaned in child processes on the
    # free cores (sahel_tui.startup.prefetch_corpus), streaming to the load.
    from sahel_tui.ui.app import SahelApp

    from sahel_tui.cli.commands.filtering import filter_from_args

    # With a filter on the command line the app opens on the files as they are, filtered.
    plain = not filter_from_args(ctx.args).active
    indexed = _from_index(ctx) if plain else None
    read_corpus = plain and indexed is None and _read_in_app(ctx)
    if indexed is not None:
        corpus = indexed.corpus
    elif read_corpus:
        from sahel_tui.corpus.model import Corpus

        corpus = Corpus(root=ctx.corpus_root, articles=[])  # the app reads the folder, showing each source as it comes
    else:
        corpus = ctx.corpus  # a bad corpus is a UserError, reported before any screen opens
    problems = list(loaded.problems) + [f"skipped: {line}" for line in corpus.skipped]

    app = SahelApp(
        corpus,
        loaded.config,
        problems=problems,
        theme=getattr(ctx.args, "theme", None),
        ascii=True if getattr(ctx.args, "ascii", None) else None,
        analysis_cache=Cache(),
        config_path=loaded.path,
        corpus_check=indexed.expected if indexed is not None else None,
        read_corpus=read_corpus,
        cleaned=ctx.take_prefetched() if read_corpus else None,
    )
    app.run()
    return app.return_code or 0


def _from_index(ctx: Context) -> Indexed | None:
    """The corpus as the corpus index lists it, for the first frame (checked once it is out).

    Not when the folder is gone (the load reports that).
    """
    from sahel_tui.corpus.index import load_indexed
    from sahel_tui.infrastructure.cache import Cache

    if ctx.prefetch is not None:  # no pack, so no index either
        return None
    root = ctx.corpus_root
    if not root.is_dir():
        return None
    indexed = load_indexed(root, Cache())
    if indexed is not None:
        from sahel_tui.cli.context import warn

        for line in indexed.corpus.skipped:
            warn(line)  # as a load from the files says them
    return indexed


# A folder this small is read before the first frame, as a warm one is: reading it
# in the app costs more than it saves. Measured on the three seeds, cold
# (bench/first_paint.py, 5 launches): read in the app, first paint 310 ms = 1.80x
# a bare Textual app; read first, 259 ms = 1.52x, every source listed 454 -> 347 ms.
# The byte bound keeps one large PDF from holding the first frame.
SMALL_FOLDER_FILES = 20
SMALL_FOLDER_BYTES = 512 * 1024


def _read_in_app(ctx: Context) -> bool:
    """Whether the app should read the folder itself, after its first frame, rather than before it.

    Yes when the corpus must be cleaned (no index: a new folder, a changed
    pipeline) and the folder has an article file (a missing or empty folder is
    still reported before any screen), unless it is small. The children cleaning the folder ahead
    (``startup.prefetch_corpus``) stream to the app's reading, or to the one before it.
    """
    from sahel_tui.corpus.discover import article_files_upto

    root = ctx.corpus_root
    if not root.is_dir():
        return False
    files, size = article_files_upto(root, SMALL_FOLDER_FILES)
    return files > SMALL_FOLDER_FILES or (files > 0 and size > SMALL_FOLDER_BYTES)
