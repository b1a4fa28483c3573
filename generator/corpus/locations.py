"""Where the repository's test corpus lives: ``tests/corpus/``, plus optional extra directories.

The 42 API Gateway exports are indexed in ``tests/corpus/apigateway/_index.json`` (source
repository, commit, path, license, SHA-256). Those whose repository's license allows it are
vendored beside the index; the others can only come from a directory named by
``SDKGEN_EXTRA_CORPUS`` (several: separated by ``os.pathsep``), where a file counts only if it has
the recorded SHA-256. The tests, ``nox -s corpus`` and ``nox -s bench`` all ask this module.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.errors import UsageError

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "tests" / "corpus"
APIGATEWAY = CORPUS / "apigateway"
DIFF_CASES = CORPUS / "diff" / "cases"
OPC_E2E = CORPUS / "opc-e2e"
EXTRA_CORPUS_ENV = "SDKGEN_EXTRA_CORPUS"
INDEX_FILE = "_index.json"  # "_": not a document for the corpus runner (documents.py)


@dataclass(frozen=True)
class IndexedDocument:
    """One document of the API Gateway index (``_index.json``)."""

    file: str
    repo: str
    commit: str
    path: str
    license: str
    vendored: bool
    reason: str | None  # why it is not vendored
    sha256: str
    spec: str  # "swagger-2.0", "openapi-3.0.1", ...
    operations: int
    validator_failure: str | None  # openapi-spec-validator's first complaint, as first indexed

    @property
    def swagger(self) -> bool:
        return self.spec.startswith("swagger")

    def missing_reason(self) -> str:
        """Why the document is absent, and how to include it."""
        return (
            f"not vendored: {self.repo}: {self.reason}; "
            f"set {EXTRA_CORPUS_ENV}=<dir holding {self.file}> to include it"
        )


def apigateway_index(root: Path = APIGATEWAY) -> list[IndexedDocument]:
    """Every indexed document, vendored or not, sorted by file name."""
    data = json.loads((root / INDEX_FILE).read_text(encoding="utf-8"))
    documents = [
        IndexedDocument(
            file=entry["file"],
            repo=entry["repo"],
            commit=entry["commit"],
            path=entry["path"],
            license=entry["license"],
            vendored=entry["vendored"],
            reason=entry["reason"],
            sha256=entry["sha256"],
            spec=entry["spec"],
            operations=entry["operations"],
            validator_failure=entry["validator_failure"],
        )
        for entry in data["documents"]
    ]
    return sorted(documents, key=lambda d: d.file)


def extra_dirs(environ: Mapping[str, str] = os.environ) -> list[Path]:
    """The directories named by ``SDKGEN_EXTRA_CORPUS``, in order."""
    value = environ.get(EXTRA_CORPUS_ENV, "")
    return [Path(part).expanduser() for part in value.split(os.pathsep) if part.strip()]


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def locate(
    document: IndexedDocument, root: Path = APIGATEWAY, environ: Mapping[str, str] = os.environ
) -> Path | None:
    """The document's file: vendored, else from an extra directory; None when absent.

    A vendored file that is missing, or an extra file with other bytes than indexed, is an error
    (a broken checkout or the wrong directory), never a silent skip.
    """
    if document.vendored:
        path = root / document.file
        if not path.is_file():
            raise UsageError(f"{path}: missing, although the corpus index says it is vendored")
        return path
    for directory in extra_dirs(environ):
        path = directory / document.file
        if path.is_file():
            if file_sha256(path) != document.sha256:
                raise UsageError(
                    f"{path}: not the indexed document {document.file} (its SHA-256 differs); "
                    f"check {EXTRA_CORPUS_ENV}"
                )
            return path
    return None


def available_apigateway(
    root: Path = APIGATEWAY, environ: Mapping[str, str] = os.environ
) -> tuple[list[Path], list[IndexedDocument]]:
    """The files at hand (sorted by name) and the indexed documents that are absent."""
    found: list[Path] = []
    absent: list[IndexedDocument] = []
    for document in apigateway_index(root):
        path = locate(document, root, environ)
        if path is None:
            absent.append(document)
        else:
            found.append(path)
    return found, absent
