"""Every rule id the diff engine reports, with its level and semver category.

Each id has exactly one level, so a consumer can filter or re-grade by id. Where the same edit
means different things for requests and responses (a narrower request breaks callers, a wider
response may break readers), the two directions have different ids.

The category decides the semver bump of info-level changes (see :mod:`generator.diff.semver`):
``contract`` changes alter what the API or the generated client accepts or returns, while
``documentation`` changes (summaries, descriptions, titles, operationIds, path-parameter names
that never travel on the wire) alter only what people read.

Id families:

- ``api-*``: the whole document (servers, root security, title);
- ``operation-*``: operations added, removed, deprecated, their metadata and security;
- ``request-parameter-*``, ``request-body-*``, ``request-property-*``: what callers send;
- ``response-*``: what callers receive;
- ``schema-description-changed``: documentation inside schemas;
- ``client-*``: the generated Python client's surface (methods, arguments, models, types).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from generator.diff.model import Change, Level

Category = Literal["contract", "documentation"]


@dataclass(frozen=True)
class Rule:
    id: str
    level: Level
    category: Category
    summary: str


RULES: dict[str, Rule] = {}


def _rule(rule_id: str, level: Level, summary: str, category: Category = "contract") -> None:
    if rule_id in RULES:
        raise ValueError(f"duplicate rule id {rule_id}")
    RULES[rule_id] = Rule(rule_id, level, category, summary)


def _doc(rule_id: str, summary: str) -> None:
    _rule(rule_id, "info", summary, "documentation")


# -- document ---------------------------------------------------------------------------------
_rule("api-server-added", "info", "a server URL was added")
_rule("api-server-removed", "warning", "a server URL was removed; default base URLs may change")
_rule("api-base-path-changed", "warning", "the base path / stage of a server URL changed")
_doc("api-title-changed", "the API title changed")
_doc("api-description-changed", "the API description changed")

# -- operations -------------------------------------------------------------------------------
_rule("operation-added", "info", "an operation was added")
_rule("operation-removed", "breaking", "an operation was removed")
_rule("operation-deprecated", "warning", "an operation was deprecated")
_rule("operation-reactivated", "info", "an operation is no longer deprecated")
_doc("operation-id-changed", "the operationId changed")
_doc("operation-summary-changed", "the operation summary changed")
_doc("operation-description-changed", "the operation description changed")
_doc("operation-tags-changed", "the operation tags changed")
_doc("request-path-parameter-renamed", "a path parameter was renamed (not visible on the wire)")

# -- security ---------------------------------------------------------------------------------
for _scope in ("api", "operation"):
    _rule(f"{_scope}-security-added", "breaking", "a credential is newly required")
    _rule(f"{_scope}-security-removed", "info", "a credential is no longer required")
    _rule(f"{_scope}-security-changed", "breaking", "accepted credentials changed")
    _rule(f"{_scope}-security-alternative-added", "info", "another way to authenticate")
    _rule(f"{_scope}-security-scope-added", "breaking", "a token needs more scopes")
    _rule(f"{_scope}-security-scope-removed", "info", "a token needs fewer scopes")

# -- parameters -------------------------------------------------------------------------------
_rule("request-parameter-added-required", "breaking", "a required parameter was added")
_rule("request-parameter-added-optional", "info", "an optional parameter was added")
_rule("request-parameter-removed", "warning", "a parameter was removed (the server ignores it)")
_rule("request-parameter-became-required", "breaking", "a parameter became required")
_rule("request-parameter-became-optional", "info", "a parameter became optional")
_rule("request-parameter-location-changed", "breaking", "a parameter moved (e.g. query to header)")
_rule("request-parameter-deprecated", "info", "a parameter was deprecated")
_rule("request-parameter-reactivated", "info", "a parameter is no longer deprecated")
_rule("request-parameter-serialization-changed", "warning", "parameter style/explode changed")
_doc("request-parameter-description-changed", "a parameter description changed")

# -- request bodies ---------------------------------------------------------------------------
_rule("request-body-added-required", "breaking", "a required request body was added")
_rule("request-body-added-optional", "info", "an optional request body was added")
_rule("request-body-removed", "warning", "the request body was removed")
_rule("request-body-became-required", "breaking", "the request body became required")
_rule("request-body-became-optional", "info", "the request body became optional")
_rule("request-body-media-type-added", "info", "a request media type was added")
_rule("request-body-media-type-removed", "breaking", "a request media type was removed")
_doc("request-body-description-changed", "the request body description changed")

# -- properties of request and response schemas ----------------------------------------------
_rule("request-property-added-required", "breaking", "a required request property was added")
_rule("request-property-added-optional", "info", "an optional request property was added")
_rule("request-property-removed", "warning", "a request property was removed")
_rule("request-property-became-required", "breaking", "a request property became required")
_rule("request-property-became-optional", "info", "a request property became optional")
_rule("request-property-deprecated", "info", "a request property was deprecated")
_rule("response-property-added", "info", "a response property was added")
_rule("response-required-property-removed", "breaking", "a required response property was removed")
_rule("response-optional-property-removed", "warning", "an optional response property was removed")
_rule("response-property-became-optional", "breaking", "a response property became optional")
_rule("response-property-became-required", "info", "a response property became required")
_rule("response-property-deprecated", "info", "a response property was deprecated")
_doc("schema-description-changed", "a schema or property description or title changed")

# -- responses --------------------------------------------------------------------------------
_rule("response-success-status-added", "info", "a success status was added")
_rule("response-success-status-removed", "breaking", "a success status was removed")
_rule("response-error-status-added", "info", "an error (or default) status was added")
_rule("response-error-status-removed", "info", "an error (or default) status was removed")
_rule("response-media-type-added", "info", "a response media type was added")
_rule("response-media-type-removed", "breaking", "a response media type was removed")
_rule("response-header-added", "info", "a response header was added")
_rule("response-required-header-removed", "breaking", "a required response header was removed")
_rule("response-optional-header-removed", "warning", "an optional response header was removed")
_rule("response-header-became-optional", "breaking", "a response header became optional")
_rule("response-header-became-required", "info", "a response header became required")
_doc("response-description-changed", "a response description changed")

# -- schema keywords, per place and direction --------------------------------------------------
# (kind, request level, response level, summary); None: the kind does not exist there.
SCHEMA_KINDS: tuple[tuple[str, Level | None, Level | None, str], ...] = (
    ("type-changed", "breaking", "breaking", "type or format changed incompatibly"),
    ("type-widened", "info", None, "type or format widened (accepts more)"),
    ("type-narrowed", None, "info", "type or format narrowed (returns less)"),
    ("became-nullable", "info", "breaking", "null became allowed"),
    ("became-not-nullable", "breaking", "info", "null is no longer allowed"),
    ("enum-value-added", "info", "warning", "enum values were added"),
    ("enum-value-removed", "breaking", "info", "enum values were removed"),
    ("became-enum", "breaking", "info", "restricted to a list of values"),
    ("enum-removed", "info", "warning", "no longer restricted to a list of values"),
    ("pattern-added", "breaking", "info", "a pattern was added"),
    ("pattern-changed", "warning", "warning", "the pattern changed"),
    ("pattern-removed", "info", "warning", "the pattern was removed"),
    ("default-added", "info", None, "a default value was added"),
    ("default-changed", "warning", None, "the default value changed"),
    ("default-removed", "warning", None, "the default value was removed"),
    ("one-of-member-added", "info", "breaking", "a oneOf member was added"),
    ("one-of-member-removed", "breaking", "info", "a oneOf member was removed"),
    ("any-of-member-added", "info", "breaking", "an anyOf member was added"),
    ("any-of-member-removed", "breaking", "info", "an anyOf member was removed"),
    ("all-of-member-added", "info", "info", "an allOf member (named schema) was added"),
    ("all-of-member-removed", "info", "info", "an allOf member (named schema) was removed"),
    ("discriminator-changed", "warning", "warning", "the discriminator changed"),
    ("constraint-changed", "warning", "warning", "a constraint that cannot be classified changed"),
)
BOUND_FAMILIES = ("max", "min", "max-length", "min-length", "max-items", "min-items")
REQUEST_PLACES = ("request-parameter", "request-body")
RESPONSE_PLACES = ("response-body", "response-header")


def _schema_rules() -> None:
    kinds = list(SCHEMA_KINDS)
    for family in BOUND_FAMILIES:
        kinds.append((f"{family}-tightened", "breaking", "info", f"{family} tightened"))
        kinds.append((f"{family}-loosened", "info", "warning", f"{family} loosened"))
    for kind, request_level, response_level, summary in kinds:
        if request_level is not None:
            for place in REQUEST_PLACES:
                _rule(f"{place}-{kind}", request_level, summary)
        if response_level is not None:
            for place in RESPONSE_PLACES:
                _rule(f"{place}-{kind}", response_level, summary)


_schema_rules()

# -- the generated client's surface ----------------------------------------------------------
_rule("client-method-renamed", "breaking", "a client method was renamed")
_rule("client-method-moved", "breaking", "a client method moved to another resource")
_rule("client-resource-renamed", "breaking", "a client resource attribute was renamed")
_rule("client-argument-renamed", "breaking", "a method keyword argument was renamed")
_rule("client-argument-removed", "breaking", "a method keyword argument was removed")
_rule("client-body-type-changed", "breaking", "the Python type of the request body changed")
_rule("client-return-type-changed", "breaking", "the Python return type of a method changed")
_rule("client-model-renamed", "breaking", "a named model class was renamed")
_rule("client-model-removed", "breaking", "a named model class was removed")


def rule(rule_id: str) -> Rule:
    """The rule with this id; an unknown id is a programming error."""
    return RULES[rule_id]


def change(
    rule_id: str, text: str, *, operation: str | None = None, path: str | None = None
) -> Change:
    """A change of rule ``rule_id`` at the rule's level."""
    return Change(rule_id, RULES[rule_id].level, operation, path, text)
