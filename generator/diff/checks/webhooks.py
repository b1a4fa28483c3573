"""Webhooks (OpenAPI 3.1 ``webhooks``) and callbacks: requests the API sends to its consumers.

The roles are reversed: the API is the caller and the consumer the receiver. So a webhook's or
callback's payload (its ``requestBody``) is compared as what consumers *receive*, in the
response direction, with the ``response-body-*`` rules (a property the API stops sending is a
removed response property, a new enum value a warning...), unlike oasdiff, which compares them
as requests. A webhook or callback removed means consumers stop receiving events: breaking.
What consumers answer (the webhook's responses) is not compared.
"""

from __future__ import annotations

from typing import Any

from generator.diff.checks import media_types
from generator.diff.context import DiffContext, Location, content_map, media_schema
from generator.diff.match import OperationPair
from generator.diff.model import Change
from generator.diff.rule import Rule, emit
from generator.spec.keys import OPERATION_KEYS
from generator.spec.normalize import operation_method

WEBHOOK_ADDED = Rule("webhook-added", "info", "a webhook was added")
WEBHOOK_REMOVED = Rule(
    "webhook-removed", "breaking", "a webhook was removed: consumers stop receiving its events"
)
CALLBACK_ADDED = Rule("callback-added", "info", "a callback was added to an operation")
CALLBACK_REMOVED = Rule(
    "callback-removed",
    "breaking",
    "a callback of an operation was removed: consumers stop receiving its requests",
)
PAYLOAD_ADDED = Rule("webhook-payload-added", "info", "a webhook or callback now sends a payload")
PAYLOAD_REMOVED = Rule(
    "webhook-payload-removed",
    "breaking",
    "a webhook or callback no longer sends a payload consumers read",
)
PAYLOAD_MEDIA_TYPE_ADDED = Rule(
    "webhook-payload-media-type-added",
    "warning",
    "a webhook or callback may send a payload of another media type",
)
PAYLOAD_MEDIA_TYPE_REMOVED = Rule(
    "webhook-payload-media-type-removed",
    "info",
    "a webhook or callback no longer sends a payload of a media type",
)

RULES = (
    WEBHOOK_ADDED,
    WEBHOOK_REMOVED,
    CALLBACK_ADDED,
    CALLBACK_REMOVED,
    PAYLOAD_ADDED,
    PAYLOAD_REMOVED,
    PAYLOAD_MEDIA_TYPE_ADDED,
    PAYLOAD_MEDIA_TYPE_REMOVED,
)


def existence(pair: OperationPair) -> list[Change]:
    if pair.base is None:
        return [emit(WEBHOOK_ADDED, "webhook added", operation=pair.label, path=pair.path)]
    if pair.revision is None:
        return [emit(WEBHOOK_REMOVED, "webhook removed", operation=pair.label, path=pair.path)]
    return []


def compare_payload(
    ctx: DiffContext, where: Location, old_op: dict[str, Any], new_op: dict[str, Any], label: str
) -> list[Change]:
    """The payload (``requestBody``) the API sends, as consumers read it."""
    old_raw, new_raw = old_op.get("requestBody"), new_op.get("requestBody")
    changes: list[Change] = []

    def add(rule: Rule, detail: str) -> None:
        changes.append(emit(rule, f"{label}: {detail}", operation=where.label, path=where.path))

    if old_raw is None and new_raw is None:
        return changes
    if old_raw is None:
        add(PAYLOAD_ADDED, "payload added")
        return changes
    if new_raw is None:
        add(PAYLOAD_REMOVED, "payload removed")
        return changes
    old_media = content_map(ctx.base_mapping(old_raw))
    new_media = content_map(ctx.revision_mapping(new_raw))
    replaced, removed, added = media_types.pair_up(set(old_media), set(new_media))
    for media_type in sorted(removed):
        add(PAYLOAD_MEDIA_TYPE_REMOVED, f"payload media type {media_type!r} removed")
    for media_type in sorted(added):
        add(PAYLOAD_MEDIA_TYPE_ADDED, f"payload media type {media_type!r} added")
    compared = [(m, m) for m in sorted(set(old_media) & set(new_media))] + replaced
    seen: set[Change] = set()
    for before_type, after_type in compared:
        for item in ctx.compare_schemas(
            media_schema(old_media[before_type]),
            media_schema(new_media[after_type]),
            place="response-body",
            where=f"{label} payload",
            pair=where,
        ):
            if item not in seen:
                seen.add(item)
                changes.append(item)
    return changes


def compare_webhook(ctx: DiffContext, pair: OperationPair) -> list[Change]:
    assert pair.base is not None and pair.revision is not None
    where = Location(pair.label, pair.path)
    return compare_payload(ctx, where, pair.base.operation, pair.revision.operation, "webhook")


def _callbacks(
    ctx_mapping: Any, operation: dict[str, Any]
) -> dict[str, dict[tuple[str, str], dict[str, Any]]]:
    """name -> (expression, METHOD) -> operation."""
    found: dict[str, dict[tuple[str, str], dict[str, Any]]] = {}
    raw = operation.get("callbacks")
    for name, callback in raw.items() if isinstance(raw, dict) else ():
        resolved = ctx_mapping(callback)
        ops: dict[tuple[str, str], dict[str, Any]] = {}
        for expression, item in resolved.items():
            item = ctx_mapping(item)
            for key, op in item.items():
                if key in OPERATION_KEYS and isinstance(op, dict):
                    ops[(str(expression), operation_method(key))] = op
        found[str(name)] = ops
    return found


def compare_callbacks(ctx: DiffContext, pair: OperationPair) -> list[Change]:
    assert pair.base is not None and pair.revision is not None
    old = _callbacks(ctx.base_mapping, pair.base.operation)
    new = _callbacks(ctx.revision_mapping, pair.revision.operation)
    changes: list[Change] = []
    where = Location(pair.label, pair.path)
    for name in sorted(set(old) | set(new)):
        for key in sorted(set(old.get(name, {})) | set(new.get(name, {}))):
            expression, method = key
            label = f"callback {name!r} {method} {expression}"
            before, after = old.get(name, {}).get(key), new.get(name, {}).get(key)
            if before is None:
                changes.append(
                    emit(CALLBACK_ADDED, f"{label} added", operation=pair.label, path=pair.path)
                )
            elif after is None:
                changes.append(
                    emit(CALLBACK_REMOVED, f"{label} removed", operation=pair.label, path=pair.path)
                )
            else:
                changes.extend(compare_payload(ctx, where, before, after, label))
    return changes
