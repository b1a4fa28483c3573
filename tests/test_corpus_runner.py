"""The corpus runner (``python -m generator.corpus``): sampling, checks, classification, report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.corpus import expected
from generator.corpus.cli import main
from generator.corpus.documents import CorpusDocument, directory_package, sample
from generator.corpus.outcome import DocumentResult, message_pattern
from generator.corpus.report import format_summary, summarize
from generator.corpus.run import Settings, _covered, run_corpus
from generator.errors import UsageError

GOOD = {
    "openapi": "3.0.3",
    "info": {"title": "good", "version": "1"},
    "paths": {
        "/pets/{id}": {
            "get": {
                "operationId": "getPet",
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}
                        },
                    }
                },
            },
            "x-amazon-apigateway-any-method": {"responses": {"200": {"description": "ok"}}},
        },
        "/shared": {"$ref": "#/x-items/shared"},
    },
    "x-items": {"shared": {"delete": {"responses": {"204": {"description": "gone"}}}}},
    "components": {
        "schemas": {"Pet": {"type": "object", "properties": {"name": {"type": "string"}}}}
    },
}
CORS = {"Access-Control-Allow-Origin": {"schema": {"type": "string"}}}
# a nested resource (pets.toys) and a CORS preflight, which the client leaves out on purpose
NESTED = {
    "openapi": "3.0.3",
    "info": {"title": "nested", "version": "1"},
    "paths": {
        "/pets/{id}/toys": {
            "get": {"responses": {"200": {"description": "ok"}}},
            "options": {"responses": {"200": {"description": "cors", "headers": CORS}}},
        }
    },
}
NO_OPERATIONS = {"openapi": "3.1.0", "info": {"title": "hooks", "version": "1"}, "paths": {}}
SWAGGER = {
    "swagger": "2.0",
    "info": {"title": "s", "version": "1"},
    "paths": {
        "/a": {
            "get": {
                "responses": {
                    "200": {"description": "ok", "schema": {"type": "array", "items": {}}}
                }
            },
            "post": {"responses": {"201": {"description": "ok", "schema": {}}}},
        }
    },
}


def _docs(n: int) -> list[CorpusDocument]:
    return [CorpusDocument(f"c/{i:03d}.json", "c", Path(f"{i:03d}.json")) for i in range(n)]


def test_samples_are_deterministic_and_in_path_order() -> None:
    docs = _docs(100)
    first = sample(docs, 10, seed=7)
    assert first == sample(docs, 10, seed=7)
    assert first != sample(docs, 10, seed=8)
    assert len(first) == 10 and first == sorted(first, key=lambda d: d.id)
    assert sample(docs, 1000, seed=7) == docs


def test_document_operations_include_any_method_and_path_item_refs() -> None:
    assert expected.operations(GOOD) == [
        ("ANY", "/pets/{id}"),
        ("DELETE", "/shared"),
        ("GET", "/pets/{id}"),
    ]
    assert expected.operations({"paths": {"/a": "nonsense", "/b": {"$ref": "http://x/y"}}}) == []


def test_success_schemas_read_openapi_3_and_swagger_2() -> None:
    get = GOOD["paths"]["/pets/{id}"]["get"]
    assert [expected.is_typed_schema(GOOD, s) for s in expected.success_schemas(GOOD, get)] == [
        True
    ]
    any_method = GOOD["paths"]["/pets/{id}"]["x-amazon-apigateway-any-method"]
    assert expected.success_schemas(GOOD, any_method) == []
    swagger_get = SWAGGER["paths"]["/a"]["get"]
    assert expected.is_typed_schema(SWAGGER, expected.success_schemas(SWAGGER, swagger_get)[0])
    swagger_post = SWAGGER["paths"]["/a"]["post"]
    assert not expected.is_typed_schema(SWAGGER, expected.success_schemas(SWAGGER, swagger_post)[0])
    # `items` alone does not say the value is an array
    assert not expected.is_typed_schema({}, {"items": {"type": "string"}, "description": "x"})
    assert expected.is_typed_schema({}, {"type": "array", "items": {"type": "string"}})


def test_missing_operations_count_as_listed_only_with_an_omission_on_them() -> None:
    assert _covered("GET", "/a/{b}", ["/paths/~1a~1{b}"])
    assert _covered("GET", "/a/{b}", ["/paths/~1a~1{b}/get/responses/200"])
    assert _covered("ANY", "/a", ["/paths/~1a/x-amazon-apigateway-any-method"])
    assert not _covered("GET", "/a", ["/paths/~1a/post", "/paths/~1ab"])


def test_failure_categories_leave_out_the_specifics() -> None:
    assert message_pattern("model generation failed for 'Pet Store': bad 'x' at 12") == (
        "model generation failed for <s>: bad <s> at <n>"
    )
    assert message_pattern("/tmp/x/y.json: nope\nmore") == "<path>: nope"
    failed = DocumentResult("c/x", "c", stage="import", error_type="ImportFailed", message="E 1")
    assert failed.category == "import: ImportFailed: E <n>"
    clean = DocumentResult("c/y", "c", status="complete", ruff=True, mypy=None)
    assert clean.category == ""
    typed = DocumentResult(
        "c/z", "c", status="complete", mypy=False, mypy_output="m.py:1: error: Bad 'x'"
    )
    assert typed.category == "mypy --strict: Bad <s>"


def _result(status: str, **extra: Any) -> DocumentResult:
    return DocumentResult(id=f"c/{status}", corpus="c", status=status, **extra)  # type: ignore[arg-type]


def test_summary_counts_rates_and_lists() -> None:
    results = [
        _result("complete", operations_expected=4, operations_generated=4, typed_success=3),
        _result(
            "partial",
            operations_expected=2,
            operations_generated=1,
            missing_operations=["GET /x"],
            untyped_returns=["GET /y"],
            typed_success=1,
            omitted_codes={"remote-ref": 2},
            untyped_schemas=2,
        ),
        _result("rejected", message="no operations", diagnostics=["error: /paths: none"]),
        _result(
            "failed", operations_expected=3, error_type="Timeout", message="slow", stage="generate"
        ),
    ]
    summary = summarize(results, {"description": "test"})
    total = summary["total"]
    assert (total["complete"], total["partial"], total["rejected"], total["failed"]) == (1, 1, 1, 1)
    assert total["complete_rate"] == 25.0 and total["handled_rate"] == 75.0
    assert (total["operations_in_clients"], total["operations_expected"]) == (5, 9)
    assert (total["untyped_returns"], total["operations_with_success_schema"]) == (1, 4)
    assert summary["omitted_codes"] == {"remote-ref": 2}
    assert (total["untyped_schemas"], total["documents_with_untyped_schemas"]) == (2, 1)
    assert summary["categories"][0]["category"] == "generate: Timeout: slow"
    text = format_summary(summary)
    assert "partial: c/partial: missing GET /x" in text
    assert "rejected: c/rejected: no operations" in text
    assert "[1] generate: Timeout: slow" in text
    assert "schemas degraded to untyped (Any):     2 in 1 document(s)" in text


def _corpus(tmp_path: Path) -> Path:
    root = tmp_path / "apigateway"
    root.mkdir()
    (root / "good.json").write_text(json.dumps(GOOD))
    (root / "hooks.json").write_text(json.dumps(NO_OPERATIONS))
    (root / "swagger.yaml").write_text(json.dumps(SWAGGER))
    (root / "broken.json").write_text('{"openapi": ')
    (root / "nested.json").write_text(json.dumps(NESTED))
    return root


def test_a_run_generates_imports_and_compares(tmp_path: Path) -> None:
    from generator.corpus.documents import apigateway_documents

    docs = apigateway_documents(_corpus(tmp_path))
    settings = Settings(work=tmp_path / "work", timeout=120)
    seen: list[str] = []
    results = run_corpus(
        docs,
        settings,
        typecheck=set(),
        jobs=2,
        progress=lambda done, total, r: seen.append(r.id),
    )
    by_id = {r.id: r for r in results}
    assert sorted(seen) == sorted(by_id)
    good = by_id["apigateway/good.json"]
    assert good.status == "complete", good
    assert (good.operations_expected, good.operations_generated) == (3, 3)
    assert good.typed_success == 1 and good.untyped_returns == []
    assert good.ruff is True
    assert by_id["apigateway/hooks.json"].status == "rejected"
    assert by_id["apigateway/broken.json"].status == "rejected"
    nested = by_id["apigateway/nested.json"]
    assert nested.status == "complete", nested
    assert (nested.operations_expected, nested.operations_generated) == (1, 1)
    swagger = by_id["apigateway/swagger.yaml"]
    assert swagger.status == "complete" and swagger.operations_generated == 2
    assert not any((tmp_path / "work" / "clients").iterdir())  # handled clients are removed


def test_the_command_writes_a_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = _corpus(tmp_path)
    (corpus / "broken.json").unlink()
    report = tmp_path / "report.json"
    code = main(
        [
            "--no-directory",
            "--apigateway",
            str(corpus),
            "--cache-dir",
            str(tmp_path / "cache"),
            "--report",
            str(report),
            "--mypy-sample",
            "0",
            "--only",
            "good",
            "--only",
            "hooks",
        ]
    )
    out = capsys.readouterr().out
    payload = json.loads(report.read_text())
    assert payload["total"]["documents"] == 2
    assert [r["status"] for r in payload["results"]] == ["complete", "rejected"]
    assert "complete (imports, every operation):  1 (50.0%)" in out
    assert code == 1  # 50% complete is below the 99% target


def test_the_directory_is_not_installed_when_told_not_to(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="not installed"):
        directory_package(tmp_path, install=False)


def test_any_is_degraded_only_when_every_json_success_response_has_a_schema() -> None:
    from generator.corpus.worker import untyped_returns

    typed = {"$ref": "#/components/schemas/Pet"}
    doc: dict[str, Any] = {
        "openapi": "3.0.3",
        "paths": {
            "/mixed": {
                "put": {
                    "responses": {
                        "200": {"description": "ok", "content": {"application/json": {}}},
                        "201": {
                            "description": "made",
                            "content": {"application/json": {"schema": typed}},
                        },
                    }
                }
            },
            "/typed": {
                "get": {
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": typed}},
                        }
                    }
                }
            },
        },
        "components": {
            "schemas": {"Pet": {"type": "object", "properties": {"id": {"type": "string"}}}}
        },
    }
    ops = [
        {"method": "PUT", "path": "/mixed", "returns": "Any"},
        {"method": "GET", "path": "/typed", "returns": "Any"},
    ]
    assert untyped_returns(doc, ops) == ["GET /typed"]
    assert untyped_returns(doc, [dict(ops[1], returns="Pet")]) == []


def test_ruff_reads_the_project_configuration_as_its_users_would(tmp_path: Path) -> None:
    from generator.corpus.typecheck import run_ruff

    project = tmp_path / "project"
    (project / "pkg" / "_models").mkdir(parents=True)
    (project / "pyproject.toml").write_text(
        '[tool.ruff.lint]\nselect = ["F"]\n\n'
        '[tool.ruff.lint.per-file-ignores]\n"*/_models/*" = ["F401"]\n'
    )
    (project / "pkg" / "_models" / "m.py").write_text("import os\n")
    assert run_ruff(project, timeout=60) == (True, "")
    (project / "pkg" / "other.py").write_text("import os\n")
    clean, output = run_ruff(project, timeout=60)
    assert not clean and "F401" in output
