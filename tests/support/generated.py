"""Generating the example fleet's clients for tests, and reading what the generator wrote.

``generate_fleet(out_dir)`` runs the real pipeline (``generator.pipeline.generate``) over
``tests/fixtures/fleet/<api>/prod.*`` for orders, pricing and checkout; ``imported(clients)`` puts the generated
project directories on ``sys.path`` and imports the packages fresh (and forgets them again).

``GeneratedClient.operation(method, path)`` finds an operation in the package's
``manifest.json`` by the document's method and path, so tests address operations the way the
document does and the manifest documents the Python names (``resource.python_name`` and
each parameter's ``python_name``).

``document_operations(api)`` reads the same facts straight from the document, for checking the
manifest against it.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, Literal, cast

import yaml

from generator.pipeline import generate
from tests.support.fleet_server import ApiName

__all__ = [
    "FLEET",
    "SPEC_FILES",
    "ApiName",
    "DocumentOperation",
    "GeneratedClient",
    "ManifestOperation",
    "Mode",
    "Package",
    "document_operations",
    "generate_fleet",
    "generate_package",
    "imported",
    "load_document",
    "resource_of",
]

FLEET: tuple[ApiName, ...] = ("orders", "pricing", "checkout")
# how a test drives a generated client: `Client` or `AsyncClient` (the `mode` fixture)
Mode = Literal["sync", "async"]

SPECS_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "fleet"
SPEC_FILES: Mapping[ApiName, Path] = {
    "orders": SPECS_DIR / "orders" / "prod.json",
    "pricing": SPECS_DIR / "pricing" / "prod.yaml",
    "checkout": SPECS_DIR / "checkout" / "prod.json",
}
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")


# --------------------------------------------------------------------------- the document


def load_document(api: ApiName) -> dict[str, Any]:
    path = SPEC_FILES[api]
    text = path.read_text(encoding="utf-8")
    doc = yaml.safe_load(text) if path.suffix in (".yaml", ".yml") else json.loads(text)
    assert isinstance(doc, dict)
    return doc


@dataclass(frozen=True)
class DocumentOperation:
    """One operation as the document declares it."""

    method: str  # upper case
    path: str
    operation_id: str | None
    #: (name, location) of the path, query and header parameters.
    parameters: frozenset[tuple[str, str]]
    has_body: bool
    secured: bool  # needs the api_key scheme (x-api-key)


def document_operations(api: ApiName) -> list[DocumentOperation]:
    doc = load_document(api)
    swagger = doc.get("swagger") == "2.0"
    result: list[DocumentOperation] = []
    for path, item in doc["paths"].items():
        shared = item.get("parameters", [])
        for method in HTTP_METHODS:
            op = item.get(method)
            if op is None:
                continue
            params = [*shared, *op.get("parameters", [])]
            has_body = any(p["in"] == "body" for p in params) if swagger else "requestBody" in op
            requirements = op.get("security", doc.get("security", []))
            result.append(
                DocumentOperation(
                    method=method.upper(),
                    path=path,
                    operation_id=op.get("operationId"),
                    parameters=frozenset(
                        (p["name"], p["in"])
                        for p in params
                        if p["in"] in ("path", "query", "header")
                    ),
                    has_body=has_body,
                    secured=any("api_key" in r for r in requirements),
                )
            )
    return result


# --------------------------------------------------------------------------- the manifest


@dataclass(frozen=True)
class ManifestOperation:
    """One entry of ``manifest.json`` "operations"."""

    raw: Mapping[str, Any] = field(repr=False)

    @property
    def method(self) -> str:
        return str(self.raw["method"])

    @property
    def path(self) -> str:
        return str(self.raw["path"])

    @property
    def operation_id(self) -> str:
        return str(self.raw["operation_id"])

    @property
    def resource(self) -> str:
        return str(self.raw["resource"])

    @property
    def python_name(self) -> str:
        return str(self.raw["python_name"])

    @property
    def parameters(self) -> frozenset[tuple[str, str]]:
        return frozenset((p["name"], p["in"]) for p in self.raw["parameters"])

    @property
    def body_python_name(self) -> str | None:
        body = self.raw.get("body")
        return None if body is None else str(body["python_name"])

    @property
    def secured(self) -> bool:
        return any(
            req["scheme"] == "api_key" for alt in self.raw.get("security", []) for req in alt
        )

    def bound(self, client: Any) -> Any:
        """The method of this operation on ``client`` (resources may nest: ``orders.items``)."""
        return getattr(resource_of(client, self.resource), self.python_name)

    def python_param(self, wire_name: str) -> str:
        """The keyword argument the generated method takes for the document's parameter."""
        for param in self.raw["parameters"]:
            if param["name"] == wire_name:
                return str(param["python_name"])
        raise KeyError(f"{self.method} {self.path} has no parameter {wire_name!r}")


def resource_of(client: Any, dotted: str) -> Any:
    """``client.orders.items`` for ``"orders.items"``."""
    for part in dotted.split("."):
        client = getattr(client, part)
    return client


@dataclass(frozen=True)
class GeneratedClient:
    """A generated project directory of one API of the fleet."""

    api: ApiName
    project_dir: Path
    import_name: str
    manifest: Mapping[str, Any] = field(repr=False)

    @property
    def package_dir(self) -> Path:
        return self.project_dir / self.import_name

    @property
    def operations(self) -> list[ManifestOperation]:
        return [ManifestOperation(op) for op in self.manifest["operations"]]

    def operation(self, method: str, path: str) -> ManifestOperation:
        matches = [op for op in self.operations if (op.method, op.path) == (method, path)]
        if len(matches) != 1:
            raise LookupError(f"{self.api}: {len(matches)} operations for {method} {path}")
        return matches[0]


def generate_fleet(out_dir: Path) -> dict[ApiName, GeneratedClient]:
    """Generate ``<api>-client`` for every API of the fleet into ``out_dir/<api>``."""
    result: dict[ApiName, GeneratedClient] = {}
    for api in FLEET:
        project = out_dir / api
        generate(SPEC_FILES[api], project, name=f"{api}-client")
        import_name = f"{api}_client"
        manifest = json.loads((project / import_name / "manifest.json").read_text("utf-8"))
        assert manifest["package"]["import"] == import_name
        result[api] = GeneratedClient(api, project, import_name, manifest)
    return result


def generate_package(tmp: Path, name: str, document: Mapping[str, Any]) -> GeneratedClient:
    """Generate ``<name>-client`` from ``document`` (any API, not only the fleet's) with the
    real pipeline, into ``tmp/<name>``."""
    spec = tmp / f"{name}.json"
    spec.write_text(json.dumps(document), encoding="utf-8")
    project = tmp / name
    generate(spec, project, name=f"{name}-client")
    import_name = f"{name}_client"
    manifest = json.loads((project / import_name / "manifest.json").read_text("utf-8"))
    return GeneratedClient(cast(Any, name), project, import_name, manifest)


# --------------------------------------------------------------------------- importing


@dataclass(frozen=True)
class Package:
    """A generated package imported in-process: the package, its models, its manifest."""

    generated: GeneratedClient
    module: ModuleType
    models: ModuleType

    def operation(self, method: str, path: str) -> ManifestOperation:
        return self.generated.operation(method, path)


def _forget(import_name: str) -> None:
    for name in [m for m in sys.modules if m == import_name or m.startswith(import_name + ".")]:
        del sys.modules[name]


@contextmanager
def imported(clients: Mapping[ApiName, GeneratedClient]) -> Iterator[dict[ApiName, Package]]:
    """Import the generated packages from their project directories (not from anywhere else)."""
    saved_path = list(sys.path)
    for client in clients.values():
        _forget(client.import_name)
        sys.path.insert(0, str(client.project_dir))
    importlib.invalidate_caches()
    try:
        packages: dict[ApiName, Package] = {}
        for api, client in clients.items():
            module = importlib.import_module(client.import_name)
            origin = Path(str(module.__file__)).resolve()
            assert origin.is_relative_to(client.package_dir.resolve()), origin
            models = importlib.import_module(f"{client.import_name}.models")
            packages[api] = Package(client, module, models)
        yield packages
    finally:
        sys.path[:] = saved_path
        for client in clients.values():
            _forget(client.import_name)
