"""Server URLs of a document without what may be a credential.

A document's server URL becomes the generated client's default base URL (``_client.py``), is
shown in its README and compared by the diff (CHANGELOG). Any user info (``user:pass@host``) and
any query string (``?api_key=...``, ``?token=``, ``?sig=``: a base URL needs none) or fragment is
dropped before that, so a secret published in a document is never copied anywhere (the copy
of the document kept beside a generated package included). The caller reports what was
dropped, never the dropped text itself.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urlsplit, urlunsplit


def strip_credentials(url: str) -> tuple[str, list[str]]:
    """``url`` without user info, query string and fragment; and the names of the parts dropped."""
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an invalid IPv6 host: nothing to keep
        return "", ["the whole URL (it cannot be parsed)"]
    dropped: list[str] = []
    netloc = parts.netloc
    if "@" in netloc:
        netloc = netloc.rsplit("@", 1)[1]
        dropped.append("user info")
    if "?" in url.split("#", 1)[0]:  # even an empty one
        dropped.append("query string")
    if "#" in url:
        dropped.append("fragment")
    if not dropped:
        return url, []
    return urlunsplit((parts.scheme, netloc, parts.path, "", "")), dropped


def server_lists(document: Mapping[str, Any]) -> Iterator[list[Any]]:
    """Every ``servers`` list of an OpenAPI 3 document: the root's, each path item's and each
    operation's."""
    for holder in (document, *_path_items_and_operations(document)):
        servers = holder.get("servers")
        if isinstance(servers, list):
            yield servers


def _path_items_and_operations(document: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    paths = document.get("paths")
    for item in paths.values() if isinstance(paths, Mapping) else ():
        if isinstance(item, Mapping):
            yield item
            yield from (op for op in item.values() if isinstance(op, Mapping))


def _variables(server: Mapping[str, Any]) -> Mapping[str, Any]:
    variables = server.get("variables")
    return variables if isinstance(variables, Mapping) else {}


def _with_defaults(server: Mapping[str, Any]) -> str:
    url = str(server["url"])
    for name, variable in _variables(server).items():
        default = variable.get("default", "") if isinstance(variable, Mapping) else ""
        url = url.replace("{" + str(name) + "}", str(default))
    return url


def _clean_part(text: str) -> str:
    """A piece of a URL (a variable's default) without user info, query string or fragment."""
    return text.rsplit("@", 1)[-1].split("?", 1)[0].split("#", 1)[0]


def holds_server_credentials(document: Mapping[str, Any]) -> bool:
    """Whether a server URL of ``document`` (variables' defaults included), or a Swagger 2.0
    ``host``, may hold a credential."""
    host = document.get("host")
    if isinstance(host, str) and "@" in host:
        return True
    return any(
        isinstance(server, Mapping)
        and isinstance(server.get("url"), str)
        and bool(strip_credentials(_with_defaults(server))[1])
        for servers in server_lists(document)
        for server in servers
    )


def drop_server_credentials(document: dict[str, Any]) -> None:
    """Remove, in place, what may be a credential from every server URL of ``document`` and
    from its variables' defaults (and the user info of a Swagger 2.0 ``host``)."""
    host = document.get("host")
    if isinstance(host, str) and "@" in host:
        document["host"] = _clean_part(host)
    for servers in server_lists(document):
        for server in servers:
            if not isinstance(server, dict) or not isinstance(server.get("url"), str):
                continue
            server["url"] = strip_credentials(server["url"])[0]
            for variable in _variables(server).values():
                if isinstance(variable, dict) and isinstance(variable.get("default"), str):
                    variable["default"] = _clean_part(variable["default"])
