"""The command line as a whole: every option is explained, usage errors say where help is."""

from __future__ import annotations

import argparse

import pytest

from generator.cli import _parser, main


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    found: dict[str, argparse.ArgumentParser] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            found.update(action.choices)
    return found


def test_every_option_and_argument_has_help_text() -> None:
    parser = _parser()
    commands = _subcommands(parser)
    assert {"validate", "generate", "fleet", "pull", "diff", "release-check"} <= set(commands)
    missing = [
        f"sdkgen {name} {action.dest}"
        for name, sub in commands.items()
        for action in sub._actions
        if not isinstance(action, argparse._HelpAction)
        and (not action.help or action.help == argparse.SUPPRESS)
    ]
    assert missing == []


@pytest.mark.parametrize(
    ("argv", "hint"),
    [
        (["validate"], "(see 'sdkgen validate --help')"),
        (["generate", "x.json"], "(see 'sdkgen generate --help')"),
        (["diff", "a", "b", "--format", "pdf"], "(see 'sdkgen diff --help')"),
        (["no-such-command"], "(see 'sdkgen --help')"),
        (["fleet", "--bogus"], "(see 'sdkgen fleet --help')"),
        (["publish", "--dry-run", "extra"], "(see 'sdkgen publish --help')"),
    ],
)
def test_usage_errors_point_to_help(
    argv: list[str], hint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.rstrip().endswith(hint)
    assert "Traceback" not in err
