"""The provenance record beside each snapshot: where its document came from.

``specs/<api>/<stage>.provenance.json`` records the API (id, name, kind), the stage, the export
options, the region, the source (AWS or the embedded emulator), the sha256 of the snapshot it
describes, and the deployment the stage served when that document was pulled.

A record describes a document, not a pull: when a pull gives the same document and the same
origin as the record on disk, the record is kept as it is, even if the stage has been
redeployed since (same API, new deployment id). So a pull that changes no document changes no
file, and the deployment id stays the one that first served this exact document.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from generator.sources.snapshot import canonical_json

# Fields that say when the document was seen, not what it is or where it came from.
_MOMENT_FIELDS = frozenset({"deployment_id"})


def provenance_record(origin: dict[str, Any], snapshot: bytes) -> dict[str, Any]:
    """``origin`` (api, kind, stage, deployment, export options, region, source) plus the
    sha256 of the snapshot bytes it describes."""
    return {**origin, "sha256": hashlib.sha256(snapshot).hexdigest()}


def _lasting(record: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in record.items() if key not in _MOMENT_FIELDS}


def provenance_bytes(path: Path, record: dict[str, Any]) -> bytes:
    """What to write at ``path``: the record already there when it describes the same document
    from the same origin (only the deployment id may differ), else ``record``."""
    try:
        current = path.read_bytes()
        existing = json.loads(current)
    except (OSError, ValueError):
        return canonical_json(record)
    if isinstance(existing, dict) and _lasting(existing) == _lasting(record):
        return current
    return canonical_json(record)
