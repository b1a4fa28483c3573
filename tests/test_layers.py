"""The layer lists name real test modules, so they cannot silently rot."""

from __future__ import annotations

from pathlib import Path

from tests.support.layers import INTEGRATION_FOLDERS, INTEGRATION_MODULES, layer

TESTS = Path(__file__).resolve().parent


def test_every_listed_module_exists() -> None:
    modules = {path.stem for path in TESTS.glob("test_*.py")}
    assert INTEGRATION_MODULES - modules == set()


def test_a_slow_module_is_end_to_end_whatever_its_list() -> None:
    assert layer("test_runtime", "", slow=True) == "e2e"
    assert layer("test_runtime", "", slow=False) == "integration"
    assert layer("test_naming", "", slow=False) == "unit"
    for folder in INTEGRATION_FOLDERS:
        assert layer("test_anything", folder, slow=False) == "integration"
