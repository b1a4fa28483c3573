"""Lambda deployment packages of the example fleet.

* orders and checkout: their handler file alone (standard library only);
* pricing: its handler plus the **generated orders client** and its dependencies (httpx,
  pydantic, ...), the way a real deployment packages a dependency: sdkgen generates the client
  from the orders API's prod export, ``python -m build`` makes its wheel, and the interpreter the
  emulator runs Lambda functions with installs it with ``pip install --target``, so compiled
  wheels (``pydantic_core``) match that interpreter. The installed folder is cached under
  ``$SDKGEN_CACHE_DIR`` (default ``~/.cache/sdkgen``), keyed by the wheel's sha256 and the
  interpreter, since generated wheels are byte-for-byte reproducible.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import importlib.resources
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

from generator import cache
from generator.emulator.server import (
    Emulator,
    EmulatorError,
    ministack_venv_dir,
    venv_python,
)
from generator.pipeline import generate

__all__ = [
    "HANDLERS_PACKAGE",
    "ORDERS_CLIENT_NAME",
    "FleetError",
    "build_orders_client_wheel",
    "handler_source",
    "install_into_target",
    "lambda_python",
    "zip_bundle",
]

HANDLERS_PACKAGE = "generator.emulator.fleet.lambdas"
ORDERS_CLIENT_NAME = "orders-client"
DEPS_CACHE_FOLDER = "fleet-lambda-deps"

_MARKER = ".sdkgen-complete"
_COMMAND_TIMEOUT_S = 600.0
_TAIL_LINES = 30
_SKIPPED_DIRS = frozenset({"__pycache__", "bin"})

Echo = Callable[[str], None]


class FleetError(EmulatorError):
    """The example fleet could not be built or deployed."""


def handler_source(filename: str) -> bytes:
    """The source of one Lambda handler file shipped in ``generator/emulator/fleet/lambdas``."""
    return importlib.resources.files(HANDLERS_PACKAGE).joinpath(filename).read_bytes()


def lambda_python(emulator: Emulator) -> Path:
    """The interpreter the emulator runs Python Lambda functions with.

    ministack runs handlers with its own ``sys.executable``: the interpreter its server was
    started with (read from ``/proc``), else the ministack virtualenv's.
    """
    pid = emulator.pid
    if pid is not None:
        with contextlib.suppress(OSError, IndexError):
            raw = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0].decode()
            if raw and Path(raw).is_file():
                return Path(raw)
    return venv_python(ministack_venv_dir())


def _tail(text: str) -> str:
    return "\n".join(text.rstrip().splitlines()[-_TAIL_LINES:])


def _run(command: Sequence[str], what: str, *, cwd: Path | None = None) -> str:
    """Run a build step; its output on success, ``FleetError`` with the output tail if not."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    try:
        result = subprocess.run(
            list(command),
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=_COMMAND_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise FleetError(f"{what} took longer than {_COMMAND_TIMEOUT_S:.0f} s") from exc
    except OSError as exc:
        raise FleetError(f"{what} could not run: {exc}") from exc
    if result.returncode != 0:
        raise FleetError(
            f"{what} failed (exit code {result.returncode}):\n{_tail(result.stdout or '')}"
        )
    return result.stdout or ""


def build_orders_client_wheel(spec: Path, workdir: Path) -> Path:
    """Generate the orders client from ``spec`` under ``workdir`` and build its wheel."""
    if not spec.is_file():
        raise FleetError(f"the orders document is missing: expected it at {spec}")
    project = workdir / ORDERS_CLIENT_NAME
    dist = workdir / "dist"
    shutil.rmtree(dist, ignore_errors=True)
    generate(spec, project, name=ORDERS_CLIENT_NAME)
    _run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), "."],
        f"building the {ORDERS_CLIENT_NAME} wheel",
        cwd=project,
    )
    wheels = sorted(dist.glob("*.whl"))
    if len(wheels) != 1:
        raise FleetError(f"expected one wheel in {dist}, found {[w.name for w in wheels]}")
    return wheels[0]


def _interpreter_tag(python: Path) -> str:
    """What compiled wheels depend on: implementation cache tag and platform."""
    code = "import sys, sysconfig; print(sys.implementation.cache_tag, sysconfig.get_platform())"
    return _run([str(python), "-c", code], f"asking {python} for its version").strip()


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    with path.open("a") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def install_into_target(
    wheel: Path, python: Path, *, cache_dir: Path | None = None, echo: Echo | None = None
) -> Path:
    """``python -m pip install --target`` of ``wheel`` and its dependencies, cached.

    The folder is reused while the wheel's bytes and the interpreter stay the same; a folder
    only counts once its marker (written last) is there, so an interrupted install is redone.
    """
    tag = _interpreter_tag(python)
    digest = hashlib.sha256(wheel.read_bytes() + b"\0" + tag.encode()).hexdigest()[:24]
    root = (cache_dir if cache_dir is not None else cache.cache_dir()) / DEPS_CACHE_FOLDER
    target = root / f"{wheel.name.split('-')[0]}-{digest}"
    if (target / _MARKER).is_file():
        if echo is not None:
            echo(f"  reusing the cached Lambda dependencies {target}")
        return target
    root.mkdir(parents=True, exist_ok=True)
    with _file_lock(root / f"{target.name}.lock"):
        if (target / _MARKER).is_file():
            return target
        partial = root / f"{target.name}.partial"
        shutil.rmtree(partial, ignore_errors=True)
        shutil.rmtree(target, ignore_errors=True)
        if echo is not None:
            echo(f"  pip install --target (with {python}) {wheel.name} and its dependencies")
        try:
            _run(
                [
                    str(python),
                    "-m",
                    "pip",
                    "install",
                    "--no-input",
                    "--disable-pip-version-check",
                    "--no-compile",
                    "--target",
                    str(partial),
                    str(wheel),
                ],
                f"installing {wheel.name} for the Lambda runtime",
            )
            marker = {"wheel": wheel.name, "interpreter": tag}
            (partial / _MARKER).write_text(json.dumps(marker), encoding="utf-8")
            os.replace(partial, target)
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            raise
    return target


def zip_bundle(files: Mapping[str, bytes], trees: Sequence[Path] = ()) -> bytes:
    """A Lambda deployment zip: ``files`` at its root plus the contents of each folder in
    ``trees`` (without ``__pycache__``, ``bin`` or the cache marker)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, data in sorted(files.items()):
            archive.writestr(name, data)
        for tree in trees:
            for path in sorted(tree.rglob("*")):
                relative = path.relative_to(tree)
                if not path.is_file() or relative.name == _MARKER:
                    continue
                if _SKIPPED_DIRS & set(relative.parts[:-1]) or path.suffix == ".pyc":
                    continue
                archive.write(path, relative.as_posix())
    return buffer.getvalue()
