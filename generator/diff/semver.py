"""The version bump a set of changes calls for, and the next version number.

Bump rules:

- ``major``: any ``breaking`` change that is not waived (a waived one calls for ``minor``);
- ``minor``: any ``warning`` change, or any ``info`` change to the contract (a new operation,
  optional parameter, response field, loosened constraint, ...). Warnings bump the minor
  version as oasdiff's levels suggest: they are not proven breaking, but they are more than a
  fix (deprecation, in particular, calls for a minor release in semver 2.0.0 §7);
- ``patch``: only documentation changes (summaries, descriptions, titles, operationIds or path
  parameter names, none of which alter a request or a response);
- ``none``: no change at all.

Next version, ``X.Y.Z`` (PEP 440 release segment read by ``packaging.version``; a leading ``v``
is accepted, a missing minor or patch counts as 0, an epoch is refused; any pre-, post-,
dev-release or local suffix is dropped, so ``1.2.0rc1`` + patch -> ``1.2.1``). Below 1.0.0 the
minor number plays the major's role, as in Cargo and npm's caret ranges (``^0.2.3`` allows
``<0.3.0``): a breaking change bumps the minor number (``0.2.3`` -> ``0.3.0``), additive and
documentation changes bump the patch number (``0.2.3`` -> ``0.2.4``). Bump ``none`` returns
the version unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable

from packaging.version import InvalidVersion, Version

from generator.diff.catalog import rule
from generator.diff.model import Bump, Change


def bump_for(changes: Iterable[Change]) -> Bump:
    """The bump the changes call for (a waived breaking change calls for a minor one)."""
    result: Bump = "none"
    for item in changes:
        if item.level == "breaking" and item.counts:
            return "major"
        if item.level != "info" or rule(item.id).category == "contract":
            result = "minor"
        elif result == "none":
            result = "patch"
    return result


def next_version(current: str, bump: Bump) -> str:
    """The version after ``current`` for ``bump`` (raises ValueError for a non-version)."""
    try:
        parsed = Version(current)
    except InvalidVersion:
        parsed = None
    if parsed is None or parsed.epoch:
        raise ValueError(f"not a version number: {current!r} (expected X.Y.Z)")
    release = parsed.release
    major, minor, patch = (*release, 0, 0)[:3]
    if bump == "none":
        return current.strip()
    if major == 0:
        if bump == "major":
            return f"0.{minor + 1}.0"
        return f"0.{minor}.{patch + 1}"
    if bump == "major":
        return f"{major + 1}.0.0"
    if bump == "minor":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"
