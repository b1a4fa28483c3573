"""Versions and changelogs of regenerated clients, the --check drift gate, release checks."""

from __future__ import annotations

import copy
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main

REPO = Path(__file__).resolve().parents[1]
OK = {
    "200": {
        "description": "ok",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}},
    }
}


def document(**changes: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "openapi": "3.0.1",
        "info": {"title": "items", "version": "1"},
        "servers": [{"url": "https://abc.execute-api.us-east-1.amazonaws.com/prod"}],
        "paths": {
            "/items": {
                "get": {"operationId": "listItems", "summary": "List items", "responses": OK}
            },
            "/items/{id}": {
                "get": {
                    "operationId": "getItem",
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                    ],
                    "responses": OK,
                }
            },
        },
        "components": {
            "schemas": {"Item": {"type": "object", "properties": {"id": {"type": "string"}}}}
        },
    }
    for key, value in changes.items():
        doc[key] = value
    return doc


def write(path: Path, doc: dict[str, Any]) -> Path:
    path.write_text(json.dumps(doc))
    return path


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def version_of(out: Path) -> str:
    return str(
        json.loads((out / "items_client" / "manifest.json").read_text())["package"]["version"]
    )


def test_first_generation_records_version_and_document(tmp_path: Path) -> None:
    spec = write(tmp_path / "items.json", document())
    out = tmp_path / "client"
    assert main(["generate", str(spec), "--out", str(out)]) == 0
    assert version_of(out) == "0.1.0"
    assert (out / "source-document.json").read_bytes() == spec.read_bytes()
    changelog = (out / "CHANGELOG.md").read_text()
    assert changelog.startswith("# Changelog\n\n## 0.1.0\n")


def test_identical_input_changes_no_byte(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = write(tmp_path / "items.json", document())
    out = tmp_path / "client"
    main(["generate", str(spec), "--out", str(out)])
    before = tree(out)
    mtimes = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    capsys.readouterr()
    assert main(["generate", str(spec), "--out", str(out)]) == 0
    assert "up to date (version 0.1.0); nothing written" in capsys.readouterr().out
    assert tree(out) == before and {p: p.stat().st_mtime_ns for p in out.rglob("*")} == mtimes


def test_equivalent_document_in_another_form_changes_no_byte(tmp_path: Path) -> None:
    spec = write(tmp_path / "items.json", document())
    out = tmp_path / "client"
    main(["generate", str(spec), "--out", str(out)])
    before = tree(out)
    reordered = tmp_path / "items.yaml"
    reordered.write_text(yaml.safe_dump(json.loads(spec.read_text()), sort_keys=True))
    assert main(["generate", str(reordered), "--out", str(out)]) == 0
    assert tree(out) == before


@pytest.mark.parametrize(
    ("initial", "edit", "expected", "rule", "heading"),
    [
        ("0.1.0", "remove-operation", "0.2.0", "operation-removed", "### Breaking changes"),
        ("1.4.2", "remove-operation", "2.0.0", "operation-removed", "### Breaking changes"),
        ("1.4.2", "add-operation", "1.5.0", "operation-added", "### Other changes"),
        ("1.4.2", "summary", "1.4.3", "operation-summary-changed", "### Other changes"),
    ],
)
def test_changes_bump_the_version_and_add_a_changelog_entry(
    tmp_path: Path, initial: str, edit: str, expected: str, rule: str, heading: str
) -> None:
    out = tmp_path / "client"
    base = document()
    main(
        [
            "generate",
            str(write(tmp_path / "v1.json", base)),
            "--out",
            str(out),
            "--package-version",
            initial,
        ]
    )
    assert version_of(out) == initial
    changed = copy.deepcopy(base)
    if edit == "remove-operation":
        del changed["paths"]["/items/{id}"]
    elif edit == "add-operation":
        changed["paths"]["/items"]["post"] = {"operationId": "createItem", "responses": OK}
    else:
        changed["paths"]["/items"]["get"]["summary"] = "List every item"
    assert main(["generate", str(write(tmp_path / "v2.json", changed)), "--out", str(out)]) == 0
    assert version_of(out) == expected
    assert f'version = "{expected}"' in (out / "pyproject.toml").read_text()
    changelog = (out / "CHANGELOG.md").read_text()
    newest, older = changelog.split(f"## {initial}")
    assert newest.startswith(f"# Changelog\n\n## {expected}\n")
    assert heading in newest and f"({rule})" in newest
    assert "Generated from the items document" in older


def test_check_is_a_drift_gate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "client"
    spec = write(tmp_path / "items.json", document())
    assert main(["generate", str(spec), "--out", str(out), "--check"]) == 1
    assert not out.exists(), "--check writes nothing"
    main(["generate", str(spec), "--out", str(out)])
    assert main(["generate", str(spec), "--out", str(out), "--check"]) == 0
    changed = document()
    del changed["paths"]["/items/{id}"]
    before = tree(out)
    capsys.readouterr()
    assert (
        main(["generate", str(write(tmp_path / "v2.json", changed)), "--out", str(out), "--check"])
        == 1
    )
    err = capsys.readouterr().err
    assert "out of date" in err and "items_client/resources/items.py" in err
    assert tree(out) == before


@pytest.mark.parametrize(
    ("api", "expected"),
    [
        ("orders", ("operation-removed", "POST /orders/{orderId}/cancel")),
        ("pricing", ("request-property-became-required", "POST /quotes")),
    ],
)
def test_fleet_dev_to_prod_breaking_changes(
    api: str, expected: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    """The deploy-time exports of the example fleet's stages (specs/<api>/dev.json, prod.json)."""
    specs = REPO / "specs" / api
    assert (
        main(
            [
                "diff",
                str(specs / "dev.json"),
                str(specs / "prod.json"),
                "--format",
                "json",
                "--fail-on",
                "breaking",
            ]
        )
        == 1
    )
    report = json.loads(capsys.readouterr().out)
    assert report["bump"] == "major"
    breaking = [(c["id"], c["operation"]) for c in report["changes"] if c["level"] == "breaking"]
    assert breaking == [expected]


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def test_release_check_needs_a_major_bump_for_breaking_changes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "specs" / "items").mkdir(parents=True)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.sdkgen]\n[tool.sdkgen.apis.items]\npackage = "items-client"\nstage = "prod"\n'
    )
    spec = write(tmp_path / "specs" / "items" / "prod.json", document())
    out = tmp_path / "generated_clients" / "items"
    config = str(tmp_path / "pyproject.toml")
    main(
        [
            "generate",
            str(spec),
            "--out",
            str(out),
            "--name",
            "items-client",
            "--package-version",
            "1.0.0",
        ]
    )
    git(tmp_path, "init", "-q")
    git(tmp_path, "-c", "user.email=a@b", "-c", "user.name=a", "add", "-A")
    git(tmp_path, "-c", "user.email=a@b", "-c", "user.name=a", "commit", "-qm", "release 1.0.0")
    git(tmp_path, "tag", "v1.0.0")
    assert main(["release-check", "--config", config]) == 0

    changed = document()
    del changed["paths"]["/items/{id}"]
    write(spec, changed)
    # specs changed, client not regenerated: the version still says 1.0.0
    assert main(["release-check", "--config", config]) == 1
    assert "FAILED: 1 change(s) at the gate's level (breaking) need a new major version" in (
        capsys.readouterr().out
    )
    # regenerating bumps the major version, which acknowledges the break
    main(["generate", str(spec), "--out", str(out), "--name", "items-client"])
    assert version_of(out) == "2.0.0"
    assert main(["release-check", "--config", config, "--base", "v1.0.0"]) == 0
