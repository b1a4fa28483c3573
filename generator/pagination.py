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
from typing import Any

from generator import ir

TOKEN_NAMES = frozenset({"nexttoken", "nextpagetoken", "pagetoken", "continuationtoken"})
ITEMS_PREFERRED = ("items", "data", "results")
_PRIMITIVES = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}


def _key(name: str) -> str:
    return name.replace("_", "").replace("-", "").lower()


def _properties(schema: Any) -> Mapping[str, Any]:
    props = schema.get("properties") if isinstance(schema, dict) else None
    return props if isinstance(props, dict) else {}


def _item_type(array: Mapping[str, Any], schemas: Mapping[str, Any]) -> ir.TypeRef:
    items = array.get("items")
    if not isinstance(items, dict):
        return ir.ANY
    ref = items.get("$ref")
    if isinstance(ref, str):
        name = ref.rsplit("/", 1)[-1]
        return ir.TypeRef(name, (name,)) if name in schemas else ir.ANY
    primitive = _PRIMITIVES.get(str(items.get("type")))
    return ir.TypeRef(primitive) if primitive else ir.ANY


def token_pagination(op: ir.Operation, schemas: Mapping[str, Any]) -> ir.Pagination | None:
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
    props = _properties(schemas.get(model))
    next_field = next((name for name in props if _key(name) == _key(param.wire_name)), None)
    arrays = [
        name
        for name, prop in props.items()
        if isinstance(prop, dict) and prop.get("type") == "array"
    ]
    if next_field is None or not arrays:
        return None
    if len(arrays) > 1:
        preferred = [a for a in arrays if _key(a) in ITEMS_PREFERRED]
        if len(preferred) != 1:
            return None
        arrays = preferred
    items_field = arrays[0]
    return ir.Pagination(
        kind="token",
        request_param=param.wire_name,
        items_field=items_field,
        next_field=next_field,
        item_type=_item_type(props[items_field], schemas),
    )


def detect_pagination(api: ir.Api) -> ir.Api:
    """``api`` with `ir.Operation.pagination` set where an operation is recognisably paginated
    (an operation that already says how is left as it is)."""
    resources = []
    changed = False
    for resource in api.resources:
        operations = []
        for op in resource.operations:
            if op.pagination is None:
                found = token_pagination(op, api.model_schemas)
                if found is not None:
                    op = replace(op, pagination=found)
                    changed = True
            operations.append(op)
        resources.append(replace(resource, operations=tuple(operations)))
    return replace(api, resources=tuple(resources)) if changed else api
