"""What the builders share while they read one document: the document, the names already
given to model classes, and the models built so far."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from generator import ir
from generator.naming import NameRegistry
from generator.spec.diagnostics import Diagnostic

Problems = list[Diagnostic]


def omission(ptr: str, code: str, message: str) -> Diagnostic:
    """A part of the document that is not generated as written (listed in ``omitted``)."""
    return Diagnostic(ptr, "warning", code, message)


@dataclass
class Context:
    doc: Mapping[str, Any]
    schemas: Mapping[str, Any]  # components.schemas
    class_names: NameRegistry = field(default_factory=NameRegistry)
    # model pointer -> class name decided beforehand (the previous version's, or an override)
    class_pins: dict[str, str] = field(default_factory=dict)
    # components.schemas key -> class name, given before any model is built
    schema_classes: dict[str, str] = field(default_factory=dict)
    models: dict[str, ir.Model] = field(default_factory=dict)  # class name -> model, in order
    building: set[str] = field(default_factory=set)  # component keys whose model is being built
    pointer_classes: dict[str, str] = field(default_factory=dict)  # other schema refs -> class
    following: list[str] = field(default_factory=list)  # refs being expanded, innermost last
    inline_roots: dict[str, ir.Type] = field(default_factory=dict)  # expanded named containers
    recursive_containers: set[str] = field(default_factory=set)  # named arrays holding themselves
    hoisted: dict[str, str] = field(default_factory=dict)  # inline schema pointer -> class
    hoisted_classes: set[str] = field(default_factory=set)  # the classes of ``hoisted``
    nesting: int = 0  # classes being built inside each other

    @classmethod
    def of(cls, doc: Mapping[str, Any]) -> Context:
        components = doc.get("components")
        schemas = components.get("schemas") if isinstance(components, dict) else None
        return cls(doc, schemas if isinstance(schemas, dict) else {})

    def add_model(self, model: ir.Model) -> None:
        self.models[model.class_name] = model
