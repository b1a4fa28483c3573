"""What a rule is: an id, its level, its semver category and a one-line summary.

Two kinds of rule definitions live in the check modules (:mod:`generator.diff.checks`):

- :class:`Rule`: one id, reported as it is (``operation-removed``);
- :class:`SchemaRule`: a finding inside a schema, with one id per place the schema can sit
  (request parameter, request body, response body, response header) and one level per
  direction: what callers send (``request-*``) and what callers receive (``response-*``) are
  judged in opposite ways. Every id is written out in full where the rule is defined, so a
  rule id found in a report can be found in the source with grep.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from generator.diff.model import Change, Level

Category = Literal["contract", "documentation"]
Direction = Literal["request", "response"]
Place = Literal["request-parameter", "request-body", "response-body", "response-header"]

PLACES: tuple[Place, ...] = (
    "request-parameter",
    "request-body",
    "response-body",
    "response-header",
)


def place_direction(place: Place) -> Direction:
    return "request" if place.startswith("request-") else "response"


@dataclass(frozen=True)
class Rule:
    id: str
    level: Level
    summary: str
    category: Category = "contract"


def doc_rule(rule_id: str, summary: str) -> Rule:
    """A documentation-only rule: info, bumps the patch number."""
    return Rule(rule_id, "info", summary, "documentation")


@dataclass(frozen=True)
class SchemaRule:
    """A schema finding with its id at each place (``None``: it cannot occur there)."""

    summary: str
    request_level: Level | None
    response_level: Level | None
    request_parameter: str | None = None
    request_body: str | None = None
    response_body: str | None = None
    response_header: str | None = None
    category: Category = "contract"
    parameter_level: Level | None = None  # the level at request-parameter, if not request_level

    def id_at(self, place: Place) -> str:
        ids = {
            "request-parameter": self.request_parameter,
            "request-body": self.request_body,
            "response-body": self.response_body,
            "response-header": self.response_header,
        }
        found = ids[place]
        if found is None:
            raise ValueError(f"{self.summary!r} has no rule id at {place}")
        return found

    def level_at(self, place: Place) -> Level | None:
        if place == "request-parameter" and self.parameter_level is not None:
            return self.parameter_level
        return self.request_level if place_direction(place) == "request" else self.response_level

    def rules(self) -> list[Rule]:
        """The plain rules this schema rule stands for, one per place."""
        found: list[Rule] = []
        for place in PLACES:
            rule_id = {
                "request-parameter": self.request_parameter,
                "request-body": self.request_body,
                "response-body": self.response_body,
                "response-header": self.response_header,
            }[place]
            if rule_id is None:
                continue
            level = self.level_at(place)
            if level is None or not rule_id.startswith(place + "-"):
                raise ValueError(f"rule {rule_id!r} does not fit {place}")
            found.append(Rule(rule_id, level, self.summary, self.category))
        return found


AnyRule = Rule | SchemaRule


def emit(rule: Rule, text: str, *, operation: str | None = None, path: str | None = None) -> Change:
    """A change of ``rule`` at the rule's level."""
    return Change(rule.id, rule.level, operation, path, text)


def emit_at(
    rule: SchemaRule, place: Place, text: str, *, operation: str | None, path: str | None
) -> Change:
    """A change of a schema rule at ``place``."""
    level = rule.level_at(place)
    assert level is not None
    return Change(rule.id_at(place), level, operation, path, text)
