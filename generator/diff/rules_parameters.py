"""Request parameters: path, query, header and cookie.

Path-level and operation-level parameters are merged first (the operation's win), so moving a
parameter between the two levels changes nothing. Within one list the first declaration of a
parameter counts (the normalizer appends a plain string declaration for path variables it
believes undeclared, which happens when the real one is a ``$ref``). Parameters are matched by
location and name (header names case-insensitively); path parameters by their position in the
path template, so a renamed path variable is the same parameter (reported by
``request-path-parameter-renamed``).

Removing a query, header or cookie parameter is a ``warning``, as in oasdiff: API Gateway and
most servers ignore parameters they do not know, so old callers keep working, but the parameter
no longer does anything. (The generated method loses the keyword argument too, which the
client-surface rules report as breaking.)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.diff.catalog import change
from generator.diff.context import DiffContext, text_of
from generator.diff.match import OperationPair, OpView
from generator.diff.model import Change
from generator.diff.resolve import Resolver
from generator.spec.normalize import template_variables

LOCATIONS = ("path", "query", "header", "cookie")
_DEFAULT_STYLE = {"path": "simple", "query": "form", "header": "simple", "cookie": "form"}

ParamKey = tuple[str, str]


@dataclass(frozen=True)
class Param:
    location: str
    name: str
    node: dict[str, Any]

    @property
    def required(self) -> bool:
        return self.location == "path" or self.node.get("required") is True

    @property
    def where(self) -> str:
        return f"{self.location} parameter {self.name!r}"

    @property
    def schema(self) -> Any:
        schema = self.node.get("schema")
        if schema is None and isinstance(self.node.get("content"), dict):
            media = next(iter(self.node["content"].values()), None)
            schema = media.get("schema") if isinstance(media, dict) else None
        return schema


def effective_parameters(view: OpView, resolver: Resolver) -> dict[ParamKey, Param]:
    """The parameters of an operation (path-level merged in), keyed for matching."""
    variables = template_variables(view.path)
    merged: dict[ParamKey, Param] = {}
    for source in (view.path_item.get("parameters"), view.operation.get("parameters")):
        if not isinstance(source, list):
            continue
        level: set[ParamKey] = set()
        for raw in source:
            param = resolver.mapping(raw)
            name, location = param.get("name"), param.get("in")
            if not isinstance(name, str) or location not in LOCATIONS:
                continue
            key = param_key(location, name, variables)
            if key not in level:  # a duplicate in one list: the first one counts
                level.add(key)
                merged[key] = Param(location, name, param)
    return merged


def param_key(location: str, name: str, variables: list[str]) -> ParamKey:
    if location == "path" and name in variables:
        return ("path", f"#{variables.index(name)}")
    if location == "header":
        return ("header", name.lower())
    return (location, name)


def compare_parameters(ctx: DiffContext, pair: OperationPair) -> list[Change]:
    assert pair.base is not None and pair.revision is not None
    old = effective_parameters(pair.base, ctx.base_resolver)
    new = effective_parameters(pair.revision, ctx.revision_resolver)
    changes: list[Change] = []

    def add(rule_id: str, text: str) -> None:
        changes.append(change(rule_id, text, operation=pair.label, path=pair.path))

    removed = [key for key in old if key not in new]
    added = [key for key in new if key not in old]
    for key in list(removed):
        moved = _moved(old[key], [new[k] for k in added])
        if moved is not None:
            add(
                "request-parameter-location-changed",
                f"{old[key].where} moved to the {moved.location} ({moved.name!r})",
            )
            removed.remove(key)
            added.remove(param_key(moved.location, moved.name, []))
    for key in removed:
        add("request-parameter-removed", f"{old[key].where} removed")
    for key in added:
        param = new[key]
        if param.required:
            add("request-parameter-added-required", f"required {param.where} added")
        else:
            add("request-parameter-added-optional", f"optional {param.where} added")
    for key, before in old.items():
        after = new.get(key)
        if after is not None:
            changes.extend(_compare_one(ctx, pair, before, after))
    return changes


def _moved(param: Param, candidates: list[Param]) -> Param | None:
    if param.location == "path":
        return None
    for candidate in candidates:
        if candidate.location not in ("path", param.location) and (
            candidate.name.lower() == param.name.lower()
        ):
            return candidate
    return None


def _compare_one(ctx: DiffContext, pair: OperationPair, old: Param, new: Param) -> list[Change]:
    changes: list[Change] = []

    def add(rule_id: str, text: str) -> None:
        changes.append(change(rule_id, text, operation=pair.label, path=pair.path))

    if new.required and not old.required:
        add("request-parameter-became-required", f"{new.where} became required")
    elif old.required and not new.required:
        add("request-parameter-became-optional", f"{new.where} became optional")
    old_deprecated = old.node.get("deprecated") is True
    new_deprecated = new.node.get("deprecated") is True
    if new_deprecated and not old_deprecated:
        add("request-parameter-deprecated", f"{new.where} deprecated")
    elif old_deprecated and not new_deprecated:
        add("request-parameter-reactivated", f"{new.where} no longer deprecated")
    old_style, new_style = _serialization(old), _serialization(new)
    if old_style != new_style and (
        _structured(ctx.base_mapping(old.schema)) or _structured(ctx.revision_mapping(new.schema))
    ):
        add(
            "request-parameter-serialization-changed",
            f"{new.where} serialization changed from {_show_style(old_style)} "
            f"to {_show_style(new_style)}",
        )
    before, after = text_of(old.node.get("description")), text_of(new.node.get("description"))
    if before != after:
        verb = "added" if before is None else "removed" if after is None else "changed"
        add("request-parameter-description-changed", f"{new.where}: description {verb}")
    changes.extend(
        ctx.compare_schemas(
            old.schema,
            new.schema,
            direction="request",
            place="request-parameter",
            where=new.where,
            pair=pair,
        )
    )
    return changes


def _serialization(param: Param) -> tuple[str, bool]:
    style = param.node.get("style")
    style = style if isinstance(style, str) else _DEFAULT_STYLE[param.location]
    explode = param.node.get("explode")
    return style, explode if isinstance(explode, bool) else style == "form"


def _show_style(style: tuple[str, bool]) -> str:
    return f"style {style[0]!r}{', exploded' if style[1] else ''}"


def _structured(schema: dict[str, Any]) -> bool:
    kind = schema.get("type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(k in ("array", "object") for k in kinds) or "items" in schema
