"""`sdkgen publish` against a real index (pypiserver on 127.0.0.1) and CodeArtifact (Stubber)."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import logging
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import boto3
import keyring
import pytest
from botocore.stub import Stubber
from keyring.backend import KeyringBackend
from keyring.credentials import SimpleCredential

from generator.cli import main
from generator.config import load_config
from generator.fleet import run_fleet
from generator.publish.index import Credentials, project_files
from generator.publish.run import run_publish
from tests.support.fault_server import FaultServer, Reply
from tests.support.local_index import LocalIndex

REPO = Path(__file__).resolve().parents[1]
USER = "publisher"
PASSWORD = "s3cret-Pa55word-for-sdkgen-tests"
TOKEN = "codeartifact-token-SECRET-0123456789"


def project(root: Path, apis: tuple[str, ...], publish: str = "") -> Path:
    """A fleet project with the example specs of ``apis``; returns its pyproject.toml."""
    lines = ["[tool.sdkgen]"]
    for api in apis:
        (root / "specs" / api).mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / "specs" / api / "prod.json", root / "specs" / api / "prod.json")
        lines += [f"[tool.sdkgen.apis.{api}]", f'package = "{api}-client"', 'stage = "prod"']
    if publish:
        lines += ["[tool.sdkgen.publish]", publish]
    path = root / "pyproject.toml"
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture
def index(tmp_path: Path) -> Iterator[LocalIndex]:
    with LocalIndex(tmp_path / "index", {USER: PASSWORD, "aws": TOKEN}) as running:
        yield running


@pytest.fixture
def credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SDKGEN_PUBLISH_USERNAME", USER)
    monkeypatch.setenv("SDKGEN_PUBLISH_PASSWORD", PASSWORD)


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path / "cache"))


def built(root: Path, apis: tuple[str, ...], publish: str) -> Path:
    config_path = project(root, apis, publish)
    results = run_fleet(load_config(config_path), echo=lambda _: None, jobs=1)
    assert [r.error for r in results] == [None] * len(apis)
    return config_path


def publish(config_path: Path, **options: object) -> tuple[int, list[str]]:
    lines: list[str] = []
    code = run_publish(load_config(config_path), echo=lines.append, **options)  # type: ignore[arg-type]
    return code, lines


def changed_wheel(wheel: Path) -> None:
    """Same name and version, other bytes (a valid wheel with one more file)."""
    data = io.BytesIO(wheel.read_bytes())
    with zipfile.ZipFile(data, "a") as archive:
        archive.writestr("orders_client/extra.txt", "rebuilt differently\n")
    wheel.write_bytes(data.getvalue())


@pytest.mark.slow
def test_publish_is_idempotent_and_refuses_changed_bytes(
    tmp_path: Path, index: LocalIndex, credentials: None
) -> None:
    root = tmp_path / "fleet"
    config = built(root, ("orders",), f'repository_url = "{index.url}"')
    dist = {p.name: p.read_bytes() for p in (root / "dist").iterdir()}
    assert sorted(dist) == ["orders_client-0.1.0-py3-none-any.whl", "orders_client-0.1.0.tar.gz"]

    code, lines = publish(config)
    assert code == 0, lines
    assert lines[-2] == (
        "[orders] orders-client 0.1.0: uploaded orders_client-0.1.0.tar.gz, "
        "orders_client-0.1.0-py3-none-any.whl"
    )
    assert lines[-1] == "publish: 1 published"
    assert index.files() == dist  # byte for byte

    # again: nothing to do, nothing touched
    stamps = {p.name: p.stat().st_mtime_ns for p in index.packages.iterdir()}
    code, lines = publish(config)
    assert code == 0
    assert lines[-2] == (
        "[orders] orders-client 0.1.0: already published, same bytes "
        "(orders_client-0.1.0.tar.gz, orders_client-0.1.0-py3-none-any.whl)"
    )
    assert {p.name: p.stat().st_mtime_ns for p in index.packages.iterdir()} == stamps

    # the same version with other bytes: refused, the index keeps what it had
    wheel = root / "dist" / "orders_client-0.1.0-py3-none-any.whl"
    changed_wheel(wheel)
    here = hashlib.sha256(wheel.read_bytes()).hexdigest()
    there = hashlib.sha256(dist[wheel.name]).hexdigest()
    code, lines = publish(config)
    assert code == 1
    assert lines[-2] == (
        "[orders] orders-client 0.1.0: REFUSED: orders_client-0.1.0-py3-none-any.whl is already "
        f"on the index with other bytes (sha256 {there[:12]} there, {here[:12]} here); a "
        "published version never changes, so nothing of it was uploaded: regenerate to make a "
        "new version"
    )
    assert lines[-1] == "publish: 1 refused"
    assert index.files() == dist


@pytest.mark.slow
def test_a_half_finished_upload_is_reported_as_such_and_completed_later(
    tmp_path: Path,
    index: LocalIndex,
    credentials: None,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.DEBUG)
    root = tmp_path / "fleet"
    config = built(root, ("orders",), f'repository_url = "{index.url}"')
    wheel = root / "dist" / "orders_client-0.1.0-py3-none-any.whl"
    good = wheel.read_bytes()
    wheel.write_bytes(good[: len(good) // 2])  # a broken wheel: twine refuses to send it

    code, lines = publish(config)
    assert code == 1
    assert lines[-2].startswith(
        "[orders] orders-client 0.1.0: FAILED: uploaded orders_client-0.1.0.tar.gz, then "
        "orders_client-0.1.0-py3-none-any.whl was not accepted: twine exit code 1: "
    )
    assert lines[-2].endswith(
        "; the index now has part of 0.1.0: run publish again to upload the rest"
    )
    assert lines[-1] == "publish: 1 failed"
    assert sorted(index.files()) == ["orders_client-0.1.0.tar.gz"]

    wheel.write_bytes(good)
    code, lines = publish(config)
    assert code == 0
    assert lines[-2] == (
        "[orders] orders-client 0.1.0: uploaded orders_client-0.1.0-py3-none-any.whl "
        "(orders_client-0.1.0.tar.gz already there, same bytes)"
    )

    # a wrong password is the index's answer, in one line, and the password is nowhere
    config_text = config.read_text()
    code = main(["publish", "--config", str(config), "--dry-run"])
    assert code == 0
    assert config.read_text() == config_text
    captured = capsys.readouterr()
    everything = captured.out + captured.err + caplog.text + "\n".join(lines)
    basic = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    assert PASSWORD not in everything and basic not in everything


@pytest.mark.slow
def test_a_wrong_password_fails_in_one_line_without_showing_it(
    tmp_path: Path,
    index: LocalIndex,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.DEBUG)
    wrong = "not-the-Password-42"
    monkeypatch.setenv("SDKGEN_PUBLISH_USERNAME", USER)
    monkeypatch.setenv("SDKGEN_PUBLISH_PASSWORD", wrong)
    root = tmp_path / "fleet"
    config = built(root, ("orders",), f'repository_url = "{index.url}"')
    assert main(["publish", "--config", str(config)]) == 1
    captured = capsys.readouterr()
    failed = [line for line in captured.out.splitlines() if "FAILED" in line]
    assert len(failed) == 1 and "nothing of 0.1.0 was uploaded" in failed[0]
    assert "403" in failed[0] or "401" in failed[0]
    everything = captured.out + captured.err + caplog.text
    assert wrong not in everything and "Traceback" not in everything
    assert index.files() == {}


@pytest.mark.slow
def test_codeartifact_token_and_endpoint_come_from_boto3(
    tmp_path: Path, index: LocalIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    for variable in ("SDKGEN_PUBLISH_USERNAME", "SDKGEN_PUBLISH_PASSWORD"):
        monkeypatch.delenv(variable, raising=False)
    root = tmp_path / "fleet"
    config = built(
        root,
        ("orders",),
        "[tool.sdkgen.publish.codeartifact]\n"
        'domain = "acme"\nrepository = "python"\ndomain_owner = "123456789012"\n'
        'region = "eu-west-1"',
    )
    client = boto3.client(
        "codeartifact",
        region_name="eu-west-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )
    stubber = Stubber(client)
    stubber.add_response(
        "get_authorization_token",
        {"authorizationToken": TOKEN},
        {"domain": "acme", "domainOwner": "123456789012", "durationSeconds": 900},
    )
    stubber.add_response(
        "get_repository_endpoint",
        {"repositoryEndpoint": index.url},
        {
            "domain": "acme",
            "domainOwner": "123456789012",
            "repository": "python",
            "format": "pypi",
        },
    )
    with stubber:
        code, lines = publish(config, codeartifact_client=client)
    stubber.assert_no_pending_responses()
    assert code == 0, lines
    assert lines[0].endswith(f"-> CodeArtifact acme/python (http://127.0.0.1:{index.port})")
    assert sorted(index.files()) == [
        "orders_client-0.1.0-py3-none-any.whl",
        "orders_client-0.1.0.tar.gz",
    ]
    assert TOKEN not in "\n".join(lines)


@pytest.mark.slow
def test_the_codeartifact_token_stays_out_of_debug_logs(
    tmp_path: Path, index: LocalIndex, caplog: pytest.LogCaptureFixture
) -> None:
    # a real HTTP exchange (botocore parses and, at DEBUG, logs response bodies)
    caplog.set_level(logging.DEBUG)
    root = tmp_path / "fleet"
    config = built(
        root,
        ("orders",),
        '[tool.sdkgen.publish.codeartifact]\ndomain = "acme"\nrepository = "python"',
    )
    with FaultServer() as control_plane:
        control_plane.enqueue(
            Reply(200, {"authorizationToken": TOKEN, "expiration": 1.9e9}),
            Reply(200, {"repositoryEndpoint": index.url}),
        )
        client = boto3.client(
            "codeartifact",
            region_name="eu-west-1",
            endpoint_url=control_plane.root_url,
            aws_access_key_id="test",
            aws_secret_access_key="test",
        )
        code, lines = publish(config, codeartifact_client=client)
        paths = [r.path.split("?")[0] for r in control_plane.requests]
    assert code == 0, lines
    assert paths == ["/v1/authorization-token", "/v1/repository/endpoint"]
    assert "botocore" in caplog.text  # DEBUG logging was on
    assert TOKEN not in caplog.text and TOKEN not in "\n".join(lines)


def test_without_an_index_nothing_is_published(tmp_path: Path) -> None:
    config = project(tmp_path, ("orders",))
    code, lines = publish(config)
    assert code == 0
    assert lines == [
        "publish: no package index is set up ([tool.sdkgen.publish] in pyproject.toml, or "
        "--repository-url); nothing published"
    ]


def test_a_project_the_index_redirects_elsewhere_is_not_published(
    tmp_path: Path,
) -> None:
    # pypiserver sends names it does not have to the public index: that is not "published"
    with LocalIndex(tmp_path / "index", {USER: PASSWORD}) as running:
        assert project_files(running.simple_url, "httpx", Credentials(USER, PASSWORD)) == []


def test_credentials_are_never_in_a_repr() -> None:
    assert PASSWORD not in repr(Credentials(USER, PASSWORD))
    assert PASSWORD not in str([Credentials(USER, PASSWORD)])


def test_dist_files_of_other_projects_are_left_alone(tmp_path: Path) -> None:
    config = project(tmp_path, ("orders",), 'repository_url = "http://127.0.0.1:9/"')
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / "other_tool-1.0-py3-none-any.whl").write_bytes(b"x")
    code, lines = publish(config)
    assert code == 0
    assert lines == [
        "publish: 1 file(s) in dist/ belong to no configured API; left alone",
        "publish: no sdist or wheel of a configured client in dist/; nothing to publish",
    ]


def test_half_set_credentials_are_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    config = project(tmp_path, ("orders",), 'repository_url = "http://127.0.0.1:9/"')
    monkeypatch.setenv("SDKGEN_PUBLISH_USERNAME", USER)
    monkeypatch.delenv("SDKGEN_PUBLISH_PASSWORD", raising=False)
    assert main(["publish", "--config", str(config)]) == 2
    assert "SDKGEN_PUBLISH_PASSWORD is not set" in capsys.readouterr().err


def test_json_simple_pages_are_read(tmp_path: Path) -> None:
    from generator.publish.index import _parse

    page = {
        "meta": {"api-version": "1.0"},
        "name": "orders-client",
        "files": [
            {
                "filename": "orders_client-0.1.0.tar.gz",
                "url": "../../f/o.tar.gz",
                "hashes": {"sha256": "ab"},
            },
            {
                "filename": "orders_client-0.1.0-py3-none-any.whl",
                "url": "https://x/w.whl",
                "hashes": {},
            },
        ],
    }
    files = _parse(
        json.dumps(page).encode(),
        "application/vnd.pypi.simple.v1+json",
        "http://i/simple/orders-client/",
    )
    assert [(f.filename, f.url, f.sha256) for f in files] == [
        ("orders_client-0.1.0.tar.gz", "http://i/f/o.tar.gz", "ab"),
        ("orders_client-0.1.0-py3-none-any.whl", "https://x/w.whl", None),
    ]


class _MemoryRing(KeyringBackend):
    """A keyring holding one credential for one service, in memory."""

    priority = 1  # type: ignore[assignment]

    def __init__(self, service: str, username: str, password: str) -> None:
        super().__init__()
        self.entries = {(service, username): password}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.entries.pop((service, username), None)

    def get_credential(self, service: str, username: str | None) -> SimpleCredential | None:
        for (known_service, known_user), password in self.entries.items():
            if known_service == service and username in (None, known_user):
                return SimpleCredential(known_user, password)
        return None


@pytest.mark.slow
def test_credentials_from_the_keyring(
    tmp_path: Path, index: LocalIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    for variable in ("SDKGEN_PUBLISH_USERNAME", "SDKGEN_PUBLISH_PASSWORD"):
        monkeypatch.delenv(variable, raising=False)
    previous = keyring.get_keyring()
    keyring.set_keyring(_MemoryRing(index.url, USER, PASSWORD))
    try:
        config = built(tmp_path / "fleet", ("orders",), f'repository_url = "{index.url}"')
        code, lines = publish(config)
    finally:
        keyring.set_keyring(previous)
    assert code == 0, lines
    assert sorted(index.files()) == [
        "orders_client-0.1.0-py3-none-any.whl",
        "orders_client-0.1.0.tar.gz",
    ]


def test_without_twine_publish_says_how_to_get_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from generator.publish import upload

    monkeypatch.setattr(upload.importlib.util, "find_spec", lambda name: None)
    config = project(tmp_path, ("orders",), 'repository_url = "http://127.0.0.1:9/"')
    assert main(["publish", "--config", str(config)]) == 1
    err = capsys.readouterr().err
    assert "sdkgen publish needs twine" in err and "'publish' extra" in err
