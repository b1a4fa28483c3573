"""The classes of ``models``: object models, enums and root models, every fact decided.

``allOf`` makes a subclass of each referenced object model, and merges the members written in
place. A base is copied in instead (its fields merged, its hierarchy dropped) when the subclass
redefines one of its properties, or when it defines a property differently from an earlier base
(another type, or required in one only): a class inheriting both would be rejected by type
checkers. A property reached twice through a common base (a diamond) keeps the hierarchy.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from generator import ir
from generator.builder.context import Context, Problems, omission
from generator.builder.refs import component_key, lookup, unfollowed
from generator.builder.schemas import (
    Reader,
    alias_target,
    annotated,
    default_of,
    enum_values,
    is_enum_class,
    is_object_schema,
    is_plain_container,
    keyword,
    members_of,
    properties_of,
    ref_alias,
    required_names,
)
from generator.code_keywords import code_keywords
from generator.naming import NameRegistry, enum_member_name, field_name, pascal_case
from generator.spec.diagnostics import escape_pointer_token


def text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def build_named(ctx: Context, key: str, problems: Problems) -> ir.Model | None:
    """The model of ``components.schemas[key]`` (built once)."""
    name = ctx.schema_classes[key]
    found = ctx.models.get(name)
    if found is not None or key in ctx.building:
        return found
    ctx.building.add(key)
    try:
        ptr = "/components/schemas/" + escape_pointer_token(key)
        return build_model(ctx, ctx.schemas[key], name, key, ptr, problems)
    finally:
        ctx.building.discard(key)


def build_model(
    ctx: Context,
    schema: Any,
    class_name: str,
    schema_name: str | None,
    ptr: str,
    problems: Problems,
) -> ir.Model:
    """Decide what class ``schema`` is and build it (registered in ``ctx.models``)."""
    schema = schema if isinstance(schema, dict) else {}
    problems += code_keywords(schema, ptr)
    description = text(schema.get("description")) or text(schema.get("title"))
    common = {
        "class_name": class_name,
        "schema_name": schema_name,
        "pointer": ptr,
        "description": description,
        "deprecated": schema.get("deprecated") is True,
    }
    reader = Reader(ctx, problems, hoist=True, formats=True, unwrap_roots=True)
    model: ir.Model
    members = _enum_members(schema, ptr, problems)
    alias = ref_alias(schema)
    if members is not None:
        model = ir.Model(kind="enum", members=members, **common)  # type: ignore[arg-type]
    elif alias is not None and alias_target(ctx, schema)[1]:
        problems.append(unfollowed(ptr, alias, "typed as Any", loop=True))
        model = ir.Model(kind="root", root=ir.ANY_TYPE, **common)  # type: ignore[arg-type]
    elif is_object_schema(ctx, schema):
        if alias is not None:  # a reference to an object model: its subclass
            schema = {
                **{k: v for k, v in schema.items() if k != "$ref"},
                "allOf": [{"$ref": alias}],
            }
        model = _ObjectBuilder(ctx, reader, class_name, ptr).build(schema, common)
    elif schema_name is not None and is_plain_container(schema):
        model = ir.Model(kind="root", root=reader.container_expansion(schema_name), **common)  # type: ignore[arg-type]
    else:
        root = reader.type_of(schema, class_name, ptr)
        model = ir.Model(kind="root", root=root, **common)  # type: ignore[arg-type]
    ctx.add_model(model)
    return model


def _enum_members(
    schema: dict[str, Any], ptr: str, problems: Problems
) -> tuple[ir.EnumMember, ...] | None:
    """The members of a named enum of text or integers (other enums are ``Literal`` roots)."""
    if not is_enum_class(schema):
        return None
    values = enum_values(schema, ptr, problems)
    assert values
    names = NameRegistry()
    labels = schema.get("x-enum-varnames") or schema.get("x-enumNames")
    usable = (
        isinstance(labels, list)
        and len(labels) == len(schema["enum"])
        and all(isinstance(v, str) for v in labels)
    )
    members = []
    raw = schema["enum"]
    for value in values:
        assert isinstance(value, (str, int))
        wanted = labels[raw.index(value)] if usable and isinstance(labels, list) else value
        members.append(ir.EnumMember(names.claim(enum_member_name(wanted)), value))
    return tuple(members)


@dataclass
class _Property:
    wire: str
    schema: Any
    pointer: str


class _ObjectBuilder:
    def __init__(self, ctx: Context, reader: Reader, class_name: str, ptr: str) -> None:
        self.ctx = ctx
        self.reader = reader
        self.problems = reader.problems
        self.class_name = class_name
        self.ptr = ptr
        self.properties: dict[str, _Property] = {}  # written here or in inline allOf members
        self.required: set[str] = set()
        self.bases: list[ir.Model] = []
        self.copied: list[ir.Field] = []  # fields of bases copied in
        self.extras: Any = None
        self.discriminator: str | None = None

    def build(self, schema: dict[str, Any], common: dict[str, Any]) -> ir.Model:
        self.collect(schema, self.ptr, depth=0)
        self.settle_bases()
        inherited = {f.wire_name: f for base in self.bases for f in all_fields(self.ctx, base)}
        names = NameRegistry(f.python_name for f in inherited.values())
        fields: list[ir.Field] = []
        seen: set[str] = set()
        # a property required by one of the bases copied in is required
        self.required |= {f.wire_name for f in self.copied if f.required}
        for copied in self.copied:
            if copied.wire_name in self.properties or copied.wire_name in seen:
                continue
            seen.add(copied.wire_name)
            fields.append(
                replace(
                    copied,
                    python_name=names.claim(copied.python_name),
                    required=copied.required or copied.wire_name in self.required,
                )
            )
        for prop in self.properties.values():
            base_field = inherited.get(prop.wire)
            python = base_field.python_name if base_field else names.claim(field_name(prop.wire))
            fields.append(self.field(prop, python))
            seen.add(prop.wire)
        for wire in sorted(self.required - seen - {f.wire_name for f in fields}):
            base_field = inherited.get(wire)
            if base_field is not None and not base_field.required:
                fields.append(replace(base_field, required=True))  # required here only
        extras = None
        if isinstance(self.extras, dict) and self.extras:
            extras = self.reader.type_of(
                self.extras, self.class_name + "Value", self.ptr + "/additionalProperties"
            )
            extras = None if isinstance(extras, ir.AnyType) else extras
        return ir.Model(
            kind="object",
            bases=tuple(b.class_name for b in self.bases),
            fields=tuple(fields),
            extras=extras,
            **common,
        )

    # -- gathering ------------------------------------------------------------------------------

    def collect(self, schema: dict[str, Any], ptr: str, depth: int) -> None:
        problems = self.problems
        self.required.update(required_names(schema, ptr, problems))
        for wire, prop in properties_of(schema, ptr, problems).items():
            if wire not in self.properties:
                self.properties[wire] = _Property(
                    wire, prop, f"{ptr}/properties/{escape_pointer_token(wire)}"
                )
        additional = keyword(schema, "additionalProperties", ptr, problems)
        if isinstance(additional, dict) and self.extras is None:
            self.extras = additional
        raw = schema.get("discriminator")
        if isinstance(raw, dict) and isinstance(raw.get("propertyName"), str):
            self.discriminator = raw["propertyName"]
        for member, member_ptr in members_of(schema, "allOf", ptr, problems):
            ref = member.get("$ref")
            if not isinstance(ref, str):
                if depth < 16:
                    self.collect(member, member_ptr, depth + 1)
                continue
            key = component_key(ref)
            if key is not None and key in self.ctx.schema_classes:
                target = self.ctx.schemas[key]
                if not is_object_schema(self.ctx, target if isinstance(target, dict) else {}):
                    self.problems.append(
                        omission(
                            member_ptr,
                            "allof-not-object",
                            f"{ref!r} is not an object schema; its members cannot be merged "
                            "into this model",
                        )
                    )
                    continue
                base = build_named(self.ctx, key, self.problems)
                if base is None:  # a base being built: an allOf cycle; merge what it writes
                    if depth < 16 and isinstance(target, dict):
                        self.collect(target, member_ptr, depth + 1)
                elif base.class_name != self.class_name:
                    self.bases.append(base)
                continue
            target = lookup(self.ctx, ref)
            if not isinstance(target, dict):
                continue
            if self.reader.wants_class(target) and is_object_schema(self.ctx, target):
                # a schema elsewhere in the document: its class (made once) is a base
                name = self.reader.pointer_class(ref, target)
                pointed = self.ctx.models.get(name)
                if pointed is not None and pointed.kind == "object":
                    if pointed.class_name != self.class_name:
                        self.bases.append(pointed)
                    continue
            if depth < 16 and ref not in self.ctx.following:
                self.ctx.following.append(ref)
                try:
                    self.collect(target, ref.lstrip("#"), depth + 1)
                finally:
                    self.ctx.following.pop()

    # -- bases ------------------------------------------------------------------------------------

    def settle_bases(self) -> None:
        """Copy in the bases that would make an inconsistent class (see the module doc)."""
        kept: list[ir.Model] = []
        copied: list[ir.Model] = []
        for base in {b.class_name: b for b in self.bases}.values():  # in order, once each
            fields = all_fields(self.ctx, base)
            redefined = any(f.wire_name in self.properties for f in fields)
            if redefined or any(self.disagree(other, base) for other in kept):
                copied.append(base)
            else:
                kept.append(base)
        # a copied base's members are written here now: bases defining them are copied too
        changed = bool(copied)
        while changed:
            local = {f.wire_name for b in copied for f in all_fields(self.ctx, b)}
            moved = [b for b in kept if local & {f.wire_name for f in all_fields(self.ctx, b)}]
            kept = [b for b in kept if b not in moved]
            copied = [*moved, *copied] if moved else copied
            changed = bool(moved)
        order = [b.class_name for b in self.bases]
        for base in sorted(copied, key=lambda b: order.index(b.class_name)):
            self.copied.extend(all_fields(self.ctx, base))
        # a base another base already extends adds nothing and breaks the method order
        self.bases = [
            b for b in kept if not any(b.class_name in ancestors(self.ctx, o) for o in kept)
        ]

    def disagree(self, first: ir.Model, second: ir.Model) -> bool:
        ctx = self.ctx
        one = {f.wire_name: (origin, f) for origin, f in owned_fields(ctx, first)}
        for origin, item in owned_fields(ctx, second):
            found = one.get(item.wire_name)
            if found is None or found[0] == origin:
                continue  # not shared, or one definition reached twice (a diamond)
            other = found[1]
            if (other.type, other.required) != (item.type, item.required):
                return True
            if ir.model_names(item.type) & ctx.hoisted_classes:
                return True  # two schemas written in place are two classes, however equal
        return False

    # -- fields -----------------------------------------------------------------------------------

    def field(self, prop: _Property, python_name: str) -> ir.Field:
        schema = prop.schema if isinstance(prop.schema, dict) else {}
        notes = annotated(schema) if "allOf" in schema else schema
        target = schema
        ref = schema.get("$ref")
        if isinstance(ref, str) and isinstance(lookup(self.ctx, ref), dict):
            target = lookup(self.ctx, ref)
        if prop.wire == self.discriminator and ("enum" in schema or "$ref" in schema):
            # subclasses narrow it to their own value, which an enum class would not allow
            self.problems.append(
                omission(
                    prop.pointer,
                    "discriminator-as-text",
                    f"discriminator property {prop.wire!r} is typed as text rather than as its "
                    "enum",
                )
            )
            type_: ir.Type = ir.ScalarType("str")
        else:
            hint = self.class_name + pascal_case(prop.wire, fallback="Field")
            type_ = self.reader.type_of(schema, hint, prop.pointer)
        has_default, default = default_of(notes, prop.pointer, self.problems)
        return ir.Field(
            wire_name=prop.wire,
            python_name=python_name,
            type=type_,
            required=prop.wire in self.required,
            pointer=prop.pointer,
            default=default,
            has_default=has_default,
            description=text(notes.get("description")),
            deprecated=notes.get("deprecated") is True,
            read_only=notes.get("readOnly") is True or target.get("readOnly") is True,
            write_only=notes.get("writeOnly") is True or target.get("writeOnly") is True,
        )


def ancestors(ctx: Context, model: ir.Model) -> set[str]:
    found: set[str] = set()
    stack = list(model.bases)
    while stack:
        name = stack.pop()
        if name in found:
            continue
        found.add(name)
        base = ctx.models.get(name)
        if base is not None:
            stack.extend(base.bases)
    return found


def owned_fields(ctx: Context, model: ir.Model) -> list[tuple[str, ir.Field]]:
    """Every field of a model (its bases' too), each with the class that defines it."""
    result: dict[str, tuple[str, ir.Field]] = {}
    for base_name in model.bases:
        base = ctx.models.get(base_name)
        if base is not None:
            for origin, item in owned_fields(ctx, base):
                result.setdefault(item.wire_name, (origin, item))
    for item in model.fields:
        result[item.wire_name] = (model.class_name, item)
    return list(result.values())


def all_fields(ctx: Context, model: ir.Model) -> list[ir.Field]:
    """Every field of a model, inherited ones first (a redefinition replaces its base's)."""
    return [item for _, item in owned_fields(ctx, model)]
