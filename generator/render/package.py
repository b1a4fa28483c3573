"""Render a complete, pip-installable project for one API, and write it (see ``outdir``)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import GENERATOR_NAME, __version__, ir
from generator.errors import SdkgenError
from generator.naming import markdown_text, toml_string
from generator.prism import PRISM_PACKAGE, PRISM_VERSION
from generator.render.code import (
    PackageNames,
    example_call,
    marks_deprecated,
    render_client,
    render_init,
    render_resource,
)
from generator.render.jinja import render
from generator.render.model_modules import MODELS_PACKAGE
from generator.render.models import model_files
from generator.render.outdir import (
    MANIFEST_NAME,
    SOURCE_DOCUMENT,
    check_replaceable,
    new_staging,
    replace,
)
from generator.render.tests import render_tests

RUNTIME_DIR = Path(__file__).parent / "runtime"
RUNTIME_DEPENDENCIES = ("httpx>=0.27,<1", "pydantic>=2.7,<3")
DEPRECATION_DEPENDENCY = "typing-extensions>=4.5"  # typing_extensions.deprecated (PEP 702)
SIGV4_DEPENDENCY = "botocore>=1.34"


@dataclass(frozen=True)
class GeneratedFiles:
    """Relative path -> content of every file of a generated project."""

    files: dict[str, str]
    binary: dict[str, bytes] = field(default_factory=dict)  # written byte for byte
    # every file once formatted (filled by the first staging; later ones copy it)
    formatted: dict[str, bytes] = field(default_factory=dict, compare=False, repr=False)


def manifest(api: ir.Api, names: PackageNames, sha256: str) -> dict[str, Any]:
    """What the package is: generator, document, package names, and every operation (its
    resource, method, argument names, deprecated aliases, security), model and omission. The
    next generation reads the names back, so regenerating never renames what exists
    (:mod:`generator.builder.pins`)."""
    schemes = {s.key: s for s in api.security_schemes}
    aliases: dict[str, list[dict[str, str]]] = {}
    for alias in api.aliases:
        aliases.setdefault(alias.target.pointer, []).append(
            {"resource": alias.resource, "name": alias.name}
        )
    return {
        "generator": {"name": GENERATOR_NAME, "version": __version__},
        "document": {"sha256": sha256, "title": api.title, "version": api.version},
        "package": {"name": names.dist_name, "import": names.import_name, "version": names.version},
        "naming": {"scheme": api.naming_scheme},
        "operations": [
            {
                "operation_id": op.operation_id,
                "given_operation_id": op.given_operation_id,
                "method": op.method,
                "path": op.document_path,
                "resource": op.resource,
                "python_name": op.python_name,
                "aliases": aliases.get(op.pointer, []),
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
                    "arguments": [
                        {"name": a.wire_name, "python_name": a.python_name, "required": a.required}
                        for a in op.body.arguments
                    ],
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
            {
                "pointer": d.pointer,
                "code": d.code,
                "message": d.message,
                "untyped": d.code in ir.UNTYPED_OMISSIONS,
            }
            for d in api.omissions
        ],
    }


def manifest_text(data: dict[str, Any]) -> str:
    """The manifest as JSON, one line per operation, model and omission: readable, and fast to
    write for APIs of thousands of operations (indented output goes through Python's slow
    JSON encoder)."""
    lines = ["{"]
    for index, (key, value) in enumerate(data.items()):
        comma = "," if index < len(data) - 1 else ""
        if isinstance(value, list) and value:
            items = ",\n".join("    " + json.dumps(item) for item in value)
            lines.append(f"  {json.dumps(key)}: [\n{items}\n  ]{comma}")
        else:
            lines.append(f"  {json.dumps(key)}: {json.dumps(value)}{comma}")
    return "\n".join(lines) + "\n}\n"


TOKEN_KINDS = frozenset({"cognito", "lambda", "jwt", "bearer", "oauth2", "basic"})
_KIND_LABELS = {
    "cognito": "Cognito user pool authorizer",
    "lambda": "Lambda authorizer",
    "jwt": "JWT authorizer",
    "bearer": "bearer token",
    "oauth2": "OAuth 2 / OpenID Connect",
    "basic": "HTTP basic",
}


def dependencies(api: ir.Api) -> list[str]:
    """The generated package's requirements: botocore only for APIs with IAM (SigV4) auth."""
    deps = list(RUNTIME_DEPENDENCIES)
    if "sigv4" in api.auth_kinds:
        deps.append(SIGV4_DEPENDENCY)
    if api.aliases or any(marks_deprecated(op) for op in api.operations):
        deps.append(DEPRECATION_DEPENDENCY)
    return deps


def _example_operation(api: ir.Api) -> ir.Operation:
    """The operation README snippets call: a GET without a required body, when there is one."""
    ops = api.operations
    for predicate in (
        lambda op: op.method == "GET" and op.returns.annotation != "None",
        lambda op: op.method == "GET",
        lambda op: op.body is None or not op.body.required,
    ):
        for op in ops:
            if predicate(op):
                return op
    return ops[0]


def _multipart_example(api: ir.Api, op: ir.Operation) -> str:
    """``body={...}`` for a multipart operation: each file field a (name, bytes, type) tuple."""
    assert op.body is not None
    fields: list[str] = []
    name = op.body.type.models[0] if op.body.type.models else None
    model = api.model(name) if name else None
    for item in model.fields[:4] if model is not None else ():
        type_ = item.type
        if isinstance(type_, ir.UnionType):
            type_ = next((m for m in type_.members if not isinstance(m, ir.NoneType)), type_)
        if isinstance(type_, ir.ScalarType) and type_.kind == "bytes":
            value = '("photo.png", data, "image/png")'
        elif isinstance(type_, ir.ListType):
            value = '["..."]'
        else:
            value = '"..."'
        fields.append(f"{json.dumps(item.wire_name)}: {value}")
    if not fields:
        fields.append('"file": ("photo.png", data, "image/png")')
    return "{" + ", ".join(fields) + "}"


def _summary_fallback(op: ir.Operation) -> str:
    """A sentence for an operation the document does not describe."""
    verbs = {
        "GET": "Get",
        "POST": "Post to",
        "PUT": "Replace",
        "PATCH": "Update",
        "DELETE": "Delete",
        "HEAD": "Check",
        "OPTIONS": "Options of",
        "ANY": "Any method on",
    }
    return f"{verbs.get(op.method, op.method)} {op.document_path}."


def _type_md(type_: ir.TypeRef) -> str:
    return "`" + type_.annotation.replace("|", "\\|").replace("`", "'") + "`"


def _returns_md(op: ir.Operation) -> str:
    if op.pagination is not None:
        return f"pages of {_type_md(op.pagination.item_type)}"
    return "-" if op.returns.annotation == "None" else _type_md(op.returns)


def _readme_call(op: ir.Operation) -> str:
    """A call of ``op`` with what it returns: a loop over the items of a paginated one."""
    if op.pagination is not None:
        item = op.pagination.item_type.annotation
        return f"for item in {example_call(op, assign=False)}:  # {item}, page after page\n    ..."
    if op.returns.annotation == "None":
        return example_call(op)
    return f"{example_call(op)}  # {op.returns.annotation}"


def _readme(api: ir.Api, names: PackageNames, tests_document: str | None = None) -> str:
    server = api.servers[0] if api.servers else None
    kinds = api.auth_kinds
    client_args = []
    if server is None:
        client_args.append('base_url="https://..."')
    if "api_key" in kinds:
        client_args.append('api_key="..."')
    if kinds & TOKEN_KINDS:
        client_args.append('token="..."')
    used = {key for op in api.operations for alt in op.security for key in alt}
    token_schemes = [
        {
            "key": markdown_text(s.key),
            "label": _KIND_LABELS[s.kind],
            "where": f"`{s.wire_name}` {s.location}",
            "form": f"`{s.prefix}<token>`" if s.prefix else "the raw token",
        }
        for s in api.security_schemes
        if s.kind in TOKEN_KINDS and s.key in used
    ]
    combined = any(
        len(op.security) > 1 or any(len(alt) > 1 for alt in op.security) for op in api.operations
    )
    resources = [
        {
            "python_name": r.dotted,
            "operations": [
                {
                    "python_name": op.python_name,
                    "method": op.method,
                    "document_path_md": op.document_path.replace("|", "\\|").replace("`", "'"),
                    "summary_md": markdown_text(
                        op.summary or op.description or _summary_fallback(op), limit=120
                    ),
                    "body_md": _type_md(op.body.type) if op.body else "-",
                    "returns_md": _returns_md(op),
                    "call": _readme_call(op),
                }
                for op in r.operations
            ],
        }
        for r in api.resources
        if r.operations
    ]
    aliases = [
        {
            "old": f"client.{a.resource}.{a.name}",
            "new": f"client.{a.target.resource}.{a.target.python_name}",
        }
        for a in api.aliases
    ]
    example = _example_operation(api)
    binary_in = next(
        (op for op in api.operations if op.body is not None and op.body.kind == "binary"), None
    )
    binary_out = next((op for op in api.operations if op.returns.annotation == "bytes"), None)
    multipart = next(
        (op for op in api.operations if op.body is not None and op.body.kind == "multipart"), None
    )
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
        uses_token=bool(kinds & TOKEN_KINDS),
        uses_sigv4="sigv4" in kinds,
        token_schemes=token_schemes,
        combined_requirements=combined,
        resources=resources,
        aliases=aliases,
        example_call=example_call(example, assign=False),
        example_raw_call=example_call(example, assign=False, via="with_raw_response."),
        example_no_retries=example_call(example, assign=False, overrides={"max_retries": "0"}),
        example_idempotent=example_call(example, assign=False, overrides={"idempotent": "True"}),
        example_timeout=example_call(example, assign=False, overrides={"timeout": "2.5"}),
        example_extra=example_call(
            example,
            assign=False,
            overrides={
                "extra_headers": '{"X-Trace-Id": "abc"}',
                "extra_query": '{"debug": "1"}',
            },
        ),
        binary_in_call=None
        if binary_in is None or binary_in.body is None
        else example_call(binary_in, assign=False, overrides={binary_in.body.python_name: "data"}),
        binary_in_media=binary_in.body.media_type if binary_in and binary_in.body else None,
        binary_out_call=None if binary_out is None else example_call(binary_out, assign=False),
        multipart_call=None
        if multipart is None or multipart.body is None
        else example_call(
            multipart,
            assign=False,
            overrides={multipart.body.python_name: _multipart_example(api, multipart)},
        ),
        omissions=[
            {"pointer": o.pointer.replace("`", "'"), "message": markdown_text(o.message)}
            for o in api.omissions
        ],
        tests_document=tests_document,
        prism_package=f"{PRISM_PACKAGE}@{PRISM_VERSION}",
    )


def render_project(
    api: ir.Api,
    names: PackageNames,
    sha256: str,
    *,
    changelog: str | None = None,
    source: tuple[str, bytes] | None = None,
    documents: tuple[Mapping[str, Any], Mapping[str, Any]] | None = None,
) -> GeneratedFiles:
    """Every file of the project. ``changelog`` replaces the first-release CHANGELOG;
    ``source`` (suffix, bytes) is the input document, kept for the next version's diff;
    ``documents`` (normalized, as written) add the tests under ``tests/``."""
    if not api.complete:
        raise ValueError("an IR built for comparing (models=False) cannot be rendered")
    pkg = names.import_name
    tests = None
    if source is not None and documents is not None:
        tests = render_tests(api, names, *documents, SOURCE_DOCUMENT + source[0])
    models = model_files(api)
    lazy_models = "models.pyi" in models
    files: dict[str, str] = {
        "pyproject.toml": render(
            "pyproject.toml.j2",
            dist_name_toml=toml_string(names.dist_name),
            version_toml=toml_string(names.version),
            description_toml=toml_string(f"Typed Python client for {api.title}"[:200]),
            dependencies=[toml_string(d) for d in dependencies(api)],
            import_name_toml=toml_string(pkg),
            generator_toml=toml_string(GENERATOR_NAME),
            generator_version_toml=toml_string(__version__),
            sha_toml=toml_string(sha256),
            lazy_models=lazy_models,
        ),
        "README.md": _readme(api, names, tests.mock_document if tests else None),
        "CHANGELOG.md": changelog
        if changelog is not None
        else render(
            "CHANGELOG.md.j2",
            version=names.version,
            title_md=markdown_text(api.title),
            api_version_md=markdown_text(api.version),
            sha_short=sha256[:12],
        ),
        f"{pkg}/__init__.py": render_init(api, names),
        f"{pkg}/_client.py": render_client(api, names),
        f"{pkg}/py.typed": "",
        f"{pkg}/resources/__init__.py": '"""Resources of the client, one module each."""\n',
        f"{pkg}/{MANIFEST_NAME}": manifest_text(manifest(api, names, sha256)),
    }
    for relative, text in runtime_files().items():
        files[f"{pkg}/{relative}"] = text
    for relative, text in models.items():
        files[f"{pkg}/{relative}"] = text
    for resource in api.resources:
        files[f"{pkg}/resources/{resource.module}.py"] = render_resource(
            resource, lazy_models=lazy_models, api=api
        )
    binary: dict[str, bytes] = {}
    if source is not None:
        suffix, content = source
        binary[SOURCE_DOCUMENT + suffix] = content
    if tests is not None:
        files.update(tests.files)
    return GeneratedFiles(files, binary)


def runtime_files() -> dict[str, str]:
    """The runtime: every module of ``generator/render/runtime/``, copied unchanged."""
    return {
        path.name: path.read_text(encoding="utf-8")
        for path in sorted(RUNTIME_DIR.glob("_*.py"))
        if path.name != "__init__.py"
    }


def _ruff() -> str:
    from ruff.__main__ import find_ruff_bin  # type: ignore[import-untyped]

    return str(find_ruff_bin())


def format_python(root: Path) -> None:
    """ruff, with the generated project's own settings: apply safe fixes, then format."""
    ruff = _ruff()
    settings = ["--no-cache", "--config", str(root / "pyproject.toml")]
    # the models are written lint-clean (imports sorted, only those used): formatting them is
    # enough, and they are most of a big API's code (models.pyi, one line per model, is fixed
    # like the rest: ruff's natural order of names is its own)
    packages = sorted(p.name for p in root.iterdir() if (p / MANIFEST_NAME).is_file())
    excluded = ",".join(f"{p}/models.py,{p}/{MODELS_PACKAGE}" for p in packages)
    models = ["--extend-exclude", excluded] if excluded else []
    checks = [ruff, "check", "--fix-only", "--quiet", *settings, *models, str(root)]
    fmt = [ruff, "format", "--quiet", *settings, str(root)]
    for cmd in (checks, fmt):
        result = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise SdkgenError(
                "formatting generated code failed: "
                + (result.stderr.strip() or result.stdout.strip())
            )


def write_project(project: GeneratedFiles, out: Path) -> None:
    """Write all files into a staging directory beside ``out``, then put it in ``out``'s place.

    A failure at any step (or a kill) leaves an existing ``out`` whole; an ``out`` that is not a
    client sdkgen generated is never replaced (:mod:`generator.render.outdir`). Call it with
    ``out``'s lock held.
    """
    out = out.resolve()
    check_replaceable(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = new_staging(out)
    try:
        stage_project(project, staging)
        if os.path.lexists(out) and _same_tree(staging, out):
            shutil.rmtree(staging)
            return
        replace(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def stage_project(project: GeneratedFiles, staging: Path) -> None:
    """Write and format the project into the empty directory ``staging``."""
    if project.formatted:  # staged and formatted before: the same bytes again
        for relative, data in sorted(project.formatted.items()):
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return
    for relative, content in sorted(project.files.items()):
        target = staging / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8", newline="\n")
    for relative, data in sorted(project.binary.items()):
        (staging / relative).write_bytes(data)
    format_python(staging)
    project.formatted.update(_tree(staging))


def differing_files(project: GeneratedFiles, out: Path) -> list[str]:
    """Files that writing ``project`` would add, change or remove in ``out`` (nothing written)."""
    out = out.resolve()
    parent = Path(tempfile.mkdtemp(prefix="sdkgen-check-"))
    try:
        staging = parent / out.name
        staging.mkdir()
        stage_project(project, staging)
        staged = _tree(staging)
    finally:
        shutil.rmtree(parent, ignore_errors=True)
    current = _tree(out) if out.is_dir() else {}
    return sorted(k for k in staged.keys() | current.keys() if staged.get(k) != current.get(k))


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
