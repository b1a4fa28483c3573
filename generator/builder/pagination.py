"""Which operations are paginated, and how: a small detector over the IR.

Recognised today: a query parameter named like a next token (``nextToken``, ``pageToken``,
``continuationToken``...) on an operation whose success response is a model holding that same
token and one array of items (API Gateway's most common list pattern). Other patterns
(``cursor``/``next``, ``page``/``pageSize``, ``LastEvaluatedKey``) and configuration entries
can set `ir.Operation.pagination` the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from generator import ir
from generator.builder.types import type_ref

TOKEN_NAMES = frozenset({"nexttoken", "nextpagetoken", "pagetoken", "continuationtoken"})
ITEMS_PREFERRED = ("items", "data", "results")


def _key(name: str) -> str:
    return name.replace("_", "").replace("-", "").lower()


def _fields(model: ir.Model | None, models: Mapping[str, ir.Model]) -> dict[str, ir.Field]:
    """A model's fields by wire name, inherited ones included (a redefinition wins)."""
    if model is None:
        return {}
    found: dict[str, ir.Field] = {}
    for base in model.bases:
        found.update(_fields(models.get(base), models))
    found.update((f.wire_name, f) for f in model.fields)
    return found


def _without_null(type_: ir.Type) -> ir.Type:
    if isinstance(type_, ir.UnionType) and ir.NONE_TYPE in type_.members:
        rest = tuple(m for m in type_.members if m != ir.NONE_TYPE)
        return rest[0] if len(rest) == 1 else ir.UnionType(rest, type_.discriminator)
    return type_


def token_pagination(op: ir.Operation, models: Mapping[str, ir.Model]) -> ir.Pagination | None:
    """The ``nextToken`` pattern, when ``op`` follows it."""
    if op.method != "GET" or len(op.returns.models) != 1:
        return None
    model = op.returns.models[0]
    if op.returns.annotation != model:
        return None
    param = next(
        (p for p in op.parameters if p.location == "query" and _key(p.wire_name) in TOKEN_NAMES),
        None,
    )
    if param is None:
        return None
    fields = _fields(models.get(model), models)
    next_field = next((name for name in fields if _key(name) == _key(param.wire_name)), None)
    arrays = {
        name: item.item
        for name, item in ((n, _without_null(f.type)) for n, f in fields.items())
        if isinstance(item, ir.ListType)
    }
    if next_field is None or not arrays:
        return None
    if len(arrays) > 1:
        preferred = [a for a in arrays if _key(a) in ITEMS_PREFERRED]
        if len(preferred) != 1:
            return None
        arrays = {preferred[0]: arrays[preferred[0]]}
    items_field, item_type = next(iter(arrays.items()))
    return ir.Pagination(
        kind="token",
        request_param=param.wire_name,
        items_field=items_field,
        next_field=next_field,
        item_type=type_ref(item_type),
    )


def detect_pagination(api: ir.Api) -> ir.Api:
    """``api`` with `ir.Operation.pagination` set where an operation is recognisably paginated
    (an operation that already says how is left as it is)."""
    models = {m.class_name: m for m in api.models}
    resources = []
    changed = False
    for resource in api.resources:
        operations = []
        for op in resource.operations:
            if op.pagination is None:
                found = token_pagination(op, models)
                if found is not None:
                    op = replace(op, pagination=found)
                    changed = True
            operations.append(op)
        resources.append(replace(resource, operations=tuple(operations)))
    return replace(api, resources=tuple(resources)) if changed else api
