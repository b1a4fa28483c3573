"""Servers: the base URL and, for API Gateway, the stage."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from generator import ir
from generator.builder.context import Problems
from generator.spec.diagnostics import Diagnostic, pointer

_UNUSABLE_URL = re.compile(r"\$\{|<[^>]*>|\{[^}]*\}")


def servers(doc: Mapping[str, Any]) -> tuple[list[ir.Server], Problems]:
    """Usable servers, and notes for the others (clients must then pass base_url)."""
    raw = doc.get("servers")
    result: list[ir.Server] = []
    notes: Problems = []
    if not isinstance(raw, list):
        return result, notes
    for index, server in enumerate(raw):
        if not isinstance(server, dict) or not isinstance(server.get("url"), str):
            continue
        built = server_of(server)
        if built is None:
            notes.append(
                Diagnostic(
                    pointer("servers", index),
                    "warning",
                    "unusable-server-url",
                    f"server url {server['url']!r} is not a usable URL (placeholders); "
                    "clients must pass base_url",
                )
            )
            continue
        result.append(built)
    return result, notes


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
