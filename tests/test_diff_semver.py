"""Semver bump of a set of changes, and the next version number."""

from __future__ import annotations

import pytest

from generator.diff import Change, bump_for, next_version
from generator.diff.catalog import change


def _of(*rule_ids: str) -> list[Change]:
    return [change(rule_id, "x") for rule_id in rule_ids]


@pytest.mark.parametrize(
    ("rule_ids", "bump"),
    [
        ((), "none"),
        (("operation-description-changed",), "patch"),
        (
            ("operation-summary-changed", "schema-description-changed", "operation-id-changed"),
            "patch",
        ),
        (("operation-added",), "minor"),
        (("request-parameter-added-optional", "operation-description-changed"), "minor"),
        (("operation-deprecated",), "minor"),  # warning
        (("response-body-enum-value-added",), "minor"),  # warning
        (("operation-removed", "operation-added"), "major"),
        (("client-method-renamed",), "major"),
    ],
)
def test_bump(rule_ids: tuple[str, ...], bump: str) -> None:
    assert bump_for(_of(*rule_ids)) == bump


@pytest.mark.parametrize(
    ("current", "bump", "expected"),
    [
        ("1.4.2", "major", "2.0.0"),
        ("1.4.2", "minor", "1.5.0"),
        ("1.4.2", "patch", "1.4.3"),
        ("1.4.2", "none", "1.4.2"),
        ("1.4", "patch", "1.4.1"),
        ("2", "minor", "2.1.0"),
        ("v1.2.3", "major", "2.0.0"),
        ("1.2.0rc1", "patch", "1.2.1"),
        ("1.2.3.post1", "minor", "1.3.0"),
        ("0.2.3", "major", "0.3.0"),
        ("0.2.3", "minor", "0.2.4"),
        ("0.2.3", "patch", "0.2.4"),
        ("0.0.1", "major", "0.1.0"),
    ],
)
def test_next_version(current: str, bump: str, expected: str) -> None:
    assert next_version(current, bump) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["", "latest", "2021-03-31 17:32:29UTC x", "a.b.c"])
def test_next_version_rejects_non_versions(bad: str) -> None:
    with pytest.raises(ValueError, match="not a version"):
        next_version(bad, "minor")


def test_versions_are_read_as_pep_440_reads_them() -> None:
    # one reader of version numbers, packaging's: what PEP 440 refuses, the bump refuses too
    with pytest.raises(ValueError, match="not a version"):
        next_version("1.2.3-foo", "patch")
    with pytest.raises(ValueError, match="not a version"):
        next_version("1!2.0", "patch")  # an epoch: sdkgen does not bump those
    assert next_version("1.2.3.dev1+local.x", "patch") == "1.2.4"
