"""One small document pair per rule id: the rule fires, at its catalog level.

Schema rules exist per place (parameter, request body, response body, response header) and
their levels depend on the direction; they are generated from one table so every place gets
every kind, both directions (e.g. an enum value removed is breaking in a request and info in a
response, an enum value added is info in a request and a warning in a response).
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from generator.diff.catalog import (
    BOUND_FAMILIES,
    REQUEST_PLACES,
    RESPONSE_PLACES,
    RULES,
    SCHEMA_KINDS,
)
from tests.diff_cases.builders import (
    OK,
    SECURITY_SCHEMES,
    Doc,
    api,
    compare,
    find,
    json_body,
    one,
    op,
    schema_at,
)

S: Doc = {"type": "string"}
NAMED: Doc = {
    "A": {"type": "object", "properties": {"a": S}},
    "B": {"type": "object", "properties": {"b": S}},
}


def _obj(props: dict[str, Any], required: tuple[str, ...] = ()) -> Doc:
    schema: Doc = {"type": "object", "properties": props}
    if required:
        schema["required"] = list(required)
    return schema


def _members(key: str, count: int) -> Doc:
    members = [{"title": "Text", "type": "string"}, {"title": "Number", "type": "integer"}]
    return {key: members[:count]}


def _all_of(*names: str) -> Doc:
    return {"allOf": [{"$ref": f"#/components/schemas/{n}"} for n in names]}


# kind -> (old schema, new schema); the reverse kinds are derived below.
_SCHEMA_PAIRS: dict[str, tuple[Doc, Doc]] = {
    "type-changed": (S, {"type": "integer"}),
    "type-widened": ({"type": "integer"}, {"type": "number"}),
    "type-narrowed": ({"type": "number"}, {"type": "integer"}),
    "became-nullable": (S, {**S, "nullable": True}),
    "enum-value-added": ({**S, "enum": ["a"]}, {**S, "enum": ["a", "b"]}),
    "became-enum": (S, {**S, "enum": ["a"]}),
    "pattern-added": (S, {**S, "pattern": "^a"}),
    "pattern-changed": ({**S, "pattern": "^a"}, {**S, "pattern": "^b"}),
    "default-added": (S, {**S, "default": "x"}),
    "default-changed": ({**S, "default": "x"}, {**S, "default": "y"}),
    "one-of-member-added": (_members("oneOf", 1), _members("oneOf", 2)),
    "any-of-member-added": (_members("anyOf", 1), _members("anyOf", 2)),
    "all-of-member-added": (_all_of("A"), _all_of("A", "B")),
    "discriminator-changed": (
        _obj({"kind": S}),
        {**_obj({"kind": S}), "discriminator": {"propertyName": "kind"}},
    ),
    "constraint-changed": ({"type": "integer"}, {"type": "integer", "multipleOf": 5}),
    "max-tightened": ({"type": "integer", "maximum": 10}, {"type": "integer", "maximum": 5}),
    "min-tightened": ({"type": "integer", "minimum": 1}, {"type": "integer", "minimum": 5}),
    "max-length-tightened": ({**S, "maxLength": 10}, {**S, "maxLength": 5}),
    "min-length-tightened": ({**S, "minLength": 1}, {**S, "minLength": 3}),
    "max-items-tightened": (
        {"type": "array", "items": S, "maxItems": 10},
        {"type": "array", "items": S, "maxItems": 5},
    ),
    "min-items-tightened": (
        {"type": "array", "items": S, "minItems": 1},
        {"type": "array", "items": S, "minItems": 3},
    ),
}
_REVERSED = {
    "became-not-nullable": "became-nullable",
    "enum-value-removed": "enum-value-added",
    "enum-removed": "became-enum",
    "pattern-removed": "pattern-added",
    "default-removed": "default-added",
    "one-of-member-removed": "one-of-member-added",
    "any-of-member-removed": "any-of-member-added",
    "all-of-member-removed": "all-of-member-added",
    **{f"{family}-loosened": f"{family}-tightened" for family in BOUND_FAMILIES},
}
for _kind, _source in _REVERSED.items():
    _old, _new = _SCHEMA_PAIRS[_source]
    _SCHEMA_PAIRS[_kind] = (_new, _old)


def _schema_cases() -> list[tuple[str, Doc, Doc]]:
    kinds = [(kind, req, resp) for kind, req, resp, _ in SCHEMA_KINDS]
    for family in BOUND_FAMILIES:
        kinds += [(f"{family}-tightened", "x", "x"), (f"{family}-loosened", "x", "x")]
    cases = []
    for kind, request_level, response_level in kinds:
        old, new = _SCHEMA_PAIRS[kind]
        places = (REQUEST_PLACES if request_level else ()) + (
            RESPONSE_PLACES if response_level else ()
        )
        for place in places:
            cases.append(
                (
                    f"{place}-{kind}",
                    schema_at(place, old, schemas=NAMED),
                    schema_at(place, new, schemas=NAMED),
                )
            )
    return cases


def _property_cases() -> list[tuple[str, Doc, Doc]]:
    a, ab = {"a": S}, {"a": S, "b": S}
    deprecated = {"a": {**S, "deprecated": True}}
    request = [
        ("request-property-added-required", _obj(a), _obj(ab, ("b",))),
        ("request-property-added-optional", _obj(a), _obj(ab)),
        ("request-property-removed", _obj(ab), _obj(a)),
        ("request-property-became-required", _obj(a), _obj(a, ("a",))),
        ("request-property-became-optional", _obj(a, ("a",)), _obj(a)),
        ("request-property-deprecated", _obj(a), _obj(deprecated)),
        ("schema-description-changed", {**S, "description": "x"}, {**S, "description": "y"}),
    ]
    response = [
        ("response-property-added", _obj(a), _obj(ab)),
        ("response-required-property-removed", _obj(ab, ("b",)), _obj(a)),
        ("response-optional-property-removed", _obj(ab), _obj(a)),
        ("response-property-became-optional", _obj(a, ("a",)), _obj(a)),
        ("response-property-became-required", _obj(a), _obj(a, ("a",))),
        ("response-property-deprecated", _obj(a), _obj(deprecated)),
    ]
    return [
        (i, schema_at("request-body", o), schema_at("request-body", n)) for i, o, n in request
    ] + [(i, schema_at("response-body", o), schema_at("response-body", n)) for i, o, n in response]


def _with(operation: Doc, **extra: Any) -> Doc:
    return {**copy.deepcopy(operation), **extra}


def _document_cases() -> list[tuple[str, Doc, Doc]]:
    base = one(op())
    server = {"url": "https://api.example.com/prod"}
    return [
        ("api-server-added", base, {**base, "servers": [server]}),
        ("api-server-removed", {**base, "servers": [server]}, base),
        (
            "api-base-path-changed",
            {**base, "servers": [server]},
            {**base, "servers": [{"url": "https://api.example.com/v2"}]},
        ),
        ("api-title-changed", base, {**base, "info": {"title": "store", "version": "1"}}),
        (
            "api-description-changed",
            base,
            {**base, "info": {"title": "shop", "version": "1", "description": "Shop API"}},
        ),
    ]


def _operation_cases() -> list[tuple[str, Doc, Doc]]:
    get = op(operationId="listItems")
    base = one(get)
    by_id = op(operationId="getItem")
    return [
        ("operation-added", base, api({"/items": {"get": get, "post": op()}})),
        ("operation-removed", api({"/items": {"get": get, "post": op()}}), base),
        ("operation-deprecated", base, one(_with(get, deprecated=True))),
        ("operation-reactivated", one(_with(get, deprecated=True)), base),
        ("operation-id-changed", base, one(_with(get, operationId="listAllItems"))),
        ("operation-summary-changed", base, one(_with(get, summary="List items"))),
        ("operation-description-changed", base, one(_with(get, description="All items."))),
        ("operation-tags-changed", base, one(_with(get, tags=["items"]))),
        (
            "request-path-parameter-renamed",
            one(by_id, path="/items/{id}"),
            one(by_id, path="/items/{itemId}"),
        ),
    ]


def _secured(security: list[Doc] | None, *, root: list[Doc] | None = None) -> Doc:
    operation = op() if security is None else op(security=security)
    doc = one(operation, components={"securitySchemes": SECURITY_SCHEMES})
    if root is not None:
        doc["security"] = root
    return doc


def _security_cases() -> list[tuple[str, Doc, Doc]]:
    pairs: dict[str, tuple[list[Doc], list[Doc]]] = {
        "added": ([], [{"api_key": []}]),
        "removed": ([{"sigv4": []}], []),
        "changed": ([{"sigv4": []}], [{"cognito": []}]),
        "alternative-added": ([{"sigv4": []}], [{"sigv4": []}, {"cognito": []}]),
        "scope-added": ([{"oauth": ["read"]}], [{"oauth": ["read", "write"]}]),
        "scope-removed": ([{"oauth": ["read", "write"]}], [{"oauth": ["read"]}]),
    }
    cases = []
    for kind, (old, new) in pairs.items():
        cases.append((f"operation-security-{kind}", _secured(old), _secured(new)))
        cases.append((f"api-security-{kind}", _secured(None, root=old), _secured(None, root=new)))
    return cases


def _parameter_cases() -> list[tuple[str, Doc, Doc]]:
    def with_params(*params: Doc) -> Doc:
        return one(op(operationId="listItems", parameters=list(params)))

    q = {"name": "q", "in": "query", "schema": S}
    q_required = {**q, "required": True}
    arrays = {"name": "ids", "in": "query", "schema": {"type": "array", "items": S}}
    return [
        ("request-parameter-added-required", with_params(), with_params(q_required)),
        ("request-parameter-added-optional", with_params(), with_params(q)),
        ("request-parameter-removed", with_params(q), with_params()),
        ("request-parameter-became-required", with_params(q), with_params(q_required)),
        ("request-parameter-became-optional", with_params(q_required), with_params(q)),
        (
            "request-parameter-location-changed",
            with_params(q),
            with_params({**q, "in": "header"}),
        ),
        ("request-parameter-deprecated", with_params(q), with_params({**q, "deprecated": True})),
        ("request-parameter-reactivated", with_params({**q, "deprecated": True}), with_params(q)),
        (
            "request-parameter-serialization-changed",
            with_params(arrays),
            with_params({**arrays, "explode": False}),
        ),
        (
            "request-parameter-description-changed",
            with_params(q),
            with_params({**q, "description": "Search text"}),
        ),
    ]


def _body_cases() -> list[tuple[str, Doc, Doc]]:
    def with_body(body: Doc | None) -> Doc:
        operation = op(operationId="createItem")
        if body is not None:
            operation["requestBody"] = body
        return one(operation, method="post")

    body = json_body(_obj({"a": S}))
    required = {**body, "required": True}
    two_types = {
        "content": {
            "application/json": {"schema": _obj({"a": S})},
            "application/xml": {"schema": _obj({"a": S})},
        }
    }
    return [
        ("request-body-added-required", with_body(None), with_body(required)),
        ("request-body-added-optional", with_body(None), with_body(body)),
        ("request-body-removed", with_body(body), with_body(None)),
        ("request-body-became-required", with_body(body), with_body(required)),
        ("request-body-became-optional", with_body(required), with_body(body)),
        ("request-body-media-type-added", with_body(body), with_body(two_types)),
        ("request-body-media-type-removed", with_body(two_types), with_body(body)),
        (
            "request-body-description-changed",
            with_body(body),
            with_body({**body, "description": "The item"}),
        ),
    ]


def _response_cases() -> list[tuple[str, Doc, Doc]]:
    def with_responses(responses: Doc) -> Doc:
        return one(op(operationId="getItem", responses=responses))

    ok_json = {"description": "OK", **json_body(_obj({"a": S}))}
    ok_two = {
        "description": "OK",
        "content": {
            "application/json": {"schema": _obj({"a": S})},
            "text/csv": {"schema": S},
        },
    }
    header = {"schema": S}
    required_header = {"schema": S, "required": True}
    return [
        (
            "response-success-status-added",
            with_responses(OK),
            with_responses({**OK, "201": OK["200"]}),
        ),
        (
            "response-success-status-removed",
            with_responses({**OK, "201": OK["200"]}),
            with_responses(OK),
        ),
        (
            "response-error-status-added",
            with_responses(OK),
            with_responses({**OK, "404": {"description": "no"}}),
        ),
        (
            "response-error-status-removed",
            with_responses({**OK, "404": {"description": "no"}}),
            with_responses(OK),
        ),
        (
            "response-media-type-added",
            with_responses({"200": ok_json}),
            with_responses({"200": ok_two}),
        ),
        (
            "response-media-type-removed",
            with_responses({"200": ok_two}),
            with_responses({"200": ok_json}),
        ),
        (
            "response-description-changed",
            with_responses(OK),
            with_responses({"200": {"description": "The item"}}),
        ),
        (
            "response-header-added",
            with_responses(OK),
            with_responses({"200": {"description": "OK", "headers": {"X-Rate": header}}}),
        ),
        (
            "response-required-header-removed",
            with_responses({"200": {"description": "OK", "headers": {"X-Rate": required_header}}}),
            with_responses(OK),
        ),
        (
            "response-optional-header-removed",
            with_responses({"200": {"description": "OK", "headers": {"X-Rate": header}}}),
            with_responses(OK),
        ),
        (
            "response-header-became-optional",
            with_responses({"200": {"description": "OK", "headers": {"X-Rate": required_header}}}),
            with_responses({"200": {"description": "OK", "headers": {"X-Rate": header}}}),
        ),
        (
            "response-header-became-required",
            with_responses({"200": {"description": "OK", "headers": {"X-Rate": header}}}),
            with_responses({"200": {"description": "OK", "headers": {"X-Rate": required_header}}}),
        ),
    ]


def _client_cases() -> list[tuple[str, Doc, Doc]]:
    named = {"Order": _obj({"id": S}), "Invoice": _obj({"total": S})}
    get_order = op(
        operationId="getOrder",
        tags=["orders"],
        responses={
            "200": {"description": "OK", **json_body({"$ref": "#/components/schemas/Order"})}
        },
    )
    base = one(get_order, path="/orders/{orderId}", schemas=named)
    list_orders = op(operationId="listOrders", tags=["orders"])

    def body_of(ref: str) -> Doc:
        return one(
            op(operationId="createOrder", requestBody=json_body({"$ref": ref})),
            method="post",
            path="/orders",
            schemas=named,
        )

    query = {"name": "limit", "in": "query", "schema": {"type": "integer"}}
    renamed_schemas = {"Purchase": named["Order"], "Invoice": named["Invoice"]}
    return [
        (
            "client-method-renamed",
            base,
            one(
                _with(get_order, operationId="fetchOrder"), path="/orders/{orderId}", schemas=named
            ),
        ),
        (
            "client-method-moved",
            api(
                {"/orders": {"get": list_orders}, "/orders/{orderId}": {"get": get_order}},
                schemas=named,
            ),
            api(
                {
                    "/orders": {"get": list_orders},
                    "/orders/{orderId}": {"get": _with(get_order, tags=["admin"])},
                },
                schemas=named,
            ),
        ),
        (
            "client-resource-renamed",
            base,
            one(_with(get_order, tags=["purchases"]), path="/orders/{orderId}", schemas=named),
        ),
        ("client-argument-renamed", base, one(get_order, path="/orders/{id}", schemas=named)),
        (
            "client-argument-removed",
            one(op(operationId="listOrders", parameters=[query])),
            one(op(operationId="listOrders")),
        ),
        (
            "client-body-type-changed",
            body_of("#/components/schemas/Order"),
            body_of("#/components/schemas/Invoice"),
        ),
        (
            "client-return-type-changed",
            base,
            one(
                _with(
                    get_order,
                    responses={
                        "200": {
                            "description": "OK",
                            **json_body(
                                {"type": "array", "items": {"$ref": "#/components/schemas/Order"}}
                            ),
                        }
                    },
                ),
                path="/orders/{orderId}",
                schemas=named,
            ),
        ),
        (
            "client-model-renamed",
            base,
            one(
                _with(
                    get_order,
                    responses={
                        "200": {
                            "description": "OK",
                            **json_body({"$ref": "#/components/schemas/Purchase"}),
                        }
                    },
                ),
                path="/orders/{orderId}",
                schemas=renamed_schemas,
            ),
        ),
        (
            "client-model-removed",
            base,
            one(
                _with(
                    get_order,
                    responses={"200": {"description": "OK", **json_body(_obj({"id": S}))}},
                ),
                path="/orders/{orderId}",
                schemas={"Invoice": named["Invoice"]},
            ),
        ),
    ]


CASES = (
    _schema_cases()
    + _property_cases()
    + _document_cases()
    + _operation_cases()
    + _security_cases()
    + _parameter_cases()
    + _body_cases()
    + _response_cases()
    + _client_cases()
)


@pytest.mark.parametrize(("rule_id", "base", "revision"), CASES, ids=[c[0] for c in CASES])
def test_rule_fires_at_its_level(rule_id: str, base: Doc, revision: Doc) -> None:
    report = compare(base, revision)
    found = find(report, rule_id)
    assert found, f"{rule_id} not reported; got {[(c.id, c.text) for c in report.changes]}"
    assert all(c.level == RULES[rule_id].level for c in found)
    assert all(c.text for c in found)


def test_every_rule_id_has_a_case() -> None:
    covered = {case[0] for case in CASES}
    assert sorted(set(RULES) - covered) == []
    assert sorted(covered - set(RULES)) == []


def test_rule_ids_are_kebab_case() -> None:
    for rule_id in RULES:
        assert rule_id == rule_id.lower()
        assert all(part.isalnum() for part in rule_id.split("-")), rule_id
