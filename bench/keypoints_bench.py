"""Score every key-point method against extractive reference summaries.

Usage (from the repository root)::

    .venv/bin/python bench/keypoints_bench.py [--data ../shared/bench/bbc] [--methods a,b] [--markdown]

The data folder is laid out like the BBC News Summary sample:
``article/<topic>/NNN.txt`` (title on the first line, one sentence per line,
blank lines between paragraphs) and ``summary/<topic>/NNN.txt`` (the reference
sentences, verbatim, in any order).

Articles are built here, line by line, instead of through the loader: the
references are the file's own lines, so the sentences must be exactly those
lines whatever the loader's sentence splitter would do with them.

For each method it reports sentence-level F1 and ROUGE-1/2/L F1 (rouge-score,
a benchmark-only dependency) at 3 sentences, at 20% of the sentences and at
the reference's length, and the time the method took over the whole set
(imports are paid before timing starts).

The references are machine-made (see the data folder's README), so a second
table checks against something a person wrote: each article's headline.
It gives ROUGE-1 recall of the headline by the best 1 and best 3 sentences,
and how often the method's best sentence is the article's first. The
headline is not a summary, but a method that finds what the headline says
is finding what the writer thought mattered.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from sahel_tui.analysis.keypoints import METHODS, key_points, resolve_count  # noqa: E402
from sahel_tui.corpus.model import Article, Field, Metadata, Paragraph, Sentence  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "bench" / "bbc"
LENGTHS = ("3", "20%", "ref")


@dataclass
class Case:
    name: str
    article: Article
    reference: set[str]  # reference sentence texts


def article_from_lines(text: str, article_id: str) -> Article:
    """One Sentence per non-blank line; blank lines end paragraphs; line 1 is the title."""
    blocks: list[list[str]] = [[]]
    for line in text.replace("\r\n", "\n").split("\n"):
        line = line.strip()
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    blocks = [b for b in blocks if b]
    if len(blocks[0]) > 1:
        # The title line is its own block even when no blank line follows it.
        blocks[0:1] = [[blocks[0][0]], blocks[0][1:]]
    parts: list[str] = []
    paragraphs: list[Paragraph] = []
    pos = 0
    for number, lines in enumerate(blocks, 1):
        kind = "title" if number == 1 else "body"
        if parts:
            parts.append("\n\n")
            pos += 2
        start = pos
        sentences = []
        for m, line in enumerate(lines, 1):
            if m > 1:
                parts.append(" ")
                pos += 1
            sentences.append(Sentence(f"{article_id}-p{number}-s{m}", article_id, number, m, pos, pos + len(line), line, kind))
            parts.append(line)
            pos += len(line)
        paragraphs.append(Paragraph(f"{article_id}-p{number}", number, kind, start, pos, tuple(sentences)))
    full = "".join(parts)
    return Article(
        id=article_id,
        path=Path(f"{article_id}.txt"),
        text=full,
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        meta=Metadata(title=Field(blocks[0][0], how="first line")),
        paragraphs=tuple(paragraphs),
    )


def load_cases(root: Path) -> list[Case]:
    cases = []
    for path in sorted((root / "article").glob("*/*.txt")):
        topic, stem = path.parent.name, path.stem
        summary = root / "summary" / topic / f"{stem}.txt"
        if not summary.exists():
            print(f"warning: no summary for {path}", file=sys.stderr)
            continue
        text = path.read_text("utf-8", errors="replace")
        article = article_from_lines(text, f"{topic}-{stem}")
        body = {s.text for s in article.body_sentences}
        reference = {line.strip() for line in summary.read_text("utf-8", errors="replace").splitlines() if line.strip()}
        missing = reference - body
        if missing:
            print(f"warning: {topic}/{stem}: {len(missing)} reference lines not in the article; ignored", file=sys.stderr)
            reference &= body
        if reference:
            cases.append(Case(f"{topic}/{stem}", article, reference))
    return cases


def f1(selected: set[str], reference: set[str]) -> float:
    hits = len(selected & reference)
    if not hits:
        return 0.0
    precision, recall = hits / len(selected), hits / len(reference)
    return 2 * precision * recall / (precision + recall)


def length_for(label: str, case: Case) -> int:
    n = len(case.article.body_sentences)
    if label == "ref":
        return min(n, len(case.reference))
    if label.endswith("%"):
        return resolve_count(n, ratio=int(label[:-1]) / 100)
    return min(n, int(label))


def evaluate(methods: list[str], cases: list[Case]) -> dict[str, dict[str, float]]:
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    results: dict[str, dict[str, float]] = {}
    for method in methods:
        key_points(cases[0].article, method=method)  # imports are not the method's time
    for method in methods:
        sums: dict[str, list[float]] = {}
        elapsed = 0.0
        for case in cases:
            article = case.article
            n = len(article.body_sentences)
            started = time.perf_counter()
            # Asking for every sentence gives the full ranking in one call.
            points = key_points(article, method=method, count=n)
            elapsed += time.perf_counter() - started
            order = {s.text: i for i, s in enumerate(article.body_sentences)}
            best = sorted(points, key=lambda p: p.rank)
            for k in (1, 3):
                recall = scorer.score(article.title, " ".join(p.text for p in best[:k]))["rouge1"].recall
                sums.setdefault(f"title@{k}", []).append(recall)
            sums.setdefault("lead1", []).append(float(bool(best) and best[0].sentence_id == article.body_sentences[0].id))
            reference_text = "\n".join(sorted(case.reference, key=order.__getitem__))
            for label in LENGTHS:
                k = length_for(label, case)
                chosen = [p for p in points if p.rank <= k]  # already in document order
                selected = {p.text for p in chosen}
                rouge = scorer.score(reference_text, "\n".join(p.text for p in chosen))
                for metric, value in (
                    ("sent", f1(selected, case.reference)),
                    ("r1", rouge["rouge1"].fmeasure),
                    ("r2", rouge["rouge2"].fmeasure),
                    ("rl", rouge["rougeL"].fmeasure),
                ):
                    sums.setdefault(f"{metric}@{label}", []).append(value)
        results[method] = {key: 100 * statistics.fmean(values) for key, values in sums.items()}
        results[method]["seconds"] = elapsed
        print(f"  {method}: done in {elapsed:.2f}s", file=sys.stderr)
    return results


def table(results: dict[str, dict[str, float]]) -> str:
    columns = [f"{metric}@{label}" for label in LENGTHS for metric in ("sent", "r1", "r2", "rl")]
    titles = {"sent": "Sent F1", "r1": "R-1", "r2": "R-2", "rl": "R-L"}
    head = ["method"] + [f"{titles[c.split('@')[0]]} @{c.split('@')[1]}" for c in columns] + ["time (s)"]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|"]
    for method, row in results.items():
        cells = [f"`{method}`"] + [f"{row[c]:.1f}" for c in columns] + [f"{row['seconds']:.2f}"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def headline_table(results: dict[str, dict[str, float]]) -> str:
    lines = [
        "| method | headline R-1 recall, best 1 | headline R-1 recall, best 3 | best point is the first sentence (%) |",
        "|---|---:|---:|---:|",
    ]
    for method, row in results.items():
        lines.append(f"| `{method}` | {row['title@1']:.1f} | {row['title@3']:.1f} | {row['lead1']:.0f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"benchmark folder (default {DEFAULT_DATA})")
    parser.add_argument("--methods", default=",".join(METHODS), help="comma-separated methods (default: all)")
    # Ablation knobs for the default method's two constants (see docs/keypoints.md).
    parser.add_argument("--weight", type=float, help="override centrality.CENTRALITY_WEIGHT for this run")
    parser.add_argument("--scale", type=float, help="override centrality.POSITION_SCALE for this run")
    parser.add_argument("--cosine-share", type=float, help="override centrality.COSINE_SHARE for this run")
    args = parser.parse_args(argv)
    from sahel_tui.analysis import centrality

    for name, value in (
        ("CENTRALITY_WEIGHT", args.weight),
        ("POSITION_SCALE", args.scale),
        ("COSINE_SHARE", args.cosine_share),
    ):
        if value is not None:
            setattr(centrality, name, value)
    methods = [m.strip() for m in args.methods.split(",") if m.strip()]
    unknown = [m for m in methods if m not in METHODS]
    if unknown:
        parser.error(f"unknown method(s): {', '.join(unknown)}")
    if not (args.data / "article").is_dir():
        parser.error(f"no article/ folder in {args.data}")
    cases = load_cases(args.data)
    sentences = sum(len(c.article.body_sentences) for c in cases)
    print(f"{len(cases)} articles, {sentences} sentences, from {args.data}", file=sys.stderr)
    results = evaluate(methods, cases)
    print(table(results))
    print()
    print(headline_table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
