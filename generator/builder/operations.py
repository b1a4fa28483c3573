"""Operations: their parameters, body, responses and security (their names: ``names``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator import ir
from generator.builder.bodies import build_body
from generator.builder.context import Context, Problems
from generator.builder.names import RESERVED_ARGUMENTS
from generator.builder.parameters import build_parameter, raw_parameters, value_keys
from generator.builder.pins import ArgumentKey
from generator.builder.responses import build_responses, return_type
from generator.builder.security import requirements
from generator.naming import NameRegistry, pascal_case
from generator.spec.diagnostics import pointer
from generator.spec.keys import ANY_METHOD_KEY
from generator.spec.normalize import X_ORIGINAL_PATH, operation_method

_LOCATION_ORDER = {"path": 0, "query": 2, "header": 3, "cookie": 4}
_CORS_HEADER = "access-control-allow-"


def build_operation(
    ctx: Context,
    path: str,
    key: str,
    op: dict[str, Any],
    schemes: Mapping[str, ir.SecurityScheme],
    pins: Mapping[ArgumentKey, str],
) -> tuple[ir.Operation, Problems]:
    """The operation, its argument names settled (``pins``: the previous version's); its
    resource and method are named afterwards, with every other operation's
    (:mod:`generator.builder.names`)."""
    problems: Problems = []
    path_item = ctx.doc["paths"][path]
    document_path = str(path_item.get(X_ORIGINAL_PATH, path))
    method = operation_method(key)
    ptr = pointer("paths", path, key)
    operation_id = str(op["operationId"])
    op_class = pascal_case(operation_id, fallback="Operation")
    registry = NameRegistry(RESERVED_ARGUMENTS | ({"method"} if key == ANY_METHOD_KEY else set()))
    raw, ignored, found = raw_parameters(ctx, path_item, op, ptr)
    problems += found
    raw.sort(
        key=lambda pp: (
            _LOCATION_ORDER[pp[0]["in"]],
            _path_index(path, pp[0]["name"]) if pp[0]["in"] == "path" else 0,
        )
    )
    keys = value_keys(raw)
    # pinned names are claimed first, so that a new parameter cannot take one
    reserved: dict[tuple[str, str], str] = {}
    for (location, name), python_name in pins.items():
        declared = any(p["in"] == location and p["name"] == name for p, _ in raw)
        if location != "body" and declared and python_name not in registry:
            reserved[(location, name)] = registry.claim(python_name)

    def pinned(param: dict[str, Any]) -> str | None:
        return reserved.get((str(param["in"]), str(param["name"])))

    parameters: list[ir.Parameter] = []

    def add(in_path: bool) -> None:
        for index, (param, param_ptr) in enumerate(raw):
            if (param["in"] == "path") == in_path:
                built, found = build_parameter(
                    ctx,
                    param,
                    param_ptr,
                    registry,
                    op_class,
                    key=keys.get(index, ""),
                    pinned=pinned(param),
                )
                parameters.append(built)
                problems.extend(found)

    # path parameters claim their names first, then the body, then the other parameters
    add(in_path=True)
    body, found = build_body(ctx, op, ptr, registry, op_class)
    problems += found
    add(in_path=False)
    # the ignored headers, built as they are declared (names and problems of their own: no
    # argument is made of them and their omission is reported already)
    unsent_names = NameRegistry(RESERVED_ARGUMENTS)
    unsent = tuple(
        build_parameter(ctx, param, param_ptr, unsent_names, op_class)[0]
        for param, param_ptr in ignored
    )
    (success, errors), found = build_responses(ctx, op, ptr, op_class)
    problems += found
    security, found = requirements(ctx.doc, op, schemes, ptr)
    problems += found
    return ir.Operation(
        operation_id=operation_id,
        python_name="",
        method=method,
        path=path,
        document_path=document_path,
        resource="",
        summary=_text(op.get("summary")),
        description=_text(op.get("description")),
        deprecated=bool(op.get("deprecated", False)),
        parameters=tuple(parameters),
        unsent=unsent,
        body=body,
        success=tuple(success),
        errors=tuple(errors),
        returns=return_type(method, success),
        requirements=security,
        pointer=ptr,
    ), problems


def is_cors_preflight(op: Mapping[str, Any], key: str) -> bool:
    """An OPTIONS operation that only answers browsers' CORS preflight requests: API Gateway's
    mock integration, or responses declaring ``Access-Control-Allow-*`` headers and nothing
    else. A client never calls one, so it is left out (listed in the manifest)."""
    if key != "options" or op.get("requestBody") is not None:
        return False
    integration = op.get("x-amazon-apigateway-integration")
    mock = isinstance(integration, dict) and str(integration.get("type", "")).lower() == "mock"
    headers: list[str] = []
    responses = op.get("responses")
    for response in responses.values() if isinstance(responses, dict) else ():
        if isinstance(response, dict) and isinstance(response.get("headers"), dict):
            headers += [str(h).lower() for h in response["headers"]]
    cors = bool(headers) and all(h.startswith(_CORS_HEADER) for h in headers)
    return cors or (mock and not headers)


def _path_index(path: str, name: str) -> int:
    position = path.find("{" + name + "}")
    return position if position >= 0 else len(path)


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None
