"""Write a complete, pip-installable project for one API, atomically."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator import GENERATOR_NAME, __version__, ir
from generator.errors import SdkgenError, UsageError
from generator.naming import markdown_text, toml_string
from generator.render.code import (
    PackageNames,
    example_call,
    render_client,
    render_init,
    render_resource,
)
from generator.render.jinja import render
from generator.render.models import render_models

RUNTIME_SOURCE = Path(__file__).parent / "runtime" / "_base.py"
MANIFEST_NAME = "manifest.json"
RUNTIME_DEPENDENCIES = ("httpx>=0.27,<1", "pydantic>=2.7,<3")


@dataclass(frozen=True)
class GeneratedFiles:
    """Relative path -> content of every file of a generated project."""

    files: dict[str, str]


def manifest(api: ir.Api, names: PackageNames, sha256: str) -> dict[str, Any]:
    schemes = {s.key: s for s in api.security_schemes}
    return {
        "generator": {"name": GENERATOR_NAME, "version": __version__},
        "document": {"sha256": sha256, "title": api.title, "version": api.version},
        "package": {"name": names.dist_name, "import": names.import_name, "version": names.version},
        "operations": [
            {
                "operation_id": op.operation_id,
                "method": op.method,
                "path": op.document_path,
                "resource": op.resource,
                "python_name": op.python_name,
                "parameters": [
                    {
                        "name": p.wire_name,
                        "python_name": p.python_name,
                        "in": p.location,
                        "required": p.required,
                        "type": p.type.annotation,
                    }
                    for p in op.parameters
                ],
                "body": None
                if op.body is None
                else {
                    "python_name": op.body.python_name,
                    "required": op.body.required,
                    "media_type": op.body.media_type,
                    "model": op.body.type.models[0] if op.body.type.models else None,
                    "type": op.body.type.annotation,
                },
                "returns": op.returns.annotation,
                "errors": {r.status: r.type.annotation if r.type else None for r in op.errors},
                "security": [
                    [
                        {"scheme": key, "kind": schemes[key].kind}
                        for key in alternative
                        if key in schemes
                    ]
                    for alternative in op.security
                ],
            }
            for op in api.operations
        ],
        "models": [
            {"class": m.class_name, "schema": m.schema_name, "pointer": m.pointer}
            for m in api.models
        ],
        "security_schemes": [
            {"scheme": s.key, "kind": s.kind, "in": s.location, "name": s.wire_name}
            for s in api.security_schemes
        ],
        "omitted": [
            {"pointer": d.pointer, "code": d.code, "message": d.message} for d in api.omissions
        ],
    }


def _readme(api: ir.Api, names: PackageNames) -> str:
    server = api.servers[0] if api.servers else None
    kinds = api.auth_kinds
    client_args = []
    if server is None:
        client_args.append('base_url="https://..."')
    if "api_key" in kinds:
        client_args.append('api_key="..."')
    if kinds & {"cognito", "lambda", "jwt", "bearer", "oauth2"}:
        client_args.append('token="..."')
    resources = [
        {
            "python_name": r.python_name,
            "operations": [
                {
                    "python_name": op.python_name,
                    "method": op.method,
                    "document_path_md": op.document_path.replace("|", "\\|").replace("`", "'"),
                    "summary_md": markdown_text(op.summary or op.description, limit=120),
                }
                for op in r.operations
            ],
            "example": example_call(r.operations[0]),
        }
        for r in api.resources
    ]
    return render(
        "README.md.j2",
        title_md=markdown_text(api.title),
        api_version_md=markdown_text(api.version),
        generator=GENERATOR_NAME,
        generator_version=__version__,
        dist_name=names.dist_name,
        import_name=names.import_name,
        env_prefix=names.env_prefix,
        client_args=", ".join(client_args),
        default_base_url=server.url if server else None,
        default_stage=server.stage if server else None,
        uses_api_key="api_key" in kinds,
        uses_token=bool(kinds & {"cognito", "lambda", "jwt", "bearer", "oauth2"}),
        resources=resources,
        omissions=[
            {"pointer": o.pointer.replace("`", "'"), "message": markdown_text(o.message)}
            for o in api.omissions
        ],
    )


def render_project(api: ir.Api, names: PackageNames, sha256: str) -> GeneratedFiles:
    pkg = names.import_name
    files: dict[str, str] = {
        "pyproject.toml": render(
            "pyproject.toml.j2",
            dist_name_toml=toml_string(names.dist_name),
            version_toml=toml_string(names.version),
            description_toml=toml_string(f"Typed Python client for {api.title}"[:200]),
            dependencies=[toml_string(d) for d in RUNTIME_DEPENDENCIES],
            import_name_toml=toml_string(pkg),
            generator_toml=toml_string(GENERATOR_NAME),
            generator_version_toml=toml_string(__version__),
            sha_toml=toml_string(sha256),
        ),
        "README.md": _readme(api, names),
        "CHANGELOG.md": render(
            "CHANGELOG.md.j2",
            version=names.version,
            title_md=markdown_text(api.title),
            api_version_md=markdown_text(api.version),
            sha_short=sha256[:12],
        ),
        f"{pkg}/__init__.py": render_init(api, names),
        f"{pkg}/_base.py": RUNTIME_SOURCE.read_text(encoding="utf-8"),
        f"{pkg}/_client.py": render_client(api, names),
        f"{pkg}/models.py": render_models(api.model_schemas, api.title),
        f"{pkg}/py.typed": "",
        f"{pkg}/resources/__init__.py": '"""Resources of the client, one module each."""\n',
        f"{pkg}/{MANIFEST_NAME}": json.dumps(
            manifest(api, names, sha256), indent=2, sort_keys=False
        )
        + "\n",
    }
    for resource in api.resources:
        files[f"{pkg}/resources/{resource.module}.py"] = render_resource(resource)
    return GeneratedFiles(files)


def _ruff() -> str:
    from ruff.__main__ import find_ruff_bin  # type: ignore[import-untyped]

    return str(find_ruff_bin())


def format_python(root: Path) -> None:
    """ruff, with the generated project's own settings: apply safe fixes, then format."""
    ruff = _ruff()
    settings = ["--no-cache", "--config", str(root / "pyproject.toml")]
    checks = [ruff, "check", "--fix-only", "--quiet", *settings, str(root)]
    fmt = [ruff, "format", "--quiet", *settings, str(root)]
    for cmd in (checks, fmt):
        result = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise SdkgenError(
                "formatting generated code failed: "
                + (result.stderr.strip() or result.stdout.strip())
            )


def _is_generated_project(path: Path) -> bool:
    if not (path / "pyproject.toml").is_file():
        return False
    text = (path / "pyproject.toml").read_text(encoding="utf-8", errors="replace")
    return "[tool.sdkgen]" in text


def write_project(project: GeneratedFiles, out: Path) -> None:
    """Write all files into a fresh directory, then swap it in place of ``out``.

    A failure at any step leaves an existing ``out`` untouched. An existing ``out`` that holds
    anything but a previous sdkgen project is never replaced.
    """
    out = out.resolve()
    if out.exists():
        if not out.is_dir():
            raise UsageError(f"{out}: exists and is not a directory")
        if any(out.iterdir()) and not _is_generated_project(out):
            raise UsageError(
                f"{out}: exists and is not a generated client; refusing to overwrite it"
            )
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    try:
        for relative, content in sorted(project.files.items()):
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8", newline="\n")
        format_python(staging)
        _swap(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _swap(staging: Path, out: Path) -> None:
    if not out.exists():
        os.replace(staging, out)
        return
    if _same_tree(staging, out):
        shutil.rmtree(staging)
        return
    backup = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".old", dir=out.parent))
    backup.rmdir()
    os.replace(out, backup)
    try:
        os.replace(staging, out)
    except BaseException:
        os.replace(backup, out)
        raise
    shutil.rmtree(backup, ignore_errors=True)


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def _same_tree(a: Path, b: Path) -> bool:
    return _tree(a) == _tree(b)


def python_executable() -> str:
    return sys.executable
