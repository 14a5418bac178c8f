"""Cold and warm ingestion of a folder of PDFs: 200 ten-page reports by default.

    python bench/pdf_ingest.py [--n 200] [--pages 10] [--folder /tmp/sahel-bench-pdf] [--json]

The PDFs are written once by bench/docgen.py (reportlab: two columns or one,
running header and footer, hyphenated line ends) and kept in the folder, so
a second run measures the same files. Each timing is a fresh child process
running ``load_corpus`` on the folder: "cold" with an empty cache folder (every
PDF is opened and its text read, cleaned and segmented), "warm" with the
cache the cold run left (the pack gives every article back; no PDF is
opened). The budget is 60 s cold on 2 cores. The load average is printed with
the figures: on a shared machine it explains most of the spread.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

_CHILD = """
import sys, time, resource
sys.path.insert(0, {repo!r})
t0 = time.perf_counter()
from sahel_tui.corpus.loader import load_corpus
corpus = load_corpus(__import__("pathlib").Path({folder!r}))
dt = time.perf_counter() - t0
words = sum(a.word_count for a in corpus.articles)
removed = sum(len(a.removed) for a in corpus.articles)
print(dt, len(corpus.articles), words, removed, len(corpus.skipped), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
      resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)
"""


def build(folder: Path, n: int, pages: int) -> None:
    import docgen

    folder.mkdir(parents=True, exist_ok=True)
    stamp = folder / ".built"
    if stamp.exists() and stamp.read_text() == f"{n} {pages}":
        return
    for old in folder.glob("*.pdf"):
        old.unlink()
    for i in range(n):
        docgen.write_pdf(folder / f"report-{i:03d}.pdf", docgen.make_text(1000 + i), columns=2 if i % 2 == 0 else 1, pages=pages)
    stamp.write_text(f"{n} {pages}")


def run(folder: Path, cache: Path) -> dict[str, float]:
    env = dict(os.environ, SAHEL_BRIEF_CACHE_DIR=str(cache))
    env.pop("SAHEL_BRIEF_NO_CACHE", None)
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD.format(repo=str(REPO), folder=str(folder))],
        capture_output=True, text=True, env=env, check=True,
    )  # fmt: skip
    dt, articles, words, removed, skipped, rss, worker_rss = proc.stdout.split()
    return {"seconds": float(dt), "articles": int(articles), "words": int(words), "removed": int(removed),
            "skipped": int(skipped), "peak_rss_mb": int(rss), "worker_peak_rss_mb": int(worker_rss)}  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--pages", type=int, default=10)
    ap.add_argument("--folder", type=Path, default=Path(tempfile.gettempdir()) / "sahel-bench-pdf")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    folder = args.folder / f"{args.n}x{args.pages}"
    t0 = time.perf_counter()
    build(folder, args.n, args.pages)
    built = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as cache:
        load_before = os.getloadavg()
        cold = run(folder, Path(cache))
        warm = run(folder, Path(cache))
        load_after = os.getloadavg()
    report = {
        "pdfs": args.n,
        "pages_each": args.pages,
        "build_seconds": round(built, 1),
        "cold": cold,
        "warm": warm,
        "cold_over_warm": round(cold["seconds"] / warm["seconds"], 1),
        "budget_cold_seconds": 60,
        "loadavg_before": [round(x, 2) for x in load_before],
        "loadavg_after": [round(x, 2) for x in load_after],
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"{args.n} PDFs x {args.pages} pages in {folder} (built or checked in {built:.1f} s)")
    for name in ("cold", "warm"):
        r = report[name]
        print(f"  {name}: {r['seconds']:.2f} s for {r['articles']} articles, {r['words']} words, "
              f"{r['removed']} removals, {r['skipped']} skipped, peak RSS {r['peak_rss_mb']} MB "
              f"(largest worker {r['worker_peak_rss_mb']} MB)")  # fmt: skip
    print(f"  cold / warm: {report['cold_over_warm']}x; budget: cold <= 60 s")
    print(f"  load average before {report['loadavg_before']}, after {report['loadavg_after']}")


if __name__ == "__main__":
    main()
