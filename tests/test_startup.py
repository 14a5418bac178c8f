"""Start-up: the app's fast path through the CLI, the collector hold, and a whole first frame."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from sahel_tui.cli import main, opens_app

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.mark.parametrize(
    "argv, expected",
    [
        ([], True),
        (["--corpus", "sources"], True),  # a folder named like a command is still a folder
        (["--corpus=x", "--theme", "read", "--ascii"], True),
        (["sources"], False),
        (["sourcs"], False),  # a typo goes to the full parser and its message
        (["--corpus", "x", "read", "a"], False),
        (["-h"], False),
        (["--help"], False),
        (["--", "sources"], False),
    ],
)
def test_opens_app(argv: list[str], expected: bool) -> None:
    assert opens_app(argv) is expected


def test_a_mistyped_command_still_gets_the_full_parser(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["sourcs"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'sourcs'" in err and "sources" in err


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for command in ("sources", "read", "keypoints", "actors", "compare", "notes", "export", "search", "paths"):
        assert command in out


def test_collector_is_held_then_frozen_and_resumed() -> None:
    # In a child: freezing the test process's own objects would outlive this test.
    code = (
        "import gc\n"
        "from sahel_tui import startup\n"
        "startup.settle(); assert gc.isenabled() and gc.get_freeze_count() == 0, 'settle without hold acts'\n"
        "startup.hold_collector(); assert not gc.isenabled()\n"
        "keep = [[i] for i in range(1000)]\n"
        "startup.settle(); assert gc.isenabled() and gc.get_freeze_count() > 1000\n"
        "n = gc.get_freeze_count(); startup.settle(); assert gc.get_freeze_count() == n\n"
        "gc.disable(); startup.hold_collector(); startup.settle(); assert not gc.isenabled(), 'a caller disabled it'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


# Records what the app writes to the terminal: each write of a frame's size,
# with escape sequences removed, one per line in the output file.
RECORDER = """
import re, sys
import textual.drivers._writer_thread as W
out = open(sys.argv[1], "a", encoding="utf-8")
original = W.WriterThread.write
def write(self, data):
    if len(data) > 1000:
        out.write(re.sub(r"\\x1b\\[[0-9;?<>$]*[A-Za-z~]", "", data).replace("\\n", " ") + "\\n")
        out.flush()
    return original(self, data)
W.WriterThread.write = write
from sahel_tui.cli import main
main(sys.argv[2:])
"""


@pytest.mark.tmux
@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_the_first_frame_shows_sources_and_article_together(tmp_path: Path) -> None:
    """Textual drops the screen's first full frame (it renders inside the app's mount batch);
    the app must still send a whole one first, not the article alone in a blank terminal."""
    script = tmp_path / "recorder.py"
    script.write_text(RECORDER, encoding="utf-8")
    frames = tmp_path / "frames.txt"
    env = dict(os.environ)
    for name in ("COLUMNS", "LINES"):
        env.pop(name, None)  # pytest-xdist workers export them; tmux must size the pane itself
    socket = f"sahel-test-{uuid.uuid4().hex[:12]}"
    command = f"{sys.executable} {script} {frames} --corpus {SEEDS}; sleep 60"
    subprocess.run(
        ["tmux", "-L", socket, "new-session", "-d", "-s", "app", "-x", "120", "-y", "40", command],
        env=env, check=True, timeout=20,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not (frames.exists() and frames.read_text(encoding="utf-8").strip()):
            time.sleep(0.1)
        first = frames.read_text(encoding="utf-8").splitlines()[0]
    finally:
        subprocess.run(["tmux", "-L", socket, "kill-server"], env=env, capture_output=True, timeout=20)
    assert "Sources (3)" in first, first[:300]
    assert re.search(r"Algeria and Mali clash", first), first[:300]  # the first title, in the list
    assert "Tensions have intensified between" in first, first[:300]  # the article's first sentence
