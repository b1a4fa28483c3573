"""The fleet config ([tool.sdkgen]): defaults, pull settings, and located errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import ApiConfig, FleetConfig, load_config
from generator.errors import UsageError

REPO = Path(__file__).resolve().parents[1]


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "pyproject.toml"
    path.write_text(body, encoding="utf-8")
    return path


def load(tmp_path: Path, body: str, env: dict[str, str] | None = None) -> FleetConfig:
    return load_config(write(tmp_path, body), environ=env or {})


def error_of(tmp_path: Path, body: str, env: dict[str, str] | None = None) -> str:
    with pytest.raises(UsageError) as caught:
        load(tmp_path, body, env)
    message = str(caught.value)
    assert "\n" not in message
    return message


MINIMAL = """
[tool.sdkgen.apis.orders]
package = "orders-client"
"""


def test_the_repository_fleet_still_loads() -> None:
    config = load_config(REPO / "pyproject.toml", environ={})
    assert [a.name for a in config.apis] == ["orders", "pricing", "checkout"]
    for api in config.apis:
        assert api.stage == "prod"
        assert api.stages == ("dev", "prod")
        assert api.kind == "rest"
        assert api.api == api.name
        assert api.spec_path(config.specs_dir).is_file()
    assert config.source == "emulator"
    assert [a.export_type for a in config.apis] == ["swagger", "oas30", "oas30"]


def test_defaults(tmp_path: Path) -> None:
    config = load(tmp_path, MINIMAL)
    assert config.root == tmp_path
    assert config.specs_dir == tmp_path / "specs"
    assert config.output_dir == tmp_path / "generated_clients"
    assert config.dist_dir == tmp_path / "dist"
    assert config.region is None
    assert config.source == "emulator"
    (api,) = config.apis
    assert api == ApiConfig(
        name="orders",
        package="orders-client",
        stage="prod",
        version=None,
        kind="rest",
        api="orders",
        stages=("prod",),
        region=None,
        profile=None,
        endpoint_url=None,
        export_type="oas30",
        extensions="apigateway,authorizers",
    )
    assert api.snapshot_path(config.specs_dir, "prod") == tmp_path / "specs/orders/prod.json"


def test_every_pull_setting(tmp_path: Path) -> None:
    config = load(
        tmp_path,
        """
[tool.sdkgen]
region = "eu-west-1"
source = "aws"

[tool.sdkgen.apis.orders]
package = "orders-client"
kind = "rest"
api = "Orders API"
stages = ["dev", "prod"]
stage = "prod"
region = "us-east-2"
profile = "reader"
endpoint_url = "http://127.0.0.1:4566"
export = { type = "swagger", extensions = "integrations, documentation" }

[tool.sdkgen.apis.checkout]
kind = "http"
api = "a1b2c3"
stages = ["$default"]
""",
    )
    assert config.region == "eu-west-1"
    assert config.source == "aws"
    orders, checkout = config.apis
    assert orders.api == "Orders API"
    assert orders.stages == ("dev", "prod")
    assert orders.stage == "prod"
    assert orders.region == "us-east-2"
    assert orders.profile == "reader"
    assert orders.endpoint_url == "http://127.0.0.1:4566"
    assert orders.export_type == "swagger"
    assert orders.extensions == "integrations,documentation"
    assert checkout.kind == "http"
    assert checkout.package == "checkout-client"
    assert checkout.stage == "$default"  # the only listed stage
    assert checkout.stages == ("$default",)


def test_export_as_a_sub_table_and_extensions_as_a_list(tmp_path: Path) -> None:
    config = load(
        tmp_path,
        """
[tool.sdkgen.apis.orders]
[tool.sdkgen.apis.orders.export]
extensions = ["apigateway", "authorizers", "documentation"]
""",
    )
    assert config.apis[0].extensions == "apigateway,authorizers,documentation"
    assert config.apis[0].export_type == "oas30"


def test_empty_extensions_mean_a_plain_export(tmp_path: Path) -> None:
    config = load(tmp_path, '[tool.sdkgen.apis.orders]\nexport = { extensions = "" }\n')
    assert config.apis[0].extensions == ""


@pytest.mark.parametrize(
    ("env", "expected"),
    [({}, "emulator"), ({"SDKGEN_SOURCE": "aws"}, "aws"), ({"SDKGEN_SOURCE": " "}, "emulator")],
)
def test_the_source_variable_overrides_the_file(
    tmp_path: Path, env: dict[str, str], expected: str
) -> None:
    assert load(tmp_path, MINIMAL, env).source == expected
    body = '[tool.sdkgen]\nsource = "aws"\n' + MINIMAL
    assert load(tmp_path, body, {"SDKGEN_SOURCE": "emulator"}).source == "emulator"


def test_the_source_variable_is_read_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SDKGEN_SOURCE", "aws")
    assert load_config(write(tmp_path, MINIMAL)).source == "aws"
    monkeypatch.setenv("SDKGEN_SOURCE", "prod")
    with pytest.raises(UsageError, match=r"SDKGEN_SOURCE='prod': must be one of emulator, aws"):
        load_config(write(tmp_path, MINIMAL))


ORDERS = "pyproject.toml [tool.sdkgen.apis.orders]"


@pytest.mark.parametrize(
    ("api_table", "message"),
    [
        ('stages = "prod"', f"{ORDERS}: 'stages' must be a list of strings"),
        ("stages = [1, 2]", f"{ORDERS}: 'stages' must be a list of strings"),
        ("stages = []", f"{ORDERS}: 'stages' must be a list of strings"),
        ('stages = ["dev", "dev"]', f"{ORDERS}: 'stages' lists dev more than once"),
        ('stages = ["../etc"]', f"{ORDERS}: 'stages': '../etc' is not a stage name"),
        ('stages = ["dev", "prod"]', f"{ORDERS}: 'stage' must say which of 'stages' (dev, prod)"),
        (
            'stages = ["dev"]\nstage = "prod"',
            f"{ORDERS}: 'stage' 'prod' must be one of 'stages' (dev)",
        ),
        ('stage = "a/b"', f"{ORDERS}: 'stage': 'a/b' is not a stage name"),
        ('stage = ""', f"{ORDERS}: 'stage' must be a non-empty string"),
        ('stage = "$default"', f"{ORDERS}: '$default' stages exist only for kind = \"http\""),
        ('kind = "websocket"', f"{ORDERS}: 'kind' must be one of 'rest', 'http', not 'websocket'"),
        ("kind = 1", f"{ORDERS}: 'kind' must be a non-empty string"),
        ('api = ""', f"{ORDERS}: 'api' must be a non-empty string"),
        ('region = "Mars 1"', f"{ORDERS}: 'region' 'Mars 1' is not an AWS region name"),
        ("profile = 3", f"{ORDERS}: 'profile' must be a non-empty string"),
        ('endpoint_url = "localhost:4566"', f"{ORDERS}: 'endpoint_url' must be an http://"),
        (
            'endpoint_url = "http://user:pw@127.0.0.1:4566"',
            f"{ORDERS}: 'endpoint_url' must not contain credentials",
        ),
        ('endpoint_url = "http://h:99999"', f"{ORDERS}: 'endpoint_url' is not a valid URL"),
        ('export = "oas30"', f"{ORDERS}: 'export' must be a table"),
        (
            'export = { type = "yaml" }',
            "pyproject.toml [tool.sdkgen.apis.orders.export]: 'type' must be one of 'oas30', 'swagger'",
        ),
        (
            'export = { extensions = "apigateway,magic" }',
            "pyproject.toml [tool.sdkgen.apis.orders.export]: 'extensions': unknown extension(s) 'magic'",
        ),
        (
            "export = { extensions = 3 }",
            "pyproject.toml [tool.sdkgen.apis.orders.export]: 'extensions' must be a string",
        ),
        (
            'export = { format = "json" }',
            "pyproject.toml [tool.sdkgen.apis.orders.export]: unknown key(s) format",
        ),
        (
            'kind = "http"\nexport = { type = "oas30" }',
            f"{ORDERS}: 'export' options apply only to kind = \"rest\"",
        ),
        ('stagez = ["dev"]', f"{ORDERS}: unknown key(s) stagez (known: api, endpoint_url,"),
        ('package = "not a name!"', f"{ORDERS}: 'package' 'not a name!' is not a valid"),
        ("version = 2", f"{ORDERS}: 'version' must be a string"),
    ],
)
def test_api_errors_are_located(tmp_path: Path, api_table: str, message: str) -> None:
    assert error_of(tmp_path, f"[tool.sdkgen.apis.orders]\n{api_table}\n").startswith(message)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[tool.sdkgen]\nregion = ""\n' + MINIMAL, "'region' must be a non-empty string"),
        (
            '[tool.sdkgen]\nsource = "cloud"\n' + MINIMAL,
            "'source' must be one of 'emulator', 'aws'",
        ),
        ('[tool.sdkgen]\nspecz = "specs"\n' + MINIMAL, "unknown key(s) specz"),
        ("[tool.sdkgen]\n", "'apis' must list at least one API"),
        ("[tool.sdkgen]\napis = 3\n", "'apis' must list at least one API"),
    ],
)
def test_root_errors_are_located(tmp_path: Path, body: str, message: str) -> None:
    assert error_of(tmp_path, body).startswith(f"pyproject.toml [tool.sdkgen]: {message}")


def test_an_api_must_be_a_table(tmp_path: Path) -> None:
    assert error_of(tmp_path, '[tool.sdkgen.apis]\norders = "x"\n') == (
        "pyproject.toml [tool.sdkgen.apis.orders]: must be a table"
    )


def test_an_api_key_must_be_a_folder_name(tmp_path: Path) -> None:
    message = error_of(tmp_path, '[tool.sdkgen.apis.".."]\npackage = "x-client"\n')
    assert message.startswith("pyproject.toml [tool.sdkgen.apis...]: the API key must be")


def test_file_problems(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file"):
        load_config(tmp_path / "missing.toml", environ={})
    with pytest.raises(UsageError, match="invalid TOML"):
        load(tmp_path, "[tool.sdkgen\n")
    with pytest.raises(UsageError, match=r"no \[tool.sdkgen\] table"):
        load(tmp_path, "[project]\nname = 'x'\n")
    with pytest.raises(UsageError, match="is a directory"):
        load_config(tmp_path, environ={})


def test_config_errors_exit_2(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as caught:
        load(tmp_path, '[tool.sdkgen.apis.orders]\nstages = "prod"\n')
    assert caught.value.exit_code == 2


def test_api_config_keeps_its_positional_form() -> None:
    api = ApiConfig("orders", "orders-client", "prod", None)
    assert (api.kind, api.api, api.stages) == ("rest", "orders", ("prod",))
