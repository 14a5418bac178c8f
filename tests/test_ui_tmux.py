"""End to end in a real terminal: tmux at 80x24, keys in, screen text out.

This covers what Pilot cannot: the real driver, escape-key timing, the
terminal's size and TERM. Each test gets its own tmux server (-L) so parallel
runs never see each other, and the server is killed however the test ends.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Callable, Iterator

import pytest

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


class Terminal:
    def __init__(self, socket: str, env: dict[str, str]) -> None:
        self.socket = socket
        self.env = env

    def tmux(self, *args: str) -> str:
        proc = subprocess.run(["tmux", "-L", self.socket, *args], env=self.env, capture_output=True, text=True, timeout=20)
        return proc.stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "app")

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.tmux("send-keys", "-t", "app", key)
            # ESC followed at once by a key reads as alt+key; real typists pause.
            time.sleep(0.15 if key == "Escape" else 0.03)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", "app", "-l", text)

    def wait_for(self, check: Callable[[str], bool], what: str, timeout: float = 15.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if check(screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}; screen was:\n{screen}")


@pytest.fixture(params=[{}, {"TERM": "linux", "NO_COLOR": "1"}], ids=["default", "linux-no-color"])
def terminal(request: pytest.FixtureRequest) -> Iterator[Terminal]:
    env = dict(os.environ)
    socket = f"sahel-test-{uuid.uuid4().hex[:12]}"
    term = Terminal(socket, env)
    overrides = " ".join(f"{k}={v}" for k, v in request.param.items())
    # The shell prints the exit status and lingers, so a crash stays readable.
    command = f"env {overrides} {sys.executable} -m sahel_tui --corpus {SEEDS}; echo APP-EXIT=$?; sleep 120"
    term.tmux("new-session", "-d", "-s", "app", "-x", "80", "-y", "24", command)
    try:
        yield term
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], env=env, capture_output=True, timeout=20)


def test_keyboard_only_session_at_80x24(terminal: Terminal, seed_corpus) -> None:
    articles = seed_corpus.articles
    t = terminal
    t.wait_for(lambda s: "Sources (3)" in s and "Key points" in s, "the first paint")
    screen = t.wait_for(lambda s: "1. " in s and "? Keys" in s, "key points and the footer, without a keypress")
    assert articles[0].body_sentences[0].text.split()[0] in screen
    assert len(screen.splitlines()[0]) <= 80

    t.keys("?")
    t.wait_for(lambda s: "Find a phrase in this article" in s and "Anywhere" in s, "the help screen")
    t.keys("Escape")
    t.wait_for(lambda s: "Find a phrase in this article" not in s, "help to close")

    # Pick each article.
    for article in articles[1:]:
        t.keys("]")
        t.wait_for(lambda s, a=article: a.title[:20] in s, f"article {article.id}")

    # Read: the cursor walks down and the view follows.
    t.keys(*["j"] * 8)
    t.keys("y")
    t.wait_for(lambda s: "Copied" in s, "the copy notification")

    # Jump from a key point to its sentence.
    t.keys("Tab")
    t.keys("Enter")

    # Search the corpus and jump to a hit.
    t.keys("s")
    t.wait_for(lambda s: "Search the corpus" in s, "the search dialog")
    t.type("Kidal")
    t.wait_for(lambda s: "sentences in" in s, "search results")
    t.keys("Enter")
    t.wait_for(lambda s: "Search the corpus" not in s and "match" in s, "the jump to a hit")

    # Change the key-point method.
    t.keys("m")
    t.wait_for(lambda s: "Method (Enter applies)" in s, "the method dialog")
    t.keys("Down", "Enter")
    t.wait_for(lambda s: "lead, auto" in s, "key points by the new method")

    # Change the theme.
    t.keys("t")
    t.wait_for(lambda s: "Search for themes" in s, "the theme picker")
    t.type("sahel-light")
    t.wait_for(lambda s: s.count("sahel-light") >= 2, "the theme in the picker's list")
    t.keys("Enter")
    config = Path(os.environ["SAHEL_BRIEF_CONFIG_DIR"]) / "config.toml"
    deadline = time.monotonic() + 10
    while 'theme = "sahel-light"' not in config.read_text(encoding="utf-8") and time.monotonic() < deadline:
        time.sleep(0.1)
    assert 'theme = "sahel-light"' in config.read_text(encoding="utf-8")
    assert 'method = "lead"' in config.read_text(encoding="utf-8")
    t.wait_for(lambda s: "sahel-light" not in s, "the theme picker to close")

    t.keys("q")
    t.wait_for(lambda s: "APP-EXIT=0" in s, "a clean exit")
