"""Score speech attribution against BASIL's quote speakers (basil-dev).

    python bench/attribution_basil.py [--data /work/shared/bench/basil-dev] [--limit N]
                                      [--method app|baseline] [--json] [--errors N]

For every gold quoted span (``quotes`` in gold.json) the span is found in the
article text the app loaded (quotes, case and accents folded); the app's
attribution whose span overlaps it most gives the predicted speaker. The span
counts as *found* when that speaker names the gold entity: the actor's name and
aliases, the speaker's words and a pronoun's antecedent are compared by words
(a person on the surname, a group on the non-generic words of its name).

Gold speakers split three ways:

* person: an entity named by two or more capitalised words (``Donald_Trump``);
* group: any other named entity (``House_Democrats``, ``Obama_campaign``, ``BuzzFeed``);
* unnamed: ``other_pro`` / ``other_anti`` / ``other_neutral``, a speaker who is
  not one of the event's main entities. Reported as the share given *some*
  speaker that is not a main entity (it cannot be checked further).

A gold span not found in the text is a miss (it happens when cleaning changed
the text). ``--method baseline`` is the reporting-verb baseline of the issue:
the capitalised words just before the nearest reporting verb of the span's
sentence, no quote rules, no pronouns, no carry-over.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections import Counter
from pathlib import Path
from typing import Any

from basil_common import DEFAULT_DATA, events, is_person_name, locate, names_match


def _baseline(article: Any) -> list[tuple[int, int, list[str]]]:
    """Sentence span -> the capitalised words before its first reporting verb."""
    verbs = re.compile(r"\b(said|says|told|added|wrote|stated|argued|claimed)\b")
    out = []
    for s in article.body_sentences:
        m = verbs.search(s.text)
        if not m:
            continue
        caps = re.findall(r"[A-Z][\w’'.-]+", s.text[: m.start()])
        if caps:
            out.append((s.start, s.end, [caps[-1]]))
    return out


def _candidates(att: Any, actors_by_id: dict[str, Any]) -> list[str]:
    names = [att.speaker, att.antecedent or "", att.kind or "", att.actor_name or ""]
    actor = actors_by_id.get(att.actor or "")
    if actor is not None:
        names += list(actor.aliases)
    return names


def run(data: Path, limit: int | None, method: str, errors: int) -> dict[str, Any]:
    from sahel_tui.analysis.actors import detect_actors
    from sahel_tui.analysis.attribution import attribute_article
    from sahel_tui.corpus.loader import load_corpus

    tally: Counter[str] = Counter()
    wrong: list[dict[str, str]] = []
    clock = time.perf_counter()
    for ev in events(data, limit):
        corpus = load_corpus(ev.folder)
        actors = detect_actors(corpus, curated=False)
        by_id = {a.id: a for a in actors}
        mains = ev.gold.get("main_entities", [])
        for article in corpus.articles:
            gold = ev.gold["articles"].get(article.path.name)
            if gold is None:
                continue
            if method == "app":
                spans = [(a.start, a.end, _candidates(a, by_id)) for a in attribute_article(article, actors)]
            else:
                spans = _baseline(article)
            for q in gold["quotes"]:
                speaker = q["speaker"]
                cls = "unnamed" if speaker.startswith("other_") else ("person" if is_person_name(speaker) else "group")
                tally[cls + "_total"] += 1
                where = locate(article.text, q["text"])
                best: list[str] | None = None
                if where is not None:
                    overlap = 0
                    for s, e, cands in spans:
                        o = min(e, where[1]) - max(s, where[0])
                        if o > overlap:
                            overlap, best = o, cands
                else:
                    tally[cls + "_not_in_text"] += 1
                if cls == "unnamed":
                    ok = best is not None and any(c for c in best) and not any(
                        names_match(m.replace(" ", "_"), best, is_person_name(m.replace(" ", "_"))) for m in mains
                    )
                else:
                    ok = best is not None and names_match(speaker, best, cls == "person")
                if ok:
                    tally[cls + "_found"] += 1
                elif len(wrong) < errors and cls != "unnamed":
                    wrong.append({"event": ev.number, "file": article.path.name, "gold": speaker, "span": q["text"][:80], "got": " | ".join(c for c in (best or []) if c)[:80]})
    share = {
        cls: round(100.0 * tally[cls + "_found"] / tally[cls + "_total"], 1) if tally[cls + "_total"] else None
        for cls in ("person", "group", "unnamed")
    }
    return {
        "method": method,
        "events": len(list(events(data, limit))),
        "found_percent": share,
        "counts": dict(sorted(tally.items())),
        "seconds": round(time.perf_counter() - clock, 2),
        "errors": wrong,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--limit", type=int, default=None, help="only the first N events")
    ap.add_argument("--method", choices=("app", "baseline"), default="app")
    ap.add_argument("--errors", type=int, default=0, help="list the first N misses")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if not (args.data / "gold.json").is_file():
        print(f"attribution_basil: error: no gold.json under {args.data}")
        return 2
    result = run(args.data, args.limit, args.method, args.errors)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        c = result["counts"]
        for cls in ("person", "group", "unnamed"):
            print(f"{cls:8} speakers found: {result['found_percent'][cls]}%  ({c.get(cls + '_found', 0)}/{c.get(cls + '_total', 0)}; "
                  f"{c.get(cls + '_not_in_text', 0)} spans not in the text)")
        print(f"method={result['method']} events={result['events']} seconds={result['seconds']}")
        for e in result["errors"]:
            print(f"  miss {e['event']}/{e['file']}: gold={e['gold']} got={e['got']!r} span={e['span']!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
