"""Operations: their names, resources, parameters, body, responses and security."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from generator import ir
from generator.builder.bodies import build_body
from generator.builder.context import Context, Problems
from generator.builder.parameters import build_parameter, raw_parameters, unique_wire_names
from generator.builder.responses import build_responses, return_type
from generator.builder.security import requirements
from generator.naming import NameRegistry, pascal_case, snake_case
from generator.spec.diagnostics import pointer
from generator.spec.keys import ANY_METHOD_KEY
from generator.spec.normalize import X_ORIGINAL_PATH, operation_method

# Attributes of the generated Client that a resource may not shadow.
RESERVED_CLIENT_ATTRIBUTES = frozenset(
    {
        "base_url",
        "close",
        "aclose",
        "copy",
        "headers",
        "timeout",
        "request",
        "with_options",
        "with_raw_response",
        "http_client",
        "stage",
        "api_key",
        "token",
    }
)
# Attributes of a generated resource class.
RESERVED_RESOURCE_ATTRIBUTES = frozenset({"with_raw_response", "with_options"})
# Keyword arguments every generated method has, and the module-level names its body calls
# (an argument of the same name would shadow them: resource.py.j2).
RESERVED_ARGUMENTS = frozenset(
    {"self", "extra_headers", "extra_query", "timeout", "max_retries", "idempotent", "cast_to"}
    | {"cast", "call", "call_async"}
)
_LOCATION_ORDER = {"path": 0, "query": 2, "header": 3, "cookie": 4}


@dataclass
class Naming:
    """Names handed out across operations: resources and, per resource, methods."""

    resources: NameRegistry = field(
        default_factory=lambda: NameRegistry(RESERVED_CLIENT_ATTRIBUTES)
    )
    resource_names: dict[str, str] = field(default_factory=dict)  # hint -> attribute
    methods: dict[str, NameRegistry] = field(default_factory=dict)  # resource -> registry

    def resource(self, hint: str) -> str:
        found = self.resource_names.get(hint)
        if found is None:
            found = self.resource_names[hint] = self.resources.claim(
                snake_case(hint, fallback="default")
            )
        return found

    def method(self, resource: str, operation_id: str) -> str:
        registry = self.methods.setdefault(resource, NameRegistry(RESERVED_RESOURCE_ATTRIBUTES))
        return registry.claim(snake_case(operation_id, fallback="operation"))


def build_operation(
    ctx: Context,
    path: str,
    key: str,
    op: dict[str, Any],
    schemes: Mapping[str, ir.SecurityScheme],
    naming: Naming,
) -> tuple[ir.Operation, Problems]:
    problems: Problems = []
    path_item = ctx.doc["paths"][path]
    document_path = str(path_item.get(X_ORIGINAL_PATH, path))
    method = operation_method(key)
    ptr = pointer("paths", path, key)
    operation_id = str(op["operationId"])
    op_class = pascal_case(operation_id, fallback="Operation")
    resource = naming.resource(resource_hint(op, document_path))
    registry = NameRegistry(RESERVED_ARGUMENTS | ({"method"} if key == ANY_METHOD_KEY else set()))
    raw, ignored, found = raw_parameters(ctx, path_item, op, ptr)
    problems += found
    raw.sort(
        key=lambda pp: (
            _LOCATION_ORDER[pp[0]["in"]],
            _path_index(path, pp[0]["name"]) if pp[0]["in"] == "path" else 0,
        )
    )
    raw, dropped, found = unique_wire_names(raw)
    problems += found
    parameters: list[ir.Parameter] = []
    for param, param_ptr in (pp for pp in raw if pp[0]["in"] == "path"):
        built, found = build_parameter(ctx, param, param_ptr, registry, op_class)
        parameters.append(built)
        problems += found
    body, found = build_body(ctx, op, ptr, registry, op_class)
    problems += found
    for param, param_ptr in (pp for pp in raw if pp[0]["in"] != "path"):
        built, found = build_parameter(ctx, param, param_ptr, registry, op_class)
        parameters.append(built)
        problems += found
    # the others, built as they are declared (names and problems of their own: no argument
    # is made of them and their omission is reported already)
    unsent_names = NameRegistry(RESERVED_ARGUMENTS)
    unsent = tuple(
        build_parameter(ctx, param, param_ptr, unsent_names, op_class)[0]
        for param, param_ptr in ignored + dropped
    )
    (success, errors), found = build_responses(ctx, op, ptr, op_class)
    problems += found
    security, found = requirements(ctx.doc, op, schemes, ptr)
    problems += found
    return ir.Operation(
        operation_id=operation_id,
        python_name=naming.method(resource, operation_id),
        method=method,
        path=path,
        document_path=document_path,
        resource=resource,
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


def resource_hint(op: Mapping[str, Any], path: str) -> str:
    tags = op.get("tags")
    if isinstance(tags, list) and tags and isinstance(tags[0], str) and tags[0].strip():
        return tags[0]
    for segment in path.strip("/").split("/"):
        if segment and not segment.startswith("{"):
            return segment.lstrip("$")
    return "default"


def _path_index(path: str, name: str) -> int:
    position = path.find("{" + name + "}")
    return position if position >= 0 else len(path)


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None
