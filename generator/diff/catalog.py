"""Every rule id the diff engine reports, with its level and semver category.

The rules are defined where they are checked, one module per family
(:mod:`generator.diff.checks`, and :mod:`generator.diff.surface` for the generated client);
this module gathers them. Each id has exactly one level, so a consumer can filter or re-grade
by id. Where the same edit means different things for requests and responses (a narrower
request breaks callers, a wider response may break readers), the two directions have
different ids.

The category decides the semver bump of info-level changes (see :mod:`generator.diff.semver`):
``contract`` changes alter what the API or the generated client accepts or returns, while
``documentation`` changes (summaries, descriptions, titles, operationIds, path-parameter names
that never travel on the wire) alter only what people read.

Id families:

- ``api-*``: the whole document (servers, root security, title);
- ``operation-*``: operations added, removed, deprecated, sunset, stability, metadata, security
  and servers;
- ``request-parameter-*``, ``request-body-*``, ``request-property-*``: what callers send;
- ``response-*``: what callers receive (also what a webhook or callback sends them);
- ``webhook-*``, ``callback-*``: requests the API sends to its consumers;
- ``schema-description-changed``: documentation inside schemas;
- ``client-*``: the generated Python client's surface (methods, arguments, models, types).
"""

from __future__ import annotations

from collections.abc import Iterable

from generator.diff import surface
from generator.diff.checks import (
    array_shape,
    bounds,
    composition,
    conditionals,
    const,
    content,
    dependencies,
    discriminator,
    document,
    documentation,
    enums,
    media_types,
    negation,
    nullability,
    object_shape,
    operations,
    parameters,
    patterns,
    properties,
    request_body,
    responses,
    schema_defaults,
    security,
    servers,
    types,
    webhooks,
)
from generator.diff.model import Change
from generator.diff.rule import AnyRule, Rule, SchemaRule

FAMILIES: dict[str, tuple[AnyRule, ...]] = {
    "document": document.RULES,
    "servers": servers.RULES,
    "security": security.RULES,
    "operations": operations.RULES,
    "webhooks": webhooks.RULES,
    "parameters": parameters.RULES,
    "request-body": request_body.RULES,
    "media-types": media_types.RULES,
    "responses": responses.RULES,
    "properties": properties.RULES,
    "types": types.RULES,
    "nullability": nullability.RULES,
    "enums": enums.RULES,
    "const": const.RULES,
    "patterns": patterns.RULES,
    "bounds": bounds.RULES,
    "defaults": schema_defaults.RULES,
    "composition": composition.RULES,
    "discriminator": discriminator.RULES,
    "conditionals": conditionals.RULES,
    "dependencies": dependencies.RULES,
    "object-shape": object_shape.RULES,
    "array-shape": array_shape.RULES,
    "content": content.RULES,
    "negation": negation.RULES,
    "documentation": documentation.RULES,
    "client-surface": surface.RULES,
}


def _expand(rules: Iterable[AnyRule]) -> Iterable[Rule]:
    for item in rules:
        if isinstance(item, SchemaRule):
            yield from item.rules()
        else:
            yield item


def _register() -> tuple[dict[str, Rule], dict[str, str]]:
    found: dict[str, Rule] = {}
    family_of: dict[str, str] = {}
    for family, rules in FAMILIES.items():
        for item in _expand(rules):
            if item.id in found:
                raise ValueError(f"duplicate rule id {item.id}")
            found[item.id] = item
            family_of[item.id] = family
    return found, family_of


RULES, FAMILY_OF = _register()


def rule(rule_id: str) -> Rule:
    """The rule with this id; an unknown id is a programming error."""
    return RULES[rule_id]


def change(
    rule_id: str, text: str, *, operation: str | None = None, path: str | None = None
) -> Change:
    """A change of rule ``rule_id`` at the rule's level."""
    return Change(rule_id, RULES[rule_id].level, operation, path, text)
