"""Run every benchmark, one command each, keep their reports, and judge them against the budgets (``make bench``).

    python bench/run_all.py [--articles 2000] [--seed 7] [--corpus DIR] [--out DIR] [--quick] [--only NAME,...]
                            [--scale] [--scale-sizes 2000,8000,20000]

Generates the benchmark corpus first when a benchmark needs it and it is
missing (bench/gen_corpus.py into ``/tmp/sahel-bench-<N>``), then runs each
benchmark below as its own process, exactly as printed, so any line can be
rerun alone. Every benchmark is run with ``--json``: its output is saved to
``--out`` (default ``/tmp/sahel-bench-results``) as NAME.txt (the command, its
output and a footer) and, parsed, as NAME.json. The load average is noted
before and after each one: the machine is shared, so read every time next to
the baseline measured in the same run.

The run ends with a summary, printed and written to ``OUT/summary.md`` and
``OUT/summary.json``: one row per figure, with what was measured, its budget,
whether it is met and the benchmark (and NAME.json) it comes from. The budgets:

- first paint (first_paint.py, the ratio of the medians against a bare Textual
  app measured in the same run): at most 1.3x warm, on the seeds and at 2,000
  articles; at most 2x cold (the budget first_paint.py prints for a cold cache);
  interactive at 2,000, warm, within 2 s;
- keypress to screen (keypress.py): median at most 50 ms for each key it budgets
  (next sentence, next article, a letter in the glossary filter, opening the
  comparison); the app's peak RSS after the run at most 600 MB at 2,000;
- app peak RSS (memory.py) at most 600 MB at 2,000 articles;
- export (export_bench.py) at 2,000, warm, at most 3 s;
- the comparison (bench_compare.py, cold cache): at most 10 s at 2,000 articles,
  and at 20,000 (``--scale``) at most 120 s and 2 GB;
- throughput.py: ingestion + key points at least 40 articles/s on 2 cores, the
  whole comparison at most 60 s and 2 GB, at 2,000; keypoints_scale.py: key
  points of a file within the 20 MB limit in at most 30 s and 1 GB (issue 18);
  pdf_ingest.py: 200 ten-page PDFs cold within ``budget_cold_seconds`` of its JSON
  (60 s, issue 14).

Other figures are listed with budget "-". A budget set at 2,000 articles is not
judged (met "-") on a corpus of another size. A benchmark that fails, or a key
missing from its JSON, gives "not measured" rather than a figure; a benchmark
left out by ``--only`` gives no rows.

``--scale`` (off by default) also measures how the comparison grows: for each
size of ``--scale-sizes`` it generates (or reuses) ``/tmp/sahel-bench-<N>``,
runs ``bench_compare.py --json`` on it with the analysis cache off
(``SAHEL_BRIEF_NO_CACHE=1``: cold), saves ``scale_<N>.txt`` and ``.json``, and
adds to the summary the total time, peak RSS and each stage at each size, then
the growth exponent ``log(t_b/t_a) / log(n_b/n_a)`` for each consecutive pair of
sizes (n: articles), for total time, peak RSS and each stage. Target: at most
1.1 for times and 1.0 for memory. Peak RSS includes the interpreter and its
imports (about 80 MB), so on small sizes its exponent reads low; stages of a few
milliseconds give noisy exponents. Only one benchmark process runs at a time.

``--quick`` uses few repetitions (a smoke run, not figures to publish).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shlex
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Callable

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent

# Budgets (docs/performance.md, the benchmarks' docstrings and their issues).
PAINT_WARM_RATIO = 1.3
PAINT_COLD_RATIO = 2.0
INTERACTIVE_MS = 2000.0
KEY_MEDIAN_MS = 50.0
APP_PEAK_MB = 600.0
EXPORT_WARM_S = 3.0
COMPARE_2000_S = 10.0
COMPARE_20000_S = 120.0
COMPARE_20000_MB = 2048.0
THROUGHPUT_MIN_PER_S = 40.0
WHOLE_COMPARISON_S = 60.0
WHOLE_COMPARISON_MB = 2048.0
KEYPOINTS_S = 30.0
KEYPOINTS_MB = 1024.0
KEYPOINTS_FILE_LIMIT_MB = 20.0
GROWTH_TIME = 1.1
GROWTH_MEMORY = 1.0
BUDGET_SIZE = 2000  # the article count the "at 2,000" budgets are set for


@dataclass
class Bench:
    name: str
    cmd: list[str]
    env: dict[str, str] | None = None  # added to the environment


@dataclass
class Row:
    figure: str
    measured: str
    budget: str
    met: str  # "yes", "no", or "-" (no budget, not judged, or not measured)
    source: str
    value: float | None = None
    limit: float | None = None
    unit: str = ""


def commands(corpus: Path, quick: bool) -> list[Bench]:
    py = sys.executable
    sys.path.insert(0, str(BENCH))
    sys.path.insert(0, str(REPO))
    from pane_host import app_has_views

    # Until the app offers the glossary and comparison itself, mount them with bench/pane_host.py.
    host = [] if app_has_views() else ["--host-panes"]
    seeds = REPO / "seeds"
    runs = "2" if quick else "7"
    big_runs = "2" if quick else "5"
    presses = "8" if quick else "40"
    cold = {"SAHEL_BRIEF_NO_CACHE": "1"}
    return [
        Bench("first_paint_seeds", [py, str(BENCH / "first_paint.py"), "--corpus", str(seeds), "--runs", runs, "--json"]),
        Bench("first_paint_2000", [py, str(BENCH / "first_paint.py"), "--corpus", str(corpus), "--runs", big_runs, "--json"]),
        Bench("keypress_2000", [py, str(BENCH / "keypress.py"), "--corpus", str(corpus), "--presses", presses, *host,
                                "--json"]),
        Bench("memory_2000", [py, str(BENCH / "memory.py"), "--corpus", str(corpus), "--cache", "cold", *host, "--json"]),
        Bench("widgets_2000", [py, str(BENCH / "widget_count.py"), "--corpus", str(corpus), *host, "--json"]),
        Bench("throughput_2000", [py, str(BENCH / "throughput.py"), str(corpus), "--json"]),
        Bench("compare_2000", [py, str(BENCH / "bench_compare.py"), str(corpus), "--json"], cold),
        Bench("export", [py, str(BENCH / "export_bench.py"), "--corpus", str(seeds), "--corpus", str(corpus),
                         "--runs", "1" if quick else "3", "--json"]),
        # Peak memory of key points against sentence count (issue 18: linear up to 200,000).
        Bench("keypoints_scale", [py, str(BENCH / "keypoints_scale.py"),
                                  "--sizes", "1000,10000,50000" if quick else "1000,2500,10000,50000,100000,200000",
                                  "--json"]),
        # 200 ten-page PDFs cold and warm (issue 14: at most 60 s cold on 2 cores).
        Bench("pdf_ingest", [py, str(BENCH / "pdf_ingest.py"), *(["--n", "20"] if quick else []), "--json"]),
    ]


# -- running ------------------------------------------------------------------------------


@dataclass
class Outcome:
    """What one benchmark run left: its parsed JSON (None when it failed or printed none) and why not."""

    data: Any
    problem: str | None


def parse_json(text: str) -> Any:
    """The JSON a benchmark printed: the whole output, or from the first line that opens an object or a list."""
    try:
        return json.loads(text)
    except ValueError:
        pass
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.strip() in ("{", "[") or line.startswith(("{", "[")):
            try:
                return json.loads("\n".join(lines[i:]))
            except ValueError:
                continue
    raise ValueError("no JSON in the output")


def run_bench(bench: Bench, out: Path) -> Outcome:
    load_before = os.getloadavg()[0]
    shown = shlex.join(bench.cmd)
    if bench.env:
        shown = " ".join(f"{k}={shlex.quote(v)}" for k, v in bench.env.items()) + " " + shown
    print(f"\n== {bench.name}  (load average {load_before:.2f})\n$ {shown}", flush=True)
    env = dict(os.environ, **bench.env) if bench.env else None
    started = time.perf_counter()
    proc = subprocess.run(bench.cmd, cwd=REPO, capture_output=True, text=True, env=env)
    report = proc.stdout + (f"\n[stderr]\n{proc.stderr}" if proc.returncode else "")
    footer = (f"took {time.perf_counter() - started:.0f} s; load average {load_before:.2f} -> "
              f"{os.getloadavg()[0]:.2f}; exit {proc.returncode}")
    (out / f"{bench.name}.txt").write_text(f"$ {shown}\n{report}\n{footer}\n", encoding="utf-8")
    json_path = out / f"{bench.name}.json"
    json_path.unlink(missing_ok=True)  # never leave an earlier run's figures beside this run's report
    if proc.returncode:
        tail = "\n".join(proc.stderr.strip().splitlines()[-15:])
        print(f"[stderr, last lines]\n{tail}" if tail else "[no stderr]", flush=True)
        print(footer, flush=True)
        return Outcome(None, f"failed, exit {proc.returncode}")
    try:
        data = parse_json(proc.stdout)
    except ValueError:
        print(proc.stdout.rstrip(), flush=True)
        print(footer, flush=True)
        return Outcome(None, "no JSON in its output")
    json_path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    print(f"saved {bench.name}.txt and {bench.name}.json", flush=True)
    print(footer, flush=True)
    return Outcome(data, None)


def ensure_corpus(path: Path, articles: int, seed: int) -> None:
    if path.is_dir() and any(path.iterdir()):
        return
    gen = [sys.executable, str(BENCH / "gen_corpus.py"), str(path), "--articles", str(articles), "--seed", str(seed)]
    print("$ " + shlex.join(gen), flush=True)
    subprocess.run(gen, check=True)


# -- judging ------------------------------------------------------------------------------


def dig(data: Any, *path: str | int) -> Any:
    """``data[path[0]][path[1]]...``; KeyError naming the dotted path when any step is missing."""
    node = data
    for step in path:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            raise KeyError(".".join(str(p) for p in path)) from None
    return node


def number(data: Any, *path: str | int) -> float:
    value = dig(data, *path)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
        raise KeyError(".".join(str(p) for p in path))
    return float(value)


def fmt(value: float, unit: str) -> str:
    if unit == "x":
        return f"{value:.2f}x"
    if unit == "ms":
        return f"{value:,.1f} ms"
    if unit == "s":
        return f"{value:,.3f} s" if abs(value) < 1 else f"{value:,.2f} s"
    if unit == "MB":
        return f"{value:,.0f} MB"
    if unit == "/s":
        return f"{value:,.1f} articles/s"
    if unit == "n":
        return f"{value:,.0f}"
    return f"{value:.2f}"


Key = tuple[str | int, ...]
Detail = tuple[tuple[str, Key, str], ...]  # (label, path in the JSON, unit): "label value", left out when missing


def judged(
    figure: str,
    source: str,
    data: Any,
    path: Key,
    unit: str,
    limit: float | None = None,
    at_least: bool = False,
    detail: Detail = (),
    applies: bool = True,
    why_not: str = "",
) -> Row:
    """A row for the figure at ``path`` in ``data`` (missing: "not measured"), with ``detail`` beside it.

    ``limit`` None: no budget ("-"). ``applies`` False: the budget is shown, not judged (``why_not``).
    """
    budget = "-" if limit is None else (f">= {fmt(limit, unit)}" if at_least else f"<= {fmt(limit, unit)}")
    try:
        value = number(data, *path)
    except KeyError as missing:
        return Row(figure, f"not measured (no {missing.args[0]} in the JSON)", budget, "-", source, None, limit, unit)
    measured = fmt(value, unit)
    extras = []
    for label, where, extra_unit in detail:
        try:
            extras.append(f"{label} {fmt(number(data, *where), extra_unit)}".strip())
        except KeyError:
            continue
    if extras:
        measured += f" ({', '.join(extras)})"
    if limit is None:
        met = "-"
    elif not applies:
        met = "-"
        budget += f" ({why_not})" if why_not else ""
    else:
        met = "yes" if (value >= limit if at_least else value <= limit) else "no"
    return Row(figure, measured, budget, met, source, value, limit, unit)


def not_measured(figure: str, source: str, why: str, limit: float | None = None, unit: str = "",
                 at_least: bool = False) -> Row:
    budget = "-" if limit is None else (f">= {fmt(limit, unit)}" if at_least else f"<= {fmt(limit, unit)}")
    return Row(figure, f"not measured ({why})", budget, "-", source, None, limit, unit)


def size_note(articles: Any) -> tuple[bool, str]:
    """Whether a budget set at 2,000 articles applies to a corpus of ``articles``, and why not."""
    if isinstance(articles, int) and articles != BUDGET_SIZE:
        return False, f"set at {BUDGET_SIZE:,} articles; not judged at {articles:,}"
    return True, ""


def corpus_label(entry: Any) -> str:
    corpus = Path(str(entry.get("corpus", "?"))) if isinstance(entry, dict) else Path("?")
    label = "seeds" if corpus == (REPO / "seeds").resolve() else corpus.name
    articles = entry.get("articles") if isinstance(entry, dict) else None
    return f"{label}, {articles:,} articles" if isinstance(articles, int) else label


def first_paint_rows(name: str, data: Any) -> list[Row]:
    source = f"first_paint.py [{name}.json]"
    seeds = name.endswith("seeds")
    where = "seeds" if seeds else f"{BUDGET_SIZE:,}"
    if data is None:
        return [not_measured(f"first paint / bare app, {where}, warm", source, "", PAINT_WARM_RATIO, "x"),
                not_measured(f"first paint / bare app, {where}, cold", source, "", PAINT_COLD_RATIO, "x")]
    rows: list[Row] = []
    for entry in data if isinstance(data, list) else [data]:
        label = corpus_label(entry)
        applies, why = (True, "") if seeds else size_note(entry.get("articles") if isinstance(entry, dict) else None)
        for state, limit in (("warm", PAINT_WARM_RATIO), ("cold", PAINT_COLD_RATIO)):
            detail: Detail = (("app", (state, "app_ms"), "ms"), ("bare", (state, "bare_ms"), "ms"),
                              ("per round", (state, "paired_ratio"), "x"))
            rows.append(judged(f"first paint / bare app, {label}, {state}", source, entry, (state, "ratio"), "x", limit,
                               detail=detail, applies=applies, why_not=why))
        if not seeds:
            rows.append(judged(f"interactive (paint, then ] answered), {label}, warm", source, entry,
                               ("warm", "interactive_ms"), "ms", INTERACTIVE_MS, applies=applies, why_not=why))
    return rows


KEYS: tuple[tuple[Key, str, bool], ...] = (
    (("next_sentence",), "keypress j/k next sentence, median", True),
    (("next_article",), "keypress ] next article, median", True),
    (("glossary", "filter_echo"), "keypress glossary filter letter shown, median", True),
    (("glossary", "filtered_after_query"), "glossary query until filtered (waits a 0.12 s pause), median", False),
    (("comparison", "open"), "keypress 3 open comparison, median", True),
    (("comparison", "back_to_reader"), "keypress 1 back to reader, median", False),
)


def keypress_rows(name: str, data: Any) -> list[Row]:
    source = f"keypress.py [{name}.json]"
    if data is None:
        return [not_measured(label, source, "", KEY_MEDIAN_MS if budgeted else None, "ms") for _, label, budgeted in KEYS]
    label = corpus_label(data)
    applies, why = size_note(data.get("articles"))
    rows = [judged(f"bare Textual app key echo, median, {label}", source, data, ("bare_echo", "median_ms"), "ms",
                   detail=(("after the run", ("bare_echo_after", "median_ms"), "ms"),))]
    for path, figure, budgeted in KEYS:
        view = data.get(str(path[0])) if len(path) > 1 else None
        limit = KEY_MEDIAN_MS if budgeted else None
        if isinstance(view, dict) and view.get("available") is False:
            rows.append(not_measured(f"{figure}, {label}", source, str(view.get("reason", "view not available")), limit, "ms"))
            continue
        rows.append(judged(f"{figure}, {label}", source, data, (*path, "median_ms"), "ms", limit,
                           detail=(("p95", (*path, "p95_ms"), "ms"), ("n", (*path, "n"), "n")),
                           applies=applies, why_not=why))
    rows.append(judged(f"app peak RSS after the keypress run, {label}", source, data, ("app_peak_rss_mb",), "MB",
                       APP_PEAK_MB, applies=applies, why_not=why))
    return rows


def memory_rows(name: str, data: Any) -> list[Row]:
    source = f"memory.py [{name}.json]"
    if data is None:
        return [not_measured(f"app peak RSS, {BUDGET_SIZE:,}, cold", source, "", APP_PEAK_MB, "MB")]
    label = corpus_label(data)
    applies, why = size_note(data.get("articles"))
    detail: Detail = (("after load", ("after_load", "peak_mb"), "MB"), ("glossary", ("after_glossary", "peak_mb"), "MB"),
                      ("comparison", ("after_comparison", "peak_mb"), "MB"),
                      ("stored", ("after_comparison_stored", "peak_mb"), "MB"), ("bare app", ("bare_app", "rss_mb"), "MB"))
    return [judged(f"app peak RSS, {label}, {data.get('cache', '?')} cache", source, data, ("peak_mb",), "MB", APP_PEAK_MB,
                   detail=detail, applies=applies, why_not=why)]


def widget_rows(name: str, data: Any) -> list[Row]:
    source = f"widget_count.py [{name}.json]"
    if data is None:
        return [not_measured("widgets per view", source, "")]
    label = corpus_label(data)
    rows = []
    for view in ("reader", "glossary", "comparison"):
        r = data.get(view)
        if r is None:
            rows.append(not_measured(f"widgets, {view}, {label}", source, f"no {view} in the JSON"))
            continue
        if isinstance(r, dict) and r.get("available") is False:
            rows.append(not_measured(f"widgets, {view}, {label}", source, "view not installed"))
            continue
        row = judged(f"widgets, {view}, {label}", source, data, (view, "widgets"), "n")
        held = r.get("rows_held") if isinstance(r, dict) else None
        if row.value is not None and isinstance(held, dict):
            listed = ", ".join(f"{k} {'virtual' if isinstance(v, int) and v < 0 else v}" for k, v in held.items())
            row.measured += f" widgets; rows held: {listed or 'none'}"
        rows.append(row)
    return rows


def throughput_rows(name: str, data: Any) -> list[Row]:
    source = f"throughput.py [{name}.json]"
    if data is None:
        return [not_measured("throughput ingest+keypoints, 2 core(s)", source, "", THROUGHPUT_MIN_PER_S, "/s", at_least=True),
                not_measured("throughput whole-comparison", source, "", WHOLE_COMPARISON_S, "s"),
                not_measured("throughput whole-comparison, peak RSS", source, "", WHOLE_COMPARISON_MB, "MB")]
    rows = []
    for r in data if isinstance(data, list) else [data]:
        stage, cores = r.get("stage", "?"), r.get("cores", "?")
        what = f"throughput {stage}, {cores} core(s)"
        if "error" in r:
            rows.append(not_measured(what, source, f"failed: {' '.join(map(str, r['error']))[:80]}"))
            continue
        applies, why = size_note(r.get("articles"))
        what += f", {r['articles']:,} articles" if isinstance(r.get("articles"), int) else ""
        if stage == "ingest+keypoints":
            rows.append(judged(what, source, r, ("articles_per_s",), "/s", THROUGHPUT_MIN_PER_S if cores == 2 else None,
                               at_least=True, detail=(("", ("seconds",), "s"),), applies=applies, why_not=why))
        elif stage == "whole-comparison":
            rows.append(judged(what, source, r, ("seconds",), "s", WHOLE_COMPARISON_S,
                               detail=(("", ("articles_per_s",), "/s"),), applies=applies, why_not=why))
            rows.append(judged(f"{what}, peak RSS", source, r, ("peak_rss_mb",), "MB", WHOLE_COMPARISON_MB,
                               applies=applies, why_not=why))
        else:
            rows.append(judged(what, source, r, ("articles_per_s",), "/s",
                               detail=(("", ("seconds",), "s"), ("peak RSS", ("peak_rss_mb",), "MB"),
                                       ("workers", ("peak_rss_workers_mb",), "MB"))))
    return rows


def compare_rows(source: str, data: Any, label: str | None = None) -> list[Row]:
    """The comparison's figures (bench_compare.py --json): total with its budget by size, peak RSS, every stage."""
    n = data.get("articles") if isinstance(data, dict) else None
    where = label or corpus_label(data)
    cache = data.get("cache", "?") if isinstance(data, dict) else "?"
    time_limit = COMPARE_2000_S if n == BUDGET_SIZE else COMPARE_20000_S if n == 20000 else None
    memory_limit = COMPARE_20000_MB if n == 20000 else None
    rows = [
        judged(f"comparison total (load + compare + JSON), {where}, cache {cache}", source, data, ("total_s",), "s",
               time_limit, detail=(("load", ("load_s",), "s"), ("compare", ("compare_s",), "s"), ("JSON", ("json_s",), "s"))),
        judged(f"comparison peak RSS, {where}", source, data, ("peak_rss_mb",), "MB", memory_limit,
               detail=(("children", ("peak_rss_children_mb",), "MB"),)),
    ]
    stages = data.get("stages") if isinstance(data, dict) else None
    if isinstance(stages, dict):
        for stage in stages:
            rows.append(judged(f"comparison stage {stage}, {where}", source, data, ("stages", stage), "s"))
    else:
        rows.append(not_measured(f"comparison stages, {where}", source, "no stages in the JSON"))
    return rows


def compare_2000_rows(name: str, data: Any) -> list[Row]:
    source = f"bench_compare.py [{name}.json]"
    if data is None:
        return [not_measured(f"comparison total, {BUDGET_SIZE:,}, cold", source, "", COMPARE_2000_S, "s")]
    return compare_rows(source, data)


def export_rows(name: str, data: Any) -> list[Row]:
    source = f"export_bench.py [{name}.json]"
    if data is None:
        return [not_measured(f"export, {BUDGET_SIZE:,}, warm", source, "", EXPORT_WARM_S, "s")]
    rows = []
    for entry in data if isinstance(data, list) else [data]:
        label = corpus_label(entry)
        seeds = label.startswith("seeds")
        applies, why = size_note(entry.get("articles"))
        for state in ("cold", "warm"):
            limit = EXPORT_WARM_S if state == "warm" and not seeds else None
            rows.append(judged(f"export (CLI end to end), {label}, {state}", source, entry, (state, "median_s"), "s", limit,
                               detail=(("peak RSS", (state, "peak_rss_mb"), "MB"),), applies=applies, why_not=why))
    return rows


def keypoints_rows(name: str, data: Any) -> list[Row]:
    source = f"keypoints_scale.py [{name}.json]"
    if data is None:
        return [not_measured("key points of one large file", source, "", KEYPOINTS_S, "s")]
    rows = []
    for r in data if isinstance(data, list) else [data]:
        size = r.get("sentences", "?")
        what = f"key points, {size:,} sentences" if isinstance(size, int) else f"key points, {size} sentences"
        if "error" in r:
            rows.append(not_measured(what, source, f"failed: {str(r['error'])[:80]}"))
            continue
        mb = r.get("megabytes")
        within = isinstance(mb, (int, float)) and mb <= KEYPOINTS_FILE_LIMIT_MB
        why = f"file over the {KEYPOINTS_FILE_LIMIT_MB:.0f} MB limit"
        what += f" ({mb} MB)" if mb is not None else ""
        rows.append(judged(f"{what}, time", source, r, ("keypoints_s",), "s", KEYPOINTS_S,
                           detail=(("load", ("load_s",), "s"),), applies=within, why_not=why))
        rows.append(judged(f"{what}, peak RSS", source, r, ("peak_after_keypoints_mb",), "MB", KEYPOINTS_MB,
                           detail=(("after load", ("peak_after_load_mb",), "MB"),), applies=within, why_not=why))
    return rows


def pdf_rows(name: str, data: Any) -> list[Row]:
    source = f"pdf_ingest.py [{name}.json]"
    if data is None:
        return [not_measured("PDF ingestion, cold", source, "")]
    budget = data.get("budget_cold_seconds")
    limit = float(budget) if isinstance(budget, (int, float)) else None
    pdfs, pages = data.get("pdfs"), data.get("pages_each")
    what = f"PDF ingestion, {pdfs} x {pages} pages"
    return [
        judged(f"{what}, cold", source, data, ("cold", "seconds"), "s", limit,
               detail=(("peak RSS", ("cold", "peak_rss_mb"), "MB"),), applies=pdfs == 200 and pages == 10,
               why_not="set for 200 ten-page PDFs"),
        judged(f"{what}, warm", source, data, ("warm", "seconds"), "s"),
    ]


ROWS: dict[str, Callable[[str, Any], list[Row]]] = {
    "first_paint_seeds": first_paint_rows,
    "first_paint_2000": first_paint_rows,
    "keypress_2000": keypress_rows,
    "memory_2000": memory_rows,
    "widgets_2000": widget_rows,
    "throughput_2000": throughput_rows,
    "compare_2000": compare_2000_rows,
    "export": export_rows,
    "keypoints_scale": keypoints_rows,
    "pdf_ingest": pdf_rows,
}


def rows_for(name: str, outcome: Outcome) -> list[Row]:
    rows = ROWS[name](name, outcome.data)
    if outcome.problem:
        for row in rows:
            row.measured = row.measured.replace("not measured ()", f"not measured ({name}: {outcome.problem})")
    return rows


# -- scaling ------------------------------------------------------------------------------


def growth(a: tuple[float, float], b: tuple[float, float]) -> float:
    """log(t_b / t_a) / log(n_b / n_a) for (n, t) pairs; ValueError when either is not positive."""
    (na, ta), (nb, tb) = a, b
    if min(na, nb, ta, tb) <= 0 or na == nb:
        raise ValueError("not positive")
    return math.log(tb / ta) / math.log(nb / na)


def wait_for_quiet(below: float = 0.5, longest: float = 180.0) -> None:
    """Wait (at most ``longest`` s) for the load average to fall below ``below``. The pool sizes
    itself from the load average (sahel_tui/infrastructure/pool.py), so a size measured right after
    the previous one ran on one core: the 8,000 run left 1.25, and 20,000 got no pool child."""
    deadline = time.monotonic() + longest
    while os.getloadavg()[0] >= below and time.monotonic() < deadline:
        time.sleep(5)


def scale(sizes: list[int], seed: int, out: Path) -> list[Row]:
    """Time the comparison (cold) at each size, then the growth exponent of each figure between consecutive sizes."""
    py = sys.executable
    measured: list[tuple[int, Any]] = []  # (size, its JSON or None)
    rows: list[Row] = []
    for size in sizes:
        corpus = Path(f"/tmp/sahel-bench-{size}")
        ensure_corpus(corpus, size, seed)
        bench = Bench(f"scale_{size}", [py, str(BENCH / "bench_compare.py"), str(corpus), "--json"],
                      {"SAHEL_BRIEF_NO_CACHE": "1"})
        wait_for_quiet()
        outcome = run_bench(bench, out)
        source = f"bench_compare.py --scale [{bench.name}.json]"
        if outcome.data is None or not isinstance(outcome.data, dict):
            rows.append(not_measured(f"comparison at {size:,} articles (scale)", source,
                                     f"{bench.name}: {outcome.problem or 'printed no JSON object'}"))
            measured.append((size, None))
            continue
        size_rows = compare_rows(source, outcome.data, f"{size:,} articles (scale)")
        print(table(size_rows), flush=True)
        rows.extend(size_rows)
        measured.append((size, outcome.data))

    figures: list[tuple[str, Key, float, str]] = [
        ("total time", ("total_s",), GROWTH_TIME, "s"),
        ("peak RSS", ("peak_rss_mb",), GROWTH_MEMORY, "MB"),
    ]
    stages: list[str] = []
    for _, data in measured:
        found = data.get("stages") if isinstance(data, dict) else None
        for stage in found if isinstance(found, dict) else {}:
            if stage not in stages:
                stages.append(stage)
    figures += [(f"stage {stage}", ("stages", stage), GROWTH_TIME, "s") for stage in stages]
    for (size_a, data_a), (size_b, data_b) in zip(measured, measured[1:]):
        n_a = data_a["articles"] if isinstance(data_a, dict) and isinstance(data_a.get("articles"), int) else size_a
        n_b = data_b["articles"] if isinstance(data_b, dict) and isinstance(data_b.get("articles"), int) else size_b
        source = f"bench_compare.py --scale [scale_{size_a}.json, scale_{size_b}.json]"
        for what, key, limit, unit in figures:
            figure = f"growth exponent, comparison {what}, {n_a:,} -> {n_b:,} articles"
            budget = f"<= {limit:.1f}"
            if data_a is None or data_b is None:
                failed = size_a if data_a is None else size_b
                rows.append(Row(figure, f"not measured (scale_{failed} failed)", budget, "-", source, None, limit))
                continue
            try:
                t_a, t_b = number(data_a, *key), number(data_b, *key)
            except KeyError as missing:
                rows.append(Row(figure, f"not measured (no {missing.args[0]} in the JSON)", budget, "-", source, None, limit))
                continue
            try:
                exponent = growth((n_a, t_a), (n_b, t_b))
            except ValueError:
                rows.append(Row(figure, f"not measured ({fmt(t_a, unit)} -> {fmt(t_b, unit)}: a figure of zero)", budget,
                                "-", source, None, limit))
                continue
            rows.append(Row(figure, f"{exponent:.2f} ({fmt(t_a, unit)} -> {fmt(t_b, unit)})", budget,
                            "yes" if exponent <= limit else "no", source, round(exponent, 3), limit))
    return rows


# -- the summary --------------------------------------------------------------------------


HEADER = ("figure", "measured", "budget", "met", "source bench")


def table(rows: list[Row]) -> str:
    cells = [[c.replace("|", "/") for c in line] for line in [HEADER, *((r.figure, r.measured, r.budget, r.met, r.source)
                                                                      for r in rows)]]
    widths = [max(len(line[i]) for line in cells) for i in range(len(HEADER))]
    out = []
    for k, line in enumerate(cells):
        out.append("| " + " | ".join(c.ljust(w) for c, w in zip(line, widths)) + " |")
        if k == 0:
            out.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(out)


def write_summary(rows: list[Row], out: Path, meta: dict[str, Any]) -> str:
    text = table(rows)
    met = sum(r.met == "yes" for r in rows)
    missed = [r for r in rows if r.met == "no"]
    unmeasured = sum(r.measured.startswith("not measured") for r in rows)
    verdict = (f"{met} budget(s) met, {len(missed)} not met" + (f" ({'; '.join(r.figure for r in missed)})" if missed else "")
               + f"; {unmeasured} figure(s) not measured")
    when = time.strftime("%Y-%m-%d %H:%M:%S %Z", time.localtime(meta["finished"]))
    md = (f"# Benchmark summary ({when})\n\nCorpus: {meta['corpus']}; quick: {meta['quick']}; "
          f"load average {meta['load_start']:.2f} -> {meta['load_end']:.2f}; cpus {os.cpu_count()}.\n\n{text}\n\n{verdict}.\n")
    if meta.get("not_run"):
        md += f"\nNot run (--only): {', '.join(meta['not_run'])}.\n"
    (out / "summary.md").write_text(md, encoding="utf-8")
    (out / "summary.json").write_text(json.dumps({**meta, "rows": [asdict(r) for r in rows]}, indent=2) + "\n",
                                      encoding="utf-8")
    return f"{text}\n\n{verdict}."


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--corpus", type=Path, help="use this corpus instead of generating one")
    parser.add_argument("--out", type=Path, default=Path("/tmp/sahel-bench-results"))
    parser.add_argument("--quick", action="store_true", help="few repetitions: a smoke run")
    parser.add_argument("--only", help="comma list of benchmark names to run ('none': only --scale)")
    parser.add_argument("--scale", action="store_true",
                        help="also time bench_compare.py (cold) at each --scale-sizes and report the growth exponents")
    parser.add_argument("--scale-sizes", default="2000,8000,20000", help="comma list of article counts for --scale")
    args = parser.parse_args(argv)
    try:
        sizes = [int(s) for s in args.scale_sizes.split(",") if s.strip()]
    except ValueError:
        parser.error(f"--scale-sizes: not a comma list of whole numbers: {args.scale_sizes!r}")
    if args.scale and (len(sizes) < 1 or min(sizes) < 1):
        parser.error("--scale-sizes: give positive article counts")

    corpus = args.corpus or Path(f"/tmp/sahel-bench-{args.articles}")
    wanted = set(args.only.split(",")) if args.only else None
    every = commands(corpus.resolve(), args.quick)
    unknown = (wanted or set()) - {b.name for b in every} - {"none"}
    if unknown:
        parser.error(f"--only: no benchmark named {', '.join(sorted(unknown))} (known: {', '.join(b.name for b in every)})")
    chosen = [b for b in every if wanted is None or b.name in wanted]
    if any(str(corpus.resolve()) in b.cmd for b in chosen):
        ensure_corpus(corpus, args.articles, args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    load_start = os.getloadavg()[0]
    failed = []
    rows: list[Row] = []
    for bench in chosen:
        outcome = run_bench(bench, args.out)
        if outcome.problem:
            failed.append(bench.name)
        bench_rows = rows_for(bench.name, outcome)
        print(table(bench_rows), flush=True)
        rows.extend(bench_rows)
    if args.scale:
        scale_rows = scale(sizes, args.seed, args.out)
        failed += [f"scale_{n}" for n in sizes if not (args.out / f"scale_{n}.json").is_file()]
        rows.extend(scale_rows)
    meta = {
        "corpus": str(corpus.resolve()),
        "quick": args.quick,
        "ran": [b.name for b in chosen] + ([f"scale_{n}" for n in sizes] if args.scale else []),
        "not_run": [b.name for b in every if b not in chosen],
        "failed": failed,
        "load_start": round(load_start, 2),
        "load_end": round(os.getloadavg()[0], 2),
        "finished": time.time(),
    }
    summary = write_summary(rows, args.out, meta)
    print(f"\nreports in {args.out}; summary in {args.out / 'summary.md'} and summary.json"
          + (f"; FAILED: {', '.join(failed)}" if failed else ""))
    print(f"\n== summary\n{summary}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
