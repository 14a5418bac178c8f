"""The basic CLI: sources, read, paths, --version, --corpus placement, SAHEL_BRIEF_CORPUS, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sahel_tui import __version__
from sahel_tui.cli import main

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def small(tmp_path: Path) -> Path:
    root = tmp_path / "small"
    root.mkdir()
    (root / "one.txt").write_text("First Story\n\nA thing happened in Gao. People noticed.\n", encoding="utf-8")
    (root / "two.md").write_text("# Second Story\n\nAnother thing happened. It was *also* noticed.\n", encoding="utf-8")
    return root


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out, err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"sahel-brief {__version__}"


def test_sources_text_and_json(small: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(["sources", "--corpus", str(small)], capsys)
    assert (status, err) == (0, "")
    assert "1. one" in out and "2. two" in out and "First Story" in out and "Second Story" in out
    status, out, _ = run(["sources", "--json", "--corpus", str(small)], capsys)
    records = json.loads(out)
    assert status == 0 and [r["id"] for r in records] == ["one", "two"]
    keys = {
        "id", "path", "title", "author", "publisher", "date", "date_earliest", "date_latest", "description",
        "place", "url", "retrieved", "inferred", "provenance", "content_hash", "words", "paragraphs", "sentences",
        "removed", "format", "pages", "warnings", "date_placement",
    }  # fmt: skip
    assert set(records[0]) == keys
    assert records[0]["format"] == "text" and records[0]["pages"] is None and records[0]["warnings"] == []
    assert records[0]["words"] == 7 and records[0]["paragraphs"] == 1 and records[0]["sentences"] == 2


@pytest.mark.parametrize("where", ["before", "after"])
def test_corpus_option_before_or_after_the_subcommand(small: Path, where: str, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--corpus", str(small), "read", "one"] if where == "before" else ["read", "one", "--corpus", str(small)]
    status, out, _ = run(argv, capsys)
    assert status == 0
    assert out == "First Story\n\nA thing happened in Gao. People noticed.\n"


def test_read_by_number_prefix_and_json(small: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["read", "2", "--corpus", str(small)], capsys)[1].startswith("Second Story")
    assert run(["read", "tw", "--corpus", str(small)], capsys)[1].startswith("Second Story")
    status, out, _ = run(["read", "two", "--json", "--corpus", str(small)], capsys)
    data = json.loads(out)
    assert status == 0
    assert set(data) == {"id", "path", "meta", "content_hash", "text", "paragraphs", "sentences", "removed", "warnings", "attributions"}
    assert data["text"] == "Second Story\n\nAnother thing happened. It was also noticed."
    assert [s["id"] for s in data["sentences"]] == ["two-p1-s1", "two-p2-s1", "two-p2-s2"]
    for s in data["sentences"]:
        assert data["text"][s["start"] : s["end"]] == s["text"]


def test_unknown_article_is_exit_2(small: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(["read", "nope", "--corpus", str(small)], capsys)
    assert status == 2 and out == ""
    assert err == "sahel-brief: error: unknown article 'nope' (try `sahel-brief sources`)\n"


def test_environment_variable_names_the_corpus(
    small: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SAHEL_BRIEF_CORPUS", str(small))
    status, out, _ = run(["sources", "--json"], capsys)
    assert status == 0 and [r["id"] for r in json.loads(out)] == ["one", "two"]
    # The option wins over the environment.
    status, out, _ = run(["sources", "--json", "--corpus", str(REPO / "seeds")], capsys)
    assert len(json.loads(out)) == 3


def test_default_corpus_is_the_bundled_seeds(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["sources", "--json"], capsys)
    assert status == 0 and len(json.loads(out)) == 3


def test_paths(monkeypatch: pytest.MonkeyPatch, small: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["paths", "--json", "--corpus", str(small)], capsys)
    found = json.loads(out)
    assert status == 0
    assert found["cache"] == os.environ["SAHEL_BRIEF_CACHE_DIR"] and found["corpus"] == str(small)
    assert {"config", "data", "cache", "seeds", "themes", "corpus"} <= set(found)
    status, out, _ = run(["paths"], capsys)
    assert status == 0 and "config" in out and "cache" in out


def test_paths_honour_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for name in ("CONFIG", "DATA", "CACHE"):
        monkeypatch.delenv(f"SAHEL_BRIEF_{name}_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    status, out, _ = run(["paths", "--json"], capsys)
    assert status == 0 and json.loads(out)["cache"] == str(tmp_path / "xdg-cache" / "sahel-brief")


def test_console_entry_point_in_a_fresh_process(small: Path, tmp_path: Path) -> None:
    env = {**os.environ, "SAHEL_BRIEF_CORPUS": str(small), "SAHEL_BRIEF_NO_CACHE": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "sahel_tui", "sources", "--json"], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    assert [r["id"] for r in json.loads(proc.stdout)] == ["one", "two"]
    proc = subprocess.run([sys.executable, "-m", "sahel_tui", "--version"], capture_output=True, text=True, cwd=tmp_path)
    assert (proc.returncode, proc.stdout.strip()) == (0, f"sahel-brief {__version__}")
    proc = subprocess.run(
        [sys.executable, "-m", "sahel_tui", "read", "x", "--corpus", str(tmp_path / "none")],
        capture_output=True, text=True, cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith("sahel-brief: error: corpus folder not found")
