"""Import time, first call and per-call overhead of the generated GitHub clients."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.bench.measure import median
from generator.bench.probes import CALL_PROBE, IMPORT_PROBE
from generator.bench.tools import Peer
from generator.errors import SdkgenError

OPERATION = ("GET", "/rate_limit")  # a small, typed response with an example in the spec
EXAMPLE = "rate-limit-overview"


@dataclass(frozen=True)
class GeneratedClient:
    tool: str
    python: str  # the interpreter it runs in
    root: Path  # the project folder (goes on sys.path)
    package: str


def example_body(document: Path, example: str = EXAMPLE) -> bytes:
    """The response the mock transport serves: the spec's own example of it."""
    data = json.loads(document.read_bytes())
    value = data["components"]["examples"][example]["value"]
    return json.dumps(value).encode()


def sdkgen_operation(project: Path, package: str) -> dict[str, str]:
    """Resource, method and model of ``OPERATION`` in an sdkgen project's manifest."""
    manifest = json.loads((project / package / "manifest.json").read_text(encoding="utf-8"))
    method, path = OPERATION
    for op in manifest["operations"]:
        if op["method"] == method and op["path"] == path:
            return {
                "kind": "sdkgen",
                "resource": op["resource"],
                "method": op["python_name"],
                "model": op["returns"],
            }
    raise SdkgenError(f"{project}: no {method} {path} in the manifest")


def opc_operation(project: Path, package: str) -> dict[str, str]:
    """The openapi-python-client module of ``OPERATION`` (``api.<tag>.<module>``)."""
    method, path = OPERATION
    needle = f'"url": "{path}",'
    for file in sorted((project / package / "api").rglob("*.py")):
        text = file.read_text(encoding="utf-8")
        if needle in text and f'"method": "{method.lower()}"' in text:
            module = file.relative_to(project / package).with_suffix("")
            return {"kind": "opc", "module": ".".join(module.parts)}
    raise SdkgenError(f"{project}: no module for {method} {path}")


def compile_bytecode(client: GeneratedClient) -> None:
    """What ``pip install`` does: byte-compile the package (PYTHONDONTWRITEBYTECODE or not)."""
    subprocess.run(
        [client.python, "-m", "compileall", "-q", "-j", "0", str(client.root / client.package)],
        check=True,
        capture_output=True,
    )


def _probe(python: str, script: str, *args: str, timeout: float = 300.0) -> dict[str, Any]:
    result = subprocess.run(
        [python, "-c", script, *args], capture_output=True, text=True, timeout=timeout, check=False
    )
    if result.returncode != 0:
        tail = (result.stderr or result.stdout).strip().splitlines()[-5:]
        raise SdkgenError("probe failed: " + " | ".join(tail))
    parsed: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return parsed


def import_time(client: GeneratedClient, runs: int) -> dict[str, Any]:
    """Median seconds of ``import <package>`` plus ``Client(...)`` in fresh interpreters."""
    samples = [
        _probe(client.python, IMPORT_PROBE, str(client.root), client.package) for _ in range(runs)
    ]
    return {
        "seconds": median([s["seconds"] for s in samples]),
        "cpu_seconds": median([s["cpu_seconds"] for s in samples]),
        "samples": [s["seconds"] for s in samples],
        "modules": samples[-1]["modules"],
        "package_modules": samples[-1]["package_modules"],
    }


def call_overhead(
    client: GeneratedClient,
    operation: dict[str, str],
    body: Path,
    baseline: tuple[Path, str],
    *,
    rounds: int,
    calls: int,
) -> dict[str, Any]:
    """First call (time, modules it loads) and per-call cost, sync and async, next to raw
    httpx + ``TypeAdapter.validate_json`` in the same process."""
    result = _probe(
        client.python,
        CALL_PROBE,
        str(client.root),
        client.package,
        json.dumps(operation),
        str(body),
        str(baseline[0]),
        baseline[1],
        str(rounds),
        str(calls),
        timeout=900.0,
    )
    result["sync_ratio"] = result["client_sync"] / result["raw_sync"]
    result["async_ratio"] = result["client_async"] / result["raw_async"]
    result["sync_ratio_same_headers"] = result["client_sync"] / result["raw_headers_sync"]
    return result


def clients(
    ours: Path, ours_package: str, theirs: Path | None, theirs_package: str, peer: Peer
) -> list[GeneratedClient]:
    found = [GeneratedClient("sdkgen", sys.executable, ours, ours_package)]
    if theirs is not None:
        found.append(
            GeneratedClient("openapi-python-client", str(peer.python), theirs, theirs_package)
        )
    return found
