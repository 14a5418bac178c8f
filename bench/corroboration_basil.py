"""Corroboration and discrepancy quality on multi-source news (basil-dev), with an automatic proxy.

    python bench/corroboration_basil.py /work/shared/bench/basil-dev [--dump FILE] [--json]
    python bench/corroboration_basil.py /work/shared/bench/bbc --flat   # one corpus of unrelated articles

Each event folder is compared on its own (three outlets on one story). The
figures are counted over all events:

* ``groups``: corroborated groups; ``proxy_same``: the share the proxy below
  judges to hold one claim; ``repeated``: groups whose members are all one
  quote or copy (the comparison's own independence mark, when it gives one).
* ``discrepancies``: flags; ``proxy_real``: the share the proxy judges real.
* ``targets``: whether the known discrepancies of the issue are flagged
  (located by their figures, so the check does not depend on ids or order).

The proxy is deliberately built from other evidence than the comparison uses
(no TF-IDF, no synonyms): a group holds one claim when every member from a
second source contains most of the proper names of some member of another
source AND shares a content word that is not a name with it (names alone make
the "different facts about one person" false groups). A discrepancy is real
when both figures sit next to the same word (the measure) or their sentences
share two proper names, and the figures differ beyond rounding and bounds. It
was checked against a reading of the output (docs/comparison.md gives the
agreement); it is a regression alarm, not ground truth.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

_CAP = re.compile(r"[A-Za-z][\w'’-]*")
_PROXY_TITLES = set(
    """mr mrs ms dr sen senator rep representative gov governor president vice secretary chairman speaker
    leader majority minority minister judge justice chief former washington monday tuesday wednesday thursday
    friday saturday sunday january february march april june july august september october november december
    jan feb aug sept oct nov dec""".split()
)
_WORD = re.compile(r"[a-z][a-z'-]+")
_STOP = set(
    """the a an and or but of to in on for with at by from as is are was were be been has have had that this
    it its he she they his her their them him who which what said says say not no would will could can
    about after before over more than also into than then there when while would should may might just
    mr mrs ms one two three new""".split()
)

# The figures of the two missed discrepancies (both in basil-dev).
TARGETS = (("$5 billion", "$5.7 billion"), ("$1 million", "$500,000"))


def _names(text: str) -> set[str]:
    """Capitalised words other than the first, titles, days, months and datelines."""
    found = set()
    for k, m in enumerate(_CAP.finditer(text)):
        word = re.sub(r"['’]s$", "", m.group())
        if k == 0 or not word[0].isupper() or word.isupper() and len(word) > 4:
            continue
        if word.lower() not in _STOP and word.lower() not in _PROXY_TITLES:
            found.add(word.lower())
    return found


def _content(text: str) -> set[str]:
    names = _names(text)
    return {w[:6] for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 3 and w not in names}


def proxy_pair_same(a: str, b: str) -> bool:
    na, nb = _names(a), _names(b)
    small, large = (na, nb) if len(na) <= len(nb) else (nb, na)
    if small and len(small & large) < max(1, (len(small) + 1) // 2):
        return False
    shared = _content(a) & _content(b)
    return len(shared) >= 2


def proxy_group_same(group: dict[str, Any]) -> bool:
    members = group["members"]
    for m in members:
        others = [o for o in members if o["article"] != m["article"]]
        if not any(proxy_pair_same(m["text"], o["text"]) for o in others):
            return False
    return True


def _figure(value: str) -> tuple[float, bool] | None:
    m = re.search(r"(\d[\d,]*(?:\.\d+)?)\s*(million|billion|thousand)?", value)
    if not m:
        return None
    v = float(m.group(1).replace(",", ""))
    v *= {"million": 1e6, "billion": 1e9, "thousand": 1e3}.get(m.group(2) or "", 1)
    return v, bool(re.search(r"\d\.\d", value))


def _next_word(text: str, value: str) -> str:
    at = text.find(value)
    if at < 0:
        return ""
    m = re.match(r"\W*(?:of |in |for )?(\w+)", text[at + len(value):])
    return m.group(1).lower()[:6] if m else ""


def proxy_discrepancy_real(d: dict[str, Any]) -> bool:
    a, b = d["a"], d["b"]
    if d["kind"] == "date":
        return len(_names(a["text"]) & _names(b["text"])) >= 2 and proxy_pair_same(a["text"], b["text"])
    fa, fb = _figure(str(a["value"])), _figure(str(b["value"]))
    if fa is None or fb is None or fa[0] == fb[0]:
        return False
    lead = a["text"][: a["text"].find(str(a["value"]))].lower()[-25:] + b["text"][: b["text"].find(str(b["value"]))].lower()[-25:]
    if re.search(r"more than|over|at least|nearly|about|up to|roughly", lead):
        return False
    same_measure = _next_word(a["text"], str(a["value"])) == _next_word(b["text"], str(b["value"])) != ""
    return same_measure or len(_names(a["text"]) & _names(b["text"])) >= 2


def _found_target(discrepancies: list[dict[str, Any]], pair: tuple[str, str]) -> bool:
    for d in discrepancies:
        sides = {str(d["a"]["value"]), str(d["b"]["value"])}
        if all(any(p in s for s in sides) for p in pair):
            return True
    return False


def _corpora(root: Path, flat: bool) -> list[Path]:
    if flat:
        return [root]
    events = root / "events"
    return sorted(p for p in events.iterdir() if p.is_dir()) if events.is_dir() else [root]


def run(root: Path, flat: bool = False) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    os.environ.setdefault("SAHEL_BRIEF_NO_CACHE", "1")
    from sahel_tui.analysis.compare import compare_corpus
    from sahel_tui.corpus.loader import load_corpus

    results = []
    for corpus_dir in _corpora(root, flat):
        corpus = load_corpus(corpus_dir)
        data = compare_corpus(corpus, sections=["corroborated", "discrepancies", "chronology"]).to_json()
        results.append({"event": corpus_dir.name, **data})
    groups = [g for r in results for g in r["corroborated"]]
    flags = [d for r in results for d in r["discrepancies"]]
    same = sum(proxy_group_same(g) for g in groups)
    real = sum(proxy_discrepancy_real(d) for d in flags)
    repeated = sum(1 for g in groups if g.get("independent_sources", g["sources"]) < g["sources"])
    chrono = [e for r in results for e in r["chronology"]]
    summary = {
        "corpora": len(results),
        "groups": len(groups),
        "proxy_same": round(same / len(groups), 3) if groups else None,
        "largest_group": max((len(g["members"]) for g in groups), default=0),
        "repeated_not_independent": repeated,
        "discrepancies": len(flags),
        "proxy_real": round(real / len(flags), 3) if flags else None,
        "targets": {" vs ".join(t): any(_found_target(r["discrepancies"], t) for r in results) for t in TARGETS},
        "chronology_entries": len(chrono),
        "background_entries": sum(1 for e in chrono if e.get("background")),
    }
    return summary, results


def dump(results: list[dict[str, Any]], out: Path) -> None:
    """Every group and flag as text, for reading (docs/comparison.md lists the verdicts)."""
    lines: list[str] = []
    for r in results:
        for g in r["corroborated"]:
            mark = "" if proxy_group_same(g) else "  [proxy: NOT same]"
            indep = g.get("independent_sources", g["sources"])
            lines.append(f"## {r['event']} {g['id']} sources={g['sources']} independent={indep}{mark}")
            if g.get("why"):
                lines.append(f"   why: {g['why']}")
            for m in g["members"]:
                rep = " (repeated)" if m.get("repeated") else ""
                lines.append(f"   - {m['article']}{rep}: {m['text']}")
        for d in r["discrepancies"]:
            mark = "" if proxy_discrepancy_real(d) else "  [proxy: NOT real]"
            lines.append(f"!! {r['event']} {d.get('id', '')} {d['kind']}: {d['a']['value']} vs {d['b']['value']}{mark}")
            if d.get("explanation"):
                lines.append(f"   {d['explanation']}")
            lines.append(f"   A {d['a']['article']}: {d['a']['text']}")
            lines.append(f"   B {d['b']['article']}: {d['b']['text']}")
    out.write_text("\n".join(lines) + "\n", "utf-8")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="corroboration/discrepancy quality with an automatic proxy")
    p.add_argument("root", type=Path, help="basil-dev (events/NNN folders) or any corpus with --flat")
    p.add_argument("--flat", action="store_true", help="compare the whole folder as one corpus (e.g. bbc)")
    p.add_argument("--dump", type=Path, help="write every group and flag as text here")
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    summary, results = run(args.root, args.flat)
    if args.dump:
        dump(results, args.dump)
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        for k, v in summary.items():
            print(f"{k:>26}: {v}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
