"""Servers: the base URL and, for API Gateway, the stage."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from generator import ir
from generator.builder.context import Problems, omission
from generator.spec.diagnostics import Diagnostic, pointer
from generator.url_credentials import strip_credentials

_UNUSABLE_URL = re.compile(r"\$\{|<[^>]*>|\{[^}]*\}")


def servers(doc: Mapping[str, Any]) -> tuple[list[ir.Server], Problems, Problems]:
    """Usable servers, notes for the others (clients must then pass base_url), and the parts
    of server URLs that may hold a credential and are left out (omissions)."""
    raw = doc.get("servers")
    result: list[ir.Server] = []
    notes: Problems = []
    omitted: Problems = []
    if not isinstance(raw, list):
        return result, notes, omitted
    for index, server in enumerate(raw):
        if not isinstance(server, dict) or not isinstance(server.get("url"), str):
            continue
        built, dropped = server_without_credentials(server, index)
        omitted += dropped
        if built is None:
            notes.append(
                Diagnostic(
                    pointer("servers", index),
                    "warning",
                    "unusable-server-url",
                    f"server url {strip_credentials(server['url'])[0]!r} is not a usable URL "
                    "(placeholders); clients must pass base_url",
                )
            )
            continue
        result.append(built)
    return result, notes, omitted


def server_without_credentials(
    server: Mapping[str, Any], index: int
) -> tuple[ir.Server | None, Problems]:
    """The server, its URLs without user info, query string or fragment (reported)."""
    url, dropped = strip_credentials(str(server["url"]))
    built = server_of({**server, "url": url}) if url else None
    if built is not None:  # variables' defaults can bring their own
        clean, more = strip_credentials(built.url)
        dropped += [part for part in more if part not in dropped]
        template, _ = strip_credentials(built.stage_template or "")
        built = ir.Server(clean, built.stage, template or None) if clean else None
    if not dropped:
        return built, []
    return built, [
        omission(
            pointer("servers", index, "url"),
            "server-url-credentials",
            f"the server url's {' and '.join(dropped)} may hold a credential: not copied "
            f"into the client (default base URL: {built.url if built else 'none'})",
        )
    ]


def server_of(server: Mapping[str, Any]) -> ir.Server | None:
    url = str(server["url"])
    if "${" in url:  # CloudFormation / Terraform placeholders
        return None
    variables = server.get("variables") if isinstance(server.get("variables"), dict) else {}
    assert isinstance(variables, dict)
    stage: str | None = None
    stage_template: str | None = None
    template = url
    for name, var in variables.items():
        default = str(var.get("default", "")) if isinstance(var, dict) else ""
        if name == "basePath":
            stage = default.strip("/") or None
            template = template.replace("{basePath}", "{stage}")
        template = template.replace("{" + name + "}", default) if name != "basePath" else template
        url = url.replace("{" + name + "}", default)
    url = url.rstrip("/")
    if stage is not None:
        stage_template = template.rstrip("/")
    else:
        match = re.match(r"^(https?://[^/]+\.execute-api\.[^/]+\.amazonaws\.com)/([^/]+)$", url)
        if match:
            stage = match.group(2)
            stage_template = match.group(1) + "/{stage}"
    if _UNUSABLE_URL.search(url):
        return None
    if not url.startswith(("http://", "https://")):
        return None
    return ir.Server(url=url, stage=stage, stage_template=stage_template)
