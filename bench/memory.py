"""Peak RSS of the real app process on a corpus, read from /proc while it runs in tmux.

    python bench/memory.py --corpus /tmp/bench2000 [--cache warm|cold] [--json]

The app is launched as a user would (``python -m sahel_tui --corpus DIR``) in
a private tmux server with scratch folders. Its resident set (VmRSS) and peak
(VmHWM) are read from ``/proc/<pid>/status``:

1. after the first paint and the first article's key points;
2. after the actor glossary has its actors (key ``2``), when the view exists;
3. after the comparison view shows its results (key ``3``), when it exists, and
   again once the comparison is written to the cache (a thread does that after).

The budget is a peak of 600 MB at 2,000 articles. A bare Textual app's RSS is
given for scale, measured the same way in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tmux_harness import (  # noqa: E402
    BARE_APP,
    REPO,
    Tmux,
    app_command,
    first_words,
    load_average,
    proc_status,
    scratch_env,
    write_script,
)


def snapshot(tmux: Tmux) -> dict[str, float]:
    pid = tmux.program_pid()
    if pid is None:
        return {}
    status = proc_status(pid)
    return {"rss_mb": round(status["VmRSS"] / 1024, 1), "peak_mb": round(status["VmHWM"] / 1024, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=REPO / "seeds")
    parser.add_argument("--settle", type=float, default=60.0,
                        help="at most this many seconds to wait for the comparison's cache entry (a tree without one waits them all)")
    parser.add_argument("--cache", choices=("warm", "cold"), default="cold",
                        help="cold: nothing cached (the worst case for memory)")
    parser.add_argument("--host-panes", action="store_true",
                        help="run bench/pane_host.py: the app with its views on keys 2-4, for builds not wiring them in yet")
    parser.add_argument("--tree", type=Path, help="run the app from this checkout instead (before/after comparisons)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if shutil.which("tmux") is None:
        print("tmux is needed for this benchmark", file=sys.stderr)
        return 2
    scratch = Path(tempfile.mkdtemp(prefix="sahel-bench-mem-"))
    os.environ.update({k: v for k, v in scratch_env(scratch, scratch / "expect").items() if k.startswith("SAHEL_BRIEF_")})
    corpus_dir = args.corpus.resolve()
    from sahel_tui.corpus.loader import load_corpus

    articles = load_corpus(corpus_dir).articles
    first = next(iter(articles[0].body_sentences), None) or next(articles[0].sentences)
    ready = lambda s: f"Sources ({len(articles)})" in s and first_words(first.text, 3) in s  # noqa: E731
    result: dict[str, Any] = {"corpus": str(corpus_dir), "articles": len(articles), "cache": args.cache,
                              "load_average_start": load_average()}
    try:
        bare = Tmux(write_script(scratch, "bare_app.py", BARE_APP), scratch_env(scratch))
        try:
            bare.start()
            bare.wait(lambda s: "BARE-APP-READY" in s)
            time.sleep(0.5)
            result["bare_app"] = snapshot(bare)
        finally:
            bare.stop()
        env = scratch_env(scratch, scratch / "cache")
        if args.cache == "warm":
            warm = Tmux(app_command(corpus_dir, args.tree, args.host_panes), env)
            try:
                warm.start()
                warm.wait(ready, timeout=300)
                time.sleep(2)
            finally:
                warm.stop()
        tmux = Tmux(app_command(corpus_dir, args.tree, args.host_panes), env)
        try:
            tmux.start()
            tmux.wait(ready, timeout=300)
            time.sleep(2.0)  # the first key points
            result["after_load"] = snapshot(tmux)
            tmux.send("2")
            try:
                tmux.wait(lambda s: "Actors" in s and "Mentions" in s, timeout=5)  # the view exists
                tmux.wait(lambda s: re.search(r"Actors \([\d,]+\)", s) is not None, timeout=600)
                time.sleep(0.5)
                result["after_glossary"] = snapshot(tmux)
            except TimeoutError:
                result["after_glossary"] = {"available": False}
            tmux.send("3")
            try:
                tmux.wait(lambda s: "Sections" in s and "Comparison" in s, timeout=5)
                tmux.wait(lambda s: re.search(r"Corroborated\s+[\d,]+", s) is not None, timeout=900)
                time.sleep(0.5)
                result["after_comparison"] = snapshot(tmux)
                # A comparison that was computed is then written to the cache by a thread
                # (analysis/compare/stored.py): its peak counts too, so wait for the entry.
                entries = scratch / "cache" / "analysis" / "comparison"
                deadline = time.monotonic() + args.settle
                while time.monotonic() < deadline and not any(entries.glob("*/[!.]*.json")):
                    time.sleep(0.25)
                time.sleep(0.5 if time.monotonic() < deadline else 0)
                result["after_comparison_stored"] = snapshot(tmux)
            except TimeoutError:
                result["after_comparison"] = {"available": False}
                result["after_comparison_stored"] = {"available": False}
            result["peak_mb"] = snapshot(tmux).get("peak_mb")
        finally:
            tmux.stop()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    result["load_average_end"] = load_average()

    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"corpus: {result['corpus']} ({result['articles']} articles), {args.cache} cache, "
          f"load average {result['load_average_start']} -> {result['load_average_end']}")
    print(f"bare Textual app: RSS {result['bare_app'].get('rss_mb')} MB")
    for step in ("after_load", "after_glossary", "after_comparison", "after_comparison_stored"):
        s = result[step]
        if s.get("available") is False:
            print(f"{step}: view not available in this build")
        else:
            print(f"{step}: RSS {s.get('rss_mb')} MB, peak so far {s.get('peak_mb')} MB")
    print(f"app peak RSS: {result['peak_mb']} MB (budget 600 MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
