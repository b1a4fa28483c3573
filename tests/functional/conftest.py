"""Shared by the functional tests: one mypy cache for the session (each module type-checks its
client once; the cache spares re-reading pydantic and httpx every time)."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def mypy_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("mypy-cache")
