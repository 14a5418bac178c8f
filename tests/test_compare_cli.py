"""`sahel-brief compare`: JSON keys, sections, human output, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sahel_tui.cli import main

KEYS = ("similarity", "corroborated", "single_source", "discrepancies", "chronology", "coverage", "framing")


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def two(tmp_path: Path) -> Path:
    root = tmp_path / "two"
    root.mkdir()
    (root / "a.txt").write_text(
        "Port strike\n\nDockers in Marlow began a strike on 4 May 2021 over unpaid wages.\n\n"
        "The union says 3,200 workers have joined the stoppage so far.\n",
        encoding="utf-8",
    )
    (root / "b.txt").write_text(
        "Marlow dockers walk out\n\nThe strike by Marlow dockers over unpaid wages started on 4 May 2021.\n\n"
        "Union leaders said 2,900 workers had joined the stoppage.\n",
        encoding="utf-8",
    )
    return root


def test_json_has_every_key(two: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["compare", "--json", "--corpus", str(two)], capsys)
    assert status == 0
    data = json.loads(out)
    for key in KEYS:
        assert key in data
    assert data["corroborated"] and data["corroborated"][0]["sources"] == 2
    kinds = {d["kind"] for d in data["discrepancies"]}
    assert "quantity" in kinds
    assert data["chronology"][0]["date"] == "2021-05-04"
    assert set(data["chronology"][0]["sources"]) == {"a", "b"}


def test_section_filter_repeatable_and_comma(two: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["--corpus", str(two), "compare", "--json", "--section", "chronology,similarity",
                          "--section", "discrepancies"], capsys)
    assert status == 0
    data = json.loads(out)
    assert data["sections"] == ["similarity", "discrepancies", "chronology"]
    assert "framing" not in data and "corroborated" not in data


def test_bad_section_is_one_line_and_exit_2(two: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(["compare", "--section", "gossip", "--corpus", str(two)], capsys)
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("sahel-brief: error: unknown section 'gossip'")


def test_human_output_cites_sentences(two: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["compare", "--corpus", str(two)], capsys)
    assert status == 0
    for title in ("Similarity", "Corroborated claims", "Single-source claims", "Discrepancies", "Chronology",
                  "Actor coverage", "Framing"):
        assert title in out
    assert "a-p" in out and "b-p" in out  # sentence ids to jump to
    assert "2021-05-04" in out


def test_seeds_human_output(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["compare", "--section", "discrepancies,chronology"], capsys)
    assert status == 0
    assert "date of the same event: 2020 (" in out and "against 2021 (" in out and "1 year apart" in out
    assert "year unresolved" in out  # the drone incident


def test_output_does_not_depend_on_string_hashing(tmp_path: Path) -> None:
    """Set iteration order changes with PYTHONHASHSEED; the comparison must not."""
    import os
    import subprocess
    import sys

    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "SAHEL_BRIEF_NO_CACHE": "1"}
        proc = subprocess.run(
            [sys.executable, "-m", "sahel_tui", "compare", "--json"],
            capture_output=True, text=True, env=env, timeout=120,
        )
        assert proc.returncode == 0, proc.stderr[-2000:]
        outputs.append(proc.stdout)
    assert outputs[0] == outputs[1]
