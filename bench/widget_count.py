"""Are the lists virtual? Count the widgets and list rows each view builds for a corpus.

    python bench/widget_count.py --corpus /tmp/bench2000 [--json]

Runs the real app headless (``run_test``) with scratch folders and counts, in
the reader, the actor glossary and the comparison view (when installed): the
widgets in the screen's DOM, and the rows held by each list-like widget
(OptionList options, DataTable rows). A view that scales builds a constant
number of widgets and holds about a screenful or a page of rows, whatever
the corpus size; a view that does not grows with the article count.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tmux_harness import REPO, scratch_env  # noqa: E402


def census(screen: Any) -> dict[str, Any]:
    from textual.widgets import DataTable, OptionList

    widgets = list(screen.walk_children(with_self=False))
    rows: dict[str, int] = {}
    for w in widgets:
        name = f"{type(w).__name__}#{w.id}" if w.id else type(w).__name__
        if isinstance(w, OptionList):
            rows[name] = w.option_count
        elif isinstance(w, DataTable):
            rows[name] = w.row_count
        elif hasattr(w, "option_count") and hasattr(w, "virtual_size"):
            rows[name] = -1  # a Line-API list: draws rows on demand, holds none
    return {"widgets": len(widgets), "rows_held": rows}


async def run(corpus_dir: Path, views: list[str], host_panes: bool = False) -> dict[str, Any]:
    from textual.worker import WorkerCancelled, WorkerFailed

    from sahel_tui.corpus.loader import load_corpus
    from sahel_tui.infrastructure.cache import Cache
    from sahel_tui.ui.app import SahelApp

    corpus = load_corpus(corpus_dir)
    if host_panes:
        from pane_host import hosted_app_class

        app = hosted_app_class()(corpus, analysis_cache=Cache())
    else:
        app = SahelApp(corpus, analysis_cache=Cache())
    out: dict[str, Any] = {"corpus": str(corpus_dir), "articles": len(corpus.articles)}

    async def settle(pilot: Any) -> None:
        for _ in range(3):
            await pilot.pause()
            try:
                await app.workers.wait_for_complete()
            except (WorkerCancelled, WorkerFailed):
                continue
        await pilot.pause()

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        out["reader"] = census(app.screen)
        for view in views:
            modes = getattr(app, "MODES", {})
            if view in modes:
                await app.switch_mode(view)
            else:
                out[view] = {"available": False}
                continue
            await settle(pilot)
            out[view] = census(app.screen)
            await app.switch_mode("reader")
            await pilot.pause()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=REPO / "seeds")
    parser.add_argument("--views", default="glossary,comparison")
    parser.add_argument("--host-panes", action="store_true", help="mount the views with bench/pane_host.py")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    scratch = Path(tempfile.mkdtemp(prefix="sahel-bench-widgets-"))
    os.environ.update({k: v for k, v in scratch_env(scratch).items() if k.startswith("SAHEL_BRIEF_")})
    try:
        result = asyncio.run(run(args.corpus.resolve(), args.views.split(","), args.host_panes))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"corpus: {result['corpus']} ({result['articles']} articles)")
    for view in ("reader", *args.views.split(",")):
        r = result.get(view, {})
        if r.get("available") is False:
            print(f"{view}: view not installed in this build")
            continue
        rows = ", ".join(f"{k}: {'virtual' if v < 0 else v}" for k, v in r["rows_held"].items())
        print(f"{view}: {r['widgets']} widgets; rows held: {rows or 'none'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
