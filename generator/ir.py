"""The intermediate representation: what the renderer needs, with every Python name decided.

Plain immutable data. Built from a normalized OpenAPI 3 document by ``generator.parse``;
read by the renderer, the manifest writer and the diff engine. Nothing downstream reads the
raw document again, except the model renderer, which hands ``Api.model_schemas`` (already
renamed to the final class names) to datamodel-code-generator.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from generator.spec.diagnostics import Diagnostic

Location = Literal["path", "query", "header", "cookie"]
BodyKind = Literal["json", "form", "multipart", "binary", "text"]
AuthKind = Literal["api_key", "sigv4", "cognito", "lambda", "jwt", "bearer", "oauth2", "basic"]


@dataclass(frozen=True)
class TypeRef:
    """A Python type expression and the model classes it mentions."""

    annotation: str
    models: tuple[str, ...] = ()

    @property
    def is_any(self) -> bool:
        return self.annotation == "Any"


ANY = TypeRef("Any")
NONE = TypeRef("None")


@dataclass(frozen=True)
class Parameter:
    wire_name: str
    python_name: str
    location: Location
    required: bool
    type: TypeRef  # without "| None": see ``nullable``
    description: str | None = None
    explode: bool = True
    greedy: bool = False
    deprecated: bool = False
    # OpenAPI style; "" means the location's default (path/header: simple, query/cookie: form)
    style: str = ""
    nullable: bool = False  # the schema allows null: None is a value, sent empty


@dataclass(frozen=True)
class BodyEncoding:
    """An OpenAPI encoding object: how one property of a form or multipart body is sent."""

    content_type: str | None = None
    style: str = "form"
    explode: bool = True


@dataclass(frozen=True)
class Body:
    python_name: str
    required: bool
    media_type: str
    kind: BodyKind
    type: TypeRef
    description: str | None = None
    # property wire name -> encoding, for form and multipart bodies that declare one
    encoding: tuple[tuple[str, BodyEncoding], ...] = ()


@dataclass(frozen=True)
class Response:
    status: str  # "200", "4XX", "default"
    description: str | None
    media_type: str | None
    type: TypeRef | None  # None: no body


@dataclass(frozen=True)
class SecurityScheme:
    key: str  # the scheme's name in the document
    kind: AuthKind
    location: Location  # where the credential goes
    wire_name: str  # header / query / cookie name
    prefix: str  # e.g. "Bearer " for JWT authorizers
    description: str | None = None


PaginationKind = Literal["token", "cursor", "page", "key"]


@dataclass(frozen=True)
class Pagination:
    """How an operation's results continue on the next page (see ``generator.pagination``)."""

    kind: PaginationKind
    request_param: str  # wire name of the parameter carrying the token, cursor or page number
    items_field: str  # wire name of the response property holding the page's items
    next_field: str | None  # wire name of the response property holding the next token/key
    item_type: TypeRef = field(default_factory=lambda: ANY)  # one item's type


@dataclass(frozen=True)
class Operation:
    operation_id: str
    python_name: str
    method: str  # upper case; "ANY" for API Gateway's any-method
    path: str  # URL template with plain {name} variables
    document_path: str  # the path as written in the document (may hold {proxy+})
    resource: str
    summary: str | None
    description: str | None
    deprecated: bool
    parameters: tuple[Parameter, ...]
    body: Body | None
    success: tuple[Response, ...]
    errors: tuple[Response, ...]
    returns: TypeRef
    security: tuple[tuple[str, ...], ...]  # alternatives, each a set of scheme keys
    pointer: str
    pagination: Pagination | None = None

    @property
    def signature_parameters(self) -> tuple[Parameter, ...]:
        """Parameters in the order the method signature lists them: required first."""
        return tuple(sorted(self.parameters, key=lambda p: not p.required))


@dataclass(frozen=True)
class Resource:
    python_name: str  # attribute on the client: client.<python_name>
    class_name: str  # e.g. OrdersResource; the async twin is Async<class_name>
    module: str  # module name under resources/
    operations: tuple[Operation, ...]


@dataclass(frozen=True)
class Server:
    url: str  # with variables substituted by their defaults
    stage: str | None  # the stage part of the URL, when it can be told
    stage_template: str | None  # url with "{stage}" where the stage goes


@dataclass(frozen=True)
class Model:
    class_name: str
    schema_name: str | None  # key in components.schemas, None for hoisted inline schemas
    pointer: str


# Omission codes after which a value is typed ``Any`` (its schema is degraded to untyped); the
# other omissions drop a keyword (a default, a pattern), a parameter or a security scheme.
UNTYPED_OMISSIONS = frozenset({"invalid-enum", "unresolved-ref", "recursive-ref", "remote-ref"})


@dataclass(frozen=True)
class Api:
    title: str
    version: str
    description: str | None
    servers: tuple[Server, ...]
    security_schemes: tuple[SecurityScheme, ...]
    resources: tuple[Resource, ...]
    models: tuple[Model, ...]
    # Schemas for datamodel-code-generator, keyed by final class name, refs rewritten to match.
    model_schemas: dict[str, Any] = field(compare=False, hash=False)
    omissions: tuple[Diagnostic, ...] = ()
    notes: tuple[Diagnostic, ...] = ()

    @property
    def operations(self) -> tuple[Operation, ...]:
        return tuple(op for resource in self.resources for op in resource.operations)

    def scheme(self, key: str) -> SecurityScheme | None:
        return next((s for s in self.security_schemes if s.key == key), None)

    @property
    def auth_kinds(self) -> frozenset[str]:
        used = {key for op in self.operations for alt in op.security for key in alt}
        return frozenset(s.kind for s in self.security_schemes if s.key in used)
