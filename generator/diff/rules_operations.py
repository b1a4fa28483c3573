"""Operations added, removed, deprecated; their names and documentation; path variables.

An operation removed is breaking even when it was deprecated first: its generated method
disappears from the client either way (the text says whether it was deprecated).
"""

from __future__ import annotations

from typing import Any

from generator.diff.catalog import change
from generator.diff.context import text_of
from generator.diff.match import OperationPair
from generator.diff.model import Change
from generator.spec.normalize import X_SYNTHESIZED_ID, template_variables


def existence(pair: OperationPair) -> list[Change]:
    """``operation-added`` / ``operation-removed`` for an operation on one side only."""
    if pair.base is None:
        return [change("operation-added", "operation added", operation=pair.label, path=pair.path)]
    if pair.revision is None:
        was = " (it was deprecated)" if pair.base.operation.get("deprecated") is True else ""
        return [
            change(
                "operation-removed",
                f"operation removed{was}",
                operation=pair.label,
                path=pair.path,
            )
        ]
    return []


def metadata(pair: OperationPair) -> list[Change]:
    """Deprecation, operationId, summary, description, tags and path-variable names."""
    assert pair.base is not None and pair.revision is not None
    old, new = pair.base.operation, pair.revision.operation
    changes: list[Change] = []

    def add(rule_id: str, text: str) -> None:
        changes.append(change(rule_id, text, operation=pair.label, path=pair.path))

    old_deprecated, new_deprecated = old.get("deprecated") is True, new.get("deprecated") is True
    if new_deprecated and not old_deprecated:
        add("operation-deprecated", "operation deprecated")
    elif old_deprecated and not new_deprecated:
        add("operation-reactivated", "operation no longer deprecated")
    if old.get("operationId") != new.get("operationId"):
        add("operation-id-changed", _operation_id_text(old, new))
    for keyword, rule_id in (
        ("summary", "operation-summary-changed"),
        ("description", "operation-description-changed"),
    ):
        before, after = text_of(old.get(keyword)), text_of(new.get(keyword))
        if before != after:
            verb = "added" if before is None else "removed" if after is None else "changed"
            add(rule_id, f"{keyword} {verb}")
    old_tags, new_tags = _tags(old), _tags(new)
    if old_tags != new_tags:
        add("operation-tags-changed", f"tags changed from {old_tags} to {new_tags}")
    old_vars = template_variables(pair.base.path)
    new_vars = template_variables(pair.revision.path)
    for before, after in zip(old_vars, new_vars, strict=False):
        if before != after:
            add(
                "request-path-parameter-renamed",
                f"path parameter {before!r} renamed to {after!r}",
            )
    return changes


def _operation_id_text(old: dict[str, Any], new: dict[str, Any]) -> str:
    def shown(op: dict[str, Any]) -> str:
        synthesized = " (synthesized)" if op.get(X_SYNTHESIZED_ID) else ""
        return f"{op.get('operationId')!r}{synthesized}"

    return f"operationId changed from {shown(old)} to {shown(new)}"


def _tags(op: dict[str, Any]) -> list[str]:
    tags = op.get("tags")
    return [str(t) for t in tags] if isinstance(tags, list) else []
