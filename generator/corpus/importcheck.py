"""Import a generated client in a fresh interpreter and reach every operation of its manifest."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from generator.corpus.processes import Finished, run_bounded

# Runs under ``python -I``: nothing of the generator is importable, only the client.
SCRIPT = """
import asyncio, importlib, json, os, sys
sys.path.insert(0, sys.argv[1])
package = importlib.import_module(sys.argv[2])
importlib.import_module(sys.argv[2] + ".models")
with open(os.path.join(package.__path__[0], "manifest.json"), encoding="utf-8") as f:
    manifest = json.load(f)
missing = []
for factory in (package.Client, package.AsyncClient):
    client = factory(base_url="http://127.0.0.1:9")
    for op in manifest["operations"]:
        resource = client
        for level in op["resource"].split("."):  # nested resources: orders.items
            resource = getattr(resource, level, None)
        if not callable(getattr(resource, op["python_name"], None)):
            missing.append(f"{factory.__name__}.{op['resource']}.{op['python_name']}")
    if factory is package.Client:
        client.close()
    else:
        asyncio.run(client.close())
print("SDKGEN-IMPORT " + json.dumps({"missing": missing}))
"""


def check_import(project: Path, import_name: str, *, timeout: float) -> tuple[bool, str]:
    """(ok, problem): the package imports and every manifest operation is a method."""
    finished: Finished = run_bounded(
        [sys.executable, "-I", "-c", SCRIPT, str(project), import_name], timeout=timeout
    )
    if finished.timed_out:
        return False, f"import timed out after {timeout:.0f}s"
    for line in finished.stdout.splitlines():
        if line.startswith("SDKGEN-IMPORT "):
            missing = json.loads(line.removeprefix("SDKGEN-IMPORT "))["missing"]
            if missing:
                return False, f"operations not reachable: {', '.join(missing[:5])}"
            return True, ""
    lines = finished.stderr.strip().splitlines()
    return False, (lines[-1] if lines else f"exit code {finished.returncode}")[:500]
