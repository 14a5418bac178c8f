"""Key points' time and peak memory against sentence count, up to 200,000 sentences.

    .venv/bin/python bench/keypoints_scale.py [--sizes 1000,10000,50000,200000] [--method M] [--json]

Each size runs in a fresh child process, so one size's peak cannot hide
another's. The child builds a text of that many sentences (words drawn from a
Zipf-like vocabulary of 20,000 made-up stems, 8 to 30 words a sentence, 5
sentences a paragraph; generated here, never copied from a source), loads it
through the real loader (``article_from_text``) and asks for the default key
points. It reports the loader's peak RSS and the peak after key points (VmHWM
from /proc), and the seconds each took.

The target (issue 18): any file within the 20 MB limit gives key points in at
most 30 s and 1 GB. 200,000 sentences of this text is about 25 MB, past the
limit. Before the sparse rewrite the default method needed an n x n matrix:
260 MB at 2,500 sentences, 3.3 GB at 10,000, 423 GiB at a 10 MB text.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

DEFAULT_SIZES = "1000,2500,10000,50000,100000,200000"


def make_text(sentences: int, seed: int = 18) -> str:
    rng = random.Random(seed)
    stems = ["".join(rng.choice("bcdfghklmnprstvz") + rng.choice("aeiou") for _ in range(rng.randint(2, 4)))
             for _ in range(20000)]
    weights = [1.0 / (r + 1) for r in range(len(stems))]
    paragraphs: list[str] = []
    para: list[str] = []
    for i in range(sentences):
        words = rng.choices(stems, weights, k=rng.randint(8, 30))
        para.append(" ".join(words).capitalize() + ".")
        if len(para) == 5:
            paragraphs.append(" ".join(para))
            para = []
    if para:
        paragraphs.append(" ".join(para))
    return "Scale test\n\n" + "\n\n".join(paragraphs) + "\n"


def _hwm_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def child(sentences: int, method: str) -> dict[str, float]:
    from sahel_tui.analysis.keypoints import key_points
    from sahel_tui.corpus.loader import article_from_text

    text = make_text(sentences)
    t0 = time.perf_counter()
    article = article_from_text(text, "scale")
    t1 = time.perf_counter()
    loaded = _hwm_mb()
    points = key_points(article, method=method)
    t2 = time.perf_counter()
    return {
        "sentences": len(article.body_sentences),
        "megabytes": round(len(text.encode()) / 1e6, 2),
        "load_s": round(t1 - t0, 2),
        "keypoints_s": round(t2 - t1, 2),
        "peak_after_load_mb": round(loaded),
        "peak_after_keypoints_mb": round(_hwm_mb()),
        "points": len(points),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default=DEFAULT_SIZES)
    ap.add_argument("--method", default="position-centrality")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.method)))
        return 0
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(size), "--method", args.method],
            capture_output=True, text=True, check=False,
        )
        if out.returncode != 0:
            rows.append({"sentences": size, "error": (out.stderr.strip().splitlines() or ["failed"])[-1]})
        else:
            rows.append(json.loads(out.stdout))
        if not args.json:
            print(rows[-1], flush=True)
    if args.json:
        print(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
