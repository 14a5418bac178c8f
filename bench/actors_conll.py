"""Score actor detection against CoNLL-2003 named entities (PER, ORG, LOC).

    python bench/actors_conll.py [--data /work/shared/bench/conll-dev/valid.txt] [--json]
                                 [--curated on|off|both] [--errors N]

Each ``-DOCSTART-`` document becomes one plain-text article, written to a
temporary folder and read by the app's own loader (``load_corpus``), so it is
cleaned and segmented exactly as a user's file would be:

* line 1 is the headline (the document's first CoNLL sentence), every further
  CoNLL sentence is a paragraph of its own (Reuters paragraphs are mostly one
  sentence; the dateline "LONDON 1996-08-30" is then its own line, as on a wire);
* tokens are joined by single spaces, except none before closing punctuation
  (. , ; : ! ? ) ] % and clitics 's n't) and none after opening brackets;
  straight double quotes alternate between opening and closing.

Every token is then found again in the loaded ``Article.text`` (forward search),
so gold spans are exact character offsets into the text the detector saw; a
token the loader dropped leaves its entity unmatched (a miss, as for the user).

Actors are detected as the app does, with no cache and no analyst edits, with
the curated glossary off and on. Types map: person -> PER; organisation, party,
armed_group -> ORG; state, place -> LOC; "other" is not scored (like MISC).
Every mention of a scored type is a predicted span; a prediction on a MISC
entity counts as a false positive, as in conlleval over the three types.

Demonyms: the glossary lists "Israeli" and "Dutch" among the mentions of their
state (the analyst wants to see them), but they are adjectives, not names of
the state; CoNLL tags them MISC. Mentions whose surface the gazetteer knows as a
demonym are therefore left out of the predicted spans (``--count-demonyms``
keeps them in); the report says how many were left out and gives the strict F1
with them counted too.

* strict: same start, end and type;
* lenient: same type and the spans overlap (precision over predictions that
  overlap some gold span of their type, recall over gold spans that overlap
  some prediction of theirs).

Prose or table: a document is *prose* when at least 80% of its body tokens
(everything after the headline and the dateline) stand in lines holding at
least three lower-case words; results tables, league standings and
scoreboards fall below (their lines are names and figures). The threshold
sits in the widest gap of the dev split's distribution (0.76 -> 0.84); the
rule reads only the text's shape, never its words.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

DEFAULT_DATA = Path("/work/shared/bench/conll-dev/valid.txt")
SCORED = ("PER", "ORG", "LOC")
TYPE_MAP = {
    "person": "PER",
    "organisation": "ORG",
    "party": "ORG",
    "armed_group": "ORG",
    "state": "LOC",
    "place": "LOC",
}
_NO_SPACE_BEFORE = {".", ",", ";", ":", "!", "?", ")", "]", "}", "%", "'s", "'S", "n't", "'", "'re", "'ve", "'ll", "'d", "'m"}
_NO_SPACE_AFTER = {"(", "[", "{", "$", "`"}
PROSE_SHARE = 0.8


@dataclass
class Doc:
    number: int
    sentences: list[list[tuple[str, str]]]  # (token, IOB2 tag)
    text: str = ""
    offsets: list[list[tuple[int, int]]] = field(default_factory=list)  # into ``text``
    prose: bool = True


def read_conll(path: Path) -> list[Doc]:
    docs: list[Doc] = []
    sentence: list[tuple[str, str]] = []
    current: list[list[tuple[str, str]]] | None = None

    def close_sentence() -> None:
        nonlocal sentence
        if sentence and current is not None:
            current.append(sentence)
        sentence = []

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("-DOCSTART-"):
            close_sentence()
            if current:
                docs.append(Doc(len(docs) + 1, current))
            current = []
            continue
        if not line.strip():
            close_sentence()
            continue
        cols = line.split()
        if current is None:
            current = []
        sentence.append((cols[0], cols[-1]))
    close_sentence()
    if current:
        docs.append(Doc(len(docs) + 1, current))
    return docs


def is_prose(doc: Doc) -> bool:
    body = doc.sentences[2:]
    total = sum(len(s) for s in body)
    if total == 0:
        return True
    in_prose = sum(len(s) for s in body if sum(1 for t, _ in s if t.isalpha() and t.islower() and len(t) >= 2) >= 3)
    return in_prose / total >= PROSE_SHARE


def detokenise(tokens: list[str]) -> tuple[str, list[tuple[int, int]]]:
    """One line of text and each token's span in it."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    open_quote = False
    prev = ""
    for tok in tokens:
        space = bool(out)
        if tok in _NO_SPACE_BEFORE or prev in _NO_SPACE_AFTER:
            space = False
        if tok == '"':
            if open_quote:
                space = False
            open_quote = not open_quote
        elif prev == '"' and open_quote:
            space = False
        if space:
            out.append(" ")
            pos += 1
        spans.append((pos, pos + len(tok)))
        out.append(tok)
        pos += len(tok)
        prev = tok
    return "".join(out), spans


def build_text(doc: Doc) -> tuple[str, list[list[tuple[int, int]]]]:
    parts: list[str] = []
    offsets: list[list[tuple[int, int]]] = []
    pos = 0
    for k, sentence in enumerate(doc.sentences):
        line, spans = detokenise([t for t, _ in sentence])
        if k:
            parts.append("\n\n")
            pos += 2
        offsets.append([(s + pos, e + pos) for s, e in spans])
        parts.append(line)
        pos += len(line)
    return "".join(parts) + "\n", offsets


def realign(doc: Doc, article_text: str) -> list[list[tuple[int, int] | None]]:
    """Each token's span in the loaded article's text (None: cleaning dropped it)."""
    out: list[list[tuple[int, int] | None]] = []
    pos = 0
    for sentence in doc.sentences:
        row: list[tuple[int, int] | None] = []
        for tok, _ in sentence:
            at = article_text.find(tok, pos, pos + 400 + len(tok))
            if at < 0:
                row.append(None)
                continue
            row.append((at, at + len(tok)))
            pos = at + len(tok)
        out.append(row)
    return out


def gold_spans(doc: Doc, spans: list[list[tuple[int, int] | None]]) -> list[tuple[str, int, int]]:
    """(type, start, end) of every gold entity; MISC included (its spans make false positives)."""
    out: list[tuple[str, int, int]] = []
    for sentence, row in zip(doc.sentences, spans):
        current: list[Any] | None = None
        for (tok, tag), span in zip(sentence, row):
            if tag.startswith("B-") or (tag.startswith("I-") and (current is None or current[0] != tag[2:])):
                if current is not None:
                    out.append(tuple(current))  # type: ignore[arg-type]
                current = [tag[2:], span, span, span is not None]
            elif tag.startswith("I-") and current is not None:
                current[2] = span
                current[3] = current[3] and span is not None
            else:
                if current is not None:
                    out.append(tuple(current))  # type: ignore[arg-type]
                current = None
        if current is not None:
            out.append(tuple(current))  # type: ignore[arg-type]
    result = []
    for typ, first, last, complete in out:  # type: ignore[misc]
        if complete:
            result.append((typ, first[0], last[1]))
        else:
            result.append((typ, -1, -1))  # dropped by the loader: can never be matched
    return result


@dataclass
class Counts:
    tp: int = 0
    pred: int = 0
    gold: int = 0
    ltp_pred: int = 0  # lenient: predictions overlapping a gold span of their type
    ltp_gold: int = 0  # lenient: gold spans overlapping a prediction of their type

    def add(self, other: "Counts") -> None:
        self.tp += other.tp
        self.pred += other.pred
        self.gold += other.gold
        self.ltp_pred += other.ltp_pred
        self.ltp_gold += other.ltp_gold

    def figures(self) -> dict[str, float]:
        def prf(tp_p: int, tp_g: int) -> tuple[float, float, float]:
            p = tp_p / self.pred if self.pred else 0.0
            r = tp_g / self.gold if self.gold else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            return round(100 * p, 1), round(100 * r, 1), round(100 * f, 1)

        sp, sr, sf = prf(self.tp, self.tp)
        lp, lr, lf = prf(self.ltp_pred, self.ltp_gold)
        return {"strict_p": sp, "strict_r": sr, "strict_f1": sf, "lenient_p": lp, "lenient_r": lr,
                "lenient_f1": lf, "gold": self.gold, "predicted": self.pred}


def _overlaps(a: tuple[str, int, int], b: tuple[str, int, int]) -> bool:
    return a[0] == b[0] and a[1] < b[2] and b[1] < a[2]


def score_doc(gold: list[tuple[str, int, int]], pred: set[tuple[str, int, int]]) -> dict[str, Counts]:
    out = {t: Counts() for t in SCORED}
    scored_gold = [g for g in gold if g[0] in SCORED]
    gold_set = set(scored_gold)
    for t in SCORED:
        g_t = [g for g in scored_gold if g[0] == t]
        p_t = [p for p in pred if p[0] == t]
        c = out[t]
        c.gold = len(g_t)
        c.pred = len(p_t)
        c.tp = sum(1 for p in p_t if p in gold_set)
        c.ltp_pred = sum(1 for p in p_t if any(_overlaps(p, g) for g in g_t))
        c.ltp_gold = sum(1 for g in g_t if any(_overlaps(p, g) for p in p_t))
    return out


def predictions(actors: list[Any], demonyms: bool) -> tuple[dict[str, set[tuple[str, int, int]]], int]:
    """Predicted spans per article, and how many demonym mentions were left out."""
    from sahel_tui.analysis.actors import gazetteer

    out: dict[str, set[tuple[str, int, int]]] = {}
    left_out = 0
    for a in actors:
        t = TYPE_MAP.get(a.type)
        if t is None:
            continue
        for m in a.mentions:
            place = gazetteer.lookup(m.surface)
            if not demonyms and place is not None and place.how == "demonym":
                left_out += 1
                continue
            out.setdefault(m.article, set()).add((t, m.start, m.end))
    return out, left_out


def load(docs: list[Doc], folder: Path) -> Any:
    from sahel_tui.corpus.loader import load_corpus

    for doc in docs:
        doc.text, doc.offsets = build_text(doc)
        doc.prose = is_prose(doc)
        (folder / f"doc{doc.number:03d}.txt").write_text(doc.text, encoding="utf-8")
    return load_corpus(folder)


def run(docs: list[Doc], corpus: Any, curated: bool, errors: int = 0, demonyms: bool = False) -> dict[str, Any]:
    from sahel_tui.analysis.actors import detect_actors

    started = time.perf_counter()
    actors = detect_actors(corpus, curated=curated, edits=None, cache=None)
    seconds = time.perf_counter() - started
    by_article, left_out = predictions(actors, demonyms)
    with_demonyms = None if demonyms else predictions(actors, True)[0]
    counted = {"all": Counts(), "prose": Counts()}
    article_of = {Path(a.path).stem: a for a in corpus.articles}
    totals = {"all": {t: Counts() for t in SCORED}, "prose": {t: Counts() for t in SCORED}}
    samples: dict[str, list[str]] = {"missed": [], "spurious": [], "wrong_type": [], "boundary": []}
    for doc in docs:
        article = article_of.get(f"doc{doc.number:03d}")
        if article is None:
            raise SystemExit(f"actors_conll: error: doc{doc.number:03d} was not loaded")
        spans = realign(doc, article.text)
        gold = gold_spans(doc, spans)
        pred = by_article.get(article.id, set())
        per_type = score_doc(gold, pred)
        for t, c in per_type.items():
            totals["all"][t].add(c)
            if doc.prose:
                totals["prose"][t].add(c)
        if with_demonyms is not None:
            for c in score_doc(gold, with_demonyms.get(article.id, set())).values():
                counted["all"].add(c)
                if doc.prose:
                    counted["prose"].add(c)
        if errors:
            _collect_errors(article.text, gold, pred, samples, doc.prose)
    result: dict[str, Any] = {"curated": curated, "seconds": round(seconds, 2), "actors": len(actors),
                              "demonym_mentions_left_out": left_out}
    if with_demonyms is not None:
        result["strict_f1_demonyms_counted"] = {k: v.figures()["strict_f1"] for k, v in counted.items()}
    for part, per in totals.items():
        micro = Counts()
        for c in per.values():
            micro.add(c)
        result[part] = {"micro": micro.figures(), **{t: per[t].figures() for t in SCORED}}
    if errors:
        result["errors"] = {k: v[:errors] for k, v in samples.items()}
        result["error_counts"] = {k: len(v) for k, v in samples.items()}
    return result


def _collect_errors(text: str, gold: list[tuple[str, int, int]], pred: set[tuple[str, int, int]],
                    samples: dict[str, list[str]], prose: bool) -> None:
    tag = "" if prose else "[table] "
    gold_scored = {g for g in gold if g[0] in SCORED}
    for p in sorted(pred, key=lambda x: x[1]):
        if p in gold_scored:
            continue
        same_span = [g for g in gold if g[1] == p[1] and g[2] == p[2]]
        over = [g for g in gold if g[1] < p[2] and p[1] < g[2]]
        if same_span:
            samples["wrong_type"].append(f"{tag}{text[p[1]:p[2]]!r} {p[0]} (gold {same_span[0][0]})")
        elif over:
            g = over[0]
            samples["boundary"].append(f"{tag}{text[p[1]:p[2]]!r} {p[0]} (gold {text[g[1]:g[2]]!r} {g[0]})")
        else:
            ctx = text[max(0, p[1] - 30):p[2] + 30].replace("\n", " ")
            samples["spurious"].append(f"{tag}{text[p[1]:p[2]]!r} {p[0]} in {ctx!r}")
    for g in sorted(gold_scored, key=lambda x: x[1]):
        if g[1] < 0:
            samples["missed"].append(f"{tag}(dropped by the loader) {g[0]}")
            continue
        if not any(p[1] < g[2] and g[1] < p[2] for p in pred):
            ctx = text[max(0, g[1] - 30):g[2] + 30].replace("\n", " ")
            samples["missed"].append(f"{tag}{text[g[1]:g[2]]!r} {g[0]} in {ctx!r}")


def _print(result: dict[str, Any]) -> None:
    print(f"curated {'on' if result['curated'] else 'off'}: {result['actors']} actors in {result['seconds']} s;"
          f" {result['demonym_mentions_left_out']} demonym mentions left out"
          + (f" (strict F1 with them counted: {result['strict_f1_demonyms_counted']})"
             if "strict_f1_demonyms_counted" in result else ""))
    for part in ("prose", "all"):
        print(f"  {part} documents")
        for row in ("micro", *SCORED):
            f = result[part][row]
            print(f"    {row:5} strict P {f['strict_p']:5.1f} R {f['strict_r']:5.1f} F1 {f['strict_f1']:5.1f}"
                  f" | lenient P {f['lenient_p']:5.1f} R {f['lenient_r']:5.1f} F1 {f['lenient_f1']:5.1f}"
                  f" | gold {f['gold']} predicted {f['predicted']}")
    if "errors" in result:
        print("  error counts:", result["error_counts"])
        for kind, lines in result["errors"].items():
            print(f"  {kind}:")
            for line in lines:
                print("    " + line)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--curated", choices=("on", "off", "both"), default="both")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--errors", type=int, default=0, help="list up to N errors of each kind")
    ap.add_argument("--count-demonyms", action="store_true", help="score demonym mentions as LOC predictions")
    args = ap.parse_args(argv)
    if not args.data.is_file():
        print(f"actors_conll: error: no such file {args.data}", file=sys.stderr)
        return 2
    docs = read_conll(args.data)
    results = []
    with tempfile.TemporaryDirectory(prefix="actors-conll-") as tmp:
        # The app's state (cache, edits) must not leak in, nor be written to.
        for name in ("SAHEL_BRIEF_CONFIG_DIR", "SAHEL_BRIEF_DATA_DIR", "SAHEL_BRIEF_CACHE_DIR"):
            os.environ[name] = str(Path(tmp) / name.lower())
        os.environ["SAHEL_BRIEF_NO_CACHE"] = "1"
        folder = Path(tmp) / "corpus"
        folder.mkdir()
        corpus = load(docs, folder)
        modes = {"on": [True], "off": [False], "both": [False, True]}[args.curated]
        for curated in modes:
            results.append(run(docs, corpus, curated, args.errors, args.count_demonyms))
    prose = sum(d.prose for d in docs)
    if args.json:
        print(json.dumps({"documents": len(docs), "prose_documents": prose, "runs": results}, indent=2))
    else:
        print(f"{len(docs)} documents, {prose} prose, {len(docs) - prose} tables")
        for r in results:
            _print(r)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
