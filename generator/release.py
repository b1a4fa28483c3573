"""`sdkgen release-check`: breaking changes since the last release must come with a major bump.

For each configured API the base is the document the client was released from
(``generated_clients/<api>/source-document.*`` at the git ref ``--base``, by default the
newest tag, else HEAD) and the revision is the working tree's ``specs/<api>/<stage>.*``. The
team's policy (:mod:`generator.diff_settings`) applies: severity overrides re-grade changes,
waivers mark them waived. The check fails when a change at the gate's level (``fail-on``,
breaking by default) is not waived and the working tree's client version does not acknowledge
it (a new major version, below 1.0 a new minor version; for warnings, a new minor version), or
when a waiver expired.
"""

from __future__ import annotations

import datetime
import json
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.config import FleetConfig
from generator.diff import DiffReport, Outcome, apply_policy, diff, load_side, to_markdown, to_text
from generator.diff.sources import check_git_revision
from generator.diff_settings import DiffSettings
from generator.errors import UsageError
from generator.render.outdir import MANIFEST_NAME, SOURCE_DOCUMENT

Echo = Callable[[str], None]


@dataclass(frozen=True)
class ReleaseCheck:
    api: str
    base_version: str | None
    version: str | None
    outcome: Outcome | None

    @property
    def report(self) -> DiffReport | None:
        return self.outcome.report if self.outcome is not None else None

    @property
    def acknowledged(self) -> bool:
        """Whether the working tree's version bump covers the changes the gate fails on."""
        if self.outcome is None or not self.base_version or not self.version:
            return False
        needed = "major" if any(c.level == "breaking" for c in self.outcome.gated()) else "minor"
        return _bump_acknowledged(self.base_version, self.version, needed)

    def failures(self) -> list[str]:
        """One line per reason the check fails (empty: it passes)."""
        if self.outcome is None:
            return []
        lines = self.outcome.expired_lines()
        gated = self.outcome.gated()
        if gated and not self.acknowledged:
            needed = "major" if any(c.level == "breaking" for c in gated) else "minor"
            lines.append(
                f"{len(gated)} change(s) at the gate's level ({self.outcome.fail_on}) need a new "
                f"{needed} version (or a waiver)"
            )
        return lines

    @property
    def ok(self) -> bool:
        return not self.failures()


def _git(root: Path, *args: str) -> str | None:
    result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
    return result.stdout.strip() if result.returncode == 0 else None


def default_base(root: Path) -> str:
    """The newest tag reachable from HEAD, else HEAD itself."""
    if _git(root, "rev-parse", "--git-dir") is None:
        raise UsageError(f"{root} is not a git repository; release-check compares with git")
    return _git(root, "describe", "--tags", "--abbrev=0") or "HEAD"


def _bump_acknowledged(old: str, new: str, needed: str) -> bool:
    """Whether ``old`` -> ``new`` is at least a ``needed`` (major or minor) bump; below 1.0 the
    minor number plays the major's role."""

    def parts(v: str) -> tuple[int, int, int]:
        nums = [int(p) for p in v.split(".")[:3] if p.isdigit()] + [0, 0, 0]
        return nums[0], nums[1], nums[2]

    (old_major, old_minor, old_patch), (new_major, new_minor, new_patch) = parts(old), parts(new)
    if needed == "major":
        if old_major == 0 and new_major == 0:
            return new_minor > old_minor
        return new_major > old_major
    if old_major == 0 and new_major == 0:
        return (new_minor, new_patch) > (old_minor, old_patch)
    return (new_major, new_minor) > (old_major, old_minor)


def _at_ref(root: Path, ref: str, path: str) -> str | None:
    return _git(root, "show", "--end-of-options", f"{ref}:{path}")


def check_api(
    config: FleetConfig,
    api_name: str,
    ref: str,
    settings: DiffSettings | None = None,
    today: datetime.date | None = None,
) -> ReleaseCheck:
    root = config.root
    api = next(a for a in config.apis if a.name == api_name)
    project = (config.output_dir / api.name).relative_to(root).as_posix()
    listing = _git(root, "ls-tree", "--name-only", "--end-of-options", f"{ref}:{project}") or ""
    documents = [n for n in listing.splitlines() if n.startswith(SOURCE_DOCUMENT + ".")]
    package_dirs = [n for n in listing.splitlines() if "." not in n and n != "resources"]
    if not documents:
        return ReleaseCheck(api.name, None, None, None)  # never released
    base_version = None
    for package in package_dirs:
        text = _at_ref(root, ref, f"{project}/{package}/{MANIFEST_NAME}")
        if text:
            base_version = str(json.loads(text)["package"]["version"])
    manifest = next((config.output_dir / api.name).glob(f"*/{MANIFEST_NAME}"), None)
    version = json.loads(manifest.read_text())["package"]["version"] if manifest else None
    base = load_side(f"git:{ref}:{project}/{documents[0]}", repo=root)
    revision = load_side(str(api.spec_path(config.specs_dir)), repo=root)
    settings = settings or DiffSettings()
    day = today or datetime.date.today()
    report = diff(base, revision, settings.options(day))
    outcome = apply_policy(report, settings.policy, day)
    return ReleaseCheck(api.name, base_version, version, outcome)


def run_release_check(
    config: FleetConfig,
    *,
    ref: str | None,
    fmt: str,
    echo: Echo = print,
    settings: DiffSettings | None = None,
    today: datetime.date | None = None,
) -> int:
    base = check_git_revision(ref, "--base") if ref else default_base(config.root)
    failed = 0
    for api in config.apis:
        result = check_api(config, api.name, base, settings, today)
        if result.report is None:
            echo(f"[{api.name}] no release at {base} to compare with")
            continue
        failures = result.failures()
        verdict = "ok" if not failures else "FAILED"
        echo(
            f"[{api.name}] {result.base_version} at {base} -> {result.version} in the working "
            f"tree: {result.report.bump} bump needed; {verdict}"
        )
        echo(to_markdown(result.report) if fmt == "markdown" else to_text(result.report))
        for line in failures:
            echo(f"[{api.name}] FAILED: {line}")
        failed += bool(failures)
    return 1 if failed else 0
