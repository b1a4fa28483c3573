"""Names a released client already has, read from its ``manifest.json``: regenerating keeps them.

Each operation of the previous version is found again by method and path (parameter names
aside: ``/orders/{id}`` is ``/orders/{orderId}``). It keeps its resource, method and argument
names while its operationId is the same (both absent, or equal); a changed operationId means
the document renamed the operation, so its names are made afresh (the diff reports the
rename). Models keep their class by JSON pointer. ``scheme`` is the naming scheme the previous
version was made with (1 before the manifest recorded it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from generator.builder.rest_names import levels, route_key, template_shape

ArgumentKey = tuple[str, str]  # (location, wire name); body arguments: ("body", property)


@dataclass(frozen=True)
class OperationPin:
    resource: tuple[str, ...]
    name: str
    operation_id: str | None  # the document's own; None when it gave none
    knows_id: bool = True  # False for scheme 1 manifests, which did not record it
    arguments: Mapping[ArgumentKey, str] = field(default_factory=dict)
    aliases: tuple[tuple[tuple[str, ...], str], ...] = ()  # (resource, name), deprecated


@dataclass(frozen=True)
class Pins:
    scheme: int
    operations: Mapping[str, OperationPin] = field(default_factory=dict)  # by route key
    models: Mapping[str, str] = field(default_factory=dict)  # pointer -> class

    def operation(self, method: str, path: str) -> OperationPin | None:
        """The pin of ``method path``, else of the one operation with the same path template."""
        found = self.operations.get(route_key(method, path))
        if found is not None:
            return found
        shape = route_key(method, template_shape(path))
        matches = [pin for key, pin in self.operations.items() if _shape(key) == shape]
        return matches[0] if len(matches) == 1 else None


def _shape(key: str) -> str:
    method, _, path = key.partition(" ")
    return route_key(method, template_shape(path))


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def pins_from_manifest(manifest: Mapping[str, Any]) -> Pins | None:
    """The names of a previous version (None when the manifest is not one sdkgen can read)."""
    operations = manifest.get("operations")
    models = manifest.get("models")
    if not isinstance(operations, list) or not isinstance(models, list):
        return None
    naming = manifest.get("naming")
    scheme = naming.get("scheme") if isinstance(naming, dict) else None
    pinned: dict[str, OperationPin] = {}
    for entry in operations:
        if not isinstance(entry, dict):
            continue
        method, path = _text(entry.get("method")), _text(entry.get("path"))
        resource, name = _text(entry.get("resource")), _text(entry.get("python_name"))
        if method is None or path is None or resource is None or name is None:
            continue
        arguments: dict[ArgumentKey, str] = {}
        for param in entry.get("parameters") or ():
            if isinstance(param, dict) and _text(param.get("python_name")):
                arguments[(str(param.get("in")), str(param.get("name")))] = param["python_name"]
        body = entry.get("body")
        if isinstance(body, dict):
            for argument in body.get("arguments") or ():
                if isinstance(argument, dict) and _text(argument.get("python_name")):
                    key = ("body", str(argument.get("name")))
                    arguments[key] = argument["python_name"]
        aliases = tuple(
            (levels(alias["resource"]), alias["name"])
            for alias in entry.get("aliases") or ()
            if isinstance(alias, dict) and _text(alias.get("resource")) and _text(alias.get("name"))
        )
        knows_id = "given_operation_id" in entry  # scheme 1 did not record it
        pinned[route_key(method, path)] = OperationPin(
            levels(resource),
            name,
            _text(entry.get("given_operation_id")),
            knows_id,
            arguments,
            aliases,
        )
    classes = {
        str(m["pointer"]): str(m["class"])
        for m in models
        if isinstance(m, dict) and _text(m.get("pointer")) and _text(m.get("class"))
    }
    return Pins(scheme if isinstance(scheme, int) else 1, pinned, classes)
