"""What the terminal benchmarks share: a private tmux server, scratch folders, bare Textual apps.

Every terminal figure is taken the same way: start a program in a fresh tmux
server (120x40), then poll ``tmux capture-pane`` until the screen shows what a
user waits for. The same polling loop times a bare Textual app in the same
run, so the ratio between the two is what the machine's load cannot skew.
Polling costs a few milliseconds per capture, so every time is an upper bound.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parent.parent
SIZE = ("120", "40")
POLL = 0.003  # seconds between captures: a capture itself takes 2-5 ms

# The baseline for first paint: Textual's own start-up and one widget.
BARE_APP = """
from textual.app import App
from textual.widgets import Static


class Bare(App):
    def compose(self):
        yield Static("BARE-APP-READY")


Bare().run()
"""

# The baseline for keypresses: every key is echoed with a counter, so each
# press changes the screen, as a key handled by the real app does.
BARE_ECHO_APP = """
from textual.app import App
from textual.widgets import Static


class Echo(App):
    count = 0

    def compose(self):
        yield Static("ECHO-READY", id="echo")

    def on_key(self, event):
        self.count += 1
        self.query_one("#echo", Static).update(f"ECHO {self.count} {event.key}")


Echo().run()
"""


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

    def screen(self, styles: bool = False) -> str:
        """The visible text; with ``styles``, SGR escapes too (a moved highlight changes only those)."""
        return self.run("capture-pane", "-p", *(["-e"] if styles else []), "-t", "b")

    def wait(self, check: Callable[[str], bool], timeout: float = 30.0, styles: bool = False) -> float:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if check(self.screen(styles)):
                return time.perf_counter()
            time.sleep(POLL)
        raise TimeoutError(f"screen never showed what was expected:\n{self.screen()}")

    def send(self, *keys: str) -> float:
        started = time.perf_counter()
        self.run("send-keys", "-t", "b", *keys)
        return started

    def program_pid(self) -> int | None:
        """The pid of the benchmarked program: the child of the pane's shell."""
        out = self.run("list-panes", "-t", "b", "-F", "#{pane_pid}").strip()
        if not out.isdigit():
            return None
        shell = int(out)
        try:
            children = Path(f"/proc/{shell}/task/{shell}/children").read_text().split()
        except OSError:
            return None
        return int(children[0]) if children else shell

    def stop(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], env=self.env, capture_output=True, timeout=30)


def scratch_env(scratch: Path, cache: Path | None = None) -> dict[str, str]:
    """Environment with the app's folders in ``scratch``: the real home is never touched."""
    env = dict(os.environ)
    env.update(
        SAHEL_BRIEF_CONFIG_DIR=str(scratch / "config"),
        SAHEL_BRIEF_DATA_DIR=str(scratch / "data"),
        SAHEL_BRIEF_CACHE_DIR=str(cache if cache is not None else scratch / "cache"),
    )
    env.pop("SAHEL_BRIEF_NO_CACHE", None)
    return env


def write_script(scratch: Path, name: str, source: str) -> str:
    path = scratch / name
    path.write_text(source, encoding="utf-8")
    return f"{sys.executable} {path}"


def compile_tree(tree: Path) -> None:
    """Write the checkout's bytecode, as ``pip install`` does for a wheel.

    An editable checkout run with PYTHONDONTWRITEBYTECODE=1 (set on these
    machines) recompiles every module of the app at each launch, about 45 ms
    that no installed copy pays; the bare app's Textual is installed and
    compiled, so leaving ours uncompiled would not compare like with like.
    """
    import compileall

    compileall.compile_dir(str(tree / "sahel_tui"), quiet=1)


def app_command(corpus: Path, tree: Path | None = None, host_panes: bool = False) -> str:
    """The app as a user starts it; ``tree`` runs another checkout's code (a before/after comparison).

    ``host_panes`` runs bench/pane_host.py instead: the same app with the glossary,
    comparison and notes views on keys 2-4, for builds that do not wire them in yet.
    """
    compile_tree(tree or REPO)
    if host_panes:
        return f"cd {tree or REPO} && {sys.executable} {Path(__file__).with_name('pane_host.py')} --corpus {corpus}"
    return f"cd {tree or REPO} && {sys.executable} -m sahel_tui --corpus {corpus}"


def proc_status(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (peak RSS) of ``pid`` in kB."""
    out: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(value.split()[0])
    return out


def summary(times: list[float]) -> dict[str, float]:
    """Median and p95 in milliseconds (p95 by nearest rank)."""
    ordered = sorted(times)
    p95 = ordered[max(0, min(len(ordered) - 1, round(0.95 * len(ordered)) - 1))]
    return {"median_ms": round(statistics.median(ordered) * 1000, 1), "p95_ms": round(p95 * 1000, 1), "n": len(ordered)}


def load_average() -> float:
    return round(os.getloadavg()[0], 2)


def first_words(text: str, n: int = 4) -> str:
    """A few words of a sentence: enough to prove it is drawn, short enough not to wrap."""
    return " ".join(text.split()[:n])
