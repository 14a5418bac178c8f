"""Cold analysis throughput (articles/s) and peak RSS, stage by stage, on 1 and 2 cores.

    python bench/throughput.py /tmp/bench2000 [--stages ...] [--cores 1,2] [--json]

Every figure comes from a fresh child process with the cache off
(``SAHEL_BRIEF_NO_CACHE=1``), so "cold" means no cached analysis at all; the
first call of each stage pays its deferred imports (numpy, rapidfuzz, vader),
as the first run on an analyst's machine does. "1 core" pins the child to one
CPU with ``taskset``; "2 cores" lets it use both, and the stages that split
over articles use a process pool of 2 workers: ingestion and key points through
this script's own pool, actor detection through the app's (``analysis/pool.py``,
sized by ``SAHEL_BRIEF_WORKERS``, which this script sets to the core count so the
figure does not depend on the load the pool would otherwise read).
Peak RSS is ``ru_maxrss`` of the child itself and of its pool workers.

Stages:

- ``ingest``: find, read, decode, clean and segment every file (``load_corpus``).
- ``keypoints``: default-method key points of every article (corpus loaded untimed).
- ``ingest+keypoints``: both, timed together (budget: 40 articles/s on 2 cores).
- ``actors``: ``detect_actors`` over the corpus (loaded untimed).
- ``comparison``: ``compare_corpus`` with the actors given (loaded and detected untimed).
- ``whole-comparison``: ``compare_corpus`` on the loaded corpus, actors included,
  and its JSON (budget: 60 s and 2 GB at 2,000 articles).
- ``all``: ingestion, key points, actors and the whole comparison in one go.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

STAGES = ("ingest", "keypoints", "ingest+keypoints", "actors", "comparison", "whole-comparison", "all")


# -- child side: one stage, one process --------------------------------------------------


def _load(root: Path) -> Any:
    from sahel_tui.corpus.loader import load_corpus

    return load_corpus(root)


def _key_points(articles: list[Any]) -> int:
    from sahel_tui.analysis.keypoints import key_points

    return sum(len(key_points(a)) for a in articles)


def _ingest_chunk(root: str, rels: list[str]) -> tuple[list[Any], int]:
    """Pool worker: ingest some files and compute their key points; the Articles come back.

    The same steps as ``load_corpus`` (whose internals these are), for a subset of the files.
    """
    from sahel_tui.corpus.cached import ArticleCache
    from sahel_tui.corpus.discover import assign_ids, discover, read_limited
    from sahel_tui.corpus.loader import _article_from_bytes

    found, _ = discover(Path(root))
    ids = assign_ids(found)
    wanted = set(rels)
    cache = ArticleCache(Path(root), None)
    articles = [
        _article_from_bytes(read_limited(f.path), ids[f.rel], f.path, f.kind, cache) for f in found if f.rel in wanted
    ]
    return articles, _key_points(articles)


def _ingest_keypoints_pool(root: Path, workers: int) -> tuple[list[Any], int]:
    """Ingestion and key points split over ``workers`` processes: (articles in corpus order, points)."""
    from concurrent.futures import ProcessPoolExecutor

    from sahel_tui.corpus.discover import discover

    found, _ = discover(root)
    rels = [f.rel for f in found]
    chunks = [rels[i::workers] for i in range(workers)]
    parts: list[list[Any]] = []
    points = 0
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for arts, n in pool.map(_ingest_chunk, [str(root)] * workers, chunks):
            parts.append(arts)
            points += n
    # Chunk i holds files i, i+workers, ...: interleave them back into corpus order.
    articles = [part[k] for k in range(max(map(len, parts), default=0)) for part in parts if k < len(part)]
    return articles, points


def run_stage(stage: str, root: Path, workers: int) -> dict[str, Any]:
    out: dict[str, Any] = {"stage": stage, "workers": workers}
    corpus = actors = None
    if stage in ("keypoints", "actors", "comparison", "whole-comparison"):
        corpus = _load(root)
    if stage == "comparison":
        from sahel_tui.analysis.actors import detect_actors

        actors = detect_actors(corpus, curated=True)
    started = time.perf_counter()
    if stage == "ingest":
        corpus = _load(root)
        out["articles"] = len(corpus.articles)
    elif stage == "keypoints":
        out["points"] = _key_points(corpus.articles)
        out["articles"] = len(corpus.articles)
    elif stage == "ingest+keypoints":
        if workers > 1:
            articles, out["points"] = _ingest_keypoints_pool(root, workers)
            out["articles"] = len(articles)
        else:
            corpus = _load(root)
            out["points"] = _key_points(corpus.articles)
            out["articles"] = len(corpus.articles)
    elif stage == "actors":
        from sahel_tui.analysis.actors import detect_actors

        out["actors"] = len(detect_actors(corpus, curated=True))
        out["articles"] = len(corpus.articles)
    elif stage in ("comparison", "whole-comparison", "all"):
        from sahel_tui.analysis.compare import compare_corpus

        if stage == "all":
            if workers > 1:
                from sahel_tui.corpus.model import Corpus

                corpus = Corpus(root=root, articles=_ingest_keypoints_pool(root, workers)[0])
            else:
                corpus = _load(root)
                _key_points(corpus.articles)
        result = compare_corpus(corpus, actors=actors)
        out["json_mb"] = round(len(json.dumps(result.to_json(), ensure_ascii=False)) / 1e6, 1)
        out["timings"] = result.timings
        out["articles"] = len(corpus.articles)
    out["seconds"] = round(time.perf_counter() - started, 3)
    out["articles_per_s"] = round(out["articles"] / out["seconds"], 1) if out["seconds"] else None
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    out["peak_rss_workers_mb"] = round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)
    return out


# -- parent side ------------------------------------------------------------------------


def measure(stage: str, root: Path, cores: int) -> dict[str, Any]:
    env = dict(os.environ, SAHEL_BRIEF_NO_CACHE="1", SAHEL_BRIEF_WORKERS=str(cores))
    cmd = [sys.executable, __file__, "--child", stage, "--workers", str(cores if stage in ("ingest+keypoints", "all") else 1), str(root)]
    if cores == 1 and shutil.which("taskset"):
        cmd = ["taskset", "-c", "0", *cmd]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=3600)
    if proc.returncode != 0:
        return {"stage": stage, "cores": cores, "error": proc.stderr.strip().splitlines()[-1:] or ["failed"]}
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["cores"] = cores
    result["load_average"] = round(os.getloadavg()[0], 2)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--stages", default=",".join(STAGES))
    parser.add_argument("--cores", default="1,2")
    parser.add_argument("--repeat", type=int, default=1, help="runs per stage and core count; the median is kept")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--child", choices=STAGES, help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    root = args.corpus.resolve()
    if args.child:
        print(json.dumps(run_stage(args.child, root, args.workers)))
        return 0

    results = []
    for stage in args.stages.split(","):
        for cores in (int(c) for c in args.cores.split(",")):
            runs = [measure(stage, root, cores) for _ in range(args.repeat)]
            ok = sorted((r for r in runs if "seconds" in r), key=lambda r: r["seconds"])
            chosen = ok[len(ok) // 2] if ok else runs[0]
            chosen["all_seconds"] = [r.get("seconds") for r in runs]
            results.append(chosen)
            if not args.json:
                if "error" in chosen:
                    print(f"{stage:>17} {cores} core(s): FAILED {chosen['error']}")
                    continue
                extra = f" stages {chosen['timings']}" if "timings" in chosen else ""
                print(f"{stage:>17} {cores} core(s): {chosen['articles']} articles in {chosen['seconds']:.1f} s = "
                      f"{chosen['articles_per_s']:.0f} articles/s; peak RSS {chosen['peak_rss_mb']:.0f} MB "
                      f"(workers {chosen['peak_rss_workers_mb']:.0f} MB); load {chosen['load_average']}{extra}",
                      flush=True)
    if args.json:
        print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
