"""A real package index for tests: pypiserver on 127.0.0.1 (free port), uploads need a password.

Its packages live in a folder of the test's own; the server runs in its own process group and
is always stopped. Names it does not have are redirected to the public index (pypiserver's
fallback), as private indexes that proxy it do, so a fresh virtualenv can install a client's
dependencies through it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import Self

from passlib.apache import HtpasswdFile

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


class LocalIndex:
    def __init__(self, root: Path, users: dict[str, str], *, fallback: bool = True) -> None:
        self.packages = root / "packages"
        self.htpasswd = root / "htpasswd"
        self.log = root / "pypiserver.log"
        self.users = users
        self.fallback = fallback
        self.port = 0
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """The upload URL (pypiserver takes uploads at its root)."""
        return f"http://{HOST}:{self.port}/"

    @property
    def simple_url(self) -> str:
        return f"http://{HOST}:{self.port}/simple/"

    def start(self) -> Self:
        self.packages.mkdir(parents=True, exist_ok=True)
        passwords = HtpasswdFile(str(self.htpasswd), new=True)
        for user, password in self.users.items():
            passwords.set_password(user, password)
        passwords.save()
        for _attempt in range(3):
            self.port = free_port()
            command = [
                sys.executable,
                "-m",
                "pypiserver",
                "run",
                "--host",
                HOST,
                "--port",
                str(self.port),
                "--passwords",
                str(self.htpasswd),
                "--authenticate",
                "update",
                "--hash-algo",
                "sha256",
                "--server",
                "wsgiref",
                *([] if self.fallback else ["--disable-fallback"]),
                str(self.packages),
            ]
            with self.log.open("ab") as log:
                self._process = subprocess.Popen(
                    command,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            if self._wait_ready(30.0):
                return self
            self.stop()
        raise RuntimeError(f"pypiserver did not start:\n{self.log.read_text()[-2000:]}")

    def _wait_ready(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        while time.monotonic() < deadline:
            if self._process is None or self._process.poll() is not None:
                return False
            health = f"http://{HOST}:{self.port}/health"
            with contextlib.suppress(OSError), opener.open(health, timeout=2) as answer:
                if answer.status == 200:
                    return True
            time.sleep(0.1)
        return False

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def files(self) -> dict[str, bytes]:
        return {p.name: p.read_bytes() for p in sorted(self.packages.iterdir()) if p.is_file()}

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
