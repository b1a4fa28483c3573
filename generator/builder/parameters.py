"""Parameters: merged from the path item and the operation, typed, named."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator import ir
from generator.builder.context import Context, Problems, omission
from generator.builder.names import argument_name
from generator.builder.refs import resolve
from generator.builder.schemas import Reader
from generator.builder.types import type_ref
from generator.naming import NameRegistry, pascal_case, snake_case
from generator.spec.diagnostics import Diagnostic
from generator.spec.normalize import X_GREEDY
from generator.spec.operations import IGNORED_HEADERS, PARAMETER_STYLES, effective_parameters

RawParameter = tuple[dict[str, Any], str]  # the parameter object and its pointer


def raw_parameters(
    ctx: Context, path_item: Mapping[str, Any], op: Mapping[str, Any], ptr: str
) -> tuple[list[RawParameter], list[RawParameter], Problems]:
    """The operation's parameters over the path item's (one definition of which declarations
    are one parameter: :mod:`generator.spec.operations`), references followed, and apart
    the header parameters OpenAPI says to ignore (reported as info)."""
    problems: Problems = []
    effective = effective_parameters(
        path_item,
        op,
        resolve=lambda node, here: resolve(ctx, node, here, problems),
        path_item_pointer=ptr.rsplit("/", 1)[0],
        operation_pointer=ptr,
    )
    for bad in effective.unsupported:
        problems.append(
            omission(
                bad.pointer,
                "unsupported-parameter",
                f"parameter {bad.name!r} in {bad.location!r} is not supported; left out",
            )
        )
    kept: list[RawParameter] = []
    ignored: list[RawParameter] = []
    for param in effective.parameters:
        if param.location == "header" and param.name.lower() in IGNORED_HEADERS:
            ignored.append((param.node, param.pointer))
            problems.append(
                Diagnostic(
                    param.pointer,
                    "info",
                    "ignored-header-parameter",
                    f"header parameter {param.name!r} is ignored, as OpenAPI says: the client"
                    " sets it (content negotiation, body type or credentials)",
                )
            )
            continue
        kept.append((param.node, param.pointer))
    return kept, ignored, problems


def value_keys(params: list[RawParameter]) -> dict[int, str]:
    """Where generated code passes each parameter's value (by index in ``params``): its name,
    unless another location has a parameter of that name too (OpenAPI parameters are unique by
    name and location: ``/items/{param}`` may also take a query ``param``), then
    ``<location>:<name>``."""
    counts: dict[str, int] = {}
    for param, _ in params:
        counts[str(param["name"])] = counts.get(str(param["name"]), 0) + 1
    return {
        index: f"{param['in']}:{param['name']}"
        for index, (param, _) in enumerate(params)
        if counts[str(param["name"])] > 1
    }


def build_parameter(
    ctx: Context,
    param: dict[str, Any],
    ptr: str,
    registry: NameRegistry,
    op_class: str,
    *,
    key: str = "",
    pinned: str | None = None,
) -> tuple[ir.Parameter, Problems]:
    problems: Problems = []
    name = str(param["name"])
    schema = param.get("schema")
    if not isinstance(schema, dict) and isinstance(param.get("content"), dict):
        first: Any = next(iter(param["content"].values()), {})
        schema = first.get("schema") if isinstance(first, dict) else None
    reader = Reader(ctx, problems, hoist=False, formats=False)
    found = reader.type_of(schema, op_class + pascal_case(name), ptr + "/schema")
    nullable = isinstance(found, ir.UnionType) and ir.NONE_TYPE in found.members
    if isinstance(found, ir.UnionType) and nullable:
        # the type without null: ``nullable`` says that None is a value (sent empty)
        rest = tuple(m for m in found.members if m != ir.NONE_TYPE)
        found = rest[0] if len(rest) == 1 else ir.UnionType(rest, found.discriminator)
    location = param["in"]
    style = param.get("style")
    if style not in PARAMETER_STYLES[location]:
        style = PARAMETER_STYLES[location][0]
    explode = param.get("explode", style == "form")
    return ir.Parameter(
        wire_name=name,
        python_name=argument_name(
            registry, snake_case(name, fallback="param"), str(location), pinned
        ),
        location=location,
        required=bool(param.get("required", False)) or location == "path",
        type=type_ref(found),
        description=_text(param.get("description")),
        explode=bool(explode),
        greedy=bool(param.get(X_GREEDY, False)),
        deprecated=bool(param.get("deprecated", False)),
        style=style,
        nullable=nullable,
        key=key,
        pointer=ptr,
    ), problems


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None
