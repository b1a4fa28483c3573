"""The annotations operations show (parameters, bodies, returns), from schema types."""

from __future__ import annotations

from collections.abc import Iterable

from generator import ir
from generator.naming import py_literal

_SCALARS: dict[str, str] = {
    "str": "str",
    "int": "int",
    "float": "float",
    "bool": "bool",
    "bytes": "bytes",
    "date": "date",
    "datetime": "datetime",
    "time": "time",
    "uuid": "UUID",
    "decimal": "Decimal",
}


def annotation(type_: ir.Type) -> str:
    """The plain Python annotation of a type (no constraints, enums closed)."""
    if isinstance(type_, ir.AnyType):
        return "Any"
    if isinstance(type_, ir.NoneType):
        return "None"
    if isinstance(type_, ir.ScalarType):
        return _SCALARS[type_.kind]
    if isinstance(type_, ir.LiteralType):
        return "Literal[" + ", ".join(py_literal(v) for v in type_.values) + "]"
    if isinstance(type_, ir.ModelType):
        return type_.name
    if isinstance(type_, ir.ListType):
        return f"list[{annotation(type_.item)}]"
    if isinstance(type_, ir.MapType):
        return f"dict[str, {annotation(type_.value)}]"
    return " | ".join(annotation(m) for m in type_.members)


def type_ref(type_: ir.Type) -> ir.TypeRef:
    """The annotation of a type and the model classes it names, in order of appearance."""
    return ir.TypeRef(annotation(type_), tuple(_models_in_order(type_)), type_)


def _models_in_order(type_: ir.Type) -> Iterable[str]:
    seen: list[str] = []
    stack: list[ir.Type] = [type_]
    while stack:
        item = stack.pop()
        if isinstance(item, ir.ModelType) and item.name not in seen:
            seen.append(item.name)
        elif isinstance(item, ir.ListType):
            stack.append(item.item)
        elif isinstance(item, ir.MapType):
            stack.append(item.value)
        elif isinstance(item, ir.UnionType):
            stack.extend(reversed(item.members))
    return seen
