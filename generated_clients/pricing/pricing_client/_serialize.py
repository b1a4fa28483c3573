"""Values on the wire: parameters in every OpenAPI style, and request bodies.

Parameters follow OpenAPI's ``style`` / ``explode`` (RFC 6570): path ``simple``, ``label``,
``matrix``; query ``form``, ``spaceDelimited``, ``pipeDelimited``, ``deepObject``; header
``simple``; cookie ``form``. Delimiters stay literal and each value is percent-encoded, so a
comma inside a value (``%2C``) is told from the comma between values. ``None`` inside a list is
refused; ``None`` for a nullable parameter is sent as an empty value; datetimes are ISO 8601.
"""

from __future__ import annotations

import datetime
import enum
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import quote, unquote

import pydantic

from ._exceptions import InvalidRequestError
from ._operation import Encoding, Operation, Param, resolve_type
from ._types import REQUEST_CONTEXT, NotGiven

_type_adapters: dict[Any, pydantic.TypeAdapter[Any]] = {}


def adapter(type_: Any) -> pydantic.TypeAdapter[Any]:
    """One ``TypeAdapter`` per type, built on first use."""
    found = _type_adapters.get(type_)
    if found is None:
        found = _type_adapters[type_] = pydantic.TypeAdapter(type_)
    return found


# -- plain values ------------------------------------------------------------------------------


def jsonable(value: object) -> Any:
    """JSON-ready data of a value the caller gave: exactly the fields they set (a field set to
    ``None`` is sent as ``null``; a field left unset is not sent), by alias."""
    if isinstance(value, pydantic.BaseModel):
        return value.model_dump(
            mode="json", by_alias=True, exclude_unset=True, context=REQUEST_CONTEXT
        )
    return adapter(type(value)).dump_python(
        value, mode="json", by_alias=True, exclude_unset=True, context=REQUEST_CONTEXT
    )


def scalar_text(value: object) -> str:
    """The text of one primitive value: ``true``/``false``, ISO 8601 dates and times, an
    enum's value."""
    if type(value) is str:
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return scalar_text(value.value)
    if isinstance(value, (datetime.date, datetime.time)):  # datetime is a date
        return value.isoformat()
    if isinstance(value, (pydantic.BaseModel, Mapping, list, tuple)):
        return json.dumps(jsonable(value), separators=(",", ":"))
    if value is None:
        return ""
    return str(value)


def _items(name: str, value: Iterable[Any]) -> list[str]:
    texts = []
    for item in value:
        if item is None:
            raise InvalidRequestError(f"{name!r}: a list value holds None, which has no text")
        texts.append(scalar_text(item))
    return texts


def _object_pairs(value: object) -> list[tuple[str, str]]:
    """(key, text) of an object's properties, those set to None left out."""
    data = jsonable(value) if isinstance(value, pydantic.BaseModel) else value
    assert isinstance(data, Mapping)
    return [(str(k), scalar_text(v)) for k, v in data.items() if v is not None]


def _is_object(value: object) -> bool:
    return isinstance(value, (Mapping, pydantic.BaseModel))


def _is_list(value: object) -> bool:
    return isinstance(value, (list, tuple, set, frozenset))


def query_part(text: str) -> str:
    """RFC 3986 encoding, as SigV4 canonicalizes it (space is %20, only -_.~ unescaped)."""
    return quote(text, safe="-_.~")


# -- path --------------------------------------------------------------------------------------


def _path_text(param: Param, value: Any) -> str:
    safe = "/" if param.greedy else ""

    def enc(text: str) -> str:
        return quote(text, safe=safe)

    name = param.name
    style, explode = param.style, param.explode
    if _is_list(value):
        parts = [enc(t) for t in _items(name, value)]
        if style == "label":
            return "." + ("." if explode else ",").join(parts)
        if style == "matrix":
            if explode:
                return "".join(f";{name}={p}" for p in parts)
            return f";{name}=" + ",".join(parts)
        return ",".join(parts)
    if _is_object(value):
        pairs = [(enc(k), enc(v)) for k, v in _object_pairs(value)]
        if explode:
            joined = [f"{k}={v}" for k, v in pairs]
            if style == "label":
                return "." + ".".join(joined)
            if style == "matrix":
                return "".join(";" + p for p in joined)
            return ",".join(joined)
        flat = ",".join(f"{k},{v}" for k, v in pairs)
        if style == "label":
            return "." + flat
        if style == "matrix":
            return f";{name}=" + flat
        return flat
    text = enc(scalar_text(value))
    if style == "label":
        return "." + text
    if style == "matrix":
        return f";{name}={text}" if text else f";{name}"
    return text


def _decoded(segment: str) -> str:
    """A path segment as a server that decodes it again and again would see it."""
    for _ in range(4):
        if "%" not in segment:
            break
        segment = unquote(segment)
    return segment


def _moves(segment: str) -> bool:
    """Whether a segment would be read as ``.`` or ``..`` by a server normalising the path
    (after percent-decoding, also where a decoded ``/`` or ``\\`` splits it)."""
    decoded = _decoded(segment).replace("\\", "/")
    return any(piece in (".", "..") for piece in decoded.split("/"))


def build_path(template: str, params: Sequence[Param], values: Mapping[str, Any]) -> str:
    """The path with every path parameter filled in. A value that would make the request
    leave the declared path (``.``, ``..``, an empty segment, a dot segment inside a greedy
    value, or their percent-encoded forms) is refused before anything is sent."""
    path = template
    for param in params:
        if param.location != "path":
            continue
        value = values.get(param.key)
        if value is None or isinstance(value, NotGiven):
            raise InvalidRequestError(f"path parameter {param.name!r} needs a value")
        path = path.replace("{" + param.name + "}", _path_text(param, value))
    segments = path.split("/")
    if segments.count("") > template.split("/").count("") or (
        ("." in path or "%" in path) and any(_moves(s) for s in segments)
    ):
        raise InvalidRequestError(
            f"path {template!r}: a path parameter value would move the request to another"
            " path (empty, '.', '..' or a dot segment, also percent-encoded); refused"
        )
    return path


# -- query -------------------------------------------------------------------------------------


def query_pairs(param: Param, value: Any, out: list[str]) -> None:
    """Append the encoded ``name=value`` pairs of a query parameter to ``out``."""
    name = query_part(param.name)
    style, explode = param.style, param.explode
    if _is_list(value):
        parts = [query_part(t) for t in _items(param.name, value)]
        if explode and style == "form":
            out.extend(f"{name}={p}" for p in parts)
        else:
            delimiter = {"spaceDelimited": "%20", "pipeDelimited": "|"}.get(style, ",")
            out.append(f"{name}=" + delimiter.join(parts))
    elif _is_object(value):
        pairs = [(query_part(k), query_part(v)) for k, v in _object_pairs(value)]
        if style == "deepObject":
            out.extend(f"{name}[{k}]={v}" for k, v in pairs)
        elif explode:
            out.extend(f"{k}={v}" for k, v in pairs)
        else:
            out.append(f"{name}=" + ",".join(f"{k},{v}" for k, v in pairs))
    else:
        out.append(f"{name}={query_part(scalar_text(value))}")


def extra_query_pairs(extra: Mapping[str, Any], out: list[str]) -> None:
    for key, value in extra.items():
        if value is None:
            continue
        name = query_part(key)
        if _is_list(value):
            out.extend(f"{name}={query_part(t)}" for t in _items(key, value))
        else:
            out.append(f"{name}={query_part(scalar_text(value))}")


# -- headers and cookies -----------------------------------------------------------------------


def check_header_value(name: str, value: str, what: str = "header") -> None:
    """Refuse a header value that is not printable ASCII (CR/LF would split the request;
    httpx would fail on other characters, quoting the value). The value is never quoted."""
    if not value.isascii() or not value.isprintable():
        raise InvalidRequestError(
            f"{what} {name!r}: the value holds a character that cannot be sent in a header"
            " (only printable ASCII can)"
        )


def header_text(param: Param, value: Any) -> str:
    if _is_list(value):
        text = ",".join(_items(param.name, value))
    elif _is_object(value):
        pairs = _object_pairs(value)
        text = ",".join(f"{k}={v}" if param.explode else f"{k},{v}" for k, v in pairs)
    else:
        text = scalar_text(value)
    check_header_value(param.name, text)
    return text


def cookie_value(text: str) -> str:
    """A cookie value: percent-encoded, so ``;`` or ``,`` cannot start another cookie."""
    return quote(text, safe="")


def cookie_pairs(param: Param, value: Any) -> list[str]:
    name = param.name
    if _is_list(value):
        parts = [cookie_value(t) for t in _items(name, value)]
        if param.explode:
            return [f"{name}={p}" for p in parts]
        return [f"{name}=" + ",".join(parts)]
    if _is_object(value):
        pairs = [(k, cookie_value(v)) for k, v in _object_pairs(value)]
        if param.explode:
            return [f"{k}={v}" for k, v in pairs]
        return [f"{name}=" + ",".join(f"{k},{v}" for k, v in pairs)]
    return [f"{name}={cookie_value(scalar_text(value))}"]


# -- bodies ------------------------------------------------------------------------------------


def body_from_fields(
    op: Operation[Any], body: Any, fields: Mapping[str, Any], *, required: bool
) -> Any:
    """The body of a method that takes a JSON object's properties as keyword arguments:
    ``body`` when the caller gave it (then no property may be given too), else the object
    model built from the properties given (by their names in the document; those left at
    `NOT_GIVEN` are not sent), else nothing for an optional body."""
    given = {k: v for k, v in fields.items() if not isinstance(v, NotGiven)}
    if body is not None and not isinstance(body, NotGiven):
        if given:
            names = ", ".join(sorted(given))
            raise InvalidRequestError(
                f"give the request body either as body= or as its properties ({names}), not both"
            )
        return body
    if not given and not required:
        return body
    model = resolve_type(op.body_model)
    return model.model_validate(given) if model is not None else given


def json_body(body: object) -> bytes:
    return json.dumps(jsonable(body), separators=(",", ":")).encode()


def form_body(body: object, encoding: Mapping[str, Encoding]) -> bytes:
    """``application/x-www-form-urlencoded`` content: each property as its encoding object
    says (default ``form``, exploded: a list repeats the key, an object's properties become
    keys); a property whose encoding names a JSON content type is sent as JSON text."""
    data = jsonable(body)
    if not isinstance(data, Mapping):
        raise InvalidRequestError("a form body must be an object (a model or a mapping)")
    out: list[str] = []
    for key, value in data.items():
        enc = encoding.get(key) or _DEFAULT_ENCODING
        if enc.content_type and "json" in enc.content_type:
            out.append(f"{query_part(key)}={query_part(json.dumps(value, separators=(',', ':')))}")
            continue
        if value is None:
            out.append(f"{query_part(key)}=")
            continue
        query_pairs(Param(key, "query", enc.style, enc.explode), value, out)
    return "&".join(out).encode("ascii")


_DEFAULT_ENCODING = Encoding()


def multipart_parts(body: Any, encoding: Mapping[str, Encoding]) -> list[tuple[str, Any]]:
    """httpx ``files=`` entries: bytes and ``(filename, bytes[, content_type])`` become file
    parts, models and mappings JSON parts, everything else text fields; lists repeat a field.
    An encoding object's ``contentType`` sets a part's content type."""
    if isinstance(body, pydantic.BaseModel):
        fields = {
            info.alias or name: getattr(body, name)
            for name, info in type(body).model_fields.items()
            if name in body.model_fields_set
        }
        fields.update(body.model_extra or {})
    else:
        fields = dict(body)
    parts: list[tuple[str, Any]] = []
    for key, value in fields.items():
        content_type = (encoding.get(key) or _DEFAULT_ENCODING).content_type
        for item in value if isinstance(value, list) else [value]:
            if item is None:
                continue
            if isinstance(item, (bytes, bytearray, memoryview)):
                parts.append((key, (key, bytes(item), content_type or "application/octet-stream")))
            elif isinstance(item, tuple):
                parts.append((key, item))
            elif isinstance(item, (pydantic.BaseModel, Mapping)) or (
                content_type and "json" in content_type
            ):
                text = json.dumps(jsonable(item), separators=(",", ":"))
                parts.append((key, (None, text, content_type or "application/json")))
            elif content_type and content_type != "text/plain":
                parts.append((key, (None, scalar_text(item), content_type)))
            else:
                parts.append((key, (None, scalar_text(item))))
    return parts
