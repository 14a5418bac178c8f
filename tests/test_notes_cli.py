"""`sahel-brief notes`: the CLI over the annotation store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sahel_tui.cli import main
from sahel_tui.corpus.loader import load_corpus

DISPATCH = """Fuel Convoy Reaches Kidal

A fuel convoy reached Kidal on Friday after a week on the road. Drivers said the route was calm.

The governor thanked the escort units. He promised a second convoy before the rains.
"""

MEMO = """Notes From Bamako

Officials in Bamako dismissed reports of a rift with Algiers. They called the talks productive.
"""


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "dispatch.txt").write_text(DISPATCH, encoding="utf-8")
    (root / "memo.txt").write_text(MEMO, encoding="utf-8")
    return root


def sentence(corpus: Path, article: str, needle: str):
    return next(s for s in load_corpus(corpus).get(article).sentences if needle in s.text)


def run(capsys, corpus: Path, *args: str) -> tuple[int, str, str]:
    code = main(["notes", *args, "--corpus", str(corpus)])
    out, err = capsys.readouterr()
    return code, out, err


def listed(capsys, corpus: Path, *args: str) -> list[dict]:
    code, out, err = run(capsys, corpus, "list", "--json", *args)
    assert code == 0, err
    return json.loads(out)


def test_add_list_edit_delete_restore(capsys, corpus: Path) -> None:
    convoy = sentence(corpus, "dispatch", "fuel convoy")
    short = convoy.id.removeprefix("dispatch-")
    code, out, err = run(capsys, corpus, "add", "dispatch", "--sentence", short, "--category", "claim",
                         "--note", "Check *dates*", "--tag", "fuel", "--tag", "kidal")  # fmt: skip
    assert code == 0, err
    assert out.startswith("added ") and convoy.id in out
    officials = sentence(corpus, "memo", "dismissed")
    assert run(capsys, corpus, "add", "--sentence", officials.id, "--category", "disagree")[0] == 0
    assert run(capsys, corpus, "add", "--actor", "kidal", "--note", "new in post")[0] == 0

    records = listed(capsys, corpus)
    assert [r["kind"] for r in records] == ["highlight", "highlight", "actor"]
    first = records[0]
    assert (first["article_id"], first["sentence_id"], first["exact"]) == ("dispatch", convoy.id, convoy.text)
    assert (first["category"], first["note"], first["tags"]) == ("claim", "Check *dates*", ["fuel", "kidal"])
    assert [r["id"] for r in listed(capsys, corpus, "--tag", "KIDAL")] == [first["id"]]
    assert [r["article_id"] for r in listed(capsys, corpus, "--article", "memo")] == ["memo"]
    assert [r["category"] for r in listed(capsys, corpus, "--category", "disagree")] == ["disagree"]
    assert [r["actor_id"] for r in listed(capsys, corpus, "--actor", "kidal")] == ["kidal"]
    assert [r["id"] for r in listed(capsys, corpus, "--text", "DATES")] == [first["id"]]

    code, out, _ = run(capsys, corpus, "edit", first["id"][:8], "--note", "changed", "--untag", "fuel",
                       "--tag", "escort", "--no-category")  # fmt: skip
    assert code == 0 and out.startswith("changed")
    edited = listed(capsys, corpus, "--article", "dispatch")[0]
    assert (edited["note"], edited["tags"], edited["category"]) == ("changed", ["kidal", "escort"], None)
    assert edited["modified"] >= edited["created"]

    assert run(capsys, corpus, "delete", first["id"][:8])[0] == 0
    assert [r["id"] for r in listed(capsys, corpus, "--deleted")] == [first["id"]]
    assert first["id"] not in [r["id"] for r in listed(capsys, corpus)]
    assert run(capsys, corpus, "restore", first["id"])[0] == 0
    assert first["id"] in [r["id"] for r in listed(capsys, corpus)]


def test_human_list_shows_markup_and_escapes_literally(capsys, corpus: Path) -> None:
    s = sentence(corpus, "dispatch", "governor")
    nasty = "[bold red]loud[/] \x1b[2J\x1b[31mred"
    assert run(capsys, corpus, "add", "dispatch", "--sentence", s.id, "--note", nasty)[0] == 0
    code, out, _ = run(capsys, corpus, "list")
    assert code == 0
    assert "[bold red]loud[/]" in out and "\\x1b[2J\\x1b[31mred" in out
    assert "\x1b" not in out  # a note never drives the terminal
    assert listed(capsys, corpus)[0]["note"] == nasty  # stored and exported as is


def test_source_edit_reanchors_and_reports_orphans(capsys, corpus: Path) -> None:
    calm = sentence(corpus, "dispatch", "route was calm")
    rains = sentence(corpus, "dispatch", "before the rains")
    run(capsys, corpus, "add", "dispatch", "--sentence", calm.id, "--note", "calm?")
    run(capsys, corpus, "add", "dispatch", "--sentence", rains.id, "--note", "promise")
    path = corpus / "dispatch.txt"
    text = path.read_text(encoding="utf-8")
    text = text.replace("\nA fuel convoy", "\nTraders in Gao reported long queues at the pumps.\n\nA fuel convoy", 1)
    text = text.replace(" He promised a second convoy before the rains.", "")
    path.write_text(text, encoding="utf-8")

    code, out, err = run(capsys, corpus, "list", "--json")
    assert code == 0 and "re-anchored 1" in err and "1 annotation(s) lost their place" in err
    by_note = {r["note"]: r for r in json.loads(out)}
    assert by_note["calm?"]["sentence_id"] == sentence(corpus, "dispatch", "route was calm").id != calm.id
    assert by_note["promise"]["orphan"] and by_note["promise"]["exact"] == rains.text
    assert [r["note"] for r in listed(capsys, corpus, "--orphans")] == ["promise"]
    code, out, _ = run(capsys, corpus, "list", "--orphans")
    assert "ORPHAN" in out
    # Re-attach the orphan to a sentence by hand.
    target = sentence(corpus, "dispatch", "escort units")
    assert run(capsys, corpus, "edit", by_note["promise"]["id"], "--sentence", target.id.removeprefix("dispatch-"))[0] == 0
    assert listed(capsys, corpus, "--orphans") == []


def test_export_formats_and_idempotent_import(capsys, corpus: Path, tmp_path: Path) -> None:
    s = sentence(corpus, "memo", "productive")
    run(capsys, corpus, "add", "memo", "--sentence", s.id, "--category", "question", "--note", "**who** said so?",
        "--tag", "talks")  # fmt: skip
    run(capsys, corpus, "add", "--actor", "algiers", "--note", "mediator")

    code, out, _ = run(capsys, corpus, "export")
    doc = json.loads(out)
    assert code == 0 and doc["@context"] == "http://www.w3.org/ns/anno.jsonld" and doc["total"] == 2
    anno = doc["first"]["items"][0]
    assert anno["type"] == "Annotation" and anno["id"].startswith("urn:uuid:")
    assert {b["type"] for b in anno["body"]} == {"TextualBody"}
    assert anno["target"]["source"] == "urn:sahel-brief:article:memo"
    assert {sel["type"] for sel in anno["target"]["selector"]} == {"TextQuoteSelector", "TextPositionSelector"}

    code, out, _ = run(capsys, corpus, "export", "--format", "md")
    assert "# Annotations" in out and "> " + s.text in out and "**who** said so?" in out and "## Actors" in out
    code, out, _ = run(capsys, corpus, "export", "--format", "json")
    assert [r["note"] for r in json.loads(out)] == ["**who** said so?", "mediator"]

    w3c_file, json_file = tmp_path / "a.jsonld", tmp_path / "a.json"
    assert run(capsys, corpus, "export", "-o", str(w3c_file))[0] == 0
    assert run(capsys, corpus, "export", "--format", "json", "--output", str(json_file))[0] == 0
    for f in (w3c_file, json_file):
        code, out, _ = run(capsys, corpus, "import", str(f), "--json")
        assert code == 0 and json.loads(out) == {"added": 0, "updated": 0, "unchanged": 2, "skipped": [], "conflicts": 0, "clamped": 0}
    assert len(listed(capsys, corpus)) == 2


def test_import_into_an_empty_store(capsys, corpus: Path, tmp_path: Path, monkeypatch) -> None:
    s = sentence(corpus, "dispatch", "escort units")
    run(capsys, corpus, "add", "dispatch", "--sentence", s.id, "--tag", "shared")
    out_file = tmp_path / "share.jsonld"
    run(capsys, corpus, "export", "-o", str(out_file))
    monkeypatch.setenv("SAHEL_BRIEF_DATA_DIR", str(tmp_path / "colleague"))
    code, out, _ = run(capsys, corpus, "import", str(out_file))
    assert code == 0 and "1 added" in out
    code, out, _ = run(capsys, corpus, "import", str(out_file))
    assert "0 added" in out and "1 already here" in out
    assert [r["sentence_id"] for r in listed(capsys, corpus)] == [s.id]
    # An article that only the annotations know (another corpus) can still be filtered on.
    other = tmp_path / "other-corpus"
    other.mkdir()
    (other / "memo.txt").write_text(MEMO, encoding="utf-8")
    assert [r["article_id"] for r in listed(capsys, other, "--article", "dispatch")] == ["dispatch"]
    code, _, err = run(capsys, other, "list", "--article", "nowhere")
    assert code == 2 and "unknown article" in err


@pytest.mark.parametrize(
    "args, message",
    [
        (["add", "dispatch", "--sentence", "p99-s9"], "no sentence 'p99-s9'"),
        (["add", "nosuch", "--sentence", "p1-s1"], "unknown article"),
        (["add", "dispatch"], "say where"),
        (["add", "dispatch", "--span", "x:y"], "START:END"),
        (["edit", "zz"], "too short"),
        (["delete", "deadbeef"], "no annotation"),
        (["import", "/nonexistent/file.json"], "no such file"),
        ([], "notes needs an action"),
    ],
)
def test_errors_are_one_line_and_exit_2(capsys, corpus: Path, args: list[str], message: str) -> None:
    code, out, err = run(capsys, corpus, *args)
    assert code == 2
    assert err.startswith("sahel-brief: error: ") and message in err and err.count("\n") == 1


def test_import_of_a_file_that_is_not_json(capsys, corpus: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("not json at all", encoding="utf-8")
    code, _, err = run(capsys, corpus, "import", str(bad))
    assert code == 2 and "is not JSON" in err and err.count("\n") == 1


def test_read_only_store_lists_but_refuses_writes(capsys, corpus: Path, tmp_path: Path, monkeypatch) -> None:
    s = sentence(corpus, "memo", "productive")
    run(capsys, corpus, "add", "memo", "--sentence", s.id, "--note", "kept")
    from sahel_tui.store import db as dbmod

    real_connect = dbmod._connect

    def read_only(target, uri=False):
        if str(target) == str(dbmod.default_path()):
            return real_connect(Path(target).resolve().as_uri() + "?mode=ro", uri=True)
        return real_connect(target, uri)

    monkeypatch.setattr(dbmod, "_connect", read_only)
    code, out, err = run(capsys, corpus, "list", "--json")
    assert code == 0 and [r["note"] for r in json.loads(out)] == ["kept"]
    assert "warning: annotations are read-only" in err
    code, _, err = run(capsys, corpus, "add", "memo", "--sentence", s.id)
    assert code == 2 and "error: annotations are read-only" in err


def test_damaged_database_is_reported_and_the_command_still_works(capsys, corpus: Path) -> None:
    from sahel_tui.store.db import default_path

    default_path().parent.mkdir(parents=True, exist_ok=True)
    default_path().write_bytes(b"\x00garbage" * 100)
    code, out, err = run(capsys, corpus, "list")
    assert code == 0 and "was damaged" in err and "kept it as" in err
    assert any(p.name.startswith("annotations.sqlite3.corrupt-") for p in default_path().parent.iterdir())


def test_markdown_export_heads_actor_notes_with_the_display_name(capsys, corpus: Path) -> None:
    assert run(capsys, corpus, "add", "--actor", "kidal", "--note", "convoy route")[0] == 0
    code, out, err = run(capsys, corpus, "export", "--format", "md")
    assert code == 0, err
    actors = out.split("## Actors", 1)[1]
    assert "**Kidal**" in actors and "**kidal**" not in actors
    assert "convoy route" in actors


def test_markdown_actor_falls_back_to_the_id_outside_the_glossary() -> None:
    from sahel_tui.cli.commands.notes import render_markdown
    from sahel_tui.store.records import Annotation

    def note(actor: str) -> Annotation:
        return Annotation(
            id=actor, article_id=None, content_hash=None, sentence_id=None, paragraph_id=None, start=None, end=None,
            exact=None, prefix=None, suffix=None, scope="span", actor_id=actor, category=None, note="watch",
            tags=(), author="analyst", created="2026-11-22T02:00:00Z", modified="2026-11-22T02:00:00Z",
        )  # fmt: skip

    text = render_markdown([note("mali"), note("gone-actor")], None, {"mali": "Mali"})
    assert "**Mali**" in text and "**mali**" not in text
    assert "**gone-actor**" in text
