"""End-to-end tests of the embedded ministack emulator (real servers, no mocks)."""

from __future__ import annotations

import io
import json
import os
import shutil
import sys
import tempfile
import threading
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from generator.emulator import Emulator, EmulatorError, server
from generator.errors import SdkgenError

pytestmark = pytest.mark.slow


MOCK_BODY = {"message": "hello from mock", "ok": True}


# --- helpers ------------------------------------------------------------------------------


def _create_mock_api(emu: Emulator, stage: str = "dev") -> str:
    """A REST API with ``GET /greeting`` answered by a MOCK integration; returns its id."""
    apigw = emu.boto3_client("apigateway")
    api_id: str = apigw.create_rest_api(name="emulator-test")["id"]
    root_id = next(r["id"] for r in apigw.get_resources(restApiId=api_id)["items"])
    resource_id = apigw.create_resource(restApiId=api_id, parentId=root_id, pathPart="greeting")[
        "id"
    ]
    common = {"restApiId": api_id, "resourceId": resource_id, "httpMethod": "GET"}
    apigw.put_method(**common, authorizationType="NONE")
    apigw.put_integration(
        **common,
        type="MOCK",
        requestTemplates={"application/json": '{"statusCode": 200}'},
    )
    apigw.put_method_response(
        **common, statusCode="200", responseModels={"application/json": "Empty"}
    )
    apigw.put_integration_response(
        **common,
        statusCode="200",
        responseTemplates={"application/json": json.dumps(MOCK_BODY)},
    )
    apigw.create_deployment(restApiId=api_id, stageName=stage)
    return api_id


def _lambda_zip() -> bytes:
    """A zipped Python handler that answers a fixed payload."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("app.py", "def handler(event, context):\n    return {'pong': True}\n")
    return buffer.getvalue()


def _proc_text(pid: str, name: str) -> str:
    """``/proc/<pid>/<name>`` with NULs as spaces ('' if the process vanished)."""
    try:
        return (
            (Path("/proc") / pid / name).read_bytes().replace(b"\0", b" ").decode(errors="replace")
        )
    except OSError:
        return ""


def _leftover_processes(pgid: int, port: int, temp_dir: Path) -> list[str]:
    """Processes still in ``pgid``, or ministack processes tied to our port or folder."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        stat = _proc_text(pid, "stat")
        fields = stat.rpartition(")")[2].split()
        in_group = len(fields) > 2 and fields[2] == str(pgid)
        cmdline = _proc_text(pid, "cmdline")
        ours = f"GATEWAY_PORT={port} " in _proc_text(pid, "environ") or str(temp_dir) in cmdline
        if in_group or ("ministack" in cmdline and ours):
            found.append(f"{pid}: {cmdline or stat}")
    return found


def _assert_gone(pgid: int, port: int, temp_dir: Path) -> None:
    """Nothing of a stopped emulator is left: no group, no processes, no folder."""
    with pytest.raises(ProcessLookupError):
        os.killpg(pgid, 0)
    assert _leftover_processes(pgid, port, temp_dir) == []
    assert not temp_dir.exists()


def _fake_server(code: str) -> Callable[[Path], list[str]]:
    """A ``server_command`` replacement running ``code`` with the ministack interpreter."""
    return lambda python: [str(python), "-c", code]


def _record_temp_dirs(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Record every folder the emulator creates with ``tempfile.mkdtemp``."""
    created: list[Path] = []
    real_mkdtemp = tempfile.mkdtemp

    def mkdtemp(*args: Any, **kwargs: Any) -> str:
        path: str = real_mkdtemp(*args, **kwargs)
        created.append(Path(path))
        return path

    monkeypatch.setattr(tempfile, "mkdtemp", mkdtemp)
    return created


# --- data plane and export ----------------------------------------------------------------


def test_mock_integration_through_invoke_url(clean_emulator: Emulator) -> None:
    api_id = _create_mock_api(clean_emulator)
    base = clean_emulator.invoke_url(api_id, "dev")
    assert base == f"http://127.0.0.1:{clean_emulator.port}/_aws/execute-api/{api_id}/dev"

    response = httpx.get(f"{base}/greeting", trust_env=False, timeout=10)

    assert response.status_code == 200
    assert response.json() == MOCK_BODY


def test_get_export_oas30_lists_our_path(clean_emulator: Emulator) -> None:
    api_id = _create_mock_api(clean_emulator)
    apigw = clean_emulator.boto3_client("apigateway")

    exported = apigw.get_export(
        restApiId=api_id, stageName="dev", exportType="oas30", accepts="application/json"
    )
    document = json.loads(exported["body"].read())

    assert document["openapi"].startswith("3.0")
    assert "/greeting" in document["paths"]
    assert "get" in document["paths"]["/greeting"]


def test_reset_wipes_state(emulator: Emulator) -> None:
    _create_mock_api(emulator)
    apigw = emulator.boto3_client("apigateway")
    assert apigw.get_rest_apis()["items"]

    emulator.reset()

    assert apigw.get_rest_apis()["items"] == []


def test_properties_and_credentials(emulator: Emulator) -> None:
    assert emulator.endpoint_url == f"http://127.0.0.1:{emulator.port}"
    assert emulator.region == "us-east-1"
    assert (emulator.access_key_id, emulator.secret_access_key) == ("test", "test")
    identity = emulator.boto3_client("sts").get_caller_identity()
    assert identity["Account"]


# --- lifecycle ----------------------------------------------------------------------------


def test_stop_leaves_nothing_behind() -> None:
    emu = Emulator().start()
    assert emu.pid is not None and emu.temp_dir is not None
    pgid, port, temp_dir = os.getpgid(emu.pid), emu.port, emu.temp_dir
    assert pgid == emu.pid
    # A Lambda invocation adds a worker process and a code folder under the private TMPDIR.
    lam = emu.boto3_client("lambda")
    lam.create_function(
        FunctionName="pong",
        Runtime="python3.11",
        Role="arn:aws:iam::000000000000:role/test",
        Handler="app.handler",
        Code={"ZipFile": _lambda_zip()},
    )
    assert json.loads(lam.invoke(FunctionName="pong")["Payload"].read()) == {"pong": True}
    assert any(p.name.startswith("ministack-lambda-") for p in temp_dir.iterdir())

    emu.stop()

    _assert_gone(pgid, port, temp_dir)
    assert emu.pid is None and emu.temp_dir is None and not emu.running
    emu.stop()  # idempotent
    with pytest.raises(EmulatorError):
        _ = emu.port


def test_context_manager_stops_when_body_raises() -> None:
    with pytest.raises(RuntimeError, match="body failed"), Emulator() as emu:
        assert emu.pid is not None and emu.temp_dir is not None
        pgid, port, temp_dir = emu.pid, emu.port, emu.temp_dir
        raise RuntimeError("body failed")
    _assert_gone(pgid, port, temp_dir)


def test_failed_start_raises_with_log_tail(monkeypatch: pytest.MonkeyPatch) -> None:
    created = _record_temp_dirs(monkeypatch)
    fake = "import sys; print('fake server gives up'); sys.exit(3)"
    monkeypatch.setattr(server, "server_command", _fake_server(fake))
    emu = Emulator()

    with pytest.raises(EmulatorError) as raised:
        emu.start()

    assert isinstance(raised.value, SdkgenError)
    assert "code 3" in str(raised.value)
    assert "fake server gives up" in str(raised.value)
    assert len(created) == 1 and not created[0].exists()
    assert emu.pid is None and emu.temp_dir is None


def test_start_timeout_kills_the_silent_server(monkeypatch: pytest.MonkeyPatch) -> None:
    created = _record_temp_dirs(monkeypatch)
    fake = "import os, time; print('pid', os.getpid(), flush=True); time.sleep(120)"
    monkeypatch.setattr(server, "server_command", _fake_server(fake))
    emu = Emulator(startup_timeout=1.0)

    with pytest.raises(EmulatorError, match="did not answer") as raised:
        emu.start()

    pid = int(str(raised.value).rsplit("pid ", 1)[1].split()[0])
    with pytest.raises(ProcessLookupError):
        os.killpg(pid, 0)
    assert len(created) == 1 and not created[0].exists()


def test_two_emulators_run_side_by_side() -> None:
    with Emulator() as first, Emulator() as second:
        assert first.port != second.port
        assert first.temp_dir != second.temp_dir
        _create_mock_api(first)
        assert first.boto3_client("apigateway").get_rest_apis()["items"]
        assert second.boto3_client("apigateway").get_rest_apis()["items"] == []


# --- installation -------------------------------------------------------------------------


def test_venv_location_follows_cache_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path))
    expected = f"ministack-{server.MINISTACK_VERSION}-py{sys.version_info[0]}.{sys.version_info[1]}"
    assert server.ministack_venv_dir() == tmp_path / expected
    monkeypatch.delenv("SDKGEN_CACHE_DIR")
    assert server.ministack_venv_dir() == Path.home() / ".cache" / "sdkgen" / expected


def test_racing_installs_build_once_and_skip_half_built(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    venv = server.ministack_venv_dir(tmp_path)
    (venv / "bin").mkdir(parents=True)  # a half-built venv from an interrupted run
    builds: list[Path] = []

    def fake_build(target: Path) -> None:
        builds.append(target)
        shutil.rmtree(target, ignore_errors=True)
        (target / "bin").mkdir(parents=True)
        (target / "bin" / "python").touch()
        threading.Event().wait(0.3)  # keep the lock long enough for the others to queue
        server._write_marker(target)

    monkeypatch.setattr(server, "_build_venv", fake_build)
    results: list[Path] = []
    threads = [
        threading.Thread(target=lambda: results.append(server.ensure_ministack(tmp_path)))
        for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert builds == [venv]
    assert results == [venv] * 4


def test_pip_failure_is_reported_and_cleaned_up(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    missing = tmp_path / "no-such-dir" / "sdkgen_missing-0.0.0-py3-none-any.whl"
    monkeypatch.setattr(server, "EXTRA_PACKAGES", (str(missing),))

    with pytest.raises(EmulatorError, match="installing ministack") as raised:
        server.ensure_ministack(tmp_path / "cache")

    assert "sdkgen_missing" in str(raised.value)
    assert not server.ministack_venv_dir(tmp_path / "cache").exists()


def test_the_first_install_says_what_it_is_doing_and_later_uses_say_nothing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def fake_build(target: Path) -> None:
        (target / "bin").mkdir(parents=True)
        (target / "bin" / "python").touch()
        server._write_marker(target)

    monkeypatch.setattr(server, "_build_venv", fake_build)
    heard: list[str] = []
    venv = server.ensure_ministack(tmp_path, progress=heard.append)
    assert len(heard) == 2
    assert heard[0].startswith(
        f"first use of the emulator: installing ministack {server.MINISTACK_VERSION}"
    )
    assert str(venv) in heard[0] and "once" in heard[0]
    assert heard[1].startswith("emulator installed in ")
    heard.clear()
    assert server.ensure_ministack(tmp_path, progress=heard.append) == venv
    assert heard == []
