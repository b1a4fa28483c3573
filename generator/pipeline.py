"""The generate pipeline: document file -> normalized document -> IR -> package on disk."""

from __future__ import annotations

import functools
import hashlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

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
        documents=(prepared.normalized.document, prepared.loaded.data),
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


# -- the content-hash cache: skip an unchanged API without rendering it ------------------------

CACHE_ENV_VAR = "SDKGEN_CACHE_DIR"
NO_CACHE_ENV_VAR = "SDKGEN_NO_CACHE"
CACHE_FORMAT = 1
# Environment variables that only say where or how fast sdkgen runs, not what it produces.
_NEUTRAL_VARIABLES = frozenset({CACHE_ENV_VAR, NO_CACHE_ENV_VAR, "SDKGEN_JOBS", "SDKGEN_SOURCE"})


def cache_dir() -> Path:
    """``$SDKGEN_CACHE_DIR``, else ``$XDG_CACHE_HOME/sdkgen``, else ``~/.cache/sdkgen``."""
    configured = os.environ.get(CACHE_ENV_VAR)
    if configured:
        return Path(configured).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "sdkgen"


@functools.cache
def generator_fingerprint() -> str:
    """What makes sdkgen's output what it is: its version, every source file and template of
    the ``generator`` package, and the versions of the tools it renders with."""
    from importlib import metadata

    import generator

    digest = hashlib.sha256()
    digest.update(f"sdkgen {generator.__version__}\n".encode())
    for tool in (
        "datamodel-code-generator",
        "openapi-spec-validator",
        "ruff",
        "pydantic",
        "jinja2",
    ):
        try:
            digest.update(f"{tool} {metadata.version(tool)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{tool} -\n".encode())
    root = Path(generator.__file__).parent
    for path in sorted(root.rglob("*")):
        if path.suffix in (".py", ".j2", ".toml", ".json") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _remote_refs_allowed() -> bool:
    try:
        from generator.spec import remote_refs
    except ImportError:  # pragma: no cover - older trees without remote references
        return False
    settings = getattr(remote_refs, "SETTINGS", None)
    return bool(getattr(settings, "allowed", False))


def tree_digest(root: Path) -> str | None:
    """sha256 over every file of ``root`` (relative path and bytes), None when it is absent."""
    if not root.is_dir():
        return None
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@dataclass(frozen=True)
class CacheRecord:
    """What a generation that left ``out`` as it is produced, under ``key``."""

    key: str
    tree: str  # tree_digest(out) right after the generation
    version: str
    operations: int
    warnings: int


def cache_key(path: Path, *, name: str | None, version: str | None) -> str:
    """The input document's bytes, the generator, the options and the settings that matter."""
    settings = sorted(
        (k, v)
        for k, v in os.environ.items()
        if k.startswith("SDKGEN_") and k not in _NEUTRAL_VARIABLES
    )
    parts = {
        "format": CACHE_FORMAT,
        "generator": generator_fingerprint(),
        "document": hashlib.sha256(path.read_bytes()).hexdigest(),
        "suffix": path.suffix.lower(),
        "name": name,
        "version": version,
        "settings": settings,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def _record_path(out: Path) -> Path:
    where = hashlib.sha256(str(out.resolve()).encode()).hexdigest()[:32]
    return cache_dir() / "generate" / f"{where}.json"


def caching_enabled() -> bool:
    return not os.environ.get(NO_CACHE_ENV_VAR) and not _remote_refs_allowed()


def cached(
    path: Path, out: Path, *, name: str | None = None, version: str | None = None
) -> CacheRecord | None:
    """The record of the last generation into ``out`` when regenerating would change nothing:
    same document bytes, generator, options and settings, and ``out`` untouched since."""
    if not caching_enabled():
        return None
    try:
        raw = json.loads(_record_path(out).read_text(encoding="utf-8"))
        record = CacheRecord(**raw)
        if record.key != cache_key(path, name=name, version=version):
            return None
    except (OSError, ValueError, TypeError):
        return None
    return record if tree_digest(out) == record.tree else None


def remember(
    path: Path,
    out: Path,
    generated: Generated,
    *,
    name: str | None = None,
    version: str | None = None,
) -> None:
    """Record that ``out`` is what generating ``path`` with these options gives (best effort)."""
    if not caching_enabled():
        return
    tree = tree_digest(out)
    if tree is None:
        return
    record = CacheRecord(
        key=cache_key(path, name=name, version=version),
        tree=tree,
        version=generated.version,
        operations=len(generated.api.operations),
        warnings=len(generated.api.omissions) + len(generated.problems),
    )
    target = _record_path(out)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(asdict(record), indent=1), encoding="utf-8")
        os.replace(temporary, target)
    except OSError:
        pass


def recall(kind: str, key: str) -> dict[str, Any] | None:
    """A small result stored under ``key`` by :func:`store` (None if absent or disabled)."""
    if not caching_enabled():
        return None
    try:
        raw = json.loads((cache_dir() / kind / f"{key}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return raw if isinstance(raw, dict) else None


def store(kind: str, key: str, value: dict[str, Any]) -> None:
    """Keep ``value`` under ``key`` (a :func:`cache_key`) for :func:`recall` (best effort)."""
    if not caching_enabled():
        return
    target = cache_dir() / kind / f"{key}.json"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(value), encoding="utf-8")
        os.replace(temporary, target)
    except OSError:
        pass
