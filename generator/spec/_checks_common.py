"""Helpers shared by the conformance check and sdkgen's own rules: walking and locating."""

from __future__ import annotations

import json
import re
from collections.abc import Hashable, Iterator, Mapping, Sequence
from typing import Any, Final
from urllib.parse import unquote

from generator.spec.diagnostics import Diagnostic

_EXTENSION_PREFIX: Final = "x-amazon-apigateway-"
# Values that are data, not document structure: a "$ref" key inside them is not a reference.
_DATA_KEYS: Final = frozenset({"example", "default", "enum", "const"})
_MAX_REF_HOPS: Final = 64
_MAX_MESSAGE: Final = 300

Token = str | int
# A finding plus an optional key naming the fact it reports; validate_document uses the keys to
# drop a conformance finding when one of our rules states the same fact more precisely.
_Finding = tuple[Diagnostic, Hashable | None]
_MISSING: Final = object()


def _child(node: Any, token: Token) -> Any:
    """``node[token]`` for a mapping or list, or ``_MISSING``."""
    if isinstance(node, Mapping):
        if token in node:
            return node[token]
        if isinstance(token, int) and str(token) in node:
            return node[str(token)]
        return _MISSING
    if isinstance(node, list):
        try:
            index = int(token)
        except ValueError:
            return _MISSING
        if 0 <= index < len(node):
            return node[index]
    return _MISSING


def _walk(doc: Any, tokens: Sequence[Token]) -> Any:
    node = doc
    for token in tokens:
        node = _child(node, token)
        if node is _MISSING:
            break
    return node


def _local_ref_tokens(ref: str) -> list[str] | None:
    """Tokens of a local reference (``#/a/b``, ``#``, ``""``), or None if it is not local."""
    if ref == "" or ref == "#":
        return []
    if not ref.startswith("#/"):
        return None
    # A URI fragment: percent-decode it into a JSON pointer, then unescape its tokens (RFC 6901).
    return [t.replace("~1", "/").replace("~0", "~") for t in unquote(ref[2:]).split("/")]


def _deref(doc: Mapping[str, Any], node: Any) -> Any:
    """Follow local ``$ref``s (with a hop limit); a dangling or remote ref gives ``_MISSING``."""
    hops = 0
    while isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
        tokens = _local_ref_tokens(node["$ref"])
        hops += 1
        if tokens is None or hops > _MAX_REF_HOPS:
            return _MISSING
        node = _walk(doc, tokens)
    return node


def _real_location(doc: Mapping[str, Any], parts: Sequence[Token]) -> list[Token]:
    """Map a validator path (which may pass through ``$ref``s) to a place that exists in ``doc``.

    Where the path enters a ``$ref``, the location continues at the reference's target; where it
    cannot be followed any further, the longest resolvable prefix is returned.
    """
    node: Any = doc
    location: list[Token] = []
    hops = 0
    for part in parts:
        child = _child(node, part)
        while child is _MISSING:
            ref = node.get("$ref") if isinstance(node, Mapping) else None
            tokens = _local_ref_tokens(ref) if isinstance(ref, str) else None
            if tokens is None or hops >= _MAX_REF_HOPS:
                return location
            target = _walk(doc, tokens)
            if target is _MISSING:
                return location
            hops += 1
            node, location = target, list(tokens)
            child = _child(node, part)
        node = child
        location.append(part)
    return location


def _thing_name(tokens: Sequence[Token]) -> str:
    """How a message names the value at ``tokens``: its key, or "item N of 'key'"."""
    if not tokens:
        return "the document"
    last = tokens[-1]
    if isinstance(last, int):
        parent = tokens[-2] if len(tokens) > 1 else "list"
        return f"item {last} of '{parent}'"
    return f"'{last}'"


_TYPE_WORDS: Final = {
    "object": "an object",
    "array": "a list",
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "null": "null",
}


def _found(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the string {_short(value)}"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    return f"a {type(value).__name__} value"


def _short(value: Any, limit: int = 60) -> str:
    """A value as a person would write it in JSON/YAML (true, null), shortened."""
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _clip(text: str) -> str:
    return text if len(text) <= _MAX_MESSAGE else text[: _MAX_MESSAGE - 3] + "..."


def _expected(types: Any) -> str:
    names = [types] if isinstance(types, str) else list(types) if isinstance(types, list) else []
    words = [_TYPE_WORDS.get(str(t), str(t)) for t in names]
    return " or ".join(words) if words else "something else"


def _parameters(doc: Mapping[str, Any], container: Any) -> Iterator[tuple[int, Mapping[str, Any]]]:
    """(index, parameter) for each parameter of a path item or operation, refs followed."""
    if not isinstance(container, Mapping):
        return
    params = container.get("parameters")
    if not isinstance(params, list):
        return
    for index, entry in enumerate(params):
        param = _deref(doc, entry)
        if isinstance(param, Mapping):
            yield index, param


_TEMPLATE_RE: Final = re.compile(r"\{([^{}/]+)\}")


def _template_names(path: str) -> list[str]:
    return _TEMPLATE_RE.findall(path)


def _declared_path_names(doc: Mapping[str, Any], path_item: Any, operation: Any) -> set[str]:
    names: set[str] = set()
    for container in (path_item, operation):
        for _, param in _parameters(doc, container):
            if param.get("in") == "path" and isinstance(param.get("name"), str):
                names.add(param["name"])
    return names
