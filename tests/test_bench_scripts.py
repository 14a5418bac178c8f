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
    names = [bench.name for bench in run_all.commands(Path("/tmp/corpus"), quick=True)]
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


def test_pdf_ingest_reports_cold_and_warm(tmp_path: Path) -> None:
    out = json.loads(_run(str(BENCH / "pdf_ingest.py"), "--n", "2", "--pages", "2", "--folder", str(tmp_path), "--json"))
    assert out["cold"]["articles"] == out["warm"]["articles"] == 2
    assert out["cold"]["removed"] == out["warm"]["removed"] >= 4  # two headers and two page numbers a file
    assert out["cold"]["seconds"] > 0 and len(out["loadavg_before"]) == 3
def test_html_bench_scores_kept_and_boilerplate_segments(tmp_path: Path) -> None:
    data = tmp_path / "html"
    (data / "pages").mkdir(parents=True)
    story = [
        "A grain barge sank off the port of Tilbury on Thursday after it struck a mooring buoy in thick fog.",
        "The coastguard said all four crew members were rescued and taken to hospital as a precaution.",
        "The owner said it would cooperate fully with the investigation, which could take several months.",
    ]
    menu = "Home Ports Weather Shipping Contact"
    page = (
        f"<html><head><title>Barge</title></head><body><nav><ul><li>{menu}</li></ul></nav><article><h1>Barge sinks</h1>"
        + "".join(f"<p>{s}</p>" for s in story)
        + "</article><footer><p>Copyright 2021 Estuary News. All rights reserved.</p></footer></body></html>"
    )
    (data / "pages" / "p1.html").write_text(page, encoding="utf-8")
    segments = {"p1.html": {"with": story, "without": [menu, "Copyright 2021 Estuary News. All rights reserved."]}}
    (data / "segments.json").write_text(json.dumps(segments), encoding="utf-8")
    out = _run(str(BENCH / "html_bench.py"), "--data", str(data), "--extractors", "app,handwritten", "--json")
    rows = {r["extractor"]: r for r in map(json.loads, out.splitlines())}
    assert rows["app"]["tp"] == 3 and rows["app"]["fp"] == 0 and rows["app"]["f1"] == 1.0
    assert rows["handwritten"]["tp"] + rows["handwritten"]["fn"] == 3


def test_run_all_summary_judges_budgets_and_says_what_was_not_measured() -> None:
    sys.path.insert(0, str(BENCH))
    try:
        import run_all
    finally:
        sys.path.remove(str(BENCH))
    failed = run_all.rows_for("export", run_all.Outcome(None, "failed, exit 3"))
    assert failed and all("not measured" in r.measured and "exit 3" in r.measured for r in failed)
    assert run_all.growth((2000, 10.0), (8000, 40.0)) == pytest.approx(1.0)
    with pytest.raises(ValueError):
        run_all.growth((2000, 0.0), (8000, 40.0))
