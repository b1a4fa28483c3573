"""Parameters: merged from the path item and the operation, typed, named."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator import ir
from generator.builder.context import Context, Problems, omission
from generator.builder.refs import resolve
from generator.builder.schemas import Reader
from generator.builder.types import type_ref
from generator.naming import NameRegistry, pascal_case, snake_case
from generator.spec.normalize import X_GREEDY

RawParameter = tuple[dict[str, Any], str]  # the parameter object and its pointer
LOCATIONS = ("path", "query", "header", "cookie")


def raw_parameters(
    ctx: Context, path_item: Mapping[str, Any], op: Mapping[str, Any], ptr: str
) -> tuple[list[RawParameter], Problems]:
    """The operation's parameters over the path item's (same name and location: the
    operation's wins), references followed."""
    problems: Problems = []
    merged: dict[tuple[str, str], RawParameter] = {}
    for source, base in ((path_item, ptr.rsplit("/", 1)[0]), (op, ptr)):
        params = source.get("parameters")
        if not isinstance(params, list):
            continue
        for index, raw in enumerate(params):
            param, param_ptr = resolve(ctx, raw, f"{base}/parameters/{index}", problems)
            if not isinstance(param, dict):
                continue
            name, location = param.get("name"), param.get("in")
            if not isinstance(name, str) or location not in LOCATIONS:
                problems.append(
                    omission(
                        param_ptr,
                        "unsupported-parameter",
                        f"parameter {name!r} in {location!r} is not supported; left out",
                    )
                )
                continue
            merged[(name, location)] = (param, param_ptr)
    return list(merged.values()), problems


def unique_wire_names(params: list[RawParameter]) -> tuple[list[RawParameter], Problems]:
    """One parameter per name: a generated call passes values by wire name."""
    problems: Problems = []
    kept: dict[str, str] = {}
    result: list[RawParameter] = []
    for param, ptr in params:
        name, location = str(param["name"]), str(param["in"])
        if name in kept:
            problems.append(
                omission(
                    ptr,
                    "duplicate-parameter-name",
                    f"{location} parameter {name!r} has the name of a {kept[name]} parameter of "
                    "the same operation; only the first is sent",
                )
            )
            continue
        kept[name] = location
        result.append((param, ptr))
    return result, problems


def build_parameter(
    ctx: Context, param: dict[str, Any], ptr: str, registry: NameRegistry, op_class: str
) -> tuple[ir.Parameter, Problems]:
    problems: Problems = []
    name = str(param["name"])
    schema = param.get("schema")
    if not isinstance(schema, dict) and isinstance(param.get("content"), dict):
        first: Any = next(iter(param["content"].values()), {})
        schema = first.get("schema") if isinstance(first, dict) else None
    reader = Reader(ctx, problems, hoist=False, formats=False)
    found = reader.type_of(schema, op_class + pascal_case(name), ptr + "/schema")
    if isinstance(found, ir.UnionType) and ir.NONE_TYPE in found.members:
        # an absent parameter is None already; null is not a value a URL can carry
        rest = tuple(m for m in found.members if m != ir.NONE_TYPE)
        found = rest[0] if len(rest) == 1 else ir.UnionType(rest, found.discriminator)
    location = param["in"]
    explode = param.get("explode", param.get("style", "form") == "form")
    return ir.Parameter(
        wire_name=name,
        python_name=registry.claim(snake_case(name, fallback="param")),
        location=location,
        required=bool(param.get("required", False)) or location == "path",
        type=type_ref(found),
        description=_text(param.get("description")),
        explode=bool(explode),
        greedy=bool(param.get(X_GREEDY, False)),
        deprecated=bool(param.get("deprecated", False)),
    ), problems


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None
