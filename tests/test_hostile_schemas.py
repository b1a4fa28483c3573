"""Schemas from real documents that once broke generation, import or type checking.

Each case is the smallest form of a document of the public OpenAPI directory (named in the
comment) that failed; all are generated together into one client, which must import, pass
ruff and ``mypy --strict``, and list what it left out.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.builder.schemas import pattern_problem
from generator.corpus.typecheck import run_mypy, run_ruff
from generator.parse import build_api
from generator.pipeline import generate
from generator.spec.normalize import normalize


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def json_response(schema: dict[str, Any]) -> dict[str, Any]:
    return {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}


SCHEMAS: dict[str, Any] = {
    # amazonaws.com/appconfigdata, dlm, elasticmapreduce: patterns pydantic's regex rejects
    "Patterns": {
        "type": "object",
        "properties": {
            "lookahead": {"type": "string", "pattern": "^(?=a)b"},
            "property": {"type": "string", "pattern": "\\p{IsFoo}"},
            "scalar": {"type": "string", "pattern": "\\x{110000}"},
            "ok": {"type": "string", "pattern": "^[a-z]+$"},
        },
    },
    # zapier.com/nla: enum default given as text
    "Status": {"type": "string", "enum": ["success", "error"]},
    # soundcloud.com: the default names an enum defined further down
    "Track": {
        "type": "object",
        "properties": {
            "status": {"allOf": [ref("Status")], "default": "success"},
            "sharing": {"allOf": [ref("ZSharing")], "default": "public"},
        },
    },
    "ZSharing": {"type": "string", "enum": ["public", "private", "O", "I"]},
    # azure.com/automation-module: explicit nullable: false on an optional date-time
    "Activity": {
        "type": "object",
        "properties": {"created": {"type": "string", "format": "date-time", "nullable": False}},
    },
    # crediwatch.com: a list default on a string
    "Search": {"type": "object", "properties": {"q": {"type": "string", "default": ["a"]}}},
    # zuora.com: booleans in a string enum (typed `str | Literal[True, False]`); an enum
    # without a type
    "Mandate": {
        "type": "object",
        "properties": {
            "existing": {"type": "string", "enum": [True, False]},
            "linkage": {"enum": ["Start", "Success"]},
        },
    },
    # azure.com/alertsmanagement: discriminator property typed by an enum, narrowed in a subclass
    "Rule": {
        "type": "object",
        "discriminator": {"propertyName": "type"},
        "required": ["type"],
        "properties": {"type": {"type": "string", "enum": ["Suppression", "ActionGroup"]}},
    },
    "ActionGroup": {
        "allOf": [ref("Rule"), {"type": "object"}],
        "properties": {"id": {"type": "string"}},
    },
    # rubrikinc.github.io: two bases of one allOf define a property differently (required in
    # one, optional in the other): a class inheriting both is rejected by mypy
    "DbSummary": {
        "type": "object",
        "required": ["id"],
        "properties": {"id": {"type": "string"}, "frequency": {"type": "integer"}},
    },
    "NonSlaProperties": {
        "type": "object",
        "required": ["frequency"],
        "properties": {"frequency": {"type": "integer"}},
    },
    "DbDetail": {
        "allOf": [
            ref("DbSummary"),
            ref("NonSlaProperties"),
            {"type": "object", "properties": {"live": {"type": "boolean"}}},
        ]
    },
    # ...while bases sharing a property through a common base (a diamond) keep the hierarchy
    "Left": {
        "allOf": [ref("DbSummary"), {"type": "object", "properties": {"l": {"type": "string"}}}]
    },
    "Right": {
        "allOf": [ref("DbSummary"), {"type": "object", "properties": {"r": {"type": "string"}}}]
    },
    "Diamond": {"allOf": [ref("Left"), ref("Right")]},
    # codat.io/accounting: a schema where a property was expected ("type": {...})
    "Item": {
        "type": "object",
        "properties": {"type": {"type": {"type": "string", "enum": ["A", "B"]}}, "required": True},
        "required": "yes",
    },
    # codat.io: a "warnings" array whose items become a class named Warning (a builtin)
    "Result": {
        "type": "object",
        "properties": {
            "data": {"type": "array", "items": ref("Payload")},
            "warnings": {
                "type": "array",
                "items": {"type": "object", "properties": {"message": {"type": "string"}}},
            },
        },
    },
    "Payload": {
        "type": "object",
        "properties": {
            "errors": {
                "type": "array",
                "items": {"type": "object", "properties": {"x": {"type": "integer"}}},
            }
        },
    },
    # amazonaws.com/lakeformation: a field named Field
    "Filter": {
        "type": "object",
        "properties": {"Field": {"type": "string"}, "Other": ref("Limited")},
    },
    "Limited": {"type": "string", "maxLength": 10},
    # tradematic.com, ndhm.gov.in: ambiguous names (E741)
    "Candle": {"type": "object", "properties": {"l": {"type": "number"}, "O": {"type": "number"}}},
    # frankiefinancial.io: format ulid (would need python-ulid)
    "Entity": {"type": "object", "properties": {"id": {"type": "string", "format": "ulid"}}},
    # a self-referencing array (JSON values)
    "Tree": {"type": "array", "items": ref("Tree")},
    # googleapis.com/deploymentmanager: a model named like the runtime's Operation
    "Operation": {"type": "object", "properties": {"name": {"type": "string"}}},
    # a model named like a resource class
    "ItemsResource": {"type": "object", "properties": {"n": {"type": "integer"}}},
    # appsync, cloudtrail, ...: look-alike characters, trailing spaces and tabs in descriptions
    "Prose": {
        "type": "object",
        "description": "It\u2019s 1\u20133 seconds \u2014 trailing   \n\ttabbed\n  \n",
        "properties": {
            "t": {
                "type": "string",
                "description": "caf\u00e9 \u2028 line\u2029 end  ",
                "example": "\u20ac",
            }
        },
    },
}

DOCUMENT: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "regressions", "version": "1"},
    "paths": {
        # amazonaws.com/omics, slicebox.local, surevoip.co.uk: tags that are keywords
        "/import": {
            "get": {
                "tags": ["import"],
                "operationId": "runImport",
                "responses": json_response(ref("Track")),
            }
        },
        "/global": {
            "get": {
                "tags": ["global"],
                "operationId": "getGlobal",
                "responses": json_response(ref("Result")),
            }
        },
        # surevoip.co.uk: path items given as a $ref
        "/support/ip": {"$ref": "#/x-shared/ipPath"},
        # codat.io: a percent-encoded JSON pointer
        "/items/{id}": {
            "get": {
                "tags": ["items"],
                "operationId": "getItem",
                "parameters": [{"$ref": "#/paths/~1items~1%7Bid%7D/x-id"}],
                "responses": json_response(ref("Item")),
            },
            "x-id": {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
        },
        # trello.com: the same name as a query and a header parameter
        "/tokens": {
            "get": {
                "tags": ["tokens"],
                "operationId": "getToken",
                "parameters": [
                    {"name": "token", "in": "query", "schema": {"type": "string"}},
                    {"name": "token", "in": "header", "schema": {"type": "string"}},
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        # zuora.com: the schema is on the second JSON media type
                        "content": {
                            "application/json": {"example": {}},
                            "application/json; charset=utf-8": {"schema": ref("Operation")},
                        },
                    }
                },
            }
        },
        "/everything": {
            "post": {
                "tags": ["misc"],
                "operationId": "everything",
                "requestBody": {
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    name: ref(name)
                                    for name in SCHEMAS
                                    if name not in ("Status", "ZSharing")
                                },
                            }
                        }
                    }
                },
                "responses": json_response(ref("Tree")),
            }
        },
    },
    "x-shared": {
        "ipPath": {
            "get": {
                "tags": ["support"],
                "operationId": "getIp",
                "responses": json_response({"type": "string"}),
            }
        }
    },
    "components": {"schemas": SCHEMAS},
}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("regressions")
    spec = tmp / "doc.json"
    spec.write_text(json.dumps(DOCUMENT))
    out = tmp / "out"
    generate(spec, out, name="regressions")
    return out


def _manifest(project: Path) -> dict[str, Any]:
    return json.loads((project / "regressions" / "manifest.json").read_text())


def test_every_operation_is_generated_and_what_is_left_out_is_listed(project: Path) -> None:
    manifest = _manifest(project)
    assert sorted(op["operation_id"] for op in manifest["operations"]) == [
        "everything",
        "getGlobal",
        "getIp",
        "getItem",
        "getToken",
        "runImport",
    ]
    omitted = {(o["code"], o["pointer"]) for o in manifest["omitted"]}
    expected = {
        ("unsupported-pattern", "/components/schemas/Patterns/properties/property/pattern"),
        ("unsupported-pattern", "/components/schemas/Patterns/properties/scalar/pattern"),
        ("invalid-default", "/components/schemas/Search/properties/q/default"),
        ("enum-type-mismatch", "/components/schemas/Mandate/properties/existing/enum"),
        ("discriminator-as-text", "/components/schemas/Rule/properties/type"),
        ("invalid-schema", "/components/schemas/Item/properties/type/type"),
        ("invalid-schema", "/components/schemas/Item/required"),
    }
    assert expected <= omitted, sorted(omitted)
    # a query and a header parameter of one name are two arguments (unique by name AND location)
    token = next(o for o in manifest["operations"] if o["operation_id"] == "getToken")
    assert {(p["in"], p["python_name"]) for p in token["parameters"]} == {
        ("query", "token"),
        ("header", "token_header"),
    }
    untyped = {o["code"] for o in manifest["omitted"] if o["untyped"]}
    assert untyped == set(), untyped  # nothing typed Any: every repair keeps a type
    for checked in ("ok", "lookahead"):  # Python's regular expressions have lookaheads
        assert (
            "unsupported-pattern",
            f"/components/schemas/Patterns/properties/{checked}/pattern",
        ) not in omitted
    returns = {op["operation_id"]: op["returns"] for op in manifest["operations"]}
    assert returns["getToken"] == "OperationModel"
    resources = {op["resource"] for op in manifest["operations"]}
    assert {"import_", "global_"} <= resources


def test_the_client_imports_and_its_models_work(project: Path) -> None:
    script = """
import sys
sys.path.insert(0, sys.argv[1])
from regressions import Client, models
client = Client(base_url="http://127.0.0.1:9")
client.import_, client.global_, client.items, client.tokens, client.support, client.misc
track = models.Track()
assert track.status is models.Status.SUCCESS and track.sharing is models.ZSharing.PUBLIC
assert [m.name for m in models.ZSharing] == ["PUBLIC", "PRIVATE", "O_", "I_"]
assert models.Patterns(property="zzz", ok="abc").property == "zzz"
try:
    models.Patterns(lookahead="zzz")
except ValueError:
    pass
else:
    raise AssertionError("a request value breaking its pattern was accepted")
read = models.Patterns.model_validate({"lookahead": "zzz"}, context={"sdkgen_response": True})
assert read.lookahead == "zzz"  # responses are not held to patterns
assert models.Tree.model_validate([[[]]]).root[0].root[0].root == []
assert models.Candle.model_validate({"l": 1, "O": 2}).l_ == 1
assert models.Filter.model_validate({"Field": "x", "Other": "y"}).Field_ == "x"
assert models.Mandate(existing=True).existing is True
assert models.Entity(id="01ARZ3NDEKTSV4RRFFQ69G5FAV").id.startswith("01")
assert models.Result.model_validate({"warnings": [{"message": "m"}]}).warnings[0].message == "m"
assert "\\u2019" in models.Prose.__doc__
detail = models.DbDetail.model_validate({"id": "d", "frequency": 5, "live": True})
assert (detail.id, detail.frequency, detail.live) == ("d", 5, True)
assert models.DbDetail.__mro__[1] is models.BaseModel  # one merged class
assert models.DbDetail.model_fields["frequency"].is_required()  # required by one base
assert issubclass(models.Diamond, models.Left) and issubclass(models.Diamond, models.Right)
print("ok")
"""
    result = subprocess.run(
        [sys.executable, "-I", "-c", script, str(project)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip() == "ok"


def test_the_client_is_ruff_and_mypy_clean(project: Path, tmp_path: Path) -> None:
    clean, output = run_ruff(project, timeout=300)
    assert clean, output
    models = (project / "regressions" / "models.py").read_text()
    assert models.isascii()
    clean, output = run_mypy(project / "regressions", tmp_path, timeout=600)
    assert clean, output


def test_keyword_names_are_properties_and_examples_are_data() -> None:
    doc = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {
            "schemas": {
                "S": {
                    "type": "object",
                    "properties": {
                        "pattern": {"type": "string"},
                        "enum": {"type": "integer", "example": {"type": 1}},
                    },
                    "example": {"pattern": "(?=x)", "type": {"a": 1}},
                }
            }
        },
    }
    api = build_api(normalize(doc).document)
    assert api.omissions == ()
    model = api.model("S")
    assert model is not None
    assert [(f.wire_name, f.python_name) for f in model.fields] == [
        ("pattern", "pattern"),
        ("enum", "enum"),
    ]


def test_pattern_problems_are_explained() -> None:
    assert pattern_problem("^[a-z]+$") is None
    assert pattern_problem("^(?=a)b") is None
    problem = pattern_problem("\\p{L}")
    assert problem is not None and "bad escape" in problem
