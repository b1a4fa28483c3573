"""Request bodies: presence, requiredness, media types and the body schema (request direction).

The body, whether it is required and its media types are the IR's (an operation whose
``requestBody`` declares no media type has no body: the client sends none); each media
type's schema is read from the document.

A body present on both sides is compared per media type both declare (or paired, see
:mod:`generator.diff.checks.media_types`); identical findings from several media types are
reported once. A media type that gains a schema constrains what callers send (breaking, as in
oasdiff); one that loses it accepts anything (info).
"""

from __future__ import annotations

from generator.diff.checks import media_types
from generator.diff.context import DiffContext, media_objects, media_schema
from generator.diff.findings import presence, text
from generator.diff.match import OperationPair
from generator.diff.model import Change
from generator.diff.rule import Rule, doc_rule, emit

REQUEST_BODY_ADDED_REQUIRED = Rule(
    "request-body-added-required", "breaking", "a required request body was added"
)
REQUEST_BODY_ADDED_OPTIONAL = Rule(
    "request-body-added-optional", "info", "an optional request body was added"
)
REQUEST_BODY_REMOVED = Rule(
    "request-body-removed",
    "breaking",
    "the request body was removed: what callers send is no longer read",
)
REQUEST_BODY_BECAME_REQUIRED = Rule(
    "request-body-became-required", "breaking", "the request body became required"
)
REQUEST_BODY_BECAME_OPTIONAL = Rule(
    "request-body-became-optional", "info", "the request body became optional"
)
REQUEST_BODY_SCHEMA_ADDED = Rule(
    "request-body-schema-added",
    "breaking",
    "a request media type that accepted anything now has a schema",
)
REQUEST_BODY_SCHEMA_REMOVED = Rule(
    "request-body-schema-removed", "info", "a request media type no longer has a schema"
)
REQUEST_BODY_DESCRIPTION_CHANGED = doc_rule(
    "request-body-description-changed", "the request body description changed"
)

RULES: tuple[Rule, ...] = (
    REQUEST_BODY_ADDED_REQUIRED,
    REQUEST_BODY_ADDED_OPTIONAL,
    REQUEST_BODY_REMOVED,
    REQUEST_BODY_BECAME_REQUIRED,
    REQUEST_BODY_BECAME_OPTIONAL,
    REQUEST_BODY_SCHEMA_ADDED,
    REQUEST_BODY_SCHEMA_REMOVED,
    REQUEST_BODY_DESCRIPTION_CHANGED,
)


def compare_request_body(ctx: DiffContext, pair: OperationPair) -> list[Change]:
    assert pair.base is not None and pair.revision is not None
    assert pair.base.ir is not None and pair.revision.ir is not None
    old, new = pair.base.ir.body, pair.revision.ir.body
    changes: list[Change] = []

    def add(rule: Rule, detail: str) -> None:
        changes.append(emit(rule, detail, operation=pair.label, path=pair.path))

    if old is None and new is None:
        return changes
    if old is None:
        assert new is not None
        if new.required:
            add(REQUEST_BODY_ADDED_REQUIRED, "required request body added")
        else:
            add(REQUEST_BODY_ADDED_OPTIONAL, "optional request body added")
        return changes
    if new is None:
        add(REQUEST_BODY_REMOVED, "request body removed")
        return changes
    if new.required and not old.required:
        add(REQUEST_BODY_BECAME_REQUIRED, "request body became required")
    elif old.required and not new.required:
        add(REQUEST_BODY_BECAME_OPTIONAL, "request body became optional")
    before, after = text(old.description), text(new.description)
    if before != after:
        add(REQUEST_BODY_DESCRIPTION_CHANGED, f"request body description {presence(before, after)}")
    old_media = media_objects(old.media_types, ctx.base_resolver.at(old.pointer))
    new_media = media_objects(new.media_types, ctx.revision_resolver.at(new.pointer))
    replaced, removed, added = media_types.pair_up(set(old_media), set(new_media))
    for media_type in sorted(removed):
        add(
            media_types.REQUEST_BODY_MEDIA_TYPE_REMOVED,
            f"request media type {media_type!r} removed",
        )
    for media_type in sorted(added):
        add(media_types.REQUEST_BODY_MEDIA_TYPE_ADDED, f"request media type {media_type!r} added")
    compared = [(m, m) for m in sorted(set(old_media) & set(new_media))]
    for before_type, after_type in replaced:
        rule = (
            media_types.REQUEST_BODY_MEDIA_TYPE_GENERALIZED
            if media_types.generalizes(after_type, before_type)
            else media_types.REQUEST_BODY_MEDIA_TYPE_SPECIALIZED
        )
        add(rule, f"request media type {before_type!r} replaced by {after_type!r}")
        compared.append((before_type, after_type))
    seen: set[Change] = set()
    for before_type, after_type in compared:
        old_schema = media_schema(old_media[before_type])
        new_schema = media_schema(new_media[after_type])
        if old_schema is None and new_schema is not None:
            add(REQUEST_BODY_SCHEMA_ADDED, f"request media type {after_type!r} now has a schema")
            continue
        if new_schema is None and old_schema is not None:
            add(
                REQUEST_BODY_SCHEMA_REMOVED,
                f"request media type {after_type!r} no longer has a schema",
            )
            continue
        for item in ctx.compare_schemas(
            old_schema, new_schema, place="request-body", where="request body", pair=pair
        ):
            if item not in seen:
                seen.add(item)
                changes.append(item)
    return changes
