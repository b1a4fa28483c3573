"""``sdkgen init-ci``: write the GitHub Actions workflow that runs sdkgen in a repository.

The workflow is ``sdk.yml`` beside this module: one file, which sdkgen's own repository ships as
``.github/workflows/sdk.yml`` too (a test checks they are the same bytes).
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from generator.errors import SdkgenError, UsageError

WORKFLOW_PATH = Path(".github") / "workflows" / "sdk.yml"
SESSIONS = ("generate", "diff", "plan", "publish")

Echo = Callable[[str], None]


def workflow_text() -> str:
    """The workflow, as shipped."""
    return resources.files(__package__).joinpath("sdk.yml").read_text(encoding="utf-8")


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise SdkgenError(f"cannot write {path}: {exc.strerror}") from None


def missing_sessions(noxfile: Path) -> list[str]:
    """The nox sessions the workflow runs that ``noxfile`` does not seem to define."""
    try:
        text = noxfile.read_text(encoding="utf-8")
    except OSError:
        return list(SESSIONS)
    return [name for name in SESSIONS if not re.search(rf"^def {name}\(", text, re.MULTILINE)]


def init_ci(root: Path, *, force: bool = False, echo: Echo = print) -> int:
    """Write ``.github/workflows/sdk.yml`` under ``root``; a different file is kept unless
    ``force``."""
    if not root.is_dir():
        raise UsageError(f"{root}: no such directory")
    target = root / WORKFLOW_PATH
    text = workflow_text()
    if target.is_file():
        current = target.read_text(encoding="utf-8", errors="replace")
        if current == text:
            echo(f"{WORKFLOW_PATH}: already up to date")
            return 0
        if not force:
            raise UsageError(
                f"{target} exists and differs from sdkgen's workflow; it was left as it is "
                "(pass --force to replace it)"
            )
    elif target.exists():
        raise UsageError(f"{target} exists and is not a file")
    _write_atomically(target, text)
    echo(f"{WORKFLOW_PATH}: written")
    missing = missing_sessions(root / "noxfile.py")
    if missing:
        echo(
            f"note: the workflow runs the nox sessions {', '.join(SESSIONS)}; noxfile.py does "
            f"not define {', '.join(missing)} (sdkgen's own noxfile.py shows them)"
        )
    return 0


# --- command line -------------------------------------------------------------------------


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "init-ci",
        help="write the GitHub Actions workflow (.github/workflows/sdk.yml) for this repository",
        description=(
            "Write .github/workflows/sdk.yml: on pull requests the drift gate and the diff "
            "(job summary and comment); on main and daily, plan, generate per API and publish."
        ),
    )
    parser.add_argument(
        "--root",
        type=Path,
        default=Path("."),
        help="the repository's root folder (default: the current folder)",
    )
    parser.add_argument(
        "--force", action="store_true", help="replace an existing, different sdk.yml"
    )


def run(args: argparse.Namespace) -> int:
    return init_ci(args.root, force=args.force)
