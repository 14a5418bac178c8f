"""Time `compare` on a generated corpus and report peak memory.

    python bench/gen_corpus.py /tmp/bench2000 --articles 2000
    python bench/bench_compare.py /tmp/bench2000 [--sections ...] [--json-out FILE]

Prints the wall time of loading, of each comparison stage, of serialising the
JSON, and the peak resident set size of the process (ru_maxrss).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="benchmark sahel-brief compare")
    p.add_argument("corpus", type=Path)
    p.add_argument("--sections", default=None, help="comma list; default: all")
    p.add_argument("--json-out", type=Path, default=None, help="also write the comparison JSON here")
    args = p.parse_args(argv)
    os.environ.setdefault("SAHEL_BRIEF_NO_CACHE", "1")

    from sahel_tui.analysis.compare import compare_corpus
    from sahel_tui.corpus.loader import load_corpus

    t0 = time.perf_counter()
    corpus = load_corpus(args.corpus)
    t_load = time.perf_counter() - t0
    sentences = sum(len(a.body_sentences) for a in corpus.articles)
    t1 = time.perf_counter()
    result = compare_corpus(corpus, sections=[args.sections] if args.sections else None)
    t_compare = time.perf_counter() - t1
    t2 = time.perf_counter()
    blob = json.dumps(result.to_json(), ensure_ascii=False)
    t_json = time.perf_counter() - t2
    if args.json_out:
        args.json_out.write_text(blob, "utf-8")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    data = result.to_json()
    print(f"articles: {len(corpus.articles)}  body sentences: {sentences}")
    print(f"load: {t_load:.1f}s  compare: {t_compare:.1f}s  to_json+dumps: {t_json:.1f}s  "
          f"total: {t_load + t_compare + t_json:.1f}s")
    print("stages: " + ", ".join(f"{k} {v:.1f}s" for k, v in result.timings.items()))
    counts = {k: (len(v) if isinstance(v, list) else "-") for k, v in data.items() if k in (
        "corroborated", "single_source", "discrepancies", "chronology")}
    print(f"items: {counts}  json: {len(blob) / 1e6:.1f} MB")
    print(f"peak RSS: {peak_mb:.0f} MB  cpus: {os.cpu_count()}  load average: {os.getloadavg()[0]:.1f}")
    for note in result.notes:
        print(f"note: {note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
