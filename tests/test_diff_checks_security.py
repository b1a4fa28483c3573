"""Security requirements, at the root and per operation (generator/diff/checks/security.py)."""

from __future__ import annotations

import pytest

from tests.diff_cases.builders import SECURITY_SCHEMES, Doc, one, op
from tests.diff_cases.checks import Case, assert_fires, assert_quiet, case_ids


def _secured(
    security: list[Doc] | None, *, root: list[Doc] | None = None, schemes: Doc | None = None
) -> Doc:
    operation = op() if security is None else op(security=security)
    doc = one(operation, components={"securitySchemes": schemes or SECURITY_SCHEMES})
    if root is not None:
        doc["security"] = root
    return doc


PAIRS: dict[str, tuple[list[Doc], list[Doc]]] = {
    "added": ([], [{"api_key": []}]),
    "removed": ([{"sigv4": []}], []),
    "changed": ([{"sigv4": []}], [{"cognito": []}]),
    "alternative-added": ([{"sigv4": []}], [{"sigv4": []}, {"cognito": []}]),
    "scope-added": ([{"oauth": ["read"]}], [{"oauth": ["read", "write"]}]),
    "scope-removed": ([{"oauth": ["read", "write"]}], [{"oauth": ["read"]}]),
}
# the same requirement spelled differently: a renamed scheme key, alternatives reordered
RENAMED = {**SECURITY_SCHEMES, "iam": SECURITY_SCHEMES["sigv4"]}
SAME: dict[str, tuple[list[Doc], list[Doc]]] = {
    "added": ([{"sigv4": []}], [{"iam": []}]),
    "removed": ([{"sigv4": []}, {"cognito": []}], [{"cognito": []}, {"sigv4": []}]),
    "changed": ([{"oauth": ["read"]}], [{"oauth": ["read"]}]),
    "alternative-added": ([{"sigv4": []}], [{"iam": []}]),
    "scope-added": ([{"oauth": ["read", "write"]}], [{"oauth": ["write", "read"]}]),
    "scope-removed": ([], []),
}

FIRES: list[Case] = []
QUIET: list[Case] = []
for _kind, (_old, _new) in PAIRS.items():
    FIRES.append((f"operation-security-{_kind}", _secured(_old), _secured(_new)))
    FIRES.append((f"api-security-{_kind}", _secured(None, root=_old), _secured(None, root=_new)))
for _kind, (_old, _new) in SAME.items():
    QUIET.append(
        (
            f"operation-security-{_kind}",
            _secured(_old, schemes=RENAMED),
            _secured(_new, schemes=RENAMED),
        )
    )
    QUIET.append(
        (
            f"api-security-{_kind}",
            _secured(None, root=_old, schemes=RENAMED),
            _secured(None, root=_new, schemes=RENAMED),
        )
    )


@pytest.mark.parametrize(("rule_id", "base", "revision"), FIRES, ids=case_ids(FIRES))
def test_fires(rule_id: str, base: Doc, revision: Doc) -> None:
    assert_fires(rule_id, base, revision)


@pytest.mark.parametrize(("rule_id", "base", "revision"), QUIET, ids=case_ids(QUIET))
def test_quiet(rule_id: str, base: Doc, revision: Doc) -> None:
    assert_quiet(rule_id, base, revision)
