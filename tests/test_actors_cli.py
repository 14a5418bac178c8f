"""`sahel-brief actors` and the analyst's saved decisions, on a corpus written for the tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sahel_tui.cli import main

ARTICLE_ONE = """Chad’s transition

Chad’s President Mahamat Idriss Deby met the Rapid Support Forces (RSF) envoy in N’Djamena. Deby said the Sudanese war threatened the east. The militant group Boko Haram struck near the lake, and the Patriotic Salvation Movement held a rally.

Critics said the Chadian army was stretched. Deby denied it.
"""

ARTICLE_TWO = """Sudan’s war spills over

Fighters of the RSF crossed into Chad, officials said. Deby ordered the border closed. Sudan’s army chief, General Abdel Fattah al-Burhan, accused N’Djamena of helping the RSF.
"""


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "one.txt").write_text(ARTICLE_ONE, "utf-8")
    (root / "two.txt").write_text(ARTICLE_TWO, "utf-8")
    return root


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def listing(capsys: pytest.CaptureFixture[str], corpus: Path, *extra: str) -> list[dict]:
    status, out, _ = run(capsys, "actors", "--json", "--no-curated", "--corpus", str(corpus), *extra)
    assert status == 0
    return json.loads(out)


def entry(records: list[dict], name: str) -> dict:
    for r in records:
        if r["name"] == name:
            return r
    raise AssertionError(f"{name!r} not in {[r['name'] for r in records]}")


def test_json_entries_have_the_documented_keys(capsys, corpus: Path) -> None:
    records = listing(capsys, corpus)
    deby = entry(records, "Mahamat Idriss Deby")
    assert deby["type"] == "person" and "President of Chad" in deby["roles"]
    assert deby["mentions_by_article"] == {"one": 3, "two": 1}
    for key in ("id", "name", "type", "aliases", "roles", "description", "description_source",
                "mention_count", "mentions_by_article", "mentions"):
        assert key in deby
    m = deby["mentions"][0]
    assert set(m) == {"article", "sentence_id", "start", "end", "surface"}
    rsf = entry(records, "Rapid Support Forces")
    assert "RSF" in rsf["aliases"] and rsf["mentions_by_article"] == {"one": 2, "two": 2}


def test_filters_by_type_and_article(capsys, corpus: Path) -> None:
    people = listing(capsys, corpus, "--type", "person")
    assert people and all(r["type"] == "person" for r in people)
    only_two = listing(capsys, corpus, "--article", "two")
    assert all(set(r["mentions_by_article"]) == {"two"} for r in only_two)
    assert "Boko Haram" not in {r["name"] for r in only_two}


def test_bad_type_is_one_line_and_status_2(capsys, corpus: Path) -> None:
    status, out, err = run(capsys, "actors", "--type", "villain", "--corpus", str(corpus))
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("sahel-brief: error: unknown actor type 'villain'")


def test_text_listing_and_show(capsys, corpus: Path) -> None:
    status, out, _ = run(capsys, "actors", "--no-curated", "--corpus", str(corpus))
    assert status == 0 and out.startswith("ACTOR") and "Mahamat Idriss Deby" in out
    status, out, _ = run(capsys, "actors", "show", "Deby", "--no-curated", "--corpus", str(corpus))
    assert status == 0 and "[Deby]" in out and "4 mentions in 2 articles" in out


def test_decisions_persist_and_survive_reanalysis(capsys, corpus: Path) -> None:
    base = ("--no-curated", "--corpus", str(corpus))
    assert run(capsys, "actors", "rename", "RSF", "RSF paramilitary", *base)[0] == 0
    assert run(capsys, "actors", "describe", "Deby", "Chad's", "transitional", "president.", *base)[0] == 0
    assert run(capsys, "actors", "retype", "Patriotic Salvation Movement", "party", *base)[0] == 0
    assert run(capsys, "actors", "merge", "Chad", "N’Djamena", *base)[0] in (0, 2)
    records = listing(capsys, corpus)
    rsf = entry(records, "RSF paramilitary")
    assert "Rapid Support Forces" in rsf["aliases"] and rsf["id"] == "rsf-paramilitary"
    deby = entry(records, "Mahamat Idriss Deby")
    assert deby["description"] == "Chad's transitional president." and deby["description_source"] == "analyst"
    assert entry(records, "Patriotic Salvation Movement")["type"] == "party"
    # The decisions live in the config folder, one file.
    from sahel_tui.store.actor_edits import edits_path

    saved = json.loads(edits_path().read_text("utf-8"))
    assert [e["op"] for e in saved["edits"]][:3] == ["rename", "describe", "type"]


def test_split_and_forget(capsys, corpus: Path) -> None:
    base = ("--no-curated", "--corpus", str(corpus))
    status, _, err = run(capsys, "actors", "split", "Rapid Support Forces", "RSF", *base)
    assert status == 0, err
    records = listing(capsys, corpus)
    assert entry(records, "RSF")["mentions_by_article"] == {"one": 1, "two": 2}
    assert "RSF" not in entry(records, "Rapid Support Forces")["aliases"]
    status, out, _ = run(capsys, "actors", "edits", *base)
    assert status == 0 and "1. split 'RSF' off 'Rapid Support Forces'" in out
    assert run(capsys, "actors", "forget", "1", *base)[0] == 0
    records = listing(capsys, corpus)
    assert "RSF" in entry(records, "Rapid Support Forces")["aliases"]


def test_stale_decision_is_reported_not_fatal(capsys, corpus: Path) -> None:
    from sahel_tui.store.actor_edits import add_edit

    add_edit("rename", "Nobody Here", "Somebody")
    status, out, _ = run(capsys, "actors", "edits", "--no-curated", "--corpus", str(corpus))
    assert status == 0 and "stale" in out
    assert listing(capsys, corpus)  # the listing still works


def test_edit_errors_are_one_line(capsys, corpus: Path) -> None:
    base = ("--no-curated", "--corpus", str(corpus))
    for argv in (
        ("actors", "rename", "Nobody Here", "X", *base),
        ("actors", "split", "Rapid Support Forces", "Janjaweed", *base),
        ("actors", "retype", "Deby", "villain", *base),
        ("actors", "forget", "9", *base),
        ("actors", "forget", "one", *base),
    ):
        status, out, err = run(capsys, *argv)
        assert status == 2 and err.startswith("sahel-brief: error: ") and err.count("\n") == 1, (argv, err)


def test_seed_glossary_without_curation(capsys, seeds: Path) -> None:
    """The Done-when list of the issue, checked on the bundled seeds."""
    records = listing(capsys, seeds)
    found = {r["name"] for r in records} | {a for r in records for a in r["aliases"]}
    wanted = {
        "Ahmed Attaf", "Mahmoud Dicko", "Mokhtar Belmokhtar", "Iyad ag Ghali", "François Hollande",
        "Carter Ham", "AQIM", "Ansar Dine", "MUJAO", "CMA", "JNIM", "ISIS-Sahel", "Wagner Group",
        "Boko Haram", "Signatories in Blood", "Ennahda Party", "AES", "African Union", "United Nations",
        "NATO", "U.S. Africa Command", "Algeria", "Mali", "France", "Tuareg",
    }
    assert wanted <= found, wanted - found
    junk = {"Now What", "Calls", "Shutterstock", "January", "April", "Officials", "Observers",
            "The Jerusalem Post", "Yedioth Ahronoth", "Foreign Minister"}
    assert not junk & found
    by = {r["name"]: r for r in records}
    assert by["Ahmed Attaf"]["type"] == "person" and "Attaf" in by["Ahmed Attaf"]["aliases"]
    assert by["Wagner Group"]["type"] == "armed_group"
    assert by["Algiers Agreement"]["type"] == "other"
