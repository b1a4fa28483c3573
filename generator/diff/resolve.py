"""Follow local ``$ref``s of one document, memoized and safe against reference cycles."""

from __future__ import annotations

from typing import Any

from generator.spec.diagnostics import pointer_target, unescape_pointer

_MISSING = object()


class Resolver:
    """Looks up ``#/...`` references of one document; each reference is looked up once."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self._targets: dict[str, Any] = {}

    def lookup(self, ref: str) -> Any:
        """The node a reference points to, or ``None`` when it points nowhere (or outside)."""
        cached = self._targets.get(ref, _MISSING)
        if cached is not _MISSING:
            return cached
        target = pointer_target(self.document, ref)
        self._targets[ref] = target
        return target

    def at(self, pointer: str) -> dict[str, Any]:
        """The mapping at a JSON pointer of the document (``{}`` when there is none)."""
        target = self.lookup("#" + pointer)
        return target if isinstance(target, dict) else {}

    def deref(self, node: Any) -> tuple[Any, str | None]:
        """Follow a chain of references.

        Returns the node finally reached and the last reference followed (``None`` when ``node``
        is not a reference). A reference that points nowhere, or a cycle of references, yields
        an empty mapping (an unconstrained schema).
        """
        last: str | None = None
        seen: set[str] = set()
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if ref in seen:
                return {}, ref
            seen.add(ref)
            target = self.lookup(ref)
            if target is None:
                return {}, ref
            node, last = target, ref
        return node, last

    def mapping(self, node: Any) -> dict[str, Any]:
        """The mapping a node stands for after following references (``{}`` if not a mapping)."""
        target, _ = self.deref(node)
        return target if isinstance(target, dict) else {}


def ref_name(ref: str) -> str:
    """The last token of a reference: ``#/components/schemas/Dog`` -> ``Dog``."""
    try:
        tokens = unescape_pointer(ref) if ref.startswith("#") else [ref]
    except ValueError:
        return ref
    return tokens[-1] if tokens else ref
