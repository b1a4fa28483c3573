"""The generate pipeline: document file -> normalized document -> IR -> package on disk."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator import ir
from generator.errors import DocumentError, UsageError
from generator.naming import env_prefix, import_name, package_name
from generator.parse import build_api
from generator.render.code import PackageNames
from generator.render.package import render_project, write_project
from generator.spec.diagnostics import Diagnostic
from generator.spec.load import LoadedDocument, load_file
from generator.spec.normalize import NormalizedDocument, normalize
from generator.spec.validate import rule_problems

DEFAULT_VERSION = "0.1.0"


@dataclass(frozen=True)
class Prepared:
    loaded: LoadedDocument
    normalized: NormalizedDocument
    api: ir.Api
    problems: list[Diagnostic]


def prepare(path: Path) -> Prepared:
    """Load, normalize and build the IR; raise DocumentError when the document is unusable."""
    loaded = load_file(path)
    normalized = normalize(loaded.data)
    # Problems left after repair do not stop generation: the IR builder leaves the affected
    # parts out and lists them as omissions. They are reported alongside.
    problems = [d for d in rule_problems(normalized.document) if d.severity != "info"]
    api = build_api(normalized.document)
    if not api.operations:
        raise DocumentError(
            f"{path}: the document has no operations to generate a client for",
            [Diagnostic("/paths", "error", "no-operations", "no operations under 'paths'")],
        )
    return Prepared(loaded, normalized, api, problems)


def package_names(api: ir.Api, name: str | None, version: str | None) -> PackageNames:
    base = name or f"{api.title}-client"
    dist = package_name(base)
    if not dist:
        raise UsageError(f"--name {name!r} does not give a usable package name")
    module = import_name(base)
    return PackageNames(
        dist_name=dist,
        import_name=module,
        env_prefix=env_prefix(module),
        version=version or DEFAULT_VERSION,
    )


def generate(
    path: Path, out: Path, *, name: str | None = None, version: str | None = None
) -> Prepared:
    prepared = prepare(path)
    names = package_names(prepared.api, name, version)
    project = render_project(prepared.api, names, prepared.loaded.sha256)
    write_project(project, out)
    return prepared
