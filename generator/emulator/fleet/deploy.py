"""Deploy the example fleet onto an ``Emulator`` with control-plane calls, like IaC would.

For each API, in call-chain order (orders, then pricing, which calls orders, then checkout,
which calls pricing):

1. a Lambda function (python3.12, one handler module per API; pricing's zip carries the
   generated orders client) with its invoke permission for API Gateway;
2. ``create_rest_api``, the "Validate body" request validator, then the **dev** version
   (models, resources, methods with Lambda proxy integrations), ``create_deployment`` of stage
   ``dev`` and its export *right away*; then the API is changed into the **prod** version
   (a reconcile against the dev version: models updated, methods removed or added) and stage
   ``prod`` is deployed and exported. ministack exports an API's live working tree for every
   stage, so only an export taken right after a deployment shows what that stage got;
3. an API key and a usage plan covering both stages.

The Lambda functions share state through JSON files in a fresh folder inside the emulator's
private temporary folder (``FLEET_STATE_DIR``), since every concurrent invocation may run in
its own worker process. The emulator removes that folder when it stops.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.emulator.fleet.definitions import (
    API_NAMES,
    STAGES,
    ApiDefinition,
    ApiName,
    ApiVersion,
    MethodSpec,
    Stage,
    model_dependencies,
    render_schema,
)
from generator.emulator.fleet.definitions import FLEET as DEFINITIONS
from generator.emulator.fleet.packaging import (
    FleetError,
    build_orders_client_wheel,
    handler_source,
    install_into_target,
    lambda_python,
    zip_bundle,
)
from generator.emulator.server import Emulator

__all__ = [
    "EXPORT_EXTENSIONS",
    "LAMBDA_RUNTIME",
    "STATE_DIR_ENV",
    "DeployedApi",
    "DeployedFleet",
    "deploy_fleet",
]

JsonObject = dict[str, Any]
Echo = Callable[[str], None]

LAMBDA_RUNTIME = "python3.12"
LAMBDA_ROLE_NAME = "sdkgen-fleet-lambda"
STATE_DIR_ENV = "FLEET_STATE_DIR"
EXPORT_EXTENSIONS = "apigateway"
"""``extensions`` of GetExport: ministack reads ``apigateway`` as integrations + authorizers."""
EXPORT_ACCEPT = "application/json"
VALIDATOR_NAME = "Validate body"
_JSON = "application/json"
_ASSUME_ROLE_POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": "lambda.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    ],
}


@dataclass(frozen=True)
class DeployedApi:
    """One API of the fleet as deployed: ids, stage URLs, deploy-time exports, API key."""

    name: ApiName
    api_id: str
    #: stage -> data-plane base URL (``Emulator.invoke_url``, path style)
    stage_urls: Mapping[Stage, str]
    #: stage -> the GetExport body saved right after that stage's deployment
    exports: Mapping[Stage, bytes] = field(repr=False)
    #: the API key's value (needed by every operation but ``GET /prices/{sku}``)
    api_key: str = field(repr=False)
    api_key_id: str
    usage_plan_id: str
    function_name: str
    export_type: str

    def url(self, stage: Stage = "prod") -> str:
        """The base URL of ``stage``."""
        return self.stage_urls[stage]

    def export_document(self, stage: Stage) -> JsonObject:
        """The deploy-time export of ``stage``, parsed."""
        document: JsonObject = json.loads(self.exports[stage])
        return document


@dataclass(frozen=True)
class DeployedFleet:
    """The three APIs, and the folder where their Lambda functions keep their state."""

    apis: Mapping[ApiName, DeployedApi]
    state_dir: Path
    seconds: float = 0.0

    def __getitem__(self, name: ApiName) -> DeployedApi:
        return self.apis[name]

    @property
    def orders(self) -> DeployedApi:
        return self.apis["orders"]

    @property
    def pricing(self) -> DeployedApi:
        return self.apis["pricing"]

    @property
    def checkout(self) -> DeployedApi:
        return self.apis["checkout"]

    def state(self, name: ApiName) -> JsonObject:
        """What the API's Lambda function has stored (``{}`` before its first write)."""
        path = self.state_dir / f"{name}.json"
        if not path.is_file():
            return {}
        state: JsonObject = json.loads(path.read_text(encoding="utf-8"))
        return state


def _noop(message: str) -> None:
    """The default ``echo``: say nothing."""


# --- one REST API ---------------------------------------------------------------------------


class _RestApi:
    """Control-plane calls that build one REST API and move it from version to version."""

    def __init__(self, apigw: Any, api_id: str, integration_uri: str) -> None:
        self._apigw = apigw
        self.api_id = api_id
        self._integration_uri = integration_uri
        resources = apigw.get_resources(restApiId=api_id, limit=500)["items"]
        self._resources: dict[str, str] = {str(r["path"]): str(r["id"]) for r in resources}
        self._validator_id = str(
            apigw.create_request_validator(
                restApiId=api_id,
                name=VALIDATOR_NAME,
                validateRequestBody=True,
                validateRequestParameters=False,
            )["id"]
        )

    # -- models --

    def apply_models(self, models: Mapping[str, JsonObject]) -> None:
        """Create or update ``models`` (dependencies first) against what the API has now.

        API Gateway creates ``Empty`` and ``Error`` in every new REST API (ministack does
        not), so existing models are updated rather than created twice.
        """
        existing = {
            str(m["name"]): str(m.get("schema") or "")
            for m in self._apigw.get_models(restApiId=self.api_id, limit=500)["items"]
        }
        for name in _dependency_order(models):
            body = render_schema(models[name], self.api_id)
            if name not in existing:
                self._apigw.create_model(
                    restApiId=self.api_id, name=name, contentType=_JSON, schema=body
                )
            elif _parsed(existing[name]) != _parsed(body):
                self._apigw.update_model(
                    restApiId=self.api_id,
                    modelName=name,
                    patchOperations=[{"op": "replace", "path": "/schema", "value": body}],
                )

    def delete_models(self, names: set[str]) -> None:
        for name in sorted(names):
            self._apigw.delete_model(restApiId=self.api_id, modelName=name)

    # -- resources and methods --

    def _resource_id(self, path: str) -> str:
        """The id of the resource at ``path``, creating it (and its parents) if needed."""
        if path in self._resources:
            return self._resources[path]
        parent, _, part = path.rpartition("/")
        parent_id = self._resource_id(parent or "/")
        created = self._apigw.create_resource(
            restApiId=self.api_id, parentId=parent_id, pathPart=part
        )
        self._resources[path] = str(created["id"])
        return self._resources[path]

    def put_method(self, method: MethodSpec) -> None:
        """The method, its responses and its Lambda proxy integration."""
        resource_id = self._resource_id(method.path)
        common = {
            "restApiId": self.api_id,
            "resourceId": resource_id,
            "httpMethod": method.http_method,
        }
        extra: JsonObject = {}
        if method.operation_name is not None:
            extra["operationName"] = method.operation_name
        if method.request_parameters:
            extra["requestParameters"] = dict(method.request_parameters)
        if method.request_model is not None:
            extra["requestModels"] = {_JSON: method.request_model}
            extra["requestValidatorId"] = self._validator_id
        self._apigw.put_method(
            **common,
            authorizationType="NONE",
            apiKeyRequired=method.api_key_required,
            **extra,
        )
        for status, model in method.responses.items():
            models = {_JSON: model} if model is not None else {}
            self._apigw.put_method_response(**common, statusCode=status, responseModels=models)
        self._apigw.put_integration(
            **common,
            type="AWS_PROXY",
            integrationHttpMethod="POST",
            uri=self._integration_uri,
            passthroughBehavior="WHEN_NO_MATCH",
            contentHandling="CONVERT_TO_TEXT",
            timeoutInMillis=29000,
            # The cache namespace defaults to the resource id, which is new on every deployment
            # of the emulator: name it after the path so exports stay the same between runs.
            cacheNamespace=hashlib.sha256(method.path.encode()).hexdigest()[:8],
        )

    def delete_method(self, method: MethodSpec) -> None:
        self._apigw.delete_method(
            restApiId=self.api_id,
            resourceId=self._resources[method.path],
            httpMethod=method.http_method,
        )

    def prune_resources(self, keep: set[str]) -> None:
        """Delete resources (deepest first) that no path in ``keep`` is at or below."""
        for path in sorted(self._resources, key=lambda p: p.count("/"), reverse=True):
            if path == "/" or any(k == path or k.startswith(path + "/") for k in keep):
                continue
            self._apigw.delete_resource(restApiId=self.api_id, resourceId=self._resources[path])
            del self._resources[path]

    # -- versions --

    def apply(self, version: ApiVersion, previous: ApiVersion | None) -> list[str]:
        """Make the API's working tree match ``version``; what changed, in words."""
        changes: list[str] = []
        self.apply_models(version.models)
        before = {m.key: m for m in previous.methods} if previous is not None else {}
        after = {m.key: m for m in version.methods}
        for key, method in before.items():
            if key not in after or after[key] != method:
                self.delete_method(method)
                if key not in after:
                    changes.append(f"removed {method.http_method} {method.path}")
        for key, method in after.items():
            if before.get(key) != method:
                self.put_method(method)
                if previous is not None:
                    verb = "changed" if key in before else "added"
                    changes.append(f"{verb} {method.http_method} {method.path}")
        self.prune_resources({m.path for m in version.methods})
        if previous is not None:
            for name in sorted(version.models.keys() & previous.models.keys()):
                if version.models[name] != previous.models[name]:
                    changes.append(f"changed model {name}")
            gone = set(previous.models) - set(version.models)
            self.delete_models(gone)
            changes += [f"removed model {name}" for name in sorted(gone)]
        return changes

    def deploy_and_export(self, stage: Stage, export_type: str) -> bytes:
        """Deploy the working tree to ``stage`` and export that stage right away."""
        self._apigw.create_deployment(
            restApiId=self.api_id, stageName=stage, description=f"{stage} version"
        )
        exported = self._apigw.get_export(
            restApiId=self.api_id,
            stageName=stage,
            exportType=export_type,
            parameters={"extensions": EXPORT_EXTENSIONS},
            accepts=EXPORT_ACCEPT,
        )
        body: bytes = exported["body"].read()
        return body


def _parsed(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


def _dependency_order(models: Mapping[str, JsonObject]) -> list[str]:
    """Model names with every referenced model before the models that reference it."""
    ordered: list[str] = []
    visiting: set[str] = set()

    def visit(name: str) -> None:
        if name in ordered:
            return
        if name in visiting:
            raise FleetError(f"model {name} references itself through other models")
        visiting.add(name)
        for dependency in sorted(model_dependencies(models[name])):
            if dependency not in models:
                raise FleetError(f"model {name} references the unknown model {dependency}")
            visit(dependency)
        visiting.discard(name)
        ordered.append(name)

    for name in models:
        visit(name)
    return ordered


# --- the fleet ------------------------------------------------------------------------------


class _FleetDeployer:
    def __init__(
        self,
        emulator: Emulator,
        workdir: Path,
        orders_spec: Path | None,
        echo: Echo,
        pin_ids: bool = False,
    ) -> None:
        self._pin_ids = pin_ids
        self._emulator = emulator
        self._workdir = workdir
        self._orders_spec = orders_spec
        self._echo = echo
        self._apigw = emulator.boto3_client("apigateway")
        self._lambda = emulator.boto3_client("lambda")
        self._iam = emulator.boto3_client("iam")
        temp_dir = emulator.temp_dir
        if temp_dir is None:
            raise FleetError("the emulator is not started")
        self.state_dir = temp_dir / f"fleet-state-{uuid.uuid4().hex[:12]}"

    def deploy(self) -> DeployedFleet:
        started = time.monotonic()
        self.state_dir.mkdir(parents=True)
        role_arn = self._lambda_role()
        deployed: dict[ApiName, DeployedApi] = {}
        for name in API_NAMES:
            definition = DEFINITIONS[name]
            code, env = self._function_code(definition, deployed)
            deployed[name] = self._deploy_api(definition, code, env, role_arn)
        seconds = time.monotonic() - started
        self._echo(f"fleet deployed in {seconds:.1f} s; Lambda state in {self.state_dir}")
        return DeployedFleet(apis=deployed, state_dir=self.state_dir, seconds=seconds)

    def _function_code(
        self, definition: ApiDefinition, deployed: Mapping[ApiName, DeployedApi]
    ) -> tuple[bytes, dict[str, str]]:
        """The deployment zip and the environment variables of the API's Lambda function."""
        files = {definition.handler_file: handler_source(definition.handler_file)}
        env = {STATE_DIR_ENV: str(self.state_dir)}
        if definition.name == "orders":
            return zip_bundle(files), env
        if definition.name == "pricing":
            orders = deployed["orders"]
            env.update(ORDERS_BASE_URL=orders.url("prod"), ORDERS_API_KEY=orders.api_key)
            spec = self._orders_spec
            if spec is None:  # as a deployment pipeline would: the client of the stage's export
                spec = self._workdir / "orders-prod-export.json"
                spec.write_bytes(orders.exports["prod"])
            self._echo(f"pricing: generating the orders client from {spec.name}")
            wheel = build_orders_client_wheel(spec, self._workdir / "pricing-build")
            python = lambda_python(self._emulator)
            dependencies = install_into_target(wheel, python, echo=self._echo)
            code = zip_bundle(files, [dependencies])
            self._echo(f"pricing: deployment zip {len(code) / 1e6:.1f} MB (handler + {wheel.name})")
            return code, env
        pricing = deployed["pricing"]
        env.update(PRICING_BASE_URL=pricing.url("prod"), PRICING_API_KEY=pricing.api_key)
        return zip_bundle(files), env

    def _lambda_role(self) -> str:
        """The execution role of the fleet's functions (reused if it exists)."""
        try:
            role = self._iam.get_role(RoleName=LAMBDA_ROLE_NAME)["Role"]
        except self._iam.exceptions.NoSuchEntityException:
            role = self._iam.create_role(
                RoleName=LAMBDA_ROLE_NAME,
                AssumeRolePolicyDocument=json.dumps(_ASSUME_ROLE_POLICY),
                Description="Execution role of the sdkgen example fleet's Lambda functions",
            )["Role"]
        return str(role["Arn"])

    def _create_function(
        self, definition: ApiDefinition, code: bytes, env: Mapping[str, str], role_arn: str
    ) -> tuple[str, str]:
        """Create (or re-create) the API's Lambda function; its name and ARN."""
        name = f"fleet-{definition.name}"
        with contextlib.suppress(self._lambda.exceptions.ResourceNotFoundException):
            self._lambda.delete_function(FunctionName=name)
        created = self._lambda.create_function(
            FunctionName=name,
            Runtime=LAMBDA_RUNTIME,
            Role=role_arn,
            Handler=definition.handler,
            Code={"ZipFile": code},
            Description=f"{definition.name} API of the sdkgen example fleet",
            Timeout=30,
            MemorySize=256,
            Environment={"Variables": dict(env)},
        )
        return name, str(created["FunctionArn"])

    def _allow_invoke(self, function_name: str, function_arn: str, api_id: str) -> None:
        """Let API Gateway invoke the function for any stage, method and path of the API."""
        account = function_arn.split(":")[4]
        region = self._emulator.region
        self._lambda.add_permission(
            FunctionName=function_name,
            StatementId=f"apigateway-{api_id}",
            Action="lambda:InvokeFunction",
            Principal="apigateway.amazonaws.com",
            SourceArn=f"arn:aws:execute-api:{region}:{account}:{api_id}/*/*/*",
        )

    def _deploy_api(
        self, definition: ApiDefinition, code: bytes, env: Mapping[str, str], role_arn: str
    ) -> DeployedApi:
        name = definition.name
        function_name, function_arn = self._create_function(definition, code, env, role_arn)
        api_id = str(
            self._apigw.create_rest_api(
                name=name,
                description=definition.description,
                apiKeySource="HEADER",
                endpointConfiguration={"types": ["REGIONAL"]},
                **({"tags": {"ms-custom-id": definition.pinned_id}} if self._pin_ids else {}),
            )["id"]
        )
        self._allow_invoke(function_name, function_arn, api_id)
        region = self._emulator.region
        uri = (
            f"arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/"
            f"{function_arn}/invocations"
        )
        api = _RestApi(self._apigw, api_id, uri)
        exports: dict[Stage, bytes] = {}
        previous: ApiVersion | None = None
        for stage in STAGES:
            version = definition.versions[stage]
            changes = api.apply(version, previous)
            exports[stage] = api.deploy_and_export(stage, definition.export_type)
            summary = f" ({'; '.join(changes)})" if changes else ""
            self._echo(
                f"{name}: stage {stage} deployed, {len(version.methods)} methods{summary};"
                f" {definition.export_type} export saved ({len(exports[stage])} bytes)"
            )
            previous = version
        key = self._apigw.create_api_key(
            name=f"fleet-{name}", description=f"{name} API of the example fleet", enabled=True
        )
        plan = self._apigw.create_usage_plan(
            name=f"fleet-{name}",
            description=f"Stages of the {name} API",
            apiStages=[{"apiId": api_id, "stage": stage} for stage in STAGES],
        )
        self._apigw.create_usage_plan_key(
            usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY"
        )
        self._echo(f"{name}: API key {key['id']} in usage plan {plan['id']} (value not shown)")
        return DeployedApi(
            name=name,
            api_id=api_id,
            stage_urls={stage: self._emulator.invoke_url(api_id, stage) for stage in STAGES},
            exports=exports,
            api_key=str(key["value"]),
            api_key_id=str(key["id"]),
            usage_plan_id=str(plan["id"]),
            function_name=function_name,
            export_type=definition.export_type,
        )


def deploy_fleet(
    emulator: Emulator,
    *,
    workdir: Path,
    echo: Echo | None = None,
    orders_spec: Path | None = None,
    pin_ids: bool = False,
) -> DeployedFleet:
    """Deploy orders, pricing and checkout (stages dev and prod) onto a running ``emulator``.

    ``workdir`` receives the build files (the generated orders client and its wheel); the
    installed Lambda dependencies are cached under the sdkgen cache folder. ``echo`` gets one
    line per step (never an API key). ``orders_spec`` is the document the pricing function's
    orders client is generated from (default: orders' own prod export). Meant for a fresh
    (or reset) emulator: it creates new APIs, keys and plans every time, and re-creates the
    fleet's Lambda functions. ``pin_ids`` gives each API its fixed id (``pinned_id``, through
    the emulator's ``ms-custom-id`` tag) so snapshots stay the same from run to run; it needs an
    emulator where those ids are free.
    """
    workdir.mkdir(parents=True, exist_ok=True)
    return _FleetDeployer(emulator, workdir, orders_spec, echo or _noop, pin_ids).deploy()
