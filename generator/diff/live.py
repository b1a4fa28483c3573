"""Diff sides given as a configured ``api/stage``: the stage's export, pulled live."""

from __future__ import annotations

import re
from pathlib import Path

from generator.diff.sources import Side, load_side, side_from_document
from generator.spec.load import parse_document

_API_STAGE = re.compile(r"^([A-Za-z0-9_.-]+)/([A-Za-z0-9_$-]+)$")


def is_live_ref(ref: str, config_path: Path) -> bool:
    """``api/stage`` naming a configured API, and not an existing file."""
    if ref.startswith("git:") or Path(ref).exists() or not _API_STAGE.match(ref):
        return False
    if not config_path.is_file():
        return False
    from generator.config import load_config

    name = ref.split("/", 1)[0]
    return any(api.name == name for api in load_config(config_path).apis)


def pull_side(ref: str, config_path: Path) -> Side:
    """Export the stage ``api/stage`` of the configured fleet now, without writing files."""
    from generator.config import load_config
    from generator.sources.fetch import Fetcher
    from generator.sources.targets import fleet_targets

    match = _API_STAGE.match(ref)
    assert match is not None
    api, stage = match.groups()
    config = load_config(config_path)
    (target,) = fleet_targets(config, apis=[api], stages=[stage])
    snapshot = Fetcher().fetch(target).snapshot
    return side_from_document(parse_document(snapshot, ref).data, ref)


def load_any_side(ref: str, *, repo: Path, config_path: Path) -> Side:
    """A file, ``git:REF:PATH`` or a configured ``api/stage`` (pulled live)."""
    if is_live_ref(ref, config_path):
        return pull_side(ref, config_path)
    return load_side(ref, repo=repo)
