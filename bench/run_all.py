"""Run every benchmark, one command each, and keep their reports (``make bench``).

    python bench/run_all.py [--articles 2000] [--seed 7] [--out DIR] [--quick] [--only NAME,...]

Generates the benchmark corpus first when it is missing (bench/gen_corpus.py
into ``/tmp/sahel-bench-<N>``), then runs each benchmark below as its own
process, exactly as printed, so any line can be rerun alone. Each report is
saved to ``--out`` (default ``/tmp/sahel-bench-results``) as NAME.txt, and
the load average is noted before and after each one: the machine is shared,
so read every time next to the baseline measured in the same run.

``--quick`` uses few repetitions (a smoke run, not figures to publish).
"""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent


def commands(corpus: Path, quick: bool) -> list[tuple[str, list[str]]]:
    py = sys.executable
    sys.path.insert(0, str(BENCH))
    sys.path.insert(0, str(REPO))
    from pane_host import app_has_views

    # Until the app offers the glossary and comparison itself, mount them with bench/pane_host.py.
    host = [] if app_has_views() else ["--host-panes"]
    seeds = REPO / "seeds"
    runs = "2" if quick else "7"
    big_runs = "2" if quick else "5"
    presses = "8" if quick else "40"
    return [
        ("first_paint_seeds", [py, str(BENCH / "first_paint.py"), "--corpus", str(seeds), "--runs", runs]),
        ("first_paint_2000", [py, str(BENCH / "first_paint.py"), "--corpus", str(corpus), "--runs", big_runs]),
        ("keypress_2000", [py, str(BENCH / "keypress.py"), "--corpus", str(corpus), "--presses", presses, *host]),
        ("memory_2000", [py, str(BENCH / "memory.py"), "--corpus", str(corpus), "--cache", "cold", *host]),
        ("widgets_2000", [py, str(BENCH / "widget_count.py"), "--corpus", str(corpus), *host]),
        ("throughput_2000", [py, str(BENCH / "throughput.py"), str(corpus)]),
        ("compare_2000", [py, str(BENCH / "bench_compare.py"), str(corpus)]),
        ("export", [py, str(BENCH / "export_bench.py"), "--corpus", str(seeds), "--corpus", str(corpus),
                    "--runs", "1" if quick else "3"]),
        # Peak memory of key points against sentence count (issue 18: linear up to 200,000).
        ("keypoints_scale", [py, str(BENCH / "keypoints_scale.py"),
                             "--sizes", "1000,10000,50000" if quick else "1000,2500,10000,50000,100000,200000"]),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--corpus", type=Path, help="use this corpus instead of generating one")
    parser.add_argument("--out", type=Path, default=Path("/tmp/sahel-bench-results"))
    parser.add_argument("--quick", action="store_true", help="few repetitions: a smoke run")
    parser.add_argument("--only", help="comma list of benchmark names to run")
    args = parser.parse_args(argv)

    corpus = args.corpus or Path(f"/tmp/sahel-bench-{args.articles}")
    if not corpus.is_dir():
        gen = [sys.executable, str(BENCH / "gen_corpus.py"), str(corpus), "--articles", str(args.articles),
               "--seed", str(args.seed)]
        print("$ " + shlex.join(gen), flush=True)
        subprocess.run(gen, check=True)
    args.out.mkdir(parents=True, exist_ok=True)
    wanted = set(args.only.split(",")) if args.only else None
    failed = []
    for name, cmd in commands(corpus.resolve(), args.quick):
        if wanted is not None and name not in wanted:
            continue
        load_before = os.getloadavg()[0]
        print(f"\n== {name}  (load average {load_before:.2f})\n$ {shlex.join(cmd)}", flush=True)
        started = time.perf_counter()
        proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
        report = proc.stdout + (f"\n[stderr]\n{proc.stderr}" if proc.returncode else "")
        print(report.rstrip(), flush=True)
        footer = (f"took {time.perf_counter() - started:.0f} s; load average {load_before:.2f} -> "
                  f"{os.getloadavg()[0]:.2f}; exit {proc.returncode}")
        print(footer, flush=True)
        (args.out / f"{name}.txt").write_text(f"$ {shlex.join(cmd)}\n{report}\n{footer}\n", encoding="utf-8")
        if proc.returncode:
            failed.append(name)
    print(f"\nreports in {args.out}" + (f"; FAILED: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
