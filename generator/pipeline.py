"""The generate pipeline: document file -> normalized document -> IR -> package on disk."""

from __future__ import annotations

import functools
import hashlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator import ir
from generator.builder.names import NO_SURFACE_INPUT, SurfaceInput
from generator.builder.pins import pins_from_manifest
from generator.cache import CACHE_ENV_VAR, NO_CACHE_ENV_VAR, cache_dir, caching
from generator.errors import DocumentError, SdkgenError, UsageError
from generator.naming import (
    PLAIN_NAMES,
    NameOptions,
    client_names,
    package_name,
)
from generator.overrides import NO_OVERRIDES, Overrides
from generator.parse import build_api
from generator.perf import fewer_collections
from generator.render.code import PackageNames
from generator.render.outdir import check_replaceable, output_lock, recover
from generator.render.package import (
    GeneratedFiles,
    differing_files,
    render_project,
    write_project,
)
from generator.spec.diagnostics import Diagnostic
from generator.spec.load import LoadedDocument, load_file, parse_document
from generator.spec.normalize import NormalizedDocument, normalize
from generator.spec.validate import rule_problems
from generator.url_credentials import drop_server_credentials, holds_server_credentials
from generator.versioning import (
    CHANGELOG_HEADER,
    add_entry,
    changelog_entry,
    diff_against,
    read_previous,
    valid_version,
)

if TYPE_CHECKING:  # the diff engine is imported only when there is a previous version
    from generator.diff import Bump, DiffReport
    from generator.diff_settings import DiffSettings

DEFAULT_VERSION = "0.1.0"


@dataclass(frozen=True)
class Prepared:
    loaded: LoadedDocument
    normalized: NormalizedDocument
    api: ir.Api
    problems: list[Diagnostic]


def prepare(path: Path, surface: SurfaceInput = NO_SURFACE_INPUT) -> Prepared:
    """Load, normalize and build the IR; raise DocumentError when the document is unusable.
    ``surface``: the previous version's names and the team's overrides."""
    return prepare_loaded(load_file(path), path, surface)


def prepare_loaded(
    loaded: LoadedDocument, path: Path, surface: SurfaceInput = NO_SURFACE_INPUT
) -> Prepared:
    """:func:`prepare` for a document already loaded from ``path`` (normalized in place: the
    loaded data is not read again)."""
    normalized = normalize(loaded.data, in_place=True)
    # Problems left after repair do not stop generation: the IR builder leaves the affected
    # parts out and lists them as omissions. They are reported alongside.
    problems = [d for d in rule_problems(normalized.document) if d.severity != "info"]
    api = build_api(normalized.document, surface)
    if not api.operations:
        raise DocumentError(
            f"{path}: the document has no operations to generate a client for",
            [Diagnostic("/paths", "error", "no-operations", "no operations under 'paths'")],
        )
    return Prepared(loaded, normalized, api, problems)


def package_names(
    api: ir.Api, name: str | None, version: str | None, options: NameOptions = PLAIN_NAMES
) -> PackageNames:
    base = name or f"{api.title}-client"
    chosen = valid_version(version) if version else DEFAULT_VERSION
    try:
        dist, module, prefix = client_names(base, chosen, options)
    except ValueError as exc:
        raise UsageError(f"--major-in-name: {exc}") from None
    if not dist or not package_name(base):
        raise UsageError(f"--name {name!r} does not give a usable package name")
    return PackageNames(
        dist_name=dist,
        import_name=module,
        env_prefix=prefix,
        version=chosen,
    )


@dataclass(frozen=True)
class Generated:
    """The outcome of one ``generate``: what was built, at which version, and why."""

    prepared: Prepared
    version: str
    previous_version: str | None
    report: DiffReport | None  # None for a first generation
    changed_files: list[str]  # files that differ from what ``out`` held (all, the first time)
    dist_name: str = ""  # the distribution name of the package

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
    source = kept_source(document, prepared.normalized.document)
    # the shipped tests serve the kept document to Prism: they ask it as written (the loaded
    # data was normalized in place), parsed again from the kept bytes
    as_written = parse_document(source[1], str(document), allow_remote_refs=False).data
    return render_project(
        prepared.api,
        names,
        prepared.loaded.sha256,
        changelog=changelog,
        source=source,
        documents=(prepared.normalized.document, as_written),
    )


def kept_source(document: Path, normalized: dict[str, Any]) -> tuple[str, bytes]:
    """The document kept beside the package (the next version's diff base; it ships in the
    sdist): its bytes, or, when a server URL may hold a credential, the document as JSON
    without it (``normalized`` tells, and is cheap to ask)."""
    content = document.read_bytes()
    if not holds_server_credentials(normalized):
        return document.suffix.lower() or ".json", content
    data = parse_document(content, str(document)).data
    drop_server_credentials(data)
    return ".json", (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _bumped(out: Path, current: str, bump: Bump) -> str:
    from generator.diff import next_version

    try:
        return next_version(current, bump)
    except ValueError:
        raise SdkgenError(
            f"{out}: its version {current!r} is not one sdkgen can bump; "
            "give the new one with --package-version"
        ) from None


def plan(
    path: Path,
    out: Path,
    *,
    name: str | None = None,
    version: str | None = None,
    options: NameOptions = PLAIN_NAMES,
    settings: DiffSettings | None = None,
    overrides: Overrides = NO_OVERRIDES,
) -> tuple[Generated, GeneratedFiles]:
    """Decide the version and render every file for ``out`` (nothing is written).
    ``settings``: the team's diff policy, which grades the changes that decide the version
    (default: none, every change at its own level). Names the client in ``out`` has are kept
    (its manifest), unless ``overrides`` say otherwise."""
    with fewer_collections():  # millions of objects that live on: collect less often
        return _plan(
            path,
            out,
            name=name,
            version=version,
            options=options,
            settings=settings,
            overrides=overrides,
        )


def _plan(
    path: Path,
    out: Path,
    *,
    name: str | None,
    version: str | None,
    options: NameOptions,
    settings: DiffSettings | None,
    overrides: Overrides,
) -> tuple[Generated, GeneratedFiles]:
    previous = read_previous(out)
    pins = pins_from_manifest(previous.manifest) if previous is not None else None
    surface = SurfaceInput(pins, overrides)
    prepared = prepare(path, surface)
    if previous is None:
        names = package_names(prepared.api, name, version, options)
        entry = changelog_entry(names.version, None, prepared.api.title, prepared.loaded.sha256)
        project = _project(prepared, names, add_entry(CHANGELOG_HEADER, entry), path)
        changed = differing_files(project, out)
        return Generated(prepared, names.version, None, None, changed, names.dist_name), project
    from generator.diff import Side

    new_side = Side(
        str(path), prepared.normalized.document, prepared.api, prepared.normalized.source_version
    )
    report = diff_against(previous, new_side, out, settings)
    document = path
    if report.bump == "none" and version in (None, previous.version):
        # An equivalent document: rebuild from the one the current version was built from.
        kept = prepare(previous.document, surface)
        names = package_names(kept.api, name, previous.version, options)
        project = _project(kept, names, previous.changelog, previous.document)
        changed = differing_files(project, out)
        if not changed:
            generated = Generated(
                kept, previous.version, previous.version, report, [], names.dist_name
            )
            return generated, project
        prepared, document = kept, previous.document
        version = _bumped(out, previous.version, "patch")
    chosen = version or _bumped(out, previous.version, report.bump)
    names = package_names(prepared.api, name, chosen, options)
    entry = changelog_entry(chosen, report, prepared.api.title, prepared.loaded.sha256)
    project = _project(prepared, names, add_entry(previous.changelog, entry), document)
    changed = differing_files(project, out)
    generated = Generated(prepared, chosen, previous.version, report, changed, names.dist_name)
    return generated, project


def generate(
    path: Path,
    out: Path,
    *,
    name: str | None = None,
    version: str | None = None,
    check: bool = False,
    options: NameOptions = PLAIN_NAMES,
    settings: DiffSettings | None = None,
    overrides: Overrides = NO_OVERRIDES,
) -> Generated:
    """Generate (or, with ``check``, only compare) the client project in ``out``; ``settings``:
    the team's diff policy, ``overrides``: the team's names (see :func:`plan`).

    A writing run holds ``out``'s lock from reading the previous version to the last rename,
    and first recovers what a killed run may have left (:mod:`generator.render.outdir`).
    """
    if check:
        return plan(
            path,
            out,
            name=name,
            version=version,
            options=options,
            settings=settings,
            overrides=overrides,
        )[0]
    out = out.resolve()
    check_replaceable(out)  # before any work, and before the lock file appears beside it
    with output_lock(out):
        recover(out)
        generated, project = plan(
            path,
            out,
            name=name,
            version=version,
            options=options,
            settings=settings,
            overrides=overrides,
        )
        if generated.changed_files:
            write_project(project, out)
    return generated


# -- the content-hash cache: skip an unchanged API without rendering it ------------------------

CACHE_FORMAT = 3
# Environment variables that only say where or how fast sdkgen runs, not what it produces.
_NEUTRAL_VARIABLES = frozenset(
    {
        CACHE_ENV_VAR,
        NO_CACHE_ENV_VAR,
        "SDKGEN_JOBS",
        "SDKGEN_SOURCE",
        "SDKGEN_LOCK_TIMEOUT",
        "SDKGEN_EXTRA_CORPUS",
    }
)


@functools.cache
def generator_fingerprint() -> str:
    """What makes sdkgen's output what it is: its version, every source file and template of
    the ``generator`` package, and the versions of the tools it renders with."""
    from importlib import metadata

    import generator

    digest = hashlib.sha256()
    digest.update(f"sdkgen {generator.__version__}\n".encode())
    for tool in (
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
    dist_name: str


def cache_key(
    path: Path,
    *,
    name: str | None,
    version: str | None,
    options: NameOptions = PLAIN_NAMES,
    overrides: Overrides = NO_OVERRIDES,
) -> str:
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
        "naming": [options.prefix, options.major_in_name],
        "overrides": overrides.fingerprint(),
        "settings": settings,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def _record_path(out: Path) -> Path:
    where = hashlib.sha256(str(out.resolve()).encode()).hexdigest()[:32]
    return cache_dir() / "generate" / f"{where}.json"


def caching_enabled() -> bool:
    return caching() and not _remote_refs_allowed()


def cached(
    path: Path,
    out: Path,
    *,
    name: str | None = None,
    version: str | None = None,
    options: NameOptions = PLAIN_NAMES,
    overrides: Overrides = NO_OVERRIDES,
) -> CacheRecord | None:
    """The record of the last generation into ``out`` when regenerating would change nothing:
    same document bytes, generator, options and settings, and ``out`` untouched since."""
    if not caching_enabled():
        return None
    try:
        raw = json.loads(_record_path(out).read_text(encoding="utf-8"))
        record = CacheRecord(**raw)
        key = cache_key(path, name=name, version=version, options=options, overrides=overrides)
        if record.key != key:
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
    options: NameOptions = PLAIN_NAMES,
    overrides: Overrides = NO_OVERRIDES,
) -> None:
    """Record that ``out`` is what generating ``path`` with these options gives (best effort)."""
    if not caching_enabled():
        return
    tree = tree_digest(out)
    if tree is None:
        return
    record = CacheRecord(
        key=cache_key(path, name=name, version=version, options=options, overrides=overrides),
        tree=tree,
        version=generated.version,
        operations=len(generated.api.operations),
        warnings=len(generated.api.omissions) + len(generated.problems),
        dist_name=generated.dist_name,
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
