"""Object properties: added, removed, required or not, deprecated, their stability and sunset,
and ``readOnly`` / ``writeOnly`` read per direction.

A ``readOnly`` property is not part of a request (callers do not send it), a ``writeOnly`` one
not part of a response (the server does not return it). So a property that becomes readOnly
leaves the request contract (info: the server ignores it) and one that stops being readOnly
enters it (required: breaking); a response property that becomes writeOnly is no longer
returned: a warning rather than a removal (oasdiff: info), since the document now says readers
never get it and the typed client's model for the new version does not expect it.
"""

from __future__ import annotations

from typing import Any

from generator.diff.checks import lifecycle
from generator.diff.findings import Finding
from generator.diff.options import DiffOptions
from generator.diff.rule import Direction, Rule

REQUEST_PROPERTY_ADDED_REQUIRED = "request-property-added-required"
REQUEST_PROPERTY_ADDED_OPTIONAL = "request-property-added-optional"
REQUEST_PROPERTY_REMOVED = "request-property-removed"
REQUEST_PROPERTY_BECAME_REQUIRED = "request-property-became-required"
REQUEST_PROPERTY_BECAME_OPTIONAL = "request-property-became-optional"
REQUEST_PROPERTY_BECAME_READ_ONLY = "request-property-became-read-only"
REQUEST_PROPERTY_DEPRECATED = "request-property-deprecated"
REQUEST_PROPERTY_REACTIVATED = "request-property-reactivated"
REQUEST_PROPERTY_SUNSET_INVALID = "request-property-sunset-invalid"
REQUEST_PROPERTY_SUNSET_MISSING = "request-property-sunset-missing"
REQUEST_PROPERTY_SUNSET_TOO_SOON = "request-property-sunset-too-soon"
REQUEST_PROPERTY_STABILITY_DECREASED = "request-property-stability-decreased"
REQUEST_PROPERTY_STABILITY_INCREASED = "request-property-stability-increased"
RESPONSE_PROPERTY_ADDED = "response-property-added"
RESPONSE_REQUIRED_PROPERTY_REMOVED = "response-required-property-removed"
RESPONSE_OPTIONAL_PROPERTY_REMOVED = "response-optional-property-removed"
RESPONSE_PROPERTY_BECAME_OPTIONAL = "response-property-became-optional"
RESPONSE_PROPERTY_BECAME_REQUIRED = "response-property-became-required"
RESPONSE_PROPERTY_BECAME_WRITE_ONLY = "response-property-became-write-only"
RESPONSE_PROPERTY_DEPRECATED = "response-property-deprecated"
RESPONSE_PROPERTY_REACTIVATED = "response-property-reactivated"
RESPONSE_PROPERTY_SUNSET_INVALID = "response-property-sunset-invalid"
RESPONSE_PROPERTY_SUNSET_MISSING = "response-property-sunset-missing"
RESPONSE_PROPERTY_SUNSET_TOO_SOON = "response-property-sunset-too-soon"
RESPONSE_PROPERTY_STABILITY_DECREASED = "response-property-stability-decreased"
RESPONSE_PROPERTY_STABILITY_INCREASED = "response-property-stability-increased"

RULES: tuple[Rule, ...] = (
    Rule(REQUEST_PROPERTY_ADDED_REQUIRED, "breaking", "a required request property was added"),
    Rule(REQUEST_PROPERTY_ADDED_OPTIONAL, "info", "an optional request property was added"),
    Rule(REQUEST_PROPERTY_REMOVED, "warning", "a request property was removed"),
    Rule(REQUEST_PROPERTY_BECAME_REQUIRED, "breaking", "a request property became required"),
    Rule(REQUEST_PROPERTY_BECAME_OPTIONAL, "info", "a request property became optional"),
    Rule(
        REQUEST_PROPERTY_BECAME_READ_ONLY,
        "info",
        "a request property became readOnly (callers no longer send it)",
    ),
    Rule(REQUEST_PROPERTY_DEPRECATED, "info", "a request property was deprecated"),
    Rule(REQUEST_PROPERTY_REACTIVATED, "info", "a request property is no longer deprecated"),
    Rule(
        REQUEST_PROPERTY_SUNSET_INVALID,
        "breaking",
        "a deprecated request property's x-sunset is not a date",
    ),
    Rule(
        REQUEST_PROPERTY_SUNSET_MISSING,
        "breaking",
        "a request property was deprecated without the x-sunset date the policy requires",
    ),
    Rule(
        REQUEST_PROPERTY_SUNSET_TOO_SOON,
        "breaking",
        "a request property was deprecated with an x-sunset date too close",
    ),
    Rule(
        REQUEST_PROPERTY_STABILITY_DECREASED,
        "breaking",
        "a request property's x-stability-level decreased",
    ),
    Rule(
        REQUEST_PROPERTY_STABILITY_INCREASED,
        "info",
        "a request property's x-stability-level increased",
    ),
    Rule(RESPONSE_PROPERTY_ADDED, "info", "a response property was added"),
    Rule(
        RESPONSE_REQUIRED_PROPERTY_REMOVED, "breaking", "a required response property was removed"
    ),
    Rule(
        RESPONSE_OPTIONAL_PROPERTY_REMOVED, "warning", "an optional response property was removed"
    ),
    Rule(RESPONSE_PROPERTY_BECAME_OPTIONAL, "breaking", "a response property became optional"),
    Rule(RESPONSE_PROPERTY_BECAME_REQUIRED, "info", "a response property became required"),
    Rule(
        RESPONSE_PROPERTY_BECAME_WRITE_ONLY,
        "warning",
        "a response property became writeOnly: the server no longer returns it",
    ),
    Rule(RESPONSE_PROPERTY_DEPRECATED, "info", "a response property was deprecated"),
    Rule(RESPONSE_PROPERTY_REACTIVATED, "info", "a response property is no longer deprecated"),
    Rule(
        RESPONSE_PROPERTY_SUNSET_INVALID,
        "breaking",
        "a deprecated response property's x-sunset is not a date",
    ),
    Rule(
        RESPONSE_PROPERTY_SUNSET_MISSING,
        "breaking",
        "a response property was deprecated without the x-sunset date the policy requires",
    ),
    Rule(
        RESPONSE_PROPERTY_SUNSET_TOO_SOON,
        "breaking",
        "a response property was deprecated with an x-sunset date too close",
    ),
    Rule(
        RESPONSE_PROPERTY_STABILITY_DECREASED,
        "breaking",
        "a response property's x-stability-level decreased",
    ),
    Rule(
        RESPONSE_PROPERTY_STABILITY_INCREASED,
        "info",
        "a response property's x-stability-level increased",
    ),
)
_BY_ID = {rule.id: rule for rule in RULES}

_DEPRECATION = {
    "request": {
        "deprecated": REQUEST_PROPERTY_DEPRECATED,
        "reactivated": REQUEST_PROPERTY_REACTIVATED,
        "sunset-invalid": REQUEST_PROPERTY_SUNSET_INVALID,
        "sunset-missing": REQUEST_PROPERTY_SUNSET_MISSING,
        "sunset-too-soon": REQUEST_PROPERTY_SUNSET_TOO_SOON,
        "decreased": REQUEST_PROPERTY_STABILITY_DECREASED,
        "increased": REQUEST_PROPERTY_STABILITY_INCREASED,
    },
    "response": {
        "deprecated": RESPONSE_PROPERTY_DEPRECATED,
        "reactivated": RESPONSE_PROPERTY_REACTIVATED,
        "sunset-invalid": RESPONSE_PROPERTY_SUNSET_INVALID,
        "sunset-missing": RESPONSE_PROPERTY_SUNSET_MISSING,
        "sunset-too-soon": RESPONSE_PROPERTY_SUNSET_TOO_SOON,
        "decreased": RESPONSE_PROPERTY_STABILITY_DECREASED,
        "increased": RESPONSE_PROPERTY_STABILITY_INCREASED,
    },
}


def _found(rule_id: str, detail: str) -> Finding:
    return Finding(_BY_ID[rule_id], (), detail, "property")


def hidden(schema: dict[str, Any], direction: Direction) -> bool:
    """Whether a property schema is absent from this direction's contract."""
    return schema.get("readOnly" if direction == "request" else "writeOnly") is True


def appeared(required: bool, direction: Direction, *, was_hidden: bool) -> Finding:
    why = " (it was readOnly)" if was_hidden and direction == "request" else ""
    if direction == "response":
        return _found(
            RESPONSE_PROPERTY_ADDED, "was added" + (" (it was writeOnly)" if was_hidden else "")
        )
    if required:
        return _found(REQUEST_PROPERTY_ADDED_REQUIRED, f"was added as required{why}")
    return _found(REQUEST_PROPERTY_ADDED_OPTIONAL, f"was added as optional{why}")


def disappeared(required: bool, direction: Direction, *, now_hidden: bool) -> Finding:
    if direction == "request":
        if now_hidden:
            return _found(REQUEST_PROPERTY_BECAME_READ_ONLY, "became readOnly")
        return _found(REQUEST_PROPERTY_REMOVED, "was removed")
    if now_hidden:
        was = " (it was required)" if required else ""
        return _found(RESPONSE_PROPERTY_BECAME_WRITE_ONLY, f"became writeOnly{was}")
    if required:
        return _found(RESPONSE_REQUIRED_PROPERTY_REMOVED, "was removed (it was required)")
    return _found(RESPONSE_OPTIONAL_PROPERTY_REMOVED, "was removed (it was optional)")


_LIFECYCLE_KEYS = ("deprecated", lifecycle.SUNSET, lifecycle.STABILITY)


def compare_kept(
    old: dict[str, Any],
    new: dict[str, Any],
    old_required: bool,
    new_required: bool,
    direction: Direction,
    options: DiffOptions,
) -> list[Finding]:
    """Requiredness, deprecation and stability of a property present on both sides."""
    found: list[Finding] = []
    if old_required != new_required:
        if direction == "request":
            rule_id = (
                REQUEST_PROPERTY_BECAME_REQUIRED
                if new_required
                else REQUEST_PROPERTY_BECAME_OPTIONAL
            )
        else:
            rule_id = (
                RESPONSE_PROPERTY_BECAME_REQUIRED
                if new_required
                else RESPONSE_PROPERTY_BECAME_OPTIONAL
            )
        found.append(_found(rule_id, f"became {'required' if new_required else 'optional'}"))
    if not any(key in old or key in new for key in _LIFECYCLE_KEYS):
        return found  # the common case: no lifecycle extension on either side
    ids = _DEPRECATION[direction]
    for verdict, detail in lifecycle.deprecation_verdicts(old, new, options):
        rule = ids.get(verdict)
        if rule is not None:
            found.append(_found(rule, detail))
    stability = lifecycle.stability_verdict(old, new)
    if stability is not None and stability[0] in ids:
        found.append(_found(ids[stability[0]], stability[1]))
    return found
