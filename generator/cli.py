"""The ``sdkgen`` command line.

A run imports only what its command needs: the parser registers the arguments of the command
named on the command line alone (each command's options live with the modules that run it, and
importing those for every run cost a small ``generate`` about 14% of its CPU time); the full
parser, with every command's arguments, is built when no known command is named (``--help``,
a mistyped command).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

from generator import __version__
from generator.errors import DocumentError, SdkgenError, UsageError

EXIT_OK = 0
EXIT_REJECTED = 1
EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message} (see '{self.prog} --help')")


if TYPE_CHECKING:
    _SubParsers = argparse._SubParsersAction[_Parser]


def _register_validate(sub: _SubParsers) -> None:
    validate = sub.add_parser("validate", help="report every problem of a document")
    validate.add_argument("spec", type=Path, help="the document (JSON or YAML)")
    validate.add_argument(
        "--format", choices=("text", "json"), default="text", help="output (default: %(default)s)"
    )
    from generator.spec.remote_refs import REMOTE_REFS_HELP, AllowRemoteRefs

    validate.add_argument("--allow-remote-refs", action=AllowRemoteRefs, help=REMOTE_REFS_HELP)


def _register_generate(sub: _SubParsers) -> None:
    generate = sub.add_parser("generate", help="generate a client package from a document")
    generate.add_argument("spec", type=Path, help="the document (JSON or YAML)")
    generate.add_argument("--out", type=Path, required=True, help="project directory to write")
    generate.add_argument("--name", help="distribution name (default: <title>-client)")
    from generator.versioning import valid_version

    generate.add_argument(
        "--package-version",
        type=valid_version,
        help="version of the generated package (default: 0.1.0 the first time, then the bump "
        "the diff against the previous document calls for)",
    )
    generate.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if regenerating would change any file (CI drift gate)",
    )
    generate.add_argument(
        "--names",
        type=Path,
        metavar="FILE",
        help='TOML file of names to use instead of the generated ones: "PUT /orders/{id}" ='
        ' "orders.replace", and [resources] and [models] tables (as [tool.sdkgen.apis.<api>'
        ".names] in pyproject.toml)",
    )
    from generator.spec.remote_refs import REMOTE_REFS_HELP, AllowRemoteRefs

    generate.add_argument("--allow-remote-refs", action=AllowRemoteRefs, help=REMOTE_REFS_HELP)
    generate.add_argument(
        "--config",
        type=Path,
        default=Path("pyproject.toml"),
        help="pyproject.toml whose [tool.sdkgen.diff] policy grades the changes that decide the "
        "version (default: %(default)s, when it exists)",
    )
    generate.add_argument(
        "--waivers",
        type=Path,
        help="waivers file (default: the configured one, else sdkgen-waivers.toml if present)",
    )


def _register_fleet(sub: _SubParsers) -> None:
    from generator.config import CONFIG_HELP

    fleet = sub.add_parser(
        "fleet", help="the main job: pull, validate, generate and build every configured API"
    )
    fleet.add_argument("--config", type=Path, default=Path("pyproject.toml"), help=CONFIG_HELP)
    fleet.add_argument("--api", action="append", metavar="NAME", help="only this API (repeatable)")
    fleet.add_argument(
        "--no-pull", action="store_true", help="use the documents in specs/ as they are"
    )
    fleet.add_argument("--no-wheels", action="store_true", help="skip building wheels")
    fleet.add_argument(
        "--check",
        action="store_true",
        help="pull and write nothing; exit 1 if regenerating any client would change it",
    )


def _register_diff(sub: _SubParsers) -> None:
    from generator.cli_diff import register_diff_arguments

    register_diff_arguments(
        sub.add_parser("diff", help="what changed between two versions of an API")
    )


def _register_release_check(sub: _SubParsers) -> None:
    from generator.cli_diff import register_release_arguments

    release = sub.add_parser(
        "release-check",
        help="fail when specs/ has breaking changes since the last release without a major bump",
    )
    register_release_arguments(release)


def _register_pull(sub: _SubParsers) -> None:
    from generator.sources.pull import register_pull_arguments

    pull = sub.add_parser("pull", help="pull stage exports from API Gateway into specs/")
    register_pull_arguments(pull)


class _Command(Protocol):
    """A command whose options and run live in its own module."""

    def register(self, sub: _SubParsers) -> None: ...

    def run(self, args: argparse.Namespace) -> int: ...


# command -> the module that registers its options and runs it
_EXTRA_COMMANDS = {
    "discover": "generator.discover.command",
    "init-ci": "generator.ci",
    "plan": "generator.plan",
    "publish": "generator.publish.command",
}


def _extra(name: str) -> _Command:
    return cast(_Command, importlib.import_module(_EXTRA_COMMANDS[name]))


def _extra_register(name: str) -> Callable[[_SubParsers], None]:
    return lambda sub: _extra(name).register(sub)


def _extra_run(name: str) -> Callable[[argparse.Namespace], int]:
    return lambda args: _extra(name).run(args)


_REGISTER: dict[str, Callable[[_SubParsers], None]] = {
    "validate": _register_validate,
    "generate": _register_generate,
    "fleet": _register_fleet,
    "diff": _register_diff,
    "release-check": _register_release_check,
    "pull": _register_pull,
    **{name: _extra_register(name) for name in _EXTRA_COMMANDS},
}


def _parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or, given a ``command``, of that one alone."""
    parser = _Parser(prog="sdkgen", description="Typed Python clients from API Gateway exports.")
    parser.add_argument("--version", action="version", version=f"sdkgen {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name, register in _REGISTER.items():
        if command is None or name == command:
            register(sub)
    return parser


def _named_command(argv: Sequence[str]) -> str | None:
    """The command ``argv`` names (its first word not an option: the top level's options take
    no value), or None when that is not a known command."""
    first = next((word for word in argv if not word.startswith("-")), None)
    return first if first in _REGISTER else None


def _cmd_diff(args: argparse.Namespace) -> int:
    from generator.cli_diff import run_diff_command

    return run_diff_command(args)


def _cmd_release_check(args: argparse.Namespace) -> int:
    from generator.cli_diff import run_release_command

    return run_release_command(args)


def _cmd_pull(args: argparse.Namespace) -> int:
    from generator.sources.pull import run_pull

    return run_pull(args, args.config)


def _cmd_fleet(args: argparse.Namespace) -> int:
    from generator.config import load_config, only_apis
    from generator.mainjob import run_main_job

    config = load_config(args.config)
    if args.api:
        config = only_apis(config, args.api)
    results = run_main_job(
        config, pull=not args.no_pull, wheels=not args.no_wheels, check=args.check
    )
    failed = [r for r in results if r.error is not None or r.status == "out of date"]
    return EXIT_REJECTED if failed else EXIT_OK


def _cmd_validate(args: argparse.Namespace) -> int:
    from generator import validation

    result = validation.review(args.spec)
    fmt = validation.format_json if args.format == "json" else validation.format_text
    print(fmt(result, str(args.spec)))
    return EXIT_OK if result.valid else EXIT_REJECTED


def _cmd_generate(args: argparse.Namespace) -> int:
    from generator.overrides import NO_OVERRIDES, read_names_file
    from generator.pipeline import generate
    from generator.spec.diagnostics import sort_diagnostics
    from generator.versioning import read_previous

    settings = None
    if read_previous(args.out) is not None:  # a new version: the team's policy grades it
        from generator.diff_settings import load_diff_settings

        settings = load_diff_settings(args.config, args.waivers)
    source = str(args.spec)
    overrides = read_names_file(args.names) if args.names is not None else NO_OVERRIDES
    generated = generate(
        args.spec,
        args.out,
        name=args.name,
        version=args.package_version,
        check=args.check,
        settings=settings,
        overrides=overrides,
    )
    api = generated.api
    for diag in sort_diagnostics([*generated.problems, *api.omissions, *api.notes]):
        print(f"{source}: {diag.to_text()}", file=sys.stderr)
    if args.check:
        if generated.changed_files:
            print(f"{args.out}: out of date; regenerating would change:", file=sys.stderr)
            for name in generated.changed_files:
                print(f"  {name}", file=sys.stderr)
            return EXIT_REJECTED
        print(f"{args.out}: up to date (version {generated.version})")
        return EXIT_OK
    if not generated.changed_files:
        print(f"{source}: {args.out} is up to date (version {generated.version}); nothing written")
        return EXIT_OK
    bump = ""
    if generated.report is not None and generated.previous_version is not None:
        bump = f", {generated.previous_version} -> {generated.version} ({generated.report.bump})"
    print(
        f"{source}: generated {args.out} version {generated.version} "
        f"({len(api.operations)} operation(s), {len(api.models)} model(s), "
        f"{len(generated.normalized.repairs)} repair(s), {len(api.omissions)} part(s) not "
        f"generated{bump})"
    )
    return EXIT_OK


COMMANDS = {
    "validate": _cmd_validate,
    "generate": _cmd_generate,
    "fleet": _cmd_fleet,
    "pull": _cmd_pull,
    "diff": _cmd_diff,
    "release-check": _cmd_release_check,
    **{name: _extra_run(name) for name in _EXTRA_COMMANDS},
}


def main(argv: Sequence[str] | None = None) -> int:
    try:
        words = sys.argv[1:] if argv is None else list(argv)
        args, extra = _parser(_named_command(words)).parse_known_args(words)
        if extra:  # say which command's help to read, not the top level's
            prog = f"sdkgen {args.command}"
            raise UsageError(
                f"{prog}: unrecognized arguments: {' '.join(extra)} (see '{prog} --help')"
            )
        return COMMANDS[args.command](args)
    except DocumentError as exc:
        print(f"error: {exc}", file=sys.stderr)
        for diag in exc.diagnostics:
            if diag.message not in str(exc):  # not a second line saying the same
                print(f"  {diag.to_text()}", file=sys.stderr)
        return EXIT_REJECTED
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except SdkgenError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
