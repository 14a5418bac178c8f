"""bench/attribution_basil.py and bench/framing_basil.py on a tiny BASIL-shaped set written for the test."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("basil")
    event = root / "events" / "000"
    event.mkdir(parents=True)
    (event / "nyt.txt").write_text(
        "Harbour plan approved\n\n“The harbour will be rebuilt by spring,” said Mayor Tomas Brand on Monday.\n\n"
        "Tomas Brand toured the docks with engineers.\n",
        encoding="utf-8",
    )
    (event / "fox.txt").write_text(
        "Harbour plan criticised\n\nThe corrupt Tomas Brand pushed the plan through. Tomas Brand is incompetent, "
        "critics said.\n\n“This plan is a waste of money,” the Dock Workers Union said.\n",
        encoding="utf-8",
    )
    gold = {
        "000": {
            "main_entities": ["Tomas Brand"],
            "articles": {
                "nyt.txt": {
                    "author_feeling": {"Tomas_Brand": "neu", "main_event": "neu"},
                    "quotes": [{"text": "The harbour will be rebuilt by spring", "speaker": "Tomas_Brand"}],
                },
                "fox.txt": {
                    "author_feeling": {"Tomas_Brand": "neg"},
                    "quotes": [{"text": "This plan is a waste of money", "speaker": "Dock_Workers_Union"}],
                },
            },
        }
    }
    (root / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    return root


def _run(script: str, *args: str) -> dict:
    proc = subprocess.run([sys.executable, str(REPO / "bench" / script), *args, "--json"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_attribution_bench_scores_person_and_group_speakers(tiny: Path) -> None:
    out = _run("attribution_basil.py", "--data", str(tiny))
    assert out["counts"]["person_total"] == 1 and out["counts"]["group_total"] == 1
    assert out["found_percent"]["person"] == 100.0  # “...,” said Mayor Tomas Brand
    base = _run("attribution_basil.py", "--data", str(tiny), "--method", "baseline")
    assert base["found_percent"]["person"] == 0.0  # no capitalised word before "said" in that sentence


def test_framing_bench_reports_accuracy_and_macro_f1(tiny: Path) -> None:
    out = _run("framing_basil.py", "--data", str(tiny))
    assert out["pairs"] == 2 and out["gold"] == {"neu": 1, "neg": 1}
    assert set(out["f1"]) == {"neg", "neu", "pos"} and 0 <= out["macro_f1"] <= 100
    assert out["always_neutral"]["accuracy"] == 50.0


def test_missing_data_is_one_line_and_status_2(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, str(REPO / "bench" / "framing_basil.py"), "--data", str(tmp_path)],
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert proc.returncode == 2 and proc.stdout.strip().count("\n") == 0 and "error" in proc.stdout
