"""`sahel-brief export`: file naming, overwrite refusal, atomic writes, stdout, determinism."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_export_validity import assert_valid_briefing

from sahel_tui.cli import main
from sahel_tui.errors import UserError

REPO = Path(__file__).resolve().parent.parent
EPOCH = "1700000000"  # 2023-11-14T22:13:20Z


@pytest.fixture
def small_corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "one.txt").write_text(
        "Talks stall in Algiers\n\n"
        "Mali and Algeria met in Algiers on 3 March 2024 to discuss the accord. "
        "The delegations disagreed about the status of the northern groups. "
        "Observers expect further talks before the end of the year.\n",
        encoding="utf-8",
    )
    (root / "two.txt").write_text(
        "Bamako rejects mediation\n\n"
        "Mali rejected Algerian mediation on 5 March 2024, officials said. "
        "The government insists the northern groups are terrorist organisations. "
        "Algeria warned that a military approach would fail.\n",
        encoding="utf-8",
    )
    return root


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_default_file_name_is_title_slug_and_date(small_corpus, tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    code, out, err = run(["--corpus", str(small_corpus), "export", "--title", "Mali: the Algiers track", "--sections", "sources"], capsys)
    assert code == 0, err
    path = tmp_path / "mali-the-algiers-track-2023-11-14.md"
    assert path.is_file()
    assert str(path.name) in out
    assert_valid_briefing(path.read_text("utf-8"))


def test_refuses_to_overwrite_without_force(small_corpus, tmp_path, capsys) -> None:
    target = tmp_path / "b.md"
    target.write_text("precious\n", encoding="utf-8")
    code, out, err = run(["--corpus", str(small_corpus), "export", "-o", str(target)], capsys)
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("sahel-brief: error: ") and "--force" in err
    assert target.read_text("utf-8") == "precious\n"
    code, out, err = run(["--corpus", str(small_corpus), "export", "-o", str(target), "--force", "--sections", "sources"], capsys)
    assert code == 0, err
    assert "## Sources" in target.read_text("utf-8")


def test_stdout_output_writes_no_file(small_corpus, tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    code = main(["--corpus", str(small_corpus), "export", "-o", "-", "--sections", "overview", "sources"])
    captured = capsys.readouterr()
    assert code == 0
    assert list(tmp_path.iterdir()) == [small_corpus]
    assert "## Overview" in captured.out and "## Sources" in captured.out
    assert captured.out.index("## Overview") < captured.out.index("## Sources")


def test_same_inputs_give_byte_identical_files(small_corpus, tmp_path) -> None:
    """Two separate processes (so no shared in-memory state), SOURCE_DATE_EPOCH set."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "SAHEL_BRIEF_NO_CACHE": "1", "PYTHONHASHSEED": "random"}
    outputs = []
    for name in ("a.md", "b.md"):
        target = tmp_path / name
        proc = subprocess.run(
            [sys.executable, "-m", "sahel_tui", "--corpus", str(small_corpus), "export", "-o", str(target)],
            env=env, capture_output=True, text=True, cwd=tmp_path, timeout=120,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]
    text = outputs[0].decode("utf-8")
    assert "generated: \"2023-11-14T22:13:20Z\"" in text
    assert str(tmp_path) not in text and str(small_corpus) not in text  # no machine-specific paths


@pytest.mark.parametrize(
    "extra",
    [["--sections", "nope"], ["--articles", "zzz"], ["--method", "nope"], ["--title", " "], ["--json", "-o", "-"]],
)
def test_bad_options_are_one_line_errors(small_corpus, tmp_path, capsys, extra: list[str]) -> None:
    code, out, err = run(["--corpus", str(small_corpus), "export", "-o", str(tmp_path / "x.md"), *extra], capsys)
    assert code == 2 and err.startswith("sahel-brief: error: ") and err.count("\n") == 1, err
    assert not (tmp_path / "x.md").exists()


def test_count_must_be_positive(small_corpus, tmp_path, capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--corpus", str(small_corpus), "export", "-o", str(tmp_path / "x.md"), "--count", "0"])
    assert exc.value.code == 2
    assert "at least 1" in capsys.readouterr().err


def test_articles_and_sections_select(small_corpus, tmp_path, capsys) -> None:
    target = tmp_path / "sel.md"
    code, out, err = run(
        ["--corpus", str(small_corpus), "export", "-o", str(target), "--articles", "two", "--sections", "sources", "frontmatter"],
        capsys,
    )
    assert code == 0, err
    text = target.read_text("utf-8")
    meta = assert_valid_briefing(text)
    assert meta["sources"]["count"] == 1
    assert meta["options"]["articles"] == ["two"]
    assert meta["sections"] == ["frontmatter", "sources"]
    assert "Bamako rejects mediation" in text and "Talks stall" not in text
    assert "## Key points" not in text


def test_json_report(small_corpus, tmp_path, capsys) -> None:
    import json

    target = tmp_path / "j.md"
    code, out, err = run(["--corpus", str(small_corpus), "export", "-o", str(target), "--json", "--sections", "sources"], capsys)
    assert code == 0, err
    report = json.loads(out)
    assert report["path"] == str(target) and report["bytes"] == target.stat().st_size
    assert report["sections"] == ["sources"] and report["articles"] == ["one", "two"]


# -- atomic writing ------------------------------------------------------------------


def test_failed_write_leaves_no_file_and_no_temp(tmp_path, monkeypatch) -> None:
    from sahel_tui.export import write

    def boom(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(write.os, "fsync", boom)
    target = tmp_path / "out.md"
    with pytest.raises(UserError, match="No space left"):
        write.write_briefing("text\n", target)
    assert list(tmp_path.iterdir()) == []


def test_failed_overwrite_keeps_the_old_file_whole(tmp_path, monkeypatch) -> None:
    from sahel_tui.export import write

    target = tmp_path / "out.md"
    target.write_text("old briefing\n", encoding="utf-8")

    def boom(src: object, dst: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(write.os, "replace", boom)
    with pytest.raises(UserError, match="Input/output error"):
        write.write_briefing("new briefing\n" * 1000, target, force=True)
    assert target.read_text("utf-8") == "old briefing\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]


def test_no_clobber_even_if_the_file_appears_meanwhile(tmp_path, monkeypatch) -> None:
    """The check happens again at the final step (a hard link), not only up front."""
    from sahel_tui.export import write

    target = tmp_path / "race.md"
    real_check = write.check_target

    def check_then_someone_writes(path: Path, force: bool = False) -> None:
        real_check(path, force)
        path.write_text("someone else's\n", encoding="utf-8")

    monkeypatch.setattr(write, "check_target", check_then_someone_writes)
    with pytest.raises(UserError, match="already exists"):
        write.write_briefing("mine\n", target)
    assert target.read_text("utf-8") == "someone else's\n"
    assert [p.name for p in tmp_path.iterdir()] == ["race.md"]


def test_write_respects_umask_and_reports_bad_folders(tmp_path) -> None:
    from sahel_tui.export.write import write_briefing

    old = os.umask(0o077)
    try:
        path = write_briefing("x\n", tmp_path / "private.md")
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o600
    with pytest.raises(UserError, match="folder does not exist"):
        write_briefing("x\n", tmp_path / "missing" / "b.md")
    with pytest.raises(UserError, match="is a folder"):
        write_briefing("x\n", tmp_path)


def test_default_filename_slug() -> None:
    from datetime import datetime, timezone

    from sahel_tui.export.write import default_filename

    when = datetime(2026, 11, 22, tzinfo=timezone.utc)
    assert default_filename("Algeria–Mali: été 2025!", when) == "algeria-mali-ete-2025-2026-11-22.md"
    assert default_filename("<<>>", when) == "briefing-2026-11-22.md"
    assert default_filename("../../etc/passwd", when) == "etc-passwd-2026-11-22.md"


def test_bad_source_date_epoch(monkeypatch) -> None:
    from sahel_tui.export.options import generation_time

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(UserError, match="SOURCE_DATE_EPOCH"):
        generation_time()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    assert generation_time().isoformat() == "2023-11-14T22:13:20+00:00"


def test_seed_briefing_is_reproducible_across_processes(seed_corpus, tmp_path) -> None:
    """Every section on the real seeds, two hash seeds: no set or dict order leaks into the file."""
    from sahel_tui.store.annotations import AnnotationStore

    with AnnotationStore.open() as store:
        for article in seed_corpus.articles:
            sentence = article.body_sentences[1]
            store.add(article, sentence.id, category="claim", note="Checked *twice*.", tags=["b", "a"])
    outputs = []
    for seed in ("1", "2"):
        target = tmp_path / f"seed-{seed}.md"
        env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "SAHEL_BRIEF_NO_CACHE": "1", "PYTHONHASHSEED": seed}
        proc = subprocess.run(
            [sys.executable, "-m", "sahel_tui", "--corpus", str(REPO / "seeds"), "export", "-o", str(target)],
            env=env, capture_output=True, text=True, cwd=tmp_path, timeout=300,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]
    meta = assert_valid_briefing(outputs[0].decode("utf-8"))
    assert "annotations" in meta["sections"] and "keypoints" in meta["sections"]


def test_annotation_whose_text_is_gone_is_listed_as_an_orphan(small_corpus, tmp_path, capsys) -> None:
    from sahel_tui.corpus.loader import load_corpus
    from sahel_tui.store.annotations import AnnotationStore

    corpus = load_corpus(small_corpus)
    article = corpus.get("one")
    doomed = next(s for s in article.body_sentences if "disagreed" in s.text)
    kept = next(s for s in article.body_sentences if "Observers" in s.text)
    with AnnotationStore.open() as store:
        store.add(article, doomed.id, category="claim", note="Who disagreed?")
        store.add(article, kept.id, category="question", note="Which observers?")
    path = small_corpus / "one.txt"
    path.write_text(path.read_text("utf-8").replace(doomed.text, "An entirely different sentence now stands here."), "utf-8")

    target = tmp_path / "o.md"
    code, out, err = run(["--corpus", str(small_corpus), "export", "-o", str(target), "--sections", "annotations"], capsys)
    assert code == 0, err
    assert "lost their place" in err and "notes list --orphans" in err
    text = target.read_text("utf-8")
    assert_valid_briefing(text)
    orphans = text.index("### Orphaned annotations")
    assert text.index(doomed.text) > orphans  # the old quote, shown apart
    assert text.index(kept.text) < orphans  # still in place
    assert "Which observers?" in text and "Who disagreed?" in text


def test_an_open_store_can_be_handed_in(small_corpus) -> None:
    """The app passes the store it already has open instead of the export opening another."""
    from sahel_tui.corpus.loader import load_corpus
    from sahel_tui.export.markdown import ExportOptions, default_analysis, export_briefing
    from sahel_tui.store.annotations import AnnotationStore

    corpus = load_corpus(small_corpus)
    article = corpus.get("two")
    store = AnnotationStore.open(small_corpus.parent / "other.sqlite3")
    try:
        store.add(article, article.body_sentences[0].id, category="evidence", note="From the app's own store.")
        options = ExportOptions(sections=("annotations",))
        result = export_briefing(corpus, options, analysis=default_analysis(corpus, options, store=store))
    finally:
        store.close()
    assert "From the app's own store." in result.text
    assert_valid_briefing(result.text)
