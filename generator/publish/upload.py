"""Uploading one file with twine (pinned in the ``publish`` extra), in a child process.

One file per run, so that after a failure it is exactly known what the index received. The
credentials go to twine through its environment variables, never on its command line.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

from generator.errors import SdkgenError
from generator.publish.target import Target

TIMEOUT_S = 600.0
_TAIL_LINES = 6


class UploadFailed(SdkgenError):
    """The index did not take the file."""


def twine_available() -> bool:
    return importlib.util.find_spec("twine") is not None


def require_twine() -> None:
    if not twine_available():
        raise SdkgenError(
            "sdkgen publish needs twine: install sdkgen with its 'publish' extra "
            "(pip install -e '.[publish]', or use `nox -s publish`)"
        )


def _scrub(text: str, target: Target) -> str:
    secret = target.credentials.password if target.credentials is not None else ""
    return text.replace(secret, "<hidden>") if secret else text


def upload(path: Path, target: Target) -> None:
    """Upload ``path`` to ``target``; ``UploadFailed`` with twine's last lines otherwise."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TWINE_")}
    if target.credentials is not None:
        env["TWINE_USERNAME"] = target.credentials.username
        env["TWINE_PASSWORD"] = target.credentials.password
    command = [
        sys.executable,
        "-m",
        "twine",
        "upload",
        "--non-interactive",
        "--disable-progress-bar",
        "--repository-url",
        target.repository_url,
        str(path),
    ]
    try:
        result = subprocess.run(
            command,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise UploadFailed(f"no answer within {TIMEOUT_S:.0f} s") from None
    except OSError as exc:
        raise UploadFailed(f"twine could not run: {exc}") from None
    if result.returncode != 0:
        lines = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
        tail = " | ".join(line.strip() for line in lines[-_TAIL_LINES:]) or "no output"
        raise UploadFailed(_scrub(f"twine exit code {result.returncode}: {tail}", target))
