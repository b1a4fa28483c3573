"""Server URLs: the client's default base URL and stage, for the whole API (root ``servers``)
and for the operations that override it (path-level or operation-level ``servers``).

URLs are compared with their variables replaced by their defaults and without a trailing
slash. A server removed is a warning (callers configured with its URL, or relying on it as the
default, must move); one whose host stays but whose path (API Gateway's stage) changes is
reported as a base path change. An operation that inherits the root servers on both sides is
covered by the ``api-*`` changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from generator.diff.match import OperationPair
from generator.diff.model import Change
from generator.diff.rule import Rule, emit
from generator.diff.sources import Side
from generator.url_credentials import strip_credentials

API_SERVER_ADDED = Rule("api-server-added", "info", "a server URL was added")
API_SERVER_REMOVED = Rule(
    "api-server-removed", "warning", "a server URL was removed; default base URLs may change"
)
API_BASE_PATH_CHANGED = Rule(
    "api-base-path-changed", "warning", "the base path / stage of a server URL changed"
)
OPERATION_SERVER_ADDED = Rule(
    "operation-server-added", "info", "an operation (or its path) declares another server URL"
)
OPERATION_SERVER_REMOVED = Rule(
    "operation-server-removed",
    "warning",
    "a server URL of an operation (or its path) was removed",
)
OPERATION_BASE_PATH_CHANGED = Rule(
    "operation-base-path-changed",
    "warning",
    "the base path / stage of an operation's (or its path's) server URL changed",
)

RULES = (
    API_SERVER_ADDED,
    API_SERVER_REMOVED,
    API_BASE_PATH_CHANGED,
    OPERATION_SERVER_ADDED,
    OPERATION_SERVER_REMOVED,
    OPERATION_BASE_PATH_CHANGED,
)


def server_urls(servers: Any) -> list[str]:
    """Server URLs with variables replaced by their defaults, without a trailing slash, and
    without what may be a credential (user info, query string: never compared or printed)."""
    urls: list[str] = []
    for server in servers if isinstance(servers, list) else []:
        if not isinstance(server, dict) or not isinstance(server.get("url"), str):
            continue
        url = server["url"]
        variables = server.get("variables")
        if isinstance(variables, dict):
            for name, variable in variables.items():
                default = variable.get("default", "") if isinstance(variable, dict) else ""
                url = url.replace("{" + str(name) + "}", str(default))
        url = strip_credentials(url)[0].rstrip("/") or "/"
        if url not in urls:
            urls.append(url)
    return urls


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""


def _compare(
    old: list[str],
    new: list[str],
    make: Callable[[Rule, str], Change],
    rules: tuple[Rule, Rule, Rule],
) -> list[Change]:
    added_rule, removed_rule, moved_rule = rules
    removed = [u for u in old if u not in new]
    added = [u for u in new if u not in old]
    changes: list[Change] = []
    for url in list(removed):
        origin = _origin(url)
        partner = next((u for u in added if origin and _origin(u) == origin), None)
        if partner is not None:
            old_path = url[len(origin) :] or "/"
            new_path = partner[len(origin) :] or "/"
            changes.append(
                make(moved_rule, f"base path of {origin} changed from {old_path!r} to {new_path!r}")
            )
            removed.remove(url)
            added.remove(partner)
    changes.extend(make(removed_rule, f"server {url!r} removed") for url in removed)
    changes.extend(make(added_rule, f"server {url!r} added") for url in added)
    return changes


def compare_root(base: Side, revision: Side) -> list[Change]:
    return _compare(
        server_urls(base.document.get("servers")),
        server_urls(revision.document.get("servers")),
        lambda rule, text: emit(rule, text),
        (API_SERVER_ADDED, API_SERVER_REMOVED, API_BASE_PATH_CHANGED),
    )


def _own_servers(path_item: dict[str, Any], operation: dict[str, Any]) -> Any:
    if "servers" in operation:
        return operation["servers"]
    return path_item.get("servers")


def compare_operation(base: Side, revision: Side, pair: OperationPair) -> list[Change]:
    assert pair.base is not None and pair.revision is not None
    old_own = _own_servers(pair.base.path_item, pair.base.operation)
    new_own = _own_servers(pair.revision.path_item, pair.revision.operation)
    if old_own is None and new_own is None:
        return []  # both inherit the root servers: compared once, at the root
    old = server_urls(old_own if old_own is not None else base.document.get("servers"))
    new = server_urls(new_own if new_own is not None else revision.document.get("servers"))
    return _compare(
        old,
        new,
        lambda rule, text: emit(rule, text, operation=pair.label, path=pair.path),
        (OPERATION_SERVER_ADDED, OPERATION_SERVER_REMOVED, OPERATION_BASE_PATH_CHANGED),
    )
