"""Members of ``oneOf`` / ``anyOf``: listing, matching across versions, and the schema a
single-member union stands for."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from generator.diff.checks.nullability import is_null_schema
from generator.diff.checks.types import atoms
from generator.diff.resolve import Resolver, ref_name

UNION_KEYS = ("oneOf", "anyOf")

Member = tuple[str, Any, bool]  # label, node, is a reference
Same = Callable[[Any, Any], bool]


def members(value: Any) -> list[Member]:
    """The non-null members of a ``oneOf`` / ``anyOf`` list, labelled by reference name, title
    or position."""
    if not isinstance(value, list):
        return []
    result: list[Member] = []
    for index, member in enumerate(value):
        if is_null_schema(member):
            continue  # nullability, compared separately
        ref = member.get("$ref") if isinstance(member, dict) else None
        if isinstance(ref, str):
            result.append((ref_name(ref), member, True))
        else:
            title = member.get("title") if isinstance(member, dict) else None
            label = title if isinstance(title, str) and title else f"#{index + 1}"
            result.append((label, member, False))
    return result


def union_key(schema: dict[str, Any]) -> str | None:
    """``oneOf`` or ``anyOf`` when the schema is a union of several alternatives."""
    for key in UNION_KEYS:
        if len(members(schema.get(key))) > 1:
            return key
    return None


def unwrap(schema: dict[str, Any]) -> dict[str, Any]:
    """A ``oneOf`` / ``anyOf`` with one non-null member as ``allOf`` of that member (nullable
    when a ``{type: null}`` member sits beside it); any other schema unchanged."""
    for key in UNION_KEYS:
        raw = schema.get(key)
        found = members(raw)
        if len(found) != 1 or any(k in schema for k in UNION_KEYS if k != key):
            continue
        merged = {k: v for k, v in schema.items() if k != key}
        parts = merged.get("allOf")
        merged["allOf"] = [*(parts if isinstance(parts, list) else []), found[0][1]]
        if isinstance(raw, list) and any(is_null_schema(m) for m in raw):
            merged["nullable"] = True
        return merged
    return schema


def match(
    base: list[Member], revision: list[Member], same: Same
) -> tuple[list[tuple[str, Any, Any]], list[str], list[str]]:
    """Pairs (by reference name, title, meaning, then inline members in order), removed and
    added labels."""
    pairs: list[tuple[str, Any, Any]] = []
    left = list(base)
    right = list(revision)

    def take(test: Callable[[Member, Member], bool]) -> None:
        for b_member in list(left):
            hit = next((r for r in right if test(b_member, r)), None)
            if hit is not None:
                pairs.append((b_member[0], b_member[1], hit[1]))
                left.remove(b_member)
                right.remove(hit)

    take(lambda b, r: b[2] and r[2] and b[0] == r[0])
    take(lambda b, r: not b[2] and not r[2] and not b[0].startswith("#") and b[0] == r[0])
    take(lambda b, r: same(b[1], r[1]))
    take(lambda b, r: not b[2] and not r[2])
    return pairs, [m[0] for m in left], [m[0] for m in right]


def closest(
    node: Any,
    node_resolver: Resolver,
    candidates: list[Member],
    candidate_resolver: Resolver,
    same: Same,
) -> Member:
    """The candidate most like ``node`` (same meaning, then same types, then most shared
    property names, then first); ``same(node, candidate)`` tells equal meaning."""
    schema = node_resolver.mapping(node)
    own_types = atoms(schema)
    own_props = _property_names(schema)

    def score(member: Member) -> tuple[int, int]:
        if same(node, member[1]):
            return (0, 0)
        other = candidate_resolver.mapping(member[1])
        types = atoms(other)
        if types == own_types:
            kinship = 1
        elif types and own_types and {t for t, _ in types} & {t for t, _ in own_types}:
            kinship = 2
        else:
            kinship = 3
        return (kinship, -len(own_props & _property_names(other)))

    return min(candidates, key=score)


def _property_names(schema: dict[str, Any]) -> set[str]:
    props = schema.get("properties")
    return {str(name) for name in props} if isinstance(props, dict) else set()


def can_overlap(found: list[Member], resolver: Resolver) -> bool:
    """Whether a value could match two of these alternatives (types not pairwise disjoint)."""
    kinds = []
    for _, node, _ in found:
        schema = resolver.mapping(node)
        types = atoms(schema)
        if types is None:
            return True
        kinds.append({t for t, _ in types})
    for index, first in enumerate(kinds):
        for second in kinds[index + 1 :]:
            if (
                first & second
                or ("number" in first and "integer" in second)
                or ("integer" in first and "number" in second)
            ):
                return True
    return False
