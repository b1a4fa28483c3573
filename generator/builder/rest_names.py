"""Resource and method names from method and path: what a hand-written client would call them.

Most operations of real API Gateway exports have no operationId, so their names come from
their method and path (naming scheme 2; scheme 1 used the synthesized operationId,
``put_orders_by_order_id``):

==========================================  ==============================================
operation                                   method
==========================================  ==============================================
``GET /orders``                             ``client.orders.list()``
``POST /orders``                            ``client.orders.create(...)``
``GET /orders/{orderId}``                   ``client.orders.retrieve(order_id)``
``PUT|PATCH /orders/{orderId}``             ``client.orders.update(order_id, ...)``
``PUT`` beside ``PATCH``                    ``client.orders.replace(order_id, ...)``
``DELETE /orders/{orderId}``                ``client.orders.delete(order_id)``
``GET /orders/{orderId}/items``             ``client.orders.items.list(order_id)``
``DELETE /orders/{orderId}/items/{itemId}`` ``client.orders.items.delete(order_id, item_id)``
``POST /orders/{orderId}/cancel``           ``client.orders.cancel(order_id)`` (an action)
``GET /health``, ``GET /me``                ``client.health.retrieve()`` (a singleton)
``ANY /{proxy+}``                           ``client.root.request(method, proxy)``
``GET /``                                   ``client.root.retrieve()``
==========================================  ==============================================

The rules, in order:

- **Prefixes**: a leading stage name (the document's server stage), ``api`` and a version
  segment (``v1``, ``v2beta1``, ``2020-05-31``) are dropped while more segments follow; a
  version only when the document uses a single one (``/v1/x`` and ``/v2/x`` give
  ``client.v1.x`` and ``client.v2.x``). Segments starting with ``$`` (HTTP APIs' ``$default``
  route) are dropped too.
- **Key segments**: a literal followed by a parameter of the same name
  (``jurisdiction/{jurisdiction}``) only names that parameter.
- **Resources**: every other literal segment is a resource level, snake_cased
  (``staff-users`` -> ``staff_users``); parameters belong to the level before them. Paths
  without a literal segment belong to ``root``.
- **Actions**: the last segment is an action (a method of the level before it) when it is a
  literal after another segment, only one operation has that path, no other path continues
  it, and it is not a GET returning a list: ``POST /orders/{orderId}/cancel`` ->
  ``client.orders.cancel(order_id)``, ``GET /admin/stats`` -> ``client.admin.stats()``.
- **Verbs** otherwise: GET ``retrieve`` on an item (the path ends with a parameter) or a
  singleton, ``list`` on a collection (another path continues it with a parameter, it has a
  POST, or it returns a list); POST ``create``; PUT ``update`` (``replace`` when the path also
  has a PATCH); PATCH ``update``; DELETE ``delete``; HEAD ``head``; OPTIONS ``options``;
  ``ANY`` ``request`` (it takes the HTTP method); TRACE ``trace``.
- **operationIds** (when the document gives one) name the method instead, without the words
  of its resource: ``ListOrders`` and ``CancelOrder`` under ``orders`` -> ``list``,
  ``cancel``; ``listOrderItems`` under ``orders.items`` -> ``list``.
- **Tags**, when an operation has one, choose its resource (one level: ``client.<tag>``).
- **CORS preflights** (``OPTIONS`` answering only ``Access-Control-Allow-*`` headers, or a
  ``mock`` integration declaring none: :func:`generator.builder.operations.is_cors_preflight`)
  are no methods at all; they are listed as omitted (``cors-preflight``). Any other
  ``OPTIONS`` is a method, ``options``.

Collisions are settled by :mod:`generator.builder.names` (the first operation in document
order keeps the name, a later one takes its path-derived name, ``get_orders_by_order_id``).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from generator.naming import ascii_words, snake_case

ROOT = "root"
_VERSION = re.compile(
    r"v\d+(?:[._]\d+)*(?:(?:alpha|beta|rc|preview|p)\d*)?|\d{4}-\d{2}-\d{2}", re.IGNORECASE
)
_NOISE = frozenset({"api"})
_VERBS = {
    "GET": "retrieve",
    "POST": "create",
    "PUT": "update",
    "PATCH": "update",
    "DELETE": "delete",
    "HEAD": "head",
    "OPTIONS": "options",
    "ANY": "request",
    "TRACE": "trace",
}


@dataclass(frozen=True)
class Route:
    """What naming needs to know of one operation."""

    key: str  # "GET /orders/{orderId}": method and path as the document writes them
    method: str  # upper case; ANY for API Gateway's any-method
    path: str  # as the document writes it (may hold {proxy+})
    operation_id: str | None  # the document's own, None when it gives none
    fallback: str  # the operationId made from method and path (``getOrdersByOrderId``)
    tag: str | None = None  # the first tag
    returns_list: bool = False  # the success response is a list (or a page of items)


@dataclass(frozen=True)
class Derived:
    """The names the rules give one operation."""

    resource: tuple[str, ...]  # ("orders", "items")
    method: str
    fallback: str  # the method name when ``method`` is taken (snake_case of Route.fallback)


@dataclass(frozen=True)
class _Segment:
    text: str
    param: str | None  # the variable's name, for a parameter segment
    keyed: bool = False  # a parameter named by the segment before it (``jurisdiction/{...}``)

    @property
    def is_param(self) -> bool:
        return self.param is not None


def _segments(path: str) -> list[_Segment]:
    found: list[_Segment] = []
    for part in path.split("/"):
        if not part:
            continue
        if "{" in part:
            name = part[part.index("{") + 1 :].split("}", 1)[0].rstrip("+")
            found.append(_Segment(part, name))
        elif not part.startswith("$"):
            found.append(_Segment(part, None))
    return found


def _is_version(text: str) -> bool:
    return _VERSION.fullmatch(text) is not None


def _cleaned(segments: list[_Segment], stages: Collection[str], versions: int) -> list[_Segment]:
    """Without the leading stage, ``api`` and version segments, and without key segments."""
    while len(segments) > 1 and not segments[0].is_param:
        head = segments[0].text
        if head in stages or head.lower() in _NOISE or (versions == 1 and _is_version(head)):
            segments = segments[1:]
        else:
            break
    kept: list[_Segment] = []
    for index, segment in enumerate(segments):
        following = segments[index + 1] if index + 1 < len(segments) else None
        if (
            not segment.is_param
            and following is not None
            and following.param is not None
            and snake_case(segment.text) == snake_case(following.param)
        ):
            continue  # ``jurisdiction/{jurisdiction}``: names its parameter only
        previous = segments[index - 1] if index else None
        if (
            segment.param is not None
            and previous is not None
            and not previous.is_param
            and snake_case(previous.text) == snake_case(segment.param)
        ):
            segment = _Segment(segment.text, segment.param, keyed=True)
        kept.append(segment)
    return kept


def _shape(segments: Sequence[_Segment]) -> tuple[str, ...]:
    """The path with parameter names blanked: ``/orders/{id}`` and ``/orders/{orderId}`` are
    one place."""
    return tuple(("{=}" if s.keyed else "{}") if s.is_param else s.text for s in segments)


def singular(word: str) -> str:
    lowered = word.lower()
    if lowered.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if lowered.endswith(("sses", "xes", "ches", "shes", "zzes")):
        return word[:-2]
    if lowered.endswith("s") and not lowered.endswith(("ss", "us", "is")) and len(word) > 2:
        return word[:-1]
    return word


def _plural(word: str) -> str:
    lowered = word.lower()
    if lowered.endswith("y") and lowered[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    if lowered.endswith(("s", "x", "ch", "sh", "z")):
        return word + "es"
    return word + "s"


def _find_run(words: list[str], run: list[str]) -> int:
    """Where ``run`` last occurs in ``words`` (-1 when it does not)."""
    for start in range(len(words) - len(run), -1, -1):
        if words[start : start + len(run)] == run:
            return start
    return -1


def without_nouns(operation_id: str, resource: Sequence[str]) -> str:
    """The method name of an operationId, without the words of its resource: ``listOrders``
    under ``orders`` -> ``list``; ``listOrderItems`` under ``orders.items`` -> ``list``.
    Levels are dropped from the innermost out, while each one is named; a name is never left
    empty."""
    words = [w.lower() for w in ascii_words(operation_id)]
    for level in reversed(resource):
        level_words = level.lower().strip("_").split("_")
        if not level_words or not level_words[-1]:
            break
        last = level_words[-1]
        forms = [
            level_words,
            [*level_words[:-1], singular(last)],
            [*level_words[:-1], _plural(last)],
        ]
        for form in forms:
            at = _find_run(words, form)
            if at >= 0 and len(words) > len(form):
                words = words[:at] + words[at + len(form) :]
                break
        else:
            break
    return snake_case("_".join(words), fallback="operation")


def _level(text: str) -> str:
    if _is_version(text) and text[:1].isalpha():  # v1, v2beta1: not v_1
        return text.lower().replace(".", "_")
    # snake_case adds a trailing ``_`` only to keep a name usable: ``import_``, ``l_``
    return snake_case(text, fallback="resource")


def derive(routes: Sequence[Route], stages: Collection[str] = ()) -> dict[str, Derived]:
    """The names of every route (by ``Route.key``), before collisions are settled."""
    raw = {route.key: _segments(route.path) for route in routes}
    versions = len(
        {
            s[0].text.lower()
            for s in raw.values()
            if s and not s[0].is_param and _is_version(s[0].text)
        }
        | {
            s[1].text.lower()
            for s in raw.values()
            if len(s) > 1 and s[0].text.lower() in _NOISE and _is_version(s[1].text)
        }
    )
    cleaned = {key: _cleaned(segments, stages, versions) for key, segments in raw.items()}
    by_shape: dict[tuple[str, ...], list[Route]] = {}
    for route in routes:
        by_shape.setdefault(_shape(cleaned[route.key]), []).append(route)
    shapes = list(by_shape)
    result: dict[str, Derived] = {}
    for route in routes:
        segments = cleaned[route.key]
        shape = _shape(segments)
        literals = [_level(s.text) for s in segments if not s.is_param]
        siblings = by_shape[shape]
        longer = [s for s in shapes if len(s) > len(shape) and s[: len(shape)] == shape]
        fallback = snake_case(route.fallback, fallback="operation")
        is_action = (
            bool(segments)
            and not segments[-1].is_param
            and len(segments) > 1
            and len(siblings) == 1
            and not longer
            and not (route.method == "GET" and route.returns_list)
        )
        chain = literals[:-1] if is_action else literals
        resource = (_level(route.tag),) if route.tag else tuple(chain) or (ROOT,)
        if route.operation_id is not None:
            method = without_nouns(route.operation_id, resource)
        elif is_action:
            method = literals[-1]
        else:
            item = bool(segments) and segments[-1].is_param
            collection = (
                route.returns_list
                or any(s[len(shape)] == "{}" for s in longer)
                or any(r.method == "POST" for r in siblings)
            )
            method = _VERBS.get(route.method, snake_case(route.method.lower()))
            if not segments:  # the root is no collection of anything
                collection = route.returns_list
            if route.method == "GET" and not item and collection:
                method = "list"
            elif route.method == "PUT" and any(r.method == "PATCH" for r in siblings):
                method = "replace"
        result[route.key] = Derived(resource, method, fallback)
    return result


def route_key(method: str, path: str) -> str:
    """``GET /orders/{orderId}``: how configuration and manifests name an operation."""
    return f"{method} {path}"


def template_shape(path: str) -> str:
    """``/orders/{}`` for ``/orders/{orderId}``: a path with its parameter names blanked."""
    return re.sub(r"\{[^{}]*\}", "{}", path)


def levels(dotted: str) -> tuple[str, ...]:
    return tuple(part for part in dotted.split(".") if part)


def dotted(path: Iterable[str]) -> str:
    return ".".join(path)
