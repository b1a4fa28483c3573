"""One cache folder, one rule: every cache sdkgen keeps lives under ``cache_dir()``."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cache import CACHE_ENV_VAR, cache_dir
from generator.emulator.server import ministack_venv_dir


def test_the_variable_wins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(CACHE_ENV_VAR, str(tmp_path / "mine"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "mine"


def test_xdg_cache_home_is_honoured_by_every_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # The emulator's virtualenv used its own rule and ignored XDG_CACHE_HOME.
    monkeypatch.delenv(CACHE_ENV_VAR, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "sdkgen"
    assert ministack_venv_dir().parent == tmp_path / "xdg" / "sdkgen"


def test_the_home_folder_is_the_last_resort(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(CACHE_ENV_VAR, raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache_dir() == tmp_path / ".cache" / "sdkgen"


def test_compiled_templates_are_kept_and_an_unusable_folder_only_costs_time(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from generator.render import jinja

    context = {"version": "1.0.0", "title_md": "t", "api_version_md": "1", "sha_short": "abc"}
    monkeypatch.setenv(CACHE_ENV_VAR, str(tmp_path / "cache"))
    jinja.environment.cache_clear()
    try:
        source = jinja.environment().get_template("CHANGELOG.md.j2")
        assert list((tmp_path / "cache" / "jinja").glob("*/__jinja2_*.cache"))
        jinja.environment.cache_clear()  # a new run loads what the first compiled
        again = jinja.environment().get_template("CHANGELOG.md.j2")
        assert again.render(**context) == source.render(**context)
        # a cache "folder" that is a file: templates compile as if there were no cache
        (tmp_path / "file").write_text("", encoding="utf-8")
        monkeypatch.setenv(CACHE_ENV_VAR, str(tmp_path / "file"))
        jinja.environment.cache_clear()
        assert jinja.environment().get_template("CHANGELOG.md.j2").render(**context)
    finally:
        jinja.environment.cache_clear()
