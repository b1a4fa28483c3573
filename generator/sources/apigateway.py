"""API Gateway calls: find an API by id or name, export a stage, read its deployment id.

``client`` is a boto3 ``apigateway`` client for REST APIs and an ``apigatewayv2`` client for
HTTP APIs. Failures raise botocore's exceptions; wrap calls in ``aws_errors`` to report them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from generator.config import Kind
from generator.errors import SdkgenError

REST_PAGE_SIZE = 500  # GetRestApis' maximum `limit`: fewer calls against a 10 requests/s quota


@dataclass(frozen=True)
class ApiRef:
    """An API as listed by API Gateway."""

    id: str
    name: str


def list_rest_apis(client: Any) -> list[ApiRef]:
    """Every REST API of the account and region (the ``get_rest_apis`` paginator)."""
    pages = client.get_paginator("get_rest_apis").paginate(
        PaginationConfig={"PageSize": REST_PAGE_SIZE}
    )
    return [ApiRef(str(i["id"]), str(i.get("name", ""))) for p in pages for i in p.get("items", [])]


def list_http_apis(client: Any) -> list[ApiRef]:
    """Every HTTP API (``ProtocolType == "HTTP"``; WebSocket APIs are left out)."""
    pages = client.get_paginator("get_apis").paginate()
    return [
        ApiRef(str(item["ApiId"]), str(item.get("Name", "")))
        for page in pages
        for item in page.get("Items", [])
        if item.get("ProtocolType") == "HTTP"
    ]


class ApiNotFound(SdkgenError):
    """No API has the id or name asked for."""


class AmbiguousApiName(SdkgenError):
    """Several APIs share the name asked for."""


def pick_api(apis: Iterable[ApiRef], id_or_name: str, kind: Kind, where: str = "") -> ApiRef:
    """The API whose id is ``id_or_name``, else the only one with that name.

    ``where`` (e.g. "in us-east-1") completes the messages.
    """
    where = f" {where}" if where else ""
    listed = list(apis)
    for api in listed:
        if api.id == id_or_name:
            return api
    named = [api for api in listed if api.name == id_or_name]
    if len(named) == 1:
        return named[0]
    if named:
        ids = ", ".join(sorted(api.id for api in named))
        raise AmbiguousApiName(
            f"{len(named)} {kind} APIs{where} are named {id_or_name!r} (ids {ids}): "
            "use the id instead"
        )
    raise ApiNotFound(
        f"no {kind} API{where} has the id or name {id_or_name!r} "
        f"({len(listed)} {kind} API(s) listed)"
    )


def resolve_rest_api(client: Any, id_or_name: str) -> ApiRef:
    return pick_api(list_rest_apis(client), id_or_name, "rest")


def resolve_http_api(client: Any, id_or_name: str) -> ApiRef:
    return pick_api(list_http_apis(client), id_or_name, "http")


def resolve_rest_api_id(client: Any, id_or_name: str) -> str:
    """The id of the REST API with id ``id_or_name``, else of the only one with that name."""
    return resolve_rest_api(client, id_or_name).id


def resolve_http_api_id(client: Any, id_or_name: str) -> str:
    """The id of the HTTP API with id ``id_or_name``, else of the only one with that name."""
    return resolve_http_api(client, id_or_name).id


def export_rest_stage(
    client: Any, api_id: str, stage: str, export_type: str, extensions: str
) -> bytes:
    """The JSON export of a deployed REST API stage (``get_export``), as the raw bytes."""
    parameters = {"extensions": extensions} if extensions else {}
    response = client.get_export(
        restApiId=api_id,
        stageName=stage,
        exportType=export_type,
        parameters=parameters,
        accepts="application/json",
    )
    return _read_body(response)


def export_http_stage(client: Any, api_id: str, stage: str) -> bytes:
    """The OpenAPI 3.0 JSON export of an HTTP API stage, with API Gateway's extensions."""
    response = client.export_api(
        ApiId=api_id,
        Specification="OAS30",
        OutputType="JSON",
        StageName=stage,
        IncludeExtensions=True,
    )
    return _read_body(response)


def _read_body(response: dict[str, Any]) -> bytes:
    body = response.get("body")
    if body is None:
        return b""
    if isinstance(body, bytes | bytearray):
        return bytes(body)
    try:
        data = body.read()
    finally:
        body.close()
    return bytes(data)


def rest_stage_deployment_id(client: Any, api_id: str, stage: str) -> str | None:
    """The deployment a REST API stage serves (``get_stage`` → ``deploymentId``)."""
    value = client.get_stage(restApiId=api_id, stageName=stage).get("deploymentId")
    return str(value) if value else None


def http_stage_deployment_id(client: Any, api_id: str, stage: str) -> str | None:
    """The deployment of an HTTP API stage; None for an auto-deploy stage not yet deployed."""
    value = client.get_stage(ApiId=api_id, StageName=stage).get("DeploymentId")
    return str(value) if value else None
