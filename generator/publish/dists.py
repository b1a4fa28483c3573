"""The sdists and wheels in ``dist/``: which client and release each one is, and its sha256."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from packaging.utils import (
    InvalidSdistFilename,
    InvalidWheelFilename,
    canonicalize_name,
    parse_sdist_filename,
    parse_wheel_filename,
)

from generator.config import FleetConfig
from generator.naming import NameOptions, client_names


@dataclass(frozen=True)
class DistFile:
    """One file to publish."""

    path: Path
    project: str  # canonical (PEP 503) project name
    version: str  # normalized version
    kind: str  # "sdist", or the wheel's tags ("py3-none-any")
    sha256: str

    @property
    def filename(self) -> str:
        return self.path.name


def identify(filename: str) -> tuple[str, str, str] | None:
    """``(project, version, kind)`` of an sdist or wheel file name; None for anything else."""
    try:
        if filename.endswith(".whl"):
            name, version, _build, tags = parse_wheel_filename(filename)
            kind = ".".join(sorted(str(tag) for tag in tags))
        elif filename.endswith(".tar.gz"):
            name, version = parse_sdist_filename(filename)
            kind = "sdist"
        else:
            return None
    except (InvalidWheelFilename, InvalidSdistFilename):
        return None
    return canonicalize_name(name), str(version), kind


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def owners(config: FleetConfig, naming: NameOptions) -> dict[str, re.Pattern[str]]:
    """For each configured API, the pattern of the distribution names its clients have."""
    patterns = {}
    for api in config.apis:
        plain = NameOptions(prefix=naming.prefix)
        base = canonicalize_name(client_names(api.package, "0", plain)[0])
        suffix = r"(-v[0-9]+)?" if naming.major_in_name else ""
        patterns[api.name] = re.compile(re.escape(base) + suffix)
    return patterns


def find_dists(
    dist_dir: Path, patterns: dict[str, re.Pattern[str]], apis: Iterable[str] | None = None
) -> tuple[dict[str, list[DistFile]], list[Path]]:
    """The sdists and wheels in ``dist_dir`` by API (only ``apis`` when given), and the files
    that belong to no configured API (left alone)."""
    wanted = set(apis) if apis else set(patterns)
    found: dict[str, list[DistFile]] = {}
    strangers: list[Path] = []
    if not dist_dir.is_dir():
        return found, strangers
    for path in sorted(dist_dir.iterdir()):
        parsed = identify(path.name) if path.is_file() else None
        if parsed is None:
            continue
        project, version, kind = parsed
        owner = next((api for api, p in patterns.items() if p.fullmatch(project)), None)
        if owner is None:
            strangers.append(path)
        elif owner in wanted:
            found.setdefault(owner, []).append(
                DistFile(path, project, version, kind, sha256_of(path))
            )
    return found, strangers
