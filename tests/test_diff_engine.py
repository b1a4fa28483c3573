"""Behaviour of the comparison beyond single rules: matching, directions, references, security."""

from __future__ import annotations

from generator.diff.catalog import RULES
from tests.diff_cases.builders import (
    OK,
    SECURITY_SCHEMES,
    Doc,
    api,
    compare,
    find,
    ids,
    json_body,
    one,
    op,
    schema_at,
)

S: Doc = {"type": "string"}


def _status_param(values: list[str]) -> Doc:
    return one(
        op(
            operationId="listItems",
            parameters=[{"name": "status", "in": "query", "schema": {**S, "enum": values}}],
        )
    )


def test_enum_value_removed_from_request_parameter_is_breaking_and_added_is_info() -> None:
    narrower = compare(_status_param(["busy", "offline"]), _status_param(["busy"]))
    assert [(c.id, c.level) for c in narrower.changes] == [
        ("request-parameter-enum-value-removed", "breaking")
    ]
    assert narrower.changes[0].operation == "GET /items"
    assert narrower.changes[0].path == "/items"
    assert "offline" in narrower.changes[0].text
    assert narrower.bump == "major"
    wider = compare(_status_param(["busy"]), _status_param(["busy", "offline"]))
    assert [(c.id, c.level) for c in wider.changes] == [
        ("request-parameter-enum-value-added", "info")
    ]
    assert wider.bump == "minor"


def test_enum_value_added_to_response_is_a_warning_and_removed_is_info() -> None:
    old = schema_at("response-body", {**S, "enum": ["a"]})
    new = schema_at("response-body", {**S, "enum": ["a", "b"]})
    assert [(c.id, c.level) for c in compare(old, new).changes] == [
        ("response-body-enum-value-added", "warning")
    ]
    assert [(c.id, c.level) for c in compare(new, old).changes] == [
        ("response-body-enum-value-removed", "info")
    ]


def test_operations_match_with_path_parameter_names_ignored() -> None:
    get = op(operationId="getItem")
    report = compare(one(get, path="/items/{id}"), one(get, path="/items/{itemId}"))
    assert ids(report) == {"request-path-parameter-renamed", "client-argument-renamed"}
    renamed = find(report, "request-path-parameter-renamed")[0]
    assert renamed.level == "info"
    assert renamed.operation == "GET /items/{itemId}"
    assert "'id'" in renamed.text and "'itemId'" in renamed.text


def test_added_and_removed_operations_are_labelled_with_method_and_path() -> None:
    report = compare(one(op(), path="/a"), one(op(), path="/b"))
    assert {(c.id, c.operation, c.path) for c in report.changes} == {
        ("operation-removed", "GET /a", "/a"),
        ("operation-added", "GET /b", "/b"),
    }


def test_greedy_paths_are_labelled_as_written() -> None:
    report = compare(one(op(), path="/files/{proxy+}"), api({}))
    assert report.changes[0].operation == "GET /files/{proxy+}"


def test_any_method_is_an_operation_of_its_own() -> None:
    any_method = "x-amazon-apigateway-any-method"
    report = compare(api({"/p": {any_method: op()}}), api({"/p": {any_method: op(), "get": op()}}))
    assert [(c.id, c.operation) for c in report.changes] == [("operation-added", "GET /p")]


def test_a_narrower_request_body_breaks_and_a_wider_one_does_not() -> None:
    tight = schema_at("request-body", {**S, "maxLength": 5})
    loose = schema_at("request-body", {**S, "maxLength": 10})
    assert [(c.id, c.level) for c in compare(loose, tight).changes] == [
        ("request-body-max-length-tightened", "breaking")
    ]
    assert [(c.id, c.level) for c in compare(tight, loose).changes] == [
        ("request-body-max-length-loosened", "info")
    ]


def test_exclusive_bounds_of_both_dialects_compare_as_bounds() -> None:
    draft4 = schema_at("request-body", {"type": "number", "maximum": 5, "exclusiveMaximum": True})
    inclusive = schema_at("request-body", {"type": "number", "maximum": 5})
    assert ids(compare(inclusive, draft4)) == {"request-body-max-tightened"}
    assert ids(compare(draft4, inclusive)) == {"request-body-max-loosened"}


def test_response_property_became_nullable_breaks_the_typed_client() -> None:
    old = schema_at("response-body", {"type": "object", "properties": {"a": S}})
    new = schema_at(
        "response-body", {"type": "object", "properties": {"a": {**S, "nullable": True}}}
    )
    [change] = find(compare(old, new), "response-body-became-nullable")
    assert change.level == "breaking"
    assert "property 'a'" in change.text


def test_nested_property_paths_are_named() -> None:
    def order(zip_schema: Doc) -> Doc:
        address = {"type": "object", "properties": {"zip": zip_schema}}
        lines = {"type": "array", "items": {"type": "object", "properties": {"sku": S}}}
        return {"type": "object", "properties": {"address": address, "lines": lines}}

    old = schema_at("request-body", order(S))
    new = schema_at("request-body", order({"type": "integer"}))
    [change] = compare(old, new).changes
    assert change.id == "request-body-type-changed"
    assert "'address.zip'" in change.text
    assert "string" in change.text and "integer" in change.text


def test_recursive_schemas_terminate_and_report_once() -> None:
    def tree(name_type: str) -> Doc:
        node = {
            "type": "object",
            "properties": {
                "name": {"type": name_type},
                "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
                "parent": {"$ref": "#/components/schemas/Node"},
            },
        }
        return schema_at(
            "response-body", {"$ref": "#/components/schemas/Node"}, schemas={"Node": node}
        )

    report = compare(tree("string"), tree("integer"))
    assert [(c.id, c.text) for c in report.changes if c.id.startswith("response")] == [
        (
            "response-body-type-changed",
            "response 200 body property 'name': type changed from string to integer",
        )
    ]


def test_a_shared_schema_is_reported_once_per_body_at_its_shortest_path() -> None:
    def doc(code_type: str) -> Doc:
        schemas = {
            "Money": {"type": "object", "properties": {"code": {"type": code_type}}},
            "Order": {
                "type": "object",
                "properties": {
                    "total": {"$ref": "#/components/schemas/Money"},
                    "lines": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {"price": {"$ref": "#/components/schemas/Money"}},
                        },
                    },
                },
            },
        }
        return schema_at("response-body", {"$ref": "#/components/schemas/Order"}, schemas=schemas)

    changes = find(compare(doc("string"), doc("integer")), "response-body-type-changed")
    assert [c.text for c in changes] == [
        "response 200 body property 'total.code': type changed from string to integer"
    ]


def test_refs_to_renamed_components_are_followed() -> None:
    def doc(name: str, schema: Doc) -> Doc:
        return schema_at(
            "request-body", {"$ref": f"#/components/schemas/{name}"}, schemas={name: schema}
        )

    report = compare(
        doc("Old", {"type": "object", "properties": {"a": S}}),
        doc("New", {"type": "object", "properties": {"a": S, "b": S}, "required": ["b"]}),
    )
    assert "request-property-added-required" in ids(report)


def test_an_unresolvable_reference_reads_as_an_unconstrained_schema() -> None:
    missing = schema_at("request-body", {"$ref": "#/components/schemas/Missing"})
    remote = schema_at("request-body", {"$ref": "other.yaml#/Thing"})
    # two references that point nowhere both mean "anything": no change
    assert compare(missing, remote).changes == []
    # a real schema in place of one that pointed nowhere narrows the request
    typed = schema_at("request-body", {"type": "object", "properties": {"a": S}})
    [wire] = find(compare(missing, typed), "request-body-type-changed")
    assert wire.level == "breaking"
    assert "from any type to object" in wire.text


def test_all_of_parts_compare_like_the_merged_schema() -> None:
    merged = {"type": "object", "properties": {"a": S, "b": S}, "required": ["a"]}
    split = {
        "allOf": [
            {"type": "object", "properties": {"a": S}, "required": ["a"]},
            {"type": "object", "properties": {"b": S}},
        ]
    }
    assert (
        compare(schema_at("request-body", merged), schema_at("request-body", split)).changes == []
    )


def test_read_only_properties_do_not_exist_in_requests() -> None:
    def doc(props: Doc, required: list[str]) -> Doc:
        return schema_at(
            "request-body", {"type": "object", "properties": props, "required": required}
        )

    report = compare(doc({"a": S}, []), doc({"a": S, "id": {**S, "readOnly": True}}, ["id"]))
    assert report.changes == []


def test_a_response_property_becoming_write_only_is_a_warning_not_a_removal() -> None:
    def doc(b: Doc, required: list[str]) -> Doc:
        schema = {"type": "object", "properties": {"a": S, "b": b}, "required": required}
        return schema_at("response-body", schema)

    # the server no longer returns it: readers are told, nothing breaks in the new contract
    report = compare(doc(S, ["b"]), doc({**S, "writeOnly": True}, []))
    assert [(c.id, c.level) for c in report.changes] == [
        ("response-property-became-write-only", "warning")
    ]
    assert "was required" in report.changes[0].text
    # the same property removed outright is a removal
    gone = schema_at("response-body", {"type": "object", "properties": {"a": S}})
    assert ids(compare(doc(S, ["b"]), gone)) == {"response-required-property-removed"}


def test_a_request_property_becoming_read_only_leaves_the_request_quietly() -> None:
    def doc(b: Doc) -> Doc:
        schema = {"type": "object", "properties": {"a": S, "b": b}, "required": ["b"]}
        return schema_at("request-body", schema)

    assert [(c.id, c.level) for c in compare(doc(S), doc({**S, "readOnly": True})).changes] == [
        ("request-property-became-read-only", "info")
    ]
    # and back: callers must now send a required property
    assert [(c.id, c.level) for c in compare(doc({**S, "readOnly": True}), doc(S)).changes] == [
        ("request-property-added-required", "breaking")
    ]


def test_declaring_a_real_response_where_there_was_none_is_additive() -> None:
    report = compare(one(op(responses={})), one(op()))
    assert {(c.id, c.level) for c in report.changes} <= {
        ("response-success-status-added", "info"),
        ("response-error-status-removed", "info"),
    }


def test_media_type_parameters_do_not_matter() -> None:
    def doc(media: str) -> Doc:
        return one(op(requestBody={"content": {media: {"schema": S}}}), method="post")

    assert compare(doc("application/json"), doc("application/json; charset=utf-8")).changes == []


def test_header_parameters_match_case_insensitively() -> None:
    def doc(name: str) -> Doc:
        return one(op(parameters=[{"name": name, "in": "header", "schema": S}]))

    assert compare(doc("X-Request-Id"), doc("x-request-id")).changes == []


def test_a_ref_path_parameter_with_a_repaired_duplicate_keeps_its_schema() -> None:
    def doc(pattern: str) -> Doc:
        return one(
            op(operationId="getItem", parameters=[{"$ref": "#/components/parameters/itemId"}]),
            path="/items/{itemId}",
            components={
                "parameters": {
                    "itemId": {
                        "name": "itemId",
                        "in": "path",
                        "required": True,
                        "schema": {**S, "pattern": pattern},
                    }
                }
            },
        )

    assert ids(compare(doc("[0-9a-f]+"), doc("[0-9]+"))) == {"request-parameter-pattern-changed"}


def _secured(security: list[Doc] | None = None, root: list[Doc] | None = None) -> Doc:
    operation = (
        op(operationId="getItem")
        if security is None
        else op(operationId="getItem", security=security)
    )
    doc = one(operation, components={"securitySchemes": SECURITY_SCHEMES})
    if root is not None:
        doc["security"] = root
    return doc


def test_an_operation_that_newly_requires_an_api_key_is_breaking() -> None:
    [change] = compare(
        _secured([{"lambda": []}]), _secured([{"lambda": []}, {"api_key": []}])
    ).changes
    assert (change.id, change.level) == ("operation-security-added", "breaking")
    assert "API key" in change.text and "x-api-key" in change.text


def test_security_texts_name_api_gateway_authorizers() -> None:
    cases = {
        "sigv4": "IAM (SigV4)",
        "cognito": "Cognito user pool",
        "lambda": "Lambda authorizer",
        "jwt": "JWT",
    }
    for key, words in cases.items():
        [change] = compare(_secured([]), _secured([{key: []}])).changes
        assert change.id == "operation-security-added"
        assert words in change.text, change.text


def test_renaming_a_security_scheme_key_changes_nothing() -> None:
    old = _secured([{"cognito": []}])
    new = _secured([{"users": []}])
    new["components"]["securitySchemes"] = {"users": SECURITY_SCHEMES["cognito"]}
    assert compare(old, new).changes == []


def test_root_security_changes_are_reported_once_at_the_root() -> None:
    old = _secured(root=[])
    new = _secured(root=[{"sigv4": []}])
    new["paths"]["/other"] = {"get": op(operationId="other")}
    old["paths"]["/other"] = {"get": op(operationId="other")}
    report = compare(old, new)
    assert [(c.id, c.operation) for c in report.changes] == [("api-security-added", None)]


def test_an_operation_overriding_root_security_is_compared_on_its_own() -> None:
    report = compare(_secured([], root=[{"sigv4": []}]), _secured(None, root=[{"sigv4": []}]))
    assert ids(report) == {"operation-security-added"}


def test_an_operation_writing_out_the_root_requirement_is_reported_at_the_root() -> None:
    # its requirement is the document's on both sides, inherited or written out alike
    old = _secured([{"lambda": []}], root=[{"lambda": []}])
    new = _secured([{"lambda": []}, {"api_key": []}], root=[{"lambda": []}, {"api_key": []}])
    assert [(c.id, c.operation) for c in compare(old, new).changes] == [
        ("api-security-added", None)
    ]


def test_scopes_are_compared_per_alternative() -> None:
    # a token with only the write scope is no longer accepted
    old = _secured([{"oauth": ["read"]}, {"oauth": ["write"]}])
    new = _secured([{"oauth": ["read"]}])
    [change] = compare(old, new).changes
    assert (change.id, change.level) == ("operation-security-scope-added", "breaking")
    assert change.text == (
        "accepted credentials changed from OAuth2 with scopes read or OAuth2 with scopes write"
        " to OAuth2 with scopes read"
    )


def test_a_body_declaring_no_media_type_is_no_body() -> None:
    # generate sends no body for it (an omission), so the diff reads it as removed
    def doc(body: Doc) -> Doc:
        return one(op(operationId="createItem", requestBody=body), method="post")

    report = compare(doc(json_body(S)), doc({"description": "an item", "required": True}))
    assert [(c.id, c.level) for c in report.changes] == [
        ("client-argument-removed", "breaking"),
        ("request-body-removed", "breaking"),
    ]


def test_parameters_the_client_cannot_send_are_still_compared() -> None:
    # the path parameter is declared by repair; the header of the same name is not sent by
    # the client (one argument per name), but it is part of the API
    def doc(header: Doc) -> Doc:
        return one(
            op(parameters=[{"name": "bookId", "in": "header", "schema": header}]),
            path="/books/{bookId}",
        )

    report = compare(doc(S), doc({**S, "enum": ["a", "b"]}))
    assert [(c.id, c.text) for c in report.changes] == [
        (
            "request-parameter-became-enum",
            'header parameter \'bookId\': restricted to the values "a", "b"',
        )
    ]


def test_server_stage_change_is_a_warning() -> None:
    def doc(stage: str) -> Doc:
        server = {
            "url": "https://abc.execute-api.us-east-1.amazonaws.com/{basePath}",
            "variables": {"basePath": {"default": stage}},
        }
        return one(op(), servers=[server])

    [change] = compare(doc("prod"), doc("v2")).changes
    assert (change.id, change.level) == ("api-base-path-changed", "warning")
    assert "'/prod'" in change.text and "'/v2'" in change.text


def test_info_version_is_not_compared() -> None:
    new = one(op())
    new["info"]["version"] = "2"
    assert compare(one(op()), new).changes == []


def test_documentation_changes_are_info_and_bump_patch() -> None:
    report = compare(one(op()), one(op(description="Lists items.", summary="List")))
    assert ids(report) == {"operation-description-changed", "operation-summary-changed"}
    assert {c.level for c in report.changes} == {"info"}
    assert report.bump == "patch"


def test_every_level_in_the_catalog_is_a_level() -> None:
    assert {r.level for r in RULES.values()} == {"breaking", "warning", "info"}
    assert {r.category for r in RULES.values()} == {"contract", "documentation"}


def test_error_response_schemas_are_compared_too() -> None:
    def doc(t: str) -> Doc:
        error = {
            "description": "bad",
            **json_body({"type": "object", "properties": {"m": {"type": t}}}),
        }
        return one(op(responses={**OK, "400": error}))

    assert ids(compare(doc("string"), doc("integer"))) == {"response-body-type-changed"}


def test_formats_widen_and_narrow_like_types() -> None:
    def doc(place: str, fmt: str | None, kind: str = "integer") -> Doc:
        schema: Doc = {"type": kind}
        if fmt:
            schema["format"] = fmt
        return schema_at(place, schema)

    assert ids(compare(doc("request-parameter", "int32"), doc("request-parameter", "int64"))) == {
        "request-parameter-type-widened"
    }
    assert ids(compare(doc("response-body", "int32"), doc("response-body", "int64"))) == {
        "response-body-type-changed"
    }
    assert ids(
        compare(doc("request-body", None, "string"), doc("request-body", "date-time", "string"))
    ) == {"request-body-type-changed"}


def test_openapi_31_null_types_equal_30_nullable() -> None:
    old = schema_at(
        "response-body", {"type": "object", "properties": {"a": {**S, "nullable": True}}}
    )
    new = schema_at(
        "response-body", {"type": "object", "properties": {"a": {"type": ["string", "null"]}}}
    )
    new["openapi"] = "3.1.0"
    assert compare(old, new).changes == []
