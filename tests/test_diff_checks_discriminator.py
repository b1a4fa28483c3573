"""Discriminators and their mappings (generator/diff/checks/discriminator.py)."""

from __future__ import annotations

import pytest

from generator.diff.checks import discriminator
from tests.diff_cases.builders import Doc
from tests.diff_cases.checks import Case, assert_fires, assert_quiet, at_places, case_ids

S: Doc = {"type": "string"}
NAMED: Doc = {
    "Cat": {"type": "object", "properties": {"kind": S}},
    "Dog": {"type": "object", "properties": {"kind": S}},
}


def _union(mapping: dict[str, str] | None, *, prop: str = "kind") -> Doc:
    schema: Doc = {
        "oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}]
    }
    if mapping is not None:
        schema["discriminator"] = {
            "propertyName": prop,
            "mapping": {k: f"#/components/schemas/{v}" for k, v in mapping.items()},
        }
    return schema


CAT = {"cat": "Cat"}
BOTH = {"cat": "Cat", "dog": "Dog"}

FIRES: list[Case] = [
    *at_places(discriminator.DISCRIMINATOR_CHANGED, _union(None), _union(CAT), schemas=NAMED),
    *at_places(discriminator.DISCRIMINATOR_MAPPING_ADDED, _union(CAT), _union(BOTH), schemas=NAMED),
    *at_places(
        discriminator.DISCRIMINATOR_MAPPING_REMOVED, _union(BOTH), _union(CAT), schemas=NAMED
    ),
    *at_places(
        discriminator.DISCRIMINATOR_MAPPING_CHANGED,
        _union(CAT),
        _union({"cat": "Dog"}),
        schemas=NAMED,
    ),
]
QUIET: list[Case] = [
    *at_places(discriminator.DISCRIMINATOR_CHANGED, _union(CAT), _union(BOTH), schemas=NAMED),
    *at_places(discriminator.DISCRIMINATOR_MAPPING_ADDED, _union(BOTH), _union(CAT), schemas=NAMED),
    *at_places(
        discriminator.DISCRIMINATOR_MAPPING_REMOVED, _union(CAT), _union(BOTH), schemas=NAMED
    ),
    *at_places(
        discriminator.DISCRIMINATOR_MAPPING_CHANGED,
        _union(CAT),
        _union(CAT, prop="type"),
        schemas=NAMED,
    ),
]


@pytest.mark.parametrize(("rule_id", "base", "revision"), FIRES, ids=case_ids(FIRES))
def test_fires(rule_id: str, base: Doc, revision: Doc) -> None:
    assert_fires(rule_id, base, revision)


@pytest.mark.parametrize(("rule_id", "base", "revision"), QUIET, ids=case_ids(QUIET))
def test_quiet(rule_id: str, base: Doc, revision: Doc) -> None:
    assert_quiet(rule_id, base, revision)
