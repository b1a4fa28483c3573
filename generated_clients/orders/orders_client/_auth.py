"""Credentials on requests: API keys, tokens (Cognito, Lambda, JWT, OAuth 2, basic); SigV4 is
applied by the transport (`_sigv4`) to the request exactly as it is sent."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._serialize import check_header_value, cookie_value, query_part
from ._types import Token

if TYPE_CHECKING:
    from ._config import ClientConfig
    from ._operation import Operation
    from ._request import PreparedRequest


def token_value(token: Token | None, prefix: str) -> str | None:
    if token is None:
        return None
    value = token() if callable(token) else token
    if not value:
        return None
    if prefix and not value.lower().startswith(prefix.lower()):
        value = prefix + value
    return value


def apply_auth(config: ClientConfig, op: Operation[object], request: PreparedRequest) -> None:
    """Send each credential an operation's requirements name and the client holds.

    API Gateway exports "authorizer AND API key" as two requirement objects, which OpenAPI
    reads as OR: every scheme named by any alternative is applied when its credential is set.
    Where two schemes put their credential in the same header, query parameter or cookie, the
    first one named wins (the generator warns about such documents).
    """
    applied: set[str] = set()
    placed: set[tuple[str, str]] = set()
    token: str | None = None
    token_read = False
    all_sigv4 = bool(op.security)
    for alternative in op.security:
        names_sigv4 = False
        for key in alternative:
            scheme = config.schemes.get(key)
            if scheme is None:
                continue
            if scheme.kind == "sigv4":
                names_sigv4 = True
                continue
            if key in applied:
                continue
            applied.add(key)
            if scheme.kind == "api_key":
                value = config.api_key
            else:
                if not token_read:  # a token callable is called once per request
                    token = token_value(config.token, "")
                    token_read = True
                value = token_value(token, scheme.prefix)
            if value is None:
                continue
            where = (scheme.location, scheme.name.lower())
            if where in placed:
                continue
            placed.add(where)
            what = "API key" if scheme.kind == "api_key" else "token"
            if scheme.location == "query":
                request.query.append(f"{query_part(scheme.name)}={query_part(value)}")
            elif scheme.location == "cookie":
                cookie = f"{scheme.name}={cookie_value(value)}"
                current = request.header("Cookie")
                request.set_header("Cookie", f"{current}; {cookie}" if current else cookie)
            else:
                check_header_value(scheme.name, value, what)
                request.set_header(scheme.name, value)
        request.sign = request.sign or names_sigv4
        all_sigv4 = all_sigv4 and names_sigv4
    request.sign_required = all_sigv4
