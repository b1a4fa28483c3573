"""Prism (npm ``@stoplight/prism-cli``), a mock server that checks requests against an OpenAPI
document and answers with conforming responses.

Installed with npm into the cache folder (never the repository); each :class:`Prism` serves one
document on 127.0.0.1 on a free port, in its own process group and temporary folder, and
``stop`` leaves no process and no file behind. ``servable_document`` picks what Prism is given:
the document as written when it is self-contained, else sdkgen's normalized copy (Prism would
fetch references to other documents itself).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, Self

from generator.errors import SdkgenError, UsageError
from generator.process_group import HOST, free_port, port_open, terminate_group
from generator.spec.refs import self_contained, without_unfollowable_refs
from generator.url_credentials import drop_server_credentials

PRISM_PACKAGE = "@stoplight/prism-cli"
PRISM_VERSION = "5.16.0"
PRISM_ENV_VAR = "SDKGEN_PRISM"  # the command that runs Prism, instead of the cache install
_PASSED_ENV = ("PATH", "HOME", "LANG", "LC_ALL", "SSL_CERT_FILE", "SSL_CERT_DIR")
_PORT_ATTEMPTS = 3
_TAIL_LINES = 30
_FATAL = re.compile(r"\bfatal {2,}(\S.*)")  # "[CLI] x  fatal     Error downloading ..."

Served = Literal["document", "normalized"]


class PrismError(SdkgenError):
    """Prism could not be installed or started."""


class PrismRefused(PrismError):
    """Prism exited before listening: it refuses the document (the message says why)."""


def prism_command(*, cache: Path | None = None, install: bool = True) -> list[str]:
    """The command that runs Prism: ``$SDKGEN_PRISM`` when set, else the pinned release in the
    cache folder (installed with npm when missing and ``install`` is on)."""
    # tooling (not in the wheel): only runs that start Prism import it
    from generator.npm import npm_package

    configured = os.environ.get(PRISM_ENV_VAR)
    if configured:
        return [configured]
    node = shutil.which("node")
    if node is None:
        raise PrismError("Prism needs node (Node.js); it is not on PATH")
    try:
        package = npm_package(PRISM_PACKAGE, PRISM_VERSION, cache=cache, install=install)
    except UsageError as exc:
        raise PrismError(str(exc)) from exc
    return [node, str(package / "dist" / "index.js")]


def prism_available(*, cache: Path | None = None) -> str | None:
    """Why Prism cannot be used here (None when it can): installs it when npm is there."""
    try:
        prism_command(cache=cache)
    except PrismError as exc:
        return str(exc)
    return None


# -- the document Prism serves ----------------------------------------------------------------


def servable_document(
    raw: Mapping[str, Any], normalized: Mapping[str, Any]
) -> tuple[Served, dict[str, Any] | None]:
    """What Prism serves: ``("document", None)`` when every reference of the document as
    written points into it, else ``("normalized", copy)``: the normalized document (API
    Gateway's model URLs made local references) with each reference that is still to another
    document, or points nowhere, made ``{}`` (the client types those values ``Any`` too)."""
    if self_contained(raw):
        return "document", None
    return "normalized", normalized_copy(normalized)


def normalized_copy(normalized: Mapping[str, Any]) -> dict[str, Any]:
    """The normalized document, with every reference Prism cannot follow made ``{}`` and no
    server URL credential (the copy is written beside the package)."""
    copy = without_unfollowable_refs(normalized)
    drop_server_credentials(copy)
    return copy


# -- the server -------------------------------------------------------------------------------


class Prism:
    """``prism mock DOCUMENT`` on 127.0.0.1 and a free port; a context manager.

    ``dynamic`` answers with schema-random responses (``-d``; ``seed`` makes them repeatable)
    instead of the document's examples. ``own_session`` (the default) runs it in a process
    group of its own, stopped whole.
    """

    def __init__(
        self,
        document: Path,
        *,
        dynamic: bool = False,
        seed: str = "1",
        command: Sequence[str] | None = None,
        cache: Path | None = None,
        startup_timeout: float = 60.0,
        stop_timeout: float = 5.0,
        own_session: bool = True,
    ) -> None:
        self.document = document.resolve()  # Prism runs in its own folder
        self.dynamic = dynamic
        self.seed = seed
        self._command = list(command) if command is not None else None
        self._cache = cache
        self._startup_timeout = startup_timeout
        self._stop_timeout = stop_timeout
        # False: Prism stays in its parent's process group, so a parent that is killed with
        # its group (a worker past its timeout) takes Prism along
        self._own_session = own_session
        self._process: subprocess.Popen[bytes] | None = None
        self._port: int | None = None
        self._temp_dir: Path | None = None

    @property
    def port(self) -> int:
        if self._port is None:
            raise PrismError("Prism is not started")
        return self._port

    @property
    def base_url(self) -> str:
        """Where the mock answers: Prism serves every path at the root, whatever ``servers``
        says."""
        return f"http://{HOST}:{self.port}"

    @property
    def pid(self) -> int | None:
        """Process id of Prism (also its process group id), or None when stopped."""
        return self._process.pid if self._process is not None else None

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self) -> Self:
        if self._process is not None:
            raise PrismError("Prism is already started")
        command = self._command or prism_command(cache=self._cache)
        self._temp_dir = Path(tempfile.mkdtemp(prefix="sdkgen-prism-"))
        try:
            for attempt in range(1, _PORT_ATTEMPTS + 1):
                self._port = free_port()
                self._launch(command, self._port)
                try:
                    self._wait_until_listening()
                    return self
                except PrismRefused:
                    raise
                except PrismError:
                    if attempt == _PORT_ATTEMPTS or "EADDRINUSE" not in self.log_tail():
                        raise
                    self._discard_process()
        except BaseException:
            self.stop()
            raise
        return self  # pragma: no cover - the loop returns or raises

    def stop(self) -> None:
        """Stop Prism's whole process group and delete its folder; safe to call repeatedly."""
        self._discard_process()
        temp_dir, self._temp_dir = self._temp_dir, None
        if temp_dir is not None:
            shutil.rmtree(temp_dir, ignore_errors=True)
        self._port = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def log_tail(self, lines: int = _TAIL_LINES) -> str:
        if self._temp_dir is None:
            return ""
        try:
            text = (self._temp_dir / "prism.log").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.rstrip().splitlines()[-lines:])

    # -- internals --

    def _launch(self, command: list[str], port: int) -> None:
        assert self._temp_dir is not None
        arguments = [*command, "mock", str(self.document), "-h", HOST, "-p", str(port)]
        if self.dynamic:
            arguments += ["-d", "--seed", self.seed]
        env = {name: os.environ[name] for name in _PASSED_ENV if name in os.environ}
        env |= {"TMPDIR": str(self._temp_dir), "SCARF_ANALYTICS": "false", "DO_NOT_TRACK": "1"}
        with (self._temp_dir / "prism.log").open("wb") as log:
            try:
                self._process = subprocess.Popen(
                    arguments,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    env=env,
                    cwd=self._temp_dir,
                    start_new_session=self._own_session,
                )
            except OSError as exc:
                raise PrismError(f"cannot run {arguments[0]}: {exc}") from exc

    def _discard_process(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        if self._own_session:
            terminate_group(process, self._stop_timeout)
            return
        process.terminate()
        try:
            process.wait(timeout=self._stop_timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def restart(self) -> Self:
        """A fresh process (on a new port) after Prism died or hangs."""
        self.stop()
        return self.start()

    def _wait_until_listening(self) -> None:
        assert self._process is not None
        deadline = time.monotonic() + self._startup_timeout
        while True:
            code = self._process.poll()
            if code is not None:
                log = self.log_tail(lines=10_000)
                if "EADDRINUSE" in log:
                    raise PrismError(f"port {self.port} was taken")
                raise PrismRefused(refusal_reason(log) or f"Prism exited with code {code}")
            if port_open(self.port):
                return
            if time.monotonic() >= deadline:
                raise PrismError(
                    f"Prism did not listen on {self.base_url} within {self._startup_timeout:g} s;"
                    f" log tail:\n{self.log_tail()}"
                )
            time.sleep(0.1)


def refusal_reason(log: str) -> str | None:
    """The line of Prism's output that says why it would not serve a document."""
    found = _FATAL.search(log)
    return " ".join(found.group(1).split())[:300] if found else None


def write_document(document: Mapping[str, Any], path: Path) -> Path:
    """``document`` as JSON at ``path`` (for Prism to read)."""
    path.write_text(json.dumps(document, indent=1, ensure_ascii=True), encoding="utf-8")
    return path
