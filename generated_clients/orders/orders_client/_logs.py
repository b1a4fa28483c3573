"""Logging, and keeping credentials out of every log line: the client's own and those of the
libraries it drives (httpx, httpcore, botocore), whatever level the application sets."""

from __future__ import annotations

import logging
import os
import re
import sys
from collections.abc import Iterable
from urllib.parse import unquote

import httpx

log = logging.getLogger(__name__.rsplit(".", 1)[0])

REDACTED = "<redacted>"
# Names whose values are credentials; each client adds its API key's query/header name.
SECRET_HEADERS: set[str] = {
    "authorization",
    "proxy-authorization",
    "x-api-key",
    "cookie",
    "set-cookie",
    "x-amz-security-token",
}
SECRET_QUERY: set[str] = {
    "access_token",
    "api_key",
    "apikey",
    "code",
    "id_token",
    "key",
    "password",
    "secret",
    "signature",
    "token",
}
# Loggers of the libraries a client drives that print URLs, headers or signing material.
LIBRARY_LOGGERS = (
    "httpx",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
    "botocore.auth",
    "botocore.endpoint",
)


def add_secret_names(headers: Iterable[str], query: Iterable[str]) -> None:
    SECRET_HEADERS.update(name.lower() for name in headers)
    SECRET_QUERY.update(name.lower() for name in query)


def is_secret_query(name: str) -> bool:
    lowered = name.lower()
    return lowered in SECRET_QUERY or lowered.startswith("x-amz-")


# Patterns as text: ``re`` compiles each on first use and keeps it (compiling them all when
# the package is imported would cost more than a call; most programs never log).
_QUERY_PAIR = r"([?&;])([^=&#\s\"'<>]+)=([^&#\s\"']*)"
_USERINFO = r"(\b[a-zA-Z][a-zA-Z0-9+.-]*://)[^/?#@\s]+@"
_HEADER_LINE = r"(?m)^([A-Za-z0-9!#$%&'*+.^_`|~-]+):[ \t]*(.*)$"
_BYTES_PAIR = r"\(b'([^']+)', b'((?:[^'\\]|\\.)*)'\)"
_SIGNATURE = r"(Signature[=:]\s*)[0-9a-fA-F]{16,}"
_CREDENTIAL = r"(Credential=)[^,\s]+"


def redact_text(text: str) -> str:
    """``text`` with credentials replaced: query values of secret names, URL userinfo,
    ``name: value`` lines and ``(b'name', b'value')`` pairs of secret headers, signatures."""
    if "://" in text:
        text = re.sub(_USERINFO, r"\1" + REDACTED + "@", text)
    if "=" in text:
        text = re.sub(_QUERY_PAIR, _query_pair, text)
        text = re.sub(_CREDENTIAL, r"\1" + REDACTED, text)
    if ":" in text:
        text = re.sub(_HEADER_LINE, _header_line, text)
    if "(b'" in text:
        text = re.sub(_BYTES_PAIR, _bytes_pair, text)
    if "Signature" in text:
        text = re.sub(_SIGNATURE, r"\1" + REDACTED, text)
    return text


def _query_pair(match: re.Match[str]) -> str:
    if is_secret_query(unquote(match.group(2))):
        return f"{match.group(1)}{match.group(2)}={REDACTED}"
    return match.group(0)


def _header_line(match: re.Match[str]) -> str:
    if match.group(1).lower() in SECRET_HEADERS:
        return f"{match.group(1)}:{REDACTED}"
    return match.group(0)


def _bytes_pair(match: re.Match[str]) -> str:
    if match.group(1).lower() in SECRET_HEADERS:
        return f"(b'{match.group(1)}', b'{REDACTED}')"
    return match.group(0)


class RedactingFilter(logging.Filter):
    """Rewrites a record's message with `redact_text` (runs only for records that are
    emitted, so it costs nothing while those loggers are quiet)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: leave it to logging's own handling
            return True
        redacted = redact_text(message)
        if redacted != message:
            record.msg = redacted
            record.args = None
        return True


_FILTER = RedactingFilter()


def install_redaction() -> None:
    """Put the redacting filter on this package's logger and the libraries' (once)."""
    for name in (log.name, *LIBRARY_LOGGERS):
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)


class _StderrHandler(logging.Handler):
    """Writes to the current ``sys.stderr`` (not the one of the moment it was created)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            sys.stderr.write(self.format(record) + "\n")
        except Exception:
            self.handleError(record)


def configure_logging(env_prefix: str) -> None:
    """``<PREFIX>_LOG=debug|info`` turns this package's logger on, printing to stderr."""
    install_redaction()
    setting = (os.environ.get(f"{env_prefix}_LOG") or "").strip().lower()
    level = {"debug": logging.DEBUG, "info": logging.INFO}.get(setting)
    if level is None:
        return
    log.setLevel(level)
    if not any(isinstance(h, _StderrHandler) for h in log.handlers):
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
        log.addHandler(handler)


def safe_url(url: httpx.URL) -> str:
    """The URL with the values of credential-like query parameters (and any userinfo)
    replaced."""
    return redact_text(str(url))


def safe_headers(headers: httpx.Headers) -> dict[str, str]:
    return {
        name: REDACTED if name.lower() in SECRET_HEADERS else value
        for name, value in headers.items()
    }
