"""The app with its glossary (2), comparison (3) and notes (4) views mounted, for benchmarks.

    python bench/pane_host.py --corpus DIR

Until the views are wired into ``sahel_tui.ui.app.SahelApp`` itself, the
terminal benchmarks (``--host-panes``) launch this instead: the real
SahelApp, the real view screens and their shared analysis
(``sahel_tui.ui.panes_wiring``), with one key per view as the app will have.
Once the app offers the views itself, the benchmarks run ``python -m
sahel_tui`` and this file is not used.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, ClassVar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def app_has_views() -> bool:
    """Whether SahelApp itself offers the glossary and comparison views."""
    from sahel_tui.ui.app import SahelApp

    return "glossary" in SahelApp.MODES and "comparison" in SahelApp.MODES


def hosted_app_class() -> type[Any]:
    """SahelApp with the views of ``sahel_tui.ui.panes_wiring`` as modes on keys 2-4 (1: the reader)."""
    from textual.binding import Binding, BindingType

    from sahel_tui.ui.app import SahelApp
    from sahel_tui.ui.panes_wiring import PanesApp, pane_views

    views = pane_views()

    class HostedApp(PanesApp, SahelApp):  # type: ignore[misc]
        MODES: ClassVar[dict[str, Any]] = {**SahelApp.MODES, **{mode: screen for mode, _, _, screen in views}}
        BINDINGS: ClassVar[list[BindingType]] = [
            *SahelApp.BINDINGS,
            Binding("1", "switch_mode('reader')", "Reader", id="bench.view.reader"),
            *(Binding(key, f"switch_mode('{mode}')", title, id=f"bench.view.{mode}") for mode, title, key, _ in views),
        ]

        def __init__(self, *a: Any, **k: Any) -> None:
            super().__init__(*a, **k)
            self.setup_panes()

    return HostedApp


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, required=True)
    args = parser.parse_args(argv)

    from sahel_tui.corpus.loader import load_corpus
    from sahel_tui.infrastructure.cache import Cache
    from sahel_tui.infrastructure.config import load_config

    loaded = load_config()
    corpus = load_corpus(args.corpus)
    app = hosted_app_class()(corpus, loaded.config, analysis_cache=Cache(), config_path=loaded.path)
    app.run()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
