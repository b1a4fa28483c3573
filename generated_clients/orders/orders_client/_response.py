"""From an ``httpx.Response`` to what a method returns or raises: typed values, typed errors."""

from __future__ import annotations

import contextvars
import functools
import json
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, Generic, cast

import httpx
import pydantic

from ._exceptions import (
    STATUS_ERRORS,
    APIResponseValidationError,
    APIStatusError,
    InternalServerError,
    error_type_of,
    message_of,
)
from ._operation import Operation, resolve_type
from ._serialize import adapter
from ._types import RESPONSE_CONTEXT, P, T


def _lookup_status(table: Mapping[str, Any], status: int) -> tuple[bool, Any]:
    key = str(status)
    if key not in table:  # the exact status first: the common case, without more formatting
        for key in (f"{status // 100}XX", f"{status // 100}xx", "default"):
            if key in table:
                break
        else:
            return False, None
    return True, resolve_type(table[key])


def _invalid(response: httpx.Response, what: str) -> APIResponseValidationError:
    return APIResponseValidationError(
        f"{response.status_code} response to {response.request.method}"
        f" {response.request.url.path}: {what}",
        response=response,
    )


def decode_any(response: httpx.Response) -> Any:
    """A body of undeclared type: JSON when it says so (its text if it is not JSON), text for
    ``text/*``, else bytes; None when empty."""
    content = response.content
    if not content:
        return None
    content_type = response.headers.get("content-type", "")
    if "json" in content_type:
        try:
            return json.loads(content)
        except ValueError:
            return response.text
        except RecursionError:
            raise _invalid(response, "the JSON body is nested too deeply") from None
    return response.text if content_type.startswith("text/") else content


def _validation_summary(exc: pydantic.ValidationError) -> str:
    errors = exc.errors(include_url=False, include_input=False)
    if not errors:
        return "invalid"
    where = ".".join(str(part) for part in errors[0]["loc"]) or "the body"
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"{where}: {errors[0]['msg']}{more}"


def decode(response: httpx.Response, type_: Any) -> Any:
    """The body as ``type_``; `APIResponseValidationError` when it is not one."""
    if type_ is Any:
        return decode_any(response)
    if type_ is None:
        return None
    content = response.content
    if type_ is bytes:
        return content
    if type_ is str:
        return response.text
    checked = adapter(type_)
    if not content:
        try:
            return checked.validate_python(None, context=RESPONSE_CONTEXT)
        except pydantic.ValidationError:
            raise _invalid(response, "the body is empty, but the operation declares one") from None
    try:
        return checked.validate_json(content, context=RESPONSE_CONTEXT)
    except pydantic.ValidationError as exc:
        raise _invalid(
            response, "the body does not match the declared type: " + _validation_summary(exc)
        ) from exc
    except (ValueError, RecursionError) as exc:
        raise _invalid(response, f"the body cannot be read ({type(exc).__name__})") from None


def parse_response(op: Operation[T], response: httpx.Response) -> T:
    status = response.status_code
    if not 200 <= status < 300:
        raise make_status_error(op, response)
    if op.returns_any:
        return cast(T, decode_any(response))
    return cast(T, decode(response, _success_type(op, status)))


_UNRESOLVED = object()


def _success_type(op: Operation[Any], status: int) -> Any:
    """The type of a ``status`` body, looked up and resolved once per operation and status."""
    type_ = op.resolved_types.get(status, _UNRESOLVED)
    if type_ is _UNRESOLVED:
        known, type_ = _lookup_status(op.success, status)
        if not known:  # a 2xx the document does not list: what the method says it returns
            type_ = resolve_type(op.returns)
        op.resolved_types[status] = type_
    return type_


def _hint(status: int, message: str, error_type: str | None, response: httpx.Response) -> str:
    where = f"{response.request.method} {response.request.url.path}"
    if status == 403 and (
        error_type == "MissingAuthenticationTokenException"
        or message == "Missing Authentication Token"
    ):
        return (
            f"API Gateway has no {where} on this stage (check the base URL, stage, path and"
            " method), or the method needs IAM authorization and the request is unsigned"
        )
    if status == 403 and error_type == "InvalidSignatureException":
        return "the SigV4 signature was rejected: check the AWS secret key, region and clock"
    if status == 403 and message == "Forbidden":
        return "the API key is missing or invalid, or not in a usage plan for this stage"
    if status == 429:
        if message == "Limit Exceeded" or error_type == "LimitExceededException":
            return "the usage plan's quota is used up until its period ends (not retried)"
        return "throttled by API Gateway; slow down or retry later"
    if status == 401:
        return "the authorizer rejected the request: missing, expired or invalid token"
    return ""


def _error_body(response: httpx.Response, type_: Any) -> Any:
    try:
        return decode(response, type_)
    except APIResponseValidationError:
        try:
            return decode_any(response)
        except APIResponseValidationError:
            return response.text


def make_status_error(op: Operation[Any], response: httpx.Response) -> APIStatusError:
    status = response.status_code
    known, type_ = _lookup_status(op.errors, status)
    body = _error_body(response, type_ if known and type_ is not None else Any)
    message = message_of(body)
    if message is None:
        raw = _error_body(response, Any) if known and type_ is not None else body
        message = message_of(raw) or response.reason_phrase or "error"
    error_type = error_type_of(response.headers, body)
    text = f"{status} {message}"
    if error_type:
        text += f" ({error_type})"
    hint = _hint(status, message, error_type, response)
    if hint:
        text += f": {hint}"
    cls = STATUS_ERRORS.get(status, InternalServerError if status >= 500 else APIStatusError)
    return cls(text, response=response, body=body)


class RawResponse(Generic[T]):
    """A successful response before parsing: ``status_code``, ``headers``, ``request_id``,
    ``http_response`` (the ``httpx.Response``); ``parse()`` gives what the method returns."""

    def __init__(
        self,
        response: httpx.Response,
        op: Operation[Any],
        retries_taken: int = 0,
        wrap: Callable[[Any], T] | None = None,
    ) -> None:
        self.http_response = response
        self.retries_taken = retries_taken
        self._op = op
        self._wrap = wrap  # makes the method's value of the parsed body (a page)
        self._parsed: tuple[T] | None = None

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def request_id(self) -> str | None:
        value: str | None = self.http_response.headers.get("x-amzn-requestid")
        return value

    @property
    def content(self) -> bytes:
        return self.http_response.content

    @property
    def text(self) -> str:
        return self.http_response.text

    @property
    def elapsed(self) -> float:
        """Seconds the last attempt took."""
        return self.http_response.elapsed.total_seconds()

    def json(self) -> Any:
        return self.http_response.json()

    def parse(self) -> T:
        if self._parsed is None:
            parsed = parse_response(self._op, self.http_response)
            self._parsed = (self._wrap(parsed) if self._wrap is not None else parsed,)
        return self._parsed[0]

    def __repr__(self) -> str:
        request = self.http_response.request
        return f"<RawResponse [{self.status_code}] {request.method} {request.url.path}>"


RAW_RESPONSE: contextvars.ContextVar[bool] = contextvars.ContextVar("raw_response", default=False)


def to_raw_response(func: Callable[P, T]) -> Callable[P, RawResponse[T]]:
    """The method ``func``, returning a `RawResponse` instead of the parsed value."""

    @functools.wraps(func)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
        reset = RAW_RESPONSE.set(True)
        try:
            return cast(RawResponse[T], func(*args, **kwargs))
        finally:
            RAW_RESPONSE.reset(reset)

    return wrapped


def to_raw_response_async(
    func: Callable[P, Awaitable[T]],
) -> Callable[P, Awaitable[RawResponse[T]]]:
    """The async method ``func``, returning a `RawResponse` instead of the parsed value."""

    @functools.wraps(func)
    async def wrapped(*args: P.args, **kwargs: P.kwargs) -> RawResponse[T]:
        reset = RAW_RESPONSE.set(True)
        try:
            return cast(RawResponse[T], await func(*args, **kwargs))
        finally:
            RAW_RESPONSE.reset(reset)

    return wrapped
