"""Keypress-to-screen latency of the app, in tmux, against a bare Textual app's key echo.

    python bench/keypress.py --corpus /tmp/bench2000 [--presses 40] [--json]

Each measurement sends one key with ``tmux send-keys`` and polls
``capture-pane`` until the change that key should cause is on screen:

- ``next_sentence``: ``j``/``k`` in the reader, alternately; the sentence
  highlight moves (compared with the SGR escapes, as only colours change).
- ``next_article``: ``]`` through the corpus; the next article's opening words
  are drawn (its key points follow from a worker and are not waited for).
- ``glossary_filter``: in the actor glossary (``2``, then ``/``), each letter
  of a few queries; the filter box shows the typed text. The time from sending
  a whole query until the table is filtered (the view waits for a 0.12 s pause
  in typing) is reported apart.
- ``open_comparison``: ``3`` from the reader until the comparison view is
  drawn, ``1`` back; the first opening (which computes the comparison in a
  worker) is reported apart, with the time until its results are shown.

"warm" (the default) means an untimed launch first filled the caches, the
glossary's actors included; the comparison itself is not cached, so its first
opening always computes it.

The baseline is a bare Textual app that echoes every key, timed with the same
loop in the same run. Presses are ``--gap`` seconds apart (default 0.25 s, a
brisk reader), so work a key starts in the background (key points) competes
with the next key as it would for a person. Polling costs a few ms per
capture; every figure is an upper bound. Budget: median 50 ms at 2,000 articles.
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
from typing import Any, Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tmux_harness import (  # noqa: E402
    BARE_ECHO_APP,
    REPO,
    Tmux,
    app_command,
    first_words,
    load_average,
    scratch_env,
    summary,
    write_script,
)

QUERIES = ("mali", "al", "union", "bou", "minister", "zz")


def press(tmux: Tmux, key: str, check: Callable[[str, str], bool], styles: bool = False, timeout: float = 30.0) -> float:
    """Send ``key``; seconds until ``check(before, now)`` holds."""
    before = tmux.screen(styles)
    started = tmux.send(key)
    return tmux.wait(lambda now: check(before, now), timeout=timeout, styles=styles) - started


def changed(before: str, now: str) -> bool:
    return now != before


def bare_echo(scratch: Path, presses: int, gap: float) -> dict[str, float]:
    tmux = Tmux(write_script(scratch, "echo_app.py", BARE_ECHO_APP), scratch_env(scratch))
    try:
        tmux.start()
        tmux.wait(lambda s: "ECHO-READY" in s)
        times = []
        for n in range(presses):
            key = "jk"[n % 2]
            times.append(press(tmux, key, lambda b, s, n=n: f"ECHO {n + 1} " in s))
            time.sleep(gap)
        return summary(times)
    finally:
        tmux.stop()


def opening(article: Any) -> str:
    sentence = next(iter(article.body_sentences), None) or next(article.sentences)
    return first_words(sentence.text, 3)


def reader_keys(tmux: Tmux, articles: list[Any], presses: int, gap: float) -> dict[str, Any]:
    out: dict[str, Any] = {}
    times = []
    for n in range(presses):
        times.append(press(tmux, "jk"[n % 2], changed, styles=True))
        time.sleep(gap)
    out["next_sentence"] = summary(times)

    times = []
    current = 0
    for _ in range(min(presses, len(articles) - 1)):
        nxt = articles[current + 1]
        words = opening(nxt)
        if words in articles[current].text:
            # Both open alike (two rewrites of one story): any change is the answer.
            check: Callable[[str, str], bool] = changed
        else:
            check = lambda b, s, w=words: w in s  # noqa: E731
        times.append(press(tmux, "]", check))
        current += 1
        time.sleep(gap)
    out["next_article"] = summary(times)
    # Back to the first article, so the other views start from the same place.
    tmux.send(*["["] * current)
    return out


def glossary_keys(tmux: Tmux, gap: float) -> dict[str, Any]:
    out: dict[str, Any] = {}
    try:
        t = press(tmux, "2", lambda b, s: "Actors" in s and "Mentions" in s, timeout=5)
    except TimeoutError:
        return {"available": False, "reason": "no glossary view on key 2 in this build"}
    out["available"] = True
    out["open_ms"] = round(t * 1000, 1)
    started = time.perf_counter()
    tmux.wait(lambda s: re.search(r"Actors \([\d,]+\)", s) is not None, timeout=600)
    out["first_actors_ms"] = round((time.perf_counter() - started + t) * 1000, 1)
    time.sleep(0.5)
    tmux.send("/")
    time.sleep(0.3)
    echo, filtered = [], []
    unfiltered = lambda s: re.search(r"Actors \([\d,]+\)", s) is not None  # noqa: E731
    for query in QUERIES:
        # Letter by letter at a typist's pace: each letter must show in the filter box.
        for i in range(1, len(query) + 1):
            typed = query[:i]
            echo.append(press(tmux, query[i - 1], lambda b, s, q=typed: s != b and q in s, styles=True))
            time.sleep(gap)
        tmux.send("C-u")
        tmux.wait(unfiltered, timeout=30)
        time.sleep(gap)
        # The whole query at once: the table is filtered after a pause in typing (FILTER_DELAY).
        started = tmux.send(query)
        filtered.append(tmux.wait(lambda s: re.search(r"Actors \([\d,]+ of [\d,]+\)", s) is not None, timeout=30) - started)
        tmux.send("C-u")
        tmux.wait(unfiltered, timeout=30)
        time.sleep(gap)
    out["filter_echo"] = summary(echo)
    out["filtered_after_query"] = summary(filtered)
    tmux.send("Escape")
    time.sleep(0.2)
    tmux.send("1")
    tmux.wait(lambda s: "Sources (" in s, timeout=10)
    return out


def comparison_keys(tmux: Tmux, presses: int, gap: float) -> dict[str, Any]:
    out: dict[str, Any] = {}
    try:
        t = press(tmux, "3", lambda b, s: "Sections" in s and "Comparison" in s, timeout=5)
    except TimeoutError:
        return {"available": False, "reason": "no comparison view on key 3 in this build"}
    out["available"] = True
    out["first_open_ms"] = round(t * 1000, 1)
    started = time.perf_counter()
    tmux.wait(lambda s: re.search(r"Corroborated\s+[\d,]+", s) is not None, timeout=900)
    out["first_results_ms"] = round((time.perf_counter() - started + t) * 1000, 1)
    opened, back = [], []
    for _ in range(presses):
        time.sleep(gap)
        back.append(press(tmux, "1", lambda b, s: "Sources (" in s))
        time.sleep(gap)
        opened.append(press(tmux, "3", lambda b, s: re.search(r"Corroborated\s+[\d,]+", s) is not None))
    out["open"] = summary(opened)
    out["back_to_reader"] = summary(back)
    tmux.send("1")
    return out


def warm_views(tmux: Tmux) -> None:
    """Open the glossary, so a warm cache holds the actors as it would after a first session."""
    tmux.send("2")
    try:
        tmux.wait(lambda s: "Actors" in s and "Mentions" in s, timeout=5)
        tmux.wait(lambda s: re.search(r"Actors \([\d,]+\)", s) is not None, timeout=600)
    except TimeoutError:
        pass  # no glossary view in this build


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=REPO / "seeds")
    parser.add_argument("--presses", type=int, default=40, help="presses per measurement")
    parser.add_argument("--gap", type=float, default=0.25, help="seconds between presses")
    parser.add_argument("--cache", choices=("warm", "cold"), default="warm",
                        help="warm: an untimed launch fills the cache first (the usual case)")
    parser.add_argument("--views", default="reader,glossary,comparison")
    parser.add_argument("--host-panes", action="store_true",
                        help="run bench/pane_host.py: the app with its views on keys 2-4, for builds not wiring them in yet")
    parser.add_argument("--tree", type=Path, help="run the app from this checkout instead (before/after comparisons)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if shutil.which("tmux") is None:
        print("tmux is needed for this benchmark", file=sys.stderr)
        return 2
    views = set(args.views.split(","))
    scratch = Path(tempfile.mkdtemp(prefix="sahel-bench-keys-"))
    os.environ.update({k: v for k, v in scratch_env(scratch, scratch / "expect").items() if k.startswith("SAHEL_BRIEF_")})
    corpus_dir = args.corpus.resolve()
    from sahel_tui.corpus.loader import load_corpus

    articles = load_corpus(corpus_dir).articles
    result: dict[str, Any] = {"corpus": str(corpus_dir), "articles": len(articles), "presses": args.presses,
                              "gap_s": args.gap, "load_average_start": load_average()}
    try:
        result["bare_echo"] = bare_echo(scratch, args.presses, args.gap)
        env = scratch_env(scratch, scratch / "cache")
        ready = lambda s: f"Sources ({len(articles)})" in s and opening(articles[0]) in s  # noqa: E731
        if args.cache == "warm":
            warm = Tmux(app_command(corpus_dir, args.tree, args.host_panes), env)
            try:
                warm.start()
                warm.wait(ready, timeout=300)
                time.sleep(2)
                warm_views(warm)
            finally:
                warm.stop()
        tmux = Tmux(app_command(corpus_dir, args.tree, args.host_panes), env)
        try:
            tmux.start()
            tmux.wait(ready, timeout=300)
            time.sleep(1.5)  # the first key points and their imports are done
            if "reader" in views:
                result.update(reader_keys(tmux, articles, args.presses, args.gap))
            if "glossary" in views:
                result["glossary"] = glossary_keys(tmux, args.gap)
            if "comparison" in views:
                result["comparison"] = comparison_keys(tmux, max(5, args.presses // 4), args.gap)
            pid = tmux.program_pid()
            if pid is not None:
                from tmux_harness import proc_status

                result["app_peak_rss_mb"] = round(proc_status(pid)["VmHWM"] / 1024, 1)
        finally:
            tmux.stop()
        result["bare_echo_after"] = bare_echo(scratch, args.presses, args.gap)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    result["load_average_end"] = load_average()

    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"corpus: {result['corpus']} ({result['articles']} articles), {args.presses} presses, gap {args.gap}s, "
          f"load average {result['load_average_start']} -> {result['load_average_end']}")
    base = result["bare_echo"]
    print(f"bare Textual echo: median {base['median_ms']} ms, p95 {base['p95_ms']} ms "
          f"(after: {result['bare_echo_after']['median_ms']} ms)")

    budgeted = {"next_sentence", "next_article", "glossary filter_echo", "comparison open"}

    def line(name: str, s: dict[str, float]) -> None:
        budget = " (budget: median 50 ms)" if name in budgeted else ""
        print(f"{name}: median {s['median_ms']} ms, p95 {s['p95_ms']} ms (n={s['n']}), "
              f"{s['median_ms'] / base['median_ms']:.2f}x bare echo{budget}")

    for name in ("next_sentence", "next_article"):
        if name in result:
            line(name, result[name])
    for view, keys in (("glossary", ("filter_echo", "filtered_after_query")), ("comparison", ("open", "back_to_reader"))):
        r = result.get(view)
        if r is None:
            continue
        if not r.get("available"):
            print(f"{view}: {r['reason']}")
            continue
        for k in keys:
            line(f"{view} {k}", r[k])
        extras = {k: v for k, v in r.items() if k.endswith("_ms")}
        print(f"{view}: " + ", ".join(f"{k} {v:.0f}" for k, v in extras.items()))
    if "app_peak_rss_mb" in result:
        print(f"app peak RSS after all of the above: {result['app_peak_rss_mb']} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
