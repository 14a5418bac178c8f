"""Main-text extraction on saved web pages, scored as the data folder's README says.

Usage (from the repository root)::

    .venv/bin/python bench/html_bench.py [--data ../shared/bench/html-dev] [--extractors app,trafilatura,handwritten]

For each page, ``segments.json`` lists text a main-text extractor must keep
(``with``) and boilerplate it must drop (``without``). As trafilatura scores
itself: the extracted text is whitespace-normalised; a kept segment found in it
is a true positive (else a false negative), a boilerplate segment found in it
is a false positive (else a true negative); at most 6 segments a side per page;
precision, recall and F1 are pooled over all pages.

Extractors:

- ``app``: the whole loader pipeline on the page bytes (decoding, main text,
  furniture removal, cleaning): ``Article.text`` is what the reader shows.
- ``handwritten``: the same pipeline with the hand-written lxml extraction that
  trafilatura replaced (``sahel_tui.corpus.htmltext.html_blocks_handwritten``).
- ``trafilatura``: ``trafilatura.extract`` with its defaults, the library's own figure.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

DEFAULT_DATA = REPO.parent / "shared" / "bench" / "html-dev"
MAX_SEGMENTS = 6


def normalise(text: str) -> str:
    return " ".join(text.split())


def _decoded(data: bytes) -> str:
    from sahel_tui.corpus.decode import decode_bytes
    from sahel_tui.corpus.htmltext import declared_charset

    return decode_bytes(data, declared_charset(data))[0]


def app_text(data: bytes) -> str:
    from sahel_tui.corpus.pipeline import build_article

    return build_article(_decoded(data), "page", Path("page.html"), "html").text


def handwritten_text(data: bytes) -> str:
    from sahel_tui.corpus import htmltext
    from sahel_tui.corpus.pipeline import build_article

    saved = htmltext.html_blocks
    htmltext.html_blocks = htmltext.html_blocks_handwritten  # type: ignore[assignment]
    try:
        return build_article(_decoded(data), "page", Path("page.html"), "html").text
    finally:
        htmltext.html_blocks = saved  # type: ignore[assignment]


def trafilatura_text(data: bytes) -> str:
    import trafilatura

    return trafilatura.extract(data) or ""


EXTRACTORS: dict[str, Callable[[bytes], str]] = {
    "app": app_text,
    "handwritten": handwritten_text,
    "trafilatura": trafilatura_text,
}


def score(data_dir: Path, extract: Callable[[bytes], str]) -> dict[str, float]:
    segments = json.loads((data_dir / "segments.json").read_text(encoding="utf-8"))
    tp = fp = tn = fn = 0
    started = time.perf_counter()
    for name, entry in sorted(segments.items()):
        data = (data_dir / "pages" / name).read_bytes()
        try:
            text = normalise(extract(data))
        except Exception as exc:  # a crash on one page is scored as extracting nothing, and named
            print(f"  {name}: {type(exc).__name__}: {exc}", file=sys.stderr)
            text = ""
        for seg in entry.get("with", [])[:MAX_SEGMENTS]:
            if normalise(seg) in text:
                tp += 1
            else:
                fn += 1
        for seg in entry.get("without", [])[:MAX_SEGMENTS]:
            if normalise(seg) in text:
                fp += 1
            else:
                tn += 1
    seconds = time.perf_counter() - started
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"pages": len(segments), "tp": tp, "fp": fp, "tn": tn, "fn": fn, "precision": p, "recall": r, "f1": f1, "seconds": seconds}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--extractors", default="app,handwritten,trafilatura")
    ap.add_argument("--json", action="store_true", help="one JSON object per extractor")
    args = ap.parse_args(argv)
    if not (args.data / "segments.json").is_file():
        print(f"html_bench: error: no segments.json in {args.data}", file=sys.stderr)
        return 2
    names = [n.strip() for n in args.extractors.split(",") if n.strip()]
    unknown = [n for n in names if n not in EXTRACTORS]
    if unknown:
        print(f"html_bench: error: unknown extractor(s) {', '.join(unknown)} (choose from {', '.join(EXTRACTORS)})", file=sys.stderr)
        return 2
    if not args.json:
        print(f"{'extractor':<12} {'P':>6} {'R':>6} {'F1':>6}  {'tp':>4} {'fp':>4} {'fn':>4} {'tn':>4}  seconds")
    for name in names:
        s = score(args.data, EXTRACTORS[name])
        if args.json:
            print(json.dumps({"extractor": name, **s}))
        else:
            print(
                f"{name:<12} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f}  "
                f"{s['tp']:4d} {s['fp']:4d} {s['fn']:4d} {s['tn']:4d}  {s['seconds']:.1f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
