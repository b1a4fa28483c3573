"""The fleet: which APIs to generate, where to pull them from, under which package names.

Read from ``[tool.sdkgen]`` in pyproject.toml. Every problem names its place in the file::

    [tool.sdkgen]
    specs = "specs"                 # snapshots: specs/<api>/<stage>.json
    output = "generated_clients"
    dist = "dist"
    region = "eu-west-1"            # default region of every API (else boto3's own chain)
    source = "emulator"             # or "aws"; the SDKGEN_SOURCE variable overrides it

    [tool.sdkgen.apis.orders]       # the key names specs/orders/ and generated_clients/orders/
    package = "orders-client"
    kind = "rest"                   # or "http"
    api = "orders-api"              # API id or name in API Gateway (default: the key)
    stages = ["dev", "prod"]        # stages to pull (default: [stage])
    stage = "prod"                  # the stage clients are generated from
    region = "eu-west-1"
    profile = "sdkgen-reader"
    endpoint_url = "http://127.0.0.1:4566"   # used when source = "emulator"
    export = { type = "oas30", extensions = "apigateway,authorizers" }   # REST only

    [tool.sdkgen.apis.orders.names]          # names without editing the export (overrides)
    "PUT /orders/{orderId}" = "orders.replace"
    [tool.sdkgen.apis.orders.pagination]     # pagination the detector does not see
    "GET /reports" = { kind = "cursor", param = "after", next = "meta.next", items = "data" }

    [tool.sdkgen.publish]           # where `sdkgen publish` uploads (absent: not set up)
    repository_url = "https://pypi.example.com/"   # the upload endpoint
    index_url = "https://pypi.example.com/simple/"  # default: <repository_url>/simple/
    prefix = "acme"                 # acme-orders-client (distribution names only)
    major_in_name = true            # orders-client-v2 / orders_client_v2, one per major

    [tool.sdkgen.publish.codeartifact]   # instead of repository_url
    domain = "acme"
    repository = "python"
    domain_owner = "123456789012"   # optional
    region = "eu-west-1"            # optional: else the fleet's region
    profile = "publisher"           # optional
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from generator.errors import UsageError
from generator.naming import PLAIN_NAMES, NameOptions, package_name
from generator.overrides import (
    NO_OVERRIDES,
    Overrides,
    parse_names,
    parse_pagination,
    with_pagination,
)

SPEC_SUFFIXES = (".json", ".yaml", ".yml")

Kind = Literal["rest", "http"]
Source = Literal["emulator", "aws"]
ExportType = Literal["oas30", "swagger"]

KINDS: tuple[Kind, ...] = ("rest", "http")
SOURCES: tuple[Source, ...] = ("emulator", "aws")
EXPORT_TYPES: tuple[ExportType, ...] = ("oas30", "swagger")
EXTENSIONS = ("apigateway", "integrations", "authorizers", "documentation", "postman")
DEFAULT_EXTENSIONS = "apigateway,authorizers"
DEFAULT_SOURCE: Source = "emulator"
SOURCE_ENV_VAR = "SDKGEN_SOURCE"
# help text of every command's --config option
CONFIG_HELP = "pyproject.toml with [tool.sdkgen] (default: %(default)s)"

_ROOT_KEYS = {
    "specs",
    "output",
    "dist",
    "apis",
    "region",
    "source",
    "publish",
    "diff",
}  # diff: diff_settings
_PUBLISH_KEYS = {"repository_url", "index_url", "prefix", "major_in_name", "codeartifact"}
_CODEARTIFACT_KEYS = {"domain", "repository", "domain_owner", "region", "profile"}
_ACCOUNT_ID = re.compile(r"[0-9]{12}")
# CodeArtifact domain and repository names
_CODEARTIFACT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{1,99}")
_API_KEYS = {
    "package",
    "stage",
    "version",
    "kind",
    "api",
    "stages",
    "region",
    "profile",
    "endpoint_url",
    "export",
    "names",
    "pagination",
}
_EXPORT_KEYS = {"type", "extensions"}
# A config key names folders, so it must be a plain file name.
_API_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
# API Gateway stage names: letters, digits, '-' and '_' (128 at most); HTTP APIs add $default.
_STAGE = re.compile(r"\$default|[A-Za-z0-9_-]{1,128}")
_REGION = re.compile(r"[a-z0-9]+(-[a-z0-9]+)+")


@dataclass(frozen=True)
class ApiConfig:
    name: str  # key in the config: folder under specs/ and generated_clients/
    package: str  # distribution name of the generated client
    stage: str  # the stage whose document the client is generated from
    version: str | None
    kind: Kind = "rest"
    api: str = ""  # API id or name in API Gateway; "" means the key
    stages: tuple[str, ...] = ()  # stages to pull; () means (stage,)
    region: str | None = None  # None: the fleet's region, else boto3's own chain
    profile: str | None = None
    endpoint_url: str | None = None
    export_type: ExportType = "oas30"  # REST only
    extensions: str = DEFAULT_EXTENSIONS  # REST only
    overrides: Overrides = NO_OVERRIDES  # names and pagination chosen by the team

    def __post_init__(self) -> None:
        if not self.api:
            object.__setattr__(self, "api", self.name)
        if not self.stages:
            object.__setattr__(self, "stages", (self.stage,))

    def spec_path(self, specs_dir: Path) -> Path:
        folder = specs_dir / self.name
        for suffix in SPEC_SUFFIXES:
            candidate = folder / f"{self.stage}{suffix}"
            if candidate.is_file():
                return candidate
        raise UsageError(
            f"api {self.name!r}: no document for stage {self.stage!r} in {folder} "
            f"(looked for {', '.join(self.stage + s for s in SPEC_SUFFIXES)})"
        )

    def snapshot_path(self, specs_dir: Path, stage: str) -> Path:
        """Where ``sdkgen pull`` writes the export of ``stage``: ``specs/<api>/<stage>.json``."""
        return specs_dir / self.name / f"{stage}.json"


@dataclass(frozen=True)
class CodeArtifact:
    """An AWS CodeArtifact repository: its endpoint and a token come from boto3."""

    domain: str
    repository: str
    domain_owner: str | None = None
    region: str | None = None
    profile: str | None = None


@dataclass(frozen=True)
class PublishConfig:
    """``[tool.sdkgen.publish]``: the package index clients are published to."""

    repository_url: str | None = None
    index_url: str | None = None
    codeartifact: CodeArtifact | None = None
    naming: NameOptions = PLAIN_NAMES


@dataclass(frozen=True)
class FleetConfig:
    root: Path
    specs_dir: Path
    output_dir: Path
    dist_dir: Path
    apis: tuple[ApiConfig, ...]
    region: str | None = None
    source: Source = DEFAULT_SOURCE
    publish: PublishConfig | None = None  # None: no [tool.sdkgen.publish] table
    pyproject: Path | None = None  # the file read, whose [tool.sdkgen.diff] is the diff policy

    @property
    def naming(self) -> NameOptions:
        """How distribution and import names are made (prefix, major version in the name)."""
        return self.publish.naming if self.publish is not None else PLAIN_NAMES


# --- value checks shared with the pull command line ---------------------------------------


def stage_problem(value: str) -> str | None:
    """Why ``value`` is not a usable stage name, or None."""
    if _STAGE.fullmatch(value):
        return None
    return f"{value!r} is not a stage name (letters, digits, '-', '_', or $default)"


def endpoint_url_problem(value: str) -> str | None:
    """Why ``value`` is not a usable endpoint URL, or None (credentials in it are refused)."""
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return "is not a valid URL"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "must be an http:// or https:// URL with a host"
    if parts.username is not None or parts.password is not None:
        return "must not contain credentials"
    if parts.query or parts.fragment:
        return "must not have a query or fragment"
    return None


def extensions_problem(value: str) -> str | None:
    """Why ``value`` is not a comma-separated list of export extensions, or None."""
    names = [part.strip() for part in value.split(",")] if value.strip() else []
    unknown = [name for name in names if name not in EXTENSIONS]
    if unknown:
        return (
            f"unknown extension(s) {', '.join(map(repr, unknown))} (known: {', '.join(EXTENSIONS)})"
        )
    return None


def env_source(environ: Mapping[str, str]) -> Source | None:
    """The source ``SDKGEN_SOURCE`` asks for (checked), or None when it is not set."""
    value = environ.get(SOURCE_ENV_VAR, "").strip()
    if not value:
        return None
    for source in SOURCES:
        if value == source:
            return source
    raise UsageError(f"{SOURCE_ENV_VAR}={value!r}: must be one of {', '.join(SOURCES)}")


# --- reading the table ----------------------------------------------------------------------


def _text(table: dict[str, Any], key: str, where: str, default: str | None = None) -> str:
    value = table.get(key, default)
    if not isinstance(value, str) or not value.strip():
        raise UsageError(f"{where}: '{key}' must be a non-empty string")
    return value


def _optional_text(table: dict[str, Any], key: str, where: str) -> str | None:
    return _text(table, key, where) if key in table else None


def _choice(table: dict[str, Any], key: str, where: str, choices: tuple[str, ...]) -> str:
    value = _text(table, key, where, choices[0])
    if value not in choices:
        raise UsageError(
            f"{where}: '{key}' must be one of {', '.join(map(repr, choices))}, not {value!r}"
        )
    return value


def _reject_unknown(table: dict[str, Any], known: set[str], where: str) -> None:
    unknown = sorted(set(table) - known)
    if unknown:
        raise UsageError(
            f"{where}: unknown key(s) {', '.join(unknown)} (known: {', '.join(sorted(known))})"
        )


def _region(table: dict[str, Any], where: str) -> str | None:
    region = _optional_text(table, "region", where)
    if region is not None and not _REGION.fullmatch(region):
        raise UsageError(f"{where}: 'region' {region!r} is not an AWS region name")
    return region


def _stages(api: dict[str, Any], where: str) -> tuple[str, tuple[str, ...]]:
    """The generation stage and the stages to pull, checked against each other."""
    stages: tuple[str, ...] = ()
    if "stages" in api:
        raw = api["stages"]
        if not isinstance(raw, list) or not raw or not all(isinstance(s, str) for s in raw):
            raise UsageError(f"{where}: 'stages' must be a list of strings")
        stages = tuple(raw)
        for stage in stages:
            problem = stage_problem(stage)
            if problem:
                raise UsageError(f"{where}: 'stages': {problem}")
        duplicates = sorted({s for s in stages if stages.count(s) > 1})
        if duplicates:
            raise UsageError(f"{where}: 'stages' lists {', '.join(duplicates)} more than once")
    if "stage" in api or not stages:
        stage = _text(api, "stage", where, "prod")
    elif len(stages) == 1:
        stage = stages[0]
    else:
        raise UsageError(
            f"{where}: 'stage' must say which of 'stages' ({', '.join(stages)}) "
            "clients are generated from"
        )
    problem = stage_problem(stage)
    if problem:
        raise UsageError(f"{where}: 'stage': {problem}")
    if stages and stage not in stages:
        raise UsageError(
            f"{where}: 'stage' {stage!r} must be one of 'stages' ({', '.join(stages)})"
        )
    return stage, stages or (stage,)


def _export(api: dict[str, Any], kind: str, where: str) -> tuple[ExportType, str]:
    if "export" not in api:
        return "oas30", DEFAULT_EXTENSIONS
    table = api["export"]
    export_where = where[:-1] + ".export]"
    if not isinstance(table, dict):
        raise UsageError(f"{where}: 'export' must be a table (type, extensions)")
    if kind != "rest":
        raise UsageError(f"{where}: 'export' options apply only to kind = \"rest\"")
    _reject_unknown(table, _EXPORT_KEYS, export_where)
    export_type: ExportType = (
        "swagger" if _choice(table, "type", export_where, EXPORT_TYPES) == "swagger" else "oas30"
    )
    extensions = table.get("extensions", DEFAULT_EXTENSIONS)
    if isinstance(extensions, list) and all(isinstance(e, str) for e in extensions):
        extensions = ",".join(extensions)
    if not isinstance(extensions, str):
        raise UsageError(
            f"{export_where}: 'extensions' must be a string like {DEFAULT_EXTENSIONS!r}"
        )
    problem = extensions_problem(extensions)
    if problem:
        raise UsageError(f"{export_where}: 'extensions': {problem}")
    return export_type, ",".join(part.strip() for part in extensions.split(",") if part.strip())


def _api_config(name: str, api: Any, pyproject: Path) -> ApiConfig:
    where = f"{pyproject.name} [tool.sdkgen.apis.{name}]"
    if not isinstance(api, dict):
        raise UsageError(f"{where}: must be a table")
    if not _API_KEY.fullmatch(name):
        raise UsageError(
            f"{where}: the API key must be a plain folder name (letters, digits, '.', '-', '_')"
        )
    _reject_unknown(api, _API_KEYS, where)
    package = _text(api, "package", where, f"{name}-client")
    if package_name(package) != package.lower().replace("_", "-"):
        raise UsageError(f"{where}: 'package' {package!r} is not a valid distribution name")
    version = api.get("version")
    if version is not None and not isinstance(version, str):
        raise UsageError(f"{where}: 'version' must be a string")
    kind: Kind = "http" if _choice(api, "kind", where, KINDS) == "http" else "rest"
    stage, stages = _stages(api, where)
    if kind == "rest" and "$default" in stages:
        raise UsageError(f"{where}: '$default' stages exist only for kind = \"http\"")
    endpoint_url = _optional_text(api, "endpoint_url", where)
    if endpoint_url is not None:
        problem = endpoint_url_problem(endpoint_url)
        if problem:
            raise UsageError(f"{where}: 'endpoint_url' {problem}")
    export_type, extensions = _export(api, kind, where)
    overrides = NO_OVERRIDES
    if "names" in api:
        overrides = parse_names(api["names"], f"{where[:-1]}.names]")
    if "pagination" in api:
        table = f"{where[:-1]}.pagination]"
        overrides = with_pagination(overrides, parse_pagination(api["pagination"], table), table)
    return ApiConfig(
        name=name,
        package=package,
        stage=stage,
        version=version,
        kind=kind,
        api=_text(api, "api", where, name),
        stages=stages,
        region=_region(api, where),
        profile=_optional_text(api, "profile", where),
        endpoint_url=endpoint_url,
        export_type=export_type,
        extensions=extensions,
        overrides=overrides,
    )


def _url(table: dict[str, Any], key: str, where: str) -> str | None:
    value = _optional_text(table, key, where)
    if value is not None:
        problem = endpoint_url_problem(value)
        if problem:
            raise UsageError(f"{where}: '{key}' {problem}")
    return value


def _codeartifact(table: Any, where: str) -> CodeArtifact:
    if not isinstance(table, dict):
        raise UsageError(f"{where}: must be a table (domain, repository, ...)")
    _reject_unknown(table, _CODEARTIFACT_KEYS, where)
    names = {}
    for key in ("domain", "repository"):
        value = _text(table, key, where)
        if not _CODEARTIFACT_NAME.fullmatch(value):
            raise UsageError(f"{where}: '{key}' {value!r} is not a CodeArtifact {key} name")
        names[key] = value
    owner = _optional_text(table, "domain_owner", where)
    if owner is not None and not _ACCOUNT_ID.fullmatch(owner):
        raise UsageError(f"{where}: 'domain_owner' must be a 12-digit AWS account id")
    return CodeArtifact(
        domain=names["domain"],
        repository=names["repository"],
        domain_owner=owner,
        region=_region(table, where),
        profile=_optional_text(table, "profile", where),
    )


def _publish(table: Any, pyproject: Path) -> PublishConfig:
    where = f"{pyproject.name} [tool.sdkgen.publish]"
    if not isinstance(table, dict):
        raise UsageError(f"{where}: must be a table")
    _reject_unknown(table, _PUBLISH_KEYS, where)
    prefix = _optional_text(table, "prefix", where) or ""
    if prefix and package_name(prefix) != prefix.lower().replace("_", "-").strip("-"):
        raise UsageError(f"{where}: 'prefix' {prefix!r} is not usable in a distribution name")
    major = table.get("major_in_name", False)
    if not isinstance(major, bool):
        raise UsageError(f"{where}: 'major_in_name' must be true or false")
    codeartifact = None
    if "codeartifact" in table:
        codeartifact = _codeartifact(table["codeartifact"], where[:-1] + ".codeartifact]")
    repository_url = _url(table, "repository_url", where)
    if codeartifact is not None and repository_url is not None:
        raise UsageError(f"{where}: give either 'repository_url' or a codeartifact table, not both")
    return PublishConfig(
        repository_url=repository_url,
        index_url=_url(table, "index_url", where),
        codeartifact=codeartifact,
        naming=NameOptions(prefix=prefix.strip("-_."), major_in_name=major),
    )


def load_config(pyproject: Path, *, environ: Mapping[str, str] | None = None) -> FleetConfig:
    """Read and check ``[tool.sdkgen]``; ``environ`` (default: os.environ) may set the source."""
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"{pyproject}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"{pyproject}: is a directory, expected pyproject.toml") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{pyproject}: invalid TOML: {exc}") from None
    table = data.get("tool", {}).get("sdkgen")
    where = f"{pyproject.name} [tool.sdkgen]"
    if not isinstance(table, dict):
        raise UsageError(f"{pyproject}: no [tool.sdkgen] table describing the fleet")
    _reject_unknown(table, _ROOT_KEYS, where)
    root = pyproject.parent
    apis_table = table.get("apis")
    if not isinstance(apis_table, dict) or not apis_table:
        raise UsageError(f"{where}: 'apis' must list at least one API ([tool.sdkgen.apis.NAME])")
    apis = tuple(_api_config(name, api, pyproject) for name, api in apis_table.items())
    source: Source = "aws" if _choice(table, "source", where, SOURCES) == "aws" else "emulator"
    return FleetConfig(
        root=root,
        specs_dir=root / _text(table, "specs", where, "specs"),
        output_dir=root / _text(table, "output", where, "generated_clients"),
        dist_dir=root / _text(table, "dist", where, "dist"),
        apis=apis,
        region=_region(table, where),
        source=env_source(os.environ if environ is None else environ) or source,
        publish=_publish(table["publish"], pyproject) if "publish" in table else None,
        pyproject=pyproject,
    )


def only_apis(config: FleetConfig, names: Sequence[str]) -> FleetConfig:
    """``config`` with only the APIs called ``names``."""
    unknown = sorted(set(names) - {a.name for a in config.apis})
    if unknown:
        raise UsageError(f"unknown API(s): {', '.join(unknown)}")
    return replace(config, apis=tuple(a for a in config.apis if a.name in names))
