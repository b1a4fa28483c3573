"""Document-wide changes: server URLs (the client's default base URL and stage), title and
description. ``info.version`` is not compared: it changes with every release by design."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from generator.diff.catalog import change
from generator.diff.context import text_of
from generator.diff.model import Change
from generator.diff.sources import Side
from generator.url_credentials import strip_credentials


def server_urls(document: dict[str, Any]) -> list[str]:
    """Server URLs with variables replaced by their defaults, without a trailing slash, and
    without what may be a credential (user info, query string: never compared or printed)."""
    urls: list[str] = []
    servers = document.get("servers")
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


def compare_servers(base: Side, revision: Side) -> list[Change]:
    old, new = server_urls(base.document), server_urls(revision.document)
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
                change(
                    "api-base-path-changed",
                    f"base path of {origin} changed from {old_path!r} to {new_path!r}",
                )
            )
            removed.remove(url)
            added.remove(partner)
    changes.extend(change("api-server-removed", f"server {url!r} removed") for url in removed)
    changes.extend(change("api-server-added", f"server {url!r} added") for url in added)
    return changes


def compare_info(base: Side, revision: Side) -> list[Change]:
    changes: list[Change] = []
    old_info = base.document.get("info") if isinstance(base.document.get("info"), dict) else {}
    new_info = revision.document.get("info")
    new_info = new_info if isinstance(new_info, dict) else {}
    assert isinstance(old_info, dict)
    old_title, new_title = text_of(old_info.get("title")), text_of(new_info.get("title"))
    if old_title != new_title:
        changes.append(
            change("api-title-changed", f"title changed from {old_title!r} to {new_title!r}")
        )
    before, after = text_of(old_info.get("description")), text_of(new_info.get("description"))
    if before != after:
        verb = "added" if before is None else "removed" if after is None else "changed"
        changes.append(change("api-description-changed", f"API description {verb}"))
    return changes
