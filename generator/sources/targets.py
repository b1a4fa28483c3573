"""Which (api, stage) pairs a pull covers, with the settings each one is pulled with."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.config import ExportType, FleetConfig, Kind, Source
from generator.errors import UsageError
from generator.sources.clients import ClientSettings


@dataclass(frozen=True)
class PullTarget:
    """One stage to export and the files it goes to."""

    name: str | None  # the config key; None for an ad hoc pull (the API's own name is used)
    kind: Kind
    api: str  # API id or name in API Gateway
    stage: str
    out: Path
    settings: ClientSettings
    source: Source | None  # None: decided by the endpoint (AWS's own or not)
    export_type: ExportType = "oas30"
    extensions: str = ""

    @property
    def label(self) -> str:
        return f"{self.name or self.api}/{self.stage}"

    @property
    def provenance_path(self) -> Path:
        return provenance_path(self.out)


def provenance_path(snapshot: Path) -> Path:
    """``specs/orders/prod.json`` → ``specs/orders/prod.provenance.json``."""
    return snapshot.with_name(f"{snapshot.stem}.provenance.json")


def fleet_targets(
    config: FleetConfig,
    *,
    apis: Sequence[str] | None = None,
    stages: Sequence[str] | None = None,
    endpoint_url: str | None = None,
) -> list[PullTarget]:
    """Every configured (api, stage), optionally only the named APIs and stages.

    The endpoint is the API's ``endpoint_url``, else ``endpoint_url`` (``--endpoint-url``),
    else boto3's own choice (``AWS_ENDPOINT_URL``, then AWS). With ``source = "aws"`` the
    configured ``endpoint_url`` values (which point at an emulator) are not used.
    """
    known = [api.name for api in config.apis]
    unknown = sorted(set(apis or ()) - set(known))
    if unknown:
        raise UsageError(f"unknown API(s) {', '.join(unknown)} (configured: {', '.join(known)})")
    selected = [api for api in config.apis if not apis or api.name in apis]
    offered = {stage for api in selected for stage in api.stages}
    missing = sorted(set(stages or ()) - offered)
    if missing:
        raise UsageError(
            f"no selected API has stage(s) {', '.join(missing)} "
            f"(configured: {', '.join(sorted(offered))})"
        )
    targets = []
    for api in selected:
        configured = api.endpoint_url if config.source == "emulator" else None
        settings = ClientSettings(
            region=api.region or config.region,
            profile=api.profile,
            endpoint_url=configured or endpoint_url,
        )
        for stage in api.stages:
            if stages and stage not in stages:
                continue
            targets.append(
                PullTarget(
                    name=api.name,
                    kind=api.kind,
                    api=api.api,
                    stage=stage,
                    out=api.snapshot_path(config.specs_dir, stage),
                    settings=settings,
                    source=config.source,
                    export_type=api.export_type,
                    extensions=api.extensions,
                )
            )
    return targets
