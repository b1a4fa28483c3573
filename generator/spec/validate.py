"""Check an API document: OpenAPI conformance (openapi-spec-validator) plus sdkgen's own rules.

``conformance_problems`` runs openapi-spec-validator and reports every error it finds, located by
a JSON pointer into the document and worded for people. ``rule_problems`` adds the checks a client
generator cares about (dangling ``$ref``s, operationId clashes, path parameters, Python name
collisions). ``validate_document`` returns both, without reporting one fact twice.

Nothing here ever touches the network: references that leave the document are refused and
reported, never fetched. Nothing here raises on a broken document either; a validator crash
becomes one located diagnostic.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator.spec.diagnostics import Diagnostic, sort_diagnostics
from generator.spec.rules import rule_findings

__all__ = ["conformance_problems", "rule_problems", "validate_document"]


def conformance_problems(doc: Mapping[str, Any]) -> list[Diagnostic]:
    """Every problem openapi-spec-validator finds in ``doc``, located and in plain words.

    Codes: ``openapi-conformance`` (meta-schema and schema checks), ``openapi-invalid-default``,
    ``openapi-unresolved-path-parameter``, ``openapi-greedy-path-parameter`` (API Gateway's
    ``{proxy+}`` declared as ``proxy``), ``openapi-duplicate-operation-id``,
    ``openapi-duplicate-parameter``, ``openapi-unresolvable-ref``, ``remote-ref-not-fetched``
    (warning), ``validator-crashed``, ``non-string-key``, ``not-openapi``, ``not-a-mapping``,
    ``unsupported-spec-version``. All are errors unless marked.
    """
    from generator.spec.conformance import conformance_findings  # openapi-spec-validator

    return sort_diagnostics(d for d, _ in conformance_findings(doc))


def rule_problems(doc: Mapping[str, Any]) -> list[Diagnostic]:
    """sdkgen's own checks: refs, operationIds, path parameters and Python name collisions.

    Codes: ``unresolved-ref`` (error), ``unresolved-ref-in-extension`` (warning), ``remote-ref``
    (warning), ``duplicate-operation-id`` (error), ``undeclared-path-parameter`` (error),
    ``unknown-path-parameter`` (warning), ``python-name-collision`` (warning),
    ``missing-operation-id`` (info); ``rule-crashed`` (error) only if a check itself fails.
    """
    return sort_diagnostics(d for d, _ in rule_findings(doc))


def validate_document(doc: Mapping[str, Any]) -> list[Diagnostic]:
    """Conformance and rule problems together, sorted; a fact both report appears once."""
    from generator.spec.conformance import conformance_findings, related_pointers

    rules = rule_findings(doc)
    covered = {key for _, key in rules if key is not None}
    rule_errors = [d.pointer for d, _ in rules if d.severity == "error"]
    conformance = [
        d
        for d, key in conformance_findings(doc)
        if (key is None or key not in covered)
        and not (
            d.code == "validator-crashed"
            and any(related_pointers(d.pointer, p) for p in rule_errors)
        )
    ]
    return sort_diagnostics([*conformance, *(d for d, _ in rules)])
