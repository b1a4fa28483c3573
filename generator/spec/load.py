"""Read an API document from bytes or a file: JSON or YAML, safely and within limits.

YAML is read with a safe loader that keeps what API documents mean rather than what YAML
guesses: mapping keys are always strings (``200:`` is the status code ``"200"``), and
timestamp-looking scalars such as ``version: 2020-10-18T19:46:01Z`` stay strings.

Hostile documents are refused with a DocumentError before they can cost much time or memory:
``Limits`` bounds the size in bytes, the nesting depth (checked on the YAML event stream and
on parsed JSON, before any recursive code sees the document) and, for YAML, the number of
aliases and the size of the document once aliases are expanded ("billion laughs").
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from generator.errors import DocumentError, UsageError
from generator.spec.diagnostics import Diagnostic

# Module-level defaults; each can be overridden by the environment variable next to it.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024  # SDKGEN_MAX_DOCUMENT_BYTES
DEFAULT_MAX_DEPTH = 128  # SDKGEN_MAX_NESTING_DEPTH; real documents nest less than 40 deep
DEFAULT_MAX_ALIASES = 10_000  # SDKGEN_MAX_YAML_ALIASES
DEFAULT_MAX_NODES = 5_000_000  # SDKGEN_MAX_YAML_NODES: values once YAML aliases are expanded

_ENVIRONMENT = {
    "max_bytes": "SDKGEN_MAX_DOCUMENT_BYTES",
    "max_depth": "SDKGEN_MAX_NESTING_DEPTH",
    "max_aliases": "SDKGEN_MAX_YAML_ALIASES",
    "max_nodes": "SDKGEN_MAX_YAML_NODES",
}


@dataclass(frozen=True)
class Limits:
    """What a document may cost to read."""

    max_bytes: int = DEFAULT_MAX_BYTES
    max_depth: int = DEFAULT_MAX_DEPTH
    max_aliases: int = DEFAULT_MAX_ALIASES
    max_nodes: int = DEFAULT_MAX_NODES

    @classmethod
    def from_environment(cls, **overrides: int) -> Limits:
        values: dict[str, int] = {}
        for name, variable in _ENVIRONMENT.items():
            raw = os.environ.get(variable)
            if raw is not None:
                try:
                    values[name] = int(raw)
                except ValueError:
                    raise UsageError(f"{variable}={raw!r} is not a whole number") from None
        return cls(**(values | overrides))


@dataclass(frozen=True)
class LoadedDocument:
    """A parsed document and where it came from."""

    data: dict[str, Any]
    source: str
    sha256: str
    syntax: Literal["json", "yaml"]
    notes: tuple[Diagnostic, ...] = field(default=(), compare=False)


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


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[str, Any]:
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


def _fast_loader() -> type[Any] | None:
    """libyaml's parser and composer with the same constructors and resolvers, if built."""
    try:
        from yaml._yaml import CParser
    except ImportError:  # pragma: no cover - PyYAML built without libyaml
        return None
    from yaml.constructor import SafeConstructor
    from yaml.resolver import Resolver

    class FastDocumentLoader(CParser, SafeConstructor, Resolver):
        yaml_implicit_resolvers = _DocumentLoader.yaml_implicit_resolvers
        yaml_constructors = _DocumentLoader.yaml_constructors

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

    return FastDocumentLoader


_LOADER: type[Any] = _fast_loader() or _DocumentLoader


def _too_deep(source: str, limit: int) -> DocumentError:
    return DocumentError(
        f"{source}: nesting is deeper than the limit of {limit} levels",
        [Diagnostic("", "error", "document-too-deep", f"nesting deeper than {limit} levels")],
    )


def _check_yaml_events(text: str, source: str, limits: Limits) -> None:
    """Depth, aliases and expanded size from the event stream, before anything is built.

    Each anchored node's expanded size is remembered; an alias adds that size again, so a
    "billion laughs" document is refused after reading a few lines, not after expanding.
    """
    loader = _LOADER(text)
    counts: list[int] = [0]  # values under each open collection
    anchors: list[str | None] = []
    sizes: dict[str, int] = {}
    aliases = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if len(anchors) >= limits.max_depth:
                    raise _too_deep(source, limits.max_depth)
                counts.append(0)
                anchors.append(event.anchor)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                size = counts.pop() + 1
                anchor = anchors.pop()
                if anchor is not None:
                    sizes[anchor] = size
                counts[-1] += size
            elif isinstance(event, yaml.ScalarEvent):
                counts[-1] += 1
                if event.anchor is not None:
                    sizes[event.anchor] = 1
            elif isinstance(event, yaml.AliasEvent):
                if event.anchor in anchors:
                    raise DocumentError(
                        f"{source}: YAML alias *{event.anchor} refers to a node that contains it",
                        [Diagnostic("", "error", "yaml-recursive-alias", "recursive alias")],
                    )
                aliases += 1
                if aliases > limits.max_aliases:
                    raise DocumentError(
                        f"{source}: more than {limits.max_aliases:,} YAML aliases",
                        [Diagnostic("", "error", "yaml-too-many-aliases", "too many aliases")],
                    )
                counts[-1] += sizes.get(str(event.anchor), 1)
            if counts[-1] > limits.max_nodes:
                raise DocumentError(
                    f"{source}: more than {limits.max_nodes:,} values once YAML aliases are "
                    "expanded (an alias bomb?)",
                    [Diagnostic("", "error", "yaml-alias-expansion", "aliases expand too much")],
                )
    finally:
        loader.dispose()


_LONE_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _plain(value: Any) -> Any:
    """JSON's data model: YAML's bytes (``!!binary``) decoded, lone surrogates replaced."""
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, str) and not value.isascii():
        return _SURROGATE.sub("\ufffd", value)
    return value


def nesting_depth(value: Any, limit: int) -> int:
    """Depth of nested containers (a scalar is 0), counted without recursion, up to ``limit+1``."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children: Any = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        depth += 1
        deepest = max(deepest, depth)
        if deepest > limit:
            return deepest
        stack.extend((child, depth) for child in children)
    return deepest


def _parse_json(decoded: str, source: str, limits: Limits) -> Any:
    try:
        data = json.loads(decoded)
    except json.JSONDecodeError as exc:
        message = f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        raise DocumentError(
            f"{source}: {message}", [Diagnostic("", "error", "invalid-json", message)]
        ) from None
    except RecursionError:  # the C parser guards its recursion: deeper than ~1000
        raise _too_deep(source, limits.max_depth) from None
    if nesting_depth(data, limits.max_depth) > limits.max_depth:
        raise _too_deep(source, limits.max_depth)
    return _plain(data) if _LONE_SURROGATE_ESCAPE.search(decoded) else data


def _parse_yaml(decoded: str, source: str, limits: Limits) -> Any:
    try:
        _check_yaml_events(decoded, source, limits)
        loader = _LOADER(decoded)
        try:
            data = loader.get_single_data()
        finally:
            loader.dispose()
        return _plain(data)
    except yaml.MarkedYAMLError as exc:
        if "nesting depth" in str(exc.problem):  # libyaml's own limit, met while scanning
            raise _too_deep(source, limits.max_depth) from None
        mark = exc.problem_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        message = f"invalid YAML{where}: {exc.problem}"
        raise DocumentError(
            f"{source}: {message}", [Diagnostic("", "error", "invalid-yaml", message)]
        ) from None
    except yaml.YAMLError as exc:
        raise DocumentError(
            f"{source}: invalid YAML: {exc}",
            [Diagnostic("", "error", "invalid-yaml", f"invalid YAML: {exc}")],
        ) from None
    except RecursionError:
        raise _too_deep(source, limits.max_depth) from None


def _too_large(source: str, size: int, limit: int) -> DocumentError:
    return DocumentError(
        f"{source}: document is {size:,} bytes, more than the limit of {limit:,}",
        [Diagnostic("", "error", "document-too-large", "the document is larger than allowed")],
    )


def parse_document(
    text: bytes,
    source: str,
    *,
    max_bytes: int | None = None,
    limits: Limits | None = None,
    allow_remote_refs: bool | None = None,
) -> LoadedDocument:
    """Parse JSON or YAML bytes into a document mapping, or raise DocumentError.

    ``allow_remote_refs`` (default: ``remote_refs.SETTINGS.allowed``, off) fetches and inlines
    http(s) ``$ref``s; otherwise they are left for the IR builder to report.
    """
    limits = limits or Limits.from_environment()
    if max_bytes is not None:
        limits = Limits(max_bytes, limits.max_depth, limits.max_aliases, limits.max_nodes)
    if len(text) > limits.max_bytes:
        raise _too_large(source, len(text), limits.max_bytes)
    digest = hashlib.sha256(text).hexdigest()
    try:
        decoded = text.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(
            f"{source}: not UTF-8 text ({exc.reason} at byte {exc.start})",
            [Diagnostic("", "error", "not-utf8", f"not UTF-8 at byte {exc.start}")],
        ) from None
    stripped = decoded.lstrip()
    syntax: Literal["json", "yaml"]
    if stripped.startswith("{") or stripped.startswith("["):
        syntax = "json"
        data = _parse_json(decoded, source, limits)
    else:
        syntax = "yaml"
        data = _parse_yaml(decoded, source, limits)
    if not isinstance(data, dict):
        raise DocumentError(
            f"{source}: expected a mapping at the top level, found {type(data).__name__}",
            [Diagnostic("", "error", "not-a-mapping", "the document is not a JSON/YAML object")],
        )
    notes: tuple[Diagnostic, ...] = ()
    from generator.spec import remote_refs

    if remote_refs.SETTINGS.allowed if allow_remote_refs is None else allow_remote_refs:
        data, found = remote_refs.inline_remote_refs(data, limits=limits)
        notes = tuple(found)
    return LoadedDocument(data=data, source=source, sha256=digest, syntax=syntax, notes=notes)


def load_file(
    path: Path,
    *,
    max_bytes: int | None = None,
    limits: Limits | None = None,
    allow_remote_refs: bool | None = None,
) -> LoadedDocument:
    """Read and parse a document file; a missing or unreadable file is a usage error."""
    limits = limits or Limits.from_environment()
    limit = max_bytes if max_bytes is not None else limits.max_bytes
    try:
        size = path.stat().st_size
        if size > limit:
            raise _too_large(str(path), size, limit)
        text = path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"{path}: is a directory, expected a document file") from None
    except PermissionError:
        raise UsageError(f"{path}: permission denied") from None
    return parse_document(
        text, str(path), max_bytes=max_bytes, limits=limits, allow_remote_refs=allow_remote_refs
    )
