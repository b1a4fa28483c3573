"""Shared fixtures: the embedded emulator, generated packages."""

from __future__ import annotations

import pytest

from tests.emulator_fixture import clean_emulator, emulator
from tests.support.generated import Mode

__all__ = ["clean_emulator", "emulator"]


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> Mode:
    """Each test using it runs twice: against the sync and the async client."""
    result: Mode = request.param
    return result
