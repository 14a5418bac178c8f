"""Build a realistic benchmark corpus of N articles from real text, reproducibly.

    python bench/gen_corpus.py OUT_DIR --articles 2000 [--seed 7] [--source DIR ...]

Real newsrooms rewrite each other: the same facts come back in other words,
reordered, with a figure rounded differently or a date given another way. To
give deduplication and corroboration that kind of overlap (rather than exact
copies, or unrelated text), each generated article:

* takes most paragraphs of one real "base" article (the bundled seeds and the
  BBC sample in /work/shared/bench/bbc by default) and one or two paragraphs of
  another article on the same topic (same source folder);
* rewrites lightly: synonym swaps, spelling variants of units and figures
  ("1,400km" / "1,400 km" / "1,400-kilometre"), a few figures nudged by 5-20%
  (discrepancies), sentences reordered inside a paragraph, some dropped;
* gets a title variant and a date line, so metadata varies too.

The same ``--seed`` and sources always give byte-identical files. Sizes: about
30 sentences per article, so ``--articles 2000`` gives about 60,000 sentences.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SOURCES = [REPO / "seeds", Path("/work/shared/bench/bbc/article")]

SYNONYMS = {
    "said": ["stated", "told reporters", "said"],
    "says": ["states", "argues", "says"],
    "government": ["administration", "authorities", "government"],
    "increase": ["rise", "growth"],
    "big": ["large", "major"],
    "large": ["big", "sizeable"],
    "important": ["significant", "key"],
    "help": ["assist", "support"],
    "show": ["reveal", "indicate"],
    "shows": ["reveals", "indicates"],
    "plans": ["proposals", "intentions"],
    "country": ["nation", "state"],
    "company": ["firm", "group"],
    "firm": ["company", "business"],
    "people": ["citizens", "people"],
    "also": ["additionally", "also"],
    "however": ["nevertheless", "but"],
    "However": ["Nevertheless", "Yet"],
    "major": ["leading", "big"],
    "warned": ["cautioned", "warned"],
    "attack": ["assault", "attack"],
    "agreement": ["accord", "deal"],
    "talks": ["negotiations", "discussions"],
    "border": ["frontier", "border"],
    "troops": ["soldiers", "forces"],
    "rise": ["increase", "climb"],
    "fell": ["dropped", "declined"],
    "expected": ["anticipated", "forecast"],
}
TITLE_PREFIXES = ["", "", "", "Analysis: ", "Update: ", "Explainer: ", "In brief: "]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]

_SENT = re.compile(r"(?<=[.!?])[\"”’]?\s+(?=[A-Z“\"])")
_FIGURE = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d{2,})(?![\w,.]?\d)(?!\s*(?:AD|BC))")
_KM = re.compile(r"(\d[\d,]*)\s?-?(km|kilometers?|kilometres?|kilometer|kilometre)\b", re.IGNORECASE)


@dataclass
class Source:
    topic: str
    title: str
    paragraphs: list[list[str]]  # sentences per paragraph


def _split_sentences(paragraph: str) -> list[str]:
    lines = [ln.strip() for ln in paragraph.split("\n") if ln.strip()]
    out: list[str] = []
    for ln in lines:
        out.extend(s.strip() for s in _SENT.split(ln) if s.strip())
    return out


def read_sources(dirs: list[Path]) -> list[Source]:
    sources: list[Source] = []
    for root in dirs:
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*.txt")):
            text = path.read_text("utf-8", errors="replace").replace("\r\n", "\n")
            blocks = [b for b in re.split(r"\n\s*\n", text) if b.strip()]
            if len(blocks) < 2:
                # One paragraph per line (the seeds' layout).
                blocks = [ln for ln in text.split("\n") if ln.strip()]
            title = blocks[0].strip().split("\n")[0]
            paragraphs = [p for p in (_split_sentences(b) for b in blocks[1:]) if p]
            # Short lines without a full stop are headings or link lists: not body.
            paragraphs = [p for p in paragraphs if any(s.endswith((".", "”", '"', "?", "!")) for s in p)]
            if paragraphs:
                topic = path.parent.name if path.parent != root else root.name
                sources.append(Source(topic, title, paragraphs))
    return sources


def _swap_synonyms(sentence: str, rng: random.Random, rate: float) -> str:
    def repl(m: re.Match[str]) -> str:
        word = m.group()
        options = SYNONYMS.get(word)
        if options and rng.random() < rate:
            return rng.choice(options)
        return word

    return re.sub(r"\b[A-Za-z]+\b", repl, sentence)


def _vary_figures(sentence: str, rng: random.Random, nudge_rate: float) -> str:
    def km(m: re.Match[str]) -> str:
        style = rng.randrange(4)
        return [f"{m.group(1)}km", f"{m.group(1)} km", f"{m.group(1)}-kilometre", f"{m.group(1)} kilometres"][style]

    sentence = _KM.sub(km, sentence)

    def nudge(m: re.Match[str]) -> str:
        raw = m.group(1)
        value = int(raw.replace(",", ""))
        if 1900 <= value <= 2099 and "," not in raw:
            # A year: occasionally off by one, as when sources disagree on a date.
            return str(value + rng.choice((-1, 1))) if rng.random() < nudge_rate / 2 else raw
        if rng.random() >= nudge_rate:
            return raw
        value = max(1, round(value * rng.uniform(1.05, 1.2)))
        return f"{value:,}" if "," in raw else str(value)

    return _FIGURE.sub(nudge, sentence)


def _rewrite(paragraph: list[str], rng: random.Random) -> list[str]:
    sentences = [s for s in paragraph if len(paragraph) < 3 or rng.random() > 0.08]
    if len(sentences) > 2 and rng.random() < 0.2:
        i = rng.randrange(len(sentences) - 1)
        sentences[i], sentences[i + 1] = sentences[i + 1], sentences[i]
    return [_vary_figures(_swap_synonyms(s, rng, 0.35), rng, 0.04) for s in sentences]


def generate(sources: list[Source], n: int, seed: int, target_sentences: int = 30) -> list[tuple[str, str]]:
    """``n`` (relative path, text) pairs; the same inputs and seed give the same output."""
    rng = random.Random(seed)
    by_topic: dict[str, list[Source]] = {}
    for s in sources:
        by_topic.setdefault(s.topic, []).append(s)
    out: list[tuple[str, str]] = []
    for k in range(n):
        base = rng.choice(sources)
        keep = max(1, round(len(base.paragraphs) * rng.uniform(0.6, 1.0)))
        start = rng.randrange(len(base.paragraphs) - keep + 1)
        paragraphs = [list(p) for p in base.paragraphs[start:start + keep]]
        peers = [s for s in by_topic[base.topic] if s is not base] or sources
        while sum(len(p) for p in paragraphs) < target_sentences:
            other = rng.choice(peers)
            paragraphs.insert(rng.randrange(len(paragraphs) + 1), list(rng.choice(other.paragraphs)))
        body = [_rewrite(p, rng) for p in paragraphs]
        year = rng.choice((2004, 2005, 2013, 2019, 2024))
        dateline = f"{rng.randint(1, 28)} {MONTHS[rng.randrange(12)]} {year}"
        title = rng.choice(TITLE_PREFIXES) + base.title
        text = "\n\n".join([title, f"Published {dateline}."] + [" ".join(p) for p in body if p]) + "\n"
        out.append((f"{base.topic}/{k + 1:05d}.txt", text))
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("out", type=Path, help="folder to write the .txt files into (created)")
    p.add_argument("--articles", "-n", type=int, default=200)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--source", type=Path, action="append", help="folder of real .txt articles (repeatable)")
    args = p.parse_args(argv)
    sources = read_sources(args.source or DEFAULT_SOURCES)
    if not sources:
        print("gen_corpus: no source articles found", file=sys.stderr)
        return 2
    files = generate(sources, args.articles, args.seed)
    for rel, text in files:
        path = args.out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    sentences = sum(len(_SENT.split(t)) for _, t in files)
    print(f"wrote {len(files)} articles (~{sentences} sentences) from {len(sources)} sources to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
