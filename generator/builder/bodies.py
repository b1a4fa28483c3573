"""Request bodies."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from generator import ir
from generator.builder.context import Context, Problems, omission
from generator.builder.media import body_kind, pick_media_type
from generator.builder.names import RESERVED_ARGUMENTS, argument_name
from generator.builder.refs import lookup, resolve
from generator.builder.schemas import Reader
from generator.builder.types import type_ref
from generator.naming import NameRegistry, snake_case
from generator.spec.diagnostics import pointer, unescape_pointer
from generator.spec.operations import PARAMETER_STYLES


def build_body(
    ctx: Context, op: Mapping[str, Any], ptr: str, registry: NameRegistry, op_class: str
) -> tuple[ir.Body | None, Problems]:
    problems: Problems = []
    raw = op.get("requestBody")
    if raw is None:
        return None, problems
    body, body_ptr = resolve(ctx, raw, ptr + "/requestBody", problems)
    if not isinstance(body, dict):
        return None, problems
    content = body.get("content")
    if not isinstance(content, dict) or not content:
        problems.append(
            omission(
                body_ptr, "body-without-content", "request body declares no media type; left out"
            )
        )
        return None, problems
    media_type = pick_media_type(content)
    media = content[media_type] if isinstance(content[media_type], dict) else {}
    kind = body_kind(media_type)
    name = registry.claim("body")
    media_ptr = pointer(*unescape_pointer(body_ptr), "content", media_type)
    if kind == "binary":
        type_ = ir.TypeRef("bytes")
    elif kind == "text":
        type_ = ir.TypeRef("str")
    else:
        reader = Reader(ctx, problems, hoist=True, formats=False, enum_classes=True)
        type_ = type_ref(
            reader.type_of(media.get("schema"), op_class + "Request", media_ptr + "/schema")
        )
    description = body.get("description")
    if not (isinstance(description, str) and description.strip()):
        description = _schema_description(ctx, media.get("schema"))
    return ir.Body(
        python_name=name,
        required=bool(body.get("required", False)),
        media_type=media_type,
        kind=kind,
        type=type_,
        description=description.strip() or None if isinstance(description, str) else None,
        encoding=body_encoding(media.get("encoding")) if kind in ("form", "multipart") else (),
        media_types=tuple(str(key) for key in content),
        pointer=body_ptr,
    ), problems


def _schema_description(ctx: Context, schema: Any) -> str | None:
    """What a body is, said by its schema (the one it refers to) when the body does not say."""
    seen: set[str] = set()
    while isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
        if isinstance(schema.get("description"), str) or schema["$ref"] in seen:
            break
        seen.add(schema["$ref"])
        schema = lookup(ctx, schema["$ref"])
    found = schema.get("description") if isinstance(schema, dict) else None
    return found if isinstance(found, str) else None


def body_encoding(raw: Any) -> tuple[tuple[str, ir.BodyEncoding], ...]:
    """The encoding object of a form or multipart body: per property, its content type and
    (for forms) its style."""
    if not isinstance(raw, dict):
        return ()
    result: list[tuple[str, ir.BodyEncoding]] = []
    for name, enc in sorted(raw.items()):
        if not isinstance(enc, dict):
            continue
        style = enc.get("style")
        if style not in PARAMETER_STYLES["query"]:
            style = "form"
        content_type = enc.get("contentType")
        result.append(
            (
                str(name),
                ir.BodyEncoding(
                    content_type=content_type.split(",")[0].strip()
                    if isinstance(content_type, str)
                    else None,
                    style=style,
                    explode=bool(enc.get("explode", style == "form")),
                ),
            )
        )
    return tuple(result)


def with_body_arguments(
    op: ir.Operation,
    models: Mapping[str, ir.Model],
    pins: Mapping[tuple[str, str], str],
) -> ir.Operation:
    """``op`` with a JSON object body's properties as keyword arguments (Stainless style:
    ``client.orders.create(customer_id=..., items=[...])``; ``body=`` still takes the model or a
    mapping). Read-only properties are left out (a request never sends them); a property whose
    name another argument has gets ``<name>_body`` (``pins``: the previous version's names)."""
    body = op.body
    if body is None or body.kind != "json" or len(body.type.models) != 1:
        return op
    model = models.get(body.type.models[0])
    if model is None or model.kind != "object" or body.type.annotation != model.class_name:
        return op
    fields = [f for f in ir.all_fields(models, model) if not f.read_only]
    if not fields:
        return op
    registry = NameRegistry(
        RESERVED_ARGUMENTS
        | {p.python_name for p in op.parameters}
        | {body.python_name}
        | ({"method"} if op.method == "ANY" else set())
    )
    reserved: dict[str, str] = {}
    for item in fields:
        name = pins.get(("body", item.wire_name))
        if name is not None and name not in registry:
            reserved[item.wire_name] = registry.claim(name)
    arguments = tuple(
        ir.BodyArgument(
            wire_name=item.wire_name,
            python_name=argument_name(
                registry,
                snake_case(item.wire_name, fallback="value"),
                "body",
                reserved.get(item.wire_name),
            ),
            type=item.type,
            required=item.required,
            description=item.description,
            deprecated=item.deprecated,
        )
        for item in fields
    )
    return replace(op, body=replace(body, arguments=arguments, model=model.class_name))
