"""Run the ministack AWS emulator as a private, throwaway API Gateway for tests.

ministack pins an exact botocore that conflicts with the project's boto3, so it lives in its
own virtualenv under the sdkgen cache folder, created on first use (see ``ensure_ministack``).
Each ``Emulator`` runs one server on a free 127.0.0.1 port, in its own process group, with a
private temporary folder for everything the server writes; ``stop`` removes all of it.
"""

from __future__ import annotations

import contextlib
import fcntl
import importlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from generator import cache
from generator.errors import SdkgenError
from generator.process_group import free_port as _free_port
from generator.process_group import terminate_group as _terminate_group

MINISTACK_VERSION = "1.5.33"
"""The exact ministack release the emulator facts were checked against."""

EXTRA_PACKAGES: tuple[str, ...] = ("cryptography",)
"""Installed beside ministack: Cognito and JWT authorizers need ``cryptography``."""

DEFAULT_SERVICES: tuple[str, ...] = ("apigateway", "lambda", "iam", "sts", "cognito-idp")
"""ministack services the API Gateway tests need (names as ministack's ``SERVICES`` takes them)."""

HOST = "127.0.0.1"
ACCESS_KEY_ID = "test"
SECRET_ACCESS_KEY = "test"

_MARKER_NAME = ".sdkgen-complete"
_LOG_NAME = "ministack.log"
_PIP_TIMEOUT_S = 900.0
_TAIL_LINES = 40
_PORT_ATTEMPTS = 3
_PASSED_ENV = ("PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "SSL_CERT_FILE", "SSL_CERT_DIR")


class EmulatorError(SdkgenError):
    """The emulator could not be installed, started or reached."""


# --- installation -------------------------------------------------------------------------


def ministack_venv_dir(cache_dir: Path | None = None) -> Path:
    """Where the ministack virtualenv for this Python and ``MINISTACK_VERSION`` lives."""
    major, minor = sys.version_info[:2]
    root = cache_dir if cache_dir is not None else cache.cache_dir()
    return root / f"ministack-{MINISTACK_VERSION}-py{major}.{minor}"


def venv_python(venv: Path) -> Path:
    """The interpreter inside ``venv``."""
    return venv / "bin" / "python"


def _expected_marker() -> dict[str, Any]:
    """What the marker file of a complete venv records."""
    return {
        "ministack": MINISTACK_VERSION,
        "extra": list(EXTRA_PACKAGES),
        "python": f"{sys.version_info[0]}.{sys.version_info[1]}",
    }


def _is_complete(venv: Path) -> bool:
    """Whether ``venv`` was fully built (its marker, written last, matches)."""
    try:
        recorded = json.loads((venv / _MARKER_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return recorded == _expected_marker() and venv_python(venv).exists()


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``path`` (released by the OS if the process dies)."""
    with path.open("a") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _tail(text: str, lines: int = _TAIL_LINES) -> str:
    """The last ``lines`` lines of ``text``."""
    return "\n".join(text.rstrip().splitlines()[-lines:])


def _run_setup_step(command: Sequence[str], what: str) -> None:
    """Run one installation command, raising ``EmulatorError`` with its output tail on failure."""
    try:
        result = subprocess.run(
            list(command),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=_PIP_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        output = exc.output if isinstance(exc.output, str) else ""
        raise EmulatorError(
            f"{what} took longer than {_PIP_TIMEOUT_S:.0f} s:\n{_tail(output)}"
        ) from exc
    except OSError as exc:
        raise EmulatorError(f"{what} could not run: {exc}") from exc
    if result.returncode != 0:
        raise EmulatorError(
            f"{what} failed (exit code {result.returncode}):\n{_tail(result.stdout or '')}"
        )


def _write_marker(venv: Path) -> None:
    """Record that ``venv`` is complete; written atomically and last."""
    partial = venv / f"{_MARKER_NAME}.partial"
    partial.write_text(json.dumps(_expected_marker()), encoding="utf-8")
    os.replace(partial, venv / _MARKER_NAME)


def _build_venv(venv: Path) -> None:
    """Create ``venv`` from scratch and install ministack into it; remove it on failure."""
    shutil.rmtree(venv, ignore_errors=True)
    try:
        _run_setup_step(
            [sys.executable, "-m", "venv", str(venv)], f"creating the ministack venv {venv}"
        )
        _run_setup_step(
            [
                str(venv_python(venv)),
                "-m",
                "pip",
                "install",
                "--no-input",
                f"ministack=={MINISTACK_VERSION}",
                *EXTRA_PACKAGES,
            ],
            f"installing ministack=={MINISTACK_VERSION} into {venv}",
        )
        _write_marker(venv)
    except BaseException:
        shutil.rmtree(venv, ignore_errors=True)
        raise


def ensure_ministack(
    cache_dir: Path | None = None, *, progress: Callable[[str], None] | None = None
) -> Path:
    """Return the ministack virtualenv, creating it on first use.

    Safe when several processes race: the build runs under a file lock beside the venv, and a
    venv only counts once its marker file (written last) is present, so a build interrupted
    half-way is thrown away and redone by the next caller. ``progress`` hears what a first use
    does (it takes a while), and nothing otherwise.
    """
    venv = ministack_venv_dir(cache_dir)
    if _is_complete(venv):
        return venv
    say = progress or (lambda _line: None)
    try:
        venv.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise EmulatorError(f"cannot create the cache folder {venv.parent}: {exc}") from exc
    with _file_lock(venv.parent / f"{venv.name}.lock"):
        if not _is_complete(venv):
            say(
                f"first use of the emulator: installing ministack {MINISTACK_VERSION} "
                f"(with {', '.join(EXTRA_PACKAGES)}) into its own virtualenv {venv}; "
                "this takes a minute once, later runs reuse it"
            )
            started = time.monotonic()
            _build_venv(venv)
            say(f"emulator installed in {time.monotonic() - started:.0f} s")
    return venv


def server_command(python: Path) -> list[str]:
    """The command that runs ministack's server in the foreground with ``python``."""
    return [str(python), "-m", "ministack"]


# --- processes ----------------------------------------------------------------------------


def _no_proxy_opener() -> urllib.request.OpenerDirector:
    """A urllib opener that ignores ``*_proxy`` variables (the emulator is always local)."""
    return urllib.request.build_opener(urllib.request.ProxyHandler({}))


# --- the emulator -------------------------------------------------------------------------


class Emulator:
    """A private ministack server on 127.0.0.1, usable as a context manager.

    ``start`` installs ministack if needed, launches it on a free port and waits for its health
    endpoint; ``stop`` kills its whole process group and deletes its temporary folder.
    """

    access_key_id = ACCESS_KEY_ID
    secret_access_key = SECRET_ACCESS_KEY

    def __init__(
        self,
        *,
        region: str = "us-east-1",
        services: Sequence[str] = DEFAULT_SERVICES,
        startup_timeout: float = 30.0,
        stop_timeout: float = 10.0,
        extra_env: Mapping[str, str] | None = None,
        cache_dir: Path | None = None,
        progress: Callable[[str], None] | None = None,
    ) -> None:
        """Configure (not start) an emulator; ``extra_env`` adds or overrides server variables;
        ``progress`` hears about a first-use installation."""
        self._region = region
        self._services = tuple(services)
        self._startup_timeout = startup_timeout
        self._stop_timeout = stop_timeout
        self._extra_env = dict(extra_env or {})
        self._cache_dir = cache_dir
        self._progress = progress
        self._process: subprocess.Popen[bytes] | None = None
        self._port: int | None = None
        self._temp_dir: Path | None = None

    # -- properties --

    @property
    def port(self) -> int:
        """The TCP port the server listens on (127.0.0.1 only)."""
        if self._port is None:
            raise EmulatorError("the emulator is not started")
        return self._port

    @property
    def endpoint_url(self) -> str:
        """Base URL of the server, for boto3's ``endpoint_url``."""
        return f"http://{HOST}:{self.port}"

    @property
    def region(self) -> str:
        """The AWS region clients should use."""
        return self._region

    @property
    def pid(self) -> int | None:
        """Process id of the server (also its process group id), or ``None`` when stopped."""
        return self._process.pid if self._process is not None else None

    @property
    def temp_dir(self) -> Path | None:
        """The private folder (``TMPDIR``, ``STATE_DIR``, log) owned by this emulator."""
        return self._temp_dir

    @property
    def log_path(self) -> Path | None:
        """The server's combined stdout/stderr log, while the emulator owns its folder."""
        return self._temp_dir / _LOG_NAME if self._temp_dir is not None else None

    @property
    def running(self) -> bool:
        """Whether the server process is alive."""
        return self._process is not None and self._process.poll() is None

    # -- lifecycle --

    def start(self) -> Self:
        """Install ministack if needed, launch it and wait until it answers its health check."""
        if self._process is not None:
            raise EmulatorError("the emulator is already started")
        python = venv_python(ensure_ministack(self._cache_dir, progress=self._progress))
        self._temp_dir = Path(tempfile.mkdtemp(prefix="sdkgen-ministack-"))
        try:
            self._launch_with_retries(python)
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Kill the server's process group and delete its folder; safe to call repeatedly."""
        process, self._process = self._process, None
        if process is not None:
            _terminate_group(process, self._stop_timeout)
        temp_dir, self._temp_dir = self._temp_dir, None
        if temp_dir is not None:
            shutil.rmtree(temp_dir, ignore_errors=True)
        self._port = None

    def __enter__(self) -> Self:
        """Start the emulator."""
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Stop the emulator, whether or not the body raised."""
        self.stop()

    # -- clients and URLs --

    def reset(self) -> None:
        """Wipe every service's state without restarting (``POST /_ministack/reset``)."""
        request = urllib.request.Request(f"{self.endpoint_url}/_ministack/reset", method="POST")
        try:
            with _no_proxy_opener().open(request, timeout=30) as response:
                response.read()
        except (OSError, urllib.error.URLError) as exc:
            raise EmulatorError(f"resetting the emulator failed: {exc}") from exc

    def boto3_client(self, service_name: str) -> Any:
        """A boto3 client for ``service_name`` pointed at this emulator with test credentials."""
        boto3 = importlib.import_module("boto3")
        config_class = importlib.import_module("botocore.config").Config
        config = config_class(retries={"mode": "standard", "max_attempts": 3}, proxies={})
        return boto3.client(
            service_name,
            endpoint_url=self.endpoint_url,
            region_name=self._region,
            aws_access_key_id=self.access_key_id,
            aws_secret_access_key=self.secret_access_key,
            config=config,
        )

    def invoke_url(self, api_id: str, stage: str) -> str:
        """Path-style data-plane base URL of a REST or HTTP API stage."""
        return f"{self.endpoint_url}/_aws/execute-api/{api_id}/{stage}"

    def log_tail(self, lines: int = _TAIL_LINES) -> str:
        """The last ``lines`` lines of the server log ('' when there is none)."""
        log_path = self.log_path
        if log_path is None:
            return ""
        try:
            return _tail(log_path.read_text(encoding="utf-8", errors="replace"), lines)
        except OSError:
            return ""

    # -- internals --

    def _server_env(self, port: int) -> dict[str, str]:
        """The server's environment: a few inherited basics plus the emulator's settings."""
        assert self._temp_dir is not None
        env = {name: os.environ[name] for name in _PASSED_ENV if name in os.environ}
        env.update(
            BIND_HOST=HOST,
            GATEWAY_PORT=str(port),
            IOT_MTLS_ENABLED="0",
            SFTP_ENABLED="0",
            PERSIST_STATE="0",
            TMPDIR=str(self._temp_dir),
            STATE_DIR=str(self._temp_dir / "state"),
            SERVICES=",".join(self._services),
            MINISTACK_REGION=self._region,
            PYTHONUNBUFFERED="1",
        )
        env.update(self._extra_env)
        return env

    def _launch_with_retries(self, python: Path) -> None:
        """Launch on a free port, trying another if the chosen one got taken meanwhile."""
        for attempt in range(1, _PORT_ATTEMPTS + 1):
            self._port = _free_port()
            self._launch(python, self._port)
            try:
                self._wait_until_healthy()
                return
            except EmulatorError:
                if attempt == _PORT_ATTEMPTS or "already in use" not in self.log_tail():
                    raise
                self._discard_process()

    def _launch(self, python: Path, port: int) -> None:
        """Start the server process in its own session, logging to the private folder."""
        assert self._temp_dir is not None and self.log_path is not None
        command = server_command(python)
        with self.log_path.open("wb") as log:
            try:
                self._process = subprocess.Popen(
                    command,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    env=self._server_env(port),
                    cwd=self._temp_dir,
                    start_new_session=True,
                )
            except OSError as exc:
                raise EmulatorError(f"cannot run {command[0]}: {exc}") from exc

    def _discard_process(self) -> None:
        """Kill the current server process (keeping the folder) before a retry."""
        process, self._process = self._process, None
        if process is not None:
            _terminate_group(process, self._stop_timeout)

    def _wait_until_healthy(self) -> None:
        """Poll the health endpoint until it answers, the process dies or time runs out."""
        assert self._process is not None
        deadline = time.monotonic() + self._startup_timeout
        while True:
            code = self._process.poll()
            if code is not None:
                raise EmulatorError(
                    f"ministack exited with code {code} before answering on port {self.port};"
                    f" log tail:\n{self.log_tail()}"
                )
            if self._health_answers():
                return
            if time.monotonic() >= deadline:
                raise EmulatorError(
                    f"ministack did not answer {self.endpoint_url}/_ministack/health within"
                    f" {self._startup_timeout:g} s; log tail:\n{self.log_tail()}"
                )
            time.sleep(0.1)

    def _health_answers(self) -> bool:
        """Whether ``GET /_ministack/health`` answers 200 right now."""
        url = f"{self.endpoint_url}/_ministack/health"
        try:
            with _no_proxy_opener().open(url, timeout=2) as response:
                status: int = response.status
                response.read()
        except (OSError, urllib.error.URLError):
            return False
        return status == 200
