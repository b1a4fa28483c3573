"""`sdkgen release-check`: breaking changes since the last release must come with a major bump.

For each configured API the base is the document the client was released from
(``generated_clients/<api>/source-document.*`` at the git ref ``--base``, by default the
newest tag, else HEAD) and the revision is the working tree's ``specs/<api>/<stage>.*``. The
check fails when the diff has breaking changes and the working tree's client version does not
acknowledge them (a new major version; below 1.0, a new minor version).
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.config import FleetConfig
from generator.diff import DiffReport, diff, load_side, to_markdown, to_text
from generator.diff.sources import check_git_revision
from generator.errors import UsageError
from generator.render.outdir import MANIFEST_NAME
from generator.render.package import SOURCE_DOCUMENT

Echo = Callable[[str], None]


@dataclass(frozen=True)
class ReleaseCheck:
    api: str
    base_version: str | None
    version: str | None
    report: DiffReport | None
    acknowledged: bool

    @property
    def ok(self) -> bool:
        return self.report is None or not self.report.has("breaking") or self.acknowledged


def _git(root: Path, *args: str) -> str | None:
    result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
    return result.stdout.strip() if result.returncode == 0 else None


def default_base(root: Path) -> str:
    """The newest tag reachable from HEAD, else HEAD itself."""
    if _git(root, "rev-parse", "--git-dir") is None:
        raise UsageError(f"{root} is not a git repository; release-check compares with git")
    return _git(root, "describe", "--tags", "--abbrev=0") or "HEAD"


def _major_acknowledged(old: str, new: str) -> bool:
    def parts(v: str) -> tuple[int, int]:
        nums = [int(p) for p in v.split(".")[:2] if p.isdigit()] + [0, 0]
        return nums[0], nums[1]

    (old_major, old_minor), (new_major, new_minor) = parts(old), parts(new)
    if old_major == 0 and new_major == 0:
        return new_minor > old_minor
    return new_major > old_major


def _at_ref(root: Path, ref: str, path: str) -> str | None:
    return _git(root, "show", "--end-of-options", f"{ref}:{path}")


def check_api(config: FleetConfig, api_name: str, ref: str) -> ReleaseCheck:
    root = config.root
    api = next(a for a in config.apis if a.name == api_name)
    project = (config.output_dir / api.name).relative_to(root).as_posix()
    listing = _git(root, "ls-tree", "--name-only", "--end-of-options", f"{ref}:{project}") or ""
    documents = [n for n in listing.splitlines() if n.startswith(SOURCE_DOCUMENT + ".")]
    package_dirs = [n for n in listing.splitlines() if "." not in n and n != "resources"]
    if not documents:
        return ReleaseCheck(api.name, None, None, None, True)  # never released
    base_version = None
    for package in package_dirs:
        text = _at_ref(root, ref, f"{project}/{package}/{MANIFEST_NAME}")
        if text:
            base_version = str(json.loads(text)["package"]["version"])
    manifest = next((config.output_dir / api.name).glob(f"*/{MANIFEST_NAME}"), None)
    version = json.loads(manifest.read_text())["package"]["version"] if manifest else None
    base = load_side(f"git:{ref}:{project}/{documents[0]}", repo=root)
    revision = load_side(str(api.spec_path(config.specs_dir)), repo=root)
    report = diff(base, revision)
    acknowledged = bool(base_version and version and _major_acknowledged(base_version, version))
    return ReleaseCheck(api.name, base_version, version, report, acknowledged)


def run_release_check(config: FleetConfig, *, ref: str | None, fmt: str, echo: Echo = print) -> int:
    base = check_git_revision(ref, "--base") if ref else default_base(config.root)
    failed = 0
    for api in config.apis:
        result = check_api(config, api.name, base)
        if result.report is None:
            echo(f"[{api.name}] no release at {base} to compare with")
            continue
        verdict = "ok" if result.ok else "FAILED: breaking changes need a new major version"
        echo(
            f"[{api.name}] {result.base_version} at {base} -> {result.version} in the working "
            f"tree: {result.report.bump} bump needed; {verdict}"
        )
        echo(to_markdown(result.report) if fmt == "markdown" else to_text(result.report))
        failed += not result.ok
    return 1 if failed else 0
