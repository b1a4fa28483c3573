"""boto3 clients for API Gateway with sdkgen's retry and user-agent settings."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from generator import __version__

RETRY_MODE = "standard"
MAX_ATTEMPTS = 10  # botocore's `max_attempts` counts retries: 11 tries in all
USER_AGENT_EXTRA = f"sdkgen/{__version__}"
_AWS_DOMAINS = (".amazonaws.com", ".amazonaws.com.cn", ".api.aws")


def make_client(
    service: str, *, region: str | None, profile: str | None, endpoint_url: str | None
) -> Any:
    """A client for ``service`` from a fresh session (``profile``, ``region``).

    ``endpoint_url=None`` leaves the endpoint to boto3, which honours ``AWS_ENDPOINT_URL`` and
    ``AWS_ENDPOINT_URL_<SERVICE>``. Raises botocore's own exceptions (``ProfileNotFound``,
    ``NoRegionError``); callers translate them.
    """
    session_class = importlib.import_module("boto3.session").Session
    config_class = importlib.import_module("botocore.config").Config
    session = session_class(profile_name=profile, region_name=region)
    config = config_class(
        retries={"mode": RETRY_MODE, "max_attempts": MAX_ATTEMPTS},
        user_agent_extra=USER_AGENT_EXTRA,
    )
    return session.client(service, endpoint_url=endpoint_url, config=config)


def shown_endpoint(url: str) -> str:
    """``scheme://host[:port]`` of ``url``: no credentials, path or query ever printed."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        # Not parseable (say, an unescaped '/' in a password): keep what follows the last '@'.
        scheme, _, rest = url.rpartition("://")
        authority = rest.rpartition("@")[2].split("/")[0].split("?")[0].split("#")[0]
        return f"{scheme}://{authority}" if scheme else authority
    if ":" in host:
        host = f"[{host}]"
    return f"{parts.scheme}://{host}{port}" if parts.scheme else host


def client_endpoint(client: Any) -> str:
    """The endpoint ``client`` talks to, safe to print."""
    return shown_endpoint(str(client.meta.endpoint_url))


def client_region(client: Any) -> str | None:
    region = client.meta.region_name
    return str(region) if region else None


def is_aws_endpoint(url: str) -> bool:
    """Whether ``url`` is one of AWS's own endpoints (not an emulator)."""
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return False
    return host.endswith(_AWS_DOMAINS)


@dataclass(frozen=True)
class ClientSettings:
    region: str | None
    profile: str | None
    endpoint_url: str | None


@dataclass
class ClientCache:
    """One client per (service, settings), so a fleet pull reuses connections and listings."""

    _clients: dict[tuple[str, ClientSettings], Any] = field(default_factory=dict)

    def get(self, service: str, settings: ClientSettings) -> Any:
        key = (service, settings)
        if key not in self._clients:
            self._clients[key] = make_client(
                service,
                region=settings.region,
                profile=settings.profile,
                endpoint_url=settings.endpoint_url,
            )
        return self._clients[key]
