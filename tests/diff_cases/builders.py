"""Small OpenAPI documents for diff tests, built inline so each test shows its whole input."""

from __future__ import annotations

import copy
import datetime
from typing import Any

from generator.diff import DiffOptions, DiffReport, diff, side_from_document
from generator.diff.model import Change

Doc = dict[str, Any]

OK = {"200": {"description": "OK"}}

SECURITY_SCHEMES: Doc = {
    "api_key": {"type": "apiKey", "name": "x-api-key", "in": "header"},
    "sigv4": {
        "type": "apiKey",
        "name": "Authorization",
        "in": "header",
        "x-amazon-apigateway-authtype": "awsSigv4",
    },
    "cognito": {
        "type": "apiKey",
        "name": "Authorization",
        "in": "header",
        "x-amazon-apigateway-authtype": "cognito_user_pools",
    },
    "lambda": {
        "type": "apiKey",
        "name": "Authorization",
        "in": "header",
        "x-amazon-apigateway-authtype": "custom",
    },
    "jwt": {
        "type": "oauth2",
        "flows": {},
        "x-amazon-apigateway-authorizer": {"type": "jwt"},
    },
    "oauth": {
        "type": "oauth2",
        "flows": {
            "clientCredentials": {
                "tokenUrl": "https://auth.example.com/token",
                "scopes": {"read": "read", "write": "write"},
            }
        },
    },
}


def api(
    paths: Doc,
    *,
    schemas: Doc | None = None,
    components: Doc | None = None,
    **root: Any,
) -> Doc:
    """An OpenAPI 3.0 document with these paths (and components.schemas)."""
    doc: Doc = {"openapi": "3.0.3", "info": {"title": "shop", "version": "1"}, "paths": paths}
    comp: Doc = dict(components or {})
    if schemas is not None:
        comp["schemas"] = schemas
    if comp:
        doc["components"] = comp
    doc.update(root)
    return doc


def op(**fields: Any) -> Doc:
    """An operation object; ``responses`` defaults to a bare 200."""
    fields.setdefault("responses", copy.deepcopy(OK))
    return fields


def one(operation: Doc, *, method: str = "get", path: str = "/items", **kwargs: Any) -> Doc:
    """A document with one operation."""
    return api({path: {method: operation}}, **kwargs)


# The day every test comparison runs on (sunset dates are judged against it).
TODAY = datetime.date(2026, 1, 15)


def compare(base: Doc, revision: Doc, options: DiffOptions | None = None) -> DiffReport:
    """Diff two documents (copies: the inputs stay untouched), as of :data:`TODAY`."""
    return diff(
        side_from_document(copy.deepcopy(base), "base"),
        side_from_document(copy.deepcopy(revision), "revision"),
        options or DiffOptions(today=TODAY),
    )


def ids(report: DiffReport) -> set[str]:
    return {c.id for c in report.changes}


def find(report: DiffReport, rule_id: str) -> list[Change]:
    return [c for c in report.changes if c.id == rule_id]


def json_body(schema: Doc) -> Doc:
    return {"content": {"application/json": {"schema": schema}}}


def schema_at(place: str, schema: Doc, *, schemas: Doc | None = None) -> Doc:
    """A document whose one operation (``POST /items``) carries ``schema`` at ``place``."""
    if place == "request-parameter":
        operation = op(parameters=[{"name": "p", "in": "query", "schema": schema}])
    elif place == "request-body":
        operation = op(requestBody=json_body(schema))
    elif place == "response-body":
        operation = op(responses={"200": {"description": "OK", **json_body(schema)}})
    elif place == "response-header":
        header = {"schema": schema}
        operation = op(responses={"200": {"description": "OK", "headers": {"X-Rate": header}}})
    else:
        raise ValueError(place)
    return one(operation, method="post", schemas=schemas)


def wire_ids(report: DiffReport) -> set[str]:
    """The ids of wire-contract changes (not the generated client's surface, ``client-*``)."""
    return {c.id for c in report.changes if not c.id.startswith("client-")}


def wire_breaking(report: DiffReport) -> list[Change]:
    return [c for c in report.changes if c.level == "breaking" and not c.id.startswith("client-")]
