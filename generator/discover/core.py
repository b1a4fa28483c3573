"""``sdkgen discover``: list the account's REST and HTTP APIs and their stages, and write or
update ``[tool.sdkgen.apis.*]`` in pyproject.toml.

The file is edited with tomlkit, so everything else in it (comments, formatting, other tables)
stays as it was; an API already configured keeps every setting, and only gains the stages it
did not list. Nothing is ever removed. The new file is checked as a fleet configuration before
it atomically replaces the old one.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.items import Table

from generator.config import Kind, load_config
from generator.errors import SdkgenError, UsageError
from generator.sources.aws_errors import CallContext, aws_errors
from generator.sources.clients import ClientCache, ClientSettings, client_endpoint

Echo = Callable[[str], None]

# the stage clients are generated from, when an API has several: the first of these it has
PREFERRED_STAGES = ("prod", "production", "live", "main", "$default")
_KEY_CHARACTERS = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class Discovered:
    """An API of the account with its deployed stages."""

    kind: Kind
    id: str
    name: str
    stages: tuple[str, ...]
    tags: dict[str, str]


def parse_tags(values: Sequence[str]) -> dict[str, str]:
    tags = {}
    for value in values:
        key, sep, wanted = value.partition("=")
        if not sep or not key:
            raise UsageError(f"--tag {value!r}: expected KEY=VALUE")
        tags[key] = wanted
    return tags


def _rest_apis(client: Any) -> list[Discovered]:
    found = []
    for page in client.get_paginator("get_rest_apis").paginate():
        for item in page.get("items", []):
            api_id = str(item["id"])
            stages = client.get_stages(restApiId=api_id).get("item", [])
            found.append(
                Discovered(
                    "rest",
                    api_id,
                    str(item.get("name", "")),
                    tuple(sorted(str(s["stageName"]) for s in stages)),
                    {str(k): str(v) for k, v in (item.get("tags") or {}).items()},
                )
            )
    return found


def _http_apis(client: Any) -> list[Discovered]:
    found = []
    for page in client.get_paginator("get_apis").paginate():
        for item in page.get("Items", []):
            if item.get("ProtocolType") != "HTTP":
                continue  # WebSocket APIs have no OpenAPI export
            api_id = str(item["ApiId"])
            stages = [
                str(stage["StageName"])
                for stage_page in client.get_paginator("get_stages").paginate(ApiId=api_id)
                for stage in stage_page.get("Items", [])
            ]
            found.append(
                Discovered(
                    "http",
                    api_id,
                    str(item.get("Name", "")),
                    tuple(sorted(stages)),
                    {str(k): str(v) for k, v in (item.get("Tags") or {}).items()},
                )
            )
    return found


def list_apis(settings: ClientSettings, clients: ClientCache | None = None) -> list[Discovered]:
    """Every REST and HTTP API of the account and region, with their stages."""
    cache = clients or ClientCache()
    found: list[Discovered] = []
    for kind, service, lister in (
        ("rest", "apigateway", _rest_apis),
        ("http", "apigatewayv2", _http_apis),
    ):
        ctx = CallContext("rest" if kind == "rest" else "http", settings.region, "")
        with aws_errors(ctx, "creating the AWS client"):
            client = cache.get(service, settings)
        ctx = CallContext(ctx.kind, settings.region, client_endpoint(client))
        with aws_errors(ctx, f"listing {kind} APIs and their stages at {ctx.endpoint}"):
            found += lister(client)
    return found


# --- pyproject.toml -----------------------------------------------------------------------


def _key(name: str, api_id: str) -> str:
    key = _KEY_CHARACTERS.sub("-", name).strip("-._").lower()
    return key if key and key[0].isalnum() else api_id.lower()


def _generation_stage(stages: tuple[str, ...]) -> str:
    for preferred in PREFERRED_STAGES:
        if preferred in stages:
            return preferred
    return stages[0]


def _matches(key: str, entry: Any, api: Discovered) -> bool:
    kind = str(entry.get("kind", "rest"))
    ref = str(entry.get("api", key))
    return kind == api.kind and ref in (api.id, api.name)


def _table(apis: Any, path: str) -> Any:
    if not isinstance(apis, dict):
        raise UsageError(f"pyproject.toml: {path} must be a table")
    return apis


def update_document(
    text: str,
    found: Sequence[Discovered],
    *,
    region: str | None,
    profile: str | None,
    echo: Echo,
) -> str:
    """``text`` (a pyproject.toml) with ``found`` written into ``[tool.sdkgen.apis.*]``."""
    try:
        doc = tomlkit.parse(text)
    except tomlkit.exceptions.ParseError as exc:
        raise UsageError(f"pyproject.toml: invalid TOML: {exc}") from None
    tool = doc.get("tool")
    if tool is None:
        tool = tomlkit.table(is_super_table=True)
        doc.add("tool", tool)
    sdkgen = _table(tool, "[tool]").get("sdkgen")
    if sdkgen is None:
        sdkgen = tomlkit.table()
        sdkgen.add("source", "aws")
        if region:
            sdkgen.add("region", region)
        tool.add("sdkgen", sdkgen)
    apis = _table(sdkgen, "[tool.sdkgen]").get("apis")
    if apis is None:
        apis = tomlkit.table(is_super_table=True)
        sdkgen.add("apis", apis)
    apis = _table(apis, "[tool.sdkgen.apis]")
    fleet_region = sdkgen.get("region")
    for api in found:
        what = f"{api.kind} api {api.id} ({api.name})"
        if not api.stages:
            echo(f"{what}: no stage deployed; left out")
            continue
        existing = next((k for k, e in apis.items() if _matches(k, e, api)), None)
        if existing is not None:
            _update(existing, apis[existing], api, what, echo)
            continue
        key = _key(api.name, api.id)
        if key in apis:
            key = f"{key}-{api.id.lower()}"
        entry: Table = tomlkit.table()
        entry.add("package", f"{key}-client")
        entry.add("kind", api.kind)
        entry.add("api", api.id)
        entry.add("stages", list(api.stages))
        entry.add("stage", _generation_stage(api.stages))
        if region and region != fleet_region:
            entry.add("region", region)
        if profile:
            entry.add("profile", profile)
        entry.add(tomlkit.nl())
        apis.add(key, entry)
        echo(
            f"{what}: added [tool.sdkgen.apis.{key}], stages {', '.join(api.stages)}; clients "
            f"from {entry['stage']}"
        )
    return tomlkit.dumps(doc)


def _update(key: str, entry: Any, api: Discovered, what: str, echo: Echo) -> None:
    listed = list(entry.get("stages", [entry.get("stage", "prod")]))
    new = [stage for stage in api.stages if stage not in listed]
    gone = [stage for stage in listed if stage not in api.stages]
    if new:
        if "stages" in entry:
            entry["stages"].extend(new)
        else:
            entry["stages"] = [*listed, *new]
        echo(f"{what}: [tool.sdkgen.apis.{key}] gains stage(s) {', '.join(new)}")
    else:
        echo(f"{what}: [tool.sdkgen.apis.{key}] unchanged")
    if gone:
        echo(f"  note: {', '.join(gone)} listed but not deployed (left in the file)")


def _replace(path: Path, text: str) -> None:
    """Check ``text`` as a fleet configuration, then atomically put it at ``path``."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o7777)
        load_config(temporary, environ={})
        os.replace(temporary, path)
    except OSError as exc:
        raise SdkgenError(f"cannot write {path}: {exc.strerror}") from None
    finally:
        temporary.unlink(missing_ok=True)


def run_discover(
    pyproject: Path,
    *,
    settings: ClientSettings,
    tags: dict[str, str],
    dry_run: bool = False,
    echo: Echo = print,
    clients: ClientCache | None = None,
) -> int:
    if pyproject.is_dir():
        raise UsageError(f"{pyproject}: is a directory, expected pyproject.toml")
    try:
        text = pyproject.read_text(encoding="utf-8") if pyproject.exists() else ""
    except OSError as exc:
        raise UsageError(f"{pyproject}: cannot read ({exc.strerror})") from None
    listed = list_apis(settings, clients)
    found = [a for a in listed if all(a.tags.get(k) == v for k, v in tags.items())]
    shown = ", ".join(f"{k}={v}" for k, v in tags.items())
    echo(
        f"discover: {len(listed)} REST/HTTP API(s) in {settings.region or 'the default region'}"
        + (f", {len(found)} tagged {shown}" if tags else "")
    )
    updated = update_document(
        text, found, region=settings.region, profile=settings.profile, echo=echo
    )
    if updated == text:
        echo(f"{pyproject}: unchanged")
    elif dry_run:
        echo(f"{pyproject}: would be updated (dry run, nothing written)")
    else:
        _replace(pyproject, updated)
        echo(f"{pyproject}: updated")
    return 0
