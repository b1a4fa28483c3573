"""What generated code declares about each operation, once per operation at import time."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    import httpx

T = TypeVar("T")

# A type as generated code names it: the type itself, a `Lazy` one, or None for "no body".
TypeSpec = Any
_STYLES = {"path": "simple", "query": "form", "header": "simple", "cookie": "form"}


@dataclass(frozen=True)
class SecurityScheme:
    kind: str  # api_key, sigv4, cognito, lambda, jwt, bearer, oauth2, basic
    location: str  # header, query, cookie
    name: str
    prefix: str = ""  # "Bearer " for JWT authorizers and bearer schemes


@dataclass(frozen=True)
class Param:
    """One parameter: wire name, location and serialisation style (OpenAPI ``style`` /
    ``explode``; by default ``simple`` in path and header, ``form`` in query and cookie)."""

    name: str
    location: str  # path, query, header, cookie
    style: str = ""
    explode: bool | None = None
    greedy: bool = False  # API Gateway {proxy+}: the value may span path segments
    nullable: bool = False  # None is a value (sent empty) rather than "not given"
    deprecated: bool = False
    # where the call's values hold this one: the name, unless a parameter of another location
    # has that name too (then "<location>:<name>")
    key: str = ""

    def __post_init__(self) -> None:
        if not self.style:
            object.__setattr__(self, "style", _STYLES.get(self.location, "form"))
        if self.explode is None:
            object.__setattr__(self, "explode", self.style == "form")
        if not self.key:
            object.__setattr__(self, "key", self.name)


@dataclass(frozen=True)
class Encoding:
    """How one property of a form or multipart body is sent (OpenAPI encoding object)."""

    content_type: str | None = None
    style: str = "form"
    explode: bool = True


@dataclass(frozen=True)
class Pagination:
    """Where an operation's next page comes from.

    ``kind``: ``token`` / ``cursor`` (the response's next value goes into a request
    parameter), ``key`` (likewise, an object such as DynamoDB's ``LastEvaluatedKey`` sent as
    JSON text), ``page`` (the page number goes up by one), ``offset`` (the offset goes up by the
    number of items read), ``url`` (the response holds the next page's URL: its query string is
    sent on the operation's own path).
    """

    kind: str
    param: str | None  # the values key of the parameter it sets (None for ``url``)
    items: tuple[str, ...]  # response members down to the items; () when the body is the list
    next: tuple[str, ...] = ()  # response members down to the next token, key or URL
    start: int = 1  # the first page number (``page``)


@dataclass(frozen=True)
class Operation(Generic[T]):
    """Static description of one operation; ``T`` is what its method returns."""

    method: str
    path: str
    params: tuple[Param, ...] = ()
    body_kind: str | None = None  # json, form, multipart, binary, text
    body_media_type: str | None = None
    body_encoding: Mapping[str, Encoding] = field(default_factory=dict)
    # status -> type of the 2xx body (see `TypeSpec`)
    success: Mapping[str, TypeSpec] = field(default_factory=dict)
    errors: Mapping[str, TypeSpec] = field(default_factory=dict)  # status -> error body type
    returns: TypeSpec = None  # what the method returns (for 2xx statuses not declared)
    returns_any: bool = False
    security: tuple[tuple[str, ...], ...] = ()
    accept: str | None = None  # media types of the documented responses, for ``Accept``
    deprecated: str | None = None  # the warning, for a deprecated operation
    pagination: Pagination | None = None
    # the object model a body given as keyword arguments builds (see `body_from_fields`)
    body_model: TypeSpec = None
    has_path_params: bool = field(init=False, default=False, compare=False)
    deprecated_params: tuple[Param, ...] = field(init=False, default=(), compare=False)
    # status -> the type of its 2xx body, filled by `_response` as statuses are answered
    resolved_types: dict[int, Any] = field(
        init=False, default_factory=dict, compare=False, repr=False
    )
    # base URL -> the parsed ``httpx.URL`` of an operation without path parameters (`_request`)
    urls: dict[str, httpx.URL] = field(init=False, default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "has_path_params", any(p.location == "path" for p in self.params))
        deprecated = tuple(p for p in self.params if p.deprecated)
        object.__setattr__(self, "deprecated_params", deprecated)


class Lazy:
    """A type whose models load on first use: ``Lazy(lambda: list[models.Pet])``, so that a
    module of operations does not import every model it mentions."""

    __slots__ = ("_resolve", "_type")

    def __init__(self, resolve: Callable[[], Any]) -> None:
        self._resolve: Callable[[], Any] | None = resolve
        self._type: Any = None

    def get(self) -> Any:
        resolve = self._resolve
        if resolve is not None:  # set the type before dropping the function: thread-safe
            self._type = resolve()
            self._resolve = None
        return self._type


def resolve_type(spec: TypeSpec) -> Any:
    return spec.get() if isinstance(spec, Lazy) else spec
