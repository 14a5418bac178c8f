"""Snapshots, `changes` and the filter bar at scale: sizes and times, warm cache.

    python bench/changes_bench.py [--corpus /tmp/i21-2000] [--presses 20] [--skip-tmux]

Steps (the corpus is copied to a scratch folder first, since it is changed):

1. warm the caches (`sources`), then `export --json` once: it records a snapshot;
2. snapshot size on disk against the corpus size (the article files' bytes);
3. `changes --json` against that snapshot, corpus unchanged (median of 3 runs);
4. add three articles (tests/data/changes) and change one figure in another
   article, then `changes --json` twice: the first compares the changed
   corpus afresh, the second finds that comparison in the cache;
5. in tmux (120x40): the app on the corpus, `f`, then the filter toggled
   between ``since:2013`` and ``since:2019`` (one key each), timed from the key
   to the sources pane's count changing; a bare Textual app that echoes keys
   is timed the same way in the same run, for the ratio.

Generate the corpus with `python bench/gen_corpus.py /tmp/i21-2000 -n 2000 --seed 7`.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from tmux_harness import BARE_ECHO_APP, Tmux, app_command, scratch_env, summary, write_script  # noqa: E402

REPO = HERE.parent
NEW = REPO / "tests" / "data" / "changes"
EXE = [sys.executable, "-m", "sahel_tui"]


def cli(env: dict[str, str], corpus: Path, *args: str) -> tuple[float, str]:
    started = time.perf_counter()
    proc = subprocess.run([*EXE, "--corpus", str(corpus), *args], env=env, capture_output=True, text=True, timeout=1800)
    took = time.perf_counter() - started
    if proc.returncode not in (0, 2):
        raise SystemExit(f"{args} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return took, proc.stdout


def corpus_bytes(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


def edit_a_figure(root: Path) -> str:
    """Change the first bare count ("12 people") found in an article: +7."""
    pattern = re.compile(r"(?<![\d,.])(\d{1,3}) (people|soldiers|civilians|workers|jobs|players|votes|members|staff|games)\b")
    for path in sorted(root.rglob("*.txt")):
        text = path.read_text(encoding="utf-8")
        m = pattern.search(text, text.find("\n\n") + 2)  # in the body, not the title line
        if m:
            new = f"{int(m.group(1)) + 7} {m.group(2)}"
            path.write_text(text[: m.start()] + new + text[m.end():], encoding="utf-8")
            return f"{path.name}: {m.group(0)!r} -> {new!r}"
    raise SystemExit("no figure to edit")


def filter_times(env: dict[str, str], corpus: Path, scratch: Path, presses: int) -> dict[str, object]:
    app = Tmux(app_command(corpus), env)
    title = re.compile(r"Sources \((\d+)/(\d+)")  # the pane's title; its end may be cut at 120 columns
    out: dict[str, object] = {}
    try:
        app.start()
        app.wait(lambda s: "Sources (" in s, timeout=120)
        time.sleep(2.0)  # the rest of the reader mounts after the first frame
        app.send("f")
        app.wait(lambda s: "sources ·" in s or "key:value" in s, timeout=30)
        app.send("-l", "since:2013")
        app.wait(lambda s: title.search(s) is not None, timeout=30)
        times: list[float] = []
        for i in range(presses):
            before = title.search(app.screen()).group(0)  # type: ignore[union-attr]
            app.send("BSpace")
            time.sleep(0.15)  # "since:200" does not parse: nothing changes
            digit = "9" if i % 2 == 0 else "3"  # since:2019 / since:2013: different counts
            t0 = app.send(digit)
            t1 = app.wait(lambda s: (m := title.search(s)) is not None and m.group(0) != before, timeout=10)
            times.append(t1 - t0)
            time.sleep(0.25)
        out["filter_redraw"] = summary(times)
    finally:
        app.stop()
    bare = Tmux(write_script(scratch, "echo.py", BARE_ECHO_APP), env)
    try:
        bare.start()
        bare.wait(lambda s: "ECHO-READY" in s, timeout=60)
        times = []
        for i in range(presses):
            t0 = bare.send("x")
            t1 = bare.wait(lambda s, n=i + 1: f"ECHO {n} " in s, timeout=10)
            times.append(t1 - t0)
            time.sleep(0.25)
        out["bare_echo"] = summary(times)
    finally:
        bare.stop()
    out["ratio_median"] = round(out["filter_redraw"]["median_ms"] / out["bare_echo"]["median_ms"], 2)  # type: ignore[index]
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=Path("/tmp/i21-2000"))
    ap.add_argument("--presses", type=int, default=20)
    ap.add_argument("--skip-tmux", action="store_true")
    ap.add_argument("--keep", action="store_true", help="keep the scratch folder")
    args = ap.parse_args()
    if not args.corpus.is_dir():
        raise SystemExit(f"no corpus at {args.corpus}: python bench/gen_corpus.py {args.corpus} -n 2000 --seed 7")
    scratch = Path(tempfile.mkdtemp(prefix="changes-bench-"))
    corpus = scratch / "corpus"
    shutil.copytree(args.corpus, corpus)
    env = scratch_env(scratch)
    report: dict[str, object] = {"corpus": str(args.corpus)}
    try:
        report["warm_sources_s"] = round(cli(env, corpus, "sources", "--json")[0], 2)
        took, out = cli(env, corpus, "export", "-o", str(scratch / "brief.md"), "--json")
        report["export_s"] = round(took, 2)
        snap = json.loads(out)["snapshot"]
        files = list((scratch / "data" / "snapshots").glob(f"{snap}*"))
        size, total = files[0].stat().st_size, corpus_bytes(corpus)
        report["snapshot_bytes"] = size
        report["corpus_bytes"] = total
        report["snapshot_percent_of_corpus"] = round(100 * size / total, 3)
        runs = [cli(env, corpus, "changes", "--json")[0] for _ in range(3)]
        report["changes_unchanged_s"] = {"median": round(statistics.median(runs), 3), "runs": [round(r, 3) for r in runs]}
        for f in NEW.glob("*.md"):
            shutil.copy(f, corpus / f.name)
        report["edited"] = edit_a_figure(corpus)
        first, out = cli(env, corpus, "changes", "--json")
        second, _ = cli(env, corpus, "changes", "--json")
        data = json.loads(out)
        report["changes_after_edit_first_s"] = round(first, 3)
        report["changes_after_edit_cached_s"] = round(second, 3)
        report["changes_counts"] = data["counts"]
        if not args.skip_tmux:
            try:
                report["tmux"] = filter_times(env, corpus, scratch, args.presses)
            except TimeoutError as exc:
                report["tmux"] = {"error": str(exc)[:2000]}
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
