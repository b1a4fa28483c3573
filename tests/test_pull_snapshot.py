"""Snapshots on disk: the canonical JSON form and atomic, change-only writes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from generator.errors import DocumentError, SdkgenError
from generator.sources import snapshot
from generator.sources.snapshot import canonical_export, canonical_json, write_files


def test_the_canonical_form() -> None:
    data = {"b": [1, {"z": None, "a": "é"}], "a": {}, "$ref": "x"}
    expected = '{\n  "$ref": "x",\n  "a": {},\n  "b": [\n    1,\n    {\n      "a": "é",\n      "z": null\n    }\n  ]\n}\n'
    assert canonical_json(data) == expected.encode("utf-8")


def test_an_export_is_canonicalized_whatever_its_layout() -> None:
    jackson = b'\xef\xbb\xbf{\n  "paths" : { },\n  "openapi" : "3.0.1",\n  "info" : {\n    "version" : "1.0"\n  }\n}'
    compact = b'{"openapi":"3.0.1","info":{"version":"1.0"},"paths":{}}'
    first = canonical_export(jackson, "export")
    assert first == canonical_export(compact, "export")
    assert canonical_export(first, "export") == first  # a fixed point
    assert json.loads(first) == {"openapi": "3.0.1", "info": {"version": "1.0"}, "paths": {}}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "export is not a JSON object (it starts with 'nothing')"),
        (b"openapi: 3.0.1\n", "export is not a JSON object (it starts with 'openapi: 3.0.1')"),
        (b'{"a": }', "export: invalid JSON at line 1, column 7: Expecting value"),
        (b'{"a": "\xff"}', "export: not UTF-8 text"),
    ],
)
def test_an_export_that_is_not_a_json_document(body: bytes, message: str) -> None:
    with pytest.raises(DocumentError) as caught:
        canonical_export(body, "export")
    assert str(caught.value).startswith(message)
    assert caught.value.exit_code == 1


def test_writes_report_new_updated_unchanged_and_skip_unchanged_files(tmp_path: Path) -> None:
    a, b = tmp_path / "specs" / "x" / "a.json", tmp_path / "specs" / "x" / "b.json"
    assert write_files({a: b"1\n", b: b"2\n"}) == {a: "new", b: "new"}
    mtime = a.stat().st_mtime_ns
    assert write_files({a: b"1\n", b: b"3\n"}) == {a: "unchanged", b: "updated"}
    assert a.stat().st_mtime_ns == mtime
    assert (a.read_bytes(), b.read_bytes()) == (b"1\n", b"3\n")
    assert sorted(p.name for p in a.parent.iterdir()) == ["a.json", "b.json"]


def test_new_files_get_the_usual_permissions(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        write_files({tmp_path / "a.json": b"{}\n"})
    finally:
        os.umask(previous)
    assert (tmp_path / "a.json").stat().st_mode & 0o777 == 0o644


def test_a_failed_write_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    write_files({a: b"old a\n", b: b"old b\n"})
    calls = []

    def failing_fsync(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(28, "No space left on device", str(b))

    monkeypatch.setattr(snapshot.os, "fsync", failing_fsync)
    with pytest.raises(SdkgenError, match=r"cannot write .*b\.json: No space left on device"):
        write_files({a: b"new a\n", b: b"new b\n"})
    assert (a.read_bytes(), b.read_bytes()) == (b"old a\n", b"old b\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "b.json"]  # no temp files


def test_a_directory_in_the_way_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "a.json").mkdir()
    with pytest.raises(SdkgenError, match="is a directory, expected a file"):
        write_files({tmp_path / "a.json": b"{}\n"})
