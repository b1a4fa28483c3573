"""openapi-python-client's baseline documents (tests/corpus/opc-e2e, MIT): their models
(97 schemas: enums, unions, recursion, an array of itself, nullable and read-only members,
defaults of every kind) generate a client that passes ``mypy --strict`` and ruff, with no
schema degraded to ``Any``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.corpus.typecheck import run_mypy, run_ruff
from generator.pipeline import generate

CORPUS = Path(__file__).parent / "corpus" / "opc-e2e"


@pytest.mark.slow
@pytest.mark.parametrize("name", ["baseline_openapi_3.0.json", "baseline_openapi_3.1.yaml"])
def test_baseline_models_type_check(name: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    generate(CORPUS / name, out, name="baseline")
    manifest = json.loads((out / "baseline" / "manifest.json").read_text())
    assert len(manifest["operations"]) == 50
    assert not [o for o in manifest["omitted"] if o["untyped"]]
    assert not [o for o in manifest["omitted"] if o["code"] == "invalid-default"]
    clean, output = run_mypy(out / "baseline", tmp_path / "cache", timeout=600)
    assert clean, output
    clean, output = run_ruff(out, timeout=300)
    assert clean, output
    # an array of objects that hold the array: typed, not a bare list (mypy's complaint before)
    sources = "".join(p.read_text() for p in (out / "baseline" / "_models").glob("m_*.py"))
    assert "RootModel[list[AnArrayWithARecursiveRefInItemsObjectItem]]" in sources
