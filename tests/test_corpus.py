"""Every real API Gateway export of the corpus generates a client that imports and type-checks.

The corpus index lists 42 exports; those not vendored (their repository's license does not allow
it) are reported as skipped unless ``SDKGEN_EXTRA_CORPUS`` names a directory holding them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.corpus.documents import apigateway_documents
from generator.corpus.locations import (
    APIGATEWAY,
    INDEX_FILE,
    IndexedDocument,
    apigateway_index,
    file_sha256,
    locate,
)
from generator.errors import DocumentError
from generator.pipeline import generate
from generator.spec.load import load_file
from tests.support.corpus import apigateway_file, apigateway_params

METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Generate every export at hand once; map file name -> project dir (absent when rejected)."""
    out_root = tmp_path_factory.mktemp("corpus")
    projects: dict[str, Path] = {}
    for index, document in enumerate(apigateway_index()):
        spec = locate(document)
        if spec is None:
            continue
        out = out_root / f"p{index:02d}"
        try:
            generate(spec, out, name=f"corpus{index:02d}-client")
        except DocumentError as exc:
            assert exc.diagnostics, f"{spec.name}: rejected without located errors: {exc}"
            continue
        projects[document.file] = out
    return projects


def test_the_index_lists_42_documents_and_the_vendored_ones_are_here_byte_for_byte() -> None:
    documents = apigateway_index()
    assert len(documents) == 42
    vendored = {d.file for d in documents if d.vendored}
    assert len(vendored) == 31
    # The folder read as a folder of exports (python -m generator.corpus --apigateway) holds
    # exactly the vendored documents.
    assert {d.path.name for d in apigateway_documents(APIGATEWAY)} == vendored
    for document in documents:
        assert len(document.commit) == 40 and document.repo and document.path, document
        if document.vendored:
            assert file_sha256(APIGATEWAY / document.file) == document.sha256, document.file
            assert document.reason is None and document.license != "NONE"
        else:
            assert document.reason, document.file
    licenses = json.loads((APIGATEWAY / INDEX_FILE).read_text())["documents"]
    for entry in licenses:
        for key in ("license_file", "notice_file"):
            if key in entry:
                assert (APIGATEWAY / entry[key]).is_file(), entry[key]
        assert ("license_file" in entry) == entry["vendored"], entry["file"]


@pytest.mark.parametrize("document", apigateway_params())
def test_document_generates_every_operation(
    document: IndexedDocument, generated: dict[str, Path]
) -> None:
    # All 42 exports are handled; none of them needs rejecting after normalization.
    spec = apigateway_file(document)
    assert document.file in generated, f"{document.file} was rejected"
    doc = load_file(spec).data
    expected = sorted(
        ("ANY" if key == "x-amazon-apigateway-any-method" else key.upper(), path)
        for path, item in doc["paths"].items()
        if isinstance(item, dict)
        for key in item
        if key in METHODS or key == "x-amazon-apigateway-any-method"
    )
    assert len(expected) == document.operations
    manifest = json.loads(next(generated[document.file].glob("*/manifest.json")).read_text())
    found = [(op["method"], op["path"]) for op in manifest["operations"]]
    # CORS preflights are no methods: each is listed as omitted instead
    for omitted in manifest["omitted"]:
        if omitted["code"] == "cors-preflight":
            _, _, path, method = omitted["pointer"].split("/")
            found.append((method.upper(), path.replace("~1", "/").replace("~0", "~")))
    assert sorted(found) == expected


def test_every_client_imports_in_a_fresh_interpreter(generated: dict[str, Path]) -> None:
    script = (
        "import importlib, json, sys\n"
        "names = json.loads(sys.argv[1])\n"
        "for n in names:\n"
        "    m = importlib.import_module(n)\n"
        "    c = m.Client(base_url='http://127.0.0.1:9')\n"
        "    for r in {op['resource'] for op in json.load(open(m.__path__[0] + '/manifest.json'))['operations']}:\n"
        "        o = c\n"
        "        for part in r.split('.'):\n"
        "            o = getattr(o, part)\n"
        "    c.close()\n"
        "print('ok', len(names))\n"
    )
    names = [
        json.loads(next(p.glob("*/manifest.json")).read_text())["package"]["import"]
        for p in generated.values()
    ]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(str(p) for p in generated.values())}
    result = subprocess.run(
        [sys.executable, "-c", script, json.dumps(names)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"ok {len(names)}"


def test_every_client_passes_mypy_strict(generated: dict[str, Path], tmp_path: Path) -> None:
    packages = [str(next(project.glob("*/manifest.json")).parent) for project in generated.values()]
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--cache-dir",
            str(tmp_path),
            *packages,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-5000:]
    assert "Success: no issues found" in result.stdout


def test_every_client_is_ruff_clean(generated: dict[str, Path]) -> None:
    for project in generated.values():
        for args in (["check"], ["format", "--check"]):
            result = subprocess.run(
                [sys.executable, "-m", "ruff", *args, "--no-cache", "."],
                cwd=project,
                capture_output=True,
                text=True,
                check=False,
            )
            assert result.returncode == 0, f"{project}: {result.stdout}{result.stderr}"
