"""Time `sahel-brief export` end to end, cold and warm cache, on one or more corpora.

    python bench/export_bench.py [--corpus DIR ...] [--runs 3] [--json]

Each run is the real command (``python -m sahel_tui export -o FILE --force
--json --corpus DIR``) in a fresh process with scratch folders, so the time
includes start-up, loading, key points, actors, the comparison and writing.
"cold" gives every run an empty cache folder; "warm" reuses one that an
untimed run filled. Peak RSS is the child's ``ru_maxrss``.
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
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from tmux_harness import REPO, load_average, scratch_env  # noqa: E402


def export_once(corpus: Path, env: dict[str, str], out: Path, tree: Path | None = None) -> tuple[float, dict[str, Any], float]:
    """(seconds, the command's --json report, peak RSS in MB of this child)."""
    cmd = [sys.executable, "-m", "sahel_tui", "export", "-o", str(out), "--force", "--json", "--corpus", str(corpus)]
    with tempfile.TemporaryFile("w+") as stdout, tempfile.TemporaryFile("w+") as stderr:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, cwd=tree or REPO, stdout=stdout, stderr=stderr, text=True)
        # wait4 gives this child's own rusage (ru_maxrss in kB), unlike RUSAGE_CHILDREN's running maximum.
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        stdout.seek(0)
        stderr.seek(0)
        out_text, err_text = stdout.read(), stderr.read()
    if proc.returncode != 0:
        raise RuntimeError(f"export failed ({proc.returncode}): {err_text.strip()[-500:]}")
    try:
        report = json.loads(out_text)
    except ValueError:
        report = {}
    return elapsed, report, round(usage.ru_maxrss / 1024, 1)


def measure(corpus: Path, runs: int, scratch: Path, tree: Path | None = None) -> dict[str, Any]:
    tag = corpus.name
    out = scratch / f"{tag}.md"
    warm = scratch / f"{tag}-warm"
    result: dict[str, Any] = {"corpus": str(corpus), "runs": runs, "load_average_start": load_average()}
    export_once(corpus, scratch_env(scratch, warm), out, tree)  # fills the warm cache; untimed
    for state in ("cold", "warm"):
        times, peaks = [], []
        report: dict[str, Any] = {}
        for run in range(runs):
            cache = scratch / f"{tag}-cold-{run}" if state == "cold" else warm
            elapsed, report, peak = export_once(corpus, scratch_env(scratch, cache), out, tree)
            times.append(elapsed)
            peaks.append(peak)
            if state == "cold":
                shutil.rmtree(cache, ignore_errors=True)
        result[state] = {
            "median_s": round(statistics.median(times), 2),
            "all_s": [round(t, 2) for t in times],
            "peak_rss_mb": max(peaks),
        }
        result["bytes"] = out.stat().st_size
        result["report_keys"] = sorted(report)[:12]
        result["articles"] = len(report.get("articles", [])) if isinstance(report.get("articles"), list) else report.get("sources")
    result["load_average_end"] = load_average()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, action="append", help="corpus folder (repeatable; default: the seeds)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--tree", type=Path, help="run the command from this checkout instead (before/after comparisons)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    scratch = Path(tempfile.mkdtemp(prefix="sahel-bench-export-"))
    results = []
    try:
        for corpus in args.corpus or [REPO / "seeds"]:
            results.append(measure(corpus.resolve(), args.runs, scratch, args.tree))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    for r in results:
        print(f"export {r['corpus']} ({r['articles']} articles, {r['bytes']:,} bytes), {r['runs']} runs each, "
              f"load average {r['load_average_start']} -> {r['load_average_end']}")
        for state in ("cold", "warm"):
            s = r[state]
            print(f"  {state}: median {s['median_s']:.2f} s (runs {s['all_s']}), peak RSS {s['peak_rss_mb']} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
