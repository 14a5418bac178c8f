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


ESCAPE = re.compile(r"\x1b(\[[0-9;?<>$=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\\\)|[()][A-Z0-9]|[=>78])")


@pytest.mark.tmux
@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
@pytest.mark.parametrize("patches", ["on", "off"])
def test_the_first_frame_shows_sources_and_article_together(tmp_path: Path, patches: str) -> None:
    """Textual drops the screen's first full frame (it renders inside the app's mount batch);
    with the patch (ui/textual_patches.py FirstFrameApp) the app still sends a whole one first,
    not the article alone in a blank terminal. What the app wrote is recorded by tmux
    (pipe-pane), byte for byte: in a whole frame each row is drawn left to right, so the
    sources pane's title and first entry come before the article's first sentence.
    Without the patch (any other Textual release) the app must still start and show both."""
    record = tmp_path / "terminal.out"
    go = tmp_path / "go"
    env = dict(os.environ)
    for name in ("COLUMNS", "LINES"):
        env.pop(name, None)  # pytest-xdist workers export them; tmux must size the pane itself
    env["SAHEL_BRIEF_TEXTUAL_PATCHES"] = patches
    socket = f"sahel-test-{uuid.uuid4().hex[:12]}"
    # The app starts only once the recording is attached, so no byte is missed.
    command = (
        f"while [ ! -e {go} ]; do sleep 0.05; done; "
        f"SAHEL_BRIEF_TEXTUAL_PATCHES={patches} {sys.executable} -m sahel_tui --corpus {SEEDS}; sleep 60"
    )
    tmux = ["tmux", "-L", socket]
    subprocess.run([*tmux, "new-session", "-d", "-s", "app", "-x", "120", "-y", "40", command], env=env, check=True, timeout=20)
    try:
        subprocess.run([*tmux, "pipe-pane", "-t", "app", "-O", f"cat >> {record}"], env=env, check=True, timeout=20)
        go.touch()
        wanted = ("Sources (3)", "Algeria and Mali clash", "Tensions have intensified between")
        deadline = time.monotonic() + 60
        text = ""
        while time.monotonic() < deadline:
            text = ESCAPE.sub("", record.read_text(encoding="utf-8", errors="replace")) if record.exists() else ""
            if all(w in text for w in wanted):
                break
            time.sleep(0.1)
    finally:
        subprocess.run([*tmux, "kill-server"], env=env, capture_output=True, timeout=20)
    positions = [text.find(w) for w in wanted]
    assert all(p >= 0 for p in positions), text[:600]
    if patches == "on":
        sources, title, sentence = positions
        assert sources < sentence and title < sentence, text[:600]


def test_prefetch_streams_a_cold_folder_to_the_load_silently(tmp_path: Path, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from sahel_tui.corpus import loader
    from sahel_tui.corpus.cached import has_pack
    from sahel_tui.infrastructure.cache import Cache
    from sahel_tui.startup import prefetch_corpus

    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    (corpus / "broken.txt").write_bytes(b"\x00\x01binary")  # the children must not print its warning
    for i in range(60):  # several chunks, so both children send some
        (corpus / f"n{i:02d}.md").write_text(f"# Note {i}\n\nThe convoy reached Gao with {i + 2} trucks.\n", encoding="utf-8")
    monkeypatch.setenv("SAHEL_BRIEF_WORKERS", "2")
    monkeypatch.setattr("os.getloadavg", lambda: (0.0, 0.0, 0.0))
    assert not has_pack(corpus, Cache())
    prefetch = prefetch_corpus(corpus)
    assert prefetch is not None and len(prefetch.pids) == 2
    got: list[int] = []
    real = loader._article_from_bytes

    def spy(data, article_id, path, kind, cache, prepared=None):  # type: ignore[no-untyped-def]
        got.append(prepared is not None)
        return real(data, article_id, path, kind, cache, prepared)

    monkeypatch.setattr(loader, "_article_from_bytes", spy)
    streamed = loader.load_corpus(corpus, cleaned=prefetch.chunks())
    assert sum(got) == len(streamed.articles)  # every article came cleaned from a child
    assert prefetch.pids == []  # reaped
    monkeypatch.setattr(loader, "_article_from_bytes", real)
    plain = loader.load_corpus(corpus, Cache(tmp_path / "other"))
    assert streamed.articles == plain.articles and streamed.skipped == plain.skipped
    assert has_pack(corpus, Cache())
    out, err = capfd.readouterr()
    assert out == "" and err == ""
    assert prefetch_corpus(corpus) is None  # warm now: nothing to do


def test_a_child_that_dies_leaves_the_rest_to_the_load(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os
    import signal

    from sahel_tui.corpus import loader
    from sahel_tui.infrastructure.cache import Cache
    from sahel_tui.startup import prefetch_corpus

    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    monkeypatch.setenv("SAHEL_BRIEF_WORKERS", "2")
    monkeypatch.setattr("os.getloadavg", lambda: (0.0, 0.0, 0.0))
    prefetch = prefetch_corpus(corpus)
    assert prefetch is not None
    for pid in prefetch.pids:
        os.kill(pid, signal.SIGKILL)
    streamed = loader.load_corpus(corpus, cleaned=prefetch.chunks())
    assert streamed.articles == loader.load_corpus(corpus, Cache(tmp_path / "other")).articles


def test_no_prefetch_without_a_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sahel_tui.startup import prefetch_corpus

    monkeypatch.setenv("SAHEL_BRIEF_NO_CACHE", "1")
    assert prefetch_corpus(SEEDS) is None


def test_a_missing_corpus_is_still_one_line_from_the_app(tmp_path: Path) -> None:
    """The app path forks a prefetch for a folder that does not exist; the error is the app's own."""
    proc = subprocess.run(
        [sys.executable, "-m", "sahel_tui", "--corpus", str(tmp_path / "nowhere")],
        capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("sahel-brief: error:"), proc.stderr


def test_collector_paused_nests_freezes_and_respects_a_held_collector() -> None:
    code = (
        "import gc, threading\n"
        "from sahel_tui.startup import collector_paused, hold_collector, settle\n"
        "with collector_paused():\n"
        "    assert not gc.isenabled()\n"
        "    with collector_paused():\n"
        "        keep = [[i] for i in range(5000)]\n"
        "    assert not gc.isenabled(), 'the inner exit must not resume'\n"
        "    garbage = [[] for _ in range(100)]\n"
        "    for g in garbage: g.append(g)  # cycles the pass must free\n"
        "    del garbage, g\n"
        "assert gc.isenabled() and gc.get_freeze_count() >= 5000\n"
        "frozen = gc.get_freeze_count()\n"
        "barrier = threading.Barrier(2)\n"
        "def work():\n"
        "    with collector_paused():\n"
        "        barrier.wait(); barrier.wait()\n"
        "threads = [threading.Thread(target=work) for _ in range(2)]\n"
        "[t.start() for t in threads]; [t.join() for t in threads]\n"
        "assert gc.isenabled()\n"
        "hold_collector()\n"
        "with collector_paused():\n"
        "    pass\n"
        "assert not gc.isenabled(), 'start-up hold outlives an analysis'\n"
        "settle(); assert gc.isenabled()\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
