"""Settings file: typed, env-overridable, never a crash, written atomically."""

from __future__ import annotations

from pathlib import Path

import pytest

from sahel_tui.infrastructure.config import Config, config_path, load_config, save_settings


def test_defaults_without_a_file() -> None:
    loaded = load_config()
    assert loaded.config == Config()
    assert loaded.problems == []


def test_round_trip_keeps_other_settings(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    save_settings({"theme": "sahel-light"}, path)
    save_settings({"method": "lead", "count": 7}, path)
    loaded = load_config(path, environ={})
    assert loaded.config.theme == "sahel-light"
    assert (loaded.config.method, loaded.config.count) == ("lead", 7)
    save_settings({"count": None}, path)
    assert load_config(path, environ={}).config.count is None


def test_broken_file_gives_a_message_and_defaults(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("theme = [unclosed\n", encoding="utf-8")
    loaded = load_config(path, environ={})
    assert loaded.config == Config()
    assert len(loaded.problems) == 1 and "unreadable" in loaded.problems[0]


def test_bad_values_are_dropped_one_by_one(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('theme = "sahel-16"\ncount = "many"\nascii = 3\ncolour = "red"\n', encoding="utf-8")
    loaded = load_config(path, environ={})
    assert loaded.config.theme == "sahel-16"
    assert loaded.config.count is None and loaded.config.ascii is False
    assert len(loaded.problems) == 3


def test_environment_wins_over_the_file_but_is_not_saved(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    save_settings({"theme": "sahel-light", "show_removed": False}, path)
    env = {"SAHEL_BRIEF_THEME": "sahel-dark", "SAHEL_BRIEF_SHOW_REMOVED": "yes", "SAHEL_BRIEF_COUNT": "zero"}
    loaded = load_config(path, environ=env)
    assert loaded.config.theme == "sahel-dark" and loaded.config.show_removed is True
    assert any("SAHEL_BRIEF_COUNT" in p for p in loaded.problems)
    save_settings({"method": "lead"}, path)
    assert 'theme = "sahel-light"' in path.read_text(encoding="utf-8")


def test_saving_rejects_bad_values_and_leaves_no_temp_files(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    with pytest.raises(ValueError):
        save_settings({"count": 0}, path)
    with pytest.raises(KeyError):
        save_settings({"nonsense": 1}, path)
    save_settings({"theme": 'quote " and \\ back'}, path)
    assert load_config(path, environ={}).config.theme == 'quote " and \\ back'
    assert [p.name for p in tmp_path.iterdir()] == ["config.toml"]


def test_config_lives_in_the_config_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SAHEL_BRIEF_CONFIG_DIR", str(tmp_path / "cfg"))
    assert config_path() == tmp_path / "cfg" / "config.toml"
