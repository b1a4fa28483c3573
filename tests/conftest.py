"""Shared fixtures: the embedded emulator, generated packages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.emulator_fixture import clean_emulator, emulator
from tests.support.generated import Mode
from tests.support.layers import layer

TESTS = Path(__file__).resolve().parent

__all__ = ["clean_emulator", "emulator"]


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> Mode:
    """Each test using it runs twice: against the sync and the async client."""
    result: Mode = request.param
    return result


@pytest.fixture(scope="session")
def prism() -> list[str]:
    """The command that runs the Prism mock server, installed with npm into the cache folder
    when missing. Skipped only where npm or node is absent: an install that fails is an error."""
    from generator.prism import prism_command

    missing = [tool for tool in ("node", "npm") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"Prism cannot be installed here: {' and '.join(missing)} not on PATH")
    return prism_command()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test with its layer (``unit``, ``integration`` or ``e2e``, see
    ``tests/support/layers.py``): ``pytest -m unit`` runs the fast layer alone."""
    for item in items:
        path = Path(str(item.path)).resolve()
        folder = path.parent.relative_to(TESTS).as_posix() if path.is_relative_to(TESTS) else ""
        kind = layer(
            path.stem, "" if folder == "." else folder, item.get_closest_marker("slow") is not None
        )
        item.add_marker(getattr(pytest.mark, kind))
