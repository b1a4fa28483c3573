"""A schema's meaning as text: local references inlined, documentation left out, keys sorted.

Two schemas with the same signature validate the same values, whether written inline or
through a ``$ref`` and whatever their titles and descriptions say. Used to recognize an inline
schema moved into a component (or back) and to compare sub-schemas whose changes cannot be
graded piece by piece (``not``, ``if``).
"""

from __future__ import annotations

import json
from typing import Any

from generator.diff.resolve import Resolver

DOCUMENTATION = frozenset({"description", "title", "$comment"})
_ANNOTATIONS = frozenset({"example", "examples", "externalDocs", "xml"})
_MAX_DEPTH = 32


def signature(node: Any, resolver: Resolver | None) -> str:
    return json.dumps(_strip(node, resolver, frozenset(), 0), sort_keys=True, default=str)


def _strip(node: Any, resolver: Resolver | None, following: frozenset[str], depth: int) -> Any:
    if depth > _MAX_DEPTH:
        return "..."
    if isinstance(node, list):
        return [_strip(item, resolver, following, depth + 1) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str) and resolver is not None:
        if ref in following:
            return {"$recursive": ref.rsplit("/", 1)[-1]}
        target, _ = resolver.deref({"$ref": ref})
        siblings = {k: v for k, v in node.items() if k != "$ref"}
        merged = {**target, **siblings} if isinstance(target, dict) else target
        return _strip(merged, resolver, following | {ref}, depth + 1)
    return {
        key: _strip(value, resolver, following, depth + 1)
        for key, value in node.items()
        if not _documentation(key, value)
    }


def _documentation(key: str, value: Any) -> bool:
    """Prose or examples (a property *named* ``title`` holds a schema, a mapping: kept)."""
    return key in _ANNOTATIONS or (key in DOCUMENTATION and not isinstance(value, dict))
