"""Time `compare` on a generated corpus and report peak memory.

    python bench/gen_corpus.py /tmp/bench2000 --articles 2000
    python bench/bench_compare.py /tmp/bench2000 [--sections ...] [--json-out FILE] [--json]

Prints the wall time of loading, of each comparison stage, of serialising the
JSON, and the peak resident set size of the process (ru_maxrss). The analysis
cache is off (``SAHEL_BRIEF_NO_CACHE=1``) unless the environment sets that
variable otherwise, so the figures are for a cold cache.

``--json`` prints the same figures as one JSON object instead: ``corpus``,
``articles``, ``body_sentences``, ``load_s``, ``compare_s``, ``json_s``,
``total_s`` (the three added), ``stages`` (seconds per comparison stage),
``items`` (counts per section), ``json_mb``, ``peak_rss_mb`` (this process),
``peak_rss_children_mb`` (the largest child, for any worker pool), ``cache``
("off" or "on"), ``cpus``, ``load_average`` and ``notes``.
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
    p.add_argument("--json", action="store_true", help="print the figures as JSON (the human report is the default)")
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
    counts = {k: (len(v) if isinstance(v, list) else "-") for k, v in data.items() if k in (
        "corroborated", "single_source", "discrepancies", "chronology")}
    if args.json:
        report = {
            "corpus": str(args.corpus.resolve()),
            "articles": len(corpus.articles),
            "body_sentences": sentences,
            "sections": args.sections or "all",
            "load_s": round(t_load, 3),
            "compare_s": round(t_compare, 3),
            "json_s": round(t_json, 3),
            "total_s": round(t_load + t_compare + t_json, 3),
            "stages": dict(result.timings),
            "items": counts,
            "json_mb": round(len(blob) / 1e6, 2),
            "peak_rss_mb": round(peak_mb, 1),
            "peak_rss_children_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
            "cache": "off" if os.environ.get("SAHEL_BRIEF_NO_CACHE") == "1" else "on",
            "cpus": os.cpu_count(),
            "load_average": round(os.getloadavg()[0], 2),
            "notes": list(result.notes),
        }
        print(json.dumps(report, indent=2))
        return 0
    print(f"articles: {len(corpus.articles)}  body sentences: {sentences}")
    print(f"load: {t_load:.1f}s  compare: {t_compare:.1f}s  to_json+dumps: {t_json:.1f}s  "
          f"total: {t_load + t_compare + t_json:.1f}s")
    print("stages: " + ", ".join(f"{k} {v:.1f}s" for k, v in result.timings.items()))
    print(f"items: {counts}  json: {len(blob) / 1e6:.1f} MB")
    print(f"peak RSS: {peak_mb:.0f} MB  cpus: {os.cpu_count()}  load average: {os.getloadavg()[0]:.1f}")
    for note in result.notes:
        print(f"note: {note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
