"""The generate command: complete projects, deterministic bytes, atomic writes, clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cli import main
from generator.parse import build_api
from generator.render import package as package_module
from generator.render.models import model_files
from generator.spec.normalize import normalize

REPO = Path(__file__).resolve().parents[1]
ORDERS = REPO / "tests" / "fixtures" / "fleet" / "orders" / "prod.json"


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_generate_writes_a_complete_project(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "orders"
    assert (
        main(
            [
                "generate",
                str(ORDERS),
                "--out",
                str(out),
                "--name",
                "orders-client",
                "--package-version",
                "1.2.3",
            ]
        )
        == 0
    )
    files = set(tree(out))
    assert {
        "pyproject.toml",
        "README.md",
        "CHANGELOG.md",
        "orders_client/__init__.py",
        "orders_client/_base_client.py",
        "orders_client/_exceptions.py",
        "orders_client/_client.py",
        "orders_client/models.py",
        "orders_client/py.typed",
        "orders_client/manifest.json",
        "orders_client/resources/__init__.py",
        "orders_client/resources/orders.py",
    } <= files
    manifest = json.loads((out / "orders_client" / "manifest.json").read_text())
    assert manifest["package"] == {
        "name": "orders-client",
        "import": "orders_client",
        "version": "1.2.3",
    }
    assert manifest["generator"]["name"] == "sdkgen"
    import hashlib

    assert manifest["document"]["sha256"] == hashlib.sha256(ORDERS.read_bytes()).hexdigest()
    create = next(op for op in manifest["operations"] if op["operation_id"] == "createOrder")
    assert create["method"] == "POST" and create["path"] == "/orders"
    arguments = create["body"].pop("arguments")
    assert create["body"] == {
        "python_name": "body",
        "required": True,
        "media_type": "application/json",
        "model": "NewOrder",
        "type": "NewOrder",
    }
    # the JSON object's properties are keyword arguments too
    assert {"name": "customerId", "python_name": "customer_id", "required": True} in arguments
    assert create["security"] == [[{"scheme": "api_key", "kind": "api_key"}]]
    assert {
        "name": "X-Request-Id",
        "python_name": "x_request_id",
        "in": "header",
        "required": False,
        "type": "str",
    } in create["parameters"]
    assert 'version = "1.2.3"' in (out / "pyproject.toml").read_text()
    assert "generated" in capsys.readouterr().out


def test_regenerating_is_byte_identical(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    assert main(["generate", str(ORDERS), "--out", str(first)]) == 0
    assert main(["generate", str(ORDERS), "--out", str(second)]) == 0
    assert tree(first) == tree(second)
    before = {p: p.stat().st_mtime_ns for p in first.rglob("*") if p.is_file()}
    assert main(["generate", str(ORDERS), "--out", str(first)]) == 0
    after = {p: p.stat().st_mtime_ns for p in first.rglob("*") if p.is_file()}
    assert before == after, "an unchanged regeneration must not rewrite files"


def test_committed_clients_are_up_to_date(tmp_path: Path) -> None:
    from generator.config import load_config
    from generator.pipeline import generate

    config = load_config(REPO / "pyproject.toml")
    for api in config.apis:
        out = tmp_path / api.name
        generate(api.spec_path(config.specs_dir), out, name=api.package, version=api.version)
        assert tree(out) == tree(config.output_dir / api.name), (
            f"generated_clients/{api.name} is stale: run nox -s generate"
        )


def test_a_failing_run_leaves_the_previous_output_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "orders"
    assert main(["generate", str(ORDERS), "--out", str(out)]) == 0
    before = tree(out)

    def broken(root: Path) -> None:
        raise package_module.SdkgenError("formatting generated code failed: simulated")

    monkeypatch.setattr(package_module, "format_python", broken)
    assert (
        main(
            [
                "generate",
                str(REPO / "tests" / "fixtures" / "fleet" / "pricing" / "prod.yaml"),
                "--out",
                str(out),
            ]
        )
        == 1
    )
    assert tree(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["orders"], (
        "no staging directory may be left behind"
    )


def test_an_unrelated_directory_is_never_overwritten(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("precious")
    assert main(["generate", str(ORDERS), "--out", str(out)]) == 1
    assert (out / "notes.txt").read_text() == "precious"
    assert "refusing to overwrite" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("content", "exit_code", "message"),
    [
        (b'{"openapi": "3.0.1", "info": {', 1, "invalid JSON at line 1"),
        (b"- just\n- a list\n", 1, "expected a mapping"),
        (b'{"info": {"title": "x"}}', 1, "not an OpenAPI or Swagger document"),
        (
            b'{"openapi": "3.0.1", "info": {"title": "x", "version": "1"}, "paths": {}}',
            1,
            "no operations",
        ),
    ],
)
def test_bad_documents_are_rejected_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, exit_code: int, message: str
) -> None:
    spec = tmp_path / "doc.json"
    spec.write_bytes(content)
    out = tmp_path / "out"
    assert main(["generate", str(spec), "--out", str(out)]) == exit_code
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not out.exists()


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["generate", str(tmp_path / "missing.json"), "--out", str(tmp_path / "o")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["generate", str(ORDERS)]) == 2
    assert "--out" in capsys.readouterr().err
    assert main(["frobnicate"]) == 2


def test_omissions_are_listed_in_manifest_and_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "doc.json"
    spec.write_text(
        json.dumps(
            {
                "openapi": "3.0.1",
                "info": {"title": "x", "version": "1"},
                "paths": {
                    "/a": {
                        "get": {
                            "responses": {
                                "200": {
                                    "description": "ok",
                                    "content": {
                                        "application/json": {
                                            "schema": {"$ref": "#/components/schemas/Missing"}
                                        }
                                    },
                                }
                            }
                        }
                    }
                },
            }
        )
    )
    out = tmp_path / "out"
    assert main(["generate", str(spec), "--out", str(out)]) == 0
    manifest = json.loads((out / "x_client" / "manifest.json").read_text())
    assert [(o["code"], o["untyped"]) for o in manifest["omitted"]] == [("unresolved-ref", True)]
    assert "unresolved-ref" in capsys.readouterr().err
    assert "## Not generated" in (out / "README.md").read_text()


def test_string_formats_that_need_extra_packages_stay_str() -> None:
    doc = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {
            "schemas": {
                "Contact": {
                    "type": "object",
                    "properties": {
                        "email": {"type": "string", "format": "email"},
                        "site": {"type": "string", "format": "uri"},
                    },
                }
            }
        },
    }
    source = model_files(build_api(normalize(doc).document))["models.py"]
    assert "EmailStr" not in source and "AnyUrl" not in source
    assert "email: str | None" in source and "site: str | None" in source
