"""The publish run: compare each release in ``dist/`` with the index, then upload or refuse."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from packaging.version import Version

from generator.config import FleetConfig
from generator.errors import SdkgenError, UsageError
from generator.publish.dists import DistFile, find_dists, identify, owners
from generator.publish.index import IndexFile, project_files, remote_sha256
from generator.publish.target import Target, resolve_target
from generator.publish.upload import UploadFailed, require_twine, upload

Echo = Callable[[str], None]


@dataclass
class Release:
    """One version of one distribution, as in ``dist/`` and as on the index."""

    api: str
    project: str
    version: str
    files: list[DistFile]
    present: list[DistFile] = field(default_factory=list)  # on the index, same bytes
    missing: list[DistFile] = field(default_factory=list)  # not on the index
    conflicts: list[tuple[DistFile, str]] = field(default_factory=list)  # (here, index sha256)

    @property
    def label(self) -> str:
        return f"[{self.api}] {self.project} {self.version}"


def _releases(found: dict[str, list[DistFile]], order: Sequence[str]) -> list[Release]:
    groups: dict[tuple[str, str, str], list[DistFile]] = {}
    for api, files in found.items():
        for file in files:
            groups.setdefault((api, file.project, file.version), []).append(file)
    releases = [
        Release(api, project, version, sorted(files, key=lambda f: (f.kind != "sdist", f.kind)))
        for (api, project, version), files in groups.items()
    ]
    rank = {api: index for index, api in enumerate(order)}
    return sorted(releases, key=lambda r: (rank[r.api], r.project, Version(r.version)))


def _compare(release: Release, remote: list[IndexFile], target: Target) -> None:
    """Sort the release's files into present, missing and conflicting."""
    by_kind: dict[str, IndexFile] = {}
    for item in remote:
        parsed = identify(item.filename)
        if parsed is not None and parsed[:2] == (release.project, release.version):
            by_kind[parsed[2]] = item
    for file in release.files:
        there = by_kind.get(file.kind)
        if there is None:
            release.missing.append(file)
            continue
        theirs = remote_sha256(there, target.credentials)
        if theirs == file.sha256:
            release.present.append(file)
        else:
            release.conflicts.append((file, theirs))


def _names(files: Sequence[DistFile]) -> str:
    return ", ".join(f.filename for f in files)


def _publish_release(release: Release, target: Target, dry_run: bool, echo: Echo) -> str:
    """Upload what the release lacks; its outcome: done, there, refused, failed (or would)."""
    if release.conflicts:
        file, theirs = release.conflicts[0]
        others = len(release.conflicts) - 1
        echo(
            f"{release.label}: REFUSED: {file.filename} is already on the index with other "
            f"bytes (sha256 {theirs[:12]} there, {file.sha256[:12]} here)"
            + (f", and {others} more file(s) of it" if others else "")
            + "; a published version never changes, so nothing of it was uploaded: "
            "regenerate to make a new version"
        )
        return "refused"
    if not release.missing:
        echo(f"{release.label}: already published, same bytes ({_names(release.present)})")
        return "there"
    also = f" ({_names(release.present)} already there, same bytes)" if release.present else ""
    if dry_run:
        echo(f"{release.label}: would upload {_names(release.missing)}{also}")
        return "would"
    done: list[DistFile] = []
    for file in release.missing:
        try:
            upload(file.path, target)
        except UploadFailed as exc:
            sent = f"uploaded {_names(done)}, then " if done else ""
            state = (
                f"the index now has part of {release.version}: run publish again to upload the rest"
                if done or release.present
                else f"nothing of {release.version} was uploaded"
            )
            echo(f"{release.label}: FAILED: {sent}{file.filename} was not accepted: {exc}; {state}")
            return "failed"
        done.append(file)
    echo(f"{release.label}: uploaded {_names(done)}{also}")
    return "done"


def run_publish(
    config: FleetConfig,
    *,
    apis: Sequence[str] | None = None,
    repository_url: str | None = None,
    index_url: str | None = None,
    dry_run: bool = False,
    echo: Echo = print,
    environ: Mapping[str, str] | None = None,
    codeartifact_client: Any = None,
) -> int:
    """Publish the selected APIs' releases in ``dist/``; 0 when every one is on the index."""
    known = [api.name for api in config.apis]
    unknown = sorted(set(apis or ()) - set(known))
    if unknown:
        raise UsageError(f"unknown API(s) {', '.join(unknown)} (configured: {', '.join(known)})")
    target = resolve_target(
        config,
        repository_url=repository_url,
        index_url=index_url,
        environ=os.environ if environ is None else environ,
        codeartifact_client=codeartifact_client,
    )
    if target is None:
        echo(
            "publish: no package index is set up ([tool.sdkgen.publish] in pyproject.toml, or "
            "--repository-url); nothing published"
        )
        return 0
    if not dry_run:
        require_twine()
    found, strangers = find_dists(config.dist_dir, owners(config, config.naming), apis)
    shown_dist = (
        config.dist_dir.relative_to(config.root)
        if config.dist_dir.is_relative_to(config.root)
        else config.dist_dir
    )
    if strangers:
        echo(
            f"publish: {len(strangers)} file(s) in {shown_dist}/ belong to no configured API; "
            "left alone"
        )
    releases = _releases(found, known)
    if not releases:
        echo(
            f"publish: no sdist or wheel of a configured client in {shown_dist}/; "
            "nothing to publish"
        )
        return 0
    files = sum(len(r.files) for r in releases)
    echo(
        f"publish: {len(releases)} release(s), {files} file(s) in {shown_dist}/ -> {target.label}"
        + (" (dry run)" if dry_run else "")
    )
    outcomes: dict[str, int] = {}
    listings: dict[str, list[IndexFile]] = {}
    for release in releases:
        try:
            if release.project not in listings:
                listings[release.project] = project_files(
                    target.index_url, release.project, target.credentials
                )
            _compare(release, listings[release.project], target)
        except SdkgenError as exc:
            echo(f"{release.label}: FAILED: {exc}; nothing of it was uploaded")
            outcomes["failed"] = outcomes.get("failed", 0) + 1
            continue
        outcome = _publish_release(release, target, dry_run, echo)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    words = {
        "done": "published",
        "would": "to publish",
        "there": "already there",
        "refused": "refused",
        "failed": "failed",
    }
    echo(
        "publish: "
        + ", ".join(f"{outcomes[key]} {text}" for key, text in words.items() if key in outcomes)
    )
    return 1 if outcomes.get("refused") or outcomes.get("failed") else 0
