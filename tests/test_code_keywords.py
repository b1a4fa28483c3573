"""Schema keywords that a model generator would turn into imports or code never reach the package.

End to end, whatever renders the models: a document carries each such keyword (naming a canary
module that leaves a file behind when imported) in model, property, inline body, inline
response and parameter schemas; the generated package names the canary nowhere, importing and
using it runs nothing, and each keyword is listed in the manifest's ``omitted``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from generator.cli import main

CANARY = "sdkgen_canary_mod"


def _ok(schema: dict[str, Any]) -> dict[str, Any]:
    return {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}


def _document() -> dict[str, Any]:
    thing = f"{CANARY}.Thing"
    return {
        "openapi": "3.0.3",
        "info": {"title": "keywords", "version": "1"},
        "paths": {
            "/widgets": {
                "get": {
                    "operationId": "listWidgets",
                    "parameters": [
                        {
                            "name": "kind",
                            "in": "query",
                            "schema": {"type": "string", "customTypePath": thing},
                        }
                    ],
                    "responses": _ok({"$ref": "#/components/schemas/Widget"}),
                },
                "post": {
                    "operationId": "createWidget",
                    "requestBody": {
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "size": {"type": "integer", "x-python-type": thing}
                                    },
                                }
                            }
                        }
                    },
                    "responses": _ok(
                        {
                            "type": "object",
                            "properties": {
                                "id": {"type": "string", "customTypePath": thing},
                                "tags": {
                                    "type": "array",
                                    "items": {"type": "string", "x-python-type": thing},
                                },
                            },
                        }
                    ),
                },
            },
            "/gadgets": {
                "get": {
                    "operationId": "getGadget",
                    "responses": _ok({"$ref": "#/components/schemas/Gadget"}),
                }
            },
        },
        "components": {
            "schemas": {
                "Widget": {
                    "type": "object",
                    "customBasePath": f"{CANARY}.Base",
                    "x-is-base-class": True,
                    "properties": {
                        "name": {"type": "string", "customTypePath": thing},
                        "colour": {"type": "string", "x-python-type": thing},
                        "part": {
                            "type": "object",
                            "x-python-import": {"module": CANARY, "name": "Thing"},
                        },
                        "either": {
                            "anyOf": [
                                {"type": "string", "x-python-union-branch": thing},
                                {"type": "integer", "x-is-classvar": True},
                            ]
                        },
                        # a property *named* like a keyword is data, and stays
                        "customTypePath": {"type": "string"},
                    },
                },
                "Gadget": {
                    "type": "object",
                    "x-python-import": {"module": CANARY, "name": "Thing"},
                    "x-datamodel-code-generator-field-name": "x",
                    "properties": {"id": {"type": "string"}},
                },
            }
        },
    }


EXPECTED_OMITTED = {
    "/components/schemas/Widget/customBasePath",
    "/components/schemas/Widget/x-is-base-class",
    "/components/schemas/Widget/properties/name/customTypePath",
    "/components/schemas/Widget/properties/colour/x-python-type",
    "/components/schemas/Widget/properties/part/x-python-import",
    "/components/schemas/Widget/properties/either/anyOf/0/x-python-union-branch",
    "/components/schemas/Widget/properties/either/anyOf/1/x-is-classvar",
    "/components/schemas/Gadget/x-python-import",
    "/components/schemas/Gadget/x-datamodel-code-generator-field-name",
    "/paths/~1widgets/get/parameters/0/schema/customTypePath",
    "/paths/~1widgets/post/requestBody/content/application~1json/schema/properties/size/x-python-type",
    "/paths/~1widgets/post/responses/200/content/application~1json/schema/properties/id/customTypePath",
    "/paths/~1widgets/post/responses/200/content/application~1json/schema/properties/tags/items/x-python-type",
}

USE = """
import importlib, json, sys
package = importlib.import_module(sys.argv[1])
importlib.import_module(sys.argv[1] + ".models")
client = package.Client(base_url="http://127.0.0.1:9")
for resource in {op["resource"] for op in json.load(open(package.__path__[0] + "/manifest.json"))["operations"]}:
    getattr(client, resource)
models = importlib.import_module(sys.argv[1] + ".models")
widget = models.Widget.model_validate({"name": "n", "customTypePath": "kept"})
print(type(widget).__mro__[1].__module__, widget.model_dump(by_alias=True, exclude_none=True))
"""


def _canary_module(root: Path, canary: Path) -> Path:
    package = root / CANARY
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(
        f"open({str(canary)!r}, 'w').write('imported')\nThing = str\nclass Base:\n    pass\n"
    )
    return root


def test_code_keywords_never_become_imports_or_code(tmp_path: Path) -> None:
    spec = tmp_path / "keywords.json"
    spec.write_text(json.dumps(_document()))
    out = tmp_path / "out"
    canary = tmp_path / "canary"
    plugins = _canary_module(tmp_path / "plugins", canary)

    assert main(["generate", str(spec), "--out", str(out)]) == 0
    for path in out.rglob("*"):
        if path.is_file() and path.name != "source-document.json":
            assert CANARY not in path.read_text(encoding="utf-8"), path
    manifest = json.loads(next(out.glob("*/manifest.json")).read_text())
    omitted = {o["pointer"] for o in manifest["omitted"] if o["code"] == "code-keyword"}
    assert omitted == EXPECTED_OMITTED

    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(out), str(plugins)]),
    }
    result = subprocess.run(
        [sys.executable, "-c", USE, manifest["package"]["import"]],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    # the base class is the package's own model base, never one the document named
    assert (
        result.stdout.strip()
        == "keywords_client._model_base {'name': 'n', 'customTypePath': 'kept'}"
    )
    assert not canary.exists(), "document text ran on import"

    # The canary does work: importing the module the keywords name leaves the file.
    subprocess.run([sys.executable, "-c", f"import {CANARY}"], env=env, check=True)
    assert canary.exists()
