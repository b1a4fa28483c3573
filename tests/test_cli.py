"""The command line as a whole: every option is explained, usage errors say where help is."""

from __future__ import annotations

import argparse
import subprocess
import sys

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


def _options(parser: argparse.ArgumentParser) -> list[tuple[str, ...]]:
    return sorted(tuple(action.option_strings) or (action.dest,) for action in parser._actions)


def test_a_command_alone_has_the_options_it_has_in_the_full_parser() -> None:
    full = _subcommands(_parser())
    for name, sub in full.items():
        alone = _subcommands(_parser(name))
        assert list(alone) == [name]
        assert _options(alone[name]) == _options(sub), name


def test_a_mistyped_command_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["genrate", "x.json"]) == 2
    err = capsys.readouterr().err
    for name in ("validate", "generate", "fleet", "diff", "publish", "discover", "init-ci"):
        assert f"'{name}'" in err


def test_generate_does_not_import_the_other_commands() -> None:
    # Importing every command's modules cost a small generate about 14% of its CPU time; the
    # command line imports only what the named command needs.
    code = (
        "import sys\n"
        "from generator.cli import _named_command, _parser\n"
        "_parser(_named_command(['generate', 'x.json', '--out', 'o']))\n"
        "print(sorted(m for m in sys.modules if m.startswith('generator.')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    for module in ("generator.publish", "generator.discover", "generator.cli_diff", "generator.ci"):
        assert f"'{module}" not in out, module


def test_release_check_and_versioning_do_not_import_the_renderer() -> None:
    # versioning read one file-name constant from render.package, which pulled the renderer,
    # jinja2 and the example checker's jsonschema into every release-check (~0.3 s)
    code = (
        "import sys\n"
        "import generator.release, generator.versioning\n"
        "print(sorted(m for m in sys.modules if m.startswith(('generator.render', 'jsonschema'))))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert "'generator.render.package'" not in out and "'jsonschema'" not in out, out
