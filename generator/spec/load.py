"""Read an API document from bytes or a file: JSON or YAML, safely.

YAML is read with a safe loader that keeps what API documents mean rather than what YAML
guesses: mapping keys are always strings (``200:`` is the status code ``"200"``), and
timestamp-looking scalars such as ``version: 2020-10-18T19:46:01Z`` stay strings.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml

from generator.errors import DocumentError, UsageError
from generator.spec.diagnostics import Diagnostic

DEFAULT_MAX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class LoadedDocument:
    """A parsed document and where it came from."""

    data: dict[str, Any]
    source: str
    sha256: str
    syntax: Literal["json", "yaml"]


class _DocumentLoader(yaml.SafeLoader):
    """SafeLoader without implicit timestamps, with string keys."""


# Drop the implicit timestamp resolver: versions like 2021-03-31 must stay text.
_DocumentLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _scalar_key(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    return str(value)


def _construct_mapping(loader: _DocumentLoader, node: yaml.MappingNode) -> dict[str, Any]:
    loader.flatten_mapping(node)
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, (list, dict)):
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be a plain value", key_node.start_mark
            )
        result[_scalar_key(key)] = loader.construct_object(value_node, deep=True)
    return result


_DocumentLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _json_safe(value: Any) -> Any:
    """YAML may still produce bytes (``!!binary``) or floats like .nan: keep JSON's data model."""
    if isinstance(value, dict):
        return {k: _json_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_safe(v) for v in value]
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value


def parse_document(
    text: bytes, source: str, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> LoadedDocument:
    """Parse JSON or YAML bytes into a document mapping, or raise DocumentError."""
    if len(text) > max_bytes:
        raise DocumentError(
            f"{source}: document is {len(text):,} bytes, more than the limit of {max_bytes:,}",
            [Diagnostic("", "error", "document-too-large", "the document is larger than allowed")],
        )
    digest = hashlib.sha256(text).hexdigest()
    try:
        decoded = text.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(
            f"{source}: not UTF-8 text ({exc.reason} at byte {exc.start})"
        ) from None
    stripped = decoded.lstrip()
    syntax: Literal["json", "yaml"]
    if stripped.startswith("{") or stripped.startswith("["):
        syntax = "json"
        try:
            data = json.loads(decoded)
        except json.JSONDecodeError as exc:
            raise DocumentError(
                f"{source}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
            ) from None
        except RecursionError:
            raise DocumentError(f"{source}: JSON nesting is too deep") from None
    else:
        syntax = "yaml"
        try:
            data = _json_safe(yaml.load(decoded, Loader=_DocumentLoader))
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark
            where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
            raise DocumentError(f"{source}: invalid YAML{where}: {exc.problem}") from None
        except yaml.YAMLError as exc:
            raise DocumentError(f"{source}: invalid YAML: {exc}") from None
        except RecursionError:
            raise DocumentError(f"{source}: YAML nesting is too deep") from None
    if not isinstance(data, dict):
        raise DocumentError(
            f"{source}: expected a mapping at the top level, found {type(data).__name__}",
            [Diagnostic("", "error", "not-a-mapping", "the document is not a JSON/YAML object")],
        )
    return LoadedDocument(data=data, source=source, sha256=digest, syntax=syntax)


def load_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> LoadedDocument:
    """Read and parse a document file; a missing or unreadable file is a usage error."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise DocumentError(
                f"{path}: document is {size:,} bytes, more than the limit of {max_bytes:,}"
            )
        text = path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"{path}: is a directory, expected a document file") from None
    except PermissionError:
        raise UsageError(f"{path}: permission denied") from None
    return parse_document(text, str(path), max_bytes=max_bytes)
