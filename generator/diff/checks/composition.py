"""``oneOf``, ``anyOf`` and ``allOf``: members added or removed, and a schema that became (or
stopped being) a union of alternatives.

Members are matched by reference name, then by title, then by what they say (an inline member
moved into a component is the same member), then in order. In a request a member removed
rejects what callers sent, in a response a member added returns what readers (and the typed
client's union) do not know. ``allOf`` members are merged before comparing, so only named
members added or removed are reported here (info); what they change is reported where it
lands (a property added, a type changed...).

A schema that became a union is compared with its alternatives: in a request, old values must
fit one alternative (the closest one is compared); in a response, readers must understand every
alternative (each is compared). A ``oneOf`` of alternatives that can overlap additionally
rejects a value that matches two of them: a request body wrapped in such a ``oneOf`` is
breaking. ``oneOf`` / ``anyOf`` with a single non-null member is that member (made nullable by
a ``{type: null}`` member: OpenAPI 3.1's idiom).
"""

from __future__ import annotations

from generator.diff.rule import SchemaRule

ONE_OF_MEMBER_ADDED = SchemaRule(
    "a oneOf member was added",
    "info",
    "breaking",
    request_parameter="request-parameter-one-of-member-added",
    request_body="request-body-one-of-member-added",
    response_body="response-body-one-of-member-added",
    response_header="response-header-one-of-member-added",
)
ONE_OF_MEMBER_REMOVED = SchemaRule(
    "a oneOf member was removed",
    "breaking",
    "info",
    request_parameter="request-parameter-one-of-member-removed",
    request_body="request-body-one-of-member-removed",
    response_body="response-body-one-of-member-removed",
    response_header="response-header-one-of-member-removed",
)
ANY_OF_MEMBER_ADDED = SchemaRule(
    "an anyOf member was added",
    "info",
    "breaking",
    request_parameter="request-parameter-any-of-member-added",
    request_body="request-body-any-of-member-added",
    response_body="response-body-any-of-member-added",
    response_header="response-header-any-of-member-added",
)
ANY_OF_MEMBER_REMOVED = SchemaRule(
    "an anyOf member was removed",
    "breaking",
    "info",
    request_parameter="request-parameter-any-of-member-removed",
    request_body="request-body-any-of-member-removed",
    response_body="response-body-any-of-member-removed",
    response_header="response-header-any-of-member-removed",
)
ALL_OF_MEMBER_ADDED = SchemaRule(
    "an allOf member (named schema) was added",
    "info",
    "info",
    request_parameter="request-parameter-all-of-member-added",
    request_body="request-body-all-of-member-added",
    response_body="response-body-all-of-member-added",
    response_header="response-header-all-of-member-added",
)
ALL_OF_MEMBER_REMOVED = SchemaRule(
    "an allOf member (named schema) was removed",
    "info",
    "info",
    request_parameter="request-parameter-all-of-member-removed",
    request_body="request-body-all-of-member-removed",
    response_body="response-body-all-of-member-removed",
    response_header="response-header-all-of-member-removed",
)
BECAME_ONE_OF = SchemaRule(
    "the schema became a oneOf of alternatives",
    "info",
    "info",
    request_parameter="request-parameter-became-one-of",
    request_body="request-body-became-one-of",
    response_body="response-body-became-one-of",
    response_header="response-header-became-one-of",
)
BECAME_ANY_OF = SchemaRule(
    "the schema became an anyOf of alternatives",
    "info",
    "info",
    request_parameter="request-parameter-became-any-of",
    request_body="request-body-became-any-of",
    response_body="response-body-became-any-of",
    response_header="response-header-became-any-of",
)
NO_LONGER_ONE_OF = SchemaRule(
    "the schema is no longer a oneOf of alternatives",
    "info",
    "info",
    request_parameter="request-parameter-no-longer-one-of",
    request_body="request-body-no-longer-one-of",
    response_body="response-body-no-longer-one-of",
    response_header="response-header-no-longer-one-of",
)
NO_LONGER_ANY_OF = SchemaRule(
    "the schema is no longer an anyOf of alternatives",
    "info",
    "info",
    request_parameter="request-parameter-no-longer-any-of",
    request_body="request-body-no-longer-any-of",
    response_body="response-body-no-longer-any-of",
    response_header="response-header-no-longer-any-of",
)
WRAPPED_IN_ONE_OF = SchemaRule(
    "wrapped in a oneOf whose alternatives can overlap: a value matching two is rejected",
    "breaking",
    None,
    request_parameter="request-parameter-wrapped-in-one-of",
    request_body="request-body-wrapped-in-one-of",
)

RULES = (
    ONE_OF_MEMBER_ADDED,
    ONE_OF_MEMBER_REMOVED,
    ANY_OF_MEMBER_ADDED,
    ANY_OF_MEMBER_REMOVED,
    ALL_OF_MEMBER_ADDED,
    ALL_OF_MEMBER_REMOVED,
    BECAME_ONE_OF,
    BECAME_ANY_OF,
    NO_LONGER_ONE_OF,
    NO_LONGER_ANY_OF,
    WRAPPED_IN_ONE_OF,
)

MEMBER_ADDED = {"oneOf": ONE_OF_MEMBER_ADDED, "anyOf": ANY_OF_MEMBER_ADDED}
MEMBER_REMOVED = {"oneOf": ONE_OF_MEMBER_REMOVED, "anyOf": ANY_OF_MEMBER_REMOVED}
BECAME = {"oneOf": BECAME_ONE_OF, "anyOf": BECAME_ANY_OF}
NO_LONGER = {"oneOf": NO_LONGER_ONE_OF, "anyOf": NO_LONGER_ANY_OF}
