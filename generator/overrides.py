"""What a team says about its client's surface without editing the export: names and pagination.

In pyproject.toml, per API (or, for names, in a file given to ``sdkgen generate --names``)::

    [tool.sdkgen.apis.orders.names]
    "PUT /orders/{orderId}" = "orders.replace"        # an operation: resource path and method
    "GET /orders/{orderId}/items" = "orders.line_items.list"

    [tool.sdkgen.apis.orders.names.resources]
    "orders.items" = "orders.line_items"              # a resource (its operations move along)

    [tool.sdkgen.apis.orders.names.models]
    "NewOrder" = "OrderRequest"                       # a components.schemas name, or any
    "/components/schemas/Order/properties/shippingAddress" = "Address"   # model's pointer

    [tool.sdkgen.apis.orders.pagination]
    "GET /orders" = { kind = "token", param = "nextToken", next = "nextToken", items = "items" }
    "GET /reports" = false                            # not paginated, whatever it looks like

Operations are written ``METHOD /path`` as in the document (``ANY`` for API Gateway's
any-method). Here only the shape of each entry is checked (one line per problem, naming the
entry); whether an operation, resource or model exists, and whether a name is free, is checked
against the document when the client is built (:mod:`generator.builder.names`).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from generator.errors import UsageError
from generator.naming import is_identifier

METHODS = ("GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE", "ANY")
PAGINATION_KINDS = ("token", "cursor", "key", "page", "offset", "url")
_PAGINATION_KEYS = {"kind", "param", "next", "items", "start"}
_NAMES_TABLES = {"resources", "models"}


@dataclass(frozen=True)
class PaginationSetting:
    """A declared pagination: how the next page is asked for, where the items are.

    ``param``: the query parameter carrying the token, cursor, key, page number or offset
    (not for ``url``); ``next``: the response member holding the next token, key or URL
    (dotted for a nested one: ``meta.next_cursor``); ``items``: the response member holding
    the items (dotted; ``""``: the response is the list; absent: its one list member).
    """

    kind: str
    param: str | None = None
    next: tuple[str, ...] = ()
    items: tuple[str, ...] | None = None
    start: int = 1


@dataclass(frozen=True)
class Overrides:
    """Names and pagination the team chose, by operation (``METHOD /path``), resource (dotted
    path) and model (schema name or pointer)."""

    operations: dict[str, tuple[tuple[str, ...], str]] = field(default_factory=dict)
    resources: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)
    models: dict[str, str] = field(default_factory=dict)
    pagination: dict[str, PaginationSetting | None] = field(default_factory=dict)  # None: off
    source: str = "names"  # where the names come from, for messages
    pagination_source: str = "pagination"  # where the pagination entries come from

    def __bool__(self) -> bool:
        return bool(self.operations or self.resources or self.models or self.pagination)

    def fingerprint(self) -> Any:
        """A JSON-able form (part of the fleet's cache key)."""
        return {
            "operations": sorted((k, list(v[0]), v[1]) for k, v in self.operations.items()),
            "resources": sorted((list(k), list(v)) for k, v in self.resources.items()),
            "models": sorted(self.models.items()),
            "pagination": sorted(
                (k, None if v is None else [v.kind, v.param, list(v.next), v.items, v.start])
                for k, v in self.pagination.items()
            ),
        }


NO_OVERRIDES = Overrides()


def operation_key(text: str, where: str) -> str:
    """``METHOD /path`` checked and normalized (upper-case method, one space)."""
    method, _, path = text.strip().partition(" ")
    method, path = method.upper(), path.strip()
    if method not in METHODS or not path.startswith("/"):
        raise UsageError(
            f"{where}: {text!r} is not an operation; write it as METHOD /path, e.g. "
            '"GET /orders/{orderId}"'
        )
    return f"{method} {path}"


def dotted_name(text: object, where: str, *, what: str) -> tuple[str, ...]:
    """A dotted path of Python identifiers (``orders.items``)."""
    if not isinstance(text, str) or not text.strip():
        raise UsageError(f"{where}: {what} must be a non-empty string")
    parts = tuple(text.strip().split("."))
    for part in parts:
        if not is_identifier(part) or part.startswith("_"):
            raise UsageError(
                f"{where}: {text!r}: {part!r} is not a usable Python name (letters, digits"
                " and '_', not starting with a digit or '_', not a keyword)"
            )
    return parts


def parse_names(table: Any, where: str) -> Overrides:
    """A names table: operation entries, and the ``resources`` and ``models`` tables."""
    if not isinstance(table, dict):
        raise UsageError(f"{where}: must be a table of names")
    operations: dict[str, tuple[tuple[str, ...], str]] = {}
    resources: dict[tuple[str, ...], tuple[str, ...]] = {}
    models: dict[str, str] = {}
    for key, value in table.items():
        if key in _NAMES_TABLES:
            continue
        op = operation_key(key, where)
        parts = dotted_name(value, f"{where} {key!r}", what="the name")
        if len(parts) < 2:
            raise UsageError(
                f"{where} {key!r}: {value!r} must name a resource and a method, e.g."
                ' "orders.replace"'
            )
        if op in operations:
            raise UsageError(f"{where}: {op!r} is named twice")
        operations[op] = (parts[:-1], parts[-1])
    raw_resources = table.get("resources", {})
    if not isinstance(raw_resources, dict):
        raise UsageError(f"{where}: 'resources' must be a table")
    for key, value in raw_resources.items():
        old = dotted_name(key, f"{where}.resources", what="a resource")
        resources[old] = dotted_name(value, f"{where}.resources {key!r}", what="the name")
    raw_models = table.get("models", {})
    if not isinstance(raw_models, dict):
        raise UsageError(f"{where}: 'models' must be a table")
    for key, value in raw_models.items():
        if not isinstance(value, str) or not is_identifier(value) or value.startswith("_"):
            raise UsageError(f"{where}.models {key!r}: {value!r} is not a usable Python class name")
        models[str(key)] = value
    return Overrides(operations, resources, models, source=where)


def _path(value: Any, where: str, key: str) -> tuple[str, ...]:
    if not isinstance(value, str):
        raise UsageError(f"{where}: {key!r} must be a string")
    return tuple(part for part in value.split(".") if part)


def parse_pagination(table: Any, where: str) -> dict[str, PaginationSetting | None]:
    if not isinstance(table, dict):
        raise UsageError(f"{where}: must be a table of operations")
    found: dict[str, PaginationSetting | None] = {}
    for key, value in table.items():
        op = operation_key(key, where)
        here = f"{where} {key!r}"
        if value is False:
            found[op] = None
            continue
        if not isinstance(value, dict):
            raise UsageError(f"{here}: must be false or a table (kind, param, next, items)")
        unknown = sorted(set(value) - _PAGINATION_KEYS)
        if unknown:
            raise UsageError(
                f"{here}: unknown key(s) {', '.join(unknown)} "
                f"(known: {', '.join(sorted(_PAGINATION_KEYS))})"
            )
        kind = value.get("kind")
        if kind not in PAGINATION_KINDS:
            raise UsageError(f"{here}: 'kind' must be one of {', '.join(PAGINATION_KINDS)}")
        param = value.get("param")
        if kind != "url" and (not isinstance(param, str) or not param):
            raise UsageError(f"{here}: 'param' (the query parameter) is required for {kind!r}")
        if kind == "url" and param is not None:
            raise UsageError(f"{here}: 'param' does not apply to 'url' (the URL holds it)")
        next_path = _path(value.get("next", ""), here, "next")
        if kind in ("token", "cursor", "key", "url") and not next_path:
            raise UsageError(f"{here}: 'next' (the response member) is required for {kind!r}")
        items = _path(value["items"], here, "items") if "items" in value else None
        start = value.get("start", 1)
        if not isinstance(start, int) or isinstance(start, bool):
            raise UsageError(f"{here}: 'start' must be an integer")
        found[op] = PaginationSetting(kind, param, next_path, items, start)
    return found


def with_pagination(
    overrides: Overrides, pagination: dict[str, PaginationSetting | None], where: str
) -> Overrides:
    """``overrides`` with the pagination entries read from ``where`` (named in messages)."""
    return replace(overrides, pagination=pagination, pagination_source=where)


def read_names_file(path: Path) -> Overrides:
    """``sdkgen generate --names FILE``: a TOML file holding a names table at its top level."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"--names {path}: no such file") from None
    except (IsADirectoryError, UnicodeDecodeError):
        raise UsageError(f"--names {path}: not a TOML text file") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"--names {path}: invalid TOML: {exc}") from None
    return parse_names(data, f"--names {path.name}")
