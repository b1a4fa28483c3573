"""The generated client's surface: renames that break consumers while the wire stays the same."""

from __future__ import annotations

from tests.diff_cases.builders import Doc, compare, find, ids, json_body, one, op

S: Doc = {"type": "string"}
ORDER: Doc = {"type": "object", "properties": {"id": S, "total": {"type": "number"}}}


def _get_order(operation_id: str = "getOrder", **extra: object) -> Doc:
    fields: dict[str, object] = {"tags": ["orders"], **extra}
    return op(operationId=operation_id, **fields)


def test_operation_id_rename_renames_the_method_and_is_breaking() -> None:
    report = compare(
        one(_get_order(), path="/orders/{orderId}"),
        one(_get_order("fetchOrder"), path="/orders/{orderId}"),
    )
    [renamed] = find(report, "client-method-renamed")
    assert renamed.level == "breaking"
    assert renamed.operation == "GET /orders/{orderId}"
    assert renamed.text == "client.orders.get renamed to client.orders.fetch"
    assert ids(report) == {"client-method-renamed", "operation-id-changed"}
    assert find(report, "operation-id-changed")[0].level == "info"
    assert report.bump == "major"


def test_an_operation_id_change_that_keeps_the_python_name_is_documentation() -> None:
    report = compare(one(_get_order("getOrder")), one(_get_order("GetOrder")))
    assert ids(report) == {"operation-id-changed"}
    assert report.bump == "patch"


def test_a_wire_rename_that_changes_the_python_argument_is_breaking() -> None:
    def doc(name: str) -> Doc:
        param = {"name": name, "in": "query", "schema": {"type": "integer"}}
        return one(op(operationId="listOrders", parameters=[param]), path="/orders")

    report = compare(doc("limit"), doc("maxItems"))
    [renamed] = find(report, "client-argument-renamed")
    assert renamed.level == "breaking"
    assert renamed.text == "client.orders.list: argument 'limit' renamed to 'max_items'"
    assert ids(report) == {
        "client-argument-renamed",
        "request-parameter-removed",
        "request-parameter-added-optional",
    }


def test_a_wire_rename_that_keeps_the_python_argument_is_only_a_wire_change() -> None:
    def doc(name: str) -> Doc:
        param = {"name": name, "in": "header", "schema": S}
        return one(op(operationId="listOrders", parameters=[param]), path="/orders")

    report = compare(doc("order-id"), doc("order_id"))
    assert ids(report) == {"request-parameter-removed", "request-parameter-added-optional"}


def test_an_argument_of_another_type_is_removed_not_renamed() -> None:
    def doc(param: Doc) -> Doc:
        return one(op(operationId="listOrders", parameters=[param]), path="/orders")

    report = compare(
        doc({"name": "limit", "in": "query", "schema": {"type": "integer"}}),
        doc({"name": "cursor", "in": "query", "schema": S}),
    )
    assert [c.text for c in find(report, "client-argument-removed")] == [
        "client.orders.list: argument 'limit' removed"
    ]
    assert find(report, "client-argument-renamed") == []


def test_a_path_parameter_rename_renames_the_argument() -> None:
    report = compare(
        one(_get_order(), path="/orders/{id}"), one(_get_order(), path="/orders/{orderId}")
    )
    [renamed] = find(report, "client-argument-renamed")
    assert renamed.text == "client.orders.get: argument 'id' renamed to 'order_id'"


def test_a_path_parameter_rename_keeps_a_rest_method_name() -> None:
    report = compare(one(op(), path="/orders/{id}"), one(op(), path="/orders/{orderId}"))
    assert find(report, "client-method-renamed") == []  # client.orders.retrieve both times
    [renamed] = find(report, "client-argument-renamed")
    assert renamed.text == "client.orders.retrieve: argument 'id' renamed to 'order_id'"


def test_a_resource_renamed_as_a_whole_is_one_change() -> None:
    def doc(tag: str) -> Doc:  # an operationId naming no resource: the method stays
        return one(_get_order("retrieve", tags=[tag]), path="/orders/{orderId}")

    report = compare(doc("orders"), doc("purchases"))
    assert [(c.id, c.operation, c.text) for c in report.changes if c.id.startswith("client")] == [
        ("client-resource-renamed", None, "resource client.orders renamed to client.purchases")
    ]


def _returns(schema: Doc, **schemas: Doc) -> Doc:
    response = {"200": {"description": "OK", **json_body(schema)}}
    return one(_get_order(responses=response), path="/orders/{orderId}", schemas=schemas or None)


REF = {"$ref": "#/components/schemas/Order"}


def test_extracting_an_inline_schema_into_a_component_changes_nothing() -> None:
    assert compare(_returns(ORDER), _returns(REF, Order=ORDER)).changes == []


def test_inlining_a_component_that_stays_defined_changes_nothing() -> None:
    assert compare(_returns(REF, Order=ORDER), _returns(ORDER, Order=ORDER)).changes == []


def test_inlining_a_component_that_is_deleted_removes_a_named_model() -> None:
    report = compare(_returns(REF, Order=ORDER), _returns(ORDER))
    assert [(c.id, c.level, c.text) for c in report.changes] == [
        (
            "client-model-removed",
            "breaking",
            "model class Order (schema 'Order') removed from models",
        )
    ]


def test_inlining_a_component_into_a_model_that_names_its_class_alike_changes_nothing() -> None:
    # Order.shipping written in place is the class OrderShipping, as the component was
    shipping: Doc = {"type": "object", "properties": {"city": S}}
    old = _returns(
        REF,
        Order={"type": "object", "properties": {"shipping": {"$ref": "#/components/schemas/X"}}},
        X=shipping,
    )
    old["components"]["schemas"] = {
        "Order": {
            "type": "object",
            "properties": {"shipping": {"$ref": "#/components/schemas/OrderShipping"}},
        },
        "OrderShipping": shipping,
    }
    new = _returns(REF, Order={"type": "object", "properties": {"shipping": shipping}})
    assert compare(old, new).changes == []


def test_renaming_a_component_renames_its_model() -> None:
    report = compare(
        _returns(REF, Order=ORDER),
        _returns({"$ref": "#/components/schemas/Purchase"}, Purchase=ORDER),
    )
    assert [(c.id, c.text) for c in report.changes] == [
        ("client-model-renamed", "model class Order renamed to Purchase"),
        (
            "client-return-type-changed",
            "client.orders.get now returns Purchase instead of Order",
        ),
    ]


def test_returning_a_model_where_json_was_returned_is_breaking() -> None:
    report = compare(one(_get_order(), path="/orders/{orderId}"), _returns(ORDER))
    [change] = find(report, "client-return-type-changed")
    assert change.level == "breaking"
    assert change.text == "client.orders.get now returns GetOrderResponse instead of Any"


def test_a_return_type_may_narrow_but_not_widen() -> None:
    nullable = {**ORDER, "nullable": True}
    narrowed = compare(_returns(nullable), _returns(ORDER))
    assert find(narrowed, "client-return-type-changed") == []
    widened = compare(_returns(ORDER), _returns(nullable))
    assert find(widened, "client-return-type-changed") != []


def test_a_body_type_may_widen_but_not_narrow() -> None:
    def doc(schema: Doc) -> Doc:
        return one(
            op(operationId="createOrder", requestBody=json_body(schema)),
            method="post",
            path="/orders",
        )

    nullable = {**ORDER, "nullable": True}
    assert find(compare(doc(ORDER), doc(nullable)), "client-body-type-changed") == []
    assert find(compare(doc(nullable), doc(ORDER)), "client-body-type-changed") != []
    listed = compare(doc(ORDER), doc({"type": "array", "items": ORDER}))
    [change] = find(listed, "client-body-type-changed")
    assert "list[CreateOrderRequestItem]" in change.text
