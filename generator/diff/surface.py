"""The generated Python client's surface: what consumers type, import and call.

Operations are matched by method and path (see :mod:`generator.diff.match`) and their Python
names compared. Any rename is breaking for consumers even when the wire contract is unchanged:
an operationId ``getOrder`` -> ``fetchOrder`` renames ``client.orders.get``. A rename that keeps
the former name as a deprecated alias (a new naming scheme: :mod:`generator.builder.names`) is
not: the former name is ``client-method-deprecated`` (a warning), the new one
``client-method-added``.

Models: only *named* models (``components.schemas``) are a stable surface. A named model class
that disappears is ``client-model-removed`` (or ``client-model-renamed`` when its schema moved
to another name, or its class name changed). Models hoisted from inline schemas are named after
their operation (``GetOrderResponse``) and follow the method's name, so they are not reported
on their own: extracting an inline schema into a component reports nothing, inlining a
component reports the named model's removal. In the body and return types, a hoisted model
matches any model (only the shape is compared: ``list[X]`` vs ``X``, ``Any`` vs a model), while
two named models must have the same name. A body type may widen (``X`` -> ``X | None``: every
value callers pass still fits) and a return type may narrow (``X | None`` -> ``X``); the
opposite is ``client-*-type-changed``. ``Any`` is a type of its own here: a method that returned
parsed JSON (``Any``) and now returns a model (or the reverse) breaks callers at run time.

A method whose operation was deprecated and then removed is ``client-method-removed``: the wire
rules accept that removal (after the sunset date), the package's users still lose the method.
(An operation removed without deprecation is ``operation-removed``, breaking already.)

A keyword argument that disappears is ``client-argument-renamed`` when an argument of the same
place (path, query, header, cookie, body), type and requiredness appears instead, otherwise
``client-argument-removed``.

Parameter types are not compared here: the wire rules already report every change that alters a
parameter's Python type (type, format, enum).
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass

from generator import ir
from generator.diff.checks.parameters import param_key
from generator.diff.match import OperationPair
from generator.diff.model import Change
from generator.diff.rule import Rule, emit
from generator.diff.sources import Side
from generator.spec.normalize import template_variables

CLIENT_METHOD_REMOVED = Rule(
    "client-method-removed",
    "breaking",
    "the method of a deprecated operation that was removed is gone from the client",
)
CLIENT_METHOD_RENAMED = Rule("client-method-renamed", "breaking", "a client method was renamed")
CLIENT_METHOD_MOVED = Rule(
    "client-method-moved", "breaking", "a client method moved to another resource"
)
CLIENT_METHOD_ADDED = Rule(
    "client-method-added",
    "info",
    "a client method was added under a new name; its former name still works (deprecated)",
)
CLIENT_METHOD_DEPRECATED = Rule(
    "client-method-deprecated",
    "warning",
    "a client method was renamed and its former name kept as a deprecated alias: calls still"
    " work but warn (DeprecationWarning) and type checkers flag them",
)
CLIENT_ALIAS_REMOVED = Rule(
    "client-alias-removed",
    "breaking",
    "the deprecated former name of a client method was removed",
)
CLIENT_RESOURCE_RENAMED = Rule(
    "client-resource-renamed", "breaking", "a client resource attribute was renamed"
)
CLIENT_ARGUMENT_RENAMED = Rule(
    "client-argument-renamed", "breaking", "a method keyword argument was renamed"
)
CLIENT_ARGUMENT_REMOVED = Rule(
    "client-argument-removed", "breaking", "a method keyword argument was removed"
)
CLIENT_BODY_TYPE_CHANGED = Rule(
    "client-body-type-changed", "breaking", "the Python type of the request body changed"
)
CLIENT_RETURN_TYPE_CHANGED = Rule(
    "client-return-type-changed", "breaking", "the Python return type of a method changed"
)
CLIENT_MODEL_RENAMED = Rule("client-model-renamed", "breaking", "a named model class was renamed")
CLIENT_MODEL_REMOVED = Rule("client-model-removed", "breaking", "a named model class was removed")

RULES = (
    CLIENT_METHOD_REMOVED,
    CLIENT_METHOD_RENAMED,
    CLIENT_METHOD_ADDED,
    CLIENT_METHOD_DEPRECATED,
    CLIENT_ALIAS_REMOVED,
    CLIENT_METHOD_MOVED,
    CLIENT_RESOURCE_RENAMED,
    CLIENT_ARGUMENT_RENAMED,
    CLIENT_ARGUMENT_REMOVED,
    CLIENT_BODY_TYPE_CHANGED,
    CLIENT_RETURN_TYPE_CHANGED,
    CLIENT_MODEL_RENAMED,
    CLIENT_MODEL_REMOVED,
)

ArgKey = tuple[str, str]


@dataclass(frozen=True)
class _Argument:
    name: str
    location: str
    annotation: str
    required: bool

    def could_be(self, other: _Argument) -> bool:
        """Same place, type and requiredness: a rename rather than a removal and an addition."""
        return (self.location, self.annotation, self.required) == (
            other.location,
            other.annotation,
            other.required,
        )


def compare_surface(base: Side, revision: Side, pairs: list[OperationPair]) -> list[Change]:
    matched = [
        (pair, pair.base.ir, pair.revision.ir)
        for pair in pairs
        if pair.base is not None
        and pair.revision is not None
        and pair.base.ir is not None
        and pair.revision.ir is not None
    ]
    changes = _resources_and_methods(base.api, revision.api, matched)
    models = _Models(
        frozenset(name for _, name in base.api.schema_classes),
        frozenset(name for _, name in revision.api.schema_classes),
    )
    for pair, old, new in matched:
        changes.extend(_arguments(pair, old, new))
        changes.extend(_types(pair, old, new, models))
    changes.extend(_models(base, revision))
    changes.extend(_removed_methods(pairs))
    return changes


def _removed_methods(pairs: list[OperationPair]) -> list[Change]:
    """Methods of removed operations that were deprecated first (the wire rules do not call
    that removal breaking; for the package's users the method is gone all the same). A
    removal without deprecation is ``operation-removed``, breaking already."""
    changes: list[Change] = []
    for pair in pairs:
        old = pair.base
        if pair.revision is not None or old is None or old.ir is None:
            continue
        if old.ir.deprecated:
            text = f"{_method_path(old.ir)} removed (its operation was deprecated, then removed)"
            changes.append(emit(CLIENT_METHOD_REMOVED, text, operation=pair.label, path=pair.path))
    return changes


def _method_path(op: ir.Operation) -> str:
    return f"client.{op.resource}.{op.python_name}"


def _resources_and_methods(
    base: ir.Api, revision: ir.Api, matched: list[tuple[OperationPair, ir.Operation, ir.Operation]]
) -> list[Change]:
    base_names = {r.dotted for r in base.resources}
    revision_names = {r.dotted for r in revision.resources}
    targets: dict[str, set[str]] = {}
    for _, old, new in matched:
        targets.setdefault(old.resource, set()).add(new.resource)
    renamed: dict[str, str] = {}
    changes: list[Change] = []
    for old_name, new_names in sorted(targets.items()):
        if old_name in revision_names or len(new_names) != 1:
            continue
        (new_name,) = new_names
        if new_name not in base_names:
            renamed[old_name] = new_name
            changes.append(
                emit(
                    CLIENT_RESOURCE_RENAMED,
                    f"resource client.{old_name} renamed to client.{new_name}",
                )
            )
    old_aliases = _aliases(base)
    new_aliases = _aliases(revision)
    for pair, old, new in matched:
        kept = new_aliases.get(new.pointer, set())
        for alias in sorted(old_aliases.get(old.pointer, set()) - kept):
            if alias != (new.resource, new.python_name):
                text = f"client.{alias[0]}.{alias[1]} (deprecated) removed"
                changes.append(
                    emit(CLIENT_ALIAS_REMOVED, text, operation=pair.label, path=pair.path)
                )
        if (old.resource, old.python_name) in kept:
            changes.append(
                emit(
                    CLIENT_METHOD_DEPRECATED,
                    f"{_method_path(old)} is deprecated (it still works and warns);"
                    f" use {_method_path(new)}",
                    operation=pair.label,
                    path=pair.path,
                )
            )
            changes.append(
                emit(
                    CLIENT_METHOD_ADDED,
                    f"{_method_path(new)} added (the new name of {_method_path(old)})",
                    operation=pair.label,
                    path=pair.path,
                )
            )
            continue
        expected = renamed.get(old.resource, old.resource)
        if new.resource != expected:
            rule = CLIENT_METHOD_MOVED
            text = f"{_method_path(old)} moved to {_method_path(new)}"
        elif new.python_name != old.python_name:
            rule = CLIENT_METHOD_RENAMED
            text = f"{_method_path(old)} renamed to {_method_path(new)}"
        else:
            continue
        changes.append(emit(rule, text, operation=pair.label, path=pair.path))
    return changes


def _aliases(api: ir.Api) -> dict[str, set[tuple[str, str]]]:
    """The deprecated former names of each operation (by its pointer)."""
    found: dict[str, set[tuple[str, str]]] = {}
    for alias in api.aliases:
        found.setdefault(alias.target.pointer, set()).add((alias.resource, alias.name))
    return found


def _argument_map(op: ir.Operation) -> dict[ArgKey, _Argument]:
    variables = template_variables(op.path)
    arguments = {
        param_key(p.location, p.wire_name, variables): _Argument(
            p.python_name, p.location, p.type.annotation, p.required
        )
        for p in op.parameters
    }
    if op.body is not None:
        body = op.body
        arguments[("body", "")] = _Argument(
            body.python_name, "body", body.type.annotation, body.required
        )
    return arguments


def _arguments(pair: OperationPair, old: ir.Operation, new: ir.Operation) -> list[Change]:
    before, after = _argument_map(old), _argument_map(new)
    old_names = {a.name for a in before.values()}
    new_names = {a.name for a in after.values()}
    spare = [k for k in after if k not in before and after[k].name not in old_names]
    changes: list[Change] = []
    for key, argument in before.items():
        if argument.name in new_names:
            continue
        partner = after.get(key)
        if partner is None:
            candidate = next((k for k in spare if argument.could_be(after[k])), None)
            if candidate is not None:
                spare.remove(candidate)
                partner = after[candidate]
        method = _method_path(new)
        if partner is not None:
            rule = CLIENT_ARGUMENT_RENAMED
            text = f"{method}: argument {argument.name!r} renamed to {partner.name!r}"
        else:
            rule = CLIENT_ARGUMENT_REMOVED
            text = f"{method}: argument {argument.name!r} removed"
        changes.append(emit(rule, text, operation=pair.label, path=pair.path))
    return changes


def _union_members(annotation: str) -> list[str]:
    """Top-level members of a union annotation: ``list[A | B] | None`` -> two members."""
    members: list[str] = []
    depth, current = 0, ""
    for char in annotation:
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        if char == "|" and depth == 0:
            members.append(current.strip())
            current = ""
        else:
            current += char
    members.append(current.strip())
    return members


@dataclass(frozen=True)
class _Shape:
    """One union member with model names replaced by ``M``, and the names in order."""

    skeleton: str
    models: tuple[str, ...]


@functools.lru_cache(maxsize=4096)
def _model_pattern(models: frozenset[str]) -> re.Pattern[str] | None:
    names = sorted(models, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(n) for n in names) + r")\b") if names else None


def _shapes(type_ref: ir.TypeRef) -> list[_Shape]:
    pattern = _model_pattern(frozenset(type_ref.models))
    shapes: list[_Shape] = []
    for member in _union_members(type_ref.annotation):
        if pattern is None:
            shapes.append(_Shape(member, ()))
        else:
            shapes.append(_Shape(pattern.sub("M", member), tuple(pattern.findall(member))))
    return shapes


@dataclass(frozen=True)
class _Models:
    """The named model classes of each side; the others (hoisted from inline schemas) match
    any model."""

    base: frozenset[str]
    revision: frozenset[str]

    def same(self, old: _Shape, new: _Shape) -> bool:
        if old.skeleton != new.skeleton or len(old.models) != len(new.models):
            return False
        return all(
            a == b or a not in self.base or b not in self.revision
            for a, b in zip(old.models, new.models, strict=True)
        )


def _narrower(old: ir.TypeRef, new: ir.TypeRef, models: _Models) -> bool:
    """True when every member of ``new`` was already a member of ``old``."""
    if old == new:
        return True
    old_shapes = _shapes(old)
    return all(any(models.same(o, n) for o in old_shapes) for n in _shapes(new))


def _wider(old: ir.TypeRef, new: ir.TypeRef, models: _Models) -> bool:
    """True when every member of ``old`` is still a member of ``new``."""
    if old == new:
        return True
    new_shapes = _shapes(new)
    return all(any(models.same(o, n) for n in new_shapes) for o in _shapes(old))


def _types(
    pair: OperationPair, old: ir.Operation, new: ir.Operation, models: _Models
) -> list[Change]:
    """Body types may widen (callers' values still fit), return types may narrow."""
    changes: list[Change] = []
    method = _method_path(new)
    if (
        old.body is not None
        and new.body is not None
        and not _wider(old.body.type, new.body.type, models)
    ):
        changes.append(
            emit(
                CLIENT_BODY_TYPE_CHANGED,
                f"{method}: argument {new.body.python_name!r} type changed from "
                f"{old.body.type.annotation} to {new.body.type.annotation}",
                operation=pair.label,
                path=pair.path,
            )
        )
    if not _narrower(old.returns, new.returns, models):
        changes.append(
            emit(
                CLIENT_RETURN_TYPE_CHANGED,
                f"{method} now returns {new.returns.annotation} instead of "
                f"{old.returns.annotation}",
                operation=pair.label,
                path=pair.path,
            )
        )
    return changes


def _component_schemas(side: Side) -> dict[str, object]:
    components = side.document.get("components")
    schemas = components.get("schemas") if isinstance(components, dict) else None
    return schemas if isinstance(schemas, dict) else {}


def _models(base: Side, revision: Side) -> list[Change]:
    old_named = dict(base.api.schema_classes)
    new_named = dict(revision.api.schema_classes)
    kept = set(new_named.values())
    old_schemas, new_schemas = _component_schemas(base), _component_schemas(revision)
    fresh = {
        json.dumps(new_schemas.get(key), sort_keys=True, default=str): key
        for key in new_named
        if key not in old_named
    }
    changes: list[Change] = []
    for key, class_name in sorted(old_named.items()):
        if class_name in kept or class_name in revision.model_classes:
            continue  # still a class (named, or made from a schema written in place)
        target = new_named.get(key)
        if target is None:
            moved = fresh.get(json.dumps(old_schemas.get(key), sort_keys=True, default=str))
            target = new_named[moved] if moved is not None else None
        if target is not None:
            changes.append(
                emit(CLIENT_MODEL_RENAMED, f"model class {class_name} renamed to {target}")
            )
        else:
            changes.append(
                emit(
                    CLIENT_MODEL_REMOVED,
                    f"model class {class_name} (schema {key!r}) removed from models",
                )
            )
    return changes
