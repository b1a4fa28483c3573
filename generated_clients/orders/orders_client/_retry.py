"""When to retry, and how long to wait first."""

from __future__ import annotations

import re
import time

import httpx

from ._exceptions import error_type_of, is_quota_exceeded

RETRY_STATUSES = frozenset({429, 502, 503, 504})
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"})
INITIAL_RETRY_DELAY = 0.5  # seconds before the first retry; doubles each time, with jitter
MAX_RETRY_DELAY = 8.0  # cap of the exponential backoff
MAX_RETRY_AFTER = 60.0  # a longer Retry-After is not waited for: the error is raised instead
# compiled by ``re`` on first use (most programs never see a Retry-After)
_DIGITS = r"[0-9]{1,10}"  # ASCII only (str.isdigit also takes other scripts)
_HTTP_DATE = r"[A-Za-z]{3,9},? [ 0-9A-Za-z:-]+"  # IMF-fixdate, RFC 850, asctime


def retry_after(response: httpx.Response | None) -> float | None:
    """Seconds the server asked to wait: ``Retry-After`` as RFC 9110 defines it (delta-seconds,
    ASCII digits only, or an HTTP-date), else ``retry-after-ms`` (digits). Anything else
    (``nan``, negatives, ``1_0``, fractions, other digits) is ignored."""
    if response is None:
        return None
    header = response.headers.get("retry-after-ms")
    if header and re.fullmatch(_DIGITS, header.strip()):
        return int(header.strip()) / 1000
    header = response.headers.get("retry-after")
    if not header:
        return None
    header = header.strip()
    if re.fullmatch(_DIGITS, header):
        return float(int(header))
    if not header.isascii() or not re.fullmatch(_HTTP_DATE, header):
        return None
    import email.utils  # only for a Retry-After given as a date

    try:
        parsed = email.utils.parsedate_to_datetime(header)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if parsed.tzinfo is None:
        return None
    return max(0.0, parsed.timestamp() - time.time())


def retry_delay(attempt: int, response: httpx.Response | None) -> float:
    """Seconds to wait before retry number ``attempt`` (1-based): Retry-After, else backoff."""
    server = retry_after(response)
    if server is not None and server <= MAX_RETRY_AFTER:
        return server
    backoff: float = min(INITIAL_RETRY_DELAY * 2.0 ** (attempt - 1), MAX_RETRY_DELAY)
    import random  # only when retrying

    return backoff * (1 - 0.25 * random.random())


def should_retry(
    method: str,
    idempotent: bool | None,
    response: httpx.Response | None,
    attempt: int,
    max_retries: int,
    retry_non_idempotent: bool = False,
) -> bool:
    """Whether attempt number ``attempt`` (1-based) may be followed by another."""
    if response is not None and response.status_code not in RETRY_STATUSES:
        return False  # the common case first: a final answer
    if attempt > max_retries:
        return False
    if idempotent is None:
        idempotent = retry_non_idempotent or method in IDEMPOTENT_METHODS
    if not idempotent:
        return False
    if response is None:
        return True  # connection error or timeout
    if response.headers.get("x-should-retry") == "false":
        return False
    if response.status_code == 429:
        body = None
        if response.content:
            import json

            try:
                body = json.loads(response.content)
            except (ValueError, RecursionError):
                body = None
        if is_quota_exceeded(body, error_type_of(response.headers, body)):
            return False
    server = retry_after(response)
    return server is None or server <= MAX_RETRY_AFTER
