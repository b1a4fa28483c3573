"""Type and format: what kind of value a schema holds.

A type list (``type: [string, integer]``, OpenAPI 3.1) is a set of types; ``null`` in it is
nullability (:mod:`generator.diff.checks.nullability`). ``number`` covers ``integer``, a
format-less type covers every format of it, ``int64`` covers ``int32`` and ``double``
``float``. A request schema that covers the old one widened (callers' values still fit); a
response schema the old one covers narrowed (readers get values they know). Anything else
changed the type. Schemas whose type is decided by composition members (``oneOf``, ``anyOf``,
``not``, ``if``) are compared through those members.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.diff.findings import Finding, SchemaPair, finding
from generator.diff.rule import SchemaRule

TYPE_CHANGED = SchemaRule(
    "type or format changed incompatibly",
    "breaking",
    "breaking",
    request_parameter="request-parameter-type-changed",
    request_body="request-body-type-changed",
    response_body="response-body-type-changed",
    response_header="response-header-type-changed",
)
TYPE_WIDENED = SchemaRule(
    "type or format widened: accepts more",
    "info",
    None,
    request_parameter="request-parameter-type-widened",
    request_body="request-body-type-widened",
)
TYPE_NARROWED = SchemaRule(
    "type or format narrowed: returns less",
    None,
    "info",
    response_body="response-body-type-narrowed",
    response_header="response-header-type-narrowed",
)

RULES = (TYPE_CHANGED, TYPE_WIDENED, TYPE_NARROWED)

Atom = tuple[str, str | None]
_FORMAT_WIDER = frozenset({("int64", "int32"), ("double", "float")})


def types_of(schema: dict[str, Any]) -> frozenset[str] | None:
    """The non-null types a schema declares or implies (``None``: any type)."""
    raw = schema.get("type")
    if isinstance(raw, str):
        found = {raw}
    elif isinstance(raw, list):
        found = {t for t in raw if isinstance(t, str)}
    elif "properties" in schema or isinstance(schema.get("additionalProperties"), dict):
        found = {"object"}
    elif "items" in schema or "prefixItems" in schema:
        found = {"array"}
    else:
        return None
    found.discard("null")
    return frozenset(found) or None


def atoms(schema: dict[str, Any]) -> frozenset[Atom] | None:
    found = types_of(schema)
    if found is None:
        return None
    fmt = schema.get("format") if isinstance(schema.get("format"), str) else None
    return frozenset((t, fmt if t in ("string", "integer", "number") else None) for t in found)


def _atom_covers(wide: Atom, narrow: Atom) -> bool:
    (wide_type, wide_format), (narrow_type, narrow_format) = wide, narrow
    if wide_type != narrow_type and not (wide_type == "number" and narrow_type == "integer"):
        return False
    if wide_format is None or wide_format == narrow_format:
        return True
    return (wide_format, narrow_format or "") in _FORMAT_WIDER


def covers(wide: frozenset[Atom] | None, narrow: frozenset[Atom] | None) -> bool:
    """Whether every value of the ``narrow`` types is a value of the ``wide`` ones."""
    if wide is None:
        return True
    if narrow is None:
        return False
    return all(any(_atom_covers(w, n) for w in wide) for n in narrow)


def describe(found: frozenset[Atom] | None) -> str:
    if found is None:
        return "any type"
    return " or ".join(sorted(t if f is None else f"{t}/{f}" for t, f in found))


def composite(schema: dict[str, Any]) -> bool:
    return any(k in schema for k in ("oneOf", "anyOf", "not", "if", "$ref"))


def check(pair: SchemaPair) -> Iterator[Finding]:
    b, r = pair.base, pair.revision
    old, new = atoms(b), atoms(r)
    if old == new:
        return
    if (old is None and composite(b)) or (new is None and composite(r)):
        return  # the type is decided by members, compared on their own
    detail = f"type changed from {describe(old)} to {describe(new)}"
    if pair.direction == "request" and covers(new, old):
        yield finding(TYPE_WIDENED, detail)
    elif pair.direction == "response" and covers(old, new):
        yield finding(TYPE_NARROWED, detail)
    else:
        yield finding(TYPE_CHANGED, detail)
