"""What the models of this client are built on: open enums, send-side constraints, tagged unions.

Hand-written once in sdkgen and copied unchanged into each generated package; the generated
`models` modules import from here. Nothing in this module depends on the API.

Responses are validated with the context ``{"sdkgen_response": True}`` (see `RESPONSE`):

- `Constraints` (pattern, lengths, ranges, multipleOf, UTC offsets) are checked on what the
  client sends, never on what it receives: a server answering ``"providerId": "p-1"`` where the
  document says "a UUID" still gives a typed value. Types and required fields are checked both
  ways.
- An enum value the document does not list becomes an `UnknownEnumValue` (a `str`) in a
  response, so an API that adds a value does not break older clients. In a request, only the
  documented values type-check; sending another one takes an explicit `UnknownEnumValue(...)`.
"""

from __future__ import annotations

import math
import operator
import re
import typing
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, Union

import pydantic
from pydantic import ConfigDict, GetCoreSchemaHandler, ValidationInfo
from pydantic_core import PydanticCustomError, core_schema

from ._types import REQUEST, RESPONSE

__all__ = [
    "READ_ONLY",
    "REQUEST",
    "RESPONSE",
    "BaseModel",
    "Constraints",
    "Discriminated",
    "Open",
    "UnknownEnumValue",
    "is_response",
    "request_body",
    "required_in_responses",
]

# The default of a read-only field that responses must carry: requests never set it.
READ_ONLY: Any = None


def is_response(info: ValidationInfo) -> bool:
    context = info.context
    return isinstance(context, Mapping) and bool(context.get(RESPONSE))


class BaseModel(pydantic.BaseModel):
    """Base of every model: members the document does not declare are kept (``model_extra``),
    fields are filled by their Python name or their name in the document.

    `model_fields_set` tells a member the server left out (not in it) from one it sent as
    ``null`` (in it, value ``None``); a request body sends exactly the fields that were set.
    """

    model_config = ConfigDict(extra="allow", populate_by_name=True)


# -- open enums -----------------------------------------------------------------------------


def _as_text(value: Any) -> Any:
    """An open enum's value as JSON text; any other value as it is. A union serialises a value
    with the first member whose serialiser accepts it, and a string serialiser accepts anything:
    ``Open[Literal["master"]] | Source`` sent a ``Source`` as its ``repr`` text."""
    return str(value) if isinstance(value, str) else value


class UnknownEnumValue(str):
    """An enum value the API sent that its document does not list, kept as text.

    ``isinstance(value, UnknownEnumValue)`` tells it from a documented value.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return f"UnknownEnumValue({str.__repr__(self)})"

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return cls.core_schema()

    @classmethod
    def core_schema(cls) -> core_schema.CoreSchema:
        return core_schema.with_info_plain_validator_function(
            cls._validate, serialization=core_schema.plain_serializer_function_ser_schema(_as_text)
        )

    @classmethod
    def _validate(cls, value: Any, info: ValidationInfo) -> UnknownEnumValue:
        if isinstance(value, UnknownEnumValue):
            return value  # said explicitly
        if isinstance(value, str) and is_response(info):
            return cls(value)
        raise PydanticCustomError("enum", "Input should be one of the documented values")


class _OpenMarker:
    """Validates the documented values first, then (in responses) any other text."""

    __slots__ = ()

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.union_schema(
            [handler(source), UnknownEnumValue.core_schema()], mode="left_to_right"
        )


_OPEN = _OpenMarker()
_T = TypeVar("_T")

if TYPE_CHECKING:
    Open = Union[_T, UnknownEnumValue]  # noqa: UP007 - a generic alias needs Union
    """A documented enum type, or a value the document does not list (in responses)."""
else:

    class Open:
        """``Open[Status]``: ``Status | UnknownEnumValue`` for type checkers; at run time the
        documented values are tried first."""

        def __class_getitem__(cls, item: Any) -> Any:
            return typing.Annotated[item, _OPEN]


# -- constraints checked on what is sent ---------------------------------------------------------

_PATTERNS: dict[str, re.Pattern[str]] = {}


def _compiled(pattern: str) -> re.Pattern[str]:
    compiled = _PATTERNS.get(pattern)
    if compiled is None:
        compiled = _PATTERNS[pattern] = re.compile(pattern)
    return compiled


class Constraints:
    """Value constraints of a schema, checked when the client sends a value (building a model)
    and skipped when it reads a response."""

    __slots__ = (
        "aware",
        "exclusive_maximum",
        "exclusive_minimum",
        "max_length",
        "maximum",
        "min_length",
        "minimum",
        "multiple_of",
        "pattern",
        "unique",
    )

    def __init__(
        self,
        *,
        pattern: str | None = None,
        min_length: int | None = None,
        max_length: int | None = None,
        minimum: float | None = None,
        maximum: float | None = None,
        exclusive_minimum: float | None = None,
        exclusive_maximum: float | None = None,
        multiple_of: float | None = None,
        unique: bool = False,
        aware: bool = False,
    ) -> None:
        self.pattern = pattern
        self.min_length = min_length
        self.max_length = max_length
        self.minimum = minimum
        self.maximum = maximum
        self.exclusive_minimum = exclusive_minimum
        self.exclusive_maximum = exclusive_maximum
        self.multiple_of = multiple_of
        self.unique = unique
        self.aware = aware

    def __repr__(self) -> str:
        given = {name: getattr(self, name) for name in self.__slots__}
        shown = ", ".join(f"{k}={v!r}" for k, v in sorted(given.items()) if v not in (None, False))
        return f"Constraints({shown})"

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.with_info_after_validator_function(self._check, handler(source))

    def _check(self, value: Any, info: ValidationInfo) -> Any:
        if is_response(info):
            return value
        pattern = self.pattern
        if pattern is not None and isinstance(value, str) and not _compiled(pattern).search(value):
            raise PydanticCustomError(
                "string_pattern_mismatch",
                "String should match pattern '{pattern}'",
                {"pattern": pattern},
            )
        if self.min_length is not None or self.max_length is not None:
            self._check_length(value)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            self._check_number(value)
        if self.unique and isinstance(value, list) and not _all_distinct(value):
            raise PydanticCustomError("unique_items", "Items should be unique")
        if self.aware and getattr(value, "tzinfo", 0) is None:
            raise PydanticCustomError("timezone_aware", "Input should have a UTC offset (timezone)")
        return value

    def _check_length(self, value: Any) -> None:
        try:
            size = len(value)
        except TypeError:
            return
        if self.min_length is not None and size < self.min_length:
            raise PydanticCustomError(
                "too_short",
                "Length should be at least {min_length}",
                {"min_length": self.min_length},
            )
        if self.max_length is not None and size > self.max_length:
            raise PydanticCustomError(
                "too_long", "Length should be at most {limit}", {"limit": self.max_length}
            )

    def _check_number(self, value: float) -> None:
        for bound, holds, word in (
            (self.minimum, operator.ge, "greater than or equal to"),
            (self.maximum, operator.le, "less than or equal to"),
            (self.exclusive_minimum, operator.gt, "greater than"),
            (self.exclusive_maximum, operator.lt, "less than"),
        ):
            if bound is not None and not holds(value, bound):
                raise PydanticCustomError(
                    "number_out_of_range",
                    "Input should be {word} {bound}",
                    {"word": word, "bound": bound},
                )
        step = self.multiple_of
        if step is not None and step > 0:
            quotient = value / step
            if not math.isclose(quotient, round(quotient), rel_tol=1e-9, abs_tol=1e-9):
                raise PydanticCustomError(
                    "multiple_of", "Input should be a multiple of {step}", {"step": step}
                )


def _all_distinct(items: list[Any]) -> bool:
    seen: list[Any] = []
    for item in items:
        if item in seen:
            return False
        seen.append(item)
    return True


# -- unions told apart by a property ------------------------------------------------------------


class Discriminated:
    """A union whose members are told apart by the value of one property (OpenAPI's
    ``discriminator``): ``tags`` maps each value to a member class name. A value no member is
    named for (a kind the API added later) is matched against the members one by one."""

    __slots__ = ("attribute", "prop", "tags")

    def __init__(self, prop: str, tags: Mapping[str, str], *, attribute: str | None = None) -> None:
        self.prop = prop
        self.attribute = attribute or prop
        self.tags = dict(tags)

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        members = {m.__name__: m for m in typing.get_args(source) if isinstance(m, type)}
        schemas = {name: handler.generate_schema(member) for name, member in members.items()}
        choices: dict[typing.Hashable, core_schema.CoreSchema] = {
            tag: schemas[name] for tag, name in self.tags.items() if name in schemas
        }
        if not choices:
            return handler(source)
        lookup: list[list[str | int]] = [[self.prop]]
        if self.attribute != self.prop:
            lookup.append([self.attribute])
        tagged = core_schema.tagged_union_schema(
            choices, discriminator=lookup, from_attributes=True
        )
        known = frozenset(choices)
        untagged = core_schema.no_info_before_validator_function(
            self._unknown_tag(known), handler(source)
        )
        return core_schema.union_schema([tagged, untagged], mode="left_to_right")

    def _unknown_tag(self, known: frozenset[typing.Hashable]) -> Any:
        prop, attribute = self.prop, self.attribute

        def check(value: Any) -> Any:
            tag = value.get(prop) if isinstance(value, Mapping) else getattr(value, attribute, None)
            if isinstance(tag, str) and tag in known:
                # a documented kind that does not validate: that member's errors stand
                raise PydanticCustomError("union_tag_invalid", "Input does not match its kind")
            return value

        return check


# -- members required on one side only ---------------------------------------------------------


def required_in_responses(*names: str) -> Any:
    """A model validator: these (read-only) fields must be present in a response, though a
    request never sends them."""

    def check(self: pydantic.BaseModel, info: ValidationInfo) -> pydantic.BaseModel:
        if is_response(info):
            missing = [n for n in names if n not in self.model_fields_set]
            if missing:
                raise PydanticCustomError(
                    "missing", "Field required: {fields}", {"fields": ", ".join(missing)}
                )
        return self

    decorate: Any = pydantic.model_validator(mode="after")
    return decorate(check)


def request_body(*, read_only: tuple[str, ...] = (), not_null: tuple[str, ...] = ()) -> Any:
    """A model serializer for request bodies: read-only members are not sent, and members the
    document does not let be null are left out rather than sent as ``null`` (type checkers
    refuse ``None`` there; a ``None`` that gets through means "not set")."""

    def serialize(
        self: pydantic.BaseModel,
        handler: core_schema.SerializerFunctionWrapHandler,
        info: core_schema.SerializationInfo,
    ) -> Any:
        data = handler(self)
        context = info.context
        if isinstance(data, dict) and isinstance(context, Mapping) and context.get(REQUEST):
            for alias in read_only:
                data.pop(alias, None)
            for alias in not_null:
                if alias in data and data[alias] is None:
                    del data[alias]
        return data

    return pydantic.model_serializer(mode="wrap")(serialize)
