"""Every name of the client surface that must be unique comes from here, one registry per API.

Resources (nested: ``client.orders.items``), their methods and the deprecated aliases of
former names, each operation's arguments, the module constants that describe operations to
the runtime, resource modules and classes (in one class registry with the models). The rules
that propose names are :mod:`generator.builder.rest_names`; this module settles who gets them.

Claim order (an earlier claim keeps its name):

1. **overrides** (``[tool.sdkgen.apis.<api>.names]``, ``--names``): an override that names no
   operation, resource or model of the document, or whose name is already taken, is an error;
2. **pins**: names the previous version of the client has (its ``manifest.json``, see
   :mod:`generator.builder.pins`), so adding or reordering operations never renames one that
   exists; then the deprecated **aliases** that version kept;
3. the **rules**, in document order: resource levels first, then methods. A method whose name
   is taken gets its path-derived name (``get_orders_by_order_id``), then a counter.

A previous version made with an older naming scheme (1: methods named after the synthesized
operationId) keeps every former method working: the new name is made by the current rules
and the former one stays as an alias that warns (``DeprecationWarning``) when called.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from generator import ir
from generator.builder.pins import ArgumentKey, OperationPin, Pins
from generator.builder.rest_names import Derived, Route, dotted, route_key
from generator.errors import UsageError
from generator.naming import (
    NameRegistry,
    constant_case,
    module_name,
    pascal_case,
)
from generator.overrides import NO_OVERRIDES, Overrides
from generator.spec.diagnostics import escape_pointer_token

SCHEME = 2  # the naming scheme of this version (recorded in the manifest)

# Attributes of the generated Client that a resource may not shadow.
RESERVED_CLIENT_ATTRIBUTES = frozenset(
    {
        "base_url",
        "close",
        "aclose",
        "copy",
        "headers",
        "timeout",
        "request",
        "with_options",
        "with_raw_response",
        "http_client",
        "stage",
        "api_key",
        "token",
    }
    # builtins the client class's annotations name (an attribute would hide them)
    | {"str", "int", "float", "bool", "dict", "list", "bytes", "object", "type"}
)
# Attributes of a generated resource class, and the names its body uses after its first
# methods (decorators, and the types of the ``datetime`` module annotations may name).
RESERVED_RESOURCE_ATTRIBUTES = frozenset(
    {"with_raw_response", "with_options"}
    | {"overload", "deprecated", "cached_property", "resource_property"}
    | {"date", "datetime", "time", "builtins"}
    # builtins the class's own annotations name (list, dict... are qualified instead)
    | {"str", "int", "bool", "object"}
)
# Keyword arguments every generated method has, and the module-level names its body calls
# (an argument of the same name would shadow them: resource.py.j2).
RESERVED_ARGUMENTS = frozenset(
    {"self", "extra_headers", "extra_query", "timeout", "max_retries", "idempotent", "cast_to"}
    | {"cast", "call", "call_async", "body_from_fields"}
)
# Classes a resource module defines besides ``<Name>`` itself: <Name>WithRawResponse.
RESOURCE_VARIANTS = ("", "WithRawResponse")


@dataclass(frozen=True)
class SurfaceInput:
    """What decides names besides the document: the previous version's names (``pins``) and
    the team's ``overrides``. ``exact`` reproduces the pinned names as they were, older scheme
    included, and applies no override (the previous version's side of a diff)."""

    pins: Pins | None = None
    overrides: Overrides = NO_OVERRIDES
    exact: bool = False


NO_SURFACE_INPUT = SurfaceInput()


def argument_name(registry: NameRegistry, wanted: str, location: str, pinned: str | None) -> str:
    """An argument's name: its ``pinned`` one (claimed beforehand by the caller, before any
    other argument), else ``wanted``, else ``<wanted>_<location>`` (``param_query`` beside a
    path ``param``; ``status_body`` for a body property beside a ``status`` parameter), else a
    counter."""
    if pinned is not None:
        return pinned
    if wanted in registry:
        suffixed = f"{wanted.rstrip('_')}_{location}"
        return registry.claim(suffixed)
    return registry.claim(wanted)


class _Scope:
    """The attributes of the client or of one resource: nested resources and methods."""

    def __init__(self, reserved: Iterable[str]) -> None:
        self.registry = NameRegistry(reserved)
        self.children: dict[str, _Scope] = {}  # attribute -> scope
        self.wanted: dict[str, str] = {}  # a wanted child name -> the attribute it got

    def child(self, wanted: str, *, exact: bool = False) -> tuple[str, _Scope] | None:
        """The nested resource ``wanted`` (made on first use; ``None`` when ``exact`` and the
        name is taken by something else)."""
        if wanted in self.children:
            return wanted, self.children[wanted]
        if exact and wanted in self.registry:
            return None
        actual = self.wanted.get(wanted)
        if actual is None:
            actual = self.registry.claim(wanted)
            self.wanted[wanted] = actual
            self.children[actual] = _Scope(RESERVED_RESOURCE_ATTRIBUTES)
        return actual, self.children[actual]

    def take(self, name: str) -> bool:
        """Claim ``name`` as a method exactly; False when it is taken."""
        if name in self.registry:
            return False
        self.registry.claim(name)
        return True


@dataclass
class _Named:
    """Where one operation goes, as it is settled."""

    op: ir.Operation
    route: Route
    derived: Derived
    pin: OperationPin | None
    chain: tuple[str, ...] = ()
    method: str = ""
    aliases: list[tuple[tuple[str, ...], str]] = field(default_factory=list)


class SurfaceNames:
    """The registry of one API's names (see the module docstring for the claim order)."""

    def __init__(self, surface: SurfaceInput, classes: NameRegistry) -> None:
        self.surface = surface
        self.overrides = NO_OVERRIDES if surface.exact else surface.overrides
        self.pins = surface.pins
        self.classes = classes
        self.model_pins: dict[str, str] = {}  # pointer -> class
        if self.pins is not None:
            self.model_pins.update(self.pins.models)
        self._model_overrides: dict[str, str] = {}
        for key, name in self.overrides.models.items():
            target = (
                key if key.startswith("/") else "/components/schemas/" + escape_pointer_token(key)
            )
            target = target.lstrip("#")
            if name in self._model_overrides.values():
                raise UsageError(f"{self.overrides.source}.models: {name!r} is given to two models")
            self._model_overrides[target] = name
            self.model_pins[target] = name
        for name in self._model_overrides.values():
            if name in classes:
                raise UsageError(
                    f"{self.overrides.source}.models: {name!r} cannot be a model class here"
                    " (sdkgen uses that name)"
                )
        for name in dict.fromkeys(self.model_pins.values()):
            if name not in classes:
                classes.claim_class(name)

    # -- models -----------------------------------------------------------------------------

    def schema_class(self, key: str) -> str:
        """The class of ``components.schemas[key]``: pinned or overridden, else made."""
        found = self.model_pins.get("/components/schemas/" + escape_pointer_token(key))
        return found if found is not None else self.classes.claim_class(pascal_case(key))

    def check_models(self, models: Sequence[ir.Model]) -> None:
        """Every model override names a model of the document."""
        pointers = {m.pointer for m in models}
        for target, name in self._model_overrides.items():
            if target not in pointers:
                raise UsageError(
                    f"{self.overrides.source}.models: {target!r} (for {name!r}) matches no"
                    " model of the document"
                )

    # -- operations ------------------------------------------------------------------------

    def pin(self, method: str, path: str, operation_id: str | None) -> OperationPin | None:
        """The previous version's names of an operation, while it is the same operation."""
        if self.pins is None:
            return None
        found = self.pins.operation(method, path)
        if found is None:
            return None
        if found.knows_id and found.operation_id != operation_id and not self.surface.exact:
            return None  # the document renamed the operation: its names are made afresh
        return found

    def argument_pins(
        self, method: str, path: str, operation_id: str | None
    ) -> Mapping[ArgumentKey, str]:
        found = self.pin(method, path, operation_id)
        return found.arguments if found is not None else {}

    @property
    def _pins_names(self) -> bool:
        """Whether pinned resource and method names apply (not across a scheme change)."""
        return self.pins is not None and (self.surface.exact or self.pins.scheme >= SCHEME)

    def assign(
        self,
        operations: Sequence[tuple[ir.Operation, Route]],
        derived: Mapping[str, Derived],
    ) -> tuple[list[ir.Operation], tuple[ir.Resource, ...]]:
        """Resources, methods, aliases and constants of every operation."""
        named = [
            _Named(
                op,
                route,
                derived[route.key],
                self.pin(op.method, op.document_path, route.operation_id),
            )
            for op, route in operations
        ]
        self._check_overrides(named)
        root = _Scope(RESERVED_CLIENT_ATTRIBUTES)
        by_key = {n.route.key: n for n in named}
        # 1. overrides
        for key, (chain, method) in self.overrides.operations.items():
            item = by_key[key]
            resolved = _resolve(root, chain, exact=True)
            if resolved is None or not resolved[1].take(method):
                raise UsageError(
                    f"{self.overrides.source}: {key!r} = {dotted((*chain, method))!r}: the name"
                    " is already taken (by another override or by the client itself)"
                )
            item.chain, item.method = resolved[0], method
        rest = [n for n in named if n.route.key not in self.overrides.operations]
        # 2. pins, then the aliases they carry (across a scheme change, a former name the
        # rules do not give again becomes an alias)
        migrated: dict[str, tuple[tuple[str, ...], str]] = {}
        for item in rest:
            pin = item.pin
            if pin is None:
                continue
            rules = (self._moved(item.derived.resource), item.derived.method)
            if not self._pins_names and (pin.resource, pin.name) != rules:
                migrated[item.route.key] = (pin.resource, pin.name)
                continue
            resolved = _resolve(root, self._moved(pin.resource), exact=False)
            assert resolved is not None
            item.chain = resolved[0]
            item.method = _method(resolved[1], pin.name, item.derived.fallback)
        for item in rest:
            if item.pin is None:
                continue
            wanted = list(item.pin.aliases)
            if item.route.key in migrated:
                wanted.append(migrated[item.route.key])
            for alias_chain, alias_name in wanted:
                resolved = _resolve(root, alias_chain, exact=True)
                if resolved is not None and resolved[1].take(alias_name):
                    item.aliases.append((resolved[0], alias_name))
        # 3. the rules: resources, then methods
        for item in rest:
            if not item.chain:
                resolved = _resolve(root, self._moved(item.derived.resource), exact=False)
                assert resolved is not None
                item.chain = resolved[0]
        for item in rest:
            if not item.method:
                scope = _resolve(root, item.chain, exact=False)
                assert scope is not None
                item.method = _method(scope[1], item.derived.method, item.derived.fallback)
        # a migrated alias that names what the operation is now called is no alias
        for item in named:
            item.aliases = [a for a in item.aliases if a != (item.chain, item.method)]
        return self._build(named)

    def _moved(self, chain: tuple[str, ...]) -> tuple[str, ...]:
        """``chain`` after the resource overrides (the longest matching prefix)."""
        for old in sorted(self.overrides.resources, key=len, reverse=True):
            if chain[: len(old)] == old:
                return self.overrides.resources[old] + chain[len(old) :]
        return chain

    def _check_overrides(self, named: Sequence[_Named]) -> None:
        source = self.overrides.source
        keys = {n.route.key for n in named}
        for key in self.overrides.operations:
            if key not in keys:
                raise UsageError(f"{source}: {key!r} matches no operation of the document")
        chains = {
            n.derived.resource[:i] for n in named for i in range(1, len(n.derived.resource) + 1)
        }
        if self.pins is not None:
            chains |= {
                p.resource[:i]
                for p in self.pins.operations.values()
                for i in range(1, len(p.resource) + 1)
            }
        for old in self.overrides.resources:
            if old not in chains:
                raise UsageError(
                    f"{source}.resources: {dotted(old)!r} matches no resource of the client"
                )

    def _build(self, named: Sequence[_Named]) -> tuple[list[ir.Operation], tuple[ir.Resource, ...]]:
        constants = NameRegistry()
        modules = NameRegistry({"__init__"})
        operations: list[ir.Operation] = []
        chains: list[tuple[str, ...]] = []
        grouped: dict[tuple[str, ...], list[ir.Operation]] = {}
        aliased: dict[tuple[str, ...], list[ir.Alias]] = {}

        def add_chain(chain: tuple[str, ...]) -> None:
            for i in range(1, len(chain) + 1):
                if chain[:i] not in chains:
                    chains.append(chain[:i])

        for item in named:
            constant = constants.claim("_" + constant_case("_".join((*item.chain, item.method))))
            op = replace(
                item.op, resource=dotted(item.chain), python_name=item.method, constant=constant
            )
            operations.append(op)
            add_chain(item.chain)
            grouped.setdefault(item.chain, []).append(op)
            for chain, name in item.aliases:
                add_chain(chain)
                aliased.setdefault(chain, []).append(ir.Alias(dotted(chain), name, op))
        resources = []
        for chain in chains:
            resources.append(
                ir.Resource(
                    python_name=chain[-1],
                    class_name=resource_class(self.classes, "_".join(chain)),
                    module=modules.claim(module_name("_".join(chain))),
                    operations=tuple(grouped.get(chain, ())),
                    path=chain,
                    children=tuple(
                        dotted(c) for c in chains if len(c) == len(chain) + 1 and c[:-1] == chain
                    ),
                    aliases=tuple(aliased.get(chain, ())),
                )
            )
        return operations, tuple(resources)


def _resolve(
    root: _Scope, chain: Sequence[str], *, exact: bool
) -> tuple[tuple[str, ...], _Scope] | None:
    """The resource at ``chain`` (levels made on first use): its attribute path and scope."""
    scope = root
    path: list[str] = []
    for level in chain:
        found = scope.child(level, exact=exact)
        if found is None:
            return None
        name, scope = found
        path.append(name)
    return tuple(path), scope


def _method(scope: _Scope, wanted: str, fallback: str) -> str:
    """``wanted`` when free, else the path-derived ``fallback``, else a counter."""
    for candidate in (wanted, fallback):
        if scope.take(candidate):
            return candidate
    return scope.registry.claim(wanted)


def resource_class(registry: NameRegistry, name: str) -> str:
    """``OrdersResource``: no model may have its name or one of its variants' names."""
    base = pascal_case(name, fallback="Default") + "Resource"
    while True:
        candidate = registry.claim_class(base)
        variants = [f"{p}{candidate}{s}" for p in ("", "Async") for s in RESOURCE_VARIANTS]
        if not any(v in registry for v in variants[1:]):
            for variant in variants[1:]:
                registry.claim_class(variant)
            return candidate


def operation_label(op: ir.Operation) -> str:
    return route_key(op.method, op.document_path)
