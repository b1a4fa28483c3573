"""The main job (`nox -s generate`): pull every configured stage, validate, generate, build.

With ``source = "aws"`` the exports come from API Gateway through the standard boto3 credential
chain, and any failure ends the job: it never falls back to the emulator. With the default
``source = "emulator"`` the embedded emulator is started, the example fleet is deployed on it,
and the same pull code reads the exports from it.

Known emulator deviation, handled here: ministack exports its live working tree for every
stage, not the deployment a stage points at. The generation stage (deployed last) is pulled
normally; earlier stages get the export saved right after their own deployment, written by the
same snapshot writer.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

from generator.config import FleetConfig
from generator.errors import SdkgenError
from generator.fleet import FleetResult, run_fleet, summary_table

Echo = Callable[[str], None]

EMULATOR_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "test",
    "AWS_SECRET_ACCESS_KEY": "test",
    "AWS_SESSION_TOKEN": "",
}


@contextlib.contextmanager
def environment(values: dict[str, str]) -> Iterator[None]:
    """Sets (empty values: unsets) environment variables for the block, then restores them."""
    saved = {key: os.environ.get(key) for key in values}
    try:
        for key, value in values.items():
            if value:
                os.environ[key] = value
            else:
                os.environ.pop(key, None)
        yield
    finally:
        for key, old in saved.items():
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old


def pin_resource_ids(snapshot: bytes) -> bytes:
    """Emulator deviation: ministack gives resources new random ids on every deployment, and
    exports them as each integration's ``cacheNamespace``. AWS keeps resource ids across
    deployments, so a stable value derived from the path stands in for them."""
    import hashlib
    import json

    from generator.sources.snapshot import canonical_json

    doc = json.loads(snapshot)
    paths = doc.get("paths") if isinstance(doc, dict) else None
    for path, item in (paths or {}).items():
        if not isinstance(item, dict):
            continue
        for operation in item.values():
            integration = (
                operation.get("x-amazon-apigateway-integration")
                if isinstance(operation, dict)
                else None
            )
            if isinstance(integration, dict) and "cacheNamespace" in integration:
                integration["cacheNamespace"] = hashlib.sha256(path.encode()).hexdigest()[:8]
    return canonical_json(doc)


def pull_from_emulator(config: FleetConfig, echo: Echo) -> None:
    """Start the emulator, deploy the example fleet, pull its stages into specs/, stop."""
    from generator.emulator import MINISTACK_VERSION, Emulator
    from generator.emulator.fleet import deploy_fleet
    from generator.sources.pull import pull_fleet
    from generator.sources.snapshot import canonical_export

    echo(
        f"source: the embedded API Gateway emulator (ministack {MINISTACK_VERSION}) hosting the "
        "example fleet; set SDKGEN_SOURCE=aws to pull from AWS"
    )
    with (
        Emulator(progress=echo) as emulator,
        tempfile.TemporaryDirectory(prefix="sdkgen-fleet-") as work,
    ):
        fleet = deploy_fleet(emulator, workdir=Path(work), echo=echo, pin_ids=True)
        hosted = {str(name): api for name, api in fleet.apis.items()}
        unknown = sorted({a.name for a in config.apis} - set(hosted))
        if unknown:
            raise SdkgenError(
                f"the emulator hosts only the example fleet ({', '.join(sorted(fleet.apis))}); "
                f"no API named {', '.join(unknown)}"
            )
        pointed = replace(
            config,
            region=emulator.region,
            apis=tuple(
                replace(a, endpoint_url=emulator.endpoint_url, region=emulator.region)
                for a in config.apis
            ),
        )
        generation_stage = {api.name: api.stage for api in config.apis}

        def adjust(label: str, snapshot: bytes) -> bytes:
            # Stages deployed before the generation stage: the live export would show the later
            # deployment, so use the export saved when the stage itself was deployed.
            name, stage = label.split("/", 1)
            exports = {str(s): body for s, body in hosted[name].exports.items()}
            if stage != generation_stage[name] and stage in exports:
                echo(f"  {label}: using the export saved when {stage} was deployed")
                snapshot = canonical_export(exports[stage], label)
            return pin_resource_ids(snapshot)

        with environment({**EMULATOR_CREDENTIALS, "AWS_DEFAULT_REGION": emulator.region}):
            pull_fleet(pointed, endpoint_url=emulator.endpoint_url, echo=echo, adjust=adjust)


def validate_specs(config: FleetConfig, echo: Echo) -> int:
    """Report each generation-stage document: its problems as written, how many repairs
    generate makes and what remains after them; returns how many documents have errors."""
    from generator import validation
    from generator.pipeline import cache_key, recall, store

    invalid = 0
    for api in config.apis:
        path = api.spec_path(config.specs_dir)
        # the same document reviewed by the same sdkgen: the numbers of last time
        key = cache_key(path, name=None, version=None)
        numbers = recall("validate", key)
        if numbers is None or set(numbers) != validation.COUNT_KEYS:
            numbers = validation.counts(validation.review(path))
            store("validate", key, numbers)
        invalid += int(numbers["errors"]) > 0
        echo(
            f"[{api.name}] validate {path.relative_to(config.root)}: " + validation.summary(numbers)
        )
    return invalid


def pull_stages(config: FleetConfig, echo: Echo) -> None:
    """Pull every configured stage into specs/, from AWS or the embedded emulator."""
    if config.source == "emulator":
        pull_from_emulator(config, echo)
    else:
        from generator.sources.pull import pull_fleet

        echo("source: AWS (standard boto3 credential chain)")
        pull_fleet(config, echo=echo)


def run_main_job(
    config: FleetConfig,
    *,
    pull: bool = True,
    wheels: bool = True,
    check: bool = False,
    echo: Echo = print,
) -> list[FleetResult]:
    """Pull (unless ``pull`` is False or ``check``), validate, generate and build.

    ``check`` writes nothing: it reports which clients regenerating would change.
    """
    pull = pull and not check
    if pull:
        pull_stages(config, echo)
    validate_specs(config, echo)
    results = run_fleet(config, wheels=wheels, check=check, echo=echo)
    echo("")
    echo(summary_table(results))
    if pull and config.source == "emulator":
        echo("(exports pulled from the embedded emulator, not from AWS)")
    return results
