"""The benchmark scripts run and report on a tiny corpus (their figures are not checked here)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"


def _run(*args: str, timeout: float = 120) -> str:
    proc = subprocess.run([sys.executable, *args], cwd=REPO, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bench") / "tiny"
    _run(str(BENCH / "gen_corpus.py"), str(out), "-n", "6", "--seed", "3", "--source", str(REPO / "seeds"))
    return out


def test_throughput_reports_every_stage_asked(tiny: Path) -> None:
    out = json.loads(_run(str(BENCH / "throughput.py"), str(tiny), "--stages", "ingest+keypoints,all", "--cores", "2", "--json"))
    assert [r["stage"] for r in out] == ["ingest+keypoints", "all"]
    for r in out:
        assert r["articles"] == 6 and r["seconds"] > 0 and r["peak_rss_mb"] > 0
    assert out[0]["points"] > 0  # the pool's workers computed key points
    assert "actors" in out[1]["timings"]  # the whole comparison ran on the pool's articles


def test_export_bench_runs_the_cli(tiny: Path) -> None:
    out = json.loads(_run(str(BENCH / "export_bench.py"), "--corpus", str(tiny), "--runs", "1", "--json"))
    assert out[0]["articles"] == 6 and out[0]["bytes"] > 0
    assert out[0]["cold"]["median_s"] > 0 and out[0]["warm"]["peak_rss_mb"] > 0


def test_widget_count_sees_a_virtual_sources_list(tiny: Path) -> None:
    out = json.loads(_run(str(BENCH / "widget_count.py"), "--corpus", str(tiny), "--views", "", "--json"))
    assert out["articles"] == 6
    assert out["reader"]["rows_held"]["SourcesList#sources"] == -1  # draws rows on demand, holds none


def test_run_all_lists_one_command_per_benchmark() -> None:
    sys.path.insert(0, str(BENCH))
    try:
        import run_all
    finally:
        sys.path.remove(str(BENCH))
    names = [name for name, _ in run_all.commands(Path("/tmp/corpus"), quick=True)]
    assert len(names) == len(set(names))
    assert {"first_paint_seeds", "keypress_2000", "memory_2000", "throughput_2000", "export"} <= set(names)


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is needed")
def test_first_paint_measures_app_and_bare_app() -> None:
    out = json.loads(_run(str(BENCH / "first_paint.py"), "--corpus", str(REPO / "seeds"), "--runs", "1", "--json"))
    for state in ("cold", "warm"):
        assert out[0][state]["app_ms"] > 0 and out[0][state]["bare_ms"] > 0
        assert out[0][state]["interactive_ms"] >= out[0][state]["app_ms"]


def test_keypoints_scale_reports_memory_per_sentence_count() -> None:
    out = subprocess.run(
        [sys.executable, str(BENCH / "keypoints_scale.py"), "--sizes", "200,400", "--json"],
        capture_output=True, text=True, check=True, timeout=120,
    )
    rows = json.loads(out.stdout)
    assert [r["sentences"] for r in rows] == [200, 400]
    assert all(r["peak_after_keypoints_mb"] >= r["peak_after_load_mb"] > 0 and r["points"] == 5 for r in rows)
