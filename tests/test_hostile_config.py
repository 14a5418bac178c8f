"""Broken settings, themes and caches: a clear message and a fallback, never a crash.

A corrupt cache entry is a miss: it is rebuilt, and the file on disk is valid
(and equal to a fresh build) after the next run.
"""

from __future__ import annotations

import asyncio
import functools
import json
import os
from pathlib import Path

import pytest

from hostile_fixtures import SEEDS
from sahel_tui.cli import main
from screen_text import record_notifications

from sahel_tui.corpus.loader import load_corpus
from sahel_tui.infrastructure.config import load_config

BROKEN_CONFIGS = {
    "binary": b"\x00\xff\xfe garbage \x1b[2J [[[ \x9b",
    "not-toml": b"this is = = not toml\n[[[",
    "wrong-types": b'theme = 42\nascii = "yes"\nmethod = []\ncount = "many"\nshow_removed = 3\nunknown = 1\n',
    "out-of-range": b"count = 100000\n",
    "nested": b"theme = " + b"[" * 20000 + b"]" * 20000 + b"\n",
}
# Well-typed but hostile: the file is valid, the app must show the values literally.
ODD_CONFIGS = {
    "markup-values": b'theme = "[b]Q[/b] [@click=app.quit]Q[/] [/]"\nmethod = "[bold red]M[/]"\n',
    "escapes": b'theme = "\\u001b]0;pwned-config\\u0007 \\u009b2J"\n',
}


def sync(test):
    @functools.wraps(test)
    def run(*args, **kwargs):
        return asyncio.run(test(*args, **kwargs))

    return run


def config_dir() -> Path:
    path = Path(os.environ["SAHEL_BRIEF_CONFIG_DIR"])
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_root() -> Path:
    return Path(os.environ["SAHEL_BRIEF_CACHE_DIR"]) / "analysis"


@pytest.mark.parametrize("case", list(BROKEN_CONFIGS))
def test_broken_config_gives_defaults_and_one_line_problems(case: str) -> None:
    (config_dir() / "config.toml").write_bytes(BROKEN_CONFIGS[case])
    loaded = load_config()
    assert loaded.problems, "a broken file must be reported"
    assert all("\n" not in p and "config" in p for p in loaded.problems)
    if case in ("binary", "not-toml", "nested"):
        assert loaded.config == type(loaded.config)()  # every default
    if case == "wrong-types":
        assert len(loaded.problems) == 6  # each bad setting, and the unknown one, named once


@pytest.mark.parametrize("case", list(BROKEN_CONFIGS) + list(ODD_CONFIGS))
def test_cli_ignores_a_broken_config(case: str, capsys: pytest.CaptureFixture[str]) -> None:
    (config_dir() / "config.toml").write_bytes({**BROKEN_CONFIGS, **ODD_CONFIGS}[case])
    assert main(["sources", "--corpus", str(SEEDS)]) == 0
    assert main(["keypoints", "--corpus", str(SEEDS), "--json"]) == 0
    out, err = capsys.readouterr()
    assert "Traceback" not in err and json.loads(out[out.index("["):])


# -- caches ----------------------------------------------------------------------------

GARBAGE = {
    "bytes": lambda old: b"\x00\xff\x1b[2J garbage",
    "torn": lambda old: old[: len(old) // 2],
    "empty": lambda old: b"",
    "wrong-shape-dict": lambda old: b'{"x": [1, 2, {"y": null}]}',
    "wrong-shape-list": lambda old: b"[1, \"two\", [3]]",
    "wrong-shape-scalar": lambda old: b'"just a string"',
    "wrong-records": lambda old: json.dumps(
        [{"text": "forged", "sentence_id": "nope-p1-s1", "paragraph": 1, "start": 0, "end": 6, "score": 1.0, "rank": 1}]
    ).encode(),
}


def _cache_files() -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(cache_root().rglob("*.json"))}


def _run_all(capsys: pytest.CaptureFixture[str]) -> list[str]:
    outputs = []
    for args in (["sources", "--json"], ["keypoints", "--json"], ["actors", "--json"], ["compare", "--json"]):
        status = main([*args, "--corpus", str(SEEDS)])
        out, err = capsys.readouterr()
        assert status == 0, err
        assert "Traceback" not in err
        outputs.append(out)
    return outputs


@pytest.mark.parametrize("kind", list(GARBAGE))
def test_corrupt_caches_are_rebuilt(kind: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("SAHEL_BRIEF_NO_CACHE", raising=False)  # the seed_corpus fixture may have set it
    fresh = _run_all(capsys)
    built = _cache_files()
    kinds = {p.relative_to(cache_root()).parts[0] for p in built}
    assert {"corpus-pack", "keypoints", "actors-discovery"} <= kinds, kinds
    for path, content in built.items():
        path.write_bytes(GARBAGE[kind](content))
    assert _run_all(capsys) == fresh  # the same answers from a corrupt cache...
    rebuilt = _cache_files()
    assert rebuilt.keys() == built.keys()
    for path, content in rebuilt.items():  # ...and every entry is whole again
        now, then = json.loads(content), json.loads(built[path])
        if path.relative_to(cache_root()).parts[0] == "corpus-index":
            now.pop("pack"), then.pop("pack")  # the identity (size, time, inode) of the pack it indexes: a new file
        assert now == then, path


def test_unwritable_cache_folder_costs_only_speed(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("SAHEL_BRIEF_NO_CACHE", raising=False)
    blocker = Path(os.environ["SAHEL_BRIEF_CACHE_DIR"])
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("a file where the cache folder should be")
    fresh = _run_all(capsys)
    assert json.loads(fresh[1]) and blocker.read_text().startswith("a file")


def test_corrupt_corpus_pack_entry_is_rebuilt_not_trusted(monkeypatch: pytest.MonkeyPatch) -> None:
    """A pack entry whose offsets no longer slice its text is rebuilt, not served."""
    monkeypatch.delenv("SAHEL_BRIEF_NO_CACHE", raising=False)
    first = load_corpus(SEEDS)
    (pack,) = (cache_root() / "corpus-pack").rglob("*.json")
    data = json.loads(pack.read_text())
    for entry in data.values():
        entry["text"] = "\x1b]0;forged\x07" + entry["text"][:40]  # offsets now point past the end
    pack.write_text(json.dumps(data))
    again = load_corpus(SEEDS)
    assert [a.text for a in again.articles] == [a.text for a in first.articles]
    assert all("\x1b" not in a.text for a in again.articles)


# -- the app -----------------------------------------------------------------------------

BROKEN_THEMES = {
    "garbage.toml": b"\x00\xff\xfe\x1b[2J",
    "not-toml.toml": b"name = = \n",
    "wrong-types.toml": b'name = 3\nprimary = ["red"]\n',
    "bad-colour.toml": b'name = "bad-colour"\nprimary = "not-a-colour"\n',
    "unknown-key.toml": b'name = "unknown-key"\nprimary = "#336699"\nexec = "rm -rf /"\n',
    "bad-variable.toml": b'name = "bad-variable"\nprimary = "#336699"\n[variables]\nfoo = "url(evil)"\n',
    "nested.toml": b"name = " + b"[" * 20000 + b"]" * 20000 + b"\n",
    "markup-name.toml": b'name = "[@click=app.quit]Q[/]"\nprimary = "not-a-colour"\n',
}


@sync
async def test_app_starts_with_broken_config_themes_and_caches(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    from sahel_tui.infrastructure.cache import Cache
    from sahel_tui.ui.app import SahelApp
    from sahel_tui.ui.screens.main import MainScreen

    monkeypatch.delenv("SAHEL_BRIEF_NO_CACHE", raising=False)
    _run_all(capsys)  # fill the caches, then break every entry
    for path in cache_root().rglob("*.json"):
        path.write_bytes(b"\x00garbage{")
    (config_dir() / "config.toml").write_bytes(BROKEN_CONFIGS["wrong-types"])
    themes = config_dir() / "themes"
    themes.mkdir()
    for name, content in BROKEN_THEMES.items():
        (themes / name).write_bytes(content)

    loaded = load_config()
    corpus = load_corpus(SEEDS)
    app = SahelApp(corpus, loaded.config, problems=loaded.problems, config_path=loaded.path, analysis_cache=Cache())
    shown = record_notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.theme == "sahel-dark"  # the built-in default: nothing broken was applied
        messages = shown
        for name in BROKEN_THEMES:
            assert any(name in m for m in messages), (name, messages)
        assert any("theme" in m and "expected" in m for m in messages)  # the config's bad types
        assert app.screen.reader.article is corpus.articles[0]
        assert app.screen.keypoints.query("KeyPointList")  # key points computed despite the cache
        for _ in range(3):
            await pilot.press("j", "]", "t", "escape")
        await pilot.pause()
        assert app.is_running
    # What this session used is whole again; the glossary's entries wait for the glossary.
    for kind in ("corpus-pack", "keypoints"):
        entries = list((cache_root() / kind).rglob("*.json"))
        assert entries and all(json.loads(p.read_text()) for p in entries), kind
