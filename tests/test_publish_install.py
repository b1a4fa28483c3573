"""From `sdkgen publish` to `pip install` in another service: a fresh virtualenv installs the
published clients from the index, two major versions side by side, and calls a local server."""

from __future__ import annotations

import json
import subprocess
import venv
from pathlib import Path

import pytest

from generator.config import load_config
from generator.fleet import run_fleet
from generator.publish.run import run_publish
from tests.support.fault_server import FaultServer, Reply
from tests.support.local_index import LocalIndex
from tests.test_publish import PASSWORD, USER, project

pytestmark = pytest.mark.slow

ORDER = {
    "orderId": "o-1",
    "customerId": "c-1",
    "currency": "EUR",
    "createdAt": "2024-05-01T10:00:00Z",
    "status": "pending",
    "total": 19.98,
    "items": [{"itemId": "i-1", "sku": "WIDGET-1", "quantity": 2, "unitPrice": 9.99}],
}

SCRIPT = """
import json, sys
import orders_client, orders_client_v1, orders_client_v2
base_url = sys.argv[1]
seen = {}
for module in (orders_client, orders_client_v1, orders_client_v2):
    with module.Client(base_url=base_url, api_key="k") as client:
        page = client.orders.list()
        seen[module.__name__] = [type(page.items[0]).__name__, page.items[0].orderId, hasattr(client.orders, "delete")]
print(json.dumps(seen))
"""


def _build_and_publish(config_path: Path, index: LocalIndex) -> list[str]:
    config = load_config(config_path)
    results = run_fleet(config, echo=lambda _: None, jobs=1)
    assert [r.error for r in results] == [None]
    lines: list[str] = []
    code = run_publish(config, echo=lines.append)
    assert code == 0, lines
    return lines


def test_pip_install_from_the_index_two_majors_side_by_side(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SDKGEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("SDKGEN_PUBLISH_USERNAME", USER)
    monkeypatch.setenv("SDKGEN_PUBLISH_PASSWORD", PASSWORD)
    with LocalIndex(tmp_path / "index", {USER: PASSWORD}) as index:
        # the plain name, and an "acme" fleet with the major version in its names
        _build_and_publish(
            project(tmp_path / "plain", ("orders",), f'repository_url = "{index.url}"'), index
        )
        majors = project(
            tmp_path / "majors",
            ("orders",),
            f'repository_url = "{index.url}"\nprefix = "acme"\nmajor_in_name = true',
        )
        majors.write_text(
            majors.read_text().replace('stage = "prod"', 'stage = "prod"\nversion = "1.0.0"')
        )
        _build_and_publish(majors, index)
        # a breaking change (an operation removed): version 2.0.0, a new distribution
        spec = tmp_path / "majors" / "specs" / "orders" / "prod.json"
        document = json.loads(spec.read_text())
        del document["paths"]["/orders/{orderId}"]["delete"]
        spec.write_text(json.dumps(document))
        lines = _build_and_publish(majors, index)
        assert "[orders] acme-orders-client-v1 1.0.0: already published, same bytes" in lines[-3]
        assert lines[-2].startswith("[orders] acme-orders-client-v2 2.0.0: uploaded ")
        assert sorted(index.files()) == [
            "acme_orders_client_v1-1.0.0-py3-none-any.whl",
            "acme_orders_client_v1-1.0.0.tar.gz",
            "acme_orders_client_v2-2.0.0-py3-none-any.whl",
            "acme_orders_client_v2-2.0.0.tar.gz",
            "orders_client-0.1.0-py3-none-any.whl",
            "orders_client-0.1.0.tar.gz",
        ]

        environment = tmp_path / "service-venv"
        venv.create(environment, with_pip=True)
        python = environment / "bin" / "python"
        install = subprocess.run(
            [
                str(python),
                "-m",
                "pip",
                "install",
                "--disable-pip-version-check",
                "orders-client",
                "acme-orders-client-v1",
                "acme-orders-client-v2",
                "--index-url",
                index.simple_url,
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert install.returncode == 0, install.stdout[-3000:] + install.stderr[-3000:]
        assert "Successfully installed" in install.stdout
        for name in (
            "orders-client-0.1.0",
            "acme-orders-client-v1-1.0.0",
            "acme-orders-client-v2-2.0.0",
        ):
            assert name in install.stdout

    with FaultServer(lambda _request: Reply(200, {"items": [ORDER]})) as server:
        run = subprocess.run(
            [str(python), "-c", SCRIPT, server.root_url],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            check=False,
        )
    assert run.returncode == 0, run.stderr[-3000:]
    assert json.loads(run.stdout) == {
        "orders_client": ["Order", "o-1", True],
        "orders_client_v1": ["Order", "o-1", True],
        "orders_client_v2": ["Order", "o-1", False],  # removed in 2.0.0
    }
    assert [r.path for r in server.requests] == ["/orders"] * 3
    assert all(r.headers.get("x-api-key") == "k" for r in server.requests)
