"""Check values against a document's schemas (OpenAPI 3.0 or 3.1 dialect, local references).

Requests are checked in the write context (``readOnly`` properties must be absent), responses
in the read context (``writeOnly`` ones). A ``pattern`` Python cannot compile is not checked
(the client cannot check it either); other keywords are.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from jsonschema import FormatChecker, validators
from jsonschema.exceptions import ValidationError
from openapi_schema_validator import (
    OAS30ReadValidator,
    OAS30Validator,
    OAS30WriteValidator,
    OAS31Validator,
)
from referencing import Registry

from generator.spec.refs import self_contained, without_unfollowable_refs

# A request body (``readOnly`` properties absent), a response (``writeOnly`` ones absent), or
# a parameter (neither keyword applies: a read-only id is what a path parameter takes).
Direction = Literal["request", "response", "parameter"]
MAX_ERRORS = 5


def _lenient_pattern(
    validator: Any, pattern: str, instance: Any, schema: Mapping[str, Any]
) -> Iterator[ValidationError]:
    if not isinstance(instance, str):
        return
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "possible nested set" and the like
            compiled = re.compile(pattern)
    except (re.error, TypeError):
        return
    if not compiled.search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _with_lenient_pattern(cls: Any) -> Any:
    return validators.extend(cls, {"pattern": _lenient_pattern})


def _is_decimal(instance: object) -> bool:
    """``format: decimal`` (models read such strings as ``Decimal``): a decimal number."""
    if not isinstance(instance, str):
        return True
    try:
        return Decimal(instance).is_finite()
    except InvalidOperation:
        return False


def _format_checker(cls: Any) -> FormatChecker:
    checker = FormatChecker()
    checker.checkers = {**cls.FORMAT_CHECKER.checkers, "decimal": (_is_decimal, ())}
    return checker


_READ30 = _with_lenient_pattern(OAS30ReadValidator)
_WRITE30 = _with_lenient_pattern(OAS30WriteValidator)
_PLAIN30 = _with_lenient_pattern(OAS30Validator)
_ANY31 = _with_lenient_pattern(OAS31Validator)


class SchemaChecker:
    """Validates values against schemas of one document (its local ``$ref``s resolved)."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        # a reference that cannot be followed validates anything (the client types it Any):
        # schemas to check are taken from ``self.document``
        if not self_contained(document):
            document = without_unfollowable_refs(document)
        self.document = document
        version = str(document.get("openapi", "3.0"))
        registry: Registry[Any] = Registry()
        if version.startswith("3.0"):
            read, write, plain = _READ30, _WRITE30, _PLAIN30
        else:
            read = write = plain = _ANY31
        self._validators = {
            direction: cls(document, format_checker=_format_checker(cls), registry=registry)
            for direction, cls in (("request", write), ("response", read), ("parameter", plain))
        }

    def errors(self, schema: Any, value: Any, direction: Direction = "request") -> list[str]:
        """Why ``value`` does not validate against ``schema`` (empty when it does); a schema
        that cannot be checked (a reference that points nowhere, ...) gives its own error."""
        if not isinstance(schema, dict):
            return []
        validator = self._validators[direction].evolve(schema=schema)
        found: list[str] = []
        try:
            for error in validator.iter_errors(value):
                where = "/".join(str(p) for p in error.absolute_path)
                found.append(f"{where or '(value)'}: {error.message}"[:300])
                if len(found) >= MAX_ERRORS:
                    break
        except Exception as exc:  # an unresolvable reference, a broken keyword value
            return [f"the schema cannot be checked: {type(exc).__name__}: {exc}"[:300]]
        return found

    def valid(self, schema: Any, value: Any, direction: Direction = "request") -> bool:
        return not self.errors(schema, value, direction)
