"""`sahel-brief` with no subcommand: open the app.

Everything slow that does not need a terminal happens here, before the App
exists: settings, the corpus, the themes. The App then paints them at once.
"""

from __future__ import annotations

from sahel_tui.cli.context import Context


def run_app(ctx: Context) -> int:
    from sahel_tui.infrastructure.cache import Cache
    from sahel_tui.infrastructure.config import load_config

    loaded = load_config()
    # Textual first: meanwhile a cold corpus is cleaned in a child process on the
    # other core (sahel_tui.startup.prefetch_corpus), and ctx.corpus waits for it.
    from sahel_tui.ui.app import SahelApp

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
    )
    app.run()
    return app.return_code or 0
