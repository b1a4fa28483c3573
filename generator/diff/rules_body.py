"""Request bodies: presence, requiredness, media types and the body schema (request direction).

A body present on both sides is compared per media type both declare (media types match without
their parameters, so ``application/json; charset=utf-8`` is ``application/json``); identical
findings from several media types are reported once.
"""

from __future__ import annotations

from typing import Any

from generator.diff.catalog import change
from generator.diff.context import DiffContext, content_map, media_schema, text_of
from generator.diff.match import OperationPair
from generator.diff.model import Change


def compare_request_body(ctx: DiffContext, pair: OperationPair) -> list[Change]:
    assert pair.base is not None and pair.revision is not None
    old_raw = pair.base.operation.get("requestBody")
    new_raw = pair.revision.operation.get("requestBody")
    changes: list[Change] = []

    def add(rule_id: str, text: str) -> None:
        changes.append(change(rule_id, text, operation=pair.label, path=pair.path))

    if old_raw is None and new_raw is None:
        return changes
    old, new = ctx.base_mapping(old_raw), ctx.revision_mapping(new_raw)
    if old_raw is None:
        if _required(new):
            add("request-body-added-required", "required request body added")
        else:
            add("request-body-added-optional", "optional request body added")
        return changes
    if new_raw is None:
        add("request-body-removed", "request body removed")
        return changes
    if _required(new) and not _required(old):
        add("request-body-became-required", "request body became required")
    elif _required(old) and not _required(new):
        add("request-body-became-optional", "request body became optional")
    before, after = text_of(old.get("description")), text_of(new.get("description"))
    if before != after:
        verb = "added" if before is None else "removed" if after is None else "changed"
        add("request-body-description-changed", f"request body description {verb}")
    old_media, new_media = content_map(old), content_map(new)
    for media_type in sorted(set(old_media) - set(new_media)):
        add("request-body-media-type-removed", f"request media type {media_type!r} removed")
    for media_type in sorted(set(new_media) - set(old_media)):
        add("request-body-media-type-added", f"request media type {media_type!r} added")
    seen: set[Change] = set()
    for media_type in sorted(set(old_media) & set(new_media)):
        for item in ctx.compare_schemas(
            media_schema(old_media[media_type]),
            media_schema(new_media[media_type]),
            direction="request",
            place="request-body",
            where="request body",
            pair=pair,
        ):
            if item not in seen:
                seen.add(item)
                changes.append(item)
    return changes


def _required(body: dict[str, Any]) -> bool:
    return body.get("required") is True
