"""Where corpus files are: the vendored copy, and SDKGEN_EXTRA_CORPUS for the others."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from generator.corpus import locations
from generator.corpus.documents import indexed_apigateway_documents
from generator.corpus.locations import (
    EXTRA_CORPUS_ENV,
    INDEX_FILE,
    apigateway_index,
    available_apigateway,
    locate,
)
from generator.errors import UsageError

DOC = b'{"openapi": "3.0.1", "info": {"title": "t", "version": "1"}, "paths": {}}'


def _entry(name: str, vendored: bool) -> dict[str, object]:
    return {
        "file": name,
        "repo": "owner/repo",
        "commit": "0" * 40,
        "path": f"docs/{name}",
        "license": "MIT" if vendored else "NONE",
        "vendored": vendored,
        "reason": None if vendored else "the repository has no license",
        "sha256": hashlib.sha256(DOC).hexdigest(),
        "spec": "openapi-3.0.1",
        "operations": 0,
        "validator_failure": None,
    }


def _root(tmp_path: Path) -> Path:
    root = tmp_path / "apigateway"
    root.mkdir()
    entries = [_entry("a.json", True), _entry("b.json", False)]
    (root / INDEX_FILE).write_text(json.dumps({"documents": entries}))
    (root / "a.json").write_bytes(DOC)
    return root


def test_an_unvendored_document_is_absent_with_its_reason(tmp_path: Path) -> None:
    root = _root(tmp_path)
    found, absent = available_apigateway(root, environ={})
    assert found == [root / "a.json"]
    assert [d.file for d in absent] == ["b.json"]
    reason = absent[0].missing_reason()
    assert reason.startswith("not vendored: owner/repo: the repository has no license")
    assert f"set {EXTRA_CORPUS_ENV}=" in reason


def test_an_extra_directory_supplies_it(tmp_path: Path) -> None:
    root = _root(tmp_path)
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "b.json").write_bytes(DOC)
    environ = {EXTRA_CORPUS_ENV: f"{tmp_path / 'empty'}:{extra}"}
    found, absent = available_apigateway(root, environ=environ)
    assert found == [root / "a.json", extra / "b.json"]
    assert absent == []


def test_an_extra_file_with_other_bytes_is_an_error(tmp_path: Path) -> None:
    root = _root(tmp_path)
    (tmp_path / "b.json").write_bytes(DOC + b"\n")
    with pytest.raises(UsageError, match="SHA-256 differs"):
        available_apigateway(root, environ={EXTRA_CORPUS_ENV: str(tmp_path)})


def test_a_missing_vendored_file_is_an_error(tmp_path: Path) -> None:
    root = _root(tmp_path)
    (root / "a.json").unlink()
    with pytest.raises(UsageError, match="says it is vendored"):
        locate(apigateway_index(root)[0], root, environ={})


def test_the_corpus_runner_takes_the_indexed_documents(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(EXTRA_CORPUS_ENV, raising=False)
    documents, absent = indexed_apigateway_documents()
    assert len(documents) == 31 and len(absent) == 11
    assert all(d.path.parent == locations.APIGATEWAY for d in documents)
