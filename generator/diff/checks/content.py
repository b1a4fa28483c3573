"""``contentEncoding``, ``contentMediaType`` and ``contentSchema`` (JSON Schema 2020-12): a
string that carries encoded content (base64 of a PNG, a JSON document in a string).

A different encoding or media type changes the bytes on both sides: breaking both ways. A
``contentSchema`` added constrains what callers may embed (breaking in requests); removed,
readers may get content they cannot read (breaking in responses). Content schemas present on
both sides are compared like any sub-schema (subject ``contentSchema``).
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.diff.findings import Finding, SchemaPair, finding, presence
from generator.diff.rule import SchemaRule

CONTENT_ENCODING_CHANGED = SchemaRule(
    "the content encoding of a string changed (contentEncoding)",
    "breaking",
    "breaking",
    request_parameter="request-parameter-content-encoding-changed",
    request_body="request-body-content-encoding-changed",
    response_body="response-body-content-encoding-changed",
    response_header="response-header-content-encoding-changed",
)
CONTENT_MEDIA_TYPE_CHANGED = SchemaRule(
    "the media type of a string's content changed (contentMediaType)",
    "breaking",
    "breaking",
    request_parameter="request-parameter-content-media-type-changed",
    request_body="request-body-content-media-type-changed",
    response_body="response-body-content-media-type-changed",
    response_header="response-header-content-media-type-changed",
)
CONTENT_SCHEMA_ADDED = SchemaRule(
    "the content of a string is now constrained (contentSchema)",
    "breaking",
    "info",
    request_parameter="request-parameter-content-schema-added",
    request_body="request-body-content-schema-added",
    response_body="response-body-content-schema-added",
    response_header="response-header-content-schema-added",
)
CONTENT_SCHEMA_REMOVED = SchemaRule(
    "the content of a string is no longer constrained (contentSchema)",
    "info",
    "breaking",
    request_parameter="request-parameter-content-schema-removed",
    request_body="request-body-content-schema-removed",
    response_body="response-body-content-schema-removed",
    response_header="response-header-content-schema-removed",
)

RULES = (
    CONTENT_ENCODING_CHANGED,
    CONTENT_MEDIA_TYPE_CHANGED,
    CONTENT_SCHEMA_ADDED,
    CONTENT_SCHEMA_REMOVED,
)


def check(pair: SchemaPair) -> Iterator[Finding]:
    b, r = pair.base, pair.revision
    for keyword, rule in (
        ("contentEncoding", CONTENT_ENCODING_CHANGED),
        ("contentMediaType", CONTENT_MEDIA_TYPE_CHANGED),
    ):
        old, new = b.get(keyword), r.get(keyword)
        if isinstance(old, str):
            old = old.lower()
        if isinstance(new, str):
            new = new.lower()
        if old != new:
            yield finding(rule, f"{keyword} {presence(old, new)}: {old!r} -> {new!r}")
    if "contentSchema" in r and "contentSchema" not in b:
        yield finding(CONTENT_SCHEMA_ADDED, "contentSchema was added")
    elif "contentSchema" in b and "contentSchema" not in r:
        yield finding(CONTENT_SCHEMA_REMOVED, "contentSchema was removed")
