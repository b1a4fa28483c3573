"""Every error a generated client raises: all are `APIError`s."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from ._logs import safe_headers, safe_url

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "InternalServerError",
    "InvalidRequestError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseTooLargeError",
    "UnprocessableEntityError",
]


class APIError(Exception):
    """Base of every error this client raises.

    ``request`` is the request as logs show it: credentials in its URL and headers replaced
    (the request sent is ``response.request`` where there is a response).
    """

    def __init__(self, message: str, *, request: httpx.Request | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.request = None if request is None else _redacted(request)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r})"


def _redacted(request: httpx.Request) -> httpx.Request:
    return httpx.Request(
        request.method, safe_url(request.url), headers=safe_headers(request.headers)
    )


class InvalidRequestError(APIError, ValueError):
    """The call's arguments cannot make a request the operation declares (a path value that
    would move the request elsewhere, a header value that is not ASCII, a list holding
    ``None``...). Raised before anything is sent."""


class APIConnectionError(APIError):
    """The request never got a response (DNS, refused connection, reset, TLS)."""


class APITimeoutError(APIConnectionError):
    """The request timed out (including a response that took longer than the timeout)."""


class APIResponseError(APIError):
    """A response that came back but cannot be used: ``status_code``, ``headers`` and
    ``request_id`` say which one."""

    def __init__(self, message: str, *, response: httpx.Response) -> None:
        super().__init__(message, request=response.request)
        self.response = response
        self.status_code = response.status_code
        self.headers = response.headers
        self.request_id: str | None = response.headers.get("x-amzn-requestid")

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status_code={self.status_code}, message={self.message!r},"
            f" request_id={self.request_id!r})"
        )


class APIResponseValidationError(APIResponseError):
    """A 2xx whose body is not what the operation declares: not JSON, the wrong shape, empty
    where a value is declared, nested too deep, or in a ``Content-Encoding`` that fails."""


class ResponseTooLargeError(APIResponseError):
    """The response body is larger than the client's ``max_response_size``."""


class APIStatusError(APIResponseError):
    """The API answered with a 4xx or 5xx status.

    ``error_type`` is API Gateway's ``x-amzn-ErrorType`` (e.g. ``ForbiddenException``);
    ``request_id`` its ``x-amzn-RequestId``; ``body`` the parsed body (the documented error
    model where there is one).
    """

    def __init__(self, message: str, *, response: httpx.Response, body: object) -> None:
        super().__init__(message, response=response)
        self.error_type: str | None = error_type_of(response.headers, body)
        self.body = body

    @property
    def missing_authentication_token(self) -> bool:
        """API Gateway's 403 "Missing Authentication Token": no such path or method on the
        stage, or an unsigned request to an IAM-authorized method."""
        return self.status_code == 403 and (
            self.error_type == "MissingAuthenticationTokenException"
            or message_of(self.body) == "Missing Authentication Token"
        )

    @property
    def retry_after(self) -> float | None:
        """Seconds the server asked to wait (``Retry-After``), if it said."""
        from ._retry import retry_after  # the retry policy reads these errors' bodies

        return retry_after(self.response)


class BadRequestError(APIStatusError):
    """400."""


class AuthenticationError(APIStatusError):
    """401: missing or invalid credentials."""


class PermissionDeniedError(APIStatusError):
    """403: forbidden, invalid API key, bad signature, or (API Gateway) a path or method that
    does not exist (see ``missing_authentication_token``)."""


class NotFoundError(APIStatusError):
    """404."""


class ConflictError(APIStatusError):
    """409."""


class UnprocessableEntityError(APIStatusError):
    """422."""


class RateLimitError(APIStatusError):
    """429: throttled ("Too Many Requests") or usage-plan quota used up ("Limit Exceeded")."""

    @property
    def quota_exceeded(self) -> bool:
        """The usage plan's quota is used up: retrying before the period ends will not help."""
        return is_quota_exceeded(self.body, self.error_type)

    @property
    def throttled(self) -> bool:
        """Rate or burst limit hit: retrying a moment later usually works."""
        return not self.quota_exceeded


class InternalServerError(APIStatusError):
    """5xx."""


STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def message_of(body: object) -> str | None:
    dump = getattr(body, "model_dump", None)
    if callable(dump):
        body = dump()
    if isinstance(body, Mapping):
        for key in ("message", "Message", "errorMessage"):
            value = body.get(key)
            if isinstance(value, str):
                return value
    return None


def error_type_of(headers: httpx.Headers, body: Any) -> str | None:
    """``x-amzn-ErrorType`` (without its ``:<namespace>`` suffix), else the body's ``__type``."""
    value = headers.get("x-amzn-errortype")
    if not value and isinstance(body, Mapping):
        raw = body.get("__type")
        value = raw.rsplit("#", 1)[-1] if isinstance(raw, str) else None
    return value.split(":", 1)[0].strip() or None if value else None


def is_quota_exceeded(body: object, error_type: str | None) -> bool:
    return message_of(body) == "Limit Exceeded" or error_type == "LimitExceededException"
