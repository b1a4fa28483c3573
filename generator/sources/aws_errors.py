"""botocore failures as one-line ``SdkgenError`` messages (exit 1), never with a secret.

Messages name what was being done, AWS's error code and what to do about it. AWS's own message
text is kept (on one line, shortened) because it says which identity or resource was refused;
it never holds credentials. Endpoints are shown as ``scheme://host:port`` only.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from generator.config import Kind
from generator.errors import SdkgenError
from generator.sources.clients import shown_endpoint

CREDENTIALS_HINT = "configure the standard chain — env vars, ~/.aws, SSO, or a role"
NO_CREDENTIALS = f"no AWS credentials found: {CREDENTIALS_HINT}"

_NOT_FOUND = {"NotFoundException", "ResourceNotFoundException"}
_ACCESS = {"AccessDeniedException", "AccessDenied", "UnauthorizedException", "Forbidden"}
_BAD_CREDENTIALS = {
    "UnrecognizedClientException",
    "InvalidSignatureException",
    "SignatureDoesNotMatch",
    "InvalidClientTokenId",
    "ExpiredTokenException",
    "ExpiredToken",
    "IncompleteSignatureException",
    "MissingAuthenticationTokenException",
}
_THROTTLED = {
    "TooManyRequestsException",
    "LimitExceededException",
    "ThrottlingException",
    "Throttling",
    "RequestLimitExceeded",
}
_MAX_TEXT = 300

# botocore ships no type information (and the project has no stubs for it): use it untyped.
bce: Any = importlib.import_module("botocore.exceptions")


@dataclass(frozen=True)
class CallContext:
    """What a call is about, for messages: the API kind, region, endpoint and API id."""

    kind: Kind
    region: str | None
    endpoint: str
    api_id: str | None = None


def one_line(text: str, limit: int = _MAX_TEXT) -> str:
    """``text`` on one line, shortened to ``limit`` characters."""
    flat = re.sub(r"\s+", " ", text).strip()
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def permission_hint(ctx: CallContext) -> str:
    """The IAM permission a pull needs, on this API's resources."""
    collection = "restapis" if ctx.kind == "rest" else "apis"
    base = f"arn:aws:apigateway:{ctx.region or '<region>'}::/{collection}"
    target = f"{base}/{ctx.api_id}/*" if ctx.api_id else f"{base}/*"
    return f"pulling needs the IAM permission apigateway:GET on {base} and {target}"


def _attempts(response: dict[str, Any]) -> int:
    retries = response.get("ResponseMetadata", {}).get("RetryAttempts", 0)
    return (retries if isinstance(retries, int) else 0) + 1


def client_error(
    exc: Any, ctx: CallContext, action: str, not_found: str | None = None
) -> SdkgenError:
    """The message for an error answer from API Gateway."""
    error = exc.response.get("Error", {})
    code = str(error.get("Code") or "UnknownError")
    text = one_line(str(error.get("Message") or error.get("message") or "no message"))
    status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    attempts = _attempts(exc.response)
    if code in _NOT_FOUND or status == 404:
        return SdkgenError(f"{not_found or action + ': not found'} ({code}: {text})")
    if code in _BAD_CREDENTIALS:
        return SdkgenError(f"AWS rejected the credentials ({code}: {text}); {CREDENTIALS_HINT}")
    if code in _ACCESS or status in (401, 403):
        return SdkgenError(f"{action}: access denied ({code}: {text}); {permission_hint(ctx)}")
    if code in _THROTTLED or status == 429:
        return SdkgenError(
            f"{action}: throttled by API Gateway ({code}) after {attempts} attempt(s); the "
            "management API allows about 10 requests/s per account: try again later "
            "or pull fewer APIs at once (--api)"
        )
    if isinstance(status, int) and status >= 500:
        return SdkgenError(
            f"{action}: API Gateway failed ({code}, HTTP {status}) after {attempts} attempt(s): "
            f"{text}"
        )
    if code == "BadRequestException" or status == 400:
        return SdkgenError(f"{action}: API Gateway refused the request ({code}: {text})")
    return SdkgenError(f"{action}: {code} (HTTP {status}): {text}")


def _unreachable(exc: Any, endpoint: str) -> str:
    where = endpoint or shown_endpoint(str(exc.kwargs.get("endpoint_url", "")))
    if isinstance(exc, bce.ProxyConnectionError):
        proxy = shown_endpoint(str(exc.kwargs.get("proxy_url", "")))
        return f"cannot reach {where} through the proxy {proxy}"
    if isinstance(exc, bce.SSLError):
        return f"cannot reach {where}: the TLS connection failed (certificate or protocol)"
    if isinstance(exc, bce.ConnectTimeoutError):
        return f"cannot reach {where}: connecting timed out"
    if isinstance(exc, bce.ReadTimeoutError):
        return f"cannot reach {where}: no answer in time"
    if isinstance(exc, bce.ConnectionClosedError):
        return f"cannot reach {where}: the connection closed before an answer came"
    return f"cannot reach {where} (is it running, and is the URL right?)"


def botocore_error(exc: Any, ctx: CallContext, action: str) -> SdkgenError:
    """The message for a failure inside botocore (credentials, network, configuration)."""
    if isinstance(exc, bce.NoCredentialsError):
        return SdkgenError(NO_CREDENTIALS)
    if isinstance(exc, bce.PartialCredentialsError):
        provider = exc.kwargs.get("provider", "?")
        missing = exc.kwargs.get("cred_var", "?")
        return SdkgenError(
            f"{NO_CREDENTIALS} (partial credentials in {provider}: {missing} missing)"
        )
    if isinstance(exc, bce.SSOError | bce.TokenRetrievalError):
        return SdkgenError(
            "the AWS SSO session is missing or expired: run `aws sso login` for the profile "
            f"and retry ({type(exc).__name__})"
        )
    if isinstance(exc, bce.CredentialRetrievalError):
        provider = exc.kwargs.get("provider", "?")
        return SdkgenError(
            f"AWS credentials could not be loaded from {provider}; {CREDENTIALS_HINT}"
        )
    if isinstance(exc, bce.ProfileNotFound):
        profile = exc.kwargs.get("profile", "?")
        return SdkgenError(
            f"AWS profile {profile!r} not found in ~/.aws/config or ~/.aws/credentials "
            "(or the files AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE name)"
        )
    if isinstance(exc, bce.NoRegionError):
        return SdkgenError(
            "no AWS region: set 'region' in [tool.sdkgen] (or per API), pass --region, "
            "or set AWS_REGION"
        )
    if isinstance(exc, bce.ConnectionError | bce.HTTPClientError):
        return SdkgenError(_unreachable(exc, ctx.endpoint))
    if isinstance(exc, bce.ParamValidationError):
        return SdkgenError(f"{action}: invalid request: {one_line(str(exc))}")
    return SdkgenError(f"{action}: AWS SDK error ({type(exc).__name__}): {one_line(str(exc))}")


@contextmanager
def aws_errors(ctx: CallContext, action: str, *, not_found: str | None = None) -> Iterator[None]:
    """Turn botocore exceptions raised in the block into one-line ``SdkgenError`` messages."""
    try:
        yield
    except bce.ClientError as exc:
        raise client_error(exc, ctx, action, not_found) from None
    except bce.BotoCoreError as exc:
        raise botocore_error(exc, ctx, action) from None
