"""``allOf`` merged into one effective schema, so a schema split into ``allOf`` parts (nested or
flat, inline or referenced) compares equal to its merged form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.diff.resolve import Resolver, ref_name

# Keywords of an allOf member that do not carry over to the merged schema.
_NOT_INHERITED = frozenset(
    {"description", "title", "properties", "required", "allOf", "discriminator", "example"}
)


@dataclass(frozen=True)
class Flat:
    """A schema with its ``allOf`` members merged in, and the names of the referenced members
    (nested ones included)."""

    schema: dict[str, Any]
    properties: dict[str, Any]
    required: frozenset[str]
    all_of_refs: tuple[str, ...]


def flatten(node: dict[str, Any], resolver: Resolver, seen: frozenset[str] = frozenset()) -> Flat:
    raw_props = node.get("properties")
    raw_required = node.get("required")
    required = {str(r) for r in raw_required} if isinstance(raw_required, list) else set()
    if "allOf" not in node:
        properties = raw_props if isinstance(raw_props, dict) else {}
        return Flat(node, properties, frozenset(required), ())
    schema = dict(node)
    properties = dict(raw_props) if isinstance(raw_props, dict) else {}
    refs: list[str] = []
    members = schema.pop("allOf", None)
    if isinstance(members, list):
        for member in members:
            target, ref = resolver.deref(member)
            if ref is not None:
                refs.append(ref_name(ref))
                if ref in seen:
                    continue
            if not isinstance(target, dict):
                continue
            sub = flatten(target, resolver, seen | {ref} if ref else seen)
            refs.extend(sub.all_of_refs)
            for name, prop in sub.properties.items():
                properties.setdefault(name, prop)
            required |= sub.required
            for keyword, value in sub.schema.items():
                if keyword not in _NOT_INHERITED:
                    schema.setdefault(keyword, value)
    return Flat(schema, properties, frozenset(required), tuple(dict.fromkeys(refs)))
