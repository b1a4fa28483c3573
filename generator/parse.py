"""Build the IR from a normalized OpenAPI 3 document.

Tolerant by design: anything that cannot be represented is left out of the client and listed
in ``Api.omissions`` with its JSON pointer, never dropped silently.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Mapping
from typing import Any

from generator import ir
from generator.model_schemas import fit_for_models, flatten_conflicting_bases
from generator.naming import NameRegistry, module_name, pascal_case, py_literal, snake_case
from generator.pagination import detect_pagination
from generator.spec.diagnostics import (
    Diagnostic,
    escape_pointer_token,
    pointer,
    pointer_target,
    unescape_pointer,
)
from generator.spec.normalize import (
    ANY_METHOD_KEY,
    OPERATION_KEYS,
    X_GREEDY,
    X_ORIGINAL_PATH,
    iter_operations,
    operation_method,
)
from generator.spec.operations import effective_parameters
from generator.spec.remote_refs import is_remote
from generator.url_credentials import strip_credentials

SCHEMA_REF_PREFIX = "#/components/schemas/"
# Schema keywords whose value maps names (of properties, of definitions) to schemas.
NAME_MAPS = frozenset(
    {"properties", "patternProperties", "definitions", "$defs", "dependentSchemas"}
)
MAX_LITERAL_ENUM = 64

# Attributes of the generated Client that a resource may not shadow.
RESERVED_CLIENT_ATTRIBUTES = frozenset(
    {
        "base_url",
        "close",
        "aclose",
        "copy",
        "headers",
        "timeout",
        "request",
        "with_options",
        "with_raw_response",
        "http_client",
        "stage",
        "api_key",
        "token",
    }
)
# Attributes of a generated resource class.
RESERVED_RESOURCE_ATTRIBUTES = frozenset({"with_raw_response", "with_options"})
# Classes a resource module defines besides ``<Name>`` itself: Async<Name>, <Name>WithRawResponse.
RESOURCE_VARIANTS = ("", "WithRawResponse")
# Keyword arguments every generated method has, and the module-level names its body calls
# (an argument of the same name would shadow them: resource.py.j2).
RESERVED_ARGUMENTS = frozenset(
    {"self", "extra_headers", "extra_query", "timeout", "max_retries", "idempotent", "cast_to"}
    | {"cast", "call", "call_async"}
)
_JSON_MEDIA = re.compile(r"^application/(.+\+)?json(;.*)?$", re.IGNORECASE)
_UNUSABLE_URL = re.compile(r"\$\{|<[^>]*>|\{[^}]*\}")


_IMMUTABLE = (str, int, float, bool, type(None))


def copy_json(node: Any, memo: dict[int, Any] | None = None) -> Any:
    """``copy.deepcopy`` for parsed documents, several times faster: dicts and lists are
    copied (an object met twice, as YAML aliases make, is copied once, as deepcopy does),
    text and numbers are shared, anything else goes to deepcopy."""
    if isinstance(node, _IMMUTABLE):
        return node
    if memo is None:
        memo = {}
    found = memo.get(id(node))
    if found is not None:
        return found
    if type(node) is dict:
        copied: Any = {}
        memo[id(node)] = copied
        for key, value in node.items():
            copied[key] = value if isinstance(value, _IMMUTABLE) else copy_json(value, memo)
        return copied
    if type(node) is list:
        copied = []
        memo[id(node)] = copied
        copied.extend(
            item if isinstance(item, _IMMUTABLE) else copy_json(item, memo) for item in node
        )
        return copied
    return copy.deepcopy(node, memo)


class _Builder:
    def __init__(self, doc: Mapping[str, Any]) -> None:
        self.doc = doc
        self.omissions: list[Diagnostic] = []
        self.notes: list[Diagnostic] = []
        self.model_registry = NameRegistry()
        self.schema_classes: dict[str, str] = {}  # components.schemas key -> class name
        self.model_schemas: dict[str, Any] = {}  # class name -> schema (refs rewritten)
        self.models: list[ir.Model] = []
        self.following: list[str] = []  # refs being followed, innermost last
        self.pointer_classes: dict[str, str] = {}  # non-component schema ref -> class name
        self.scheme_places: dict[str, tuple[str, str]] = {}  # scheme -> (location, name)

    # -- helpers ------------------------------------------------------------------------------

    def omit(self, ptr: str, code: str, message: str) -> None:
        self.omissions.append(Diagnostic(ptr, "warning", code, message))

    def resolve(self, node: Any, ptr: str, depth: int = 0) -> tuple[Any, str]:
        """Follow local $refs of non-schema objects (parameters, bodies, responses)."""
        while isinstance(node, dict) and isinstance(node.get("$ref"), str) and depth < 32:
            ref = node["$ref"]
            target = self.lookup(ref)
            if target is None:
                self.omit_ref(ptr, ref, "left out")
                return None, ptr
            node, ptr, depth = target, ref.lstrip("#"), depth + 1
        return node, ptr

    def omit_ref(self, ptr: str, ref: str, outcome: str, *, recursive: bool = False) -> None:
        if recursive:
            self.omit(ptr, "recursive-ref", f"reference {ref!r} refers to itself; {outcome}")
        elif is_remote(ref):
            self.omit(
                ptr,
                "remote-ref",
                f"reference {ref!r} is to another document, which was not fetched (http(s) "
                f"references are fetched with --allow-remote-refs); {outcome}",
            )
        else:
            self.omit(ptr, "unresolved-ref", f"reference {ref!r} points nowhere; {outcome}")

    def lookup(self, ref: str) -> Any:
        return pointer_target(self.doc, ref)

    # -- models -------------------------------------------------------------------------------

    def collect_models(self) -> None:
        components = self.doc.get("components")
        schemas = components.get("schemas") if isinstance(components, dict) else None
        if not isinstance(schemas, dict):
            return
        for key in schemas:
            self.schema_classes[key] = self.model_registry.claim_class(pascal_case(key))
        for key, schema in schemas.items():
            name = self.schema_classes[key]
            ptr = pointer("components", "schemas", key)
            self.model_schemas[name] = self.model_schema(schema, ptr, name)
            self.models.append(ir.Model(class_name=name, schema_name=key, pointer=ptr))

    def model_schema(self, schema: Any, ptr: str, class_name: str) -> Any:
        """A copy for datamodel-code-generator: refs rewritten, unusable keywords removed."""
        prepared = self.rewrite_refs(copy_json(schema), ptr)
        for change in fit_for_models(prepared, ptr, SCHEMA_REF_PREFIX + class_name):
            self.omit(change.pointer, change.code, change.message)
        return prepared

    def rewrite_refs(self, node: Any, ptr: str, *, name_map: bool = False) -> Any:
        """Point schema refs at final class names; refs that point nowhere become ``{}``.

        ``name_map``: ``node`` maps names to schemas (``properties``), so a key like
        ``x-kubernetes-validations`` is a property, not an extension to leave alone.
        """
        if isinstance(node, dict) and name_map:
            return {
                key: self.rewrite_refs(value, f"{ptr}/{escape_pointer_token(key)}")
                for key, value in node.items()
            }
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                name = self.class_for_ref(ref) or self.class_for_pointer(ref)
                if name is not None:
                    return {
                        **{k: v for k, v in node.items() if k != "$ref"},
                        "$ref": SCHEMA_REF_PREFIX + name,
                    }
                target = self.lookup(ref)
                if isinstance(target, dict) and ref.count("/") > 1 and ref not in self.following:
                    # A ref into another part of the document: inline a copy (refs rewritten).
                    self.following.append(ref)
                    try:
                        return self.rewrite_refs(copy_json(target), ptr)
                    finally:
                        self.following.pop()
                self.omit_ref(ptr, ref, "typed as Any", recursive=ref in self.following)
                return {}
            return {
                key: (
                    value
                    if key.startswith("x-")
                    else self.rewrite_discriminator(value, f"{ptr}/{key}")
                    if key == "discriminator"
                    else self.rewrite_refs(
                        value, f"{ptr}/{escape_pointer_token(key)}", name_map=key in NAME_MAPS
                    )
                )
                for key, value in node.items()
            }
        if isinstance(node, list):
            return [self.rewrite_refs(item, f"{ptr}/{i}") for i, item in enumerate(node)]
        return node

    def rewrite_discriminator(self, node: Any, ptr: str) -> Any:
        """A discriminator's ``mapping`` names schemas too: point it at the class names."""
        if not isinstance(node, dict) or not isinstance(node.get("mapping"), dict):
            return node
        mapping: dict[str, str] = {}
        for value, target in node["mapping"].items():
            ref = str(target) if str(target).startswith("#") else SCHEMA_REF_PREFIX + str(target)
            name = self.class_for_ref(ref) or self.class_for_pointer(ref)
            if name is None:
                self.omit_ref(f"{ptr}/mapping/{escape_pointer_token(str(value))}", ref, "ignored")
                continue
            mapping[str(value)] = SCHEMA_REF_PREFIX + name
        rewritten = {k: v for k, v in node.items() if k != "mapping"}
        return rewritten | ({"mapping": mapping} if mapping else {})

    def class_for_pointer(self, ref: str) -> str | None:
        """The class for a schema referenced elsewhere than ``components.schemas``.

        Object-like targets, and targets that hold references themselves, get one class each
        (made once, so shared and recursive targets cost nothing more); copying them into each
        user instead grows exponentially on documents that nest such references.
        """
        if ref in self.pointer_classes:
            return self.pointer_classes[ref]
        target = self.lookup(ref)
        if not isinstance(target, dict) or self.is_free_form(target) or "$ref" in target:
            return None
        if not (_object_like(target) or _holds_ref(target)):
            return None
        name = self.model_registry.claim_class(pascal_case(_pointer_name(ref)))
        self.pointer_classes[ref] = name
        ptr = ref.lstrip("#")
        self.model_schemas[name] = {}  # claimed before its schema is built: it may refer to itself
        self.models.append(ir.Model(class_name=name, schema_name=None, pointer=ptr))
        self.model_schemas[name] = self.model_schema(target, ptr, name)
        return name

    def class_for_ref(self, ref: str) -> str | None:
        if not ref.startswith(SCHEMA_REF_PREFIX):
            return None
        tokens = unescape_pointer(ref)
        if len(tokens) != 3:
            return None
        return self.schema_classes.get(tokens[2])

    def hoist(self, schema: Mapping[str, Any], name_hint: str, ptr: str) -> ir.TypeRef:
        name = self.model_registry.claim_class(pascal_case(name_hint))
        self.model_schemas[name] = self.model_schema(dict(schema), ptr, name)
        self.models.append(ir.Model(class_name=name, schema_name=None, pointer=ptr))
        return ir.TypeRef(name, (name,))

    @staticmethod
    def is_free_form(schema: Any) -> bool:
        """An object schema that says nothing about its members (API Gateway's ``Empty``)."""
        if not isinstance(schema, dict):
            return False
        structural = {"properties", "allOf", "oneOf", "anyOf", "items", "enum", "$ref", "not"}
        if structural & schema.keys():
            return False
        additional = schema.get("additionalProperties", True)
        return schema.get("type", "object") == "object" and additional in (True, {})

    @staticmethod
    def is_plain_container(schema: Any) -> bool:
        """An array or primitive schema without enum or composition (no model of its own)."""
        if not isinstance(schema, dict) or "$ref" in schema:
            return False
        if {"enum", "allOf", "oneOf", "anyOf", "properties"} & schema.keys():
            return False
        return schema.get("type") in ("array", "string", "integer", "number", "boolean")

    def type_of(
        self, schema: Any, name_hint: str, ptr: str, *, hoist: bool, literal_enums: bool = False
    ) -> ir.TypeRef:
        """The Python type for a schema; object-like inline schemas become models if ``hoist``."""
        if not isinstance(schema, dict) or not schema:
            return ir.ANY
        ref = schema.get("$ref")
        if isinstance(ref, str):
            tokens = unescape_pointer(ref) if ref.startswith("#") else []
            target = self.lookup(ref)
            if target is None:
                self.omit_ref(ptr, ref, "typed as Any")
                return ir.ANY
            name = self.class_for_ref(ref)
            recursive = ref in self.following
            if name is None and hoist and not self.is_plain_container(target):
                # A schema elsewhere in the document (not a component): a class of its own.
                hoisted = self.class_for_pointer(ref)
                if hoisted is not None:
                    return ir.TypeRef(hoisted, (hoisted,))
            if name is not None and len(tokens) == 3:
                if self.is_free_form(target):
                    return ir.TypeRef("dict[str, Any]")
                if self.is_plain_container(target) and not recursive:
                    # A named array or primitive would be a RootModel wrapper: use the plain type.
                    return self.follow(ref, target, name, hoist=hoist)
                return ir.TypeRef(name, (name,))
            if recursive:
                self.omit_ref(ptr, ref, "typed as Any", recursive=True)
                return ir.ANY
            return self.follow(ref, target, name_hint, hoist=hoist)
        base = self._base_type(schema, name_hint, ptr, hoist=hoist, literal_enums=literal_enums)
        nullable = schema.get("nullable") is True or (
            isinstance(schema.get("type"), list) and "null" in schema["type"]
        )
        if nullable and not base.is_any and not base.annotation.endswith("| None"):
            return ir.TypeRef(f"{base.annotation} | None", base.models)
        return base

    def follow(self, ref: str, target: Any, name_hint: str, *, hoist: bool) -> ir.TypeRef:
        """The type of a reference's target; ``following`` stops reference cycles."""
        self.following.append(ref)
        try:
            return self.type_of(target, name_hint, ref.lstrip("#"), hoist=hoist)
        finally:
            self.following.pop()

    def _base_type(
        self, schema: dict[str, Any], name_hint: str, ptr: str, *, hoist: bool, literal_enums: bool
    ) -> ir.TypeRef:
        type_ = schema.get("type")
        if isinstance(type_, list):
            kinds = [t for t in type_ if t != "null"]
            type_ = kinds[0] if len(kinds) == 1 else None
        enum = schema.get("enum")
        if isinstance(enum, list) and enum:
            values = [v for v in enum if v is not None]
            if (
                literal_enums
                and values
                and len(values) <= MAX_LITERAL_ENUM
                and all(isinstance(v, str) for v in values)
            ):
                return ir.TypeRef("Literal[" + ", ".join(py_literal(v) for v in values) + "]")
            if hoist and values:
                return self.hoist(schema, name_hint, ptr)
        composite = any(k in schema for k in ("allOf", "oneOf", "anyOf"))
        if (
            composite
            or "properties" in schema
            or (type_ == "object" and not self.is_free_form(schema))
        ):
            additional = schema.get("additionalProperties")
            if not composite and "properties" not in schema and isinstance(additional, dict):
                value = self.type_of(
                    additional, name_hint + "Value", ptr + "/additionalProperties", hoist=hoist
                )
                return ir.TypeRef(f"dict[str, {value.annotation}]", value.models)
            if hoist:
                return self.hoist(schema, name_hint, ptr)
            return ir.TypeRef("dict[str, Any]")
        if type_ == "object" or (type_ is None and self.is_free_form(schema) and "type" in schema):
            return ir.TypeRef("dict[str, Any]")
        if type_ == "array":
            item = self.type_of(
                schema.get("items"), name_hint + "Item", ptr + "/items", hoist=hoist
            )
            return ir.TypeRef(f"list[{item.annotation}]", item.models)
        if type_ == "string":
            return ir.TypeRef("bytes") if schema.get("format") == "binary" else ir.TypeRef("str")
        if type_ == "integer":
            return ir.TypeRef("int")
        if type_ == "number":
            return ir.TypeRef("float")
        if type_ == "boolean":
            return ir.TypeRef("bool")
        return ir.ANY

    # -- security -----------------------------------------------------------------------------

    def security_schemes(self) -> list[ir.SecurityScheme]:
        components = self.doc.get("components")
        schemes = components.get("securitySchemes") if isinstance(components, dict) else None
        result: list[ir.SecurityScheme] = []
        if not isinstance(schemes, dict):
            return result
        for key, scheme in schemes.items():
            ptr = pointer("components", "securitySchemes", key)
            scheme, ptr = self.resolve(scheme, ptr)
            if not isinstance(scheme, dict):
                continue
            mapped = self.map_scheme(key, scheme, ptr)
            if mapped is not None:
                result.append(mapped)
        # where each credential goes (SigV4 signs instead of placing a credential)
        self.scheme_places = {
            s.key: (s.location, s.wire_name.lower()) for s in result if s.kind != "sigv4"
        }
        return result

    def map_scheme(self, key: str, scheme: dict[str, Any], ptr: str) -> ir.SecurityScheme | None:
        kind = str(scheme.get("type", "")).lower()
        authtype = str(scheme.get("x-amazon-apigateway-authtype", "")).lower()
        authorizer = scheme.get("x-amazon-apigateway-authorizer")
        authorizer_type = (
            str(authorizer.get("type", "")).lower() if isinstance(authorizer, dict) else ""
        )
        description = (
            scheme.get("description") if isinstance(scheme.get("description"), str) else None
        )
        location = str(scheme.get("in", "header")).lower()
        if location not in ("header", "query", "cookie"):
            location = "header"
        name = str(scheme.get("name") or "Authorization")
        if kind == "apikey":
            if authtype == "awssigv4" or authtype.startswith("aws"):
                return ir.SecurityScheme(key, "sigv4", "header", "Authorization", "", description)
            if authtype == "cognito_user_pools" or authorizer_type == "cognito_user_pools":
                return ir.SecurityScheme(key, "cognito", location, name, "", description)  # type: ignore[arg-type]
            if authtype or authorizer_type in ("token", "request"):
                return ir.SecurityScheme(key, "lambda", location, name, "", description)  # type: ignore[arg-type]
            return ir.SecurityScheme(key, "api_key", location, name, "", description)  # type: ignore[arg-type]
        if kind == "http":
            http_scheme = str(scheme.get("scheme", "")).lower()
            if http_scheme == "bearer":
                jwt = (
                    authorizer_type == "jwt" or str(scheme.get("bearerFormat", "")).upper() == "JWT"
                )
                return ir.SecurityScheme(
                    key,
                    "jwt" if jwt else "bearer",
                    "header",
                    "Authorization",
                    "Bearer ",
                    description,
                )
            if http_scheme == "basic":
                return ir.SecurityScheme(
                    key, "basic", "header", "Authorization", "Basic ", description
                )
        if kind in ("oauth2", "openidconnect"):
            return ir.SecurityScheme(
                key, "oauth2", "header", "Authorization", "Bearer ", description
            )
        self.omit(
            ptr,
            "unsupported-security-scheme",
            f"security scheme {key!r} of type {kind!r} is not supported; "
            "its credential is not sent",
        )
        return None

    def requirements(
        self, op: Mapping[str, Any], known: set[str], ptr: str
    ) -> tuple[tuple[str, ...], ...]:
        raw = op.get("security", self.doc.get("security", []))
        if not isinstance(raw, list):
            return ()
        result: list[tuple[str, ...]] = []
        for requirement in raw:
            if not isinstance(requirement, dict):
                continue
            keys = []
            for key in requirement:
                if key in known:
                    keys.append(key)
                else:
                    self.omit(
                        ptr + "/security",
                        "unknown-security-scheme",
                        f"security requirement names unknown scheme {key!r}; ignored",
                    )
            alternative = tuple(keys)
            self.warn_shadowed_credentials(alternative, ptr + "/security")
            if alternative not in result:
                result.append(alternative)
        return tuple(result)

    def warn_shadowed_credentials(self, alternative: tuple[str, ...], ptr: str) -> None:
        """Schemes required together that put their credentials in the same place: only the
        first named is sent (the client's documented choice), and the document is told."""
        places = self.scheme_places
        seen: dict[tuple[str, str], str] = {}
        for key in alternative:
            place = places.get(key)
            if place is None:
                continue
            if place in seen:
                self.omit(
                    ptr,
                    "shadowed-credential",
                    f"schemes {seen[place]!r} and {key!r} are required together but both send"
                    f" their credential in {place[0]} {place[1]!r}; only {seen[place]!r}'s is"
                    " sent",
                )
            else:
                seen[place] = key

    # -- operations -------------------------------------------------------------------------

    def parameters(
        self, path_item: Mapping[str, Any], op: Mapping[str, Any], ptr: str, op_class: str
    ) -> list[tuple[dict[str, Any], str]]:
        effective = effective_parameters(
            path_item,
            op,
            resolve=self.resolve,
            path_item_pointer=ptr.rsplit("/", 1)[0],
            operation_pointer=ptr,
        )
        for bad in effective.unsupported:
            self.omit(
                bad.pointer,
                "unsupported-parameter",
                f"parameter {bad.name!r} in {bad.location!r} is not supported; left out",
            )
        kept: list[tuple[dict[str, Any], str]] = []
        for param in effective.parameters:
            name = param.node["name"]
            if param.node["in"] == "header" and name.lower() in _IGNORED_HEADERS:
                self.omissions.append(
                    Diagnostic(
                        param.pointer,
                        "info",
                        "ignored-header-parameter",
                        f"header parameter {name!r} is ignored, as OpenAPI says: the client"
                        " sets it (content negotiation, body type or credentials)",
                    )
                )
                continue
            kept.append((param.node, param.pointer))
        return kept

    def unique_wire_names(
        self, params: list[tuple[dict[str, Any], str]]
    ) -> list[tuple[dict[str, Any], str]]:
        """One parameter per name: a generated call passes values by wire name."""
        kept: dict[str, str] = {}
        result: list[tuple[dict[str, Any], str]] = []
        for param, ptr in params:
            name, location = str(param["name"]), str(param["in"])
            if name in kept:
                self.omit(
                    ptr,
                    "duplicate-parameter-name",
                    f"{location} parameter {name!r} has the name of a {kept[name]} parameter of "
                    "the same operation; only the first is sent",
                )
                continue
            kept[name] = location
            result.append((param, ptr))
        return result

    def build_parameter(
        self, param: dict[str, Any], ptr: str, registry: NameRegistry, op_class: str
    ) -> ir.Parameter:
        name = str(param["name"])
        schema = param.get("schema")
        if not isinstance(schema, dict) and isinstance(param.get("content"), dict):
            first: Any = next(iter(param["content"].values()), {})
            schema = first.get("schema") if isinstance(first, dict) else None
        type_ = self.type_of(
            schema, op_class + pascal_case(name), ptr + "/schema", hoist=False, literal_enums=True
        )
        nullable = type_.annotation.endswith("| None")
        if nullable:
            type_ = ir.TypeRef(type_.annotation[: -len(" | None")], type_.models)
        location = param["in"]
        style = param.get("style")
        if style not in _PARAMETER_STYLES.get(location, ()):
            style = _PARAMETER_STYLES[location][0]
        explode = param.get("explode", style == "form")
        return ir.Parameter(
            wire_name=name,
            python_name=registry.claim(snake_case(name, fallback="param")),
            location=location,
            required=bool(param.get("required", False)) or location == "path",
            type=type_,
            description=_text(param.get("description")),
            explode=bool(explode),
            greedy=bool(param.get(X_GREEDY, False)),
            deprecated=bool(param.get("deprecated", False)),
            style=style,
            nullable=nullable,
        )

    def build_body(
        self, op: Mapping[str, Any], ptr: str, registry: NameRegistry, op_class: str
    ) -> ir.Body | None:
        raw = op.get("requestBody")
        if raw is None:
            return None
        body, body_ptr = self.resolve(raw, ptr + "/requestBody")
        if not isinstance(body, dict):
            return None
        content = body.get("content")
        if not isinstance(content, dict) or not content:
            self.omit(
                body_ptr, "body-without-content", "request body declares no media type; left out"
            )
            return None
        media_type = _pick_media_type(content)
        media = content[media_type] if isinstance(content[media_type], dict) else {}
        schema = media.get("schema")
        kind = _body_kind(media_type)
        name = registry.claim("body")
        media_ptr = pointer(*unescape_pointer(body_ptr), "content", media_type)
        if kind == "binary":
            type_ = ir.TypeRef("bytes")
        elif kind == "text":
            type_ = ir.TypeRef("str")
        else:
            type_ = self.type_of(schema, op_class + "Request", media_ptr + "/schema", hoist=True)
        return ir.Body(
            python_name=name,
            required=bool(body.get("required", False)),
            media_type=media_type,
            kind=kind,
            type=type_,
            description=_text(body.get("description")),
            encoding=_body_encoding(media.get("encoding")) if kind in ("form", "multipart") else (),
        )

    def build_responses(
        self, op: Mapping[str, Any], ptr: str, op_class: str
    ) -> tuple[list[ir.Response], list[ir.Response]]:
        responses = op.get("responses")
        success: list[ir.Response] = []
        errors: list[ir.Response] = []
        if not isinstance(responses, dict):
            return success, errors
        statuses = [str(s) for s in responses]
        has_2xx = any(s.startswith("2") for s in statuses)
        success_with_schema = [s for s in statuses if s.startswith("2")]
        for status, raw in responses.items():
            status = str(status)
            is_success = status.startswith("2") or (status == "default" and not has_2xx)
            response, resp_ptr = self.resolve(
                raw, pointer(*unescape_pointer(ptr), "responses", status)
            )
            if not isinstance(response, dict):
                continue
            content = response.get("content")
            media_type: str | None = None
            type_: ir.TypeRef | None = None
            if isinstance(content, dict) and content:
                media_type = _pick_media_type(content)
                media = content[media_type] if isinstance(content[media_type], dict) else {}
                kind = _body_kind(media_type, media.get("schema"))
                media_ptr = pointer(*unescape_pointer(resp_ptr), "content", media_type)
                if kind == "binary":
                    type_ = ir.TypeRef("bytes")
                elif kind == "text":
                    type_ = ir.TypeRef("str")
                else:
                    suffix = "Response" if is_success else f"{_status_word(status)}Error"
                    if is_success and len(success_with_schema) > 1:
                        suffix = f"Response{status}"
                    type_ = self.type_of(
                        media.get("schema"), op_class + suffix, media_ptr + "/schema", hoist=True
                    )
            entry = ir.Response(
                status=status,
                description=_text(response.get("description")),
                media_type=media_type,
                type=type_,
            )
            (success if is_success else errors).append(entry)
        return success, errors

    def build_operation(
        self,
        path: str,
        key: str,
        op: dict[str, Any],
        schemes: set[str],
        resource_methods: dict[str, NameRegistry],
    ) -> tuple[str, ir.Operation]:
        path_item = self.doc["paths"][path]
        document_path = str(path_item.get(X_ORIGINAL_PATH, path))
        method = operation_method(key)
        ptr = pointer("paths", path, key)
        operation_id = str(op["operationId"])
        op_class = pascal_case(operation_id, fallback="Operation")
        resource_hint = _resource_hint(op, document_path)
        resource = self.resource_names.setdefault(
            resource_hint,
            self.resource_registry.claim(snake_case(resource_hint, fallback="default")),
        )
        registry = NameRegistry(
            RESERVED_ARGUMENTS | ({"method"} if key == ANY_METHOD_KEY else set())
        )
        raw_params = self.parameters(path_item, op, ptr, op_class)
        order = {"path": 0, "query": 2, "header": 3, "cookie": 4}
        raw_params.sort(
            key=lambda pp: (
                order[pp[0]["in"]],
                _path_index(path, pp[0]["name"]) if pp[0]["in"] == "path" else 0,
            )
        )
        raw_params = self.unique_wire_names(raw_params)
        path_params = [
            self.build_parameter(p, pp, registry, op_class)
            for p, pp in raw_params
            if p["in"] == "path"
        ]
        body = self.build_body(op, ptr, registry, op_class)
        other_params = [
            self.build_parameter(p, pp, registry, op_class)
            for p, pp in raw_params
            if p["in"] != "path"
        ]
        success, errors = self.build_responses(op, ptr, op_class)
        methods = resource_methods.setdefault(resource, NameRegistry(RESERVED_RESOURCE_ATTRIBUTES))
        return resource, ir.Operation(
            operation_id=operation_id,
            python_name=methods.claim(snake_case(operation_id, fallback="operation")),
            method=method,
            path=path,
            document_path=document_path,
            resource=resource,
            summary=_text(op.get("summary")),
            description=_text(op.get("description")),
            deprecated=bool(op.get("deprecated", False)),
            parameters=(*path_params, *other_params),
            body=body,
            success=tuple(success),
            errors=tuple(errors),
            returns=_return_type(method, success),
            security=self.requirements(op, schemes, ptr),
            pointer=ptr,
        )

    # -- servers ------------------------------------------------------------------------------

    def servers(self) -> list[ir.Server]:
        raw = self.doc.get("servers")
        result: list[ir.Server] = []
        if not isinstance(raw, list):
            return result
        for index, server in enumerate(raw):
            if not isinstance(server, dict) or not isinstance(server.get("url"), str):
                continue
            built = self.server_without_credentials(server, index)
            if built is None:
                self.notes.append(
                    Diagnostic(
                        pointer("servers", index),
                        "warning",
                        "unusable-server-url",
                        f"server url {strip_credentials(server['url'])[0]!r} is not a usable URL "
                        "(placeholders); "
                        "clients must pass base_url",
                    )
                )
                continue
            result.append(built)
        return result

    def server_without_credentials(self, server: Mapping[str, Any], index: int) -> ir.Server | None:
        """The server, its URLs without user info, query string or fragment (reported)."""
        url, dropped = strip_credentials(str(server["url"]))
        built = _server({**server, "url": url}) if url else None
        if built is not None:  # variables' defaults can bring their own
            clean, more = strip_credentials(built.url)
            dropped += [part for part in more if part not in dropped]
            template, _ = strip_credentials(built.stage_template or "")
            built = ir.Server(clean, built.stage, template or None) if clean else None
        if dropped:
            self.omit(
                pointer("servers", index, "url"),
                "server-url-credentials",
                f"the server url's {' and '.join(dropped)} may hold a credential: not copied "
                f"into the client (default base URL: {built.url if built else 'none'})",
            )
        return built

    def omit_path_item_refs(self) -> None:
        """Path items still given as a ``$ref`` (remote, or pointing nowhere) are left out."""
        paths = self.doc.get("paths")
        for path, item in paths.items() if isinstance(paths, dict) else ():
            ref = item.get("$ref") if isinstance(item, dict) else None
            if isinstance(ref, str) and not any(k in item for k in OPERATION_KEYS):
                self.omit_ref(
                    pointer("paths", path), ref, "the operations of this path are left out"
                )

    def resource_class(self, registry: NameRegistry, name: str) -> str:
        """``OrdersResource``: no model may have its name or one of its variants' names."""
        base = pascal_case(name, fallback="Default") + "Resource"
        while True:
            candidate = registry.claim_class(base)
            variants = [f"{p}{candidate}{s}" for p in ("", "Async") for s in RESOURCE_VARIANTS]
            if not any(v in registry for v in variants[1:]):
                for variant in variants[1:]:
                    registry.claim_class(variant)
                return candidate

    # -- whole API --------------------------------------------------------------------------

    def build(self) -> ir.Api:
        self.collect_models()
        schemes = self.security_schemes()
        scheme_keys = {s.key for s in schemes}
        self.resource_registry = NameRegistry(RESERVED_CLIENT_ATTRIBUTES)
        self.resource_names: dict[str, str] = {}
        resource_methods: dict[str, NameRegistry] = {}
        grouped: dict[str, list[ir.Operation]] = {}
        self.omit_path_item_refs()
        for path, key, op in iter_operations(dict(self.doc)):
            resource, operation = self.build_operation(path, key, op, scheme_keys, resource_methods)
            grouped.setdefault(resource, []).append(operation)
        class_registry = NameRegistry(m.class_name for m in self.models)
        resources = tuple(
            ir.Resource(
                python_name=name,
                class_name=self.resource_class(class_registry, name),
                module=module_name(name),
                operations=tuple(ops),
            )
            for name, ops in grouped.items()
        )
        flatten_conflicting_bases(self.model_schemas)
        info = self.doc.get("info") if isinstance(self.doc.get("info"), dict) else {}
        assert isinstance(info, dict)
        return ir.Api(
            title=str(info.get("title", "api")),
            version=str(info.get("version", "0.0.0")),
            description=_text(info.get("description")),
            servers=tuple(self.servers()),
            security_schemes=tuple(schemes),
            resources=resources,
            models=tuple(self.models),
            model_schemas=self.model_schemas,
            omissions=tuple(self.omissions),
            notes=tuple(self.notes),
        )


_STRUCTURAL_TOKENS = frozenset(
    {
        "components",
        "schemas",
        "properties",
        "items",
        "allOf",
        "anyOf",
        "oneOf",
        "not",
        "definitions",
        "$defs",
        "additionalProperties",
        "paths",
        "content",
        "schema",
        "responses",
        "requestBody",
        "parameters",
    }
)


def _pointer_name(ref: str) -> str:
    """A class name hint for a schema elsewhere: its owner and its own name (``SubnetIpConfig``)."""
    words = [
        t
        for t in unescape_pointer(ref)
        if t not in _STRUCTURAL_TOKENS and not t.isdigit() and "/" not in t
    ]
    if not words:
        return "Schema"
    return words[0] if len(words) == 1 else f"{words[0]} {words[-1]}"


def _object_like(schema: Mapping[str, Any]) -> bool:
    keys = schema.keys()
    return bool({"properties", "allOf", "oneOf", "anyOf", "enum"} & keys) or (
        schema.get("type") == "object"
    )


def _holds_ref(node: Any) -> bool:
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if isinstance(item.get("$ref"), str):
                return True
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _pick_media_type(content: Mapping[str, Any]) -> str:
    """JSON first, then forms, then text; a media type with a schema before one without."""
    keys = [str(k) for k in content]
    with_schema = [
        k
        for k in keys
        if isinstance(content[k], dict) and isinstance(content[k].get("schema"), dict)
    ]
    for candidates in (with_schema, keys):
        for predicate in (
            lambda k: _JSON_MEDIA.match(k) is not None,
            lambda k: k.lower().startswith("application/x-www-form-urlencoded"),
            lambda k: k.lower().startswith("multipart/form-data"),
            lambda k: k.lower().startswith("text/"),
            lambda k: k.split(";")[0].strip() == "*/*",
        ):
            for key in candidates:
                if predicate(key):
                    return key
    return keys[0]


def _body_kind(media_type: str, schema: Any = None) -> ir.BodyKind:
    lowered = media_type.lower()
    if _JSON_MEDIA.match(lowered) or lowered in ("*/*; charset=utf-8",):
        return "json"
    if lowered.split(";")[0].strip() == "*/*" and _structured(schema):
        return "json"  # "any media type" with a schema of structured data: JSON
    if lowered.startswith("application/x-www-form-urlencoded"):
        return "form"
    if lowered.startswith("multipart/"):
        return "multipart"
    if lowered.startswith("text/"):
        return "text"
    return "binary"


def _structured(schema: Any) -> bool:
    """A schema of data (not ``{}``, not a binary or plain string)."""
    if not isinstance(schema, dict) or not schema:
        return False
    if schema.get("type") == "string" or schema.get("format") == "binary":
        return False
    return bool({"$ref", "type", "properties", "items", "allOf", "oneOf", "anyOf"} & schema.keys())


def _status_word(status: str) -> str:
    return {"default": "Default"}.get(status, status)


def _return_type(method: str, success: Iterable[ir.Response]) -> ir.TypeRef:
    responses = list(success)
    typed = [r.type for r in responses if r.type is not None]
    if not typed:
        if method == "HEAD" or (
            responses and all(r.status in ("204", "205", "304") for r in responses)
        ):
            return ir.NONE
        return ir.ANY  # exports often omit success models although the API returns JSON
    if any(t.is_any for t in typed):
        return ir.ANY
    annotations: list[str] = []
    models: list[str] = []
    for t in typed:
        if t.annotation not in annotations:
            annotations.append(t.annotation)
            models.extend(m for m in t.models if m not in models)
    if any(r.type is None and r.status not in ("204", "205") for r in responses):
        pass
    if any(r.type is None for r in responses):
        annotations.append("None")
    return ir.TypeRef(" | ".join(annotations), tuple(models))


def _resource_hint(op: Mapping[str, Any], path: str) -> str:
    tags = op.get("tags")
    if isinstance(tags, list) and tags and isinstance(tags[0], str) and tags[0].strip():
        return tags[0]
    for segment in path.strip("/").split("/"):
        if segment and not segment.startswith("{"):
            return segment.lstrip("$")
    return "default"


def _path_index(path: str, name: str) -> int:
    position = path.find("{" + name + "}")
    return position if position >= 0 else len(path)


def _server(server: Mapping[str, Any]) -> ir.Server | None:
    url = str(server["url"])
    if "${" in url:  # CloudFormation / Terraform placeholders
        return None
    variables = server.get("variables") if isinstance(server.get("variables"), dict) else {}
    assert isinstance(variables, dict)
    stage: str | None = None
    stage_template: str | None = None
    template = url
    for name, var in variables.items():
        default = str(var.get("default", "")) if isinstance(var, dict) else ""
        if name == "basePath":
            stage = default.strip("/") or None
            template = template.replace("{basePath}", "{stage}")
        template = template.replace("{" + name + "}", default) if name != "basePath" else template
        url = url.replace("{" + name + "}", default)
    url = url.rstrip("/")
    if stage is not None:
        stage_template = template.rstrip("/")
    else:
        match = re.match(r"^(https?://[^/]+\.execute-api\.[^/]+\.amazonaws\.com)/([^/]+)$", url)
        if match:
            stage = match.group(2)
            stage_template = match.group(1) + "/{stage}"
    if _UNUSABLE_URL.search(url):
        return None
    if not url.startswith(("http://", "https://")):
        return None
    return ir.Server(url=url, stage=stage, stage_template=stage_template)


def build_api(doc: Mapping[str, Any]) -> ir.Api:
    """The IR of a normalized OpenAPI 3 document."""
    return detect_pagination(_Builder(doc).build())


# The styles each location allows (OpenAPI 3.0); the first is the default.
_PARAMETER_STYLES: dict[str, tuple[str, ...]] = {
    "path": ("simple", "label", "matrix"),
    "query": ("form", "spaceDelimited", "pipeDelimited", "deepObject"),
    "header": ("simple",),
    "cookie": ("form",),
}
# Header parameters OpenAPI says to ignore: the client sets these itself.
_IGNORED_HEADERS = frozenset({"accept", "content-type", "authorization"})


def _body_encoding(raw: Any) -> tuple[tuple[str, ir.BodyEncoding], ...]:
    if not isinstance(raw, dict):
        return ()
    result: list[tuple[str, ir.BodyEncoding]] = []
    for name, enc in sorted(raw.items()):
        if not isinstance(enc, dict):
            continue
        style = enc.get("style")
        if style not in _PARAMETER_STYLES["query"]:
            style = "form"
        content_type = enc.get("contentType")
        result.append(
            (
                str(name),
                ir.BodyEncoding(
                    content_type=content_type.split(",")[0].strip()
                    if isinstance(content_type, str)
                    else None,
                    style=style,
                    explode=bool(enc.get("explode", style == "form")),
                ),
            )
        )
    return tuple(result)
