"""Names a team chooses (overrides) and names that stay (pins, deprecated aliases).

Overrides come from ``[tool.sdkgen.apis.<api>.names]`` or ``sdkgen generate --names FILE``;
a bad one is one clear line and nothing is written. Regenerating into a client's directory
keeps every name its manifest records, whatever the document added before it; a client made
with the former naming scheme keeps its former method names as aliases that warn when called,
and the diff reports them deprecated, not removed.
"""

from __future__ import annotations

import copy
import json
import textwrap
import warnings
from pathlib import Path
from typing import Any, cast

import httpx
import pytest

from generator.cli import EXIT_OK, EXIT_USAGE, main
from generator.config import load_config
from generator.errors import UsageError
from generator.overrides import parse_names
from generator.pipeline import generate
from tests.support.generated import GeneratedClient, imported, resource_of

OK = {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object"}}}}}
ORDER_ID = {"name": "orderId", "in": "path", "required": True, "schema": {"type": "string"}}
ITEM_ID = {"name": "itemId", "in": "path", "required": True, "schema": {"type": "string"}}
STATUS = {"name": "status", "in": "query", "schema": {"type": "string"}}
NEW_ORDER_BODY = {
    "required": True,
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewOrder"}}},
}


def _op(**extra: Any) -> dict[str, Any]:
    return {"responses": copy.deepcopy(OK), **extra}


DOCUMENT: dict[str, Any] = {
    "openapi": "3.0.1",
    "info": {"title": "shop", "version": "1"},
    "paths": {
        "/orders": {"get": _op(parameters=[STATUS]), "post": _op(requestBody=NEW_ORDER_BODY)},
        "/orders/{orderId}": {
            "parameters": [ORDER_ID],
            "get": _op(),
            "put": _op(),
            "delete": _op(),
        },
        "/orders/{orderId}/items": {"parameters": [ORDER_ID], "get": _op(), "post": _op()},
        "/orders/{orderId}/items/{itemId}": {"parameters": [ORDER_ID, ITEM_ID], "delete": _op()},
    },
    "components": {
        "schemas": {
            "NewOrder": {
                "type": "object",
                "required": ["customerId"],
                "properties": {"customerId": {"type": "string"}, "note": {"type": "string"}},
            }
        }
    },
}


def _write(tmp: Path, document: dict[str, Any], name: str = "shop.json") -> Path:
    spec = tmp / name
    spec.write_text(json.dumps(document), encoding="utf-8")
    return spec


def _manifest(out: Path) -> dict[str, Any]:
    return cast(dict[str, Any], json.loads((out / "shop_client" / "manifest.json").read_text()))


def _surface(out: Path) -> dict[str, str]:
    """``"GET /orders" -> "orders.list"`` from the client's manifest."""
    return {
        f"{op['method']} {op['path']}": f"{op['resource']}.{op['python_name']}"
        for op in _manifest(out)["operations"]
    }


def _classes(out: Path) -> dict[str, str]:
    return {m["pointer"]: m["class"] for m in _manifest(out)["models"]}


# -- overrides -------------------------------------------------------------------------------

NAMES = {
    "PUT /orders/{orderId}": "orders.replace",
    "resources": {"orders.items": "orders.line_items"},
    "models": {"NewOrder": "OrderRequest"},
}


def test_overrides_name_operations_resources_and_models(tmp_path: Path) -> None:
    out = tmp_path / "out"
    generate(_write(tmp_path, DOCUMENT), out, name="shop-client", overrides=parse_names(NAMES, "t"))
    surface = _surface(out)
    assert surface["PUT /orders/{orderId}"] == "orders.replace"
    assert surface["GET /orders/{orderId}/items"] == "orders.line_items.list"
    assert surface["DELETE /orders/{orderId}/items/{itemId}"] == "orders.line_items.delete"
    assert surface["GET /orders/{orderId}"] == "orders.retrieve"  # the rest as the rules say
    assert _classes(out)["/components/schemas/NewOrder"] == "OrderRequest"
    source = (out / "shop_client" / "models.py").read_text()
    assert "class OrderRequest(" in source and "class NewOrder(" not in source


def test_overrides_in_the_fleet_configuration(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        textwrap.dedent(
            """
            [tool.sdkgen.apis.shop]
            package = "shop-client"

            [tool.sdkgen.apis.shop.names]
            "put /orders/{orderId}" = "orders.replace"

            [tool.sdkgen.apis.shop.names.models]
            "/components/schemas/NewOrder" = "OrderRequest"

            [tool.sdkgen.apis.shop.pagination]
            "GET /orders" = false
            """
        ),
        encoding="utf-8",
    )
    (api,) = load_config(tmp_path / "pyproject.toml").apis
    assert api.overrides.operations == {"PUT /orders/{orderId}": (("orders",), "replace")}
    assert api.overrides.models == {"/components/schemas/NewOrder": "OrderRequest"}
    assert api.overrides.pagination == {"GET /orders": None}
    out = tmp_path / "out"
    generate(_write(tmp_path, DOCUMENT), out, name="shop-client", overrides=api.overrides)
    assert _surface(out)["PUT /orders/{orderId}"] == "orders.replace"


def _cli(tmp_path: Path, names: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, Path]:
    spec = _write(tmp_path, DOCUMENT)
    names_file = tmp_path / "names.toml"
    names_file.write_text(textwrap.dedent(names), encoding="utf-8")
    out = tmp_path / "out"
    code = main(
        [
            "generate",
            str(spec),
            "--out",
            str(out),
            "--name",
            "shop-client",
            "--names",
            str(names_file),
        ]
    )
    return code, capsys.readouterr().err, out


def test_names_file_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, out = _cli(
        tmp_path,
        """
        "PUT /orders/{orderId}" = "orders.replace"
        [resources]
        "orders.items" = "orders.lines"
        """,
        capsys,
    )
    assert code == EXIT_OK
    assert _surface(out)["PUT /orders/{orderId}"] == "orders.replace"
    assert _surface(out)["POST /orders/{orderId}/items"] == "orders.lines.create"


@pytest.mark.parametrize(
    ("names", "message"),
    [
        ('"GET /nowhere" = "orders.x"', "'GET /nowhere' matches no operation of the document"),
        ('"PUT /orders/{orderId}" = "orders.2nd"', "'2nd' is not a usable Python name"),
        ('"PUT /orders/{orderId}" = "orders.class"', "'class' is not a usable Python name"),
        ('"PUT /orders/{orderId}" = "replace"', "must name a resource and a method"),
        ('"FETCH /orders" = "orders.x"', "is not an operation; write it as METHOD /path"),
        (
            '"PUT /orders/{orderId}" = "orders.list"\n"GET /orders" = "orders.list"',
            "the name is already taken",
        ),
        ('"PUT /orders/{orderId}" = "orders.with_raw_response"', "the name is already taken"),
        ('[resources]\n"carts" = "baskets"', "'carts' matches no resource of the client"),
        ('[models]\n"Cart" = "Basket"', "matches no model of the document"),
        ('[models]\n"NewOrder" = "Order"\n"/components/schemas/X" = "Order"', "given to two"),
        ("this is not toml", "invalid TOML"),
    ],
)
def test_a_bad_override_is_one_clear_line_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], names: str, message: str
) -> None:
    code, err, out = _cli(tmp_path, names, capsys)
    assert code == EXIT_USAGE
    assert message in err
    assert err.count("\n") == 1 and err.startswith("error: ") and "Traceback" not in err
    assert not out.exists()


def test_a_missing_names_file_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = _write(tmp_path, DOCUMENT)
    args = ["generate", str(spec), "--out", str(tmp_path / "out"), "--names", "nope.toml"]
    assert main(args) == EXIT_USAGE
    assert "--names nope.toml: no such file" in capsys.readouterr().err


# -- stable names ----------------------------------------------------------------------------


def _with_earlier_collisions(document: dict[str, Any]) -> dict[str, Any]:
    """``document`` with operations inserted BEFORE the existing ones that would take their
    names if the client were generated afresh: a ``DELETE /orders`` (``orders.delete``), a
    ``DELETE /orders/{orderId}/delete`` and a header ``status`` listed before the query
    ``status``; a new schema ``New-Order`` takes the class name ``NewOrder`` would otherwise
    keep."""
    changed = copy.deepcopy(document)
    header_status = {"name": "status", "in": "header", "schema": {"type": "string"}}
    paths = {
        "/orders": {
            "delete": _op(),
            "get": _op(parameters=[header_status, STATUS]),
            "post": changed["paths"]["/orders"]["post"],
        },
        "/orders/{orderId}/delete": {"parameters": [ORDER_ID], "delete": _op()},
    }
    paths.update({k: v for k, v in changed["paths"].items() if k not in paths})
    changed["paths"] = paths
    changed["components"]["schemas"] = {
        "New-Order": {"type": "object", "properties": {"x": {"type": "string"}}},
        **changed["components"]["schemas"],
    }
    return changed


def test_regenerating_keeps_every_existing_name_when_collisions_come_earlier(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    generate(_write(tmp_path, DOCUMENT), out, name="shop-client")
    before = _surface(out)
    assert before["DELETE /orders/{orderId}"] == "orders.delete"
    before_status = _manifest(out)["operations"][0]["parameters"]
    assert [(p["in"], p["python_name"]) for p in before_status] == [("query", "status")]
    classes_before = _classes(out)

    grown = _with_earlier_collisions(DOCUMENT)
    fresh = tmp_path / "fresh"  # what the rules alone give: the existing names move
    generate(_write(tmp_path, grown, "grown.json"), fresh, name="shop-client")
    assert _surface(fresh)["DELETE /orders/{orderId}"] != "orders.delete"
    assert _classes(fresh)["/components/schemas/NewOrder"] != "NewOrder"

    generate(_write(tmp_path, grown, "grown.json"), out, name="shop-client")
    after = _surface(out)
    assert {k: after[k] for k in before} == before
    assert after["DELETE /orders"] != "orders.delete"  # the newcomer gets another name
    assert len(set(after.values())) == len(after)
    listing = next(
        o for o in _manifest(out)["operations"] if o["path"] == "/orders" and o["method"] == "GET"
    )
    arguments = {(p["in"], p["python_name"]) for p in listing["parameters"]}
    assert ("query", "status") in arguments and ("header", "status_header") in arguments
    assert {k: _classes(out)[k] for k in classes_before} == classes_before


def test_a_changed_operation_id_renames_and_the_diff_says_so(tmp_path: Path) -> None:
    out = tmp_path / "out"
    named = copy.deepcopy(DOCUMENT)
    named["paths"]["/orders/{orderId}"]["get"]["operationId"] = "getOrder"
    generate(_write(tmp_path, named), out, name="shop-client")
    assert _surface(out)["GET /orders/{orderId}"] == "orders.get"
    named["paths"]["/orders/{orderId}"]["get"]["operationId"] = "fetchOrder"
    generated = generate(_write(tmp_path, named), out, name="shop-client")
    assert _surface(out)["GET /orders/{orderId}"] == "orders.fetch"
    assert generated.report is not None
    rules = {c.id for c in generated.report.changes}
    assert "client-method-renamed" in rules and generated.report.bump == "major"


# -- a naming-scheme change keeps former names as deprecated aliases -----------------------

FORMER = {  # the names of the first naming scheme (methods after synthesized operationIds)
    "GET /orders": ("orders", "get_orders"),
    "POST /orders": ("orders", "post_orders"),
    "GET /orders/{orderId}": ("orders", "get_orders_by_order_id"),
    "PUT /orders/{orderId}": ("orders", "put_orders_by_order_id"),
    "DELETE /orders/{orderId}": ("orders", "delete_orders_by_order_id"),
    "GET /orders/{orderId}/items": ("orders", "get_orders_by_order_id_items"),
    "POST /orders/{orderId}/items": ("orders", "post_orders_by_order_id_items"),
    "DELETE /orders/{orderId}/items/{itemId}": (
        "orders",
        "delete_orders_by_order_id_items_by_item_id",
    ),
}


def _as_first_scheme(out: Path) -> None:
    """Rewrite the client's manifest as a scheme-1 client wrote it (the former names, no
    naming scheme, no operationIds as given, no aliases, no body arguments)."""
    path = out / "shop_client" / "manifest.json"
    manifest = json.loads(path.read_text())
    del manifest["naming"]
    for op in manifest["operations"]:
        op["resource"], op["python_name"] = FORMER[f"{op['method']} {op['path']}"]
        del op["given_operation_id"], op["aliases"]
        if op.get("body"):
            op["body"].pop("arguments", None)
    path.write_text(json.dumps(manifest, indent=2) + "\n")


def test_a_scheme_change_keeps_former_names_as_aliases_that_warn(tmp_path: Path) -> None:
    out = tmp_path / "out"
    spec = _write(tmp_path, DOCUMENT)
    generate(spec, out, name="shop-client")
    _as_first_scheme(out)
    generated = generate(spec, out, name="shop-client")
    manifest = _manifest(out)
    assert manifest["naming"]["scheme"] == 2
    surface = _surface(out)
    assert surface["GET /orders/{orderId}/items"] == "orders.items.list"
    aliases = {
        f"{op['method']} {op['path']}": [(a["resource"], a["name"]) for a in op["aliases"]]
        for op in manifest["operations"]
    }
    assert aliases == {key: [former] for key, former in FORMER.items()}

    assert generated.report is not None
    by_rule: dict[str, int] = {}
    for change in generated.report.changes:
        by_rule[change.id] = by_rule.get(change.id, 0) + 1
    assert by_rule.get("client-method-deprecated") == len(FORMER)
    assert by_rule.get("client-method-added") == len(FORMER)
    assert not {"client-method-removed", "client-method-renamed", "client-method-moved"} & set(
        by_rule
    )
    assert generated.report.bump != "major"

    sent: list[tuple[str, str]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append((request.method, request.url.path))
        return httpx.Response(200, json={})

    project = GeneratedClient(cast(Any, "shop"), out, "shop_client", manifest)
    with imported({cast(Any, "shop"): project}) as packages:
        module = packages[cast(Any, "shop")].module
        http = httpx.Client(transport=httpx.MockTransport(handler))
        client = module.Client(base_url="https://api.example.test", http_client=http)
        with pytest.warns(DeprecationWarning, match="items.list"):
            client.orders.get_orders_by_order_id_items("o1")
        with pytest.warns(DeprecationWarning, match="orders.retrieve"):
            client.orders.get_orders_by_order_id(order_id="o2")
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # the new names do not warn
            client.orders.items.list("o3")
            resource_of(client, "orders").retrieve("o4")
    assert sent == [
        ("GET", "/orders/o1/items"),
        ("GET", "/orders/o2"),
        ("GET", "/orders/o3/items"),
        ("GET", "/orders/o4"),
    ]

    # the next regeneration keeps the aliases (pinned from the manifest), still deprecated
    again = generate(_write(tmp_path, DOCUMENT), out, name="shop-client")
    assert not again.changed_files
    assert _manifest(out)["operations"][0]["aliases"] == [
        {"resource": "orders", "name": "get_orders"}
    ]


def test_override_and_pin_conflict_is_settled_by_the_override(tmp_path: Path) -> None:
    out = tmp_path / "out"
    spec = _write(tmp_path, DOCUMENT)
    generate(spec, out, name="shop-client")
    generate(spec, out, name="shop-client", overrides=parse_names(NAMES, "t"))
    assert _surface(out)["PUT /orders/{orderId}"] == "orders.replace"
    assert _surface(out)["DELETE /orders/{orderId}/items/{itemId}"] == "orders.line_items.delete"


def test_overrides_are_checked_before_anything_is_written(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with pytest.raises(UsageError, match="matches no operation"):
        generate(
            _write(tmp_path, DOCUMENT),
            out,
            name="shop-client",
            overrides=parse_names({"GET /x": "a.b"}, "t"),
        )
    assert not out.exists()
