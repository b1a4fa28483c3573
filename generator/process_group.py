"""Local servers run as child processes: a free 127.0.0.1 port, and stopping a whole process
group so nothing is left behind (the emulator and the Prism mock server use these)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from typing import Any

HOST = "127.0.0.1"


def free_port() -> int:
    """A TCP port that is free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def group_exists(pgid: int) -> bool:
    """Whether any process (zombies included) is left in process group ``pgid``."""
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def signal_group(pgid: int, sig: signal.Signals) -> None:
    """Send ``sig`` to process group ``pgid`` if it still exists."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, sig)


def wait_group_gone(pgid: int, timeout: float) -> bool:
    """Poll until process group ``pgid`` is empty; ``False`` if it outlived ``timeout``."""
    deadline = time.monotonic() + timeout
    while group_exists(pgid):
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)
    return True


def terminate_group(process: subprocess.Popen[Any], timeout: float) -> None:
    """SIGTERM the session ``process`` leads, SIGKILL it after ``timeout``, and reap it."""
    pgid = process.pid  # start_new_session=True: the leader's pid is the group id
    signal_group(pgid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        signal_group(pgid, signal.SIGKILL)
        process.wait()
    # Children share the group; they exit on SIGTERM or when their parent goes away.
    if not wait_group_gone(pgid, timeout):
        signal_group(pgid, signal.SIGKILL)
        wait_group_gone(pgid, timeout)


def port_open(port: int, timeout: float = 0.5) -> bool:
    """Whether something accepts TCP connections on 127.0.0.1:``port`` right now."""
    try:
        with socket.create_connection((HOST, port), timeout=timeout):
            return True
    except OSError:
        return False
