"""Documentation a consumer reads: model and member descriptions, method docstrings.

A model's description is its class docstring; each described member has it as an attribute
docstring right after the member (what editors show on hover). A method's docstring starts
with its HTTP method and path, then the operation's description, then ``Args:`` with the
description of each parameter, of each property of an object body and of the body. Types are in the signature (its return
annotation is the success type; error bodies come with the raised errors), not repeated in
the docstring as openapi-python-client does.
"""

from __future__ import annotations

import ast
import inspect
from collections.abc import Iterator

import pytest

from tests.support.inline import Client, generated_client

DOCUMENT = """
tags:
  - name: service1
paths:
  "/simple":
    get:
      operationId: getSimpleThing
      description: Get a simple thing.
      tags: [service1]
      responses:
        "200":
          description: Success!
          content:
            application/json:
              schema: {$ref: "#/components/schemas/GoodResponse"}
    post:
      operationId: postSimpleThing
      description: Post a simple thing.
      tags: [service1]
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Thing"}
      responses:
        "200":
          description: Success!
          content:
            application/json:
              schema: {$ref: "#/components/schemas/GoodResponse"}
        "400":
          description: Failure!!
          content:
            application/json:
              schema: {$ref: "#/components/schemas/ErrorResponse"}
  "/simple/{id}/{index}":
    get:
      operationId: getAttributeByIndex
      description: Get a simple thing's attribute.
      tags: [service1]
      parameters:
        - name: id
          in: path
          required: true
          description: Which one.
          schema: {type: string}
        - name: index
          in: path
          required: true
          schema: {type: integer}
        - name: fries
          in: query
          required: false
          description: Do you want fries with that?
          schema: {type: boolean}
      responses:
        "200":
          description: Success!
          content:
            application/json:
              schema: {$ref: "#/components/schemas/GoodResponse"}
components:
  schemas:
    MyModel:
      description: I like this type.
      type: object
      properties:
        reqStr:
          type: string
          description: This is necessary.
        optStr:
          type: string
          description: This isn't necessary.
        undescribedProp:
          type: string
      required: [reqStr, undescribedProp]
    GoodResponse:
      type: object
      properties:
        ok: {type: boolean}
    ErrorResponse:
      type: object
      properties:
        message: {type: string}
    Thing:
      type: object
      description: The thing.
      properties:
        name: {type: string}
"""


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    tmp = tmp_path_factory.mktemp("docstrings")
    with generated_client(tmp, DOCUMENT, name="opc_docstrings") as c:
        yield c


@pytest.fixture(scope="module")
def service(client: Client) -> type:
    resource: type = client.submodule("resources.service_1").Service1Resource
    return resource


def attribute_docstrings(cls: type) -> dict[str, str | None]:
    """Each member of a class and the docstring written right after it (None: none)."""
    (node,) = ast.parse(inspect.getsource(cls)).body
    assert isinstance(node, ast.ClassDef)
    found: dict[str, str | None] = {}
    body = node.body
    for index, statement in enumerate(body):
        if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
            after = body[index + 1] if index + 1 < len(body) else None
            text = None
            if isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant):
                text = after.value.value
            found[statement.target.id] = text
    return found


def args_section(doc: str) -> list[str]:
    lines = [line.strip() for line in inspect.cleandoc(doc).splitlines()]
    start = lines.index("Args:") + 1
    end = lines.index("", start) if "" in lines[start:] else len(lines)
    return lines[start:end]


def test_model_description(client: Client) -> None:
    assert client.model("MyModel").__doc__ == "I like this type."


def test_member_descriptions(client: Client) -> None:
    assert attribute_docstrings(client.model("MyModel")) == {
        "reqStr": "This is necessary.",
        "optStr": "This isn't necessary.",
        "undescribedProp": None,
    }


def test_method_description(service: type) -> None:
    lines = inspect.cleandoc(service.get_simple_thing.__doc__ or "").splitlines()
    assert lines[:3] == ["GET /simple", "", "Get a simple thing."]


def test_return_type(client: Client, service: type) -> None:
    assert inspect.signature(service.get_simple_thing).return_annotation == "GoodResponse"
    # an error response is not a return type: it is raised, with its body parsed
    assert inspect.signature(service.post_simple_thing).return_annotation == "GoodResponse"
    post = client.outcome.operation("POST", "/simple")
    assert (post["returns"], post["errors"]) == ("GoodResponse", {"400": "ErrorResponse"})


def test_request_body(service: type) -> None:
    """An object body's properties are arguments, listed first; ``body`` (the whole body, the
    schema's description) is accepted instead of them."""
    assert args_section(service.post_simple_thing.__doc__ or "") == [
        "name: body property 'name'",
        "body: The thing. (instead of the arguments above)",
    ]
    parameters = inspect.signature(service.post_simple_thing).parameters
    assert parameters["name"].annotation == "str | NotGiven"
    assert parameters["body"].annotation == "Thing | Mapping[str, Any] | NotGiven"


def test_parameters(service: type) -> None:
    assert args_section(service.get_attribute_by_index.__doc__ or "") == [
        "id: Which one.",
        "index: path parameter 'index'",
        "fries: Do you want fries with that?",
    ]
