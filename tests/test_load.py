from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.errors import DocumentError, UsageError
from generator.spec.load import load_file, parse_document


def test_yaml_integer_status_keys_and_timestamps_stay_text() -> None:
    text = b"""---
openapi: 3.0.1
info:
  title: t
  version: 2020-10-18T19:46:01Z
paths:
  /a:
    get:
      responses:
        200:
          description: ok
        400:
          description: bad
"""
    doc = parse_document(text, "x.yaml")
    assert doc.syntax == "yaml"
    assert doc.data["info"]["version"] == "2020-10-18T19:46:01Z"
    assert list(doc.data["paths"]["/a"]["get"]["responses"]) == ["200", "400"]
    assert doc.data["openapi"] == "3.0.1"


def test_yaml_date_only_version_stays_text() -> None:
    doc = parse_document(b"swagger: '2.0'\ninfo: {title: t, version: 2021-03-31}\n", "x.yaml")
    assert doc.data["info"]["version"] == "2021-03-31"


def test_json_document_and_sha256() -> None:
    raw = json.dumps({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}}).encode()
    doc = parse_document(raw, "x.json")
    assert doc.syntax == "json"
    import hashlib

    assert doc.sha256 == hashlib.sha256(raw).hexdigest()


def test_yaml_python_tags_are_refused() -> None:
    with pytest.raises(DocumentError, match="invalid YAML"):
        parse_document(b"a: !!python/object/apply:os.system ['echo hi']\n", "x.yaml")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (b'{"openapi": ', "invalid JSON at line 1"),
        (b"a: [1, 2\n", "invalid YAML at line"),
        (b"- 1\n- 2\n", "expected a mapping at the top level, found list"),
        (b"\xff\xfe\x00", "not UTF-8"),
    ],
)
def test_unreadable_documents_get_located_messages(text: bytes, message: str) -> None:
    with pytest.raises(DocumentError, match=message):
        parse_document(text, "doc")


def test_size_limit() -> None:
    with pytest.raises(DocumentError, match="more than the limit"):
        parse_document(b"{}" + b" " * 100, "doc", max_bytes=50)


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file"):
        load_file(tmp_path / "nope.json")
    with pytest.raises(UsageError, match="is a directory"):
        load_file(tmp_path)
