"""What an operation is made of, decided once for every reader of a document (the IR builder,
the diff): its effective parameters.

An operation's parameters are the path item's merged with the operation's own. A parameter is
identified by its location and name (header names case-insensitively, as HTTP reads them); an
operation-level parameter overrides the path-level one it identifies, in place, and within one
list the first declaration of a parameter counts (a later duplicate is invalid and ignored).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

PARAMETER_LOCATIONS = ("path", "query", "header", "cookie")

# Follows the local ``$ref`` of a parameter object: (node, its pointer) -> (target, pointer).
Resolve = Callable[[Any, str], tuple[Any, str]]


# The styles each location allows (OpenAPI 3.0); the first is the default.
PARAMETER_STYLES: dict[str, tuple[str, ...]] = {
    "path": ("simple", "label", "matrix"),
    "query": ("form", "spaceDelimited", "pipeDelimited", "deepObject"),
    "header": ("simple",),
    "cookie": ("form",),
}
# Header parameters OpenAPI says to ignore: the client sets these itself.
IGNORED_HEADERS = frozenset({"accept", "content-type", "authorization"})


@dataclass(frozen=True)
class DeclaredParameter:
    """A parameter object (references followed) and the pointer it was read from."""

    node: dict[str, Any]
    pointer: str

    @property
    def name(self) -> str:
        return str(self.node["name"])

    @property
    def location(self) -> str:
        return str(self.node["in"])


@dataclass(frozen=True)
class UnsupportedParameter:
    """A parameter without a string name or with a location OpenAPI does not define."""

    pointer: str
    name: Any
    location: Any


@dataclass(frozen=True)
class EffectiveParameters:
    parameters: list[DeclaredParameter]
    unsupported: list[UnsupportedParameter]


def parameter_identity(location: str, name: str) -> tuple[str, str]:
    """What makes two parameter declarations the same parameter."""
    return (location, name.lower() if location == "header" else name)


def effective_parameters(
    path_item: Mapping[str, Any],
    operation: Mapping[str, Any],
    *,
    resolve: Resolve,
    path_item_pointer: str,
    operation_pointer: str,
) -> EffectiveParameters:
    """The parameters of ``operation``, path-level ones merged in (see the module docstring).

    Order: path-level parameters in their order (overridden ones in place), then the
    operation's other parameters in theirs.
    """
    merged: dict[tuple[str, str], DeclaredParameter] = {}
    unsupported: list[UnsupportedParameter] = []
    for source, base in ((path_item, path_item_pointer), (operation, operation_pointer)):
        params = source.get("parameters")
        if not isinstance(params, list):
            continue
        seen: set[tuple[str, str]] = set()
        for index, raw in enumerate(params):
            node, ptr = resolve(raw, f"{base}/parameters/{index}")
            if not isinstance(node, dict):
                continue
            name, location = node.get("name"), node.get("in")
            if not isinstance(name, str) or location not in PARAMETER_LOCATIONS:
                unsupported.append(UnsupportedParameter(ptr, name, location))
                continue
            key = parameter_identity(location, name)
            if key in seen:
                continue
            seen.add(key)
            merged[key] = DeclaredParameter(node, ptr)
    return EffectiveParameters(list(merged.values()), unsupported)
