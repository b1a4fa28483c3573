"""Snapshots on disk: the canonical JSON form and atomic writes that skip unchanged files.

The canonical form (sorted keys, two-space indent, UTF-8, final newline) makes a pull of an
unchanged stage change no byte, and diffs between pulls show only what changed in the API.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from generator.errors import DocumentError, SdkgenError
from generator.sources.aws_errors import one_line
from generator.spec.load import parse_document

Status = Literal["new", "updated", "unchanged"]


def canonical_json(data: Any) -> bytes:
    """``data`` as canonical JSON bytes."""
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        raise SdkgenError("the document holds text that is not valid Unicode") from None


def canonical_export(body: bytes, source: str) -> bytes:
    """The canonical form of an exported JSON document, or ``DocumentError`` (exit 1)."""
    text = body.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text.startswith(b"{"):
        start = one_line(text[:40].decode("utf-8", "replace"), 40) if text else "nothing"
        raise DocumentError(f"{source} is not a JSON object (it starts with {start!r})")
    try:
        loaded = parse_document(body, source)
    except DocumentError as exc:
        raise DocumentError(one_line(str(exc))) from None
    return canonical_json(loaded.data)


def status_of(path: Path, data: bytes) -> Status:
    """Whether writing ``data`` to ``path`` creates, changes or leaves the file alone."""
    if path.is_dir():
        raise SdkgenError(f"{path}: is a directory, expected a file")
    try:
        current = path.read_bytes()
    except FileNotFoundError:
        return "new"
    except OSError as exc:
        raise SdkgenError(f"{path}: cannot read ({exc.strerror})") from None
    return "unchanged" if current == data else "updated"


def _temporary(path: Path, data: bytes) -> Path:
    """Write ``data`` beside ``path`` under a hidden temporary name (mode 0666 minus umask)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    return temp


def write_files(contents: Mapping[Path, bytes]) -> dict[Path, Status]:
    """Write every changed file atomically; unchanged files are not touched.

    All new contents are first written to temporary files, then moved into place with
    ``os.replace``: a failure before that point leaves every existing file as it was.
    """
    statuses = {path: status_of(path, data) for path, data in contents.items()}
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in contents.items():
            if statuses[path] != "unchanged":
                staged.append((_temporary(path, data), path))
        for temp, path in staged:
            os.replace(temp, path)
    except OSError as exc:
        raise SdkgenError(
            f"cannot write {exc.filename or 'the snapshot'}: {exc.strerror}"
        ) from None
    finally:
        for temp, _ in staged:
            with contextlib.suppress(OSError):
                temp.unlink()  # already moved into place, or left over from a failure
    return statuses
