"""The analyst's verdicts on comparison items: saved, kept across restarts and re-analysis, in the export.

Texts are written for the tests. Each `main()` call opens the store afresh, as a new process would.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from sahel_tui.analysis.compare.identity import evidence
from sahel_tui.analysis.compare.model import Review
from sahel_tui.analysis.compare.review import SavedVerdict, apply_verdicts
from sahel_tui.cli import main
from sahel_tui.store.db import SCHEMA_VERSION

A = (
    "Port strike\n\nDockers in Marlow began a strike on 4 May 2021 over unpaid wages at the Kessen quay.\n\n"
    "Harbour master Ilse Rook said the Kessen quay needs $4 billion in funding for its new sea wall.\n"
)
B = (
    "Marlow quay\n\nDockers in Marlow walked out on 4 May 2021 over wages left unpaid at the Kessen quay.\n\n"
    "Harbour master Ilse Rook now wants $4.8 billion in funding for the Kessen quay sea wall.\n"
)
# B as corrected later by its outlet: its strike sentence reads differently.
B_EDITED = B.replace("over wages left unpaid at the Kessen quay.", "over wages left unpaid at the Kessen quay, the union said.")


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "news"
    root.mkdir()
    (root / "a.txt").write_text(A, encoding="utf-8")
    (root / "b.txt").write_text(B, encoding="utf-8")
    return root


def _compare(root: Path, capsys: pytest.CaptureFixture[str]) -> dict:
    status, out, _ = run(["compare", "--json", "--section", "corroborated,discrepancies", "--corpus", str(root)], capsys)
    assert status == 0
    return json.loads(out)


def test_confirm_and_reject_survive_a_restart_and_a_reanalysis(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _compare(corpus, capsys)
    (group,) = [g for g in data["corroborated"] if "strike" in g["members"][0]["text"] or "walked" in g["members"][0]["text"]]
    (flag,) = data["discrepancies"]
    assert group["review"]["status"] == flag["review"]["status"] == "unreviewed"
    assert run(["compare", "confirm", group["id"], "--corpus", str(corpus)], capsys)[0] == 0
    assert run(["compare", "reject", flag["id"][:9], "--corpus", str(corpus)], capsys)[0] == 0  # a unique prefix

    # A restart (a new store connection) and a re-analysis of the same text: same ids, same verdicts.
    again = _compare(corpus, capsys)
    states = {x["id"]: x["review"]["status"] for x in again["corroborated"] + again["discrepancies"]}
    assert states[group["id"]] == "confirmed" and states[flag["id"]] == "rejected"

    # The evidence changes (one source corrected its sentence): a new id, shown for review again.
    (corpus / "b.txt").write_text(B_EDITED, encoding="utf-8")
    changed = _compare(corpus, capsys)
    (grown,) = [g for g in changed["corroborated"] if any("the union said" in m["text"] for m in g["members"])]
    assert grown["id"] != group["id"]
    assert grown["review"]["status"] == "changed" and grown["review"]["verdict"] == "confirmed"
    assert {x["id"]: x["review"]["status"] for x in changed["discrepancies"]}[flag["id"]] == "rejected"

    status, out, _ = run(["compare", "verdicts", "--json", "--corpus", str(corpus)], capsys)
    rows = {r["id"]: r for r in json.loads(out)}
    assert rows[group["id"]]["state"] == "changed" and rows[flag["id"]]["state"] == "rejected"

    assert run(["compare", "unreview", flag["id"], "--corpus", str(corpus)], capsys)[0] == 0
    final = _compare(corpus, capsys)
    assert {x["id"]: x["review"]["status"] for x in final["discrepancies"]}[flag["id"]] == "unreviewed"


def test_export_marks_confirmed_and_leaves_out_rejected(corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _compare(corpus, capsys)
    (flag,) = data["discrepancies"]
    group = data["corroborated"][0]
    run(["compare", "confirm", group["id"], "--corpus", str(corpus)], capsys)
    out_file = tmp_path / "brief.md"
    status, _, err = run(["export", "--corpus", str(corpus), "-o", str(out_file)], capsys)
    assert status == 0, err
    text = out_file.read_text(encoding="utf-8")
    assert "*(confirmed by the analyst)*" in text and "$4.8 billion" in text and "*(unreviewed)*" in text
    run(["compare", "reject", flag["id"], "--corpus", str(corpus)], capsys)
    out_file.unlink()
    status, _, err = run(["export", "--corpus", str(corpus), "-o", str(out_file)], capsys)
    assert status == 0, err
    assert "$4.8 billion**" not in out_file.read_text(encoding="utf-8")  # the rejected flag is left out


def test_unknown_item_is_a_one_line_error(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(["compare", "confirm", "claim-nothere", "--corpus", str(corpus)], capsys)
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("sahel-brief: error: no corroboration")
    status, _, err = run(["compare", "confirm", "--corpus", str(corpus)], capsys)
    assert status == 2 and "needs an item id" in err


def test_verdicts_table_is_in_the_schema(tmp_path: Path) -> None:
    from sahel_tui.store.db import migrate

    conn = sqlite3.connect(tmp_path / "x.sqlite3", isolation_level=None)
    migrate(conn)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    cols = {r[1] for r in conn.execute("PRAGMA table_info(verdict)")}
    assert {"kind", "id", "verdict", "digest", "keys"} <= cols


class _Item:
    def __init__(self, kind: str, keys: set[str]) -> None:
        self.evidence = evidence(kind, keys)
        self.review = Review()


def test_verdicts_apply_to_any_kind_by_content() -> None:
    """A contested claim (another analysis's kind) takes verdicts like the others; kinds never mix."""
    contested = _Item("contested", {"k1", "k2"})
    other = _Item("corroborated", {"k1", "k2"})
    saved = [SavedVerdict("contested", contested.evidence.id, "rejected", contested.evidence.digest,
                          contested.evidence.keys, "me", "2026-01-01T00:00:00Z")]  # fmt: skip
    apply_verdicts([contested, other], saved)
    assert contested.review.status == "rejected" and other.review.status == "unreviewed"
    grown = _Item("contested", {"k1", "k2", "k3"})
    apply_verdicts([grown], saved)
    assert grown.review.status == "changed" and grown.review.verdict == "rejected"
    unrelated = _Item("contested", {"k9"})
    apply_verdicts([unrelated], saved)
    assert unrelated.review.status == "unreviewed"
