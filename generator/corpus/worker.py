"""Generate one document in this process and print what happened as one JSON line.

Run as ``python -m generator.corpus.worker SPEC OUT NAME MEMORY_MB``; the runner starts it in a
subprocess with a timeout and a memory limit, so a hang or crash costs one document only.
"""

from __future__ import annotations

import json
import sys
import time
import traceback
from pathlib import Path
from typing import Any

from generator.corpus import expected
from generator.corpus.processes import limit_memory
from generator.errors import DocumentError, SdkgenError

RESULT_MARKER = "SDKGEN-CORPUS-RESULT "


def untyped_returns(doc: dict[str, Any], operations: list[dict[str, Any]]) -> list[str]:
    """Operations returning ``Any`` although the document gives a schema for every JSON
    success response (one JSON response without a schema makes ``Any`` the right type)."""
    degraded: list[str] = []
    for op in operations:
        if op["returns"] != "Any":
            continue
        raw = expected.operation_object(doc, op["method"], op["path"])
        if raw is None:
            continue
        schemas = expected.success_schemas(doc, raw)
        if schemas and all(expected.is_typed_schema(doc, s) for s in schemas):
            degraded.append(f"{op['method']} {op['path']}")
    return degraded


def typed_success_count(doc: dict[str, Any]) -> int:
    count = 0
    for method, path in expected.operations(doc):
        raw = expected.operation_object(doc, method, path)
        schemas = expected.success_schemas(doc, raw) if raw is not None else []
        count += any(expected.is_typed_schema(doc, s) for s in schemas)
    return count


def run(spec: Path, out: Path, name: str) -> dict[str, Any]:
    from generator.pipeline import generate
    from generator.spec.load import load_file

    started = time.monotonic()
    result: dict[str, Any] = {"status": "generated"}
    try:
        try:
            doc = load_file(spec).data
            result["expected"] = expected.operations(doc)
            result["typed_success"] = typed_success_count(doc)
        except DocumentError:
            doc = {}
        prepared = generate(spec, out, name=name)
    except DocumentError as exc:
        result |= {
            "status": "rejected",
            "error_type": type(exc).__name__,
            "message": str(exc),
            "diagnostics": [d.to_text() for d in exc.diagnostics[:10]],
        }
    except SdkgenError as exc:
        result |= {"status": "error", "error_type": type(exc).__name__, "message": str(exc)}
    except Exception as exc:  # a traceback is what the runner reports
        result |= {
            "status": "crash",
            "error_type": type(exc).__name__,
            "message": str(exc)[:2000],
            "traceback": traceback.format_exc()[-6000:],
        }
    else:
        manifest = json.loads(next(out.glob("*/manifest.json")).read_text(encoding="utf-8"))
        result |= {
            "import_name": manifest["package"]["import"],
            "models": len(prepared.api.models),
            "untyped_returns": untyped_returns(doc, manifest["operations"]),
        }
    result["seconds"] = round(time.monotonic() - started, 3)
    return result


def main(argv: list[str]) -> int:
    spec, out, name, memory_mb = argv
    limit_memory(int(memory_mb))
    result = run(Path(spec), Path(out), name)
    print(RESULT_MARKER + json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
