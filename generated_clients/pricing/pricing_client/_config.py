"""A client's configuration: its arguments, else ``<PREFIX>_*`` variables, else the document."""

from __future__ import annotations

import base64
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote

import httpx

from ._headers import CommonHeaders, put_header
from ._logs import add_secret_names, configure_logging
from ._operation import SecurityScheme
from ._serialize import check_header_value
from ._types import NOT_GIVEN, AttemptLimits, AwsCredentials, NotGiven, Timeout, Token

if TYPE_CHECKING:
    from ._sigv4 import SigV4Signer


@dataclass(frozen=True)
class ClientConfig:
    """Everything a client was constructed with; ``with_options`` makes a changed copy."""

    base_url: str
    stage: str | None  # the stage the base URL points at, when it came from the document
    stage_template: str | None
    api_key: str | None
    token: Token | None
    headers: Mapping[str, str]
    timeout: Timeout
    max_retries: int
    retry_non_idempotent: bool
    user_agent: str
    schemes: Mapping[str, SecurityScheme]
    max_response_size: int | None = None
    signer: SigV4Signer | None = None
    _common_headers: dict[str | None, CommonHeaders] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __repr__(self) -> str:  # never show credentials
        return (
            f"ClientConfig(base_url={self.base_url!r}, timeout={self.timeout!r},"
            f" max_retries={self.max_retries!r})"
        )

    @cached_property
    def limits(self) -> AttemptLimits:
        """The default timeout as attempts use it, worked out on the first call."""
        return AttemptLimits(self.timeout)

    def common_headers(self, accept: str | None) -> CommonHeaders:
        """User-Agent, ``accept`` and the configured headers, built once per ``Accept``."""
        common = self._common_headers.get(accept)
        if common is None:
            headers = {"User-Agent": self.user_agent}
            if accept:
                headers["Accept"] = accept
            for name, value in self.headers.items():
                put_header(headers, name, value)
            common = self._common_headers[accept] = CommonHeaders(headers)
        return common

    def with_options(
        self,
        *,
        base_url: str | NotGiven = NOT_GIVEN,
        stage: str | NotGiven = NOT_GIVEN,
        api_key: str | NotGiven | None = NOT_GIVEN,
        token: Token | NotGiven | None = NOT_GIVEN,
        headers: Mapping[str, str] | NotGiven = NOT_GIVEN,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        retry_non_idempotent: bool | NotGiven = NOT_GIVEN,
        max_response_size: int | NotGiven | None = NOT_GIVEN,
        aws_credentials: AwsCredentials | NotGiven | None = NOT_GIVEN,
        aws_region: str | NotGiven | None = NOT_GIVEN,
    ) -> ClientConfig:
        changes: dict[str, Any] = {}
        merged_headers = dict(self.headers)
        if not isinstance(base_url, NotGiven):
            url, basic = split_base_url(base_url)
            changes.update(base_url=url, stage=None)
            if basic is not None:
                put_header(merged_headers, "Authorization", basic)
        elif not isinstance(stage, NotGiven):
            if self.stage_template is None:
                raise ValueError(
                    "this API's document does not say where the stage goes; pass base_url="
                )
            if self.stage is None:
                raise ValueError(
                    "this client has its own base_url; pass base_url= for another stage"
                )
            changes.update(base_url=_stage_url(self.stage_template, stage), stage=stage)
        if not isinstance(api_key, NotGiven):
            changes["api_key"] = _checked_credential(api_key)
        if not isinstance(token, NotGiven):
            changes["token"] = token
        if not isinstance(headers, NotGiven):
            for name, value in headers.items():
                put_header(merged_headers, name, value)
        if merged_headers != self.headers:
            changes["headers"] = _checked_headers(merged_headers)
        if not isinstance(timeout, NotGiven):
            changes["timeout"] = timeout
        if not isinstance(max_retries, NotGiven):
            changes["max_retries"] = max_retries
        if not isinstance(retry_non_idempotent, NotGiven):
            changes["retry_non_idempotent"] = retry_non_idempotent
        if not isinstance(max_response_size, NotGiven):
            changes["max_response_size"] = max_response_size
        if self.signer is not None and not (
            isinstance(aws_credentials, NotGiven) and isinstance(aws_region, NotGiven)
        ):
            from ._sigv4 import SigV4Signer

            changes["signer"] = SigV4Signer(
                self.signer.given_credentials
                if isinstance(aws_credentials, NotGiven)
                else aws_credentials,
                self.signer.given_region if isinstance(aws_region, NotGiven) else aws_region,
            )
        return replace(self, **changes)


def _stage_url(template: str, stage: str) -> str:
    return template.replace("{stage}", quote(stage, safe="")).rstrip("/")


def split_base_url(url: str) -> tuple[str, str | None]:
    """The base URL without userinfo, and the ``Authorization: Basic`` value the userinfo
    stood for (None without): a credential never stays in a URL, which logs, reprs and errors
    show. A query string or fragment is refused: every operation puts its own query there."""
    parsed = httpx.URL(url)
    if parsed.query or parsed.fragment or "?" in url or "#" in url:
        raise ValueError(
            "base_url must not hold a query string or a fragment: pass query parameters per"
            " call (extra_query=) or as an API key"
        )
    basic = None
    if parsed.userinfo:
        user, _, password = parsed.userinfo.decode("ascii").partition(":")
        pair = f"{unquote(user)}:{unquote(password)}".encode()
        basic = "Basic " + base64.b64encode(pair).decode("ascii")
        parsed = parsed.copy_with(username=None, password=None)
    return str(parsed).rstrip("/"), basic


def resolve_base_url(
    base_url: str | None,
    stage: str | None,
    env_prefix: str,
    default_url: str | None,
    stage_template: str | None,
    default_stage: str | None = None,
) -> tuple[str, str | None]:
    """The base URL and the stage it points at (None when unknown).

    Explicit ``base_url``; else ``stage`` placed in the document's server URL; else
    ``<PREFIX>_BASE_URL``; else the document's server URL.
    """
    if base_url is None and stage is not None:
        if stage_template is None:
            raise ValueError(
                "this API's document does not say where the stage goes; pass base_url="
            )
        return _stage_url(stage_template, stage), stage
    if base_url is None:
        base_url = os.environ.get(f"{env_prefix}_BASE_URL") or None
    if base_url is None and default_url:
        return default_url.rstrip("/"), default_stage
    if not base_url:
        raise ValueError(f"no base URL: pass base_url= or set {env_prefix}_BASE_URL")
    return base_url, None


def env_value(env_prefix: str, suffix: str) -> str | None:
    """``<PREFIX>_<SUFFIX>`` from the environment, empty meaning unset."""
    return os.environ.get(f"{env_prefix}_{suffix}") or None


def _checked_credential(value: str | None) -> str | None:
    if value is not None and (not value.isascii() or not value.isprintable()):
        raise ValueError("the API key holds characters that cannot be sent (only printable ASCII)")
    return value


def _checked_headers(headers: dict[str, str]) -> dict[str, str]:
    for name, value in headers.items():
        check_header_value(name, value)
    return headers


def make_config(
    *,
    env_prefix: str,
    user_agent: str,
    schemes: Mapping[str, SecurityScheme],
    default_url: str | None,
    stage_template: str | None,
    default_stage: str | None,
    base_url: str | None,
    stage: str | None,
    api_key: str | None,
    token: Token | None,
    headers: Mapping[str, str] | None,
    timeout: Timeout,
    max_retries: int,
    retry_non_idempotent: bool,
    max_response_size: int | None,
    aws_credentials: AwsCredentials | None = None,
    aws_region: str | None = None,
) -> ClientConfig:
    """A client's configuration: arguments, else ``<PREFIX>_*`` variables, else the document."""
    configure_logging(env_prefix)
    add_secret_names(
        (s.name for s in schemes.values() if s.location == "header"),
        (s.name for s in schemes.values() if s.location == "query"),
    )
    url, current_stage = resolve_base_url(
        base_url, stage, env_prefix, default_url, stage_template, default_stage
    )
    url, basic = split_base_url(url)
    all_headers = dict(headers or {})
    if basic is not None:
        put_header(all_headers, "Authorization", basic)
    signer = None
    if any(s.kind == "sigv4" for s in schemes.values()):
        from ._sigv4 import SigV4Signer

        signer = SigV4Signer(aws_credentials, aws_region)
    return ClientConfig(
        base_url=url,
        stage=current_stage,
        stage_template=stage_template,
        api_key=_checked_credential(
            api_key if api_key is not None else env_value(env_prefix, "API_KEY")
        ),
        token=token if token is not None else env_value(env_prefix, "TOKEN"),
        headers=_checked_headers(all_headers),
        timeout=timeout,
        max_retries=max_retries,
        retry_non_idempotent=retry_non_idempotent,
        user_agent=user_agent,
        schemes=schemes,
        max_response_size=max_response_size,
        signer=signer,
    )
