"""contentEncoding, contentMediaType, contentSchema (generator/diff/checks/content.py)."""

from __future__ import annotations

import pytest

from generator.diff.checks import content
from tests.diff_cases.builders import Doc
from tests.diff_cases.checks import Case, assert_fires, assert_quiet, at_places, case_ids

S: Doc = {"type": "string"}
B64: Doc = {**S, "contentEncoding": "base64", "contentMediaType": "image/png"}
EMBEDDED: Doc = {**S, "contentMediaType": "application/json", "contentSchema": {"type": "object"}}

FIRES: list[Case] = [
    *at_places(content.CONTENT_ENCODING_CHANGED, B64, {**B64, "contentEncoding": "base32"}),
    *at_places(content.CONTENT_MEDIA_TYPE_CHANGED, B64, {**B64, "contentMediaType": "image/jpeg"}),
    *at_places(
        content.CONTENT_SCHEMA_ADDED, {**S, "contentMediaType": "application/json"}, EMBEDDED
    ),
    *at_places(
        content.CONTENT_SCHEMA_REMOVED, EMBEDDED, {**S, "contentMediaType": "application/json"}
    ),
]
QUIET: list[Case] = [
    *at_places(content.CONTENT_ENCODING_CHANGED, B64, {**B64, "contentEncoding": "BASE64"}),
    *at_places(content.CONTENT_MEDIA_TYPE_CHANGED, B64, {**B64, "contentMediaType": "Image/PNG"}),
    *at_places(content.CONTENT_SCHEMA_ADDED, EMBEDDED, EMBEDDED),
    *at_places(
        content.CONTENT_SCHEMA_REMOVED, {**S, "contentMediaType": "application/json"}, EMBEDDED
    ),
]


@pytest.mark.parametrize(("rule_id", "base", "revision"), FIRES, ids=case_ids(FIRES))
def test_fires(rule_id: str, base: Doc, revision: Doc) -> None:
    assert_fires(rule_id, base, revision)


@pytest.mark.parametrize(("rule_id", "base", "revision"), QUIET, ids=case_ids(QUIET))
def test_quiet(rule_id: str, base: Doc, revision: Doc) -> None:
    assert_quiet(rule_id, base, revision)
