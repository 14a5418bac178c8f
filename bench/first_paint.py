"""First paint and time-to-interactive of the app against a bare Textual app, in tmux.

    python bench/first_paint.py [--corpus DIR ...] [--runs 7] [--against CHECKOUT] [--json]

First paint: launch the program in a fresh tmux server, poll ``capture-pane``
until the screen shows what a user waits for (for sahel-brief: the sources
pane's title with the article count and the first article's text; for the
bare app: its one Static), and take the time from launch. Both programs are
measured the same way in the same run, interleaved round by round with the
app's cold and warm launches (rotating order), so machine load hits all alike;
the figure is the ratio of the medians (budget: 1.3), with the median of the
per-round ratios beside it. ``--against`` launches a second checkout (say, main
before a change) in the same rounds, for a before/after in one run.

First paint is the sources pane with sources in it and the first article's
text: a cold start lists sources as it reads them ("Sources (73, 3% read)"),
and "every source listed" is when the title shows the whole count.

Interactive: the same launch, then ``]`` is sent the moment the first paint is
seen, and the clock stops when the second article's text is on screen. That
is "the screen shows the sources and the article, and a keypress is answered"
(budget on the warm 2,000-article corpus: 2 s).

"cold" gives every launch an empty cache folder (corpus pack and analysis
caches); "warm" reuses one that an untimed launch filled. Before timing, one
untimed launch of each program warms the OS file cache, so "cold" means a cold
application cache, not a cold disk. Keypress latency is bench/keypress.py.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tmux_harness import (  # noqa: E402
    BARE_APP,
    REPO,
    Tmux,
    app_command,
    first_words,
    load_average,
    scratch_env,
    write_script,
)


def paint_time(command: str, env: dict[str, str], check: Callable[[str], bool]) -> float:
    tmux = Tmux(command, env)
    try:
        started = tmux.start()
        return tmux.wait(check, timeout=600) - started
    finally:
        tmux.stop()


def paint_and_complete(
    command: str, env: dict[str, str], painted: Callable[[str], bool], complete: Callable[[str], bool]
) -> tuple[float, float]:
    tmux = Tmux(command, env)
    try:
        started = tmux.start()
        paint = tmux.wait(painted, timeout=120) - started
        return paint, tmux.wait(complete, timeout=600) - started
    finally:
        tmux.stop()


def interactive_time(
    command: str,
    env: dict[str, str],
    painted: Callable[[str], bool],
    answered: Callable[[str], bool],
    presses: int,
    complete: Callable[[str], bool],
) -> tuple[float, float, float]:
    """(first paint, keypress answered, every source listed), all from launch."""
    tmux = Tmux(command, env)
    try:
        started = tmux.start()
        paint = tmux.wait(painted, timeout=120) - started
        tmux.send(*["]"] * presses)
        ready = tmux.wait(answered, timeout=60) - started
        return paint, ready, tmux.wait(complete, timeout=600) - started
    finally:
        tmux.stop()


# The title while the app reads a folder it has no index for (sources shown as they arrive).
PARTIAL = re.compile(r"Sources \(\d+, \d+% read\)")


def opening(article: Any) -> str:
    sentence = next(iter(article.body_sentences), None) or next(article.sentences)
    return first_words(sentence.text, 3)


def measure(
    corpus_dir: Path, runs: int, scratch: Path, tree: Path | None = None, against: Path | None = None
) -> dict[str, Any]:
    """``against``: a second checkout (before a change), launched in the same rounds as ``tree``."""
    from sahel_tui.corpus.loader import load_corpus

    corpus = load_corpus(corpus_dir)  # with the caller's (scratch) cache: only to know what to expect
    arts = corpus.articles
    words = opening(arts[0])
    title = f"Sources ({len(arts)})"
    # First paint: the sources pane with sources in it and the first article's text. A cold
    # start shows sources as it reads them ("Sources (73, 3% read)"); "complete" is when
    # every one is listed.
    app_ready = lambda s: words in s and (title in s or PARTIAL.search(s) is not None)  # noqa: E731
    app_complete = lambda s: title in s  # noqa: E731
    bare_ready = lambda s: "BARE-APP-READY" in s  # noqa: E731
    # The article that ``]`` opens (or the first one after it whose opening words are
    # not in the first article: rewrites of one story can open alike).
    target = next((i for i in range(1, len(arts)) if opening(arts[i]) not in arts[0].text), None)
    answered = None
    if target is not None:
        target_words = opening(arts[target])
        answered = lambda s: target_words in s  # noqa: E731
    presses = target or 0

    tag = corpus_dir.name
    bare_cmd = write_script(scratch, "bare_app.py", BARE_APP)
    commands = {"app": app_command(corpus_dir, tree)}
    if against is not None:
        commands["against"] = app_command(corpus_dir, against)
    warm_caches = {name: scratch / f"{tag}-warm-{name}" for name in commands}
    # One untimed launch each: the same OS file cache for all, and the warm caches filled.
    paint_time(bare_cmd, scratch_env(scratch, scratch / "warmup"), bare_ready)
    for name, command in commands.items():
        # Until every source is listed: a cold launch stopped at its first paint leaves no index behind.
        paint_time(command, scratch_env(scratch, warm_caches[name]), app_complete)

    result: dict[str, Any] = {"corpus": str(corpus_dir), "articles": len(arts), "runs": runs, "load_average_start": load_average()}
    # Each round launches the bare app and each program on a cold and a warm cache,
    # in an order that rotates from round to round: the machine's drift (these
    # machines are shared) then reaches all alike, and each launch is also compared
    # with the bare launch of its own round.
    bare: list[float] = []
    launches = ["bare", *((name, state) for name in commands for state in ("cold", "warm"))]
    app: dict[tuple[str, str], list[float]] = {(n, s): [] for n in commands for s in ("cold", "warm")}
    inter: dict[tuple[str, str], list[float]] = {(n, s): [] for n in commands for s in ("cold", "warm")}
    whole: dict[tuple[str, str], list[float]] = {(n, s): [] for n in commands for s in ("cold", "warm")}
    for run in range(runs):
        shift = run % len(launches)
        for what in launches[shift:] + launches[:shift]:
            if what == "bare":
                bare.append(paint_time(bare_cmd, scratch_env(scratch, scratch / "warmup"), bare_ready))
                continue
            name, state = what
            cache = scratch / f"{tag}-cold-{name}-{run}" if state == "cold" else warm_caches[name]
            env = scratch_env(scratch, cache)
            if answered is not None:
                paint, ready, done = interactive_time(commands[name], env, app_ready, answered, presses, app_complete)
                inter[what].append(ready)
                whole[what].append(done)
            else:
                paint, done = paint_and_complete(commands[name], env, app_ready, app_complete)
                whole[what].append(done)
            app[what].append(paint)
            if state == "cold":
                shutil.rmtree(cache, ignore_errors=True)

    def figures(name: str, state: str) -> dict[str, Any]:
        times, ready = app[(name, state)], inter[(name, state)]
        return {
            "bare_ms": round(statistics.median(bare) * 1000, 1),
            "app_ms": round(statistics.median(times) * 1000, 1),
            "ratio": round(statistics.median(times) / statistics.median(bare), 3),
            "paired_ratio": round(statistics.median(a / b for a, b in zip(times, bare)), 3),
            "interactive_ms": round(statistics.median(ready) * 1000, 1) if ready else None,
            "complete_ms": round(statistics.median(whole[(name, state)]) * 1000, 1),
            "bare_all_ms": [round(t * 1000, 1) for t in bare],
            "app_all_ms": [round(t * 1000, 1) for t in times],
            "interactive_all_ms": [round(t * 1000, 1) for t in ready],
        }

    for state in ("cold", "warm"):
        result[state] = figures("app", state)
    if against is not None:
        result["against"] = {"tree": str(against), **{state: figures("against", state) for state in ("cold", "warm")}}
    result["load_average_end"] = load_average()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, action="append", help="corpus folder (repeatable; default: the seeds)")
    parser.add_argument("--runs", type=int, default=7, help="launches per program and cache state")
    parser.add_argument("--tree", type=Path, help="run the app from this checkout instead (before/after comparisons)")
    parser.add_argument("--against", type=Path, help="also launch this checkout (e.g. main), in the same rounds")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if shutil.which("tmux") is None:
        print("tmux is needed for this benchmark", file=sys.stderr)
        return 2
    corpora = args.corpus or [REPO / "seeds"]
    scratch = Path(tempfile.mkdtemp(prefix="sahel-bench-paint-"))
    # The expectations are computed with scratch folders too, never the real cache.
    import os

    os.environ.update({k: v for k, v in scratch_env(scratch, scratch / "expect").items() if k.startswith("SAHEL_BRIEF_")})
    results = []
    try:
        for corpus_dir in corpora:
            results.append(measure(corpus_dir.resolve(), args.runs, scratch, args.tree, args.against))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    for r in results:
        print(f"corpus: {r['corpus']} ({r['articles']} articles), {r['runs']} launches each, "
              f"load average {r['load_average_start']} -> {r['load_average_end']}")
        rows = [("", r)] + ([(f"{r['against']['tree']} ", r["against"])] if "against" in r else [])
        for label, figures in rows:
            for state in ("cold", "warm"):
                s = figures[state]
                line = (f"{label}{state:>5}: first paint app {s['app_ms']:.0f} ms, bare Textual app {s['bare_ms']:.0f} ms, "
                        f"ratio {s['ratio']:.2f}, per round {s['paired_ratio']:.2f} (budget {'2.00' if state == 'cold' else '1.30'})")
                if s["interactive_ms"] is not None:
                    line += f"; interactive {s['interactive_ms']:.0f} ms"
                line += f"; every source listed {s['complete_ms']:.0f} ms"
                print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
