"""The intermediate representation: what the renderer needs, with every Python name decided.

Plain immutable data. Built from a normalized OpenAPI 3 document by ``generator.builder``;
read by the renderer, the manifest writer and the diff engine. Nothing downstream reads the
raw document again: operations and models (every class, field, type, default and
constraint) are decided here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, TypeAlias

from generator.spec.diagnostics import Diagnostic

Location = Literal["path", "query", "header", "cookie"]
BodyKind = Literal["json", "form", "multipart", "binary", "text"]
AuthKind = Literal["api_key", "sigv4", "cognito", "lambda", "jwt", "bearer", "oauth2", "basic"]


@dataclass(frozen=True)
class TypeRef:
    """A Python type expression and the model classes it mentions (``expr``: the same type
    as a tree, when it comes from a schema)."""

    annotation: str
    models: tuple[str, ...] = ()
    expr: Type | None = field(default=None, compare=False, hash=False, repr=False)

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


# -- types and models -----------------------------------------------------------------------

JsonScalar: TypeAlias = str | int | float | bool | None
ScalarKind = Literal["str", "int", "float", "bool", "bytes", "date", "datetime", "time", "uuid"]


@dataclass(frozen=True)
class Constraints:
    """Value constraints of a schema (checked on what a client sends, not on what it reads)."""

    pattern: str | None = None
    min_length: int | None = None  # minLength, minItems, minProperties
    max_length: int | None = None
    minimum: int | float | None = None
    maximum: int | float | None = None
    exclusive_minimum: int | float | None = None
    exclusive_maximum: int | float | None = None
    multiple_of: int | float | None = None
    unique: bool = False  # uniqueItems
    aware: bool = False  # a date-time must carry its UTC offset

    def __bool__(self) -> bool:
        return self != NO_CONSTRAINTS


NO_CONSTRAINTS = Constraints()


@dataclass(frozen=True)
class AnyType:
    """Any JSON value (the schema says nothing usable, or could not be typed)."""


@dataclass(frozen=True)
class NoneType:
    """JSON ``null``: a member of the union of a nullable type."""


@dataclass(frozen=True)
class ScalarType:
    kind: ScalarKind
    constraints: Constraints = NO_CONSTRAINTS


@dataclass(frozen=True)
class LiteralType:
    """An enum written inline (or a ``const``): one of these values."""

    values: tuple[JsonScalar, ...]


@dataclass(frozen=True)
class ModelType:
    """A model class of the API (an object model, an enum or a root model)."""

    name: str


@dataclass(frozen=True)
class ListType:
    item: Type
    constraints: Constraints = NO_CONSTRAINTS


@dataclass(frozen=True)
class MapType:
    """An object with any member names, each value of ``value``."""

    value: Type
    constraints: Constraints = NO_CONSTRAINTS


@dataclass(frozen=True)
class Discriminator:
    """The property telling the members of a union apart, and which value names which class."""

    wire_name: str
    python_name: str
    tags: tuple[tuple[str, str], ...]  # (value, class name), in document order


@dataclass(frozen=True)
class UnionType:
    members: tuple[Type, ...]  # at least two; NoneType last when nullable
    discriminator: Discriminator | None = None


Type: TypeAlias = (
    AnyType | NoneType | ScalarType | LiteralType | ModelType | ListType | MapType | UnionType
)
ANY_TYPE = AnyType()
NONE_TYPE = NoneType()


@dataclass(frozen=True)
class Field:
    """A property of an object model."""

    wire_name: str  # the name in the document (the alias)
    python_name: str
    type: Type  # nullability included (a union with NoneType)
    required: bool
    pointer: str
    default: object = field(default=None, hash=False)  # a JSON value
    has_default: bool = False  # ``default`` above is the document's default
    description: str | None = None
    deprecated: bool = False
    read_only: bool = False  # sent by the server only: never required in (nor sent with) requests
    write_only: bool = False  # sent by the client only: never required in responses

    @property
    def nullable(self) -> bool:
        if isinstance(self.type, NoneType):
            return True  # ``type: "null"``: null is its only value
        return isinstance(self.type, UnionType) and NONE_TYPE in self.type.members


@dataclass(frozen=True)
class EnumMember:
    name: str
    value: str | int


ModelKind = Literal["object", "enum", "root"]


@dataclass(frozen=True)
class Model:
    """A class of the generated ``models``: an object model (``fields``, ``bases``, typed
    ``extras``), an enum (``members``) or a root model (``root``: an array, a scalar, a union...).
    """

    class_name: str
    schema_name: str | None  # key in components.schemas, None for hoisted inline schemas
    pointer: str
    kind: ModelKind = "object"
    description: str | None = None
    deprecated: bool = False
    bases: tuple[str, ...] = ()  # object models this one extends (allOf)
    fields: tuple[Field, ...] = ()  # its own, and inherited ones it redefines
    extras: Type | None = None  # the type of members beyond ``fields`` (additionalProperties)
    members: tuple[EnumMember, ...] = ()
    root: Type | None = None

    def references(self) -> set[str]:
        """Every model class this one's definition names."""
        found = set(self.bases)
        for item in self.fields:
            found |= model_names(item.type)
        for extra in (self.extras, self.root):
            if extra is not None:
                found |= model_names(extra)
        return found


def model_names(type_: Type) -> set[str]:
    """The model classes a type mentions."""
    found: set[str] = set()
    stack: list[Type] = [type_]
    while stack:
        item = stack.pop()
        if isinstance(item, ModelType):
            found.add(item.name)
        elif isinstance(item, ListType):
            stack.append(item.item)
        elif isinstance(item, MapType):
            stack.append(item.value)
        elif isinstance(item, UnionType):
            stack.extend(item.members)
    return found


# Omission codes after which a value is typed ``Any`` (its schema is degraded to untyped); the
# other omissions drop a keyword (a default, a pattern), a parameter or a security scheme.
UNTYPED_OMISSIONS = frozenset(
    {"invalid-enum", "unresolved-ref", "recursive-ref", "remote-ref", "nested-too-deep"}
)


@dataclass(frozen=True)
class Api:
    title: str
    version: str
    description: str | None
    servers: tuple[Server, ...]
    security_schemes: tuple[SecurityScheme, ...]
    resources: tuple[Resource, ...]
    models: tuple[Model, ...]
    omissions: tuple[Diagnostic, ...] = ()
    notes: tuple[Diagnostic, ...] = ()

    @property
    def operations(self) -> tuple[Operation, ...]:
        return tuple(op for resource in self.resources for op in resource.operations)

    def scheme(self, key: str) -> SecurityScheme | None:
        return next((s for s in self.security_schemes if s.key == key), None)

    def model(self, class_name: str) -> Model | None:
        return self.model_index.get(class_name)

    @property
    def model_index(self) -> dict[str, Model]:
        index: dict[str, Model] | None = self.__dict__.get("_model_index")
        if index is None:
            index = {m.class_name: m for m in self.models}
            object.__setattr__(self, "_model_index", index)
        return index

    @property
    def auth_kinds(self) -> frozenset[str]:
        used = {key for op in self.operations for alt in op.security for key in alt}
        return frozenset(s.kind for s in self.security_schemes if s.key in used)
