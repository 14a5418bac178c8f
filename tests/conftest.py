"""Every test runs with scratch config, data and cache folders and no network."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    # The real home folder is never touched by a test.
    base = tmp_path_factory.mktemp("state")
    for name in ("CONFIG", "DATA", "CACHE", "EXPORT"):
        monkeypatch.setenv(f"SAHEL_BRIEF_{name}_DIR", str(base / name.lower()))
    monkeypatch.delenv("SAHEL_BRIEF_CORPUS", raising=False)
    monkeypatch.setenv("NLTK_DATA", str(base / "no-nltk-data"))


@pytest.fixture
def seeds() -> Path:
    return SEEDS


@pytest.fixture
def grown(tmp_path: Path) -> Path:
    """A scratch copy of the seeds with the three articles of tests/data/changes added (two Gao
    reports that corroborate each other, and an aid report): a corpus that grew."""
    root = tmp_path / "corpus"
    shutil.copytree(SEEDS, root)
    for f in (REPO / "tests" / "data" / "changes").glob("*.md"):
        shutil.copy(f, root / f.name)
    return root


@pytest.fixture(scope="session")
def seed_corpus():
    from sahel_tui.corpus.loader import load_corpus

    # Session-scoped, so it must not leave the cache switched off for the tests
    # that happen to run after it in the same worker: scope the switch to the load.
    saved = os.environ.get("SAHEL_BRIEF_NO_CACHE")
    os.environ["SAHEL_BRIEF_NO_CACHE"] = "1"
    try:
        return load_corpus(SEEDS)
    finally:
        if saved is None:
            del os.environ["SAHEL_BRIEF_NO_CACHE"]
        else:
            os.environ["SAHEL_BRIEF_NO_CACHE"] = saved
