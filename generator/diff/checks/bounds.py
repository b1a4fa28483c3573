"""Bounds: numeric ranges (``minimum`` / ``maximum``, exclusive ones of both dialects), string
lengths, item and property counts, ``minContains`` / ``maxContains``, ``multipleOf`` and
``uniqueItems``.

In a request a tighter bound rejects values callers send (breaking), a bound set where there
was none may (a warning, as oasdiff grades it: an unbounded value is rarely sent that large); in
a response a looser or removed bound returns values the typed client's models reject
(breaking: the generated models validate bounds).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.diff.findings import Finding, SchemaPair, finding, is_number
from generator.diff.rule import SchemaRule

MAX_SET = SchemaRule(
    "the maximum was set where there was none",
    "warning",
    "info",
    request_parameter="request-parameter-max-set",
    request_body="request-body-max-set",
    response_body="response-body-max-set",
    response_header="response-header-max-set",
)
MAX_TIGHTENED = SchemaRule(
    "the maximum was tightened",
    "breaking",
    "info",
    request_parameter="request-parameter-max-tightened",
    request_body="request-body-max-tightened",
    response_body="response-body-max-tightened",
    response_header="response-header-max-tightened",
)
MAX_LOOSENED = SchemaRule(
    "the maximum was loosened",
    "info",
    "breaking",
    request_parameter="request-parameter-max-loosened",
    request_body="request-body-max-loosened",
    response_body="response-body-max-loosened",
    response_header="response-header-max-loosened",
)
MAX_UNSET = SchemaRule(
    "the maximum was removed",
    "info",
    "breaking",
    request_parameter="request-parameter-max-unset",
    request_body="request-body-max-unset",
    response_body="response-body-max-unset",
    response_header="response-header-max-unset",
)
MIN_SET = SchemaRule(
    "the minimum was set where there was none",
    "warning",
    "info",
    request_parameter="request-parameter-min-set",
    request_body="request-body-min-set",
    response_body="response-body-min-set",
    response_header="response-header-min-set",
)
MIN_TIGHTENED = SchemaRule(
    "the minimum was tightened",
    "breaking",
    "info",
    request_parameter="request-parameter-min-tightened",
    request_body="request-body-min-tightened",
    response_body="response-body-min-tightened",
    response_header="response-header-min-tightened",
)
MIN_LOOSENED = SchemaRule(
    "the minimum was loosened",
    "info",
    "breaking",
    request_parameter="request-parameter-min-loosened",
    request_body="request-body-min-loosened",
    response_body="response-body-min-loosened",
    response_header="response-header-min-loosened",
)
MIN_UNSET = SchemaRule(
    "the minimum was removed",
    "info",
    "breaking",
    request_parameter="request-parameter-min-unset",
    request_body="request-body-min-unset",
    response_body="response-body-min-unset",
    response_header="response-header-min-unset",
)
MAX_LENGTH_SET = SchemaRule(
    "the maximum length was set where there was none",
    "warning",
    "info",
    request_parameter="request-parameter-max-length-set",
    request_body="request-body-max-length-set",
    response_body="response-body-max-length-set",
    response_header="response-header-max-length-set",
)
MAX_LENGTH_TIGHTENED = SchemaRule(
    "the maximum length was tightened",
    "breaking",
    "info",
    request_parameter="request-parameter-max-length-tightened",
    request_body="request-body-max-length-tightened",
    response_body="response-body-max-length-tightened",
    response_header="response-header-max-length-tightened",
)
MAX_LENGTH_LOOSENED = SchemaRule(
    "the maximum length was loosened",
    "info",
    "breaking",
    request_parameter="request-parameter-max-length-loosened",
    request_body="request-body-max-length-loosened",
    response_body="response-body-max-length-loosened",
    response_header="response-header-max-length-loosened",
)
MAX_LENGTH_UNSET = SchemaRule(
    "the maximum length was removed",
    "info",
    "breaking",
    request_parameter="request-parameter-max-length-unset",
    request_body="request-body-max-length-unset",
    response_body="response-body-max-length-unset",
    response_header="response-header-max-length-unset",
)
MIN_LENGTH_SET = SchemaRule(
    "the minimum length was set where there was none",
    "warning",
    "info",
    request_parameter="request-parameter-min-length-set",
    request_body="request-body-min-length-set",
    response_body="response-body-min-length-set",
    response_header="response-header-min-length-set",
)
MIN_LENGTH_TIGHTENED = SchemaRule(
    "the minimum length was tightened",
    "breaking",
    "info",
    request_parameter="request-parameter-min-length-tightened",
    request_body="request-body-min-length-tightened",
    response_body="response-body-min-length-tightened",
    response_header="response-header-min-length-tightened",
)
MIN_LENGTH_LOOSENED = SchemaRule(
    "the minimum length was loosened",
    "info",
    "breaking",
    request_parameter="request-parameter-min-length-loosened",
    request_body="request-body-min-length-loosened",
    response_body="response-body-min-length-loosened",
    response_header="response-header-min-length-loosened",
)
MIN_LENGTH_UNSET = SchemaRule(
    "the minimum length was removed",
    "info",
    "breaking",
    request_parameter="request-parameter-min-length-unset",
    request_body="request-body-min-length-unset",
    response_body="response-body-min-length-unset",
    response_header="response-header-min-length-unset",
)
MAX_ITEMS_SET = SchemaRule(
    "the maximum number of items was set where there was none",
    "warning",
    "info",
    request_parameter="request-parameter-max-items-set",
    request_body="request-body-max-items-set",
    response_body="response-body-max-items-set",
    response_header="response-header-max-items-set",
)
MAX_ITEMS_TIGHTENED = SchemaRule(
    "the maximum number of items was tightened",
    "breaking",
    "info",
    request_parameter="request-parameter-max-items-tightened",
    request_body="request-body-max-items-tightened",
    response_body="response-body-max-items-tightened",
    response_header="response-header-max-items-tightened",
)
MAX_ITEMS_LOOSENED = SchemaRule(
    "the maximum number of items was loosened",
    "info",
    "breaking",
    request_parameter="request-parameter-max-items-loosened",
    request_body="request-body-max-items-loosened",
    response_body="response-body-max-items-loosened",
    response_header="response-header-max-items-loosened",
)
MAX_ITEMS_UNSET = SchemaRule(
    "the maximum number of items was removed",
    "info",
    "breaking",
    request_parameter="request-parameter-max-items-unset",
    request_body="request-body-max-items-unset",
    response_body="response-body-max-items-unset",
    response_header="response-header-max-items-unset",
)
MIN_ITEMS_SET = SchemaRule(
    "the minimum number of items was set where there was none",
    "warning",
    "info",
    request_parameter="request-parameter-min-items-set",
    request_body="request-body-min-items-set",
    response_body="response-body-min-items-set",
    response_header="response-header-min-items-set",
)
MIN_ITEMS_TIGHTENED = SchemaRule(
    "the minimum number of items was tightened",
    "breaking",
    "info",
    request_parameter="request-parameter-min-items-tightened",
    request_body="request-body-min-items-tightened",
    response_body="response-body-min-items-tightened",
    response_header="response-header-min-items-tightened",
)
MIN_ITEMS_LOOSENED = SchemaRule(
    "the minimum number of items was loosened",
    "info",
    "breaking",
    request_parameter="request-parameter-min-items-loosened",
    request_body="request-body-min-items-loosened",
    response_body="response-body-min-items-loosened",
    response_header="response-header-min-items-loosened",
)
MIN_ITEMS_UNSET = SchemaRule(
    "the minimum number of items was removed",
    "info",
    "breaking",
    request_parameter="request-parameter-min-items-unset",
    request_body="request-body-min-items-unset",
    response_body="response-body-min-items-unset",
    response_header="response-header-min-items-unset",
)
MAX_PROPERTIES_SET = SchemaRule(
    "the maximum number of properties was set where there was none",
    "warning",
    "info",
    request_parameter="request-parameter-max-properties-set",
    request_body="request-body-max-properties-set",
    response_body="response-body-max-properties-set",
    response_header="response-header-max-properties-set",
)
MAX_PROPERTIES_TIGHTENED = SchemaRule(
    "the maximum number of properties was tightened",
    "breaking",
    "info",
    request_parameter="request-parameter-max-properties-tightened",
    request_body="request-body-max-properties-tightened",
    response_body="response-body-max-properties-tightened",
    response_header="response-header-max-properties-tightened",
)
MAX_PROPERTIES_LOOSENED = SchemaRule(
    "the maximum number of properties was loosened",
    "info",
    "breaking",
    request_parameter="request-parameter-max-properties-loosened",
    request_body="request-body-max-properties-loosened",
    response_body="response-body-max-properties-loosened",
    response_header="response-header-max-properties-loosened",
)
MAX_PROPERTIES_UNSET = SchemaRule(
    "the maximum number of properties was removed",
    "info",
    "breaking",
    request_parameter="request-parameter-max-properties-unset",
    request_body="request-body-max-properties-unset",
    response_body="response-body-max-properties-unset",
    response_header="response-header-max-properties-unset",
)
MIN_PROPERTIES_SET = SchemaRule(
    "the minimum number of properties was set where there was none",
    "warning",
    "info",
    request_parameter="request-parameter-min-properties-set",
    request_body="request-body-min-properties-set",
    response_body="response-body-min-properties-set",
    response_header="response-header-min-properties-set",
)
MIN_PROPERTIES_TIGHTENED = SchemaRule(
    "the minimum number of properties was tightened",
    "breaking",
    "info",
    request_parameter="request-parameter-min-properties-tightened",
    request_body="request-body-min-properties-tightened",
    response_body="response-body-min-properties-tightened",
    response_header="response-header-min-properties-tightened",
)
MIN_PROPERTIES_LOOSENED = SchemaRule(
    "the minimum number of properties was loosened",
    "info",
    "breaking",
    request_parameter="request-parameter-min-properties-loosened",
    request_body="request-body-min-properties-loosened",
    response_body="response-body-min-properties-loosened",
    response_header="response-header-min-properties-loosened",
)
MIN_PROPERTIES_UNSET = SchemaRule(
    "the minimum number of properties was removed",
    "info",
    "breaking",
    request_parameter="request-parameter-min-properties-unset",
    request_body="request-body-min-properties-unset",
    response_body="response-body-min-properties-unset",
    response_header="response-header-min-properties-unset",
)
MAX_CONTAINS_SET = SchemaRule(
    "the maximum number of matching items (maxContains) was set where there was none",
    "warning",
    "info",
    request_parameter="request-parameter-max-contains-set",
    request_body="request-body-max-contains-set",
    response_body="response-body-max-contains-set",
    response_header="response-header-max-contains-set",
)
MAX_CONTAINS_TIGHTENED = SchemaRule(
    "the maximum number of matching items (maxContains) was tightened",
    "breaking",
    "info",
    request_parameter="request-parameter-max-contains-tightened",
    request_body="request-body-max-contains-tightened",
    response_body="response-body-max-contains-tightened",
    response_header="response-header-max-contains-tightened",
)
MAX_CONTAINS_LOOSENED = SchemaRule(
    "the maximum number of matching items (maxContains) was loosened",
    "info",
    "breaking",
    request_parameter="request-parameter-max-contains-loosened",
    request_body="request-body-max-contains-loosened",
    response_body="response-body-max-contains-loosened",
    response_header="response-header-max-contains-loosened",
)
MAX_CONTAINS_UNSET = SchemaRule(
    "the maximum number of matching items (maxContains) was removed",
    "info",
    "breaking",
    request_parameter="request-parameter-max-contains-unset",
    request_body="request-body-max-contains-unset",
    response_body="response-body-max-contains-unset",
    response_header="response-header-max-contains-unset",
)
MIN_CONTAINS_SET = SchemaRule(
    "the minimum number of matching items (minContains) was set where there was none",
    "warning",
    "info",
    request_parameter="request-parameter-min-contains-set",
    request_body="request-body-min-contains-set",
    response_body="response-body-min-contains-set",
    response_header="response-header-min-contains-set",
)
MIN_CONTAINS_TIGHTENED = SchemaRule(
    "the minimum number of matching items (minContains) was tightened",
    "breaking",
    "info",
    request_parameter="request-parameter-min-contains-tightened",
    request_body="request-body-min-contains-tightened",
    response_body="response-body-min-contains-tightened",
    response_header="response-header-min-contains-tightened",
)
MIN_CONTAINS_LOOSENED = SchemaRule(
    "the minimum number of matching items (minContains) was loosened",
    "info",
    "breaking",
    request_parameter="request-parameter-min-contains-loosened",
    request_body="request-body-min-contains-loosened",
    response_body="response-body-min-contains-loosened",
    response_header="response-header-min-contains-loosened",
)
MIN_CONTAINS_UNSET = SchemaRule(
    "the minimum number of matching items (minContains) was removed",
    "info",
    "breaking",
    request_parameter="request-parameter-min-contains-unset",
    request_body="request-body-min-contains-unset",
    response_body="response-body-min-contains-unset",
    response_header="response-header-min-contains-unset",
)
MULTIPLE_OF_SET = SchemaRule(
    "the divisor (multipleOf) was set where there was none",
    "warning",
    "info",
    request_parameter="request-parameter-multiple-of-set",
    request_body="request-body-multiple-of-set",
    response_body="response-body-multiple-of-set",
    response_header="response-header-multiple-of-set",
)
MULTIPLE_OF_TIGHTENED = SchemaRule(
    "the divisor (multipleOf) was tightened",
    "breaking",
    "info",
    request_parameter="request-parameter-multiple-of-tightened",
    request_body="request-body-multiple-of-tightened",
    response_body="response-body-multiple-of-tightened",
    response_header="response-header-multiple-of-tightened",
)
MULTIPLE_OF_LOOSENED = SchemaRule(
    "the divisor (multipleOf) was loosened",
    "info",
    "breaking",
    request_parameter="request-parameter-multiple-of-loosened",
    request_body="request-body-multiple-of-loosened",
    response_body="response-body-multiple-of-loosened",
    response_header="response-header-multiple-of-loosened",
)
MULTIPLE_OF_UNSET = SchemaRule(
    "the divisor (multipleOf) was removed",
    "info",
    "breaking",
    request_parameter="request-parameter-multiple-of-unset",
    request_body="request-body-multiple-of-unset",
    response_body="response-body-multiple-of-unset",
    response_header="response-header-multiple-of-unset",
)
UNIQUE_ITEMS_ADDED = SchemaRule(
    "array items must now be unique",
    "breaking",
    "info",
    request_parameter="request-parameter-unique-items-added",
    request_body="request-body-unique-items-added",
    response_body="response-body-unique-items-added",
    response_header="response-header-unique-items-added",
)
UNIQUE_ITEMS_REMOVED = SchemaRule(
    "array items no longer need to be unique",
    "info",
    "warning",
    request_parameter="request-parameter-unique-items-removed",
    request_body="request-body-unique-items-removed",
    response_body="response-body-unique-items-removed",
    response_header="response-header-unique-items-removed",
)

RULES = (
    MAX_SET,
    MAX_TIGHTENED,
    MAX_LOOSENED,
    MAX_UNSET,
    MIN_SET,
    MIN_TIGHTENED,
    MIN_LOOSENED,
    MIN_UNSET,
    MAX_LENGTH_SET,
    MAX_LENGTH_TIGHTENED,
    MAX_LENGTH_LOOSENED,
    MAX_LENGTH_UNSET,
    MIN_LENGTH_SET,
    MIN_LENGTH_TIGHTENED,
    MIN_LENGTH_LOOSENED,
    MIN_LENGTH_UNSET,
    MAX_ITEMS_SET,
    MAX_ITEMS_TIGHTENED,
    MAX_ITEMS_LOOSENED,
    MAX_ITEMS_UNSET,
    MIN_ITEMS_SET,
    MIN_ITEMS_TIGHTENED,
    MIN_ITEMS_LOOSENED,
    MIN_ITEMS_UNSET,
    MAX_PROPERTIES_SET,
    MAX_PROPERTIES_TIGHTENED,
    MAX_PROPERTIES_LOOSENED,
    MAX_PROPERTIES_UNSET,
    MIN_PROPERTIES_SET,
    MIN_PROPERTIES_TIGHTENED,
    MIN_PROPERTIES_LOOSENED,
    MIN_PROPERTIES_UNSET,
    MAX_CONTAINS_SET,
    MAX_CONTAINS_TIGHTENED,
    MAX_CONTAINS_LOOSENED,
    MAX_CONTAINS_UNSET,
    MIN_CONTAINS_SET,
    MIN_CONTAINS_TIGHTENED,
    MIN_CONTAINS_LOOSENED,
    MIN_CONTAINS_UNSET,
    MULTIPLE_OF_SET,
    MULTIPLE_OF_TIGHTENED,
    MULTIPLE_OF_LOOSENED,
    MULTIPLE_OF_UNSET,
    UNIQUE_ITEMS_ADDED,
    UNIQUE_ITEMS_REMOVED,
)

Bound = tuple[float, bool]  # value, exclusive
# (keyword shown, whether it is an upper bound, set, tightened, loosened, unset)
Family = tuple[str, bool, SchemaRule, SchemaRule, SchemaRule, SchemaRule]


def _upper(schema: dict[str, Any]) -> Bound | None:
    candidates: list[Bound] = []
    if is_number(schema.get("maximum")):
        candidates.append((schema["maximum"], schema.get("exclusiveMaximum") is True))
    if is_number(schema.get("exclusiveMaximum")):
        candidates.append((schema["exclusiveMaximum"], True))
    return min(candidates, key=lambda c: (c[0], not c[1])) if candidates else None


def _lower(schema: dict[str, Any]) -> Bound | None:
    candidates: list[Bound] = []
    if is_number(schema.get("minimum")):
        candidates.append((schema["minimum"], schema.get("exclusiveMinimum") is True))
    if is_number(schema.get("exclusiveMinimum")):
        candidates.append((schema["exclusiveMinimum"], True))
    return max(candidates, key=lambda c: (c[0], c[1])) if candidates else None


def _count(schema: dict[str, Any], keyword: str, *, lower: bool) -> Bound | None:
    """A count bound; a lower bound of 0 (or of 1 for ``minContains``, its default) is none."""
    value = schema.get(keyword)
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return None
    floor = 1 if keyword == "minContains" else 0
    if lower and value <= floor:
        return None
    return (float(value), False)


def _show(bound: Bound) -> str:
    value, exclusive = bound
    text = str(int(value)) if float(value).is_integer() else str(value)
    return f"{text} (exclusive)" if exclusive else text


def _tighter(new: Bound, old: Bound, *, upper: bool) -> bool:
    if new[0] != old[0]:
        return new[0] < old[0] if upper else new[0] > old[0]
    return new[1] and not old[1]


_COUNTS: tuple[tuple[str, bool, SchemaRule, SchemaRule, SchemaRule, SchemaRule], ...] = (
    (
        "maxLength",
        True,
        MAX_LENGTH_SET,
        MAX_LENGTH_TIGHTENED,
        MAX_LENGTH_LOOSENED,
        MAX_LENGTH_UNSET,
    ),
    (
        "minLength",
        False,
        MIN_LENGTH_SET,
        MIN_LENGTH_TIGHTENED,
        MIN_LENGTH_LOOSENED,
        MIN_LENGTH_UNSET,
    ),
    ("maxItems", True, MAX_ITEMS_SET, MAX_ITEMS_TIGHTENED, MAX_ITEMS_LOOSENED, MAX_ITEMS_UNSET),
    ("minItems", False, MIN_ITEMS_SET, MIN_ITEMS_TIGHTENED, MIN_ITEMS_LOOSENED, MIN_ITEMS_UNSET),
    (
        "maxProperties",
        True,
        MAX_PROPERTIES_SET,
        MAX_PROPERTIES_TIGHTENED,
        MAX_PROPERTIES_LOOSENED,
        MAX_PROPERTIES_UNSET,
    ),
    (
        "minProperties",
        False,
        MIN_PROPERTIES_SET,
        MIN_PROPERTIES_TIGHTENED,
        MIN_PROPERTIES_LOOSENED,
        MIN_PROPERTIES_UNSET,
    ),
    (
        "maxContains",
        True,
        MAX_CONTAINS_SET,
        MAX_CONTAINS_TIGHTENED,
        MAX_CONTAINS_LOOSENED,
        MAX_CONTAINS_UNSET,
    ),
    (
        "minContains",
        False,
        MIN_CONTAINS_SET,
        MIN_CONTAINS_TIGHTENED,
        MIN_CONTAINS_LOOSENED,
        MIN_CONTAINS_UNSET,
    ),
)


def _bounds(
    b: dict[str, Any], r: dict[str, Any]
) -> Iterator[tuple[Family, Bound | None, Bound | None]]:
    yield ("maximum", True, MAX_SET, MAX_TIGHTENED, MAX_LOOSENED, MAX_UNSET), _upper(b), _upper(r)
    yield ("minimum", False, MIN_SET, MIN_TIGHTENED, MIN_LOOSENED, MIN_UNSET), _lower(b), _lower(r)
    for family in _COUNTS:
        keyword, upper = family[0], family[1]
        yield family, _count(b, keyword, lower=not upper), _count(r, keyword, lower=not upper)


def check(pair: SchemaPair) -> Iterator[Finding]:
    b, r = pair.base, pair.revision
    for (label, upper, set_, tightened, loosened, unset), old, new in _bounds(b, r):
        if old == new:
            continue
        if old is None and new is not None:
            yield finding(set_, f"{label} {_show(new)} was set")
        elif new is None and old is not None:
            yield finding(unset, f"{label} {_show(old)} was removed")
        elif old is not None and new is not None:
            rule = tightened if _tighter(new, old, upper=upper) else loosened
            yield finding(rule, f"{label} changed from {_show(old)} to {_show(new)}")
    yield from _multiple_of(b, r)
    old_unique, new_unique = b.get("uniqueItems") is True, r.get("uniqueItems") is True
    if new_unique and not old_unique:
        yield finding(UNIQUE_ITEMS_ADDED, "items must now be unique")
    elif old_unique and not new_unique:
        yield finding(UNIQUE_ITEMS_REMOVED, "items no longer need to be unique")


def _divides(divisor: float, value: float) -> bool:
    quotient = value / divisor
    return abs(quotient - round(quotient)) < 1e-9


def _multiple_of(b: dict[str, Any], r: dict[str, Any]) -> Iterator[Finding]:
    old = b.get("multipleOf") if is_number(b.get("multipleOf")) and b["multipleOf"] > 0 else None
    new = r.get("multipleOf") if is_number(r.get("multipleOf")) and r["multipleOf"] > 0 else None
    if old == new:
        return
    if old is None:
        yield finding(MULTIPLE_OF_SET, f"multipleOf {new} was set")
    elif new is None:
        yield finding(MULTIPLE_OF_UNSET, f"multipleOf {old} was removed")
    else:
        detail = f"multipleOf changed from {old} to {new}"
        if _divides(old, new):
            yield finding(MULTIPLE_OF_TIGHTENED, detail)
        elif _divides(new, old):
            yield finding(MULTIPLE_OF_LOOSENED, detail)
        else:
            yield finding(MULTIPLE_OF_TIGHTENED, detail)
            yield finding(MULTIPLE_OF_LOOSENED, detail)
