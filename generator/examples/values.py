"""A valid value for a schema: the document's own examples first, else one built from the schema.

Built values follow the schema's keywords: every required property and, for coverage, the
optional ones (not ``readOnly`` ones in requests, not ``writeOnly`` ones in responses), a listed
enum value, a literal of the ``format`` (date, date-time, uuid, email, uri, ipv4, ...), the
length and numeric bounds, ``multipleOf``, simple ``pattern``s; ``allOf`` members are merged,
``oneOf``/``anyOf`` take the first branch that validates alone (with its discriminator tag).
Every value is checked against the schema before it is returned: a value that does not
validate is never handed out (:class:`SynthesisError` says why instead). Deterministic.
"""

from __future__ import annotations

import copy
import itertools
import math
from collections.abc import Mapping
from typing import Any

from generator.examples.patterns import PatternTooComplex, matching_string
from generator.examples.validation import Direction, SchemaChecker
from generator.spec.diagnostics import pointer_target, unescape_pointer

MAX_DEPTH = 32
_MISSING = object()
_PYTHON_KINDS: dict[str, type | tuple[type, ...]] = {
    "object": dict,
    "array": list,
    "string": str,
    "integer": int,
    "number": (int, float),
    "boolean": bool,
}
_OBJECT_KEYWORDS = ("properties", "additionalProperties", "required", "minProperties")
_STRING_KEYWORDS = ("pattern", "minLength", "maxLength")
_NUMBER_KEYWORDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf")
_FORMATS: dict[str, tuple[str, ...]] = {
    "date": ("2024-01-15", "2024-02-16", "2024-03-17"),
    "date-time": ("2024-01-15T09:30:00Z", "2024-02-16T10:31:00Z", "2024-03-17T11:32:00Z"),
    "time": ("09:30:00Z", "10:31:00Z", "11:32:00Z"),
    "uuid": (
        "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        "9b2e4c1a-8d3f-4e6b-a7c5-1f0d2e3c4b5a",
        "c0ffee00-1234-4abc-8def-0123456789ab",
    ),
    "email": ("user@example.com", "admin@example.com", "team@example.com"),
    "idn-email": ("user@example.com", "admin@example.com", "team@example.com"),
    "uri": ("https://example.com/resource", "https://example.com/other", "https://example.org/"),
    "url": ("https://example.com/resource", "https://example.com/other", "https://example.org/"),
    "iri": ("https://example.com/resource", "https://example.com/other", "https://example.org/"),
    "uri-reference": ("https://example.com/resource", "/other", "https://example.org/"),
    "uri-template": ("https://example.com/{id}", "https://example.com/{name}", "/{id}"),
    "hostname": ("example.com", "api.example.com", "example.org"),
    "idn-hostname": ("example.com", "api.example.com", "example.org"),
    "ipv4": ("192.0.2.1", "192.0.2.2", "198.51.100.1"),
    "ipv6": ("2001:db8::1", "2001:db8::2", "2001:db8::3"),
    "byte": ("ZXhhbXBsZQ==", "b3RoZXI=", "dGhpcmQ="),
    "password": ("example-password", "other-password", "third-password"),
    "duration": ("P1D", "PT1H", "P1W"),
    "json-pointer": ("/example", "/other", "/third"),
    "regex": ("^example$", "^other$", "^third$"),
    "decimal": ("1.5", "2.25", "10"),
}


class SynthesisError(ValueError):
    """No valid value could be made for a schema (the message says why)."""


class _Recursive(SynthesisError):
    """The schema refers to itself where a value is required."""


def _json_data(value: Any) -> bool:
    """Plain JSON data (str keys, finite numbers): what can be sent and written as a literal."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if not all(isinstance(k, str) for k in item):
                return False
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, float):
            if not math.isfinite(item):
                return False
        elif not isinstance(item, (str, int, bool)) and item is not None:
            return False
    return True


def _ref_name(ref: str) -> str:
    tokens = unescape_pointer(ref) if ref.startswith("#") else []
    return tokens[-1] if tokens else ref.rsplit("/", 1)[-1]


class ValueSynthesiser:
    """Makes values for schemas of one document, for requests or for responses."""

    def __init__(
        self, checker: SchemaChecker, direction: Direction = "request", *, nulls: bool = False
    ) -> None:
        self.checker = checker
        self.document = checker.document
        self.direction = direction
        # ``nulls``: a required property that may be null is null (the request state a client
        # must not confuse with "not given")
        self.nulls = nulls
        self._depth = 0  # schemas being generated, one inside the other

    # -- entry point ------------------------------------------------------------------------

    def value(self, schema: Any, *, candidates: tuple[Any, ...] = ()) -> Any:
        """A value valid for ``schema``: the first of ``candidates`` (examples given beside
        the schema) that validates, else a synthesised one."""
        for candidate in () if self.nulls else candidates:
            if self._usable(schema, candidate):
                return copy.deepcopy(candidate)
        problems: list[str] = []
        for optional in (True, False):
            try:
                built = self._value(schema, (), 0, optional=optional, via=None)
            except SynthesisError as exc:
                problems.append(str(exc))
                continue
            errors = self.checker.errors(schema, built, self.direction)
            if not errors:
                return built
            problems.append(errors[0])
        raise SynthesisError(problems[-1] if problems else "no value")

    # -- schemas ------------------------------------------------------------------------------

    def _resolve(
        self, schema: Any, stack: tuple[str, ...]
    ) -> tuple[Any, tuple[str, ...], str | None]:
        """Follow ``$ref``s: (target, stack with the refs followed, the last ref)."""
        via: str | None = None
        for _ in range(MAX_DEPTH):
            if not (isinstance(schema, dict) and isinstance(schema.get("$ref"), str)):
                break
            ref = schema["$ref"]
            target = pointer_target(self.document, ref, _MISSING)
            if target is _MISSING:
                raise SynthesisError(f"reference {ref!r} points nowhere")
            if ref in stack:
                raise _Recursive(f"{ref!r} refers to itself")
            schema, stack, via = target, (*stack, ref), ref
        return schema, stack, via

    def _flag(self, schema: Any, name: str) -> bool:
        try:
            resolved, _, _ = self._resolve(schema, ())
        except SynthesisError:
            return False
        return isinstance(resolved, dict) and resolved.get(name) is True

    def _usable(self, schema: Any, candidate: Any) -> bool:
        """An example that is JSON data of the kind the schema describes (a schema with
        ``properties`` but no ``type`` also accepts a string: its examples should not be one)
        and validates; parameters never take null (it means "not given")."""
        if not _json_data(candidate) or (candidate is None and self.direction == "parameter"):
            return False
        try:
            resolved, _, _ = self._resolve(schema, ())
        except SynthesisError:
            return False
        kind = _kind(resolved) if isinstance(resolved, dict) else None
        expected = _PYTHON_KINDS.get(kind or "")
        if expected is not None and candidate is not None:
            wrong_kind = not isinstance(candidate, expected)
            if wrong_kind or isinstance(candidate, bool) != (kind == "boolean"):
                return False
        return self.checker.valid(schema, candidate, self.direction)

    def _is_string(self, schema: Any) -> bool:
        try:
            resolved, _, _ = self._resolve(schema, ())
        except SynthesisError:
            return False
        return isinstance(resolved, dict) and _kind(resolved) == "string"

    def _nullable(self, schema: Any) -> bool:
        try:
            resolved, _, _ = self._resolve(schema, ())
        except SynthesisError:
            return False
        if not isinstance(resolved, dict):
            return False
        kinds = resolved.get("type")
        return (
            resolved.get("nullable") is True
            or (isinstance(kinds, list) and "null" in kinds)
            or (isinstance(resolved.get("enum"), list) and None in resolved["enum"])
        )

    def _examples(self, schema: Mapping[str, Any]) -> list[Any]:
        found: list[Any] = []
        for key in ("example", "x-example"):
            if key in schema:
                found.append(schema[key])
        if isinstance(schema.get("examples"), list):
            found.extend(schema["examples"])
        if "default" in schema and schema["default"] is not None:
            found.append(schema["default"])
        return found

    def _value(
        self, schema: Any, stack: tuple[str, ...], variant: int, *, optional: bool, via: str | None
    ) -> Any:
        if len(stack) > MAX_DEPTH or self._depth > MAX_DEPTH:
            raise SynthesisError("the schema nests too deeply")
        self._depth += 1
        try:
            return self._nested_value(schema, stack, variant, optional=optional, via=via)
        finally:
            self._depth -= 1

    def _nested_value(
        self, schema: Any, stack: tuple[str, ...], variant: int, *, optional: bool, via: str | None
    ) -> Any:
        schema, stack, followed = self._resolve(schema, stack)
        via = followed or via
        if schema is True or not isinstance(schema, dict) or not schema:
            return f"example{variant or ''}" if schema is not False else None
        objects = self.nulls and _kind(schema) == "object"  # built, to hold the nulls
        for candidate in () if objects else self._examples(schema):
            if self._usable(schema, candidate):
                return copy.deepcopy(candidate)
        if isinstance(schema.get("allOf"), list):
            merged = self._merge([schema, *schema["allOf"]], stack)
            return self._value(merged, stack, variant, optional=optional, via=via)
        for key in ("oneOf", "anyOf"):
            if isinstance(schema.get(key), list) and schema[key]:
                return self._branch(schema, key, stack, variant, optional=optional, via=via)
        if "const" in schema:
            return copy.deepcopy(schema["const"])
        if isinstance(schema.get("enum"), list):
            return self._enum(schema, variant)
        kind = _kind(schema)
        try:
            return self._typed(kind, schema, stack, variant, optional=optional, via=via)
        except SynthesisError:
            if schema.get("nullable") is True and self.direction != "parameter":
                return None
            raise

    def _typed(
        self,
        kind: str | None,
        schema: dict[str, Any],
        stack: tuple[str, ...],
        variant: int,
        *,
        optional: bool,
        via: str | None,
    ) -> Any:
        if kind == "object":
            return self._object(schema, stack, variant, optional=optional, via=via)
        if kind == "array":
            return self._array(schema, stack, variant, optional=optional)
        if kind == "string" or kind is None:
            return self._string(schema, variant)
        if kind in ("integer", "number"):
            return self._number(schema, integer=kind == "integer", variant=variant)
        if kind == "boolean":
            return variant % 2 == 0
        if kind == "null":
            return None
        raise SynthesisError(f"unknown type {kind!r}")

    def _enum(self, schema: dict[str, Any], variant: int) -> Any:
        values = [v for v in schema["enum"] if v is not None and _json_data(v)]
        plain = {k: v for k, v in schema.items() if k != "enum"}
        valid = [v for v in values if self.checker.valid(plain, v, self.direction)]
        if not valid:
            nullable = None in schema["enum"] or schema.get("nullable") is True
            if nullable and self.direction != "parameter":
                return None
            raise SynthesisError("no enum value validates")
        return copy.deepcopy(valid[variant % len(valid)])

    # -- composition ------------------------------------------------------------------------

    def _merge(self, parts: list[Any], stack: tuple[str, ...]) -> dict[str, Any]:
        """One schema with the keywords of every ``allOf`` member (references followed; a
        member already being generated gives its properties, not its ``oneOf`` again)."""
        merged: dict[str, Any] = {}
        pending = list(parts)
        seen = 0
        while pending:
            seen += 1
            if seen > 64:
                raise SynthesisError("allOf nests too deeply")
            part = pending.pop(0)
            recursive = False
            try:
                part, _, _ = self._resolve(part, stack)
            except _Recursive:
                ref = part["$ref"]
                part, recursive = pointer_target(self.document, ref), True
            if not isinstance(part, dict):
                continue
            if isinstance(part.get("allOf"), list):
                pending[:0] = [{k: v for k, v in part.items() if k != "allOf"}, *part["allOf"]]
                continue
            for key, value in part.items():
                if recursive and key in ("oneOf", "anyOf"):
                    continue
                if key == "properties" and isinstance(value, dict):
                    properties = merged.setdefault("properties", {})
                    for name, prop in value.items():
                        properties[name] = (
                            {"allOf": [properties[name], prop]} if name in properties else prop
                        )
                elif key == "required" and isinstance(value, list):
                    required = merged.setdefault("required", [])
                    required.extend(r for r in value if r not in required)
                elif key == "enum" and isinstance(merged.get("enum"), list):
                    merged["enum"] = [v for v in merged["enum"] if v in value]
                elif key in ("oneOf", "anyOf") and key in merged:
                    merged.setdefault("allOf", []).append({key: value})
                else:
                    merged.setdefault(key, value)
        if isinstance(merged.get("allOf"), list):  # several oneOf: keep them as members
            rest = merged.pop("allOf")
            return {"allOf": [merged, *rest]} if rest else merged
        return merged

    def _branch(
        self,
        schema: dict[str, Any],
        key: str,
        stack: tuple[str, ...],
        variant: int,
        *,
        optional: bool,
        via: str | None,
    ) -> Any:
        base = {k: v for k, v in schema.items() if k not in (key, "discriminator")}
        discriminator = schema.get("discriminator")
        branches = list(schema[key])
        if self.direction == "parameter":  # sent as text: a string cannot also read as a number
            branches.sort(key=lambda b: not self._is_string(b))
        last = ""
        for branch, fill in itertools.product(
            branches, (optional, False) if optional else (False,)
        ):
            branch_via = branch.get("$ref") if isinstance(branch, dict) else None
            try:
                merged = self._merge([base, branch], stack) if base else branch
                value = self._value(merged, stack, variant, optional=fill, via=branch_via or via)
            except SynthesisError as exc:
                last = str(exc)
                continue
            if isinstance(discriminator, dict) and isinstance(value, dict):
                tag = _tag(discriminator, branch_via)
                if tag is not None:
                    value[str(discriminator.get("propertyName"))] = tag
            if self.checker.valid(schema, value, self.direction):
                return value
            last = f"the value of a branch does not validate against the whole {key}"
        raise SynthesisError(f"no branch of {key} validates alone ({last})")

    # -- types --------------------------------------------------------------------------------

    def _object(
        self,
        schema: dict[str, Any],
        stack: tuple[str, ...],
        variant: int,
        *,
        optional: bool,
        via: str | None,
    ) -> dict[str, Any]:
        properties = schema.get("properties")
        properties = properties if isinstance(properties, dict) else {}
        required = [r for r in schema.get("required", []) if isinstance(r, str)]
        skipped = {"request": "readOnly", "response": "writeOnly"}.get(self.direction, "")
        result: dict[str, Any] = {}
        for name, prop in properties.items():
            needed = name in required
            if (skipped and self._flag(prop, skipped)) or not (needed or optional):
                continue
            if needed and self.nulls and self._nullable(prop):
                result[name] = None
                continue
            try:
                result[name] = self._value(prop, stack, variant, optional=optional, via=None)
            except SynthesisError:
                if needed:
                    raise
        additional = schema.get("additionalProperties")
        for name in required:
            if name not in result and name not in properties:
                extra = additional if isinstance(additional, dict) else {}
                result[name] = self._value(extra, stack, variant, optional=optional, via=None)
        discriminator = schema.get("discriminator")
        if isinstance(discriminator, dict) and via is not None:
            tag = _tag(discriminator, via)
            name = discriminator.get("propertyName")
            if tag is not None and isinstance(name, str) and name in properties:
                tagged = {**result, name: tag}
                if self.checker.valid(schema, tagged, self.direction):
                    result = tagged
        minimum = schema.get("minProperties")
        if isinstance(minimum, int) and additional is not False:
            extra = additional if isinstance(additional, dict) else {}
            index = 1
            while len(result) < minimum and index < 64:
                result.setdefault(
                    f"property{index}", self._value(extra, stack, index, optional=False, via=None)
                )
                index += 1
        if optional and not self.checker.valid(schema, result, self.direction):
            return self._object(schema, stack, variant, optional=False, via=via)
        return result

    def _array(
        self, schema: dict[str, Any], stack: tuple[str, ...], variant: int, *, optional: bool
    ) -> list[Any]:
        low = schema.get("minItems") if isinstance(schema.get("minItems"), int) else 0
        high = schema.get("maxItems") if isinstance(schema.get("maxItems"), int) else None
        assert isinstance(low, int)
        count = max(low, 1)
        if high is not None:
            count = min(count, high)
        items = schema.get("items", {})
        values: list[Any] = []
        for index in range(count):
            item_schema = items[index] if isinstance(items, list) and index < len(items) else items
            try:
                values.append(
                    self._value(item_schema, stack, variant + index, optional=optional, via=None)
                )
            except SynthesisError:
                if low == 0:
                    return []
                raise
        return values

    def _string(self, schema: dict[str, Any], variant: int) -> str:
        low = schema.get("minLength") if isinstance(schema.get("minLength"), int) else 0
        high = schema.get("maxLength") if isinstance(schema.get("maxLength"), int) else None
        assert isinstance(low, int)
        candidates: list[str] = []
        formats = _FORMATS.get(str(schema.get("format", "")))
        if formats:
            candidates.append(formats[variant % len(formats)])
        pattern = schema.get("pattern")
        problem = ""
        if isinstance(pattern, str):
            try:
                candidates.append(
                    matching_string(pattern, min_length=low, max_length=high, variant=variant)
                )
            except PatternTooComplex as exc:
                problem = f"pattern {pattern!r}: {exc}"
        word = f"example{variant or ''}"
        if len(word) < low:
            word += "x" * (low - len(word))
        candidates.append(word if high is None else word[:high])
        for candidate in candidates:
            if self.checker.valid(schema, candidate, self.direction):
                return candidate
        raise SynthesisError(problem or "no string satisfies the schema")

    def _number(self, schema: dict[str, Any], *, integer: bool, variant: int) -> int | float:
        low, low_open = _bound(schema, "minimum", "exclusiveMinimum")
        high, high_open = _bound(schema, "maximum", "exclusiveMaximum")
        step = schema.get("multipleOf")
        step = step if isinstance(step, (int, float)) and step > 0 else None
        unit = 1 if integer else 0.5
        starts: list[float] = [1 + variant]
        if low is not None:
            starts.append(low + unit if low_open else low)
        if high is not None:
            starts.append(high - unit if high_open else high)
        if low is not None and high is not None:
            starts.append((low + high) / 2)
        for start in starts:
            value: float = start
            if step is not None:
                value = math.ceil(value / step) * step
                if not integer and not float(value).is_integer():
                    value = round(value, 10)
            if integer:
                value = math.ceil(value)
            number: int | float = int(value) if integer else float(value)
            if self.checker.valid(schema, number, self.direction):
                return number
        raise SynthesisError("no number satisfies the bounds")


def _bound(schema: Mapping[str, Any], plain: str, exclusive: str) -> tuple[float | None, bool]:
    value, flag = schema.get(plain), schema.get(exclusive)
    if isinstance(flag, (int, float)) and not isinstance(flag, bool):  # 3.1: a number
        return float(flag), True
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value), flag is True
    return None, False


def _kind(schema: Mapping[str, Any]) -> str | None:
    declared = schema.get("type")
    if isinstance(declared, list):
        kinds = [t for t in declared if t != "null"]
        declared = kinds[0] if kinds else "null"
    if isinstance(declared, str):
        return declared
    if any(k in schema for k in _OBJECT_KEYWORDS):
        return "object"
    if "items" in schema or "minItems" in schema:
        return "array"
    if any(k in schema for k in _STRING_KEYWORDS) or "format" in schema:
        return "string"
    if any(k in schema for k in _NUMBER_KEYWORDS):
        return "number"
    return None


def _tag(discriminator: Mapping[str, Any], ref: str | None) -> str | None:
    """The discriminator value naming the schema ``ref`` points at."""
    if ref is None:
        return None
    mapping = discriminator.get("mapping")
    if isinstance(mapping, dict):
        for value, target in mapping.items():
            if target == ref or _ref_name(str(target)) == _ref_name(ref):
                return str(value)
    return _ref_name(ref)
