"""[tool.sdkgen.publish]: the index, CodeArtifact, and how client names are made."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.config import CodeArtifact, load_config
from generator.errors import UsageError
from generator.naming import NameOptions
from generator.pipeline import generate

REPO = Path(__file__).resolve().parents[1]
BASE = '[tool.sdkgen.apis.orders]\npackage = "orders-client"\n'


def config_with(tmp_path: Path, publish: str) -> Path:
    path = tmp_path / "pyproject.toml"
    path.write_text(BASE + "[tool.sdkgen.publish]\n" + publish)
    return path


def test_the_table_is_read(tmp_path: Path) -> None:
    config = load_config(
        config_with(
            tmp_path,
            'prefix = "acme"\nmajor_in_name = true\n[tool.sdkgen.publish.codeartifact]\n'
            'domain = "acme"\nrepository = "python"\ndomain_owner = "123456789012"\n',
        )
    )
    assert config.publish is not None
    assert config.publish.codeartifact == CodeArtifact("acme", "python", "123456789012")
    assert config.naming == NameOptions(prefix="acme", major_in_name=True)
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "pyproject.toml").write_text(BASE)
    assert load_config(plain / "pyproject.toml").publish is None


@pytest.mark.parametrize(
    ("publish", "message"),
    [
        ('repository_url = "https://user:pw@index.example/"', "must not contain credentials"),
        ('repository_url = "ftp://index.example/"', "http:// or https://"),
        ("major_in_name = 1", "'major_in_name' must be true or false"),
        ('prefix = "a b"', "'prefix' 'a b' is not usable"),
        ('mirror = "x"', "unknown key(s) mirror"),
        ('[tool.sdkgen.publish.codeartifact]\ndomain = "acme"', "'repository' must be a non-empty"),
        (
            '[tool.sdkgen.publish.codeartifact]\ndomain = "a1"\nrepository = "r1"\ndomain_owner = "12"',
            "12-digit AWS account id",
        ),
        (
            'repository_url = "https://i.example/"\n[tool.sdkgen.publish.codeartifact]\n'
            'domain = "a1"\nrepository = "r1"',
            "either 'repository_url' or a codeartifact table",
        ),
    ],
)
def test_mistakes_are_named(tmp_path: Path, publish: str, message: str) -> None:
    with pytest.raises(UsageError, match=r"tool\.sdkgen\.publish") as raised:
        load_config(config_with(tmp_path, publish))
    assert message in str(raised.value)


def test_major_version_in_the_names_moves_with_a_breaking_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SDKGEN_NO_CACHE", "1")
    spec = tmp_path / "orders.json"
    shutil.copy(REPO / "specs" / "orders" / "prod.json", spec)
    out = tmp_path / "client"
    options = NameOptions(prefix="acme", major_in_name=True)
    first = generate(spec, out, name="orders-client", version="1.0.0", options=options)
    assert (first.dist_name, first.version) == ("acme-orders-client-v1", "1.0.0")
    assert 'name = "acme-orders-client-v1"' in (out / "pyproject.toml").read_text()
    assert (out / "orders_client_v1" / "__init__.py").is_file()

    document = json.loads(spec.read_text())
    del document["paths"]["/orders/{orderId}"]["delete"]
    spec.write_text(json.dumps(document))
    second = generate(spec, out, name="orders-client", options=options)
    assert (second.dist_name, second.version) == ("acme-orders-client-v2", "2.0.0")
    # the v1 package is gone (``tests/`` is the shipped tests' folder)
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["orders_client_v2", "tests"]
    assert "ORDERS_CLIENT_V2_API_KEY" in (out / "orders_client_v2" / "_client.py").read_text()
