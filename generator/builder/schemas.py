"""Schemas turned into types (``ir.Type``), their keywords read defensively.

Real documents put the wrong shape under a keyword (``type: {..}``, ``required: true``), enum
values of another type than the schema's, defaults that do not fit, regular expressions no
engine accepts. Each is left out with a located omission and the rest of the schema is used.

Inline object schemas become model classes of their own ("hoisted", named after where they
are); inline enums are ``Literal`` types; named schemas (``components.schemas``) are always
their class, except named arrays and scalars, which are used as the plain type they describe
(a class is still generated for each).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from typing import Any

from generator import ir
from generator.builder.context import Context, Problems, omission
from generator.builder.refs import component_key, lookup, pointer_name, unfollowed
from generator.code_keywords import code_keywords
from generator.naming import field_name, pascal_case
from generator.spec.diagnostics import escape_pointer_token
from generator.spec.keys import SCHEMA_REF_PREFIX

MAX_NESTING = 64  # schemas written in place inside each other (each one a class)
# Keywords whose presence makes a schema more than "any object".
_STRUCTURAL = frozenset(
    {"properties", "allOf", "oneOf", "anyOf", "items", "enum", "$ref", "not", "const"}
)
_SCALAR_TYPES: dict[str, ir.ScalarKind] = {
    "string": "str",
    "integer": "int",
    "number": "float",
    "boolean": "bool",
}
# Formats that give a Python type of their own inside models; every other format stays text
# (its checks would need extra packages, or refuse values real APIs send).
_FORMAT_KINDS: dict[str, ir.ScalarKind] = {
    "date-time": "datetime",
    "date": "date",
    "time": "time",
    "uuid": "uuid",
    "binary": "bytes",
}
_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
}
_NUMBER_KEYWORDS = (
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
# Keywords whose value must have one of these shapes; another shape is ignored (reported).
_SHAPES: dict[str, tuple[type, ...]] = {
    "properties": (dict,),
    "allOf": (list,),
    "anyOf": (list,),
    "oneOf": (list,),
    "items": (dict, bool),
    "prefixItems": (list,),
    "additionalProperties": (dict, bool),
    "enum": (list,),
    "required": (list,),
    "format": (str,),
    "description": (str,),
    "nullable": (bool,),
    "readOnly": (bool,),
    "writeOnly": (bool,),
    "deprecated": (bool,),
    "uniqueItems": (bool,),
    "exclusiveMinimum": (bool, int, float),
    "exclusiveMaximum": (bool, int, float),
    **dict.fromkeys(_NUMBER_KEYWORDS, (int, float)),
}


# -- reading keywords ---------------------------------------------------------------------------


def keyword(schema: Mapping[str, Any], key: str, ptr: str, problems: Problems) -> Any:
    """``schema[key]`` when its shape is usable, else None (and an ``invalid-schema`` omission)."""
    if key not in schema:
        return None
    value = schema[key]
    shapes = _SHAPES.get(key)
    if shapes is None:
        return value
    if not isinstance(value, shapes) or (isinstance(value, bool) and bool not in shapes):
        text = repr(value)
        text = text if len(text) <= 60 else text[:57] + "..."
        problems.append(
            omission(
                f"{ptr}/{key}",
                "invalid-schema",
                f"{key} {text} is not a valid value for this keyword; ignored",
            )
        )
        return None
    return value


def schema_types(schema: Mapping[str, Any], ptr: str, problems: Problems) -> list[str]:
    """The JSON types a schema declares (``null`` included), [] when it declares none."""
    raw = schema.get("type")
    if raw is None:
        return []
    if isinstance(raw, str):
        return [raw]
    kinds = [t for t in raw if isinstance(t, str)] if isinstance(raw, list) else []
    if kinds != raw:
        problems.append(omission(f"{ptr}/type", "invalid-schema", f"type {raw!r} ignored"))
    return kinds


def required_names(schema: Mapping[str, Any], ptr: str, problems: Problems) -> list[str]:
    names = keyword(schema, "required", ptr, problems)
    return [n for n in names if isinstance(n, str)] if isinstance(names, list) else []


def properties_of(schema: Mapping[str, Any], ptr: str, problems: Problems) -> dict[str, Any]:
    found = keyword(schema, "properties", ptr, problems)
    if not isinstance(found, dict):
        return {}
    return {str(k): (v if isinstance(v, (dict, bool)) else {}) for k, v in found.items()}


def members_of(
    schema: Mapping[str, Any], key: str, ptr: str, problems: Problems
) -> list[tuple[Any, str]]:
    """The (schema, pointer) members of ``allOf``/``oneOf``/``anyOf``."""
    found = keyword(schema, key, ptr, problems)
    if not isinstance(found, list):
        return []
    return [(m, f"{ptr}/{key}/{i}") for i, m in enumerate(found) if isinstance(m, dict)]


# Keywords that say something about a value without constraining its type: an ``allOf``
# member holding only these annotates the others (``allOf: [{$ref: X}, {description: ..}]``).
_ANNOTATIONS = frozenset(
    {
        "description",
        "title",
        "example",
        "examples",
        "default",
        "deprecated",
        "readOnly",
        "writeOnly",
        "nullable",
        "externalDocs",
        "xml",
        "$comment",
    }
)


def is_annotation(member: Any) -> bool:
    """An ``allOf`` member that only annotates (a description, a default, ``nullable``...)."""
    return (
        isinstance(member, dict)
        and bool(member)
        and all(k in _ANNOTATIONS or str(k).startswith("x-") for k in member)
    )


def annotated(schema: Mapping[str, Any]) -> dict[str, Any]:
    """``schema`` with the annotations of its annotation-only ``allOf`` members (its own win)."""
    members = schema.get("allOf")
    if not isinstance(members, list):
        return dict(schema)
    merged: dict[str, Any] = {}
    for member in members:
        if is_annotation(member):
            merged.update(member)
    merged.update(schema)
    return merged


def is_nullable(schema: Mapping[str, Any]) -> bool:
    """3.0 ``nullable: true``, 3.1 ``type: [..., "null"]``, a ``null`` enum value, or a ``null``
    default next to a type (which says null is a value)."""
    if schema.get("nullable") is True:
        return True
    raw = schema.get("type")
    if raw == "null" or (isinstance(raw, list) and "null" in raw):
        return True
    enum = schema.get("enum")
    if isinstance(enum, list) and None in enum:
        return True
    return "default" in schema and schema["default"] is None and "type" in schema


def is_free_form(schema: Any) -> bool:
    """An object schema that says nothing about its members (API Gateway's ``Empty``)."""
    if not isinstance(schema, dict) or _STRUCTURAL & schema.keys():
        return False
    additional = schema.get("additionalProperties", True)
    return schema.get("type", "object") == "object" and additional in (True, {})


def is_plain_container(schema: Any) -> bool:
    """An array or scalar schema without enum or composition: no class at its use sites."""
    if not isinstance(schema, dict) or "$ref" in schema:
        return False
    if {"enum", "allOf", "oneOf", "anyOf", "properties", "const"} & schema.keys():
        return False
    return schema.get("type") in ("array", "string", "integer", "number", "boolean")


def ref_alias(schema: Any) -> str | None:
    """The ``$ref`` of a schema that is only a reference to another (annotations aside)."""
    if not isinstance(schema, dict) or not isinstance(schema.get("$ref"), str):
        return None
    if all(k == "$ref" or k in _ANNOTATIONS or str(k).startswith("x-") for k in schema):
        ref: str = schema["$ref"]
        return ref
    return None


def alias_target(ctx: Context, schema: Any) -> tuple[Any, bool]:
    """(the schema a chain of references-only schemas ends at, whether the chain loops);
    the schema itself when it is not such a reference, None when the chain leads nowhere."""
    seen: set[str] = set()
    node = schema
    while (ref := ref_alias(node)) is not None:
        if ref in seen:
            return None, True
        seen.add(ref)
        node = lookup(ctx, ref)
    return node, False


def is_object_schema(ctx: Context, schema: dict[str, Any]) -> bool:
    """A schema whose class is an object model (a reference to one: its subclass)."""
    if "$ref" in schema:
        return (
            ref_alias(schema) is not None
            and not alias_target(ctx, schema)[1]
            and (object_like(ctx, schema))
        )
    if "enum" in schema:
        return False
    if schema.get("type") not in (None, "object") and not isinstance(schema.get("type"), list):
        return False
    if "properties" in schema or is_free_form(schema):
        return True
    if "additionalProperties" in schema and not ({"oneOf", "anyOf", "items"} & schema.keys()):
        return True
    if "allOf" in schema:
        return object_like(ctx, schema)
    return schema.get("type") == "object" and not ({"oneOf", "anyOf"} & schema.keys())


def is_enum_class(schema: dict[str, Any]) -> bool:
    """A named enum of text or of integers (a class; other enums are ``Literal`` roots)."""
    if "enum" not in schema or "$ref" in schema:
        return False
    values = enum_values(schema, "", [])
    if not values:
        return False
    return all(isinstance(v, str) for v in values) or all(
        isinstance(v, int) and not isinstance(v, bool) for v in values
    )


def is_root(ctx: Context, schema: dict[str, Any]) -> bool:
    """A named schema whose class is a root model: neither an object nor an enum (an array, a
    scalar, a union, a ``Literal``...)."""
    return (
        not (is_free_form(schema) or is_enum_class(schema) or is_object_schema(ctx, schema))
        and ref_alias(schema) is None
    )


def _matches(value: Any, json_type: str) -> bool:
    if value is None:
        return True
    if isinstance(value, bool):
        return json_type == "boolean"
    return isinstance(value, _JSON_TYPES.get(json_type, (object,)))


def enum_values(
    schema: Mapping[str, Any], ptr: str, problems: Problems
) -> list[str | int | float | bool] | None:
    """The non-null values of a usable enum (of the schema's type); None when there is none,
    or when its values are not of the schema's type (see `mismatched_enum`)."""
    values = keyword(schema, "enum", ptr, problems)
    if not isinstance(values, list) or not values:
        return None
    types = [t for t in schema_types(schema, ptr, []) if t != "null"]
    scalar = all(v is None or isinstance(v, (str, int, float, bool)) for v in values)
    if not scalar:
        problems.append(
            omission(
                f"{ptr}/enum",
                "invalid-enum",
                f"enum values {values[:5]!r} are not all plain values; the value is untyped",
            )
        )
        return None
    if types and not any(all(_matches(v, t) for v in values) for t in types):
        return None
    unique: list[str | int | float | bool] = []
    for value in values:
        if value is not None and not any(_same(value, u) for u in unique):
            unique.append(value)
    return unique


def mismatched_enum(schema: Mapping[str, Any]) -> list[str | int | float | bool] | None:
    """The values of an enum that are not of the schema's declared type (``type: string,
    enum: [1]``; ``type: array, enum: ["a"]``), None when there is no such enum."""
    values = schema.get("enum")
    if not isinstance(values, list) or not values:
        return None
    if not all(v is None or isinstance(v, (str, int, float, bool)) for v in values):
        return None
    types = [t for t in schema_types(schema, "", []) if t != "null"]
    if not types or any(all(_matches(v, t) for v in values) for t in types):
        return None
    unique: list[str | int | float | bool] = []
    for value in values:
        if value is not None and not any(_same(value, u) for u in unique):
            unique.append(value)
    return unique


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


@functools.lru_cache(maxsize=8192)
def pattern_problem(pattern: str) -> str | None:
    """Why a client cannot check ``pattern`` (Python's ``re`` rejects it), or None."""
    try:
        re.compile(pattern)
    except (re.error, RecursionError, OverflowError, ValueError) as exc:
        return str(exc) or type(exc).__name__
    return None


_CONSTRAINT_KEYWORDS = frozenset(
    {
        "pattern",
        "minLength",
        "maxLength",
        "minItems",
        "maxItems",
        "minProperties",
        "maxProperties",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
        "uniqueItems",
    }
)
_AWARE = ir.Constraints(aware=True)


def constraints(
    schema: Mapping[str, Any], ptr: str, problems: Problems, *, aware: bool = False
) -> ir.Constraints:
    """The value constraints of one schema (those of its kind of value)."""
    if _CONSTRAINT_KEYWORDS.isdisjoint(schema):
        return _AWARE if aware else ir.NO_CONSTRAINTS
    values: dict[str, Any] = {}
    pattern = schema.get("pattern")
    if "pattern" in schema:
        problem = pattern_problem(pattern) if isinstance(pattern, str) else "not a string"
        if problem is None:
            values["pattern"] = pattern
        else:
            problems.append(
                omission(
                    f"{ptr}/pattern",
                    "unsupported-pattern",
                    f"pattern {pattern!r} is not checked by the client ({problem})",
                )
            )
    for key, target in (
        ("minLength", "min_length"),
        ("maxLength", "max_length"),
        ("minItems", "min_length"),
        ("maxItems", "max_length"),
        ("minProperties", "min_length"),
        ("maxProperties", "max_length"),
    ):
        value = keyword(schema, key, ptr, problems)
        if isinstance(value, (int, float)) and value >= 0:
            values[target] = int(value)
    for key, target in (("minimum", "minimum"), ("maximum", "maximum")):
        value = keyword(schema, key, ptr, problems)
        if isinstance(value, (int, float)):
            exclusive = schema.get("exclusiveM" + key[1:])
            values["exclusive_" + target if exclusive is True else target] = value
    for key, target in (
        ("exclusiveMinimum", "exclusive_minimum"),
        ("exclusiveMaximum", "exclusive_maximum"),
    ):
        value = keyword(schema, key, ptr, problems)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            values[target] = value  # the 3.1 form: a number
    step = keyword(schema, "multipleOf", ptr, problems)
    if isinstance(step, (int, float)) and step > 0:
        values["multiple_of"] = step
    if keyword(schema, "uniqueItems", ptr, problems) is True:
        values["unique"] = True
    if aware:
        values["aware"] = True
    return ir.Constraints(**values) if values else ir.NO_CONSTRAINTS


def default_of(schema: Mapping[str, Any], ptr: str, problems: Problems) -> tuple[bool, Any]:
    """(has a usable default, the default). A default not of the schema's type is dropped."""
    if "default" not in schema:
        return False, None
    default = schema["default"]
    types = [t for t in schema_types(schema, ptr, []) if t != "null"]
    if default is None or not types or any(_matches(default, t) for t in types):
        return True, default
    problems.append(
        omission(
            f"{ptr}/default",
            "invalid-default",
            f"default {default!r} is not of type {types[0]!r}; the field has no default",
        )
    )
    return False, None


# -- types ----------------------------------------------------------------------------------


def nullable(type_: ir.Type) -> ir.Type:
    """``type_ | None``."""
    if isinstance(type_, (ir.AnyType, ir.NoneType)):
        return type_
    if isinstance(type_, ir.UnionType):
        if ir.NONE_TYPE in type_.members:
            return type_
        return ir.UnionType((*type_.members, ir.NONE_TYPE), type_.discriminator)
    return ir.UnionType((type_, ir.NONE_TYPE))


def union(members: Iterable[ir.Type], discriminator: ir.Discriminator | None = None) -> ir.Type:
    """The union of types: nested unions flattened, duplicates dropped, ``None`` last;
    ``Any`` absorbs everything. A discriminated union made nullable (``oneOf: [Union, null]``)
    keeps its discriminator."""
    members = list(members)
    flat: list[ir.Type] = []
    none = False
    if discriminator is None:
        tagged = [m for m in members if not isinstance(m, ir.NoneType)]
        if len(tagged) == 1 and isinstance(tagged[0], ir.UnionType):
            discriminator = tagged[0].discriminator
    for member in members:
        parts = member.members if isinstance(member, ir.UnionType) else (member,)
        for part in parts:
            if isinstance(part, ir.AnyType):
                return ir.ANY_TYPE
            if isinstance(part, ir.NoneType):
                none = True
            elif part not in flat:
                flat.append(part)
    if not flat:
        return ir.NONE_TYPE if none else ir.ANY_TYPE
    if len(flat) == 1:
        return nullable(flat[0]) if none else flat[0]
    return ir.UnionType((*flat, *((ir.NONE_TYPE,) if none else ())), discriminator)


class Reader:
    """Turns the schemas of one document into types, creating model classes on the way.

    ``hoist``: inline object schemas become classes (in bodies, responses and models; not in
    parameters, which stay plain ``dict``). ``formats``: date-time, date, time, uuid and binary
    strings get their Python types (inside models). ``enum_classes``: an enum written in place
    of a whole body or response becomes an enum class (elsewhere: a ``Literal``).
    ``unwrap_roots``: a named union (or any named schema whose class is a root model) is used
    as the type it describes, not wrapped in its class (inside models).
    """

    def __init__(
        self,
        ctx: Context,
        problems: Problems,
        *,
        hoist: bool,
        formats: bool,
        enum_classes: bool = False,
        unwrap_roots: bool = False,
    ) -> None:
        self.ctx = ctx
        self.problems = problems
        self.hoist = hoist
        self.formats = formats
        self.enum_classes = enum_classes
        self.unwrap_roots = unwrap_roots

    # entry point ---------------------------------------------------------------------------

    def type_of(self, schema: Any, hint: str, ptr: str) -> ir.Type:
        if not isinstance(schema, dict) or not schema:
            return ir.ANY_TYPE
        ref = schema.get("$ref")
        if isinstance(ref, str):
            self.problems += code_keywords(schema, ptr)
            found = self.ref_type(ref, hint, ptr)
            return nullable(found) if schema.get("nullable") is True else found
        base = self.base_type(schema, hint, ptr)
        if is_nullable(schema) or self.null_by_composition(schema):
            return nullable(base)
        if "allOf" in schema and is_nullable(annotated(schema)):
            return nullable(base)
        return base

    # references ------------------------------------------------------------------------------

    def ref_type(self, ref: str, hint: str, ptr: str) -> ir.Type:
        ctx = self.ctx
        key = component_key(ref)
        if key is not None and key in ctx.schema_classes:
            return self.named_type(key, ptr)
        target = lookup(ctx, ref)
        if target is None:
            self.problems.append(unfollowed(ptr, ref, "typed as Any"))
            return ir.ANY_TYPE
        if ref in ctx.following:
            self.problems.append(unfollowed(ptr, ref, "typed as Any", recursive=True))
            return ir.ANY_TYPE
        if isinstance(target, dict) and self.hoist and self.wants_class(target):
            # a schema elsewhere in the document (not a component): one class of its own
            return ir.ModelType(self.pointer_class(ref, target))
        ctx.following.append(ref)
        try:
            return self.type_of(target, hint, ref.lstrip("#"))
        finally:
            ctx.following.pop()

    def wants_class(self, target: dict[str, Any]) -> bool:
        if is_free_form(target) or "$ref" in target or is_plain_container(target):
            return False
        return object_like(self.ctx, target) or "enum" in target or _holds_ref(target)

    def pointer_class(self, ref: str, target: dict[str, Any]) -> str:
        """The class of a schema referenced elsewhere than ``components.schemas`` (made once,
        so shared and recursive targets cost nothing more)."""
        ctx = self.ctx
        found = ctx.pointer_classes.get(ref)
        if found is not None:
            return found
        name = ctx.class_pins.get(ref.lstrip("#")) or ctx.class_names.claim_class(
            pascal_case(pointer_name(ref))
        )
        ctx.pointer_classes[ref] = name
        from generator.builder.models import build_model

        build_model(ctx, target, name, None, ref.lstrip("#"), self.problems)
        return name

    def named_type(self, key: str, ptr: str) -> ir.Type:
        """The type at a use site of ``components.schemas[key]``."""
        ctx = self.ctx
        name = ctx.schema_classes[key]
        target = ctx.schemas[key]
        if not isinstance(target, dict):
            return ir.ANY_TYPE
        ref = ref_alias(target)
        if ref is not None:
            found = self.alias_type(name, target, ref, ptr)
        elif is_free_form(target):
            return ir.MapType(ir.ANY_TYPE)
        elif is_plain_container(target) or (self.unwrap_roots and is_root(ctx, target)):
            return self.container_type(key)
        else:
            found = ir.ModelType(name)
        if is_nullable(target) or self.null_by_composition(target):
            found = nullable(found)
        return found

    def alias_type(self, name: str, target: dict[str, Any], ref: str, ptr: str) -> ir.Type:
        """The type at a use site of a named schema that is only a reference to another: the
        other's, except that a reference to an object model is a subclass of it (``name``)."""
        final, loops = alias_target(self.ctx, target)
        if loops:  # reported where the schema is (see build_model)
            return ir.ANY_TYPE
        if is_free_form(final):
            return ir.MapType(ir.ANY_TYPE)
        if is_object_schema(self.ctx, target):
            return ir.ModelType(name)
        return self.ref_type(ref, name, ptr)

    def container_type(self, key: str) -> ir.Type:
        """A named array or scalar, used as the type it describes (``list[Item]``), unless it
        contains itself: then its (root model) class."""
        found = self.container_expansion(key)
        if key in self.ctx.recursive_containers:
            return ir.ModelType(self.ctx.schema_classes[key])
        return found

    def container_expansion(self, key: str) -> ir.Type:
        """What a named array or scalar describes (its root model's type)."""
        ctx = self.ctx
        name = ctx.schema_classes[key]
        ref = SCHEMA_REF_PREFIX + escape_pointer_token(key)
        memo = f"{key}\0{self.hoist}\0{self.formats}\0{self.unwrap_roots}"
        if memo in ctx.inline_roots:
            return ctx.inline_roots[memo]
        if ref in ctx.following:
            ctx.recursive_containers.add(key)
            return ir.ModelType(name)
        ctx.following.append(ref)
        try:
            ptr = "/components/schemas/" + escape_pointer_token(key)
            found = self.type_of(ctx.schemas[key], name, ptr)
        finally:
            ctx.following.pop()
        if not ctx.following:
            ctx.inline_roots[memo] = found
        return found

    # schemas written in place ----------------------------------------------------------------

    def base_type(self, schema: dict[str, Any], hint: str, ptr: str) -> ir.Type:
        problems = self.problems
        problems += code_keywords(schema, ptr)
        declared = schema_types(schema, ptr, problems)
        types = [t for t in declared if t != "null"]
        if declared and not types:  # ``type: "null"`` (3.1): the value is null and only null
            return ir.NONE_TYPE
        if len(types) > 1:
            return union(self.base_type({**schema, "type": t}, hint, ptr) for t in types)
        type_ = types[0] if types else None
        if "enum" in schema:
            odd = mismatched_enum(schema)
            if odd is not None:
                return self.mismatched(schema, type_, odd, hint, ptr)
            values = enum_values(schema, ptr, problems)
            if values is None:
                return ir.ANY_TYPE
            if not values:
                return ir.NONE_TYPE
            if self.enum_classes and self.hoist:
                return ir.ModelType(self.hoisted(schema, hint, ptr))
            return self.literal(values, f"{ptr}/enum")
        if "const" in schema and isinstance(schema["const"], (str, int, float, bool)):
            return self.literal([schema["const"]], f"{ptr}/const")
        if type_ in _SCALAR_TYPES:
            return self.scalar(schema, type_, ptr)
        if "allOf" in schema:
            return self.all_of(schema, hint, ptr)
        if "oneOf" in schema or "anyOf" in schema:
            return self.one_of(schema, hint, ptr)
        if type_ == "array" or (type_ is None and ("items" in schema or "prefixItems" in schema)):
            return ir.ListType(
                self.item_type(schema, hint, ptr), constraints(schema, ptr, problems)
            )
        if type_ == "object" or "properties" in schema or "additionalProperties" in schema:
            return self.object_type(schema, hint, ptr)
        return ir.ANY_TYPE

    def item_type(self, schema: dict[str, Any], hint: str, ptr: str) -> ir.Type:
        """The type of an array's items. With ``prefixItems`` (3.1), any of the positions'
        types or of ``items`` (which types the items after them); when nothing bounds what
        follows the positions (no ``items``, no ``maxItems`` within them), anything may."""
        items = keyword(schema, "items", ptr, self.problems)
        positions = keyword(schema, "prefixItems", ptr, self.problems)
        if positions is None:
            return self.type_of(items, hint + "Item", ptr + "/items") if items else ir.ANY_TYPE
        found = [
            self.type_of(member, f"{hint}Item{i + 1}", f"{ptr}/prefixItems/{i}")
            for i, member in enumerate(positions)
        ]
        bound = schema.get("maxItems")
        if isinstance(items, dict) and items:
            found.append(self.type_of(items, hint + "Item", ptr + "/items"))
        elif items is not False and not (
            isinstance(bound, int) and not isinstance(bound, bool) and bound <= len(positions)
        ):
            found.append(ir.ANY_TYPE)
        return union(found)

    def literal(self, values: list[str | int | float | bool], ptr: str) -> ir.Type:
        """One of ``values`` (an enum's or a const's). ``Literal`` cannot hold a number with a
        fraction: such values are typed ``float`` and not checked (reported)."""
        floats = [v for v in values if isinstance(v, float)]
        if not floats:
            return ir.LiteralType(tuple(values))
        shown = repr(floats[:5])
        self.problems.append(
            omission(
                ptr,
                "float-enum",
                f"values {shown} are numbers a Python Literal cannot hold; typed as float "
                "(the client does not check them)",
            )
        )
        rest = tuple(v for v in values if not isinstance(v, float))
        return union([*([ir.LiteralType(rest)] if rest else []), ir.ScalarType("float")])

    def mismatched(
        self,
        schema: dict[str, Any],
        type_: str | None,
        values: list[str | int | float | bool],
        hint: str,
        ptr: str,
    ) -> ir.Type:
        """An enum whose values are not of the declared type: an array's enum is read as its
        items' (the evident intent); a scalar takes its type or one of the values."""
        rest = {k: v for k, v in schema.items() if k != "enum"}
        literal = self.literal(values, f"{ptr}/enum") if values else ir.NONE_TYPE
        if type_ == "array":
            outcome = "read as the values of its items"
            found: ir.Type = ir.ListType(literal, constraints(schema, ptr, self.problems))
        else:
            outcome = f"the value is typed as {type_!r} or one of these values"
            found = union([self.base_type(rest, hint, ptr), literal])
        self.problems.append(
            omission(
                f"{ptr}/enum",
                "enum-type-mismatch",
                f"enum values {values[:5]!r} are not of type {type_!r}; {outcome}",
            )
        )
        return found

    def scalar(self, schema: dict[str, Any], type_: str, ptr: str) -> ir.Type:
        kind = _SCALAR_TYPES[type_]
        fmt = schema.get("format")
        if kind == "str" and fmt == "binary":
            kind = "bytes"
        elif kind == "str" and self.formats and isinstance(fmt, str):
            kind = _FORMAT_KINDS.get(fmt, "str")
        if not self.formats:
            return ir.ScalarType(kind)
        return ir.ScalarType(
            kind, constraints(schema, ptr, self.problems, aware=kind == "datetime")
        )

    def object_type(self, schema: dict[str, Any], hint: str, ptr: str) -> ir.Type:
        if is_free_form(schema) and "properties" not in schema:
            return ir.MapType(ir.ANY_TYPE)
        properties = properties_of(schema, ptr, self.problems)
        additional = keyword(schema, "additionalProperties", ptr, self.problems)
        if not properties and isinstance(additional, dict) and "properties" not in schema:
            value = self.type_of(additional, hint + "Value", ptr + "/additionalProperties")
            return ir.MapType(value, constraints(schema, ptr, self.problems))
        if not self.hoist:
            return ir.MapType(ir.ANY_TYPE)
        return ir.ModelType(self.hoisted(schema, hint, ptr))

    def hoisted(self, schema: dict[str, Any], hint: str, ptr: str) -> str:
        """The class of an inline object schema (one per place in the document)."""
        ctx = self.ctx
        found = ctx.hoisted.get(ptr)
        if found is not None:
            return found
        name = ctx.class_pins.get(ptr) or ctx.class_names.claim_class(pascal_case(hint))
        ctx.hoisted[ptr] = name
        ctx.hoisted_classes.add(name)
        from generator.builder.models import build_model

        if ctx.nesting >= MAX_NESTING:  # a document that nests without end (through refs)
            self.problems.append(
                omission(ptr, "nested-too-deep", "schemas nested too deep; this one is untyped")
            )
            ctx.add_model(ir.Model(name, None, ptr, kind="root", root=ir.ANY_TYPE))
            return name
        ctx.nesting += 1
        try:
            build_model(ctx, schema, name, None, ptr, self.problems)
        finally:
            ctx.nesting -= 1
        return name

    def all_of(self, schema: dict[str, Any], hint: str, ptr: str) -> ir.Type:
        members = [
            (m, p)
            for m, p in members_of(schema, "allOf", ptr, self.problems)
            if not is_annotation(m)
        ]
        own_object = bool({"properties", "additionalProperties"} & schema.keys()) or (
            schema.get("type") == "object"
        )
        if not members:
            rest = {k: v for k, v in schema.items() if k != "allOf"}
            return self.base_type(rest, hint, ptr) if rest else ir.ANY_TYPE
        if len(members) == 1 and not own_object:
            member, member_ptr = members[0]
            return self.type_of(member, hint, member_ptr)
        if own_object or any(object_like(self.ctx, m) for m, _ in members):
            if not self.hoist:
                return ir.MapType(ir.ANY_TYPE)
            return ir.ModelType(self.hoisted(schema, hint, ptr))
        for member, member_ptr in members:  # scalars refined by each other: the first typed
            found = self.type_of(member, hint, member_ptr)
            if not isinstance(found, ir.AnyType):
                return found
        return ir.ANY_TYPE

    def one_of(self, schema: dict[str, Any], hint: str, ptr: str) -> ir.Type:
        key = "oneOf" if "oneOf" in schema else "anyOf"
        members = members_of(schema, key, ptr, self.problems)
        if "properties" in schema or not members:
            rest = {k: v for k, v in schema.items() if k not in ("oneOf", "anyOf")}
            return self.object_type(rest, hint, ptr) if rest else ir.ANY_TYPE
        if len(members) == 1:
            return self.type_of(members[0][0], hint, members[0][1])
        types = [
            self.type_of(member, f"{hint}Option{i + 1}", member_ptr)
            for i, (member, member_ptr) in enumerate(members)
        ]
        return union(types, self.discriminator(schema, members, types, ptr))

    def discriminator(
        self,
        schema: dict[str, Any],
        members: list[tuple[Any, str]],
        types: list[ir.Type],
        ptr: str,
    ) -> ir.Discriminator | None:
        raw = schema.get("discriminator")
        prop = raw.get("propertyName") if isinstance(raw, dict) else None
        if not isinstance(prop, str) or not prop:
            return None
        classes = [t.name for t in types if isinstance(t, ir.ModelType)]
        if len(classes) != len([t for t in types if not isinstance(t, ir.NoneType)]):
            return None  # a member that is not a class cannot be told by a property
        tags: list[tuple[str, str]] = []
        mapping = raw.get("mapping") if isinstance(raw, dict) else None
        for value, target in (mapping or {}).items() if isinstance(mapping, dict) else ():
            ref = str(target) if str(target).startswith("#") else SCHEMA_REF_PREFIX + str(target)
            name = self.class_of_ref(ref)
            if name is None or name not in classes:
                self.problems.append(
                    unfollowed(
                        f"{ptr}/discriminator/mapping/{escape_pointer_token(str(value))}",
                        ref,
                        "ignored",
                    )
                )
                continue
            tags.append((str(value), name))
        for (member, _), type_ in zip(members, types, strict=True):
            if not isinstance(type_, ir.ModelType):
                continue
            for value in _tag_values(self.ctx, member, prop):
                if value not in {t for t, _ in tags}:
                    tags.append((value, type_.name))
        if not tags:
            return None
        return ir.Discriminator(prop, field_name(prop), tuple(tags))

    def class_of_ref(self, ref: str) -> str | None:
        key = component_key(ref)
        if key is not None:
            return self.ctx.schema_classes.get(key)
        return self.ctx.pointer_classes.get(ref)

    def null_by_composition(self, schema: dict[str, Any]) -> bool:
        """An ``allOf`` none of whose members says what type its value has: JSON Schema lets
        ``null`` through, and servers (and mock servers) send it."""
        return "allOf" in schema and not declares_type(self.ctx, schema)


def _tag_values(ctx: Context, member: dict[str, Any], prop: str) -> list[str]:
    """The discriminator values a member answers to: its schema name (implicit mapping) and
    a single ``enum``/``const`` value of its property."""
    values: list[str] = []
    ref = member.get("$ref")
    if isinstance(ref, str):
        key = component_key(ref)
        if key is not None:
            values.append(key)
        member = lookup(ctx, ref) if isinstance(lookup(ctx, ref), dict) else {}
    for part in [member, *(m for m in member.get("allOf") or [] if isinstance(m, dict))]:
        props = part.get("properties")
        spec = props.get(prop) if isinstance(props, dict) else None
        if isinstance(spec, dict):
            enum = spec.get("enum")
            if isinstance(enum, list) and len(enum) == 1 and isinstance(enum[0], str):
                values.append(enum[0])
            if isinstance(spec.get("const"), str):
                values.append(spec["const"])
    return values


def _holds_ref(node: Any) -> bool:
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if isinstance(item.get("$ref"), str):
                return True
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def object_like(ctx: Context, schema: Any, depth: int = 0) -> bool:
    """Describes an object with members: properties, ``type: object`` (not free-form), or an
    ``allOf`` with such a member (references followed)."""
    if not isinstance(schema, dict) or depth > 16:
        return False
    ref = schema.get("$ref")
    if isinstance(ref, str):
        return object_like(ctx, lookup(ctx, ref), depth + 1)
    if isinstance(schema.get("properties"), dict):
        return True
    if schema.get("type") == "object":
        return True
    members = schema.get("allOf")
    return isinstance(members, list) and any(object_like(ctx, m, depth + 1) for m in members)


def declares_type(ctx: Context, schema: Any, depth: int = 0) -> bool:
    """Whether a schema, or a member of its ``allOf`` (references followed), says ``type``."""
    if not isinstance(schema, dict) or depth > 16:
        return True  # unknown: do not widen
    ref = schema.get("$ref")
    if isinstance(ref, str):
        return declares_type(ctx, lookup(ctx, ref), depth + 1)
    if "type" in schema or "enum" in schema or "const" in schema:
        return True
    members = schema.get("allOf")
    return isinstance(members, list) and any(declares_type(ctx, m, depth + 1) for m in members)
