"""IAM (SigV4) and Lambda TOKEN authorizers enforced end to end by the ministack emulator.

The emulator runs with ``AUTH=true``, the only mode in which it checks SigV4 signatures, and
only for non-root IAM users' keys; so the test creates an IAM user with an access key and an
``execute-api:Invoke`` policy. A REST API gets MOCK-integrated methods behind ``AWS_IAM`` and
behind a Lambda TOKEN authorizer (a Python handler allowing ``allow-me`` and denying
``deny-me``); a client generated from an AWS-shaped document of that API calls them through the
path-style invoke URL on 127.0.0.1 (so the SigV4 region comes from ``aws_region=``).
"""

from __future__ import annotations

import asyncio
import inspect
import io
import json
import zipfile
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, cast

import pytest

from generator.emulator import Emulator
from tests.support.generated import GeneratedClient, Mode, Package, generate_package, imported

pytestmark = pytest.mark.slow

STAGE = "prod"

AUTHORIZER_HANDLER = """
def handler(event, context):
    token = event.get("authorizationToken")
    if token == "allow-me":
        effect = "Allow"
    elif token == "deny-me":
        effect = "Deny"
    else:
        raise Exception("Unauthorized")
    return {
        "principalId": "user-1",
        "policyDocument": {
            "Version": "2012-10-17",
            "Statement": [
                {"Action": "execute-api:Invoke", "Effect": effect, "Resource": event["methodArn"]}
            ],
        },
    }
"""

_OK = {
    "200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object"}}}}
}

#: What the API's export would look like on AWS (ministack exports no IAM scheme at all).
DOCUMENT: dict[str, Any] = {
    "openapi": "3.0.1",
    "info": {"title": "guarded", "version": "1.0"},
    "servers": [
        {
            "url": "https://q1w2e3r4t5.execute-api.us-east-1.amazonaws.com/{basePath}",
            "variables": {"basePath": {"default": STAGE}},
        }
    ],
    "paths": {
        "/secure": {
            "get": {
                "operationId": "getSecure",
                "parameters": [{"name": "q", "in": "query", "schema": {"type": "string"}}],
                "responses": _OK,
                "security": [{"sigv4": []}],
            },
            "post": {
                "operationId": "postSecure",
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"type": "object"}}},
                },
                "responses": _OK,
                "security": [{"sigv4": []}],
            },
        },
        "/things/{thingId}": {
            "get": {
                "operationId": "getThing",
                "parameters": [
                    {
                        "name": "thingId",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                    }
                ],
                "responses": _OK,
                "security": [{"sigv4": []}],
            }
        },
        "/guarded": {
            "get": {"operationId": "getGuarded", "responses": _OK, "security": [{"tokenauth": []}]}
        },
    },
    "components": {
        "securitySchemes": {
            "sigv4": {
                "type": "apiKey",
                "name": "Authorization",
                "in": "header",
                "x-amazon-apigateway-authtype": "awsSigv4",
            },
            "tokenauth": {
                "type": "apiKey",
                "name": "Authorization",
                "in": "header",
                "x-amazon-apigateway-authtype": "custom",
            },
        }
    },
}


@dataclass(frozen=True)
class Deployed:
    emulator: Emulator
    api_id: str
    access_key: str
    secret_key: str
    #: A user whose policy does not allow execute-api:Invoke.
    outsider: tuple[str, str]

    @property
    def base_url(self) -> str:
        return self.emulator.invoke_url(self.api_id, STAGE)


def _zipped(source: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("app.py", source)
    return buffer.getvalue()


def _user(iam: Any, name: str, policy: dict[str, Any] | None) -> tuple[str, str]:
    iam.create_user(UserName=name)
    if policy is not None:
        iam.put_user_policy(UserName=name, PolicyName="invoke", PolicyDocument=json.dumps(policy))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return key["AccessKeyId"], key["SecretAccessKey"]


def _deploy(emu: Emulator) -> Deployed:
    iam = emu.boto3_client("iam")
    access_key, secret_key = _user(
        iam,
        "api-caller",
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "*"}],
        },
    )
    outsider = _user(
        iam,
        "outsider",
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}],
        },
    )
    role_arn = iam.create_role(
        RoleName="authorizer-role",
        AssumeRolePolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": "lambda.amazonaws.com"},
                        "Action": "sts:AssumeRole",
                    }
                ],
            }
        ),
    )["Role"]["Arn"]
    function_arn = emu.boto3_client("lambda").create_function(
        FunctionName="token-authorizer",
        Runtime="python3.11",
        Role=role_arn,
        Handler="app.handler",
        Code={"ZipFile": _zipped(AUTHORIZER_HANDLER)},
    )["FunctionArn"]

    apigw = emu.boto3_client("apigateway")
    api_id: str = apigw.create_rest_api(name="guarded")["id"]
    root = apigw.get_resources(restApiId=api_id)["items"][0]["id"]
    authorizer_id = apigw.create_authorizer(
        restApiId=api_id,
        name="tokenauth",
        type="TOKEN",
        authorizerUri=(
            f"arn:aws:apigateway:{emu.region}:lambda:path/2015-03-31/functions/"
            f"{function_arn}/invocations"
        ),
        identitySource="method.request.header.Authorization",
        authorizerResultTtlInSeconds=0,
    )["id"]

    def mock_method(resource_id: str, method: str, name: str, **authorization: str) -> None:
        common = {"restApiId": api_id, "resourceId": resource_id, "httpMethod": method}
        apigw.put_method(**common, **authorization)
        apigw.put_integration(
            **common, type="MOCK", requestTemplates={"application/json": '{"statusCode": 200}'}
        )
        apigw.put_method_response(**common, statusCode="200")
        apigw.put_integration_response(
            **common,
            statusCode="200",
            responseTemplates={"application/json": json.dumps({"ok": True, "name": name})},
        )

    secure = apigw.create_resource(restApiId=api_id, parentId=root, pathPart="secure")["id"]
    mock_method(secure, "GET", "get-secure", authorizationType="AWS_IAM")
    mock_method(secure, "POST", "post-secure", authorizationType="AWS_IAM")
    things = apigw.create_resource(restApiId=api_id, parentId=root, pathPart="things")["id"]
    thing = apigw.create_resource(restApiId=api_id, parentId=things, pathPart="{thingId}")["id"]
    mock_method(thing, "GET", "get-thing", authorizationType="AWS_IAM")
    guarded = apigw.create_resource(restApiId=api_id, parentId=root, pathPart="guarded")["id"]
    mock_method(
        guarded, "GET", "get-guarded", authorizationType="CUSTOM", authorizerId=authorizer_id
    )
    apigw.create_deployment(restApiId=api_id, stageName=STAGE)
    return Deployed(emu, api_id, access_key, secret_key, outsider)


@pytest.fixture(scope="module")
def deployed() -> Iterator[Deployed]:
    """A private emulator with AUTH=true (its process group is killed at the end)."""
    with Emulator(extra_env={"AUTH": "true"}) as emu:
        yield _deploy(emu)


@pytest.fixture(scope="module")
def guarded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Package]:
    project: GeneratedClient = generate_package(
        tmp_path_factory.mktemp("guarded"), "guarded", DOCUMENT
    )
    with imported({cast(Any, "guarded"): project}) as packages:
        yield packages[cast(Any, "guarded")]


@asynccontextmanager
async def connect(package: Package, mode: Mode, **options: Any) -> AsyncIterator[Any]:
    options.setdefault("timeout", 30.0)
    if mode == "sync":
        with package.module.Client(**options) as client:
            yield client
    else:
        async with package.module.AsyncClient(**options) as client:
            yield client


async def invoke(method: Callable[..., Any], **kwargs: Any) -> Any:
    result = method(**kwargs)
    if inspect.isawaitable(result):
        return await result
    return result


def test_iam_signature_is_checked_by_the_emulator(
    deployed: Deployed, guarded: Package, mode: Mode
) -> None:
    api = guarded.module
    region = deployed.emulator.region

    async def scenario() -> None:
        credentials = (deployed.access_key, deployed.secret_key)
        async with connect(
            guarded,
            mode,
            base_url=deployed.base_url,
            aws_credentials=credentials,
            aws_region=region,
        ) as client:
            assert await invoke(client.secure.get) == {"ok": True, "name": "get-secure"}
            result = await invoke(client.secure.get, q="a b+c/ü?&=~*")
            assert result["name"] == "get-secure"
            posted = await invoke(client.secure.post, body={"text": "ü a+b", "n": [1]})
            assert posted["name"] == "post-secure"
            thing = await invoke(client.things.get, thing_id="id with space")
            assert thing["name"] == "get-thing"
            raw = await invoke(client.secure.with_raw_response.get)
            assert raw.status_code == 200 and raw.request_id

            wrong = client.with_options(aws_credentials=(deployed.access_key, "wrong-secret"))
            with pytest.raises(api.PermissionDeniedError) as bad_signature:
                await invoke(wrong.secure.get, q="x")
            assert bad_signature.value.status_code == 403
            assert bad_signature.value.error_type == "InvalidSignatureException"
            assert "wrong-secret" not in str(bad_signature.value)

            outsider = client.with_options(aws_credentials=deployed.outsider)
            with pytest.raises(api.PermissionDeniedError) as not_allowed:
                await invoke(outsider.secure.get)
            assert not_allowed.value.error_type == "AccessDeniedException"

            unknown = client.with_options(aws_credentials=("AKIA0000000000UNKNOWN", "x"))
            with pytest.raises(api.PermissionDeniedError):
                await invoke(unknown.secure.get)

    asyncio.run(scenario())


def test_lambda_token_authorizer_is_enforced_by_the_emulator(
    deployed: Deployed, guarded: Package, mode: Mode
) -> None:
    api = guarded.module

    async def scenario() -> None:
        async with connect(guarded, mode, base_url=deployed.base_url, token="allow-me") as client:
            assert await invoke(client.guarded.get) == {
                "ok": True,
                "name": "get-guarded",
            }

            denied = client.with_options(token="deny-me")
            with pytest.raises(api.PermissionDeniedError) as explicit_deny:
                await invoke(denied.guarded.get)
            assert explicit_deny.value.status_code == 403
            assert explicit_deny.value.error_type == "AccessDeniedException"

            rejected = client.with_options(token=lambda: "not-a-valid-token")
            with pytest.raises(api.AuthenticationError) as unauthorized:
                await invoke(rejected.guarded.get)
            assert unauthorized.value.status_code == 401
            assert "authorizer" in str(unauthorized.value)

            anonymous = client.with_options(token=None)
            with pytest.raises(api.AuthenticationError):
                await invoke(anonymous.guarded.get)

    asyncio.run(scenario())


def test_a_wrong_path_is_missing_authentication_token(deployed: Deployed, guarded: Package) -> None:
    api = guarded.module
    with (
        api.Client(base_url=deployed.base_url + "/nowhere", token="allow-me") as client,
        pytest.raises(api.PermissionDeniedError) as info,
    ):
        client.guarded.get()
    assert info.value.missing_authentication_token
    assert "/nowhere/guarded" in str(info.value)
