"""Pair the operations of two documents: same method, same path template up to parameter names.

The operations are the IR's (:mod:`generator.builder`): the ones ``generate`` makes methods of,
API Gateway's ``ANY`` method and greedy ``{proxy+}`` paths included.

``/orders/{id}`` and ``/orders/{orderId}`` are the same operation (a renamed path parameter is
reported as its own change). When several paths of one document share a template (invalid, but
seen), exact path matches are paired first, then the rest in document order. Webhooks
(OpenAPI 3.1 ``webhooks``: requests the API sends to its consumers) pair by name and method.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from generator import ir
from generator.diff.sources import Side
from generator.spec.diagnostics import pointer_target
from generator.spec.keys import OPERATION_KEYS
from generator.spec.normalize import operation_method

_VARIABLE = re.compile(r"\{[^{}]*\}")


OperationKind = Literal["path", "webhook"]


@dataclass(frozen=True)
class OpView:
    """One operation of one document: the IR operation (what the operation is: method, path,
    parameters, body, responses, security, client names) and its objects in the normalized
    document (the detail the IR does not keep: schemas, extensions, servers, callbacks).
    Webhooks have no IR operation."""

    method: str  # upper case; "ANY" for x-amazon-apigateway-any-method
    path: str  # the normalized path key (a webhook's name)
    display_path: str  # the path as the document wrote it (may hold {proxy+})
    path_item: dict[str, Any]
    operation: dict[str, Any]
    ir: ir.Operation | None
    kind: OperationKind = "path"

    @property
    def label(self) -> str:
        if self.kind == "webhook":
            return f"{self.method} webhook {self.display_path}"
        return f"{self.method} {self.display_path}"


@dataclass(frozen=True)
class OperationPair:
    """An operation of the base, of the revision, or of both."""

    base: OpView | None
    revision: OpView | None

    @property
    def current(self) -> OpView:
        view = self.revision or self.base
        assert view is not None
        return view

    @property
    def label(self) -> str:
        return self.current.label

    @property
    def path(self) -> str:
        return self.current.display_path


def path_template(path: str) -> str:
    """The path with every variable name erased: ``/a/{id}`` -> ``/a/{}``."""
    return _VARIABLE.sub("{}", path)


def operations(side: Side) -> list[OpView]:
    """Every operation of a side, as its IR has them, in document order."""
    paths = side.document["paths"]
    position = {path: index for index, path in enumerate(paths)}
    views: list[OpView] = []
    for op in sorted(side.api.operations, key=lambda o: position[o.path]):
        raw = pointer_target(side.document, "#" + op.pointer)
        assert isinstance(raw, dict), op.pointer
        views.append(OpView(op.method, op.path, op.document_path, paths[op.path], raw, op))
    return views


def webhooks(side: Side) -> list[OpView]:
    """Every webhook operation of a side, in document order."""
    views: list[OpView] = []
    raw = side.document.get("webhooks")
    for name, item in raw.items() if isinstance(raw, dict) else ():
        if not isinstance(item, dict):
            continue
        for key, op in item.items():
            if key in OPERATION_KEYS and isinstance(op, dict):
                views.append(
                    OpView(operation_method(key), str(name), str(name), item, op, None, "webhook")
                )
    return views


def match_operations(base: Side, revision: Side) -> list[OperationPair]:
    """All operations of both sides, paired where they are the same operation."""
    return _match(operations(base), operations(revision), path_template)


def match_webhooks(base: Side, revision: Side) -> list[OperationPair]:
    """All webhook operations of both sides, paired by name and method."""
    return _match(webhooks(base), webhooks(revision), lambda name: name)


def _match(old_views: list[OpView], new_views: list[OpView], identity: Any) -> list[OperationPair]:
    groups: dict[tuple[str, str], tuple[list[OpView], list[OpView]]] = {}
    for index, views in enumerate((old_views, new_views)):
        for view in views:
            key = (view.method, identity(view.path))
            groups.setdefault(key, ([], []))[index].append(view)
    pairs: list[OperationPair] = []
    for old, new in groups.values():
        pairs.extend(_pair_group(old, new))
    return pairs


def _pair_group(old: list[OpView], new: list[OpView]) -> list[OperationPair]:
    pairs: list[OperationPair] = []
    remaining = list(new)
    unmatched: list[OpView] = []
    for view in old:
        exact = next((v for v in remaining if v.path == view.path), None)
        if exact is not None:
            remaining.remove(exact)
            pairs.append(OperationPair(view, exact))
        else:
            unmatched.append(view)
    for view in unmatched:
        if remaining:
            pairs.append(OperationPair(view, remaining.pop(0)))
        else:
            pairs.append(OperationPair(view, None))
    pairs.extend(OperationPair(None, view) for view in remaining)
    return pairs
