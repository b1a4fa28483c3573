"""Request parameters: path, query, header and cookie.

The parameters of an operation are the IR's (those the client sends and those it does not):
its effective ones (:mod:`generator.spec.operations`: the path item's merged with the
operation's, the operation's win, so moving a parameter between the two levels changes
nothing). Their schemas and ``x-sunset`` are read from the parameter objects. Parameters are
matched by location and name (header names case-insensitively); path parameters by their
position in the path template, so a renamed path variable is the same parameter (reported by
``request-path-parameter-renamed``).

Removing a query, header or cookie parameter is a ``warning``, as in oasdiff: API Gateway and
most servers ignore parameters they do not know, so old callers keep working, but the parameter
no longer does anything. A deprecated parameter removed before its ``x-sunset`` date is
breaking; after it, info. (The generated method loses the keyword argument too, which the
client-surface rules report as breaking.)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator import ir
from generator.diff.checks import lifecycle
from generator.diff.context import DiffContext
from generator.diff.findings import presence, text
from generator.diff.match import OperationPair, OpView
from generator.diff.model import Change
from generator.diff.resolve import Resolver
from generator.diff.rule import Rule, doc_rule, emit
from generator.spec.normalize import template_variables
from generator.spec.operations import PARAMETER_STYLES, parameter_identity

REQUEST_PARAMETER_ADDED_REQUIRED = Rule(
    "request-parameter-added-required", "breaking", "a required parameter was added"
)
REQUEST_PARAMETER_ADDED_OPTIONAL = Rule(
    "request-parameter-added-optional", "info", "an optional parameter was added"
)
REQUEST_PARAMETER_REMOVED = Rule(
    "request-parameter-removed", "warning", "a parameter was removed (the server ignores it)"
)
REQUEST_PARAMETER_REMOVED_BEFORE_SUNSET = Rule(
    "request-parameter-removed-before-sunset",
    "breaking",
    "a deprecated parameter was removed before its x-sunset date",
)
REQUEST_PARAMETER_REMOVED_AFTER_DEPRECATION = Rule(
    "request-parameter-removed-after-deprecation",
    "info",
    "a deprecated parameter was removed after its x-sunset date (or it had none)",
)
REQUEST_PARAMETER_BECAME_REQUIRED = Rule(
    "request-parameter-became-required", "breaking", "a parameter became required"
)
REQUEST_PARAMETER_BECAME_OPTIONAL = Rule(
    "request-parameter-became-optional", "info", "a parameter became optional"
)
REQUEST_PARAMETER_LOCATION_CHANGED = Rule(
    "request-parameter-location-changed", "breaking", "a parameter moved (e.g. query to header)"
)
REQUEST_PARAMETER_DEPRECATED = Rule(
    "request-parameter-deprecated", "info", "a parameter was deprecated"
)
REQUEST_PARAMETER_REACTIVATED = Rule(
    "request-parameter-reactivated", "info", "a parameter is no longer deprecated"
)
REQUEST_PARAMETER_SUNSET_INVALID = Rule(
    "request-parameter-sunset-invalid",
    "breaking",
    "a deprecated parameter's x-sunset is not a date",
)
REQUEST_PARAMETER_SUNSET_MISSING = Rule(
    "request-parameter-sunset-missing",
    "breaking",
    "a parameter was deprecated without the x-sunset date the policy requires",
)
REQUEST_PARAMETER_SUNSET_TOO_SOON = Rule(
    "request-parameter-sunset-too-soon",
    "breaking",
    "a parameter was deprecated with an x-sunset date closer than the policy allows",
)
REQUEST_PARAMETER_SUNSET_REMOVED = Rule(
    "request-parameter-sunset-removed",
    "breaking",
    "the x-sunset date of a deprecated parameter was removed",
)
REQUEST_PARAMETER_SUNSET_MOVED_EARLIER = Rule(
    "request-parameter-sunset-moved-earlier",
    "breaking",
    "the x-sunset date of a deprecated parameter moved earlier than the policy allows",
)
REQUEST_PARAMETER_SERIALIZATION_CHANGED = Rule(
    "request-parameter-serialization-changed", "warning", "parameter style/explode changed"
)
REQUEST_PARAMETER_DESCRIPTION_CHANGED = doc_rule(
    "request-parameter-description-changed", "a parameter description changed"
)

RULES: tuple[Rule, ...] = (
    REQUEST_PARAMETER_ADDED_REQUIRED,
    REQUEST_PARAMETER_ADDED_OPTIONAL,
    REQUEST_PARAMETER_REMOVED,
    REQUEST_PARAMETER_REMOVED_BEFORE_SUNSET,
    REQUEST_PARAMETER_REMOVED_AFTER_DEPRECATION,
    REQUEST_PARAMETER_BECAME_REQUIRED,
    REQUEST_PARAMETER_BECAME_OPTIONAL,
    REQUEST_PARAMETER_LOCATION_CHANGED,
    REQUEST_PARAMETER_DEPRECATED,
    REQUEST_PARAMETER_REACTIVATED,
    REQUEST_PARAMETER_SUNSET_INVALID,
    REQUEST_PARAMETER_SUNSET_MISSING,
    REQUEST_PARAMETER_SUNSET_TOO_SOON,
    REQUEST_PARAMETER_SUNSET_REMOVED,
    REQUEST_PARAMETER_SUNSET_MOVED_EARLIER,
    REQUEST_PARAMETER_SERIALIZATION_CHANGED,
    REQUEST_PARAMETER_DESCRIPTION_CHANGED,
)

_REMOVAL = {
    "removed": REQUEST_PARAMETER_REMOVED,
    "removed-before-sunset": REQUEST_PARAMETER_REMOVED_BEFORE_SUNSET,
    "removed-after-deprecation": REQUEST_PARAMETER_REMOVED_AFTER_DEPRECATION,
    "sunset-invalid": REQUEST_PARAMETER_SUNSET_INVALID,
}
_DEPRECATION = {
    "deprecated": REQUEST_PARAMETER_DEPRECATED,
    "reactivated": REQUEST_PARAMETER_REACTIVATED,
    "sunset-invalid": REQUEST_PARAMETER_SUNSET_INVALID,
    "sunset-missing": REQUEST_PARAMETER_SUNSET_MISSING,
    "sunset-too-soon": REQUEST_PARAMETER_SUNSET_TOO_SOON,
    "sunset-removed": REQUEST_PARAMETER_SUNSET_REMOVED,
    "sunset-moved-earlier": REQUEST_PARAMETER_SUNSET_MOVED_EARLIER,
}
ParamKey = tuple[str, str]


@dataclass(frozen=True)
class Param:
    """A parameter of an operation: the IR's (name, location, required, style, ...) and its
    parameter object (its schema, ``x-sunset``)."""

    ir: ir.Parameter
    node: dict[str, Any]

    @property
    def location(self) -> str:
        return self.ir.location

    @property
    def name(self) -> str:
        return self.ir.wire_name

    @property
    def required(self) -> bool:
        return self.ir.required

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

    @property
    def serialization(self) -> tuple[str, bool]:
        """OpenAPI ``style`` (the location's default when not given) and ``explode``."""
        return self.ir.style or PARAMETER_STYLES[self.location][0], self.ir.explode


def parameters_of(view: OpView, resolver: Resolver) -> dict[ParamKey, Param]:
    """The parameters an operation declares (the IR's: those the client sends and those it
    does not), keyed for matching."""
    assert view.ir is not None
    variables = template_variables(view.path)
    return {
        param_key(p.location, p.wire_name, variables): Param(p, resolver.at(p.pointer))
        for p in (*view.ir.parameters, *view.ir.unsent)
    }


def param_key(location: str, name: str, variables: list[str]) -> ParamKey:
    """Path parameters by position in the template, the others by location and name."""
    if location == "path" and name in variables:
        return ("path", f"#{variables.index(name)}")
    return parameter_identity(location, name)


def compare_parameters(ctx: DiffContext, pair: OperationPair) -> list[Change]:
    assert pair.base is not None and pair.revision is not None
    old = parameters_of(pair.base, ctx.base_resolver)
    new = parameters_of(pair.revision, ctx.revision_resolver)
    changes: list[Change] = []

    def add(rule: Rule, detail: str) -> None:
        changes.append(emit(rule, detail, operation=pair.label, path=pair.path))

    removed = [key for key in old if key not in new]
    added = [key for key in new if key not in old]
    for key in list(removed):
        moved = _moved(old[key], [new[k] for k in added])
        if moved is not None:
            add(
                REQUEST_PARAMETER_LOCATION_CHANGED,
                f"{old[key].where} moved to the {moved.location} ({moved.name!r})",
            )
            removed.remove(key)
            added.remove(param_key(moved.location, moved.name, []))
    for key in removed:
        verdict, detail = lifecycle.removal_verdict(old[key].node, ctx.options)
        add(_REMOVAL[verdict], f"{old[key].where} {detail}")
    for key in added:
        param = new[key]
        if param.required:
            add(REQUEST_PARAMETER_ADDED_REQUIRED, f"required {param.where} added")
        else:
            add(REQUEST_PARAMETER_ADDED_OPTIONAL, f"optional {param.where} added")
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

    def add(rule: Rule, detail: str) -> None:
        changes.append(emit(rule, detail, operation=pair.label, path=pair.path))

    if new.required and not old.required:
        add(REQUEST_PARAMETER_BECAME_REQUIRED, f"{new.where} became required")
    elif old.required and not new.required:
        add(REQUEST_PARAMETER_BECAME_OPTIONAL, f"{new.where} became optional")
    for verdict, detail in lifecycle.deprecation_verdicts(old.node, new.node, ctx.options):
        add(_DEPRECATION[verdict], f"{new.where} {detail}")
    old_style, new_style = old.serialization, new.serialization
    if old_style != new_style and (
        _structured(ctx.base_mapping(old.schema)) or _structured(ctx.revision_mapping(new.schema))
    ):
        add(
            REQUEST_PARAMETER_SERIALIZATION_CHANGED,
            f"{new.where} serialization changed from {_show_style(old_style)} "
            f"to {_show_style(new_style)}",
        )
    before, after = text(old.ir.description), text(new.ir.description)
    if before != after:
        add(
            REQUEST_PARAMETER_DESCRIPTION_CHANGED,
            f"{new.where}: description {presence(before, after)}",
        )
    changes.extend(
        ctx.compare_schemas(
            old.schema, new.schema, place="request-parameter", where=new.where, pair=pair
        )
    )
    return changes


def _show_style(style: tuple[str, bool]) -> str:
    return f"style {style[0]!r}{', exploded' if style[1] else ''}"


def _structured(schema: dict[str, Any]) -> bool:
    kind = schema.get("type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(k in ("array", "object") for k in kinds) or "items" in schema
