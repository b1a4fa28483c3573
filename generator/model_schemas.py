"""Schemas made fit for datamodel-code-generator and pydantic, every change reported.

The IR builder hands each model schema through ``fit_for_models`` after rewriting its
references. Only schema positions are visited (never property names, examples or defaults).
"""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from generator.code_keywords import drop_code_keywords
from generator.spec.diagnostics import escape_pointer_token

CLASS_REF_PREFIX = "#/components/schemas/"  # refs in model schemas name classes
SCHEMA_MAPS = ("properties", "patternProperties", "definitions", "$defs", "dependentSchemas")
SCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
SCHEMA_SINGLE = (
    "items",
    "additionalItems",
    "additionalProperties",
    "not",
    "contains",
    "if",
    "then",
    "else",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
)


@dataclass(frozen=True)
class Change:
    pointer: str
    code: str
    message: str


def iter_schemas(schema: Any, ptr: str) -> Iterator[tuple[dict[str, Any], str]]:
    """Every schema object in ``schema`` (itself included), depth first, without recursion."""
    stack: list[tuple[Any, str]] = [(schema, ptr)]
    while stack:
        node, here = stack.pop()
        if not isinstance(node, dict):
            continue
        yield node, here
        for key in SCHEMA_SINGLE:
            child = node.get(key)
            if isinstance(child, dict):
                stack.append((child, f"{here}/{key}"))
            elif isinstance(child, list) and key in ("items", "additionalItems"):
                stack.extend((c, f"{here}/{key}/{i}") for i, c in enumerate(child))
        for key in SCHEMA_LISTS:
            members = node.get(key)
            if isinstance(members, list):
                stack.extend((c, f"{here}/{key}/{i}") for i, c in enumerate(members))
        for key in SCHEMA_MAPS:
            members = node.get(key)
            if isinstance(members, dict):
                stack.extend(
                    (c, f"{here}/{key}/{escape_pointer_token(name)}") for name, c in members.items()
                )


@functools.lru_cache(maxsize=4096)
def pattern_problem(pattern: str) -> str | None:
    """Why pydantic cannot use ``pattern`` (its Rust regex engine), or None when it can."""
    try:
        from pydantic_core import SchemaValidator, core_schema
    except ImportError:  # pragma: no cover - pydantic comes with datamodel-code-generator
        return None
    try:
        SchemaValidator(core_schema.str_schema(pattern=pattern))
    except Exception as exc:  # pydantic-core reports regex errors as SchemaError
        lines = [line.strip() for line in str(exc).strip().splitlines() if line.strip()]
        return lines[-1] if lines else type(exc).__name__
    return None


def _fix_patterns(node: dict[str, Any], here: str) -> list[Change]:
    changes: list[Change] = []
    pattern = node.get("pattern")
    if "pattern" in node and (not isinstance(pattern, str) or pattern_problem(pattern)):
        reason = pattern_problem(pattern) if isinstance(pattern, str) else "not a string"
        del node["pattern"]
        changes.append(
            Change(
                f"{here}/pattern",
                "unsupported-pattern",
                f"pattern {pattern!r} is not checked by the client ({reason})",
            )
        )
    members = node.get("patternProperties")
    if isinstance(members, dict):
        for key in [k for k in members if pattern_problem(str(k))]:
            del members[key]
            changes.append(
                Change(
                    f"{here}/patternProperties/{escape_pointer_token(key)}",
                    "unsupported-pattern",
                    f"patternProperties key {key!r} is not a usable regular expression; "
                    "those members are read as extra fields",
                )
            )
        if not members:
            del node["patternProperties"]
    return changes


_DEFAULT_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
}


def _fix_default(node: dict[str, Any], here: str) -> list[Change]:
    """A default that is not of the schema's type (``type: string, default: [..]``) is dropped.

    A ``null`` default is kept: it says the value may be null.
    """
    if "default" not in node or node["default"] is None:
        return []
    default, type_ = node["default"], node.get("type")
    allowed = _DEFAULT_TYPES.get(type_) if isinstance(type_, str) else None
    if allowed is None:
        return []
    wrong = not isinstance(default, allowed) or (
        isinstance(default, bool) and type_ in ("integer", "number")
    )
    if not wrong:
        return []
    del node["default"]
    return [
        Change(
            f"{here}/default",
            "invalid-default",
            f"default {default!r} is not of type {type_!r}; the field has no default",
        )
    ]


def _matches(value: Any, type_: str) -> bool:
    if value is None:
        return True
    if isinstance(value, bool):
        return type_ == "boolean"
    return isinstance(value, _DEFAULT_TYPES.get(type_, (object,)))


def _enum_type(values: list[Any]) -> str | None:
    present = [v for v in values if v is not None]
    for type_ in ("boolean", "integer", "number", "string"):
        if present and all(_matches(v, type_) for v in present):
            return type_
    return None


def _fix_enum(node: dict[str, Any], here: str) -> list[Change]:
    """An enum gets the type its values have; values of another type drop the enum.

    ``enum: [a, b]`` without ``type`` becomes a string enum (not ``class X(str, Enum)``);
    ``type: string, enum: [true, false]`` cannot be a string enum: the field is left untyped.
    """
    values = node.get("enum")
    if not isinstance(values, list) or not values:
        return []
    type_ = node.get("type")
    if type_ is None:
        inferred = _enum_type(values)
        if inferred is not None:
            node["type"] = inferred
        return []
    if not isinstance(type_, str) or all(_matches(v, type_) for v in values):
        return []
    del node["enum"]
    del node["type"]
    return [
        Change(
            f"{here}/enum",
            "invalid-enum",
            f"enum values {values[:5]!r} are not all of type {type_!r}; the value is untyped",
        )
    ]


def _fix_discriminator(node: dict[str, Any], here: str) -> list[Change]:
    """A discriminator property typed as an enum is read as text.

    Subclasses (allOf) narrow the property to ``Literal["Value"]``, which is not a subtype of
    the enum class: type checkers reject the override.
    """
    discriminator = node.get("discriminator")
    properties = node.get("properties")
    if not isinstance(discriminator, dict) or not isinstance(properties, dict):
        return []
    name = discriminator.get("propertyName")
    prop = properties.get(name) if isinstance(name, str) else None
    if not isinstance(prop, dict) or not ("enum" in prop or "$ref" in prop):
        return []
    kept = {k: prop[k] for k in ("description", "title") if k in prop}
    properties[name] = {**kept, "type": "string"}
    return [
        Change(
            f"{here}/properties/{escape_pointer_token(str(name))}",
            "discriminator-as-text",
            f"discriminator property {name!r} is typed as text rather than as its enum",
        )
    ]


def _fix_nullable(node: dict[str, Any]) -> None:
    """``nullable: false`` is the default; said explicitly it makes optional fields required-typed.

    A ``null`` default means null is allowed.
    """
    if node.get("nullable") is False:
        del node["nullable"]
    if "default" in node and node["default"] is None and "type" in node:
        node["nullable"] = True


def _break_self_array(schema: Any, ptr: str, own_ref: str | None) -> list[Change]:
    """``Tree: {type: array, items: {$ref: Tree}}``: items typed Any.

    datamodel-code-generator writes such a root model as a bare ``list`` (not type-clean).
    Recursion through an object property or another model is fine and left alone.
    """
    node, here = schema, ptr
    while own_ref and isinstance(node, dict) and node.get("type") == "array":
        items = node.get("items")
        if not isinstance(items, dict):
            break
        if items.get("$ref") == own_ref:
            node["items"] = {}
            message = "an array of itself: its items are typed Any"
            return [Change(f"{here}/items", "recursive-ref", message)]
        node, here = items, f"{here}/items"
    return []


_NUMERIC_KEYWORDS = (
    "minimum",
    "maximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
)
_SHAPES: dict[str, tuple[type, ...]] = {
    "properties": (dict,),
    "patternProperties": (dict,),
    "definitions": (dict,),
    "$defs": (dict,),
    "allOf": (list,),
    "anyOf": (list,),
    "oneOf": (list,),
    "items": (dict, list, bool),
    "additionalProperties": (dict, bool),
    "enum": (list,),
    "required": (list,),
    "format": (str,),
    "title": (str,),
    "description": (str,),
    "nullable": (bool,),
    "readOnly": (bool,),
    "writeOnly": (bool,),
    "exclusiveMinimum": (bool, int, float),
    "exclusiveMaximum": (bool, int, float),
    **dict.fromkeys(_NUMERIC_KEYWORDS, (int, float)),
}


def _fix_shapes(node: dict[str, Any], here: str) -> list[Change]:
    """Keywords whose value has the wrong shape (``type: {..}``, ``required: true``) are dropped.

    The model generator validates schemas strictly and fails on the whole document otherwise.
    """
    changes: list[Change] = []
    type_ = node.get("type")
    if "type" in node and not isinstance(type_, str):
        kinds = [t for t in type_ if isinstance(t, str)] if isinstance(type_, list) else []
        if kinds != type_:
            if kinds:
                node["type"] = kinds
            else:
                del node["type"]
            changes.append(Change(f"{here}/type", "invalid-schema", f"type {type_!r} ignored"))
    for key, shapes in _SHAPES.items():
        value = node.get(key)
        if key in node and (not isinstance(value, shapes) or _bad_number(value, shapes)):
            del node[key]
            message = f"{key} {_short(value)} is not a valid value for this keyword; ignored"
            changes.append(Change(f"{here}/{key}", "invalid-schema", message))
    for key in ("allOf", "anyOf", "oneOf"):
        if isinstance(node.get(key), list):
            node[key] = [m for m in node[key] if isinstance(m, dict)] or [{}]
    if isinstance(node.get("required"), list):
        node["required"] = [r for r in node["required"] if isinstance(r, str)]
    for key in ("properties", "patternProperties", "definitions", "$defs"):
        members = node.get(key)
        if isinstance(members, dict):
            for name in [n for n, m in members.items() if not isinstance(m, (dict, bool))]:
                members[name] = {}
    return changes


def _bad_number(value: Any, shapes: tuple[type, ...]) -> bool:
    return isinstance(value, bool) and bool not in shapes


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def fit_for_models(schema: Any, ptr: str, own_ref: str | None = None) -> list[Change]:
    """Change ``schema`` in place so the models generated from it import; list the changes.

    ``own_ref`` is the (rewritten) reference by which the schema refers to itself.
    """
    changes: list[Change] = _break_self_array(schema, ptr, own_ref)
    for node, here in iter_schemas(schema, ptr):
        changes.extend(
            Change(at, "code-keyword", text) for at, text in drop_code_keywords(node, here)
        )
        changes.extend(_fix_shapes(node, here))
        changes.extend(_fix_patterns(node, here))
        changes.extend(_fix_enum(node, here))
        changes.extend(_fix_discriminator(node, here))
        changes.extend(_fix_default(node, here))
        _fix_nullable(node)
    return changes


def _ref_class(member: Any, schemas: dict[str, Any]) -> str | None:
    ref = member.get("$ref") if isinstance(member, dict) else None
    if isinstance(ref, str) and ref.startswith(CLASS_REF_PREFIX):
        name = ref[len(CLASS_REF_PREFIX) :]
        return name if name in schemas else None
    return None


def _property_names(schema: Any, schemas: dict[str, Any], seen: frozenset[str]) -> set[str]:
    """Properties a schema defines itself or through ``allOf`` (bases included)."""
    if not isinstance(schema, dict):
        return set()
    names = set(schema["properties"]) if isinstance(schema.get("properties"), dict) else set()
    for member in schema.get("allOf") or []:
        base = _ref_class(member, schemas)
        if base is not None and base not in seen:
            names |= _property_names(schemas[base], schemas, seen | {base})
        elif base is None:
            names |= _property_names(member, schemas, seen)
    return names


def _inline_conflicting_bases(
    node: dict[str, Any], local: set[str], schemas: dict[str, Any], depth: int = 0
) -> None:
    members = node.get("allOf")
    if not isinstance(members, list) or depth > 8:
        return
    for index, member in enumerate(members):
        base = _ref_class(member, schemas)
        if base is not None and _property_names(schemas[base], schemas, frozenset({base})) & local:
            inlined = copy.deepcopy(schemas[base])
            members[index] = inlined
            _inline_conflicting_bases(inlined, local, schemas, depth + 1)


# Property schemas with these keywords become classes of their own: two equal ones are still
# two different types.
_CLASS_MAKING = ('"enum"', '"properties"', '"allOf"', '"anyOf"', '"oneOf"')
_Origins = dict[str, tuple[str, str, bool]]  # property -> (defining class, schema text, required)


def _property_origins(
    schema: Any, schemas: dict[str, Any], seen: frozenset[str], origin: str
) -> _Origins:
    """Each property a schema has (bases included): the class defining it, its schema as
    canonical text, whether it is required there."""
    if not isinstance(schema, dict):
        return {}
    required = schema.get("required")
    required = required if isinstance(required, list) else []
    properties = schema.get("properties")
    properties = properties if isinstance(properties, dict) else {}
    found = {
        name: (origin, json.dumps(prop, sort_keys=True, default=str), name in required)
        for name, prop in properties.items()
    }
    for member in schema.get("allOf") or []:
        base = _ref_class(member, schemas)
        if base is None:
            inherited = _property_origins(member, schemas, seen, origin)
        elif base not in seen:
            inherited = _property_origins(schemas[base], schemas, seen | {base}, base)
        else:
            continue
        for name, definition in inherited.items():
            found.setdefault(name, definition)
    return found


def _bases_disagree(first: _Origins, second: _Origins) -> bool:
    """Two bases define a property each in their own way (another type, one requires it):
    a class inheriting both is rejected by type checkers."""
    for name in first.keys() & second.keys():
        (origin, text, required), (other_origin, other_text, other_required) = (
            first[name],
            second[name],
        )
        if origin == other_origin:  # one definition reached twice (a diamond)
            continue
        if (text, required) != (other_text, other_required):
            return True
        if any(keyword in text for keyword in _CLASS_MAKING):
            return True
    return False


def _inline_disagreeing_bases(node: dict[str, Any], schemas: dict[str, Any], owner: str) -> None:
    """Copies in each base of ``allOf`` whose properties disagree with an earlier base's."""
    members = node["allOf"]
    if sum(_ref_class(member, schemas) is not None for member in members) < 2:
        return
    earlier: list[_Origins] = []
    for index, member in enumerate(members):
        base = _ref_class(member, schemas)
        if base is None or base == owner:
            continue
        origins = _property_origins(schemas[base], schemas, frozenset({owner, base}), base)
        if any(_bases_disagree(previous, origins) for previous in earlier):
            members[index] = copy.deepcopy(schemas[base])
        else:
            earlier.append(origins)


def flatten_conflicting_bases(schemas: dict[str, Any]) -> None:
    """``allOf: [{$ref: Base}, ...]`` that redefines a property of Base: Base is copied in.

    The model generator makes such a schema a subclass of Base, and a redefined property
    (another enum, another model) is an override type checkers reject. Copied in, the
    properties are merged into one class instead; nothing is lost but the class hierarchy.
    Two bases defining a property differently (one requires it, the other not) are the same
    case: the later one is copied in, which then redefines the property of the first.
    """
    for name, schema in schemas.items():
        for node, _ in iter_schemas(schema, ""):
            members = node.get("allOf")
            if not isinstance(members, list):
                continue
            _inline_disagreeing_bases(node, schemas, name)
            local = set(node["properties"]) if isinstance(node.get("properties"), dict) else set()
            for member in members:
                if _ref_class(member, schemas) is None:
                    local |= _property_names(member, schemas, frozenset({name}))
            if local:
                _inline_conflicting_bases(node, local, schemas)
            _share_required(node, schemas)


def _inline_members(node: dict[str, Any], schemas: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The members of ``node``'s ``allOf`` written in place (not ``$ref``s), nested ones too."""
    for member in node.get("allOf") or []:
        if isinstance(member, dict) and _ref_class(member, schemas) is None:
            yield member
            yield from _inline_members(member, schemas)


def _share_required(node: dict[str, Any], schemas: dict[str, Any]) -> None:
    """A property required by one member of ``allOf`` is required: each member written in place
    that defines it says so (the model generator keeps the first definition it meets, with the
    first member's ``required``)."""
    members = list(_inline_members(node, schemas))
    required: set[str] = set()
    for member in members:
        if isinstance(member.get("required"), list):
            required.update(r for r in member["required"] if isinstance(r, str))
    for member in members:
        properties = member.get("properties")
        if not isinstance(properties, dict):
            continue
        own: list[Any] = member.get("required") or []
        if not isinstance(own, list):
            continue  # left to _fix_shapes
        missing = sorted((required & properties.keys()) - set(own))
        if missing:
            member["required"] = [*own, *missing]
