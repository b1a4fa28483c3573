"""The whole API: models, security, operations grouped into resources, servers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from generator import ir
from generator.builder.bodies import with_body_arguments
from generator.builder.context import Context, Problems, omission
from generator.builder.models import build_named
from generator.builder.names import NO_SURFACE_INPUT, SCHEME, SurfaceInput, SurfaceNames
from generator.builder.operations import build_operation, is_cors_preflight
from generator.builder.pagination import paginate
from generator.builder.refs import unfollowed
from generator.builder.rest_names import Route, derive, route_key
from generator.builder.security import document_requirements, security_schemes
from generator.builder.servers import servers
from generator.spec.diagnostics import Diagnostic, pointer
from generator.spec.keys import OPERATION_KEYS
from generator.spec.normalize import (
    X_ORIGINAL_OPERATION_ID,
    X_ORIGINAL_PATH,
    X_SYNTHESIZED_ID,
    iter_operations,
    operation_method,
    synthesize_operation_id,
)

_SCALAR_DEFAULTS: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "int": (int,),
    "float": (int, float),
    "bool": (bool,),
}


def build_api(
    doc: Mapping[str, Any], surface: SurfaceInput = NO_SURFACE_INPUT, *, models: bool = True
) -> ir.Api:
    """The IR of a normalized OpenAPI 3 document; ``surface``: the names the previous version
    of the client has, and the team's overrides (:mod:`generator.builder.names`).

    ``models=False`` builds what comparing two versions needs, about four times faster on
    big documents: every operation as ``generate`` sees it (names, parameters, bodies,
    responses, types, security) and the class name of every named schema, but only the
    models the operations' types had to build (written in place); no pagination and no body
    properties as arguments, which read the models. Such an ``Api`` says ``complete=False``
    and is never rendered. Class names are the same as in a complete build, except that two
    schemas written in place that want one name may get their suffixes in another order; a
    method name that depends on pagination (a ``GET`` of a page with no other sign of a
    collection is ``list``) may differ from the client's when no previous name pins it.
    """
    ctx = Context.of(doc)
    names = SurfaceNames(surface, ctx.class_names)
    ctx.class_pins = names.model_pins
    problems: Problems = []
    for key in ctx.schemas:
        ctx.schema_classes[key] = names.schema_class(key)
    if models:
        for key in ctx.schemas:
            build_named(ctx, key, problems)
    schemes, found = security_schemes(ctx)
    problems += found
    scheme_keys = {s.key: s for s in schemes}
    problems += path_item_refs(doc)
    built: list[tuple[ir.Operation, Route]] = []
    for path, key, op in iter_operations(dict(doc)):
        document_path = str(doc["paths"][path].get(X_ORIGINAL_PATH, path))
        method = operation_method(key)
        if is_cors_preflight(op, key):
            problems.append(
                Diagnostic(
                    pointer("paths", document_path, key),  # in the document as written
                    "info",
                    "cors-preflight",
                    f"OPTIONS {document_path} only answers browsers' CORS preflight requests;"
                    " the client has no method for it",
                )
            )
            continue
        given = given_operation_id(op)
        pins = names.argument_pins(method, document_path, given)
        operation, found = build_operation(ctx, path, key, op, scheme_keys, pins)
        operation = replace(operation, given_operation_id=given)
        problems += found
        route = Route(
            key=route_key(method, document_path),
            method=method,
            path=document_path,
            operation_id=given,
            fallback=synthesize_operation_id(method, document_path),
            tag=_first_tag(op),
        )
        built.append((operation, route))
    settled, found = settle_models(ctx)
    problems += found
    names.check_models(settled)
    operations = [op for op, _ in built]
    if models:
        index = {m.class_name: m for m in settled}
        operations = [
            with_body_arguments(
                op, index, names.argument_pins(op.method, op.document_path, route.operation_id)
            )
            for op, route in built
        ]
        operations = paginate(
            operations, index, names.overrides.pagination, names.overrides.pagination_source
        )
    routes = [
        replace(route, returns_list=_returns_list(op))
        for op, (_, route) in zip(operations, built, strict=True)
    ]
    usable_servers, notes, found = servers(doc)
    problems += found
    stages = {s.stage for s in usable_servers if s.stage}
    _, resources = names.assign(list(zip(operations, routes, strict=True)), derive(routes, stages))
    info = doc.get("info") if isinstance(doc.get("info"), dict) else {}
    assert isinstance(info, dict)
    return ir.Api(
        title=str(info.get("title", "api")),
        version=str(info.get("version", "0.0.0")),
        description=_text(info.get("description")),
        servers=tuple(usable_servers),
        security_schemes=tuple(schemes),
        resources=resources,
        models=settled,
        omissions=tuple(dict.fromkeys(problems)),
        notes=tuple(notes),
        requirements=document_requirements(doc, scheme_keys),
        schema_classes=tuple(ctx.schema_classes.items()),
        complete=models,
        naming_scheme=SCHEME,
    )


def given_operation_id(op: Mapping[str, Any]) -> str | None:
    """The operationId the document gives (before any repair), None when it gives none."""
    original = op.get(X_ORIGINAL_OPERATION_ID)
    if isinstance(original, str):
        return original
    return None if op.get(X_SYNTHESIZED_ID) else str(op["operationId"])


def _first_tag(op: Mapping[str, Any]) -> str | None:
    tags = op.get("tags")
    if isinstance(tags, list) and tags and isinstance(tags[0], str) and tags[0].strip():
        return tags[0]
    return None


def _returns_list(op: ir.Operation) -> bool:
    """A list, or a page of items: what ``list`` methods return."""
    return op.pagination is not None or op.returns.annotation.startswith("list[")


def path_item_refs(doc: Mapping[str, Any]) -> Problems:
    """Path items still given as a ``$ref`` (remote, or pointing nowhere) are left out."""
    problems: Problems = []
    paths = doc.get("paths")
    for path, item in paths.items() if isinstance(paths, dict) else ():
        ref = item.get("$ref") if isinstance(item, dict) else None
        if isinstance(ref, str) and not any(k in item for k in OPERATION_KEYS):
            problems.append(
                unfollowed(pointer("paths", path), ref, "the operations of this path are left out")
            )
    return problems


def settle_models(ctx: Context) -> tuple[tuple[ir.Model, ...], Problems]:
    """The models in order (named ones in document order, then the others as made), fields
    renamed off class names, defaults a client cannot apply left out."""
    problems: Problems = []
    named = [ctx.schema_classes[k] for k in ctx.schemas]
    order = [n for n in named if n in ctx.models]
    placed = set(order)
    order += [n for n in ctx.models if n not in placed]
    classes = set(ctx.models)
    settled: list[ir.Model] = []
    for name in order:
        model = ctx.models[name]
        if model.kind == "object" and model.fields:
            fields = []
            taken = {f.python_name for f in model.fields}
            for item in model.fields:
                if item.python_name in classes:
                    new = item.python_name + "_"
                    while new in taken or new in classes:
                        new += "_"
                    taken.add(new)
                    item = replace(item, python_name=new)
                if item.has_default:
                    reason = default_problem(item.type, item.default, ctx.models)
                    if reason is not None:
                        problems.append(
                            omission(
                                item.pointer + "/default",
                                "invalid-default",
                                f"default {item.default!r} {reason}; the field has no default",
                            )
                        )
                        item = replace(item, has_default=False, default=None)
                fields.append(item)
            model = replace(model, fields=tuple(fields))
        settled.append(model)
    return tuple(settled), problems


def default_problem(type_: ir.Type, default: Any, models: Mapping[str, ir.Model]) -> str | None:
    """Why a client cannot apply ``default`` to a field of ``type_`` (None when it can)."""
    if default is None:
        return None
    if isinstance(type_, ir.UnionType):
        members = [m for m in type_.members if not isinstance(m, ir.NoneType)]
        if len(members) == 1:
            return default_problem(members[0], default, models)
        if isinstance(default, (str, int, float, bool)) and any(
            default_problem(m, default, models) is None for m in members
        ):
            return None
        return "fits none of the field's types"
    if isinstance(type_, ir.AnyType):
        return None
    if isinstance(type_, ir.ScalarType):
        if type_.kind in _PARSED_DEFAULTS:
            return None if parsed_default(type_.kind, default) else f"is not a {type_.kind}"
        allowed = _SCALAR_DEFAULTS.get(type_.kind)
        if allowed is None:
            return f"of a {type_.kind} field is not applied by the client"
        if not isinstance(default, allowed) or (isinstance(default, bool) and bool not in allowed):
            return f"is not a {type_.kind}"
        return None
    if isinstance(type_, ir.LiteralType):
        return None if any(_same(default, v) for v in type_.values) else "is not one of the values"
    if isinstance(type_, ir.ModelType):
        model = models.get(type_.name)
        if model is None:
            return "names an unknown model"
        if model.kind == "enum":
            values = [m.value for m in model.members]
            return None if any(_same(default, v) for v in values) else "is not one of the values"
        if model.kind == "object":
            return None if isinstance(default, dict) else "is not an object"
        return None
    if isinstance(type_, ir.ListType):
        if not isinstance(default, list):
            return "is not a list"
        if default and not isinstance(type_.item, (ir.ScalarType, ir.LiteralType, ir.AnyType)):
            return "is a list of values the client cannot build"
        return next(
            (p for p in (default_problem(type_.item, d, models) for d in default) if p), None
        )
    if isinstance(type_, ir.MapType):
        if not isinstance(default, dict):
            return "is not an object"
        return next(
            (p for p in (default_problem(type_.value, d, models) for d in default.values()) if p),
            None,
        )
    return "is not usable"


_PARSED_DEFAULTS = frozenset({"date", "datetime", "time", "uuid"})


def parsed_default(kind: str, value: Any) -> bool:
    """Whether a date, date-time, time or UUID default is text the client can parse."""
    if not isinstance(value, str):
        return False
    import datetime
    import uuid

    parse = {
        "date": datetime.date.fromisoformat,
        "datetime": lambda v: datetime.datetime.fromisoformat(v.replace("Z", "+00:00")),
        "time": datetime.time.fromisoformat,
        "uuid": uuid.UUID,
    }[kind]
    try:
        parse(value)
    except ValueError:
        return False
    return True


def _same(a: Any, b: Any) -> bool:
    return a == b and (isinstance(a, bool) == isinstance(b, bool))


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


__all__ = ["Diagnostic", "build_api"]
