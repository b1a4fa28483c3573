"""Bad input is refused with one clear line and no traceback, and nothing is written.

Integers too long for Python, devices and pipes as SPEC, duplicate keys, a package version that is
not PEP 440, git revisions that look like options, documents with too many operations.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.spec.load import DEFAULT_MAX_OPERATIONS

REPO = Path(__file__).resolve().parents[1]
ORDERS = REPO / "tests" / "fixtures" / "fleet" / "orders" / "prod.json"


def one_line(err: str) -> str:
    """The single line of ``err``, which must not hold a traceback."""
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: "), err
    return lines[0]


def sdkgen(
    *args: str, env: dict[str, str] | None = None, **kw: Any
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        **kw,
    )


def _doc(**extra: Any) -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"get": {"responses": {"200": {"description": "ok"}}}}},
        **extra,
    }


# -- integers longer than Python converts ------------------------------------------------------

LONG = "1" + "0" * 5000


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        (
            "long.json",
            json.dumps(_doc())[:-1] + f', "x-n": {LONG}}}',
            "invalid JSON at line 1, column ",
        ),
        (
            "long.yaml",
            f"openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\nx-n: {LONG}\n",
            "invalid YAML at line 3, column 6",
        ),
        ("hex.yaml", f"openapi: 3.0.3\nx-n: 0x{'f' * 5000}\n", "invalid YAML at line 2, column 6"),
        (
            "key.yaml",
            f"openapi: 3.0.3\nx-n:\n  ? {LONG}\n  : a\n",
            "invalid YAML at line 3, column 5",
        ),
    ],
)
@pytest.mark.parametrize("command", ["validate", "generate"])
def test_an_integer_too_long_for_python_is_a_located_error(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    text: str,
    where: str,
    command: str,
) -> None:
    spec = tmp_path / name
    spec.write_text(text)
    out = tmp_path / "out"
    args = [command, str(spec)] + (["--out", str(out)] if command == "generate" else [])
    assert main(args) == 1
    line = one_line(capsys.readouterr().err)
    assert where in line and "an integer longer than 4,300 digits" in line
    assert not out.exists()


# -- devices and pipes as SPEC -----------------------------------------------------------------


def test_dev_zero_is_read_up_to_the_size_limit_only() -> None:
    result = sdkgen("validate", "/dev/zero", env={"SDKGEN_MAX_DOCUMENT_BYTES": "1000000"})
    assert result.returncode == 1
    assert one_line(result.stderr) == (
        "error: /dev/zero: document is more than the limit of 1,000,000 bytes"
    )


def test_a_fifo_without_a_writer_does_not_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "spec.yaml"
    os.mkfifo(fifo)
    result = sdkgen("generate", str(fifo), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    line = one_line(result.stderr)
    assert "found nothing (the document is empty)" in line
    assert not (tmp_path / "out").exists()


def test_a_pipe_with_a_writer_is_read_like_a_file(tmp_path: Path) -> None:
    read_end, write_end = os.pipe()  # what the shell's <(cat spec.json) hands over
    try:
        child = subprocess.Popen(
            [sys.executable, "-m", "generator", "validate", f"/dev/fd/{read_end}"],
            pass_fds=(read_end,),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        os.close(read_end)
        os.write(write_end, ORDERS.read_bytes())
    finally:
        os.close(write_end)
    stdout, stderr = child.communicate(timeout=120)
    assert child.returncode == 0, stderr
    assert "0 error(s)" in stdout


def test_a_socket_is_not_a_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    path = tmp_path / "s"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        assert main(["validate", str(path)]) == 2
    assert "not a file, a pipe or a device" in one_line(capsys.readouterr().err)


# -- duplicate keys ----------------------------------------------------------------------------

DUPLICATE_YAML = """\
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /items:
    get:
      operationId: listItems
      responses: {'200': {description: ok}}
    get:
      operationId: listItemsAgain
      responses: {'200': {description: ok}}
"""


def test_a_duplicate_key_in_yaml_is_a_located_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "dup.yaml"
    spec.write_text(DUPLICATE_YAML)
    assert main(["generate", str(spec), "--out", str(tmp_path / "out")]) == 1
    line = one_line(capsys.readouterr().err)
    assert line == (
        f"error: {spec}: /paths/~1items/get: duplicate key 'get' at line 8, column 5: a mapping "
        "may give a key once (one value would be lost)"
    )
    assert not (tmp_path / "out").exists()


def test_a_duplicate_key_in_json_is_a_located_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "dup.json"
    op = '{"responses": {"200": {"description": "ok"}}}'
    spec.write_text(
        '{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/items": '
        f'{{"parameters": [{{"name": "a", "name": "b", "in": "query"}}], "get": {op}}}}}}}'
    )
    assert main(["validate", str(spec)]) == 1
    line = one_line(capsys.readouterr().err)
    assert "/paths/~1items/parameters/0/name: duplicate key 'name'" in line


def test_a_yaml_merge_key_may_be_overridden(tmp_path: Path) -> None:
    spec = tmp_path / "merge.yaml"
    spec.write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n"
        "x-ok: &ok {description: ok, x-n: 1}\n"
        "paths:\n  /a:\n    get:\n      responses:\n        '200': {<<: *ok, x-n: 2}\n"
    )
    assert main(["validate", str(spec)]) == 0


# -- --package-version -------------------------------------------------------------------------


@pytest.mark.parametrize("version", ["1.0;rm", "1.0 && rm -rf /", "1!2.0", "latest", ""])
def test_a_package_version_must_be_pep_440(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], version: str
) -> None:
    out = tmp_path / "out"
    assert main(["generate", str(ORDERS), "--out", str(out), "--package-version", version]) == 2
    line = one_line(capsys.readouterr().err)
    assert f"package version {version!r} is not a PEP 440 version" in line
    assert not out.exists()


def test_a_pep_440_version_is_written_in_canonical_form(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    assert main(["generate", str(ORDERS), "--out", str(out), "--package-version", "2.0-rc1"]) == 0
    manifest = next(out.glob("*/manifest.json"))
    assert json.loads(manifest.read_text())["package"]["version"] == "2.0rc1"


def test_a_hand_edited_version_stops_the_next_run_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert main(["generate", str(ORDERS), "--out", str(out)]) == 0
    manifest = next(out.glob("*/manifest.json"))
    data = json.loads(manifest.read_text())
    data["package"]["version"] = "1.0;rm"
    manifest.write_text(json.dumps(data))
    changed = json.loads(ORDERS.read_text())
    changed["paths"]["/health"] = {"get": {"responses": {"200": {"description": "ok"}}}}
    spec = tmp_path / "changed.json"
    spec.write_text(json.dumps(changed))
    capsys.readouterr()
    assert main(["generate", str(spec), "--out", str(out)]) == 1
    assert "its version '1.0;rm' is not one sdkgen can bump" in one_line(capsys.readouterr().err)


# -- git revisions that look like options ------------------------------------------------------


def test_a_git_revision_that_looks_like_an_option_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    monkeypatch.chdir(tmp_path)
    written = tmp_path / "written"
    assert main(["diff", f"git:--output={written}:x", str(ORDERS)]) == 2
    assert "starts with '-'" in one_line(capsys.readouterr().err)
    assert not written.exists()
    config = str(REPO / "pyproject.toml")
    assert main(["release-check", f"--base=--output={written}", "--config", config]) == 2
    assert "starts with '-'" in one_line(capsys.readouterr().err)
    assert not written.exists()


def test_a_git_revision_still_works(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "git:HEAD:tests/fixtures/fleet/orders/prod.json", str(ORDERS)]) in (0, 1)
    assert "Traceback" not in capsys.readouterr().err


# -- too many operations -----------------------------------------------------------------------


def _operations(count: int) -> dict[str, Any]:
    ok = {"responses": {"200": {"description": "ok"}}}
    return _doc(paths={f"/r{i}": {"get": ok} for i in range(count)})


def test_a_document_above_the_operation_limit_is_refused_before_any_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.pipeline

    def not_reached(*args: object, **kwargs: object) -> None:
        raise AssertionError("normalized although above the limit")

    monkeypatch.setattr(generator.pipeline, "normalize", not_reached)
    monkeypatch.setenv("SDKGEN_MAX_OPERATIONS", "5")
    spec = tmp_path / "many.json"
    spec.write_text(json.dumps(_operations(6)))
    assert main(["generate", str(spec), "--out", str(tmp_path / "out")]) == 1
    assert one_line(capsys.readouterr().err) == (
        f"error: {spec}: 6 operations, more than the limit of 5 (SDKGEN_MAX_OPERATIONS)"
    )
    assert main(["validate", str(spec)]) == 1
    monkeypatch.undo()
    monkeypatch.setenv("SDKGEN_MAX_OPERATIONS", "6")
    assert main(["validate", str(spec)]) == 0


def test_the_default_limit_leaves_room_for_the_largest_real_document() -> None:
    assert DEFAULT_MAX_OPERATIONS == 50_000 > 2 * 22_361  # Microsoft Graph beta
