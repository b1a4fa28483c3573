"""Pytest fixtures for the embedded API Gateway emulator (import them from conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from generator.emulator import Emulator


@pytest.fixture(scope="session")
def emulator() -> Iterator[Emulator]:
    """One ministack server for the whole session, stopped (and cleaned up) at the end."""
    with Emulator() as running:
        yield running


@pytest.fixture
def clean_emulator(emulator: Emulator) -> Emulator:
    """The session's emulator with every service's state wiped first."""
    emulator.reset()
    return emulator
