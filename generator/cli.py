"""The ``sdkgen`` command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from generator import __version__
from generator.errors import DocumentError, SdkgenError, UsageError
from generator.spec.diagnostics import format_json, format_text, has_errors, sort_diagnostics

EXIT_OK = 0
EXIT_REJECTED = 1
EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="sdkgen", description="Typed Python clients from API Gateway exports.")
    parser.add_argument("--version", action="version", version=f"sdkgen {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    validate = sub.add_parser("validate", help="report every problem of a document")
    validate.add_argument("spec", type=Path)
    validate.add_argument("--format", choices=("text", "json"), default="text")

    generate = sub.add_parser("generate", help="generate a client package from a document")
    generate.add_argument("spec", type=Path)
    generate.add_argument("--out", type=Path, required=True, help="project directory to write")
    generate.add_argument("--name", help="distribution name (default: <title>-client)")
    generate.add_argument("--package-version", help="version of the generated package")
    fleet = sub.add_parser("fleet", help="generate every API configured in pyproject.toml")
    fleet.add_argument("--config", type=Path, default=Path("pyproject.toml"))
    fleet.add_argument("--api", action="append", help="only this API (repeatable)")
    fleet.add_argument("--no-wheels", action="store_true", help="skip building wheels")
    return parser


def _cmd_fleet(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from generator.config import load_config
    from generator.fleet import run_fleet, summary_table

    config = load_config(args.config)
    if args.api:
        unknown = sorted(set(args.api) - {a.name for a in config.apis})
        if unknown:
            raise UsageError(f"unknown API(s): {', '.join(unknown)}")
        config = replace(config, apis=tuple(a for a in config.apis if a.name in args.api))
    results = run_fleet(config, wheels=not args.no_wheels)
    print()
    print(summary_table(results))
    failed = [r for r in results if r.error is not None]
    return EXIT_REJECTED if failed else EXIT_OK


def _cmd_validate(args: argparse.Namespace) -> int:
    from generator.spec.load import load_file
    from generator.spec.normalize import normalize
    from generator.spec.validate import validate_document

    source = str(args.spec)
    loaded = load_file(args.spec)
    problems = validate_document(loaded.data)
    try:
        repairs = normalize(loaded.data).repairs
    except DocumentError as exc:
        repairs = list(exc.diagnostics)
    diagnostics = sort_diagnostics(problems)
    if args.format == "json":
        print(format_json(diagnostics, source))
    else:
        print(format_text(diagnostics, source))
        if repairs and has_errors(diagnostics):
            print(f"{source}: `sdkgen generate` repairs {len(repairs)} thing(s) automatically")
    return EXIT_REJECTED if has_errors(diagnostics) else EXIT_OK


def _cmd_generate(args: argparse.Namespace) -> int:
    from generator.pipeline import generate

    prepared = generate(args.spec, args.out, name=args.name, version=args.package_version)
    source = str(args.spec)
    for diag in sort_diagnostics(
        [*prepared.problems, *prepared.api.omissions, *prepared.api.notes]
    ):
        print(f"{source}: {diag.to_text()}", file=sys.stderr)
    repairs = len(prepared.normalized.repairs)
    ops = len(prepared.api.operations)
    print(
        f"{source}: generated {args.out} ({ops} operation(s), {len(prepared.api.models)} model(s), "
        f"{repairs} repair(s), {len(prepared.api.omissions)} part(s) not generated)"
    )
    return EXIT_OK


COMMANDS = {"validate": _cmd_validate, "generate": _cmd_generate, "fleet": _cmd_fleet}


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
        return COMMANDS[args.command](args)
    except DocumentError as exc:
        print(f"error: {exc}", file=sys.stderr)
        for diag in exc.diagnostics:
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
