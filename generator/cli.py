"""The ``sdkgen`` command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from generator import __version__
from generator import ci as ci_command
from generator import plan as plan_command
from generator.config import CONFIG_HELP
from generator.discover import command as discover_command
from generator.errors import DocumentError, SdkgenError, UsageError
from generator.publish import command as publish_command
from generator.spec.diagnostics import sort_diagnostics

if TYPE_CHECKING:
    pass

EXIT_OK = 0
EXIT_REJECTED = 1
EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message} (see '{self.prog} --help')")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="sdkgen", description="Typed Python clients from API Gateway exports.")
    parser.add_argument("--version", action="version", version=f"sdkgen {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    validate = sub.add_parser("validate", help="report every problem of a document")
    validate.add_argument("spec", type=Path, help="the document (JSON or YAML)")
    validate.add_argument(
        "--format", choices=("text", "json"), default="text", help="output (default: %(default)s)"
    )
    from generator.spec.remote_refs import REMOTE_REFS_HELP, AllowRemoteRefs

    validate.add_argument("--allow-remote-refs", action=AllowRemoteRefs, help=REMOTE_REFS_HELP)

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
    generate.add_argument("--allow-remote-refs", action=AllowRemoteRefs, help=REMOTE_REFS_HELP)
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

    from generator.cli_diff import register_diff_arguments, register_release_arguments

    register_diff_arguments(
        sub.add_parser("diff", help="what changed between two versions of an API")
    )

    release = sub.add_parser(
        "release-check",
        help="fail when specs/ has breaking changes since the last release without a major bump",
    )
    register_release_arguments(release)

    from generator.sources.pull import register_pull_arguments

    pull = sub.add_parser("pull", help="pull stage exports from API Gateway into specs/")
    register_pull_arguments(pull)
    for command in _EXTRA_COMMANDS.values():
        command.register(sub)
    return parser


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
    from generator.pipeline import generate

    source = str(args.spec)
    generated = generate(
        args.spec, args.out, name=args.name, version=args.package_version, check=args.check
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


class _Command(Protocol):
    """A command whose options and run live in its own module."""

    def register(self, sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
        ...

    def run(self, args: argparse.Namespace) -> int: ...


_EXTRA_COMMANDS: dict[str, _Command] = {
    "discover": discover_command,
    "init-ci": ci_command,
    "plan": plan_command,
    "publish": publish_command,
}

COMMANDS = {
    "validate": _cmd_validate,
    "generate": _cmd_generate,
    "fleet": _cmd_fleet,
    "pull": _cmd_pull,
    "diff": _cmd_diff,
    "release-check": _cmd_release_check,
    **{name: module.run for name, module in _EXTRA_COMMANDS.items()},
}


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args, extra = _parser().parse_known_args(argv)
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
