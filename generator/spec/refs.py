"""References that cannot be followed inside a document (to another document, or pointing
nowhere), and a copy of a document without them, for tools that would fetch or refuse them
(the Prism mock server, the JSON Schema validator of example values)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from generator.spec.diagnostics import pointer_target

_MISSING = object()


def references(node: Any) -> Iterator[str]:
    """Every ``$ref`` value in ``node``."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            ref = item.get("$ref")
            if isinstance(ref, str):
                yield ref
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def followable(document: Mapping[str, Any], ref: str) -> bool:
    """A local reference to something the document holds."""
    return pointer_target(document, ref, _MISSING) is not _MISSING


def self_contained(document: Mapping[str, Any]) -> bool:
    return all(followable(document, ref) for ref in references(document))


def without_unfollowable_refs(document: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``document`` where each reference that cannot be followed is ``{}`` (any
    value: what the client types such a value, ``Any``)."""

    def copy(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and not followable(document, ref):
                return {}
            return {k: copy(v) for k, v in node.items()}
        if isinstance(node, list):
            return [copy(v) for v in node]
        return node

    copied: dict[str, Any] = copy(document)
    return copied
