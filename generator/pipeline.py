"""The generate pipeline: document file -> normalized document -> IR -> package on disk."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator import ir
from generator.diff import DiffReport, Side, next_version
from generator.errors import DocumentError, UsageError
from generator.naming import env_prefix, import_name, package_name
from generator.parse import build_api
from generator.render.code import PackageNames
from generator.render.package import (
    GeneratedFiles,
    differing_files,
    render_project,
    write_project,
)
from generator.spec.diagnostics import Diagnostic
from generator.spec.load import LoadedDocument, load_file
from generator.spec.normalize import NormalizedDocument, normalize
from generator.spec.validate import rule_problems
from generator.versioning import (
    CHANGELOG_HEADER,
    add_entry,
    changelog_entry,
    diff_against,
    read_previous,
)

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


@dataclass(frozen=True)
class Generated:
    """The outcome of one ``generate``: what was built, at which version, and why."""

    prepared: Prepared
    version: str
    previous_version: str | None
    report: DiffReport | None  # None for a first generation
    changed_files: list[str]  # files that differ from what ``out`` held (all, the first time)

    @property
    def api(self) -> ir.Api:
        return self.prepared.api

    @property
    def problems(self) -> list[Diagnostic]:
        return self.prepared.problems

    @property
    def normalized(self) -> NormalizedDocument:
        return self.prepared.normalized

    @property
    def loaded(self) -> LoadedDocument:
        return self.prepared.loaded


def _project(
    prepared: Prepared, names: PackageNames, changelog: str, document: Path
) -> GeneratedFiles:
    return render_project(
        prepared.api,
        names,
        prepared.loaded.sha256,
        changelog=changelog,
        source=(document.suffix.lower() or ".json", document.read_bytes()),
    )


def plan(
    path: Path, out: Path, *, name: str | None = None, version: str | None = None
) -> tuple[Generated, GeneratedFiles]:
    """Decide the version and render every file for ``out`` (nothing is written)."""
    prepared = prepare(path)
    previous = read_previous(out)
    if previous is None:
        names = package_names(prepared.api, name, version)
        entry = changelog_entry(names.version, None, prepared.api.title, prepared.loaded.sha256)
        project = _project(prepared, names, add_entry(CHANGELOG_HEADER, entry), path)
        changed = differing_files(project, out)
        return Generated(prepared, names.version, None, None, changed), project
    new_side = Side(
        str(path), prepared.normalized.document, prepared.api, prepared.normalized.source_version
    )
    report = diff_against(previous, new_side, out)
    document = path
    if report.bump == "none" and version in (None, previous.version):
        # An equivalent document: rebuild from the one the current version was built from.
        kept = prepare(previous.document)
        names = package_names(kept.api, name, previous.version)
        project = _project(kept, names, previous.changelog, previous.document)
        changed = differing_files(project, out)
        if not changed:
            return Generated(kept, previous.version, previous.version, report, []), project
        prepared, document = kept, previous.document
        version = next_version(previous.version, "patch")
    chosen = version or next_version(previous.version, report.bump)
    names = package_names(prepared.api, name, chosen)
    entry = changelog_entry(chosen, report, prepared.api.title, prepared.loaded.sha256)
    project = _project(prepared, names, add_entry(previous.changelog, entry), document)
    changed = differing_files(project, out)
    return Generated(prepared, chosen, previous.version, report, changed), project


def generate(
    path: Path,
    out: Path,
    *,
    name: str | None = None,
    version: str | None = None,
    check: bool = False,
) -> Generated:
    """Generate (or, with ``check``, only compare) the client project in ``out``."""
    generated, project = plan(path, out, name=name, version=version)
    if not check and generated.changed_files:
        write_project(project, out)
    return generated
