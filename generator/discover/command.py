"""``sdkgen discover`` on the command line (the work is in :mod:`generator.discover.core`)."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "discover",
        help="list the account's REST and HTTP APIs and add them to [tool.sdkgen.apis]",
        description=(
            "List the REST and HTTP APIs and stages of an AWS account and region, and write "
            "them into [tool.sdkgen.apis.*] of pyproject.toml. APIs already configured keep "
            "their settings and only gain new stages; nothing else in the file changes."
        ),
    )
    parser.add_argument(
        "--config",
        type=Path,
        default=Path("pyproject.toml"),
        help="the pyproject.toml to update (default: %(default)s)",
    )
    parser.add_argument("--region", help="AWS region (default: boto3's own choice)")
    parser.add_argument("--profile", help="AWS profile (default: boto3's own choice)")
    parser.add_argument(
        "--tag",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="only APIs with this tag (repeatable: all must match)",
    )
    parser.add_argument(
        "--endpoint-url", metavar="URL", help="API Gateway endpoint, e.g. an emulator's"
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="say what would change and write nothing"
    )


def run(args: argparse.Namespace) -> int:
    from generator.config import endpoint_url_problem
    from generator.discover.core import parse_tags, run_discover
    from generator.errors import UsageError
    from generator.sources.clients import ClientSettings

    if args.endpoint_url:
        problem = endpoint_url_problem(args.endpoint_url)
        if problem:
            raise UsageError(f"--endpoint-url {problem}")
    return run_discover(
        args.config,
        settings=ClientSettings(
            region=args.region, profile=args.profile, endpoint_url=args.endpoint_url
        ),
        tags=parse_tags(args.tag),
        dry_run=args.dry_run,
        echo=lambda line: print(line, flush=True),
    )
