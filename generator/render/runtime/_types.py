"""Types and defaults every part of the runtime shares: `NotGiven`, `Timeout`, `Token`.

Hand-written once in sdkgen and copied unchanged into each generated package (as are the
other ``_*.py`` modules beside it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, ParamSpec, Protocol, TypeVar

import httpx

__all__ = ["NOT_GIVEN", "NotGiven", "Timeout", "Token"]

DEFAULT_TIMEOUT = httpx.Timeout(29.0, connect=5.0)  # API Gateway's integration limit is 29 s
DEFAULT_MAX_RETRIES = 2
# API Gateway answers at most 10 MB; a larger body is refused unless the client allows it.
DEFAULT_MAX_RESPONSE_SIZE = 32 * 1024 * 1024

# Pydantic context keys the models read (`_model_base`): the data is a server's response (value
# constraints are not checked), or a request body being serialized.
RESPONSE = "sdkgen_response"
REQUEST = "sdkgen_request"
RESPONSE_CONTEXT = {RESPONSE: True}
REQUEST_CONTEXT = {REQUEST: True}


class NotGiven:
    """Sentinel for "argument not passed" where ``None`` is a meaningful value."""

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN = NotGiven()

Timeout = float | httpx.Timeout | None
Token = str | Callable[[], str]
T = TypeVar("T")
P = ParamSpec("P")


class AwsCredentialsProvider(Protocol):
    """botocore ``Credentials`` / ``RefreshableCredentials`` (anything with frozen credentials)."""

    def get_frozen_credentials(self) -> Any: ...


AwsCredentials = tuple[str, str] | tuple[str, str, str | None] | AwsCredentialsProvider


def total_seconds(timeout: Timeout) -> float | None:
    """How long one attempt may take as a whole (connect, send, wait and read the body):
    a number as given; for an ``httpx.Timeout`` its longest phase; ``None``: no limit."""
    if timeout is None:
        return None
    if isinstance(timeout, httpx.Timeout):
        phases = [t for t in (timeout.connect, timeout.read, timeout.write, timeout.pool) if t]
        return max(phases) if phases else None
    return float(timeout)


class AttemptLimits:
    """A timeout as each attempt uses it, worked out once (per client for its default):
    httpx's per-phase timeouts as the request extension httpx reads, and `total_seconds`."""

    __slots__ = ("extension", "timeout", "total")

    def __init__(self, timeout: Timeout) -> None:
        timeout_ = timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)
        self.timeout = timeout_
        # what httpx's ``build_request`` puts in ``Request.extensions["timeout"]``
        self.extension: dict[str, float | None] = timeout_.as_dict()
        self.total = total_seconds(timeout)
