"""Where ``sdkgen publish`` uploads to: an index's upload URL, its simple API, credentials.

Credentials come from ``SDKGEN_PUBLISH_USERNAME`` / ``SDKGEN_PUBLISH_PASSWORD``; for AWS
CodeArtifact, from boto3 (``get_authorization_token``, user ``aws``); otherwise twine asks the
system keyring, and the index is read with what the keyring has for its URL. They are never
printed, logged or written.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from generator.config import CodeArtifact, FleetConfig, endpoint_url_problem
from generator.errors import SdkgenError, UsageError
from generator.publish.index import Credentials
from generator.sources.aws_errors import one_line
from generator.sources.clients import make_client, shown_endpoint

USERNAME_ENV_VAR = "SDKGEN_PUBLISH_USERNAME"
PASSWORD_ENV_VAR = "SDKGEN_PUBLISH_PASSWORD"
CODEARTIFACT_USERNAME = "aws"
CODEARTIFACT_TOKEN_SECONDS = 900  # the shortest CodeArtifact allows: publishing is quick


@dataclass(frozen=True)
class Target:
    """An index to publish to."""

    repository_url: str  # where uploads go (twine's --repository-url)
    index_url: str  # its simple API
    credentials: Credentials | None  # None: twine asks the keyring
    label: str  # how it is named in messages (no credentials)


def index_url_for(repository_url: str) -> str:
    """The usual simple-API address of an upload URL: ``<repository_url>/simple/``
    (pypiserver, Artifactory, Nexus, GitLab, CodeArtifact; devpi needs ``index_url``)."""
    return repository_url.rstrip("/") + "/simple/"


def _env_credentials(environ: Mapping[str, str]) -> Credentials | None:
    username = environ.get(USERNAME_ENV_VAR, "")
    password = environ.get(PASSWORD_ENV_VAR, "")
    if not username and not password:
        return None
    if not (username and password):
        missing = USERNAME_ENV_VAR if not username else PASSWORD_ENV_VAR
        raise UsageError(f"{missing} is not set (set both, or neither to use the keyring)")
    return Credentials(username, password)


def _keyring_credentials(url: str) -> Credentials | None:
    """What the system keyring holds for ``url`` (as twine looks it up), if anything."""
    try:
        keyring = importlib.import_module("keyring")
        found = keyring.get_credential(url, None)
    except Exception:  # no keyring module or backend: read anonymously
        return None
    if found is None or not found.username or not found.password:
        return None
    return Credentials(str(found.username), str(found.password))


@contextlib.contextmanager
def _no_body_logging() -> Iterator[None]:
    """botocore logs response bodies at DEBUG, which would put the token in the logs."""
    quiet = [logging.getLogger(name) for name in ("botocore.parsers", "botocore.endpoint")]
    saved = [logger.level for logger in quiet]
    for logger in quiet:
        logger.setLevel(max(logger.getEffectiveLevel(), logging.INFO))
    try:
        yield
    finally:
        for logger, level in zip(quiet, saved, strict=True):
            logger.setLevel(level)


def codeartifact_target(
    settings: CodeArtifact, default_region: str | None, *, client: Any = None
) -> Target:
    """The repository's pypi endpoint and a fresh token (boto3's standard credential chain)."""
    from botocore.exceptions import BotoCoreError, ClientError

    where = f"CodeArtifact {settings.domain}/{settings.repository}"
    owner = {"domainOwner": settings.domain_owner} if settings.domain_owner else {}
    try:
        if client is None:
            client = make_client(
                "codeartifact",
                region=settings.region or default_region,
                profile=settings.profile,
                endpoint_url=None,
            )
        with _no_body_logging():
            token = client.get_authorization_token(
                domain=settings.domain, durationSeconds=CODEARTIFACT_TOKEN_SECONDS, **owner
            )["authorizationToken"]
        endpoint = client.get_repository_endpoint(
            domain=settings.domain, repository=settings.repository, format="pypi", **owner
        )["repositoryEndpoint"]
    except ClientError as exc:
        error = exc.response.get("Error", {})
        raise SdkgenError(
            f"{where}: {error.get('Code', 'error')}: {one_line(str(error.get('Message', '')))}"
        ) from None
    except BotoCoreError as exc:
        raise SdkgenError(f"{where}: {one_line(str(exc))}") from None
    endpoint = str(endpoint)
    return Target(
        repository_url=endpoint,
        index_url=index_url_for(endpoint),
        credentials=Credentials(CODEARTIFACT_USERNAME, str(token)),
        label=f"{where} ({shown_endpoint(endpoint)})",
    )


def resolve_target(
    config: FleetConfig,
    *,
    repository_url: str | None,
    index_url: str | None,
    environ: Mapping[str, str],
    codeartifact_client: Any = None,
) -> Target | None:
    """The target the options and ``[tool.sdkgen.publish]`` name; None when neither does."""
    for flag, value in (("--repository-url", repository_url), ("--index-url", index_url)):
        problem = endpoint_url_problem(value) if value else None
        if problem:
            raise UsageError(f"{flag} {problem}")
    publish = config.publish
    if repository_url is None and publish is not None and publish.codeartifact is not None:
        target = codeartifact_target(
            publish.codeartifact, config.region, client=codeartifact_client
        )
        if index_url or publish.index_url:
            target = Target(
                target.repository_url,
                str(index_url or publish.index_url),
                target.credentials,
                target.label,
            )
        return target
    url = repository_url or (publish.repository_url if publish is not None else None)
    if url is None:
        if publish is not None:
            raise UsageError(
                f"{config.root / 'pyproject.toml'} [tool.sdkgen.publish]: set repository_url "
                "or a codeartifact table (or pass --repository-url)"
            )
        return None
    simple = index_url or (publish.index_url if publish is not None else None)
    credentials = _env_credentials(environ) or _keyring_credentials(url)
    return Target(url, simple or index_url_for(url), credentials, shown_endpoint(url))
