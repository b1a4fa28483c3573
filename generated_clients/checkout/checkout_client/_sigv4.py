"""SigV4 signing of requests to IAM-authorized (``AWS_IAM``) methods, with botocore.

botocore is imported on first use only, so clients of APIs without IAM never need it.
"""

from __future__ import annotations

import importlib
import os
import re
import threading
from typing import Any
from urllib.parse import unquote

import httpx

from ._exceptions import APIError
from ._serialize import query_part
from ._types import AwsCredentials

SIGV4_SERVICE = "execute-api"
_EXECUTE_API_HOST = re.compile(
    r"\.execute-api\.([a-z0-9-]+)\.(?:vpce\.)?amazonaws\.com(?:\.cn)?$", re.IGNORECASE
)


class SigV4Signer:
    """Signs requests with botocore's SigV4.

    Credentials: ``aws_credentials`` (botocore credentials, or ``(key, secret[, token])``), else
    botocore's default chain (environment, profile, SSO, container/instance role), looked up
    once. Refreshable credentials are frozen per request, so they renew themselves.
    """

    def __init__(self, credentials: AwsCredentials | None, region: str | None) -> None:
        self.given_credentials = credentials
        self.given_region = region
        self._lock = threading.Lock()
        self._resolved = False
        self._provider: Any = None
        self._default_region: str | None = None

    def __repr__(self) -> str:  # never show credentials
        return f"SigV4Signer(region={self.given_region!r})"

    def _credentials(self) -> Any:
        with self._lock:
            if not self._resolved:
                given = self.given_credentials
                if isinstance(given, tuple):
                    credentials = importlib.import_module("botocore.credentials")
                    self._provider = credentials.Credentials(*given)
                elif given is not None:
                    self._provider = given
                else:
                    session = importlib.import_module("botocore.session").get_session()
                    self._provider = session.get_credentials()
                    self._default_region = session.get_config_variable("region")
                importlib.import_module("botocore.auth")
                importlib.import_module("botocore.awsrequest")
                self._resolved = True
            return self._provider

    def may_block(self) -> bool:
        """Whether getting credentials may do I/O: the first lookup, or a refresh."""
        return not self._resolved or hasattr(self._provider, "refresh_needed")

    def frozen_credentials(self, *, required: bool) -> Any:
        """This request's credentials (refreshed if due), or None when there are none."""
        provider = self._credentials()
        frozen = provider.get_frozen_credentials() if provider is not None else None
        if frozen is None or not frozen.access_key or not frozen.secret_key:
            if required:
                raise APIError(
                    "this operation needs AWS credentials (IAM authorization): pass"
                    " aws_credentials= or configure the AWS default chain"
                )
            return None
        for part in (frozen.access_key, frozen.secret_key, frozen.token or ""):
            if not part.isascii() or not part.isprintable():
                raise APIError("the AWS credentials hold characters that cannot be sent")
        return frozen

    def region_for(self, host: str) -> str:
        if self.given_region:
            return self.given_region
        match = _EXECUTE_API_HOST.search(host)
        if match:
            return match.group(1).lower()
        region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION")
        if region:
            return region
        self._credentials()
        if self._default_region:
            return self._default_region
        raise APIError(
            f"cannot tell the AWS region for signing requests to {host}: pass aws_region="
        )

    def sign(self, request: httpx.Request, frozen: Any) -> None:
        """Add SigV4 headers for ``frozen`` credentials to ``request`` exactly as it is sent."""
        auth = importlib.import_module("botocore.auth")
        awsrequest = importlib.import_module("botocore.awsrequest")
        body = request.read()  # the exact bytes sent (a multipart stream becomes bytes here)
        headers = {"host": request.headers["host"]}
        for name, value in request.headers.items():
            lowered = name.lower()
            if lowered == "content-type" or (
                lowered.startswith("x-amz-")
                and lowered not in ("x-amz-date", "x-amz-security-token")
            ):
                headers[lowered] = value
        aws_request = awsrequest.AWSRequest(
            method=request.method, url=canonical_url(request.url), data=body, headers=headers
        )
        region = self.region_for(request.url.host)
        auth.SigV4Auth(frozen, SIGV4_SERVICE, region).add_auth(aws_request)
        for name in ("Authorization", "X-Amz-Date", "X-Amz-Security-Token"):
            value = aws_request.headers.get(name)
            if value is not None:
                request.headers[name] = value
            elif name in request.headers:
                del request.headers[name]


def canonical_url(url: httpx.URL) -> str:
    """The URL with its query encoded as AWS canonicalizes it (botocore signs the query as
    given; the service decodes and re-encodes each name and value, so a literal ``,`` or
    ``|`` delimiter must be signed as ``%2C`` / ``%7C``)."""
    text = str(url)
    base, sep, query = text.partition("?")
    if not sep:
        return text
    pairs = []
    for pair in query.split("&"):
        key, eq, value = pair.partition("=")
        pairs.append(f"{query_part(unquote(key))}{eq}{query_part(unquote(value))}")
    return base + "?" + "&".join(pairs)
