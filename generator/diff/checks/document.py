"""Document-wide prose: the API title and description. ``info.version`` is not compared: it
changes with every release by design."""

from __future__ import annotations

from typing import Any

from generator.diff.findings import presence, text
from generator.diff.model import Change
from generator.diff.rule import Rule, doc_rule, emit
from generator.diff.sources import Side

API_TITLE_CHANGED = doc_rule("api-title-changed", "the API title changed")
API_DESCRIPTION_CHANGED = doc_rule("api-description-changed", "the API description changed")

RULES: tuple[Rule, ...] = (API_TITLE_CHANGED, API_DESCRIPTION_CHANGED)


def _info(document: dict[str, Any]) -> dict[str, Any]:
    info = document.get("info")
    return info if isinstance(info, dict) else {}


def compare_info(base: Side, revision: Side) -> list[Change]:
    changes: list[Change] = []
    old_info, new_info = _info(base.document), _info(revision.document)
    old_title, new_title = text(old_info.get("title")), text(new_info.get("title"))
    if old_title != new_title:
        changes.append(
            emit(API_TITLE_CHANGED, f"title changed from {old_title!r} to {new_title!r}")
        )
    before, after = text(old_info.get("description")), text(new_info.get("description"))
    if before != after:
        changes.append(emit(API_DESCRIPTION_CHANGED, f"API description {presence(before, after)}"))
    return changes
