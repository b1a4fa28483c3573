"""The intermediate representation: what the renderer needs, with every Python name decided.

Plain immutable data. Built from a normalized OpenAPI 3 document by ``generator.builder``;
read by the renderer, the manifest writer and the diff engine. Nothing downstream reads the
raw document again: operations and models (every class, field, type, default and
constraint) are decided here.
"""

from __future__ import annotations

from collections.abc import Mapping
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
    pointer: str = ""  # where the parameter object is (after its reference)
    # Where generated code puts the value for the runtime: the wire name, unless another
    # location of the operation has a parameter of that name too (then "<location>:<name>").
    key: str = ""

    @property
    def value_key(self) -> str:
        return self.key or self.wire_name


@dataclass(frozen=True)
class BodyEncoding:
    """An OpenAPI encoding object: how one property of a form or multipart body is sent."""

    content_type: str | None = None
    style: str = "form"
    explode: bool = True


@dataclass(frozen=True)
class BodyArgument:
    """A property of a JSON object body, taken as a keyword argument of the method."""

    wire_name: str
    python_name: str
    type: Type  # nullability included (a union with NoneType)
    required: bool
    description: str | None = None
    deprecated: bool = False


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
    # every media type declared, as written (``media_type`` is the one the client sends)
    media_types: tuple[str, ...] = ()
    pointer: str = ""  # where the request body object is (after its reference)
    # a JSON object body's properties as keyword arguments (``body=`` still takes the whole
    # value); empty when the body is not one object model
    arguments: tuple[BodyArgument, ...] = ()
    model: str | None = None  # the object model ``arguments`` build

    @property
    def required_arguments(self) -> tuple[BodyArgument, ...]:
        return tuple(a for a in self.arguments if a.required)


@dataclass(frozen=True)
class Response:
    status: str  # "200", "4XX", "default"
    description: str | None
    media_type: str | None  # the one the client reads
    type: TypeRef | None  # None: no body
    media_types: tuple[str, ...] = ()  # every media type declared, as written
    pointer: str = ""  # where the response object is (after its reference)


@dataclass(frozen=True)
class SecurityScheme:
    key: str  # the scheme's name in the document
    kind: AuthKind
    location: Location  # where the credential goes
    wire_name: str  # header / query / cookie name
    prefix: str  # e.g. "Bearer " for JWT authorizers
    description: str | None = None


@dataclass(frozen=True)
class SecurityRequirement:
    """One alternative of a security requirement: schemes required together (known ones
    only), each with the scopes it asks for."""

    schemes: tuple[tuple[str, tuple[str, ...]], ...]  # (scheme key, scopes), as written

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(key for key, _ in self.schemes)


def scheme_keys(requirements: tuple[SecurityRequirement, ...]) -> tuple[tuple[str, ...], ...]:
    """The alternatives as the client sees them: scheme keys, each set once."""
    return tuple(dict.fromkeys(r.keys for r in requirements))


PaginationKind = Literal["token", "cursor", "key", "page", "offset", "url"]


@dataclass(frozen=True)
class Pagination:
    """How an operation's results continue on the next page (see
    ``generator.builder.pagination``).

    ``token``, ``cursor``, ``key``: the response's ``next_path`` value goes into the request
    parameter (a ``key`` object as JSON text); ``page``: the page number goes up by one;
    ``offset``: the offset goes up by the number of items read; ``url``: the response's
    ``next_path`` is the URL of the next page (its query string is sent, on the same path).
    """

    kind: PaginationKind
    request_key: str | None  # the parameter's value key (`Parameter.value_key`); None for url
    items_path: tuple[str, ...]  # wire names down to the page's items; () when it is the body
    next_path: tuple[str, ...]  # wire names down to the next token, key or URL
    item_type: TypeRef = field(default_factory=lambda: ANY)  # one item's type
    start: int = 1  # the first page number (page), unused otherwise
    declared: bool = False  # from the configuration rather than detected


@dataclass(frozen=True)
class Alias:
    """A former name of an operation's method, kept working (deprecated) after a rename: on
    the resource ``resource`` (a dotted path), calling ``name`` calls ``target``."""

    resource: str
    name: str
    target: Operation


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
    parameters: tuple[Parameter, ...]  # the method's arguments (the parameters it sends)
    # declared parameters the client does not send: headers OpenAPI says to ignore
    # (Accept, Content-Type, Authorization), a second parameter of one name
    unsent: tuple[Parameter, ...]
    body: Body | None
    success: tuple[Response, ...]
    errors: tuple[Response, ...]
    returns: TypeRef
    requirements: tuple[SecurityRequirement, ...]  # its own, else the document's
    pointer: str
    pagination: Pagination | None = None
    # the module constant (``Operation[T]``) that describes the operation to the runtime
    constant: str = ""
    given_operation_id: str | None = None  # the document's own (None: it gives none)

    @property
    def resource_path(self) -> tuple[str, ...]:
        """``("orders", "items")`` for ``client.orders.items``."""
        return tuple(self.resource.split("."))

    @property
    def path_parameters(self) -> tuple[Parameter, ...]:
        """Path parameters in path order: the method takes them positionally too."""
        return tuple(p for p in self.parameters if p.location == "path")

    @property
    def security(self) -> tuple[tuple[str, ...], ...]:
        """The alternatives of :attr:`requirements`, each a set of scheme keys."""
        return scheme_keys(self.requirements)

    @property
    def signature_parameters(self) -> tuple[Parameter, ...]:
        """Parameters in the order the method signature lists them: required first."""
        return tuple(sorted(self.parameters, key=lambda p: not p.required))


@dataclass(frozen=True)
class Resource:
    python_name: str  # attribute on its parent (the client or a resource)
    class_name: str  # e.g. OrdersResource; the async twin is Async<class_name>
    module: str  # module name under resources/
    operations: tuple[Operation, ...]
    path: tuple[str, ...] = ()  # ("orders", "items") for client.orders.items; () = (python_name,)
    children: tuple[str, ...] = ()  # dotted paths of the resources nested in this one
    aliases: tuple[Alias, ...] = ()  # former method names kept on this resource (deprecated)

    @property
    def dotted(self) -> str:
        return ".".join(self.path or (self.python_name,))

    @property
    def is_top_level(self) -> bool:
        return len(self.path) <= 1


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


def all_fields(models: Mapping[str, Model], model: Model) -> list[Field]:
    """Every field of a model, inherited ones first (a redefinition replaces its base's)."""
    found: dict[str, Field] = {}
    for base_name in model.bases:
        base = models.get(base_name)
        if base is not None:
            for item in all_fields(models, base):
                found.setdefault(item.wire_name, item)
    for item in model.fields:
        found[item.wire_name] = item
    return list(found.values())


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
    # the document's security requirement (operations without their own inherit it)
    requirements: tuple[SecurityRequirement, ...] = ()
    # components.schemas key -> class name, for every named schema (named before any is built)
    schema_classes: tuple[tuple[str, str], ...] = ()
    # False: built for comparing (``build_api(..., models=False)``): operations and names are
    # decided, but only the models naming operation types needed are built; not renderable
    complete: bool = True
    naming_scheme: int = 2  # how method and resource names are made (see builder.names)

    @property
    def operations(self) -> tuple[Operation, ...]:
        return tuple(op for resource in self.resources for op in resource.operations)

    @property
    def aliases(self) -> tuple[Alias, ...]:
        return tuple(alias for resource in self.resources for alias in resource.aliases)

    def resource(self, dotted: str) -> Resource | None:
        return next((r for r in self.resources if r.dotted == dotted), None)

    @property
    def top_level_resources(self) -> tuple[Resource, ...]:
        return tuple(r for r in self.resources if r.is_top_level)

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
