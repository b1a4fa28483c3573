"""A client generated from a small inline document, run the way a user runs sdkgen.

The functional tests (``tests/functional/``) each write one document (YAML text, as readable
as the behaviour it pins) and check what ``sdkgen generate`` makes of it: the exit code and
the located warnings it prints, the manifest, and the package itself, imported fresh.

``complete(text)`` fills in what a document needs besides the part under test: ``openapi``
(3.1.0), ``info``, and, when it declares no operation, one ``GET /ping`` (sdkgen refuses a
document without operations; every schema of ``components`` becomes a model either way).

``run_generate(spec, out)`` runs ``sdkgen generate`` in this process and keeps its exit code,
stdout and stderr; ``generated_client(tmp, text)`` generates a document that must be
accepted and imports its package (forgotten again on exit). ``type_check(outcome, usage)``
runs ``mypy --strict`` over the package and a usage file written beside it.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

from generator.cli import main
from generator.corpus.typecheck import run_mypy

__all__ = [
    "Client",
    "Outcome",
    "complete",
    "generated_client",
    "run_generate",
    "type_check",
    "write_document",
]

PING = {"get": {"operationId": "ping", "responses": {"204": {"description": "alive"}}}}


def complete(document: str | Mapping[str, Any]) -> dict[str, Any]:
    """The document with ``openapi``, ``info`` and (when it has none) an operation added."""
    data = yaml.safe_load(document) if isinstance(document, str) else dict(document)
    assert isinstance(data, dict), "an inline document is a mapping"
    data.setdefault("openapi", "3.1.0")
    data.setdefault("info", {"title": "functional", "version": "1.0"})
    if not data.get("paths"):
        data["paths"] = {"/ping": PING}
    return data


def write_document(directory: Path, document: str | Mapping[str, Any]) -> Path:
    """``complete(document)`` written as JSON into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    spec = directory / "openapi.json"
    spec.write_text(json.dumps(complete(document)), encoding="utf-8")
    return spec


@dataclass(frozen=True)
class Outcome:
    """What one ``sdkgen generate`` did."""

    exit_code: int
    stdout: str
    stderr: str
    project: Path
    import_name: str

    @property
    def package_dir(self) -> Path:
        return self.project / self.import_name

    @property
    def written(self) -> bool:
        return self.project.exists()

    @property
    def manifest(self) -> dict[str, Any]:
        data = json.loads((self.package_dir / "manifest.json").read_text("utf-8"))
        assert isinstance(data, dict)
        return data

    def omitted(self, code: str | None = None) -> list[dict[str, Any]]:
        """The manifest's omissions (of one code)."""
        return [o for o in self.manifest["omitted"] if code is None or o["code"] == code]

    def omission_at(self, pointer: str) -> dict[str, Any]:
        """The one omission located at ``pointer``; it is printed as a warning too."""
        found = [o for o in self.manifest["omitted"] if o["pointer"] == pointer]
        assert len(found) == 1, (pointer, self.manifest["omitted"])
        line = f"warning: {pointer}: {found[0]['message']} [{found[0]['code']}]"
        assert line in self.stderr, (line, self.stderr)
        return found[0]

    def operation(self, method: str, path: str) -> dict[str, Any]:
        found = [
            o
            for o in self.manifest["operations"]
            if (o["method"], o["path"]) == (method.upper(), path)
        ]
        assert len(found) == 1, (method, path, self.manifest["operations"])
        result: dict[str, Any] = found[0]
        return result


def run_generate(spec: Path, out: Path, *, name: str = "functional") -> Outcome:
    """``sdkgen generate SPEC --out OUT --name NAME``, run in this process."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = main(["generate", str(spec), "--out", str(out), "--name", name])
    # the import name is sdkgen's to decide: the package directory holding the manifest
    packages = [p.parent.name for p in out.glob("*/manifest.json")]
    import_name = packages[0] if len(packages) == 1 else ""
    return Outcome(code, stdout.getvalue(), stderr.getvalue(), out, import_name)


@dataclass(frozen=True)
class Client:
    """A generated package imported in this process."""

    outcome: Outcome
    module: ModuleType
    models: ModuleType

    def model(self, name: str) -> Any:
        return getattr(self.models, name)

    def submodule(self, name: str) -> ModuleType:
        """A module of the package: ``_types``, ``_serialize``, ``resources.<name>``..."""
        return importlib.import_module(f"{self.outcome.import_name}.{name}")

    def decode(self, model: Any, data: Any) -> Any:
        """``data`` read as a response body of type ``model``, as a call reads it."""
        context = self.submodule("_types").RESPONSE_CONTEXT
        return model.model_validate(data, context=context)

    def encode(self, value: Any) -> Any:
        """``value`` as a request body sends it (JSON data)."""
        return self.submodule("_serialize").jsonable(value)

    def round_trip(self, model: Any, data: Any, expected: Any) -> None:
        """``data`` reads as ``expected``, which sends ``data`` again."""
        decoded = self.decode(model, data)
        assert decoded == expected
        assert self.encode(decoded) == data
        assert self.encode(expected) == data


def _forget(import_name: str) -> None:
    for name in [m for m in sys.modules if m == import_name or m.startswith(import_name + ".")]:
        del sys.modules[name]


@contextlib.contextmanager
def generated_client(
    tmp: Path, document: str | Mapping[str, Any], *, name: str
) -> Iterator[Client]:
    """Generate ``document`` (which must be accepted) as package ``name`` and import it."""
    outcome = run_generate(write_document(tmp / "document", document), tmp / name, name=name)
    assert outcome.exit_code == 0, outcome.stderr
    assert "Traceback" not in outcome.stderr
    saved = list(sys.path)
    _forget(outcome.import_name)
    sys.path.insert(0, str(outcome.project))
    importlib.invalidate_caches()
    try:
        module = importlib.import_module(outcome.import_name)
        origin = Path(str(module.__file__)).resolve()
        assert origin.is_relative_to(outcome.package_dir.resolve()), origin
        models = importlib.import_module(f"{outcome.import_name}.models")
        yield Client(outcome, module, models)
    finally:
        sys.path[:] = saved
        _forget(outcome.import_name)


def type_check(outcome: Outcome, usage: str, cache: Path) -> tuple[bool, str]:
    """``mypy --strict`` over the package and ``usage`` (a module importing it)."""
    path = outcome.project / "functional_usage.py"
    path.write_text(usage, encoding="utf-8")
    try:
        return run_mypy(path, cache, timeout=600)
    finally:
        path.unlink()
