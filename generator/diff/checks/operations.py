"""Operations added and removed, their lifecycle (deprecation, ``x-sunset``,
``x-stability-level``), names and documentation, path variable names.

Removal follows the deprecation policy, as in oasdiff: removing an operation that was not
deprecated, or before its sunset date, is breaking; removing a deprecated operation after its
sunset date (or one deprecated without a date) is not a wire break. The generated method still
disappears, which the client-surface rule ``client-method-removed`` reports as breaking for the
package's semver. Operations at ``x-stability-level`` draft or alpha may change without notice:
the engine marks their changes as exempt (see :mod:`generator.diff.engine`).
"""

from __future__ import annotations

from typing import Any

from generator.diff.checks import lifecycle
from generator.diff.findings import presence, text
from generator.diff.match import OperationPair
from generator.diff.model import Change
from generator.diff.options import DiffOptions
from generator.diff.rule import Rule, doc_rule, emit
from generator.spec.normalize import X_SYNTHESIZED_ID, template_variables

OPERATION_ADDED = Rule("operation-added", "info", "an operation was added")
OPERATION_REMOVED = Rule(
    "operation-removed", "breaking", "an operation was removed without being deprecated first"
)
OPERATION_REMOVED_BEFORE_SUNSET = Rule(
    "operation-removed-before-sunset",
    "breaking",
    "a deprecated operation was removed before its x-sunset date",
)
OPERATION_REMOVED_AFTER_DEPRECATION = Rule(
    "operation-removed-after-deprecation",
    "info",
    "a deprecated operation was removed after its x-sunset date (or it had none)",
)
OPERATION_DEPRECATED = Rule("operation-deprecated", "warning", "an operation was deprecated")
OPERATION_REACTIVATED = Rule(
    "operation-reactivated", "info", "an operation is no longer deprecated"
)
OPERATION_SUNSET_INVALID = Rule(
    "operation-sunset-invalid", "breaking", "a deprecated operation's x-sunset is not a date"
)
OPERATION_SUNSET_MISSING = Rule(
    "operation-sunset-missing",
    "breaking",
    "an operation was deprecated without the x-sunset date the policy requires",
)
OPERATION_SUNSET_TOO_SOON = Rule(
    "operation-sunset-too-soon",
    "breaking",
    "an operation was deprecated with an x-sunset date closer than the policy allows",
)
OPERATION_SUNSET_REMOVED = Rule(
    "operation-sunset-removed",
    "breaking",
    "the x-sunset date of a deprecated operation was removed",
)
OPERATION_SUNSET_MOVED_EARLIER = Rule(
    "operation-sunset-moved-earlier",
    "breaking",
    "the x-sunset date of a deprecated operation moved earlier than the policy allows",
)
OPERATION_STABILITY_DECREASED = Rule(
    "operation-stability-decreased",
    "breaking",
    "an operation's x-stability-level decreased (e.g. stable to beta)",
)
OPERATION_STABILITY_INCREASED = Rule(
    "operation-stability-increased", "info", "an operation's x-stability-level increased"
)
OPERATION_STABILITY_INVALID = Rule(
    "operation-stability-invalid",
    "breaking",
    "an operation's x-stability-level is not draft, alpha, beta or stable",
)
OPERATION_ID_CHANGED = doc_rule("operation-id-changed", "the operationId changed")
OPERATION_SUMMARY_CHANGED = doc_rule("operation-summary-changed", "the operation summary changed")
OPERATION_DESCRIPTION_CHANGED = doc_rule(
    "operation-description-changed", "the operation description changed"
)
OPERATION_TAGS_CHANGED = doc_rule("operation-tags-changed", "the operation tags changed")
REQUEST_PATH_PARAMETER_RENAMED = doc_rule(
    "request-path-parameter-renamed", "a path parameter was renamed (not visible on the wire)"
)

RULES: tuple[Rule, ...] = (
    OPERATION_ADDED,
    OPERATION_REMOVED,
    OPERATION_REMOVED_BEFORE_SUNSET,
    OPERATION_REMOVED_AFTER_DEPRECATION,
    OPERATION_DEPRECATED,
    OPERATION_REACTIVATED,
    OPERATION_SUNSET_INVALID,
    OPERATION_SUNSET_MISSING,
    OPERATION_SUNSET_TOO_SOON,
    OPERATION_SUNSET_REMOVED,
    OPERATION_SUNSET_MOVED_EARLIER,
    OPERATION_STABILITY_DECREASED,
    OPERATION_STABILITY_INCREASED,
    OPERATION_STABILITY_INVALID,
    OPERATION_ID_CHANGED,
    OPERATION_SUMMARY_CHANGED,
    OPERATION_DESCRIPTION_CHANGED,
    OPERATION_TAGS_CHANGED,
    REQUEST_PATH_PARAMETER_RENAMED,
)
# Changes that judge the stability level itself are never exempt because of it.
STABILITY_RULES = frozenset(
    {
        OPERATION_STABILITY_DECREASED.id,
        OPERATION_STABILITY_INCREASED.id,
        OPERATION_STABILITY_INVALID.id,
    }
)

_REMOVAL = {
    "removed": OPERATION_REMOVED,
    "removed-before-sunset": OPERATION_REMOVED_BEFORE_SUNSET,
    "removed-after-deprecation": OPERATION_REMOVED_AFTER_DEPRECATION,
    "sunset-invalid": OPERATION_SUNSET_INVALID,
}
_DEPRECATION = {
    "deprecated": OPERATION_DEPRECATED,
    "reactivated": OPERATION_REACTIVATED,
    "sunset-invalid": OPERATION_SUNSET_INVALID,
    "sunset-missing": OPERATION_SUNSET_MISSING,
    "sunset-too-soon": OPERATION_SUNSET_TOO_SOON,
    "sunset-removed": OPERATION_SUNSET_REMOVED,
    "sunset-moved-earlier": OPERATION_SUNSET_MOVED_EARLIER,
}
_STABILITY = {
    "decreased": OPERATION_STABILITY_DECREASED,
    "increased": OPERATION_STABILITY_INCREASED,
    "invalid": OPERATION_STABILITY_INVALID,
}


def existence(pair: OperationPair, options: DiffOptions) -> list[Change]:
    """An operation on one side only: added, or removed (judged by its deprecation)."""
    if pair.base is None:
        return [emit(OPERATION_ADDED, "operation added", operation=pair.label, path=pair.path)]
    if pair.revision is None:
        verdict, detail = lifecycle.removal_verdict(pair.base.operation, options)
        changes = [
            emit(_REMOVAL[verdict], f"operation {detail}", operation=pair.label, path=pair.path)
        ]
        stability = lifecycle.stability(pair.base.operation)
        if stability.invalid is not None:
            changes.append(
                emit(
                    OPERATION_STABILITY_INVALID,
                    f"x-stability-level {stability.invalid!r} is not one of "
                    f"{', '.join(lifecycle.STABILITY_LEVELS)}",
                    operation=pair.label,
                    path=pair.path,
                )
            )
        return changes
    return []


def lifecycle_changes(pair: OperationPair, options: DiffOptions) -> list[Change]:
    """Deprecation, sunset and stability of an operation on both sides."""
    assert pair.base is not None and pair.revision is not None
    old, new = pair.base.operation, pair.revision.operation
    changes: list[Change] = []
    for verdict, detail in lifecycle.deprecation_verdicts(old, new, options):
        changes.append(
            emit(_DEPRECATION[verdict], f"operation {detail}", operation=pair.label, path=pair.path)
        )
    stability = lifecycle.stability_verdict(old, new)
    if stability is not None:
        changes.append(
            emit(_STABILITY[stability[0]], stability[1], operation=pair.label, path=pair.path)
        )
    return changes


def metadata(pair: OperationPair) -> list[Change]:
    """operationId, summary, description, tags and path-variable names."""
    assert pair.base is not None and pair.revision is not None
    old, new = pair.base.operation, pair.revision.operation
    changes: list[Change] = []

    def add(rule: Rule, detail: str) -> None:
        changes.append(emit(rule, detail, operation=pair.label, path=pair.path))

    if old.get("operationId") != new.get("operationId"):
        add(OPERATION_ID_CHANGED, _operation_id_text(old, new))
    for keyword, rule in (
        ("summary", OPERATION_SUMMARY_CHANGED),
        ("description", OPERATION_DESCRIPTION_CHANGED),
    ):
        before, after = text(old.get(keyword)), text(new.get(keyword))
        if before != after:
            add(rule, f"{keyword} {presence(before, after)}")
    old_tags, new_tags = _tags(old), _tags(new)
    if old_tags != new_tags:
        add(OPERATION_TAGS_CHANGED, f"tags changed from {old_tags} to {new_tags}")
    if pair.base.kind == "path":
        old_vars = template_variables(pair.base.path)
        new_vars = template_variables(pair.revision.path)
        for before_var, after_var in zip(old_vars, new_vars, strict=False):
            if before_var != after_var:
                add(
                    REQUEST_PATH_PARAMETER_RENAMED,
                    f"path parameter {before_var!r} renamed to {after_var!r}",
                )
    return changes


def exempt_reason(pair: OperationPair) -> str | None:
    """Why changes of this operation do not count: it is draft or alpha (before the change for
    a removed operation, after it otherwise)."""
    view = pair.revision or pair.base
    assert view is not None
    level = lifecycle.stability(view.operation)
    if level.unstable:
        return f"the operation is {level.level} (x-stability-level): it may change without notice"
    return None


def _operation_id_text(old: dict[str, Any], new: dict[str, Any]) -> str:
    def shown(op: dict[str, Any]) -> str:
        synthesized = " (synthesized)" if op.get(X_SYNTHESIZED_ID) else ""
        return f"{op.get('operationId')!r}{synthesized}"

    return f"operationId changed from {shown(old)} to {shown(new)}"


def _tags(op: dict[str, Any]) -> list[str]:
    tags = op.get("tags")
    return [str(t) for t in tags] if isinstance(tags, list) else []
