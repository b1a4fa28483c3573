"""``sdkgen plan``: which APIs a CI run has to generate, as a GitHub Actions job matrix.

An API is left out when the content-hash record of its last generation (see
:func:`generator.pipeline.cached`) says regenerating would change nothing: same document bytes,
same generator, same options (name, version, naming), and the output folder untouched since.
Everything else is in: a changed export or configuration, a new sdkgen, no record yet (a fresh
runner without the cache folder), or a document that is missing (its job reports it).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.config import FleetConfig
from generator.errors import SdkgenError

Echo = Callable[[str], None]


@dataclass(frozen=True)
class Planned:
    api: str
    changed: bool
    reason: str


def plan_fleet(config: FleetConfig) -> list[Planned]:
    """For each configured API (in configuration order): does it need generating, and why."""
    from generator.pipeline import cached

    planned = []
    for api in config.apis:
        out = config.output_dir / api.name
        try:
            spec = api.spec_path(config.specs_dir)
        except SdkgenError:
            planned.append(Planned(api.name, True, f"no {api.stage} document in specs/{api.name}"))
            continue
        record = cached(
            spec,
            out,
            name=api.package,
            version=api.version,
            options=config.naming,
            overrides=api.overrides,
        )
        if record is None:
            reason = "document, configuration or generator changed since its last generation"
            planned.append(Planned(api.name, True, reason))
        else:
            planned.append(Planned(api.name, False, f"up to date (version {record.version})"))
    return planned


def matrix(planned: list[Planned]) -> dict[str, list[dict[str, str]]]:
    """``{"include": [{"api": "orders"}, ...]}``: a job matrix of the APIs to generate."""
    return {"include": [{"api": p.api} for p in planned if p.changed]}


# --- command line -------------------------------------------------------------------------


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "plan",
        help="list the APIs whose export, configuration or generator changed (a CI job matrix)",
        description=(
            "Pull every stage (unless --no-pull), then list the APIs that need generating: "
            "those whose document, configuration or generator changed since their last "
            "generation. With --json, prints a GitHub Actions matrix and nothing else on "
            "stdout (progress goes to stderr)."
        ),
    )
    parser.add_argument(
        "--config",
        type=Path,
        default=Path("pyproject.toml"),
        help="pyproject.toml with [tool.sdkgen] (default: %(default)s)",
    )
    parser.add_argument(
        "--no-pull", action="store_true", help="use the documents in specs/ as they are"
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help='print {"include": [{"api": NAME}, ...]} for a job matrix',
    )


def run(args: argparse.Namespace) -> int:
    from generator.config import load_config
    from generator.mainjob import pull_stages

    config = load_config(args.config)

    def progress(line: str) -> None:
        print(line, file=sys.stderr if args.json else sys.stdout, flush=True)

    if not args.no_pull:
        pull_stages(config, progress)
    planned = plan_fleet(config)
    if args.json:
        print(json.dumps(matrix(planned)))
    else:
        for item in planned:
            print(f"[{item.api}] {'generate' if item.changed else 'skip'}: {item.reason}")
    return 0
