"""The main job's validate line: problems as written, then repaired and remaining, truthfully."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.config import load_config
from generator.mainjob import validate_specs

REPO = Path(__file__).resolve().parents[1]


def _project(tmp_path: Path, document: str | None = None) -> Path:
    (tmp_path / "specs" / "orders").mkdir(parents=True)
    target = tmp_path / "specs" / "orders" / "prod.json"
    if document is None:
        shutil.copy(REPO / "specs" / "orders" / "prod.json", target)
    else:
        target.write_text(document)
    config = tmp_path / "pyproject.toml"
    config.write_text('[tool.sdkgen.apis.orders]\npackage = "orders-client"\nstage = "prod"\n')
    return config


@pytest.mark.parametrize("cache", ["off", "on"])
def test_the_line_says_what_generate_repairs_and_what_remains(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache: str
) -> None:
    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path / "cache"))
    if cache == "off":
        monkeypatch.setenv("SDKGEN_NO_CACHE", "1")
    config = load_config(_project(tmp_path))
    for _ in range(2):  # the second time from the cache when it is on
        lines: list[str] = []
        assert validate_specs(config, lines.append) == 1
        assert lines == [
            "[orders] validate specs/orders/prod.json: 9 error(s), 4 warning(s) as written; "
            "after generate's 18 repair(s): 0 error(s), 0 warning(s) remain"
        ]


def test_a_document_generate_refuses_is_not_promised_repairs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SDKGEN_NO_CACHE", "1")
    document = '{"openapi": "3.0.1", "info": {"title": "o", "version": "1"}, "paths": {}}'
    config = load_config(_project(tmp_path, document))
    lines: list[str] = []
    validate_specs(config, lines.append)
    (line,) = lines
    assert "0 error(s), 0 warning(s) as written; generate refuses it: " in line
    assert "no operations" in line and "repair" not in line
