"""Responses: statuses, media types, headers and body schemas (response direction).

A status is a success when it is 2xx. ``default`` counts as an error status here, also when it
is the only response (the normalizer gives operations without responses an untyped ``default``),
so declaring a real 200 where there was none is additive, not a removed success. The statuses,
descriptions and media types are the IR's; the schemas and headers are read from the
response objects. Schemas of
error responses are compared like those of successes (as oasdiff does). A media type that loses
its schema no longer promises anything to readers (a warning, as oasdiff grades it).
"""

from __future__ import annotations

from typing import Any

from generator import ir
from generator.diff.checks import media_types
from generator.diff.context import DiffContext, media_objects, media_schema
from generator.diff.findings import presence, text
from generator.diff.match import OperationPair
from generator.diff.model import Change
from generator.diff.rule import Rule, doc_rule, emit

RESPONSE_SUCCESS_STATUS_ADDED = Rule(
    "response-success-status-added", "info", "a success status was added"
)
RESPONSE_SUCCESS_STATUS_REMOVED = Rule(
    "response-success-status-removed", "breaking", "a success status was removed"
)
RESPONSE_ERROR_STATUS_ADDED = Rule(
    "response-error-status-added", "info", "an error (or default) status was added"
)
RESPONSE_ERROR_STATUS_REMOVED = Rule(
    "response-error-status-removed", "info", "an error (or default) status was removed"
)
RESPONSE_BODY_SCHEMA_ADDED = Rule(
    "response-body-schema-added", "info", "a response media type now has a schema"
)
RESPONSE_BODY_SCHEMA_REMOVED = Rule(
    "response-body-schema-removed", "warning", "a response media type no longer has a schema"
)
RESPONSE_HEADER_ADDED = Rule("response-header-added", "info", "a response header was added")
RESPONSE_REQUIRED_HEADER_REMOVED = Rule(
    "response-required-header-removed", "breaking", "a required response header was removed"
)
RESPONSE_OPTIONAL_HEADER_REMOVED = Rule(
    "response-optional-header-removed", "warning", "an optional response header was removed"
)
RESPONSE_HEADER_BECAME_OPTIONAL = Rule(
    "response-header-became-optional", "breaking", "a response header became optional"
)
RESPONSE_HEADER_BECAME_REQUIRED = Rule(
    "response-header-became-required", "info", "a response header became required"
)
RESPONSE_DESCRIPTION_CHANGED = doc_rule(
    "response-description-changed", "a response description changed"
)

RULES: tuple[Rule, ...] = (
    RESPONSE_SUCCESS_STATUS_ADDED,
    RESPONSE_SUCCESS_STATUS_REMOVED,
    RESPONSE_ERROR_STATUS_ADDED,
    RESPONSE_ERROR_STATUS_REMOVED,
    RESPONSE_BODY_SCHEMA_ADDED,
    RESPONSE_BODY_SCHEMA_REMOVED,
    RESPONSE_HEADER_ADDED,
    RESPONSE_REQUIRED_HEADER_REMOVED,
    RESPONSE_OPTIONAL_HEADER_REMOVED,
    RESPONSE_HEADER_BECAME_OPTIONAL,
    RESPONSE_HEADER_BECAME_REQUIRED,
    RESPONSE_DESCRIPTION_CHANGED,
)


def compare_responses(ctx: DiffContext, pair: OperationPair) -> list[Change]:
    assert pair.base is not None and pair.revision is not None
    assert pair.base.ir is not None and pair.revision.ir is not None
    old, new = _responses(pair.base.ir), _responses(pair.revision.ir)
    changes: list[Change] = []

    def add(rule: Rule, detail: str) -> None:
        changes.append(emit(rule, detail, operation=pair.label, path=pair.path))

    for status in sorted(set(old) - set(new)):
        rule = (
            RESPONSE_SUCCESS_STATUS_REMOVED if _success(status) else RESPONSE_ERROR_STATUS_REMOVED
        )
        add(rule, f"response {status} removed")
    for status in sorted(set(new) - set(old)):
        rule = RESPONSE_SUCCESS_STATUS_ADDED if _success(status) else RESPONSE_ERROR_STATUS_ADDED
        add(rule, f"response {status} added")
    for status in sorted(set(old) & set(new)):
        changes.extend(_compare_response(ctx, pair, status, old[status], new[status]))
    return changes


def _responses(op: ir.Operation) -> dict[str, ir.Response]:
    """An operation's responses by status (``2xx`` is ``2XX``), success and error ones."""
    result: dict[str, ir.Response] = {}
    for response in (*op.success, *op.errors):
        status = response.status
        key = status.upper() if status.lower() != "default" else "default"
        result.setdefault(key, response)
    return result


def _success(status: str) -> bool:
    return status.startswith("2")


def _compare_response(
    ctx: DiffContext,
    pair: OperationPair,
    status: str,
    old_response: ir.Response,
    new_response: ir.Response,
) -> list[Change]:
    changes: list[Change] = []

    def add(rule: Rule, detail: str) -> None:
        changes.append(emit(rule, detail, operation=pair.label, path=pair.path))

    before, after = text(old_response.description), text(new_response.description)
    if before != after:
        add(
            RESPONSE_DESCRIPTION_CHANGED, f"response {status} description {presence(before, after)}"
        )
    old = ctx.base_resolver.at(old_response.pointer)
    new = ctx.revision_resolver.at(new_response.pointer)
    old_media = media_objects(old_response.media_types, old)
    new_media = media_objects(new_response.media_types, new)
    replaced, removed, added = media_types.pair_up(set(old_media), set(new_media))
    for media_type in sorted(removed):
        add(
            media_types.RESPONSE_MEDIA_TYPE_REMOVED,
            f"response {status}: media type {media_type!r} removed",
        )
    for media_type in sorted(added):
        add(
            media_types.RESPONSE_MEDIA_TYPE_ADDED,
            f"response {status}: media type {media_type!r} added",
        )
    compared = [(m, m) for m in sorted(set(old_media) & set(new_media))]
    for before_type, after_type in replaced:
        rule = (
            media_types.RESPONSE_MEDIA_TYPE_GENERALIZED
            if media_types.generalizes(after_type, before_type)
            else media_types.RESPONSE_MEDIA_TYPE_SPECIALIZED
        )
        add(rule, f"response {status}: media type {before_type!r} replaced by {after_type!r}")
        compared.append((before_type, after_type))
    seen: set[Change] = set()
    for before_type, after_type in compared:
        old_schema = media_schema(old_media[before_type])
        new_schema = media_schema(new_media[after_type])
        if old_schema is None and new_schema is not None:
            add(RESPONSE_BODY_SCHEMA_ADDED, f"response {status}: {after_type!r} now has a schema")
            continue
        if new_schema is None and old_schema is not None:
            add(
                RESPONSE_BODY_SCHEMA_REMOVED,
                f"response {status}: {after_type!r} no longer has a schema",
            )
            continue
        for item in ctx.compare_schemas(
            old_schema,
            new_schema,
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

    def add(rule: Rule, detail: str) -> None:
        changes.append(emit(rule, detail, operation=pair.label, path=pair.path))

    old_headers, new_headers = _headers(old), _headers(new)
    for key in sorted(set(old_headers) - set(new_headers)):
        name, raw = old_headers[key]
        required = ctx.base_mapping(raw).get("required") is True
        rule = RESPONSE_REQUIRED_HEADER_REMOVED if required else RESPONSE_OPTIONAL_HEADER_REMOVED
        add(rule, f"response {status}: header {name!r} removed")
    for key in sorted(set(new_headers) - set(old_headers)):
        name, _ = new_headers[key]
        add(RESPONSE_HEADER_ADDED, f"response {status}: header {name!r} added")
    for key in sorted(set(old_headers) & set(new_headers)):
        before = ctx.base_mapping(old_headers[key][1])
        after = ctx.revision_mapping(new_headers[key][1])
        name = new_headers[key][0]
        was, now = before.get("required") is True, after.get("required") is True
        if was and not now:
            add(
                RESPONSE_HEADER_BECAME_OPTIONAL,
                f"response {status}: header {name!r} became optional",
            )
        elif now and not was:
            add(
                RESPONSE_HEADER_BECAME_REQUIRED,
                f"response {status}: header {name!r} became required",
            )
        changes.extend(
            ctx.compare_schemas(
                before.get("schema"),
                after.get("schema"),
                place="response-header",
                where=f"response {status} header {name!r}",
                pair=pair,
            )
        )
    return changes
