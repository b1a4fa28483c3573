"""One stage from API Gateway to the bytes of its snapshot and provenance record."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from generator.config import Source
from generator.errors import SdkgenError, UsageError
from generator.sources import apigateway as gw
from generator.sources.aws_errors import CallContext, aws_errors
from generator.sources.clients import ClientCache, client_endpoint, client_region, is_aws_endpoint
from generator.sources.snapshot import canonical_export
from generator.sources.targets import PullTarget

HTTP_EXPORT_TYPE = "oas30"
HTTP_EXTENSIONS = "all"  # ExportApi's IncludeExtensions=True: every x-amazon-apigateway-*


@dataclass(frozen=True)
class Fetched:
    """A stage's export in canonical form, and where it came from."""

    target: PullTarget
    api: gw.ApiRef
    deployment_id: str | None
    snapshot: bytes
    origin: dict[str, Any]  # the provenance record without the snapshot's hash


def effective_source(declared: Source | None, endpoint: str) -> Source:
    """The source a pull records; refuses to pull real AWS when an emulator was meant."""
    aws = is_aws_endpoint(endpoint)
    if declared is None:
        return "aws" if aws else "emulator"
    if declared == "emulator" and aws:
        raise UsageError(
            f"source is 'emulator' but the endpoint is AWS's own ({endpoint}): set "
            "endpoint_url for the API, pass --endpoint-url or set AWS_ENDPOINT_URL, "
            'or set source = "aws" (or SDKGEN_SOURCE=aws) to pull from AWS'
        )
    return declared


@dataclass
class Fetcher:
    """Fetches stages, reusing clients and API listings across the stages of a pull."""

    clients: ClientCache = field(default_factory=ClientCache)
    _listings: dict[int, list[gw.ApiRef]] = field(default_factory=dict)

    def fetch(self, target: PullTarget) -> Fetched:
        """Export ``target``'s stage; errors are one-line ``SdkgenError``s naming the target."""
        try:
            return self._fetch(target)
        except SdkgenError as exc:
            exc.args = (f"[{target.label}] {exc}",)
            raise

    def _listing(self, client: Any, target: PullTarget) -> list[gw.ApiRef]:
        key = id(client)
        if key not in self._listings:
            rest = target.kind == "rest"
            self._listings[key] = gw.list_rest_apis(client) if rest else gw.list_http_apis(client)
        return self._listings[key]

    def _fetch(self, target: PullTarget) -> Fetched:
        kind = target.kind
        settings = target.settings
        ctx = CallContext(kind, settings.region, "")
        with aws_errors(ctx, "creating the AWS client"):
            client = self.clients.get("apigateway" if kind == "rest" else "apigatewayv2", settings)
        endpoint = client_endpoint(client)
        ctx = CallContext(kind, client_region(client), endpoint)
        source = effective_source(target.source, str(client.meta.endpoint_url))
        with aws_errors(ctx, f"listing {kind} APIs at {endpoint}"):
            listed = self._listing(client, target)
        ref = gw.pick_api(listed, target.api, kind, f"in {ctx.region or 'the default region'}")
        ctx = replace(ctx, api_id=ref.id)
        what = f"{kind} API {ref.id} ({ref.name})"
        with aws_errors(
            ctx,
            f"reading stage {target.stage!r} of {what}",
            not_found=f"{what} has no stage {target.stage!r}",
        ):
            if kind == "rest":
                deployment_id = gw.rest_stage_deployment_id(client, ref.id, target.stage)
            else:
                deployment_id = gw.http_stage_deployment_id(client, ref.id, target.stage)
        action = f"exporting stage {target.stage!r} of {what}"
        with aws_errors(ctx, action, not_found=f"{action}: not found"):
            if kind == "rest":
                body = gw.export_rest_stage(
                    client, ref.id, target.stage, target.export_type, target.extensions
                )
            else:
                body = gw.export_http_stage(client, ref.id, target.stage)
        snapshot = canonical_export(body, f"the export of stage {target.stage!r} of {what}")
        origin = {
            "api": target.name or ref.name,
            "kind": kind,
            "api_id": ref.id,
            "stage": target.stage,
            "deployment_id": deployment_id,
            "export_type": target.export_type if kind == "rest" else HTTP_EXPORT_TYPE,
            "extensions": target.extensions if kind == "rest" else HTTP_EXTENSIONS,
            "region": ctx.region,
            "source": source,
        }
        return Fetched(target, ref, deployment_id, snapshot, origin)
