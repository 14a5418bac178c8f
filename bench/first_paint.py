"""First paint of the app against a bare Textual app, and keypress-to-screen time, in tmux.

    python bench/first_paint.py [--corpus DIR] [--runs 7] [--keys 30] [--json]

First paint: launch the program in a fresh tmux server, poll ``capture-pane``
until the screen shows what a user waits for (for sahel-brief: the sources
pane and the first article's text; for the bare app: its one Static), and
take the time from launch. Both programs are measured the same way in the
same run, interleaved, so machine load hits both alike; the figure is the
ratio of the medians (budget: 1.3). "cold" gives every launch an empty cache
folder (corpus and analysis caches); "warm" reuses one that a first launch filled.

Keys: with the app open, press a key and poll until the screen changes; the
median over ``--keys`` presses of ``j``/``k`` (sentence cursor) and of ``]``/``[``
(next/previous article: new text, then key points from the worker) is the
keypress-to-screen time. Polling costs a few milliseconds, so these are upper bounds.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

BARE_APP = """
from textual.app import App
from textual.widgets import Static


class Bare(App):
    def compose(self):
        yield Static("BARE-APP-READY")


Bare().run()
"""
SIZE = ("120", "40")


class Tmux:
    """One private tmux server running one command."""

    def __init__(self, command: str, env: dict[str, str]) -> None:
        self.socket = f"sahel-bench-{uuid.uuid4().hex[:10]}"
        self.env = env
        self.command = command

    def run(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", self.socket, *args], env=self.env, capture_output=True, text=True, timeout=30
        ).stdout

    def start(self) -> float:
        started = time.perf_counter()
        self.run("new-session", "-d", "-s", "b", "-x", SIZE[0], "-y", SIZE[1], self.command + "; sleep 600")
        return started

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "b")

    def wait(self, check: Callable[[str], bool], timeout: float = 30.0) -> float:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if check(self.screen()):
                return time.perf_counter()
            time.sleep(0.005)
        raise TimeoutError(f"screen never showed what was expected:\n{self.screen()}")

    def stop(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], env=self.env, capture_output=True, timeout=30)


def paint_time(command: str, env: dict[str, str], check: Callable[[str], bool]) -> float:
    tmux = Tmux(command, env)
    try:
        started = tmux.start()
        return tmux.wait(check) - started
    finally:
        tmux.stop()


def key_times(tmux: Tmux, keys: tuple[str, str], presses: int) -> list[float]:
    """Alternate a key and its opposite, so every press changes the screen."""
    times = []
    for n in range(presses):
        key = keys[n % 2]
        before = tmux.screen()
        started = time.perf_counter()
        tmux.run("send-keys", "-t", "b", key)
        times.append(tmux.wait(lambda s: s != before, timeout=10) - started)
        time.sleep(0.05)  # let any follow-up paint (key points) land before the next press
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=REPO / "seeds")
    parser.add_argument("--runs", type=int, default=7, help="launches per program and cache state")
    parser.add_argument("--keys", type=int, default=30, help="key presses per key measured (0: skip)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if shutil.which("tmux") is None:
        print("tmux is needed for this benchmark", file=sys.stderr)
        return 2

    from sahel_tui.corpus.loader import load_corpus

    corpus = load_corpus(args.corpus)
    first = corpus.articles[0]
    sentence = next(iter(first.body_sentences), None) or next(first.sentences)
    # A few words of the first sentence: enough to prove the text is drawn, short enough not to wrap.
    words = " ".join(sentence.text.split()[:3])
    app_ready = lambda s: f"Sources ({len(corpus.articles)})" in s and words in s  # noqa: E731
    bare_ready = lambda s: "BARE-APP-READY" in s  # noqa: E731

    scratch = Path(tempfile.mkdtemp(prefix="sahel-bench-"))
    bare_script = scratch / "bare_app.py"
    bare_script.write_text(BARE_APP, encoding="utf-8")
    py = sys.executable
    app_cmd = f"{py} -m sahel_tui --corpus {args.corpus}"
    bare_cmd = f"{py} {bare_script}"

    def env_for(cache: Path) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            SAHEL_BRIEF_CONFIG_DIR=str(scratch / "config"),
            SAHEL_BRIEF_DATA_DIR=str(scratch / "data"),
            SAHEL_BRIEF_CACHE_DIR=str(cache),
        )
        return env

    results: dict[str, object] = {"corpus": str(args.corpus), "articles": len(corpus.articles), "runs": args.runs}
    try:
        # One untimed launch each, so both start from the same warm OS file cache.
        paint_time(bare_cmd, env_for(scratch / "warmup"), bare_ready)
        paint_time(app_cmd, env_for(scratch / "warm"), app_ready)
        for state in ("cold", "warm"):
            bare, app = [], []
            for run in range(args.runs):
                cache = scratch / f"cold-{run}" if state == "cold" else scratch / "warm"
                bare.append(paint_time(bare_cmd, env_for(cache), bare_ready))
                app.append(paint_time(app_cmd, env_for(cache), app_ready))
            results[state] = {
                "bare_ms": round(statistics.median(bare) * 1000, 1),
                "app_ms": round(statistics.median(app) * 1000, 1),
                "ratio": round(statistics.median(app) / statistics.median(bare), 3),
                "bare_all_ms": [round(t * 1000, 1) for t in bare],
                "app_all_ms": [round(t * 1000, 1) for t in app],
            }
        if args.keys:
            tmux = Tmux(app_cmd, env_for(scratch / "warm"))
            try:
                tmux.start()
                tmux.wait(app_ready)
                time.sleep(1.0)  # the first key points and their imports are done
                for keys, name in ((("j", "k"), "next_sentence"), (("]", "["), "next_article")):
                    times = key_times(tmux, keys, args.keys)
                    results[f"key_{name}_ms"] = {
                        "median": round(statistics.median(times) * 1000, 1),
                        "p90": round(sorted(times)[int(len(times) * 0.9) - 1] * 1000, 1),
                    }
            finally:
                tmux.stop()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(f"corpus: {results['corpus']} ({results['articles']} articles), {args.runs} launches each")
    for state in ("cold", "warm"):
        r = results[state]
        print(f"{state:>5}: app {r['app_ms']:.0f} ms, bare Textual app {r['bare_ms']:.0f} ms, ratio {r['ratio']:.2f} (budget 1.30)")  # type: ignore[index]
    for name in ("next_sentence", "next_article"):
        if f"key_{name}_ms" in results:
            k = results[f"key_{name}_ms"]
            print(f"key {name}: median {k['median']:.1f} ms, p90 {k['p90']:.1f} ms")  # type: ignore[index]
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
