"""Reading a team's diff policy: [tool.sdkgen.diff] and sdkgen-waivers.toml
(generator/diff_settings.py)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from generator.diff_settings import load_diff_settings
from generator.errors import UsageError

WAIVER = """
[[tool.sdkgen.diff.waivers]]
rule = "response-body-enum-value-added"
operation = "GET /orders/*"
reason = "clients map unknown values to OTHER"
expires = 2026-12-31
"""


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_no_file_or_no_table_means_the_defaults(tmp_path: Path) -> None:
    for settings in (
        load_diff_settings(tmp_path / "missing.toml"),
        load_diff_settings(_write(tmp_path / "pyproject.toml", "[project]\nname = 'x'\n")),
    ):
        assert settings.policy.waivers == () and settings.policy.severity == {}
        assert settings.policy.fail_on == "breaking" and settings.min_sunset_days == {}


def test_pyproject_and_waivers_file_together(tmp_path: Path) -> None:
    pyproject = _write(
        tmp_path / "pyproject.toml",
        '[tool.sdkgen.diff]\nfail-on = "warning"\nmin-sunset-days = { beta = 30, stable = 90 }\n'
        '[tool.sdkgen.diff.severity]\nresponse-body-enum-value-added = "breaking"\n' + WAIVER,
    )
    _write(
        tmp_path / "sdkgen-waivers.toml",
        '[[waivers]]\nrule = "request-*"\npath = "/legacy/*"\nreason = "sunset"\nexpires = "2027-01-31"\n',
    )
    settings = load_diff_settings(pyproject)
    policy = settings.policy
    assert policy.fail_on == "warning"
    assert policy.severity == {"response-body-enum-value-added": "breaking"}
    assert [(w.rule, w.target, w.expires) for w in policy.waivers] == [
        ("response-body-enum-value-added", "GET /orders/*", datetime.date(2026, 12, 31)),
        ("request-*", "/legacy/*", datetime.date(2027, 1, 31)),
    ]
    assert policy.waivers[1].where == "sdkgen-waivers.toml waivers[0]"
    assert settings.options(datetime.date(2026, 1, 1)).sunset_days("stable") == 90


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('[tool.sdkgen.diff]\nfail_on = "x"\n', "unknown key(s) fail_on"),
        ('[tool.sdkgen.diff]\nfail-on = "info"\n', "'fail-on' must be one of"),
        ('[tool.sdkgen.diff.severity]\nno-such-rule = "info"\n', "'no-such-rule' is not a rule id"),
        (
            '[tool.sdkgen.diff.severity]\noperation-removed = "fatal"\n',
            "must be one of breaking, warning, info",
        ),
        (
            '[[tool.sdkgen.diff.waivers]]\nrule = "nope-*"\noperation = "*"\nreason = "r"\nexpires = 2026-01-01\n',
            "matches no rule id",
        ),
        (
            '[[tool.sdkgen.diff.waivers]]\nrule = "operation-removed"\nreason = "r"\nexpires = 2026-01-01\n',
            "'operation' (e.g.",
        ),
        (
            '[[tool.sdkgen.diff.waivers]]\nrule = "operation-removed"\noperation = "*"\nexpires = 2026-01-01\n',
            "'reason' must say why",
        ),
        (
            '[[tool.sdkgen.diff.waivers]]\nrule = "operation-removed"\noperation = "*"\nreason = "r"\nexpires = "soon"\n',
            "'expires' must be a date",
        ),
        (
            '[[tool.sdkgen.diff.waivers]]\nrule = "operation-removed"\npath = "orders"\nreason = "r"\nexpires = 2026-01-01\n',
            "'path' must start with '/'",
        ),
        ("[tool.sdkgen.diff]\nmin-sunset-days = { alpha = 3 }\n", "'alpha' is not beta or stable"),
        ('[tool.sdkgen.diff]\nwaivers-file = "gone.toml"\n', "does not exist"),
        ("[tool.sdkgen.diff\n", "invalid TOML"),
    ],
)
def test_every_mistake_is_one_clear_line(tmp_path: Path, text: str, words: str) -> None:
    pyproject = _write(tmp_path / "pyproject.toml", text)
    with pytest.raises(UsageError) as caught:
        load_diff_settings(pyproject)
    message = str(caught.value)
    assert words in message and "\n" not in message
