"""Local references: following them, and saying why one cannot be followed."""

from __future__ import annotations

from typing import Any

from generator.builder.context import Context, Problems, omission
from generator.spec.diagnostics import Diagnostic, pointer_target, unescape_pointer
from generator.spec.keys import SCHEMA_REF_PREFIX
from generator.spec.remote_refs import is_remote


def lookup(ctx: Context, ref: str) -> Any:
    return pointer_target(ctx.doc, ref)


def unfollowed(
    ptr: str, ref: str, outcome: str, *, recursive: bool = False, loop: bool = False
) -> Diagnostic:
    """The omission for a reference that is not followed, and what became of the value
    (``loop``: references that only lead to each other, never to a definition)."""
    if loop:
        return omission(
            ptr, "recursive-ref", f"reference {ref!r} leads only to a loop of references; {outcome}"
        )
    if recursive:
        return omission(ptr, "recursive-ref", f"reference {ref!r} refers to itself; {outcome}")
    if is_remote(ref):
        return omission(
            ptr,
            "remote-ref",
            f"reference {ref!r} is to another document, which was not fetched (http(s) "
            f"references are fetched with --allow-remote-refs); {outcome}",
        )
    return omission(ptr, "unresolved-ref", f"reference {ref!r} points nowhere; {outcome}")


def resolve(ctx: Context, node: Any, ptr: str, problems: Problems) -> tuple[Any, str]:
    """Follow the ``$ref``s of a non-schema object (a parameter, a body, a response).
    One that cannot be followed is left out, reported where it is used (``ptr``)."""
    use_site, seen = ptr, set()
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        ref = node["$ref"]
        if ref in seen:  # a loop (a finite document has no endless chain otherwise)
            problems.append(unfollowed(use_site, ref, "left out", loop=True))
            return None, use_site
        seen.add(ref)
        target = lookup(ctx, ref)
        if target is None:
            problems.append(unfollowed(ptr, ref, "left out"))
            return None, ptr
        node, ptr = target, ref.lstrip("#")
    return node, ptr


def component_key(ref: str) -> str | None:
    """``Pet`` for ``#/components/schemas/Pet`` (a named schema), else None."""
    if not ref.startswith(SCHEMA_REF_PREFIX):
        return None
    try:
        tokens = unescape_pointer(ref)
    except ValueError:
        return None
    return tokens[2] if len(tokens) == 3 else None


_STRUCTURAL_TOKENS = frozenset(
    {
        "components",
        "schemas",
        "properties",
        "items",
        "allOf",
        "anyOf",
        "oneOf",
        "not",
        "definitions",
        "$defs",
        "additionalProperties",
        "paths",
        "content",
        "schema",
        "responses",
        "requestBody",
        "parameters",
    }
)


def pointer_name(ref: str) -> str:
    """A class name hint for a schema elsewhere: its owner and its own name (``SubnetIpConfig``)."""
    try:
        tokens = unescape_pointer(ref)
    except ValueError:
        return "Schema"
    words = [t for t in tokens if t not in _STRUCTURAL_TOKENS and not t.isdigit() and "/" not in t]
    if not words:
        return "Schema"
    return words[0] if len(words) == 1 else f"{words[0]} {words[-1]}"
