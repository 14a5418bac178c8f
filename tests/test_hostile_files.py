"""Hostile corpus files: loading stays bounded and every refusal names its file in one line.

The big run happens in a child process (the real CLI), so its time and peak
memory are its own; as root it runs as ``nobody`` through setpriv, so a file
with mode 000 is really unreadable rather than simulated.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bounded import counted
from typing import Iterator

import pytest

from hostile_fixtures import GOOD_TEXT, MEASURE, cli_env, run_cli, write_files_corpus
from sahel_tui.corpus.loader import article_from_text, load_corpus

NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


# The deepest case (100,000 nested divs) made ~12,300 calls (2026-12): the walk is cut at the depth limit.
HTML_CALL_LIMIT = 100_000

def _privilege_drop() -> list[str] | None:
    """The prefix that makes chmod 000 bite: none needed unless root; None when impossible."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        return None
    probe = subprocess.run([*NOBODY, "cat", "/proc/self/status"], capture_output=True, text=True)
    if probe.returncode != 0 or "Uid:\t65534" not in probe.stdout:
        return None
    return NOBODY


@pytest.fixture
def open_dir() -> Iterator[Path]:
    """A scratch folder every user can enter (pytest's own tmp folders are 0700 root)."""
    base = Path(tempfile.mkdtemp(prefix="sahel-hostile-"))
    base.chmod(0o755)
    try:
        yield base
    finally:
        for path in base.rglob("*"):  # make sure cleanup can read what the test locked
            if not path.is_symlink():
                try:
                    path.chmod(0o755 if path.is_dir() else 0o644)
                except OSError:
                    pass
        shutil.rmtree(base, ignore_errors=True)


def test_hostile_corpus_loads_bounded_and_names_every_skip(open_dir: Path) -> None:
    corpus = write_files_corpus(open_dir / "corpus")
    drop = _privilege_drop()
    assert corpus.unreadable is not None
    if drop is not None:
        corpus.unreadable.chmod(0)
        corpus.skipped["secret.txt"] = "permission denied"
    else:
        corpus.loaded_ids.add("secret")  # root without setpriv reads it: see the simulated test below
    state = open_dir / "state"
    for sub in ("config", "data", "cache"):
        (state / sub).mkdir(parents=True)
        (state / sub).chmod(0o777)
    stats_file = open_dir / "stats.json"
    env = cli_env(
        HOME=str(state),
        SAHEL_BRIEF_CONFIG_DIR=str(state / "config"),
        SAHEL_BRIEF_DATA_DIR=str(state / "data"),
        SAHEL_BRIEF_CACHE_DIR=str(state / "cache"),
        SAHEL_TEST_STATS=str(stats_file),
        PYTHONDONTWRITEBYTECODE="1",
        PYTHONPATH=str(Path(__file__).resolve().parent.parent),
    )
    env.pop("SAHEL_BRIEF_NO_CACHE", None)
    stats_file.touch()
    stats_file.chmod(0o666)
    proc = subprocess.run(
        [*(drop or []), sys.executable, "-c", MEASURE, "sources", "--json", "--corpus", str(corpus.root)],
        env=env, capture_output=True, text=True, timeout=120, cwd=open_dir,
    )
    stats = json.loads(stats_file.read_text())
    print(f"hostile corpus: {stats['seconds']:.2f} s, peak RSS {stats['max_rss_mb']:.0f} MB, as {'nobody' if drop else 'self'}")
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
    assert stats["max_rss_mb"] < 1024  # memory is bounded; the time is bench/'s to measure

    ids = {record["id"] for record in json.loads(proc.stdout)}
    assert corpus.loaded_ids <= ids, corpus.loaded_ids - ids
    warnings = proc.stderr.splitlines()
    assert all(line.startswith("sahel-brief: warning: ") for line in warnings), warnings
    for name, reason in corpus.skipped.items():
        hits = [w for w in warnings if w.startswith(f"sahel-brief: warning: {name}")]
        assert len(hits) == 1 and reason in hits[0], (name, warnings)
    assert len(warnings) == len(corpus.skipped)  # nothing else was dropped
    assert not any(c in proc.stderr + proc.stdout for c in ("\x1b", "\x00", "\udcff"))


def test_unreadable_file_is_named_even_when_root_reads_everything(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The refusal path itself, for a root run without setpriv: simulated at the one place files open."""
    from sahel_tui.corpus import discover

    root = tmp_path / "c"
    root.mkdir()
    (root / "good.txt").write_text(GOOD_TEXT)
    (root / "locked.md").write_text(GOOD_TEXT)
    real_open = discover._open

    def deny(path: Path):
        if path.name == "locked.md":
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path)

    monkeypatch.setattr(discover, "_open", deny)
    assert load_corpus(root).skipped == ["locked.md: skipped (permission denied)"]


def test_huge_manifest_is_refused_before_reading(tmp_path: Path) -> None:
    root = tmp_path / "c"
    root.mkdir()
    (root / "good.txt").write_text(GOOD_TEXT)
    with open(root / "manifest.toml", "wb") as fh:
        fh.truncate(200 * 1024 * 1024)
    load_corpus(root)  # imports out of the count
    with counted() as work:
        corpus = load_corpus(root)
    assert work.calls < 20_000, work.calls  # refused on its size, not parsed
    assert len(corpus.skipped) == 1 and corpus.skipped[0].startswith("manifest.toml: larger than the 4 MB limit")


@pytest.mark.parametrize(
    "manifest",
    ["[articles]\nx = " + "[" * 20000 + "]" * 20000 + "\n", '[articles."good.txt"]\ntitle = ' + "{a=" * 3000 + "1" + "}" * 3000],
    ids=["nested-arrays", "nested-tables"],
)
def test_deeply_nested_manifest_is_one_line(tmp_path: Path, manifest: str) -> None:
    root = tmp_path / "c"
    root.mkdir()
    (root / "good.txt").write_text(GOOD_TEXT)
    (root / "manifest.toml").write_text(manifest)
    corpus = load_corpus(root)
    assert [a.id for a in corpus.articles] == ["good"]
    assert len(corpus.skipped) == 1 and corpus.skipped[0].startswith("manifest.toml: ")


def test_manifest_that_is_a_fifo_does_not_block(tmp_path: Path) -> None:
    root = tmp_path / "c"
    root.mkdir()
    (root / "good.txt").write_text(GOOD_TEXT)
    os.mkfifo(root / "manifest.toml")
    corpus = load_corpus(root)
    assert corpus.skipped == ["manifest.toml: not a regular file; its metadata is ignored"]


# -- malicious front matter ------------------------------------------------------------

MARKER_NAME = "sahel-yaml-executed"


def _front_matter_cases(marker: Path) -> dict[str, tuple[str, str]]:
    lol = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(ord("b"), ord("j")):
        lol.append(f"{chr(i)}: &{chr(i)} [{', '.join(['*' + chr(i - 1)] * 9)}]")
    return {
        "apply": (f"x: !!python/object/apply:os.system ['touch {marker}']", "tags are not allowed"),
        "new": (f"x: !!python/object/new:subprocess.Popen [['touch', '{marker}']]", "tags are not allowed"),
        "name": ("x: !!python/name:os.system", "tags are not allowed"),
        "module": ("x: !!python/module:os", "tags are not allowed"),
        "binary": ("x: !!binary aGVsbG8=", "tags are not allowed"),
        "local-tag": ("x: !evil thing", "tags are not allowed"),
        "tag-on-key": ("!!python/object/apply:os.getcwd [] : b", "tags are not allowed"),
        "billion-laughs": ("\n".join(lol), "aliases are not allowed"),
        "merge-key": ("base: &b {x: 1}\nc:\n  <<: *b", "aliases are not allowed"),
        "deep-flow": ("a: " + "[" * 15000 + "]" * 15000, "cannot be read"),
        "deep-map": ("a: " + "{b: " * 5000 + "1" + "}" * 5000, "cannot be read"),
        "big-int": ("n: " + "9" * 50000, "cannot be read"),
    }


@pytest.mark.parametrize(
    "case",
    ["apply", "new", "name", "module", "binary", "local-tag", "tag-on-key", "billion-laughs", "merge-key", "deep-flow",
     "deep-map", "big-int"],
)  # fmt: skip
def test_malicious_yaml_front_matter_is_refused_in_one_line(tmp_path: Path, case: str) -> None:
    marker = tmp_path / MARKER_NAME
    front, message = _front_matter_cases(marker)[case]
    root = tmp_path / "c"
    root.mkdir()
    (root / "good.txt").write_text(GOOD_TEXT)
    (root / "evil.md").write_text(f"---\n{front}\n---\n\nThe body is a sentence. Another follows.\n")
    load_corpus(root)  # imports out of the count
    with counted() as work:
        corpus = load_corpus(root)
    print(f"{case}: {work.calls:,} Python calls")
    assert work.calls < 200_000, work.calls  # refused early: no alias expansion, no deep recursion
    assert not marker.exists()  # nothing was executed
    assert [a.id for a in corpus.articles] == ["good"]
    assert len(corpus.skipped) == 1
    line = corpus.skipped[0]
    assert line.startswith("evil.md: skipped (broken front matter: ") and message in line and "\n" not in line


@pytest.mark.parametrize(
    "front",
    ["a = " + "[" * 15000 + "]" * 15000, "a = " + "{b=" * 5000 + "1" + "}" * 5000],
    ids=["arrays", "tables"],
)
def test_deeply_nested_toml_front_matter_is_refused(tmp_path: Path, front: str) -> None:
    root = tmp_path / "c"
    root.mkdir()
    (root / "good.txt").write_text(GOOD_TEXT)
    (root / "deep.md").write_text(f"+++\n{front}\n+++\n\nThe body is a sentence. Another follows.\n")
    corpus = load_corpus(root)
    assert corpus.skipped == ["deep.md: skipped (broken front matter: front matter is nested too deeply)"]


def test_cli_reports_malicious_front_matter_in_one_line(tmp_path: Path) -> None:
    marker = tmp_path / MARKER_NAME
    root = tmp_path / "c"
    root.mkdir()
    (root / "good.txt").write_text(GOOD_TEXT)
    front, _ = _front_matter_cases(marker)["apply"]
    (root / "evil.md").write_text(f"---\n{front}\n---\n\nBody. More.\n")
    proc = run_cli(["sources", "--corpus", str(root)])
    assert proc.returncode == 2 and not marker.exists()
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("sahel-brief: warning: evil.md: skipped (broken front matter")
    assert "Good Title Here" in proc.stdout


# -- malicious HTML ----------------------------------------------------------------------

ATTRS = " ".join(f"a{i}='x'" for i in range(200_000))
HTML_CASES = {
    "scripts": (
        "<html><head><script>alert('head')</script><style>body{display:none}</style></head><body>"
        "<p>Real text is here. <script>document.write('inline')</script>And more.</p>"
        "<img src=x onerror=\"alert('onerror')\" alt=''><a href=\"javascript:alert('href')\">link text</a>"
        "<iframe srcdoc=\"<script>alert('srcdoc')</script>\"></iframe><svg onload=alert('svg')><text>svgtext</text></svg>"
        "<noscript>noscript text</noscript><template><p>template text</p></template>"
        "<style>@import url(evil.css)</style><object data=evil.swf>object text</object></body></html>"
    ),
    "huge-attribute": "<html><body><p title='" + "A" * 5_000_000 + "'>Real text is here. And more.</p></body></html>",
    "many-attributes": f"<html><body><p {ATTRS}>Real text is here. And more.</p></body></html>",
    "deep-nesting": "<html><body>" + "<div>" * 100_000 + "<p>Deep text. Here.</p>" + "</div>" * 100_000 + "</body></html>",
    "unclosed-nesting": "<html><body>" + "<b><i>" * 100_000 + "Deep text. Here.</body></html>",
}
FORBIDDEN = ("alert(", "display:none", "document.write", "srcdoc", "svgtext", "noscript text", "template text", "evil.css", "AAAA")


@pytest.mark.parametrize("case", list(HTML_CASES))
def test_malicious_html_is_neutralised_in_bounded_time(case: str) -> None:
    article_from_text("<html><body><p>Warm. Up.</p></body></html>", "warm", Path("warm.html"))  # imports out of the count
    try:
        with counted() as work:
            article = article_from_text(HTML_CASES[case], "page", Path("page.html"))
    except Exception as exc:  # noqa: BLE001 - the assertion names what escaped
        pytest.fail(f"{case}: {type(exc).__name__}: {exc}")
    print(f"{case}: {work.calls:,} Python calls")
    assert work.calls < HTML_CALL_LIMIT, f"{case}: {work.calls:,} Python calls"
    assert not any(bad in article.text for bad in FORBIDDEN), article.text[:300]
    if case in ("scripts", "huge-attribute", "many-attributes"):
        assert article.text.startswith("Real text is here.") and "And more." in article.text


def test_deeply_nested_html_file_is_skipped_with_a_reason(tmp_path: Path) -> None:
    root = tmp_path / "c"
    root.mkdir()
    (root / "good.txt").write_text(GOOD_TEXT)
    (root / "deep.html").write_text(HTML_CASES["deep-nesting"])
    corpus = load_corpus(root)
    deep = [a for a in corpus.articles if a.id == "deep"]
    if deep:  # a parser that copes keeps the text; one that gives up must say so
        assert "Deep text." in deep[0].text
    else:
        assert corpus.skipped == [
            "deep.html: skipped (no article text left after cleaning; "
            "HTML nested too deep (over 2048 levels): text from that depth on is lost)"
        ]


def _nested_page(depth: int) -> str:
    return (
        "<html><body><p>The opening paragraph stands at the top of the page.</p>"
        + "<div>" * depth
        + "<p>The buried paragraph sits deep inside the nesting.</p>"
        + "</div>" * depth
        + "<p>The closing paragraph follows the nesting.</p></body></html>"
    )


def test_html_nested_300_levels_keeps_all_its_text() -> None:
    """libxml2's default limit of 256 levels used to drop the whole page silently."""
    article = article_from_text(_nested_page(300), "page", Path("page.html"))
    for words in ("opening paragraph", "buried paragraph", "closing paragraph"):
        assert words in article.text, article.text
    assert not any("nested" in w for w in article.warnings)


def test_html_nested_5000_levels_says_what_was_lost(tmp_path: Path) -> None:
    """Past the parser's cap the text beyond is cut off, and the cut is named."""
    article = article_from_text(_nested_page(5000), "page", Path("page.html"))
    assert "opening paragraph" in article.text
    assert "HTML nested too deep (over 2048 levels): text from that depth on is lost" in article.warnings
    root = tmp_path / "c"
    root.mkdir()
    (root / "good.txt").write_text(GOOD_TEXT)
    (root / "deep.html").write_text("<html><body>" + "<div>" * 5000 + "<p>Buried.</p></body></html>")
    corpus = load_corpus(root)
    assert [a.id for a in corpus.articles] == ["good"]
    assert len(corpus.skipped) == 1 and "nested too deep" in corpus.skipped[0], corpus.skipped


@pytest.mark.parametrize("unit", ["[", "[x](", "*a ", "<a ", "![", "`"])
def test_pathological_markdown_loads_in_bounded_time(tmp_path: Path, unit: str) -> None:
    """markdown-it is slow on unclosed brackets; a big body falls back to plain text."""
    body = unit * (5 * 1024 * 1024 // len(unit))
    article_from_text("# Warm\n\nUp. Here.\n", "md", Path("w.md"))  # imports out of the count
    with counted() as work:
        article = article_from_text(f"# Title\n\n{body}\n", "md", Path("x.md"))
    print(f"{unit!r} x 5 MB: {work.calls:,} Python calls")
    assert work.calls < 50_000, work.calls  # linear: markdown-it on this input would make millions
    assert article.paragraphs and any("plain text" in w for w in article.warnings)
    small = article_from_text(f"# Title\n\n{unit * 20_000}\n", "md", Path("x.md"))
    assert not any("plain text" in w for w in small.warnings)
