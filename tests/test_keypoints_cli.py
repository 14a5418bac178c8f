"""`sahel-brief keypoints`: JSON shape, human output, errors, and an offline run."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sahel_tui.analysis.keypoints import DEFAULT_METHOD, METHODS
from sahel_tui.cli import main

REPO = Path(__file__).resolve().parent.parent

ARTICLE_A = """Herders and Farmers Clash Over Grazing Routes

Clashes between herders and farmers in central Mali killed at least twelve people last week, local officials said. The violence followed a dispute over access to water points along a seasonal grazing route. Both communities accused the other of breaking an agreement reached last year.

Mediators from the regional council travelled to the area on Sunday. They said talks would resume once the dead had been buried. Security forces were deployed to keep the two sides apart.
"""

ARTICLE_B = """Solar Project Brings Power to Northern Towns

A solar plant opened on Monday near Gao, bringing electricity to three towns that had relied on diesel generators. The project was financed by a development bank and built in eighteen months. Officials said power cuts in the towns would fall sharply.

Residents welcomed the change but worried about the cost of connections. The operator promised subsidised tariffs for the poorest households.
"""


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "herders.txt").write_text(ARTICLE_A, "utf-8")
    (root / "solar.txt").write_text(ARTICLE_B, "utf-8")
    return root


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_json_covers_every_article_with_the_contract_keys(corpus: Path, capsys) -> None:
    status, out, err = _run(capsys, "keypoints", "--corpus", str(corpus), "--json")
    assert status == 0, err
    data = json.loads(out)
    assert [d["article"] for d in data] == ["herders", "solar"]
    texts = {"herders": ARTICLE_A, "solar": ARTICLE_B}
    for record in data:
        assert set(record) == {"article", "method", "points"}
        assert record["method"] == DEFAULT_METHOD
        assert 3 <= len(record["points"]) <= 5
        for p in record["points"]:
            assert set(p) == {"text", "sentence_id", "paragraph", "start", "end", "score", "rank"}
            assert p["sentence_id"].startswith(record["article"] + "-p")
            assert p["text"] in texts[record["article"]]


def test_json_offsets_slice_the_read_text(corpus: Path, capsys) -> None:
    _, out, _ = _run(capsys, "keypoints", "herders", "--corpus", str(corpus), "--json", "-m", "lexrank", "-n", "2")
    points = json.loads(out)[0]["points"]
    _, read_out, _ = _run(capsys, "read", "herders", "--corpus", str(corpus), "--json")
    text = json.loads(read_out)["text"]
    assert len(points) == 2
    for p in points:
        assert text[p["start"] : p["end"]] == p["text"]


def test_ratio_and_method_options(corpus: Path, capsys) -> None:
    status, out, _ = _run(capsys, "keypoints", "solar", "--corpus", str(corpus), "--json", "--ratio", "0.5", "--method", "lead")
    assert status == 0
    record = json.loads(out)[0]
    assert record["method"] == "lead"
    assert [p["rank"] for p in record["points"]] == [1, 2, 3]  # 5 sentences x 0.5, rounded up


def test_human_output_shows_ids_and_ranks(corpus: Path, capsys) -> None:
    status, out, _ = _run(capsys, "keypoints", "1", "--corpus", str(corpus), "-n", "2")
    assert status == 0
    assert "herders — Herders and Farmers Clash Over Grazing Routes" in out
    assert "[1] herders-p2-s1" in out
    assert "solar" not in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["keypoints", "nope"], "unknown article 'nope'"),
        (["keypoints", "--method", "bogus"], "unknown method 'bogus'"),
        (["keypoints", "--count", "0"], "--count must be above 0"),
        (["keypoints", "--count", "-3"], "--count must be above 0"),
        (["keypoints", "--count", "two"], "--count must be a whole number"),
        (["keypoints", "--ratio", "0"], "--ratio must be above 0"),
        (["keypoints", "--ratio", "1.5"], "--ratio must be above 0"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(corpus: Path, capsys, argv: list[str], message: str) -> None:
    status, out, err = _run(capsys, *argv, "--corpus", str(corpus))
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("sahel-brief: error: ")
    assert message in err


def _unshare_works() -> bool:
    if shutil.which("unshare") is None:
        return False
    return subprocess.run(["unshare", "-rn", "true"], capture_output=True).returncode == 0


def test_every_method_offline_with_fresh_home_and_no_nltk_data(corpus: Path, tmp_path: Path) -> None:
    """A real process: no network namespace (when unshare is usable), empty HOME and NLTK_DATA."""
    home = tmp_path / "home"
    nltk_data = tmp_path / "nltk_data"
    home.mkdir()
    nltk_data.mkdir()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "NLTK_DATA": str(nltk_data),
        "LANG": "C.UTF-8",
        "PYTHONPATH": str(REPO),
        "SAHEL_BRIEF_CACHE_DIR": str(tmp_path / "cache"),
        "SAHEL_BRIEF_CONFIG_DIR": str(tmp_path / "config"),
        "SAHEL_BRIEF_DATA_DIR": str(tmp_path / "data"),
    }
    # One interpreter runs every method, so the heavy imports are paid once.
    script = (
        "import json, sys\n"
        "from sahel_tui.cli import main\n"
        f"for m in {list(METHODS)!r}:\n"
        f"    rc = main(['keypoints', '--corpus', {str(corpus)!r}, '--json', '--method', m, '--count', '2'])\n"
        "    if rc: sys.exit(rc)\n"
    )
    command = [sys.executable, "-c", script]
    offline = _unshare_works()
    if offline:
        command = ["unshare", "-rn", *command]
    proc = subprocess.run(command, env=env, capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    decoder = json.JSONDecoder()
    results, text = [], proc.stdout.strip()
    while text:
        value, end = decoder.raw_decode(text)
        results.append(value)
        text = text[end:].lstrip()
    assert [r[0]["method"] for r in results] == list(METHODS)
    assert all(len(article["points"]) == 2 for r in results for article in r)
    assert not any(home.iterdir()), "the run wrote into HOME"
    if not offline:
        pytest.skip("ran with the network present: unshare -rn is not usable here")
