"""Score framing against BASIL's author feelings (basil-dev).

    python bench/framing_basil.py [--data /work/shared/bench/basil-dev] [--limit N]
                                  [--module PATH] [--json] [--errors N]

For each (article, main entity) pair of gold.json (``author_feeling``; the
``main_event`` entry is not an actor and is left out), the gold label folds to
negative (``str-neg``, ``neg``), neutral (``neu``) or positive (``pos``,
``str-pos``). The app's framing section is computed for the event corpus as
``compare --section framing`` computes it (actors detected without the curated
glossary, the app's default of twelve major actors); the entity's row is the
actor whose name or aliases name it (see basil_common.names_match), and that
row's cell for the article gives the prediction. An entity with no row, or an
article with no cell, is predicted neutral, as the app shows nothing.

Verdicts map: ``negative``/``positive`` as such, anything else neutral. For the
framing of before issue 22 (``--module`` a copy of the old framing.py), labels
``critical``/``somewhat negative`` are negative and ``favourable``/``somewhat
positive`` positive.

Reported: accuracy, macro-F1 over the three classes, per-class F1, the
confusion matrix, and the always-neutral baseline on the same pairs; per-class
precision/recall; and the same scores on the two cross-validation halves
(events at even / odd positions of the sorted list), so that a threshold tuned
on one half can be read on the other.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import time
from collections import Counter
from pathlib import Path
from typing import Any

from basil_common import DEFAULT_DATA, events, is_person_name, names_match

CLASSES = ("neg", "neu", "pos")
_GOLD = {"str-neg": "neg", "neg": "neg", "neu": "neu", "pos": "pos", "str-pos": "pos"}
_OLD = {"critical": "neg", "somewhat negative": "neg", "favourable": "pos", "somewhat positive": "pos"}
_NEW = {"negative": "neg", "positive": "pos"}


def _framing_function(module: Path | None) -> Any:
    if module is None:
        from sahel_tui.analysis.compare.framing import framing

        return framing
    spec = importlib.util.spec_from_file_location("framing_under_test", module)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    import sys

    sys.modules[spec.name] = mod  # dataclasses look their module up while the class is built
    spec.loader.exec_module(mod)
    return mod.framing


def scores(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    confusion = Counter(pairs)
    f1 = {}
    prf: dict[str, dict[str, float]] = {}
    for c in CLASSES:
        tp = confusion[(c, c)]
        fp = sum(confusion[(g, c)] for g in CLASSES if g != c)
        fn = sum(confusion[(c, p)] for p in CLASSES if p != c)
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1[c] = round(100 * (2 * prec * rec / (prec + rec) if prec + rec else 0.0), 1)
        prf[c] = {"precision": round(100 * prec, 1), "recall": round(100 * rec, 1), "f1": f1[c]}
    acc = 100.0 * sum(confusion[(c, c)] for c in CLASSES) / len(pairs) if pairs else 0.0
    return {
        "accuracy": round(acc, 1),
        "macro_f1": round(sum(f1.values()) / 3, 1),
        "f1": f1,
        "per_class": prf,
        "confusion": {f"{g}->{p}": confusion[(g, p)] for g in CLASSES for p in CLASSES},
    }


def run(data: Path, limit: int | None, module: Path | None, errors: int) -> dict[str, Any]:
    from sahel_tui.analysis.actors import detect_actors
    from sahel_tui.corpus.loader import load_corpus

    framing = _framing_function(module)
    pairs: list[tuple[str, str]] = []
    # The two cross-validation halves: events at even and odd positions of the sorted event list (a rule or
    # threshold is chosen on one half and read on the other, so a figure that only holds on one is visible).
    halves: dict[str, list[tuple[str, str]]] = {"A": [], "B": []}
    wrong: list[dict[str, Any]] = []
    clock = time.perf_counter()
    for position, ev in enumerate(events(data, limit)):
        half = halves["A" if position % 2 == 0 else "B"]
        corpus = load_corpus(ev.folder)
        actors = detect_actors(corpus, curated=False)
        by_id = {a.id: a for a in actors}
        section = framing(corpus, actors)
        rows = section["actors"]
        for article in corpus.articles:
            gold = ev.gold["articles"].get(article.path.name)
            if gold is None:
                continue
            for entity, feeling in gold["author_feeling"].items():
                if entity == "main_event" or feeling not in _GOLD:
                    continue
                person = is_person_name(entity)
                best = None
                for row in rows:
                    actor = by_id.get(row["actor"])
                    names = [row["name"], *(actor.aliases if actor is not None else [])]
                    if names_match(entity, names, person) and (person is False or row["type"] == "person" or best is None):
                        cell = next((c for c in row["by_source"] if c["article"] == article.id), None)
                        if cell is not None and (best is None or cell["sentences"] > best["sentences"]):
                            best = cell
                label = str(best.get("verdict") or best.get("label")) if best else ""
                pred = _NEW.get(label) or _OLD.get(label) or "neu"
                g = _GOLD[feeling]
                pairs.append((g, pred))
                half.append((g, pred))
                if pred != g and len(wrong) < errors:
                    words = [w["word"] for w in (best or {}).get("words", [])][:8]
                    wrong.append({"event": ev.number, "file": article.path.name, "entity": entity, "gold": g,
                                  "predicted": pred, "label": label, "words": words})
    result = {
        "pairs": len(pairs),
        "gold": dict(Counter(g for g, _ in pairs)),
        "predicted": dict(Counter(p for _, p in pairs)),
        **scores(pairs),
        "halves": {k: {"pairs": len(v), **{m: x for m, x in scores(v).items() if m != "confusion"}} for k, v in halves.items()},
        "always_neutral": {k: v for k, v in scores([(g, "neu") for g, _ in pairs]).items() if k in ("accuracy", "macro_f1")},
        "seconds": round(time.perf_counter() - clock, 2),
        "errors": wrong,
    }
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--limit", type=int, default=None, help="only the first N events")
    ap.add_argument("--module", type=Path, default=None, help="a framing.py to score instead of the app's")
    ap.add_argument("--errors", type=int, default=0, help="list the first N wrong pairs")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if not (args.data / "gold.json").is_file():
        print(f"framing_basil: error: no gold.json under {args.data}")
        return 2
    r = run(args.data, args.limit, args.module, args.errors)
    if args.json:
        print(json.dumps(r, indent=2))
        return 0
    print(f"pairs={r['pairs']} gold={r['gold']} predicted={r['predicted']}")
    print(f"accuracy={r['accuracy']}% macro-F1={r['macro_f1']} per-class F1={r['f1']}")
    for c, m in r["per_class"].items():
        print(f"  {c}: precision={m['precision']} recall={m['recall']} F1={m['f1']}")
    for k, h in r["halves"].items():
        print(f"half {k} (events at {'even' if k == 'A' else 'odd'} positions): pairs={h['pairs']} "
              f"accuracy={h['accuracy']}% macro-F1={h['macro_f1']} per-class F1={h['f1']}")
    print(f"always-neutral: accuracy={r['always_neutral']['accuracy']}% macro-F1={r['always_neutral']['macro_f1']}")
    print("confusion (gold->predicted): " + ", ".join(f"{k}={v}" for k, v in r["confusion"].items()))
    for e in r["errors"]:
        print(f"  wrong {e['event']}/{e['file']} {e['entity']}: gold={e['gold']} got={e['predicted']} ({e['label']}) words={e['words']}")
    print(f"seconds={r['seconds']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
