"""Responses: statuses, media types, headers and body schemas (response direction).

A status is a success when it is 2xx. ``default`` counts as an error status here, also when it
is the only response (the normalizer gives operations without responses an untyped ``default``),
so declaring a real 200 where there was none is additive, not a removed success. Schemas of
error responses are compared like those of successes (as oasdiff does).
"""

from __future__ import annotations

from typing import Any

from generator.diff.catalog import change
from generator.diff.context import DiffContext, content_map, media_schema, text_of
from generator.diff.match import OperationPair
from generator.diff.model import Change


def compare_responses(ctx: DiffContext, pair: OperationPair) -> list[Change]:
    assert pair.base is not None and pair.revision is not None
    old, new = _responses(pair.base.operation), _responses(pair.revision.operation)
    changes: list[Change] = []

    def add(rule_id: str, text: str) -> None:
        changes.append(change(rule_id, text, operation=pair.label, path=pair.path))

    for status in sorted(set(old) - set(new)):
        kind = "success" if _success(status) else "error"
        add(f"response-{kind}-status-removed", f"response {status} removed")
    for status in sorted(set(new) - set(old)):
        kind = "success" if _success(status) else "error"
        add(f"response-{kind}-status-added", f"response {status} added")
    for status in sorted(set(old) & set(new)):
        before = ctx.base_mapping(old[status])
        after = ctx.revision_mapping(new[status])
        changes.extend(_compare_response(ctx, pair, status, before, after))
    return changes


def _responses(op: dict[str, Any]) -> dict[str, Any]:
    raw = op.get("responses")
    if not isinstance(raw, dict):
        return {}
    result: dict[str, Any] = {}
    for status, response in raw.items():
        key = str(status).upper() if str(status).lower() != "default" else "default"
        result.setdefault(key, response)
    return result


def _success(status: str) -> bool:
    return status.startswith("2")


def _compare_response(
    ctx: DiffContext, pair: OperationPair, status: str, old: dict[str, Any], new: dict[str, Any]
) -> list[Change]:
    changes: list[Change] = []

    def add(rule_id: str, text: str) -> None:
        changes.append(change(rule_id, text, operation=pair.label, path=pair.path))

    before, after = text_of(old.get("description")), text_of(new.get("description"))
    if before != after:
        verb = "added" if before is None else "removed" if after is None else "changed"
        add("response-description-changed", f"response {status} description {verb}")
    old_media, new_media = content_map(old), content_map(new)
    for media_type in sorted(set(old_media) - set(new_media)):
        add("response-media-type-removed", f"response {status}: media type {media_type!r} removed")
    for media_type in sorted(set(new_media) - set(old_media)):
        add("response-media-type-added", f"response {status}: media type {media_type!r} added")
    seen: set[Change] = set()
    for media_type in sorted(set(old_media) & set(new_media)):
        for item in ctx.compare_schemas(
            media_schema(old_media[media_type]),
            media_schema(new_media[media_type]),
            direction="response",
            place="response-body",
            where=f"response {status} body",
            pair=pair,
        ):
            if item not in seen:
                seen.add(item)
                changes.append(item)
    changes.extend(_compare_headers(ctx, pair, status, old, new))
    return changes


def _headers(response: dict[str, Any]) -> dict[str, tuple[str, Any]]:
    raw = response.get("headers")
    if not isinstance(raw, dict):
        return {}
    return {str(name).lower(): (str(name), header) for name, header in raw.items()}


def _compare_headers(
    ctx: DiffContext, pair: OperationPair, status: str, old: dict[str, Any], new: dict[str, Any]
) -> list[Change]:
    changes: list[Change] = []

    def add(rule_id: str, text: str) -> None:
        changes.append(change(rule_id, text, operation=pair.label, path=pair.path))

    old_headers, new_headers = _headers(old), _headers(new)
    for key in sorted(set(old_headers) - set(new_headers)):
        name, raw = old_headers[key]
        required = ctx.base_mapping(raw).get("required") is True
        rule_id = (
            "response-required-header-removed" if required else "response-optional-header-removed"
        )
        add(rule_id, f"response {status}: header {name!r} removed")
    for key in sorted(set(new_headers) - set(old_headers)):
        name, _ = new_headers[key]
        add("response-header-added", f"response {status}: header {name!r} added")
    for key in sorted(set(old_headers) & set(new_headers)):
        before = ctx.base_mapping(old_headers[key][1])
        after = ctx.revision_mapping(new_headers[key][1])
        name = new_headers[key][0]
        was, now = before.get("required") is True, after.get("required") is True
        if was and not now:
            add(
                "response-header-became-optional",
                f"response {status}: header {name!r} became optional",
            )
        elif now and not was:
            add(
                "response-header-became-required",
                f"response {status}: header {name!r} became required",
            )
        changes.extend(
            ctx.compare_schemas(
                before.get("schema"),
                after.get("schema"),
                direction="response",
                place="response-header",
                where=f"response {status} header {name!r}",
                pair=pair,
            )
        )
    return changes
