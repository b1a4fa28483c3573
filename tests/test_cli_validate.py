"""`sdkgen validate`: every problem at once, located, in text or JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cli import main
from generator.corpus.locations import APIGATEWAY

REPO = Path(__file__).resolve().parents[1]


def test_valid_document_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["validate", str(REPO / "tests" / "fixtures" / "fleet" / "orders" / "prod.json")]) == 0
    )
    assert "0 error(s)" in capsys.readouterr().out


def test_invalid_export_reports_located_problems(capsys: pytest.CaptureFixture[str]) -> None:
    spec = APIGATEWAY / "localstack__localstack__swagger-mock-cors-sam.json"
    assert main(["validate", str(spec), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] is False
    problems = {(p["pointer"], p["code"]) for p in report["problems"]}
    assert ("/paths/~1product~1{product_id}/get", "undeclared-path-parameter") in problems
    assert any(
        p["pointer"] == "/paths/~1product/get/responses" and p["severity"] == "error"
        for p in report["problems"]
    )
    for p in report["problems"]:
        assert set(p) == {"pointer", "severity", "code", "message"}
        assert p["message"] and p["severity"] in {"error", "warning", "info"}


def test_text_format_names_file_pointer_and_repairs(capsys: pytest.CaptureFixture[str]) -> None:
    spec = APIGATEWAY / "smithy-lang__smithy__greedy-labels-for-rest-openapi.json"
    assert main(["validate", str(spec)]) == 1
    out = capsys.readouterr().out
    assert f"{spec}: error: /paths/~1{{baz+}}" in out
    assert f"{spec}: `sdkgen generate` makes " in out and f"{spec}:   repair: " in out


def test_not_a_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "x.yaml"
    spec.write_text("title: nothing\n")
    assert main(["validate", str(spec)]) == 1
    assert "not-openapi" in capsys.readouterr().out


def test_missing_file_is_usage_error(tmp_path: Path) -> None:
    assert main(["validate", str(tmp_path / "nope.yaml")]) == 2


def test_text_lists_every_repair_generate_makes_and_what_remains(
    capsys: pytest.CaptureFixture[str],
) -> None:
    spec = REPO / "specs" / "orders" / "prod.json"  # an emulator export: invalid as exported
    assert main(["validate", str(spec)]) == 1
    out = capsys.readouterr().out
    repairs = [line for line in out.splitlines() if ":   repair: " in line]
    assert f"{spec}: `sdkgen generate` makes {len(repairs)} repair(s):" in out
    assert any(
        "/components/schemas/Order: removed the JSON-Schema '$schema' keyword" in line
        for line in repairs
    )
    assert any("using 'putOrdersByOrderId' [operation-id]" in line for line in repairs)
    assert out.rstrip().endswith(f"{spec}: once repaired: 0 error(s), 0 warning(s)")


def test_json_has_the_repairs_and_what_remains(capsys: pytest.CaptureFixture[str]) -> None:
    spec = REPO / "specs" / "orders" / "prod.json"
    assert main(["validate", str(spec), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["generate"]["accepted"] is True and report["generate"]["refusal"] is None
    assert report["generate"]["remaining"] == []
    codes = {r["code"] for r in report["generate"]["repairs"]}
    assert {"removed-schema-keyword", "apigateway-model-ref", "operation-id"} <= codes


def test_no_repairs_are_promised_for_a_document_generate_refuses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # invalid (a model with $schema, which generate would repair) but without any operation
    spec = tmp_path / "empty.json"
    spec.write_text(
        json.dumps(
            {
                "swagger": "2.0",
                "info": {"title": "empty", "version": "1"},
                "paths": {},
                "definitions": {
                    "M": {"$schema": "http://json-schema.org/draft-04/schema#", "type": "object"}
                },
            }
        )
    )
    assert main(["validate", str(spec)]) == 1
    out = capsys.readouterr().out
    assert "repair:" not in out and "repair(s)" not in out
    assert f"{spec}: `sdkgen generate` refuses this document: " in out
    assert "no operations" in out
    assert main(["validate", str(spec), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["generate"]["accepted"] is False and report["generate"]["repairs"] == []
    assert "no operations" in report["generate"]["refusal"]["message"]
