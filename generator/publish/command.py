"""``sdkgen publish`` on the command line."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "publish",
        help="upload every client sdist and wheel in dist/ that the package index lacks",
        description=(
            "Upload the sdists and wheels of the configured clients in dist/ that the index "
            "does not have yet. A version already published with the same bytes is skipped, "
            "with other bytes refused. Credentials: SDKGEN_PUBLISH_USERNAME and "
            "SDKGEN_PUBLISH_PASSWORD, CodeArtifact through boto3, else the system keyring."
        ),
    )
    parser.add_argument(
        "--config",
        type=Path,
        default=Path("pyproject.toml"),
        help="pyproject.toml with [tool.sdkgen] (default: %(default)s)",
    )
    parser.add_argument(
        "--api", action="append", metavar="NAME", help="only this API's clients (repeatable)"
    )
    parser.add_argument(
        "--repository-url",
        metavar="URL",
        help="upload here instead of [tool.sdkgen.publish]'s index",
    )
    parser.add_argument(
        "--index-url",
        metavar="URL",
        help="the index's simple API, read to see what is there (default: <upload URL>/simple/)",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="compare with the index and upload nothing"
    )


def run(args: argparse.Namespace) -> int:
    from generator.config import load_config
    from generator.publish.run import run_publish

    return run_publish(
        load_config(args.config),
        apis=args.api,
        repository_url=args.repository_url,
        index_url=args.index_url,
        dry_run=args.dry_run,
        echo=lambda line: print(line, flush=True),
    )
