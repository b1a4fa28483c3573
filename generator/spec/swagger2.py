"""Convert a Swagger 2.0 document into an equivalent OpenAPI 3.0.3 document.

``convert_swagger2`` is pure: it never mutates its input and never raises on malformed
documents. Whatever cannot be carried over exactly is reported as a ``warning`` Diagnostic whose
pointer locates the part in the ORIGINAL Swagger document; nothing is dropped silently.

The conversion runs in two steps:

1. every ``$ref`` in the whole document (vendor extensions included) is rewritten to its
   OpenAPI 3 location while the document is copied (``#/definitions/X`` ->
   ``#/components/schemas/X`` and so on);
2. the copy is restructured: ``host``/``basePath``/``schemes`` -> ``servers``, body and form
   parameters -> ``requestBody``, response ``schema`` -> ``content``, schema dialect fixes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from generator.spec.diagnostics import Diagnostic, pointer
from generator.spec.keys import ANY_METHOD_KEY, SCHEMA_REF_PREFIX, SWAGGER2_METHODS

OPENAPI_VERSION = "3.0.3"

_Loc = tuple[str | int, ...]
_Located = tuple[dict[str, Any], _Loc]

_OPERATION_KEYS = frozenset((*SWAGGER2_METHODS, ANY_METHOD_KEY))

_JSON = "application/json"
_FORM_URLENCODED = "application/x-www-form-urlencoded"
_MULTIPART = "multipart/form-data"

# Fields of a Swagger non-body parameter, header or items object that belong in an OAS 3 schema.
_SCHEMA_FIELDS = frozenset(
    {
        "type",
        "format",
        "items",
        "default",
        "maximum",
        "exclusiveMaximum",
        "minimum",
        "exclusiveMinimum",
        "maxLength",
        "minLength",
        "pattern",
        "maxItems",
        "minItems",
        "uniqueItems",
        "enum",
        "multipleOf",
    }
)
_PARAMETER_KEEP = frozenset({"name", "in", "description", "required", "deprecated", "example"})
_OPERATION_KEEP = frozenset(
    {"tags", "summary", "description", "externalDocs", "operationId", "deprecated", "security"}
)
_PATH_ITEM_KEEP = frozenset({"$ref", "summary", "description"})
_ROOT_KEEP = frozenset({"info", "paths", "security", "tags", "externalDocs"})
_SERVER_KEYS = frozenset({"host", "basePath", "schemes"})
_COMPONENT_KEYS = frozenset({"definitions", "parameters", "responses", "securityDefinitions"})
_ROOT_CONSUMED = frozenset({"swagger", "consumes", "produces"})

_QUERY_STYLES: dict[str, dict[str, Any]] = {
    "csv": {"style": "form", "explode": False},
    "multi": {"style": "form", "explode": True},
    "ssv": {"style": "spaceDelimited", "explode": False},
    "pipes": {"style": "pipeDelimited", "explode": False},
}

_OAUTH2_FLOWS: dict[str, tuple[str, tuple[str, ...]]] = {
    "implicit": ("implicit", ("authorizationUrl",)),
    "password": ("password", ("tokenUrl",)),
    "application": ("clientCredentials", ("tokenUrl",)),
    "accessCode": ("authorizationCode", ("authorizationUrl", "tokenUrl")),
}


@dataclass
class _Context:
    """What the conversion of one document needs to know, and the diagnostics it collects."""

    definition_names: frozenset[str] = frozenset()
    response_names: frozenset[str] = frozenset()
    parameter_kinds: dict[str, str] = field(default_factory=dict)
    global_parameters: dict[str, Any] = field(default_factory=dict)
    consumes: list[str] = field(default_factory=list)
    produces: list[str] = field(default_factory=list)
    host: str | None = None
    base_path: str = ""
    diagnostics: dict[Diagnostic, None] = field(default_factory=dict)

    def warn(self, loc: _Loc, code: str, message: str) -> None:
        self.diagnostics.setdefault(Diagnostic(pointer(*loc), "warning", code, message), None)


def convert_swagger2(doc: Mapping[str, Any]) -> tuple[dict[str, Any], list[Diagnostic]]:
    """Convert a parsed Swagger 2.0 document into an OpenAPI 3.0.3 document.

    Returns the new document and the warnings for everything that was not converted exactly,
    located by JSON pointers into ``doc``. ``doc`` itself is left untouched.
    """
    ctx = _Context()
    _scan_names(doc, ctx)
    copied = _rewrite_refs(doc, (), ctx, set())
    source: dict[str, Any] = copied if isinstance(copied, dict) else {}
    ctx.global_parameters = _dict_or_empty(source.get("parameters"))
    ctx.consumes = _media_list(source.get("consumes"), ("consumes",), ctx) or []
    ctx.produces = _media_list(source.get("produces"), ("produces",), ctx) or []
    _read_server_parts(source, ctx)
    result = _convert_root(source, ctx)
    return _clone(result), list(ctx.diagnostics)


# --- step 1: copy the document, rewriting references ------------------------------------------


def _scan_names(doc: Mapping[str, Any], ctx: _Context) -> None:
    definitions = doc.get("definitions")
    if isinstance(definitions, Mapping):
        ctx.definition_names = frozenset(str(k) for k in definitions)
    responses = doc.get("responses")
    if isinstance(responses, Mapping):
        ctx.response_names = frozenset(str(k) for k in responses)
    parameters = doc.get("parameters")
    if isinstance(parameters, Mapping):
        for name, param in parameters.items():
            if isinstance(param, Mapping) and isinstance(param.get("in"), str):
                ctx.parameter_kinds[str(name)] = param["in"]


def _rewrite_refs(value: Any, loc: _Loc, ctx: _Context, active: set[int]) -> Any:
    """Deep-copy ``value`` with every local Swagger ``$ref`` pointed at its OAS 3 location."""
    if isinstance(value, Mapping):
        if id(value) in active:
            ctx.warn(loc, "swagger2-cyclic-value", "the value contains itself; replaced by {}")
            return {}
        active.add(id(value))
        out: dict[str, Any] = {}
        for key, item in value.items():
            if key == "$ref" and isinstance(item, str):
                out[key] = _rewrite_ref(item, (*loc, key), ctx)
            else:
                out[key] = _rewrite_refs(item, (*loc, key), ctx, active)
        active.discard(id(value))
        return out
    if isinstance(value, list):
        if id(value) in active:
            ctx.warn(loc, "swagger2-cyclic-value", "the value contains itself; replaced by []")
            return []
        active.add(id(value))
        items = [_rewrite_refs(item, (*loc, i), ctx, active) for i, item in enumerate(value)]
        active.discard(id(value))
        return items
    return value


def _ref_name(rest: str) -> tuple[str, bool]:
    """The component name a ref names after its section prefix, and whether it points deeper."""
    token, slash, _ = rest.partition("/")
    name = unquote(token.replace("~1", "/").replace("~0", "~"))
    return name, bool(slash)


def _rewrite_ref(ref: str, loc: _Loc, ctx: _Context) -> str:
    if ref.startswith("#/definitions/"):
        rest = ref[len("#/definitions/") :]
        name, _ = _ref_name(rest)
        if name not in ctx.definition_names:
            ctx.warn(loc, "swagger2-unresolved-ref", f"{ref} names no definition")
        return SCHEMA_REF_PREFIX + rest
    if ref.startswith("#/responses/"):
        rest = ref[len("#/responses/") :]
        name, deep = _ref_name(rest)
        if name not in ctx.response_names:
            ctx.warn(loc, "swagger2-unresolved-ref", f"{ref} names no global response")
        elif deep:
            ctx.warn(
                loc, "swagger2-deep-ref", f"{ref} points inside a response, whose shape changes"
            )
        return "#/components/responses/" + rest
    if ref.startswith("#/parameters/"):
        return _rewrite_parameter_ref(ref, loc, ctx)
    return ref


def _in_parameter_list(loc: _Loc) -> bool:
    """Whether ``loc`` is the ``$ref`` of an entry of a path-item or operation parameter list."""
    if len(loc) not in (5, 6) or loc[0] != "paths" or loc[-3] != "parameters":
        return False
    return isinstance(loc[-2], int) and (len(loc) == 5 or loc[2] in _OPERATION_KEYS)


def _rewrite_parameter_ref(ref: str, loc: _Loc, ctx: _Context) -> str:
    rest = ref[len("#/parameters/") :]
    name, deep = _ref_name(rest)
    kind = ctx.parameter_kinds.get(name)
    if kind is None:
        ctx.warn(loc, "swagger2-unresolved-ref", f"{ref} names no usable global parameter")
        return "#/components/parameters/" + rest
    if kind == "formData":
        if deep or not _in_parameter_list(loc):
            ctx.warn(
                loc,
                "swagger2-form-parameter-ref",
                f"{ref} refers to a formData parameter, which has no OpenAPI 3 component; "
                "left unchanged",
            )
        return ref  # inlined by the operation conversion
    if deep:
        ctx.warn(loc, "swagger2-deep-ref", f"{ref} points inside a parameter, whose shape changes")
    section = "requestBodies" if kind == "body" else "parameters"
    return f"#/components/{section}/{rest}"


# --- small shared helpers -----------------------------------------------------------------------


def _clone(value: Any) -> Any:
    """Copy dicts and lists so that no object appears twice in the result."""
    if isinstance(value, dict):
        return {k: _clone(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clone(v) for v in value]
    return value


def _dict_or_empty(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _is_extension(key: str) -> bool:
    return key.startswith("x-")


def _not_an_object(loc: _Loc, ctx: _Context, what: str) -> None:
    ctx.warn(loc, "swagger2-not-an-object", f"{what} is not an object; skipped")


def _unknown_field(loc: _Loc, ctx: _Context, where: str) -> None:
    ctx.warn(
        loc,
        "swagger2-unknown-field",
        f"{loc[-1]!s} is not a Swagger 2.0 {where} field; dropped",
    )


def _media_list(value: Any, loc: _Loc, ctx: _Context) -> list[str] | None:
    """A ``consumes``/``produces`` list of media types, or None when absent or unusable."""
    if value is None:
        return None
    if not isinstance(value, list):
        ctx.warn(loc, "swagger2-invalid-media-types", "expected a list of media types; ignored")
        return None
    types: list[str] = []
    for i, item in enumerate(value):
        if isinstance(item, str):
            if item not in types:
                types.append(item)
        else:
            ctx.warn((*loc, i), "swagger2-invalid-media-types", "not a media type string; ignored")
    return types


def _effective_media(value: Any, loc: _Loc, fallback: list[str], ctx: _Context) -> list[str]:
    return _media_list(value, loc, ctx) or fallback or [_JSON]


def _base_media_type(media_type: str) -> str:
    return media_type.split(";", 1)[0].strip().lower()


# --- servers ------------------------------------------------------------------------------------


def _read_server_parts(doc: dict[str, Any], ctx: _Context) -> None:
    host = doc.get("host")
    if isinstance(host, str) and host:
        ctx.host = host.rstrip("/")
    elif host is not None:
        ctx.warn(("host",), "swagger2-invalid-host", "host is not a non-empty string; ignored")
    base_path = doc.get("basePath")
    if isinstance(base_path, str):
        if base_path and not base_path.startswith("/"):
            ctx.warn(("basePath",), "swagger2-invalid-base-path", "basePath must start with /")
            base_path = "/" + base_path
        ctx.base_path = base_path.rstrip("/")
    elif base_path is not None:
        ctx.warn(("basePath",), "swagger2-invalid-base-path", "basePath is not a string; ignored")


def _scheme_list(value: Any, loc: _Loc, ctx: _Context) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        ctx.warn(loc, "swagger2-invalid-schemes", "schemes is not a list; ignored")
        return []
    schemes: list[str] = []
    for i, item in enumerate(value):
        if isinstance(item, str) and item:
            if item not in schemes:
                schemes.append(item)
        else:
            ctx.warn((*loc, i), "swagger2-invalid-schemes", "not a scheme name; ignored")
    return sorted(schemes, key=lambda s: s != "https")  # stable: https first, then input order


def _servers(schemes_value: Any, loc: _Loc, ctx: _Context) -> list[dict[str, Any]]:
    schemes = _scheme_list(schemes_value, loc, ctx)
    if ctx.host is None:
        if schemes:
            ctx.warn(
                loc,
                "swagger2-schemes-without-host",
                "schemes cannot be expressed by a relative server URL (no host); ignored",
            )
        return [{"url": ctx.base_path}] if ctx.base_path else []
    return [{"url": f"{scheme}://{ctx.host}{ctx.base_path}"} for scheme in schemes or ["https"]]


# --- schemas ------------------------------------------------------------------------------------


def _convert_schema(schema: Any, loc: _Loc, ctx: _Context, *, swagger_items: bool = False) -> Any:
    """Convert a Swagger schema to an OAS 3 schema.

    With ``swagger_items`` the schema was built from the fields of a non-body parameter, header
    or Items object, whose ``items`` member is a Swagger Items object rather than a schema.
    """
    if not isinstance(schema, dict):
        ctx.warn(loc, "swagger2-invalid-schema", "schema is not an object; left unchanged")
        return schema
    is_file = schema.get("type") == "file"
    out: dict[str, Any] = {}
    for key, value in schema.items():
        here = (*loc, key)
        if key == "type" and is_file:
            out["type"] = "string"
            out["format"] = "binary"
        elif key == "format" and is_file:
            continue
        elif key == "x-nullable":
            if isinstance(value, bool):
                out["nullable"] = value
            else:
                ctx.warn(here, "swagger2-invalid-nullable", "x-nullable is not a boolean; kept")
                out[key] = value
        elif key == "discriminator" and isinstance(value, str):
            out[key] = {"propertyName": value}
        elif key == "items" and swagger_items:
            out[key] = _convert_items(value, here, ctx)
        else:
            out[key] = _convert_schema_member(key, value, here, ctx)
    return out


def _convert_schema_member(key: str, value: Any, loc: _Loc, ctx: _Context) -> Any:
    if key == "properties":
        if isinstance(value, dict):
            return {name: _convert_schema(sub, (*loc, name), ctx) for name, sub in value.items()}
        ctx.warn(loc, "swagger2-invalid-schema", "properties is not an object; left unchanged")
        return value
    if key in ("allOf", "anyOf", "oneOf"):
        if isinstance(value, list):
            return [_convert_schema(sub, (*loc, i), ctx) for i, sub in enumerate(value)]
        ctx.warn(loc, "swagger2-invalid-schema", f"{key} is not a list; left unchanged")
        return value
    if key == "items":
        if isinstance(value, list):
            ctx.warn(loc, "swagger2-tuple-items", "a list of item schemas has no OAS 3 form; kept")
            return [_convert_schema(sub, (*loc, i), ctx) for i, sub in enumerate(value)]
        return _convert_schema(value, loc, ctx)
    if key in ("not", "additionalProperties") and not isinstance(value, bool):
        return _convert_schema(value, loc, ctx)
    return value


def _convert_items(items: Any, loc: _Loc, ctx: _Context) -> Any:
    """Convert a Swagger Items object (of a non-body parameter or header) to a schema."""
    if isinstance(items, dict) and "collectionFormat" in items:
        ctx.warn(
            (*loc, "collectionFormat"),
            "swagger2-collection-format",
            "a collectionFormat of nested array items has no OpenAPI 3 equivalent; dropped",
        )
        items = {k: v for k, v in items.items() if k != "collectionFormat"}
    return _convert_schema(items, loc, ctx, swagger_items=True)


def _simple_schema(source: dict[str, Any], loc: _Loc, ctx: _Context) -> dict[str, Any]:
    """The schema held by the top-level fields of a non-body parameter or header."""
    fields = {k: v for k, v in source.items() if k in _SCHEMA_FIELDS or k == "x-nullable"}
    converted: dict[str, Any] = _convert_schema(fields, loc, ctx, swagger_items=True)
    return converted


# --- collectionFormat -> style/explode ----------------------------------------------------------


def _style(source: dict[str, Any], where: str, loc: _Loc, ctx: _Context) -> dict[str, Any]:
    """``style``/``explode`` for an array parameter, header or form field located ``where``."""
    explicit = "collectionFormat" in source
    fmt = source.get("collectionFormat", "csv")
    here = (*loc, "collectionFormat")
    if source.get("type") != "array":
        if explicit:
            ctx.warn(here, "swagger2-collection-format", "collectionFormat of a non-array; dropped")
        return {}
    if where in ("query", "formData") and isinstance(fmt, str) and fmt in _QUERY_STYLES:
        return dict(_QUERY_STYLES[fmt])
    if where in ("path", "header") and fmt == "csv":
        return {"style": "simple"}
    ctx.warn(
        here,
        "swagger2-collection-format",
        f"collectionFormat {fmt!r} has no OpenAPI 3 equivalent for a {where} value; dropped",
    )
    return {}


# --- parameters ---------------------------------------------------------------------------------


def _convert_parameter(param: dict[str, Any], loc: _Loc, ctx: _Context) -> dict[str, Any]:
    """Convert a non-body parameter (query, header, path)."""
    if "$ref" in param:
        return param
    where = param.get("in")
    out: dict[str, Any] = {}
    for key, value in param.items():
        if key in _PARAMETER_KEEP or (_is_extension(key) and key != "x-nullable"):
            out[key] = value
        elif key == "allowEmptyValue":
            if where == "query":
                out[key] = value
            else:
                ctx.warn(
                    (*loc, key),
                    "swagger2-allow-empty-value",
                    f"allowEmptyValue is only allowed in query, not in {where}; dropped",
                )
        elif key not in _SCHEMA_FIELDS and key not in ("x-nullable", "collectionFormat", "schema"):
            _unknown_field((*loc, key), ctx, "parameter")
    if where == "path" and param.get("required") is not True:
        ctx.warn(loc, "swagger2-path-parameter-required", "a path parameter must be required")
        out["required"] = True
    out.update(_style(param, str(where), loc, ctx))
    out["schema"] = _parameter_schema(param, loc, ctx)
    return out


def _parameter_schema(param: dict[str, Any], loc: _Loc, ctx: _Context) -> Any:
    if "schema" in param:
        if "type" not in param:
            return _convert_schema(param["schema"], (*loc, "schema"), ctx)
        ctx.warn((*loc, "schema"), "swagger2-unknown-field", "schema beside type; dropped")
    if param.get("type") == "file":
        ctx.warn((*loc, "type"), "swagger2-file-parameter", "type file outside formData")
    return _simple_schema(param, loc, ctx)


def _form_parameter_target(ref: str, ctx: _Context) -> _Located | None:
    """The global formData parameter a (kept) ``#/parameters/X`` ref names, located there."""
    if not ref.startswith("#/parameters/"):
        return None
    name, _ = _ref_name(ref[len("#/parameters/") :])
    target = ctx.global_parameters.get(name)
    return (target, ("parameters", name)) if isinstance(target, dict) else None


def _collect_parameters(
    value: Any, loc: _Loc, ctx: _Context
) -> tuple[list[_Located], list[_Located], list[_Located]]:
    """Split a parameter list into (non-body, body, formData) entries with their locations.

    References to global formData parameters are resolved here, located at the global.
    """
    plain: list[_Located] = []
    bodies: list[_Located] = []
    forms: list[_Located] = []
    if not isinstance(value, list):
        ctx.warn(loc, "swagger2-invalid-parameters", "parameters is not a list; skipped")
        return plain, bodies, forms
    for i, param in enumerate(value):
        here = (*loc, i)
        if not isinstance(param, dict):
            _not_an_object(here, ctx, "parameter")
            continue
        ref = param.get("$ref")
        if isinstance(ref, str):
            if ref.startswith("#/components/requestBodies/"):
                bodies.append((param, here))
            elif (target := _form_parameter_target(ref, ctx)) is not None:
                forms.append(target)  # a global formData parameter, inlined into the form body
            else:
                plain.append((param, here))
            continue
        kind = param.get("in")
        if kind == "body":
            bodies.append((param, here))
        elif kind == "formData":
            forms.append((param, here))
        elif kind in ("query", "header", "path"):
            plain.append((param, here))
        else:
            ctx.warn(here, "swagger2-invalid-parameter", f"unknown location in={kind!r}; skipped")
    return plain, bodies, forms


def _body_request(
    param: dict[str, Any], consumes: list[str], loc: _Loc, ctx: _Context
) -> dict[str, Any]:
    """Convert a body parameter to a Request Body object with one content entry per type."""
    out: dict[str, Any] = {}
    if "description" in param:
        out["description"] = param["description"]
    if "schema" in param:
        schema = _convert_schema(param["schema"], (*loc, "schema"), ctx)
    else:
        ctx.warn(loc, "swagger2-body-without-schema", "body parameter has no schema; {} used")
        schema = {}
    out["content"] = {media_type: {"schema": schema} for media_type in consumes}
    if "required" in param:
        out["required"] = param["required"]
    if isinstance(param.get("name"), str):
        out["x-body-name"] = param["name"]
    for key, value in param.items():
        if _is_extension(key):
            out[key] = value
        elif key not in ("in", "name", "description", "required", "schema"):
            _unknown_field((*loc, key), ctx, "body parameter")
    return out


def _form_property(param: dict[str, Any], loc: _Loc, ctx: _Context) -> dict[str, Any]:
    schema = _simple_schema(param, loc, ctx)
    if "description" in param:
        schema["description"] = param["description"]
    for key, value in param.items():
        if _is_extension(key) and key != "x-nullable":
            schema[key] = value
        elif key == "allowEmptyValue":
            ctx.warn(
                (*loc, key),
                "swagger2-allow-empty-value",
                "allowEmptyValue of a form field has no OpenAPI 3 equivalent; dropped",
            )
        elif key not in _SCHEMA_FIELDS and key not in (
            "name",
            "in",
            "description",
            "required",
            "collectionFormat",
            "x-nullable",
        ):
            _unknown_field((*loc, key), ctx, "formData parameter")
    return schema


def _form_media_types(
    consumes: list[str], explicit: bool, has_file: bool, loc: _Loc, ctx: _Context
) -> list[str]:
    types = [t for t in consumes if _base_media_type(t) in (_FORM_URLENCODED, _MULTIPART)]
    if has_file and any(_base_media_type(t) == _FORM_URLENCODED for t in types):
        ctx.warn(loc, "swagger2-form-encoding", "file fields cannot be url-encoded; multipart used")
        types = [t for t in types if _base_media_type(t) == _MULTIPART]
    if not types:
        types = [_MULTIPART if has_file else _FORM_URLENCODED]
        if explicit:
            ctx.warn(
                loc,
                "swagger2-form-encoding",
                f"consumes lists no form media type; {types[0]} used for formData parameters",
            )
    return types


def _form_request(
    forms: list[_Located], consumes: list[str], explicit: bool, loc: _Loc, ctx: _Context
) -> dict[str, Any]:
    """Turn formData parameters into one Request Body with an object schema."""
    properties: dict[str, Any] = {}
    required: list[str] = []
    styles: dict[str, tuple[dict[str, Any], _Loc]] = {}
    for param, here in forms:
        name = param.get("name")
        if not isinstance(name, str):
            ctx.warn(here, "swagger2-invalid-parameter", "formData parameter has no name; skipped")
            continue
        if name in properties:
            ctx.warn(
                here, "swagger2-duplicate-form-field", f"{name} is repeated; the last one wins"
            )
        properties[name] = _form_property(param, here, ctx)
        if param.get("required") is True and name not in required:
            required.append(name)
        styles[name] = (_style(param, "formData", here, ctx), here)
    has_file = any(p.get("type") == "file" for p, _ in forms)
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    content: dict[str, Any] = {}
    for media_type in _form_media_types(consumes, explicit, has_file, loc, ctx):
        entry: dict[str, Any] = {"schema": schema}
        encoding = _form_encoding(media_type, styles, forms, ctx)
        if encoding:
            entry["encoding"] = encoding
        content[media_type] = entry
    body: dict[str, Any] = {"content": content}
    if required:
        body["required"] = True
    return body


def _form_encoding(
    media_type: str,
    styles: dict[str, tuple[dict[str, Any], _Loc]],
    forms: list[_Located],
    ctx: _Context,
) -> dict[str, Any]:
    if _base_media_type(media_type) == _FORM_URLENCODED:
        return {name: {**style} for name, (style, _) in styles.items() if style}
    for param, here in forms:
        if param.get("collectionFormat", "multi") != "multi" and param.get("type") == "array":
            ctx.warn(
                (*here, "collectionFormat"),
                "swagger2-collection-format",
                "only repeated parts (multi) can be expressed for a multipart/form-data field",
            )
    return {}


def _request_body(
    bodies: list[_Located],
    forms: list[_Located],
    op: dict[str, Any],
    loc: _Loc,
    ctx: _Context,
) -> dict[str, Any] | None:
    declared = _media_list(op.get("consumes"), (*loc, "consumes"), ctx)
    consumes = declared or ctx.consumes or [_JSON]
    if bodies:
        for _, extra in bodies[1:]:
            ctx.warn(extra, "swagger2-multiple-bodies", "only one body parameter is allowed")
        for _, extra in forms:
            ctx.warn(extra, "swagger2-body-and-form", "formData beside a body parameter; dropped")
        param, here = bodies[0]
        if "$ref" in param:
            for key in param:
                if key != "$ref":
                    ctx.warn((*here, key), "swagger2-ref-sibling", "ignored beside $ref; dropped")
            if consumes != (ctx.consumes or [_JSON]):
                ctx.warn(
                    here,
                    "swagger2-body-ref-consumes",
                    "the referenced request body lists the global consumes, not the operation's",
                )
            return {"$ref": param["$ref"]}
        return _body_request(param, consumes, here, ctx)
    if forms:
        return _form_request(forms, consumes, declared is not None, (*loc, "parameters"), ctx)
    return None


def _merge_forms(inherited: list[_Located], own: list[_Located]) -> list[_Located]:
    """Operation formData parameters override path-level ones of the same name."""
    own_names = {p.get("name") for p, _ in own}
    return [entry for entry in inherited if entry[0].get("name") not in own_names] + own


# --- responses ----------------------------------------------------------------------------------


def _convert_header(header: dict[str, Any], loc: _Loc, ctx: _Context) -> dict[str, Any]:
    if "$ref" in header:
        return header
    out: dict[str, Any] = {}
    for key, value in header.items():
        if key == "description" or (_is_extension(key) and key != "x-nullable"):
            out[key] = value
        elif key not in _SCHEMA_FIELDS and key not in ("collectionFormat", "x-nullable"):
            _unknown_field((*loc, key), ctx, "header")
    out.update(_style(header, "header", loc, ctx))
    out["schema"] = _simple_schema(header, loc, ctx)
    return out


def _convert_headers(headers: Any, loc: _Loc, ctx: _Context) -> dict[str, Any]:
    if not isinstance(headers, dict):
        _not_an_object(loc, ctx, "headers")
        return {}
    out: dict[str, Any] = {}
    for name, header in headers.items():
        if isinstance(header, dict):
            out[name] = _convert_header(header, (*loc, name), ctx)
        else:
            _not_an_object((*loc, name), ctx, "header")
    return out


def _response_content(
    response: dict[str, Any], produces: list[str], loc: _Loc, ctx: _Context
) -> dict[str, Any]:
    content: dict[str, Any] = {}
    schema: Any = None
    if "schema" in response:
        schema = _convert_schema(response["schema"], (*loc, "schema"), ctx)
        content = {media_type: {"schema": schema} for media_type in produces}
    examples = response.get("examples")
    if examples is None:
        return content
    if not isinstance(examples, dict):
        _not_an_object((*loc, "examples"), ctx, "examples")
        return content
    for media_type, example in examples.items():
        if media_type not in content:
            if content:
                ctx.warn(
                    (*loc, "examples", media_type),
                    "swagger2-example-media-type",
                    f"example for {media_type}, which produces does not list; added to content",
                )
            content[media_type] = {"schema": schema} if "schema" in response else {}
        content[media_type]["example"] = example
    return content


def _convert_response(
    response: dict[str, Any], produces: list[str], loc: _Loc, ctx: _Context
) -> dict[str, Any]:
    if "$ref" in response:
        for key in response:
            if key != "$ref":
                ctx.warn((*loc, key), "swagger2-ref-sibling", "ignored beside $ref; dropped")
        return {"$ref": response["$ref"]}
    out: dict[str, Any] = {}
    description = response.get("description")
    if not isinstance(description, str):
        ctx.warn(loc, "swagger2-response-description", "response has no description; '' used")
        description = ""
    out["description"] = description
    if "headers" in response:
        out["headers"] = _convert_headers(response["headers"], (*loc, "headers"), ctx)
    content = _response_content(response, produces, loc, ctx)
    if content:
        out["content"] = content
    for key, value in response.items():
        if _is_extension(key):
            out[key] = value
        elif key not in ("description", "headers", "schema", "examples"):
            _unknown_field((*loc, key), ctx, "response")
    return out


def _convert_responses(
    responses: Any, produces: list[str], loc: _Loc, ctx: _Context
) -> dict[str, Any] | None:
    if not isinstance(responses, dict):
        _not_an_object(loc, ctx, "responses")
        return None
    out: dict[str, Any] = {}
    for code, response in responses.items():
        if _is_extension(code):
            out[code] = response
        elif isinstance(response, dict):
            out[code] = _convert_response(response, produces, (*loc, code), ctx)
        else:
            _not_an_object((*loc, code), ctx, "response")
    return out


# --- operations and paths -----------------------------------------------------------------------


def _convert_operation(
    op: dict[str, Any],
    inherited_bodies: list[_Located],
    inherited_forms: list[_Located],
    loc: _Loc,
    ctx: _Context,
) -> dict[str, Any]:
    plain: list[_Located] = []
    bodies: list[_Located] = []
    forms: list[_Located] = []
    if "parameters" in op:
        plain, bodies, forms = _collect_parameters(op["parameters"], (*loc, "parameters"), ctx)
    body = _request_body(
        bodies or inherited_bodies, _merge_forms(inherited_forms, forms), op, loc, ctx
    )
    produces = _effective_media(op.get("produces"), (*loc, "produces"), ctx.produces, ctx)
    parameters = [_convert_parameter(p, here, ctx) for p, here in plain]
    out: dict[str, Any] = {}
    for key, value in op.items():
        if key == "parameters" and parameters:
            out[key] = parameters
        if key in ("parameters", "responses") and body is not None:
            out["requestBody"] = body  # right after the parameters, or before the responses
            body = None
        if key == "parameters":
            continue
        if key == "responses":
            responses = _convert_responses(value, produces, (*loc, key), ctx)
            if responses is not None:
                out[key] = responses
        elif key == "schemes":
            servers = _servers(value, (*loc, key), ctx)
            if servers:
                out["servers"] = servers
        elif key in _OPERATION_KEEP or _is_extension(key):
            out[key] = value
        elif key not in ("consumes", "produces"):
            _unknown_field((*loc, key), ctx, "operation")
    if body is not None:
        out["requestBody"] = body
    return out


def _convert_path_item(item: dict[str, Any], loc: _Loc, ctx: _Context) -> dict[str, Any]:
    plain: list[_Located] = []
    bodies: list[_Located] = []
    forms: list[_Located] = []
    if "parameters" in item:
        plain, bodies, forms = _collect_parameters(item["parameters"], (*loc, "parameters"), ctx)
    out: dict[str, Any] = {}
    has_operation = False
    for key, value in item.items():
        here = (*loc, key)
        if key == "parameters":
            if plain:
                out[key] = [_convert_parameter(p, where, ctx) for p, where in plain]
        elif key in _OPERATION_KEYS:
            if isinstance(value, dict):
                out[key] = _convert_operation(value, bodies, forms, here, ctx)
                has_operation = True
            else:
                _not_an_object(here, ctx, "operation")
        elif key in _PATH_ITEM_KEEP or _is_extension(key):
            out[key] = value
        else:
            _unknown_field(here, ctx, "path item")
    if (bodies or forms) and not has_operation:
        ctx.warn(
            (*loc, "parameters"),
            "swagger2-unused-body",
            "body/formData parameters of a path without operations have nowhere to go; dropped",
        )
    return out


def _convert_paths(paths: Any, ctx: _Context) -> dict[str, Any]:
    if not isinstance(paths, dict):
        _not_an_object(("paths",), ctx, "paths")
        return {}
    out: dict[str, Any] = {}
    for path, item in paths.items():
        if _is_extension(path):
            out[path] = item
        elif isinstance(item, dict):
            out[path] = _convert_path_item(item, ("paths", path), ctx)
        else:
            _not_an_object(("paths", path), ctx, "path item")
    return out


# --- components ---------------------------------------------------------------------------------


def _convert_definitions(definitions: Any, ctx: _Context) -> dict[str, Any]:
    if not isinstance(definitions, dict):
        _not_an_object(("definitions",), ctx, "definitions")
        return {}
    return {
        name: _convert_schema(schema, ("definitions", name), ctx)
        for name, schema in definitions.items()
    }


def _convert_global_parameters(
    parameters: Any, ctx: _Context
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Global parameters -> (components.parameters, components.requestBodies)."""
    params: dict[str, Any] = {}
    bodies: dict[str, Any] = {}
    if not isinstance(parameters, dict):
        _not_an_object(("parameters",), ctx, "parameters")
        return params, bodies
    for name, param in parameters.items():
        loc: _Loc = ("parameters", name)
        kind = param.get("in") if isinstance(param, dict) else None
        if not isinstance(param, dict):
            _not_an_object(loc, ctx, "parameter")
        elif kind == "body":
            bodies[name] = _body_request(param, ctx.consumes or [_JSON], loc, ctx)
        elif kind == "formData":
            ctx.warn(
                loc,
                "swagger2-form-parameter-component",
                "a formData parameter has no OpenAPI 3 component form; it is inlined into the "
                "request body of each operation that references it",
            )
        elif kind in ("query", "header", "path"):
            params[name] = _convert_parameter(param, loc, ctx)
        else:
            ctx.warn(loc, "swagger2-invalid-parameter", f"unknown location in={kind!r}; skipped")
    return params, bodies


def _convert_global_responses(responses: Any, ctx: _Context) -> dict[str, Any]:
    return _convert_responses(responses, ctx.produces or [_JSON], ("responses",), ctx) or {}


def _convert_security_scheme(scheme: dict[str, Any], loc: _Loc, ctx: _Context) -> dict[str, Any]:
    kind = scheme.get("type")
    if kind == "apiKey":
        return scheme
    extras = {k: v for k, v in scheme.items() if k == "description" or _is_extension(k)}
    if kind == "basic":
        for key in scheme:
            if key not in extras and key != "type":
                _unknown_field((*loc, key), ctx, "basic security scheme")
        return {"type": "http", "scheme": "basic", **extras}
    if kind == "oauth2":
        return {"type": "oauth2", "flows": _oauth2_flows(scheme, loc, ctx), **extras}
    ctx.warn(loc, "swagger2-security-type", f"unknown security scheme type {kind!r}; kept as is")
    return scheme


def _oauth2_flows(scheme: dict[str, Any], loc: _Loc, ctx: _Context) -> dict[str, Any]:
    flow = scheme.get("flow")
    spec = _OAUTH2_FLOWS.get(flow) if isinstance(flow, str) else None
    handled = {"type", "flow", "scopes", "description", "authorizationUrl", "tokenUrl"}
    for key in scheme:
        if key not in handled and not _is_extension(key):
            _unknown_field((*loc, key), ctx, "oauth2 security scheme")
    if spec is None:
        ctx.warn((*loc, "flow"), "swagger2-oauth2-flow", f"unknown oauth2 flow {flow!r}; no flows")
        return {}
    name, urls = spec
    converted: dict[str, Any] = {}
    for url in urls:
        if url in scheme:
            converted[url] = scheme[url]
        else:
            ctx.warn(loc, "swagger2-oauth2-flow", f"the {flow} flow needs {url}")
    for url in ("authorizationUrl", "tokenUrl"):
        if url in scheme and url not in urls:
            ctx.warn((*loc, url), "swagger2-oauth2-flow", f"{url} is not used by the {flow} flow")
    scopes = scheme.get("scopes", {})
    converted["scopes"] = scopes if isinstance(scopes, dict) else {}
    if not isinstance(scopes, dict):
        _not_an_object((*loc, "scopes"), ctx, "scopes")
    return {name: converted}


def _convert_security_definitions(definitions: Any, ctx: _Context) -> dict[str, Any]:
    if not isinstance(definitions, dict):
        _not_an_object(("securityDefinitions",), ctx, "securityDefinitions")
        return {}
    out: dict[str, Any] = {}
    for name, scheme in definitions.items():
        loc: _Loc = ("securityDefinitions", name)
        if isinstance(scheme, dict):
            out[name] = _convert_security_scheme(scheme, loc, ctx)
        else:
            _not_an_object(loc, ctx, "security scheme")
    return out


def _convert_components(doc: dict[str, Any], ctx: _Context) -> dict[str, Any]:
    components: dict[str, Any] = {}
    for key, value in doc.items():
        if key == "definitions":
            components["schemas"] = _convert_definitions(value, ctx)
        elif key == "parameters":
            params, bodies = _convert_global_parameters(value, ctx)
            if params:
                components["parameters"] = params
            if bodies:
                components["requestBodies"] = bodies
        elif key == "responses":
            components["responses"] = _convert_global_responses(value, ctx)
        elif key == "securityDefinitions":
            components["securitySchemes"] = _convert_security_definitions(value, ctx)
    return components


# --- root ---------------------------------------------------------------------------------------


def _convert_root(doc: dict[str, Any], ctx: _Context) -> dict[str, Any]:
    version = doc.get("swagger")
    if version != "2.0":
        ctx.warn(("swagger",), "swagger2-version", f"swagger is {version!r}, not '2.0'")
    out: dict[str, Any] = {"openapi": OPENAPI_VERSION}
    servers = _servers(doc.get("schemes"), ("schemes",), ctx)
    components = _convert_components(doc, ctx)
    for key, value in doc.items():
        if key in _SERVER_KEYS:
            if servers and "servers" not in out:
                out["servers"] = servers
        elif key in _COMPONENT_KEYS:
            if "components" not in out:
                out["components"] = components
        elif key == "paths":
            out[key] = _convert_paths(value, ctx)
        elif key in _ROOT_KEEP or _is_extension(key):
            out[key] = value
        elif key not in _ROOT_CONSUMED:
            _unknown_field((key,), ctx, "top-level")
    return out
