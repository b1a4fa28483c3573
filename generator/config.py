"""The fleet: which APIs to generate, from where, under which package names.

Read from ``[tool.sdkgen]`` in pyproject.toml. Every problem names its place in the file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import UsageError
from generator.naming import package_name

SPEC_SUFFIXES = (".json", ".yaml", ".yml")


@dataclass(frozen=True)
class ApiConfig:
    name: str  # key in the config: folder under specs/ and generated_clients/
    package: str  # distribution name of the generated client
    stage: str  # the stage whose document the client is generated from
    version: str | None

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


@dataclass(frozen=True)
class FleetConfig:
    root: Path
    specs_dir: Path
    output_dir: Path
    dist_dir: Path
    apis: tuple[ApiConfig, ...]


def _text(table: dict[str, Any], key: str, where: str, default: str | None = None) -> str:
    value = table.get(key, default)
    if not isinstance(value, str) or not value.strip():
        raise UsageError(f"{where}: '{key}' must be a non-empty string")
    return value


def load_config(pyproject: Path) -> FleetConfig:
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"{pyproject}: no such file") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{pyproject}: invalid TOML: {exc}") from None
    table = data.get("tool", {}).get("sdkgen")
    where = f"{pyproject.name} [tool.sdkgen]"
    if not isinstance(table, dict):
        raise UsageError(f"{pyproject}: no [tool.sdkgen] table describing the fleet")
    root = pyproject.parent
    apis_table = table.get("apis")
    if not isinstance(apis_table, dict) or not apis_table:
        raise UsageError(f"{where}: 'apis' must list at least one API ([tool.sdkgen.apis.NAME])")
    known = {"package", "stage", "version"}
    apis: list[ApiConfig] = []
    for name, api in apis_table.items():
        api_where = f"{pyproject.name} [tool.sdkgen.apis.{name}]"
        if not isinstance(api, dict):
            raise UsageError(f"{api_where}: must be a table")
        unknown = sorted(set(api) - known)
        if unknown:
            raise UsageError(f"{api_where}: unknown key(s) {', '.join(unknown)}")
        package = _text(api, "package", api_where, f"{name}-client")
        if package_name(package) != package.lower().replace("_", "-"):
            raise UsageError(f"{api_where}: 'package' {package!r} is not a valid distribution name")
        version = api.get("version")
        if version is not None and not isinstance(version, str):
            raise UsageError(f"{api_where}: 'version' must be a string")
        apis.append(ApiConfig(name, package, _text(api, "stage", api_where, "prod"), version))
    return FleetConfig(
        root=root,
        specs_dir=root / _text(table, "specs", where, "specs"),
        output_dir=root / _text(table, "output", where, "generated_clients"),
        dist_dir=root / _text(table, "dist", where, "dist"),
        apis=tuple(apis),
    )
