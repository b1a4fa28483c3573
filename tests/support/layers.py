"""The suite's layers, so a developer can run the fast one alone.

- ``unit``: everything not listed below; in-process, no servers, no generated packages
  imported (``pytest -m unit``, the fast layer);
- ``integration``: generated clients against local servers, generated packages imported or
  type-checked, tools run as subprocesses (git, mypy, ruff, actionlint);
- ``e2e``: the emulator, fresh virtualenvs, package indexes, the corpus (modules marked
  ``slow``).

CI runs every layer.
"""

from __future__ import annotations

INTEGRATION_MODULES = frozenset(
    {
        "test_auth",
        "test_bench_cache",
        "test_bounds",
        "test_bounds_remote_refs",
        "test_ci",
        "test_cli_refusals",
        "test_code_keywords",
        "test_corpus",
        "test_corpus_runner",
        "test_diff_sources",
        "test_fleet_server",
        "test_generate",
        "test_hostile",
        "test_hostile_schemas",
        "test_opc_baseline_models",
        "test_opc_e2e",
        "test_outdir",
        "test_pagination",
        "test_plan",
        "test_prism",
        "test_publish_config",
        "test_runtime",
        "test_runtime_fastpath",
        "test_runtime_surface",
        "test_runtime_wire",
        "test_shipped_tests",
        "test_surface_calls",
        "test_surface_names",
        "test_unique_names",
        "test_versioning",
        "test_versioning_policy",
    }
)
"""Test modules (by name) of the integration layer."""

INTEGRATION_FOLDERS = frozenset({"functional"})
"""Folders of ``tests/`` whose every module is of the integration layer."""


def layer(module: str, folder: str, slow: bool) -> str:
    """The layer of a test in ``tests/<folder>/<module>.py`` (folder "" for ``tests/``)."""
    if slow:
        return "e2e"
    if module in INTEGRATION_MODULES or folder in INTEGRATION_FOLDERS:
        return "integration"
    return "unit"
