"""Repair what is safe in a parsed document and report every repair.

Pure: takes a document mapping, returns a new OpenAPI 3 document and the list of repairs made
(each a Diagnostic with severity "info" or "warning", located in the *input* document when it
was OpenAPI 3, or in the converted document when it was Swagger 2.0).
"""

from __future__ import annotations

import copy
import re
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from generator.errors import DocumentError
from generator.naming import camel_case, is_identifier
from generator.spec.diagnostics import Diagnostic, pointer, pointer_target
from generator.spec.keys import ANY_METHOD_KEY, OPERATION_KEYS, SCHEMA_REF_PREFIX
from generator.spec.swagger2 import convert_swagger2

# Extensions the generator writes into the normalized document.
X_ORIGINAL_PATH = "x-sdkgen-original-path"
X_GREEDY = "x-sdkgen-greedy"
X_SYNTHESIZED_ID = "x-sdkgen-synthesized-operation-id"
# the operationId the document gave, when it had to be replaced (not an identifier, or used twice)
X_ORIGINAL_OPERATION_ID = "x-sdkgen-original-operation-id"

APIGW_MODEL_REF = re.compile(
    r"^https?://apigateway\.amazonaws\.com/restapis/[^/]+/models/([^/#?]+)$"
)
_TEMPLATE_VAR = re.compile(r"(?<!\$)\{([^{}]+)\}")  # not CloudFormation's ${...}
_SCHEMA_CHILD_MAPS = ("properties", "patternProperties", "definitions", "$defs")
_SCHEMA_CHILD_LISTS = ("allOf", "oneOf", "anyOf", "prefixItems")
_SCHEMA_CHILD_SINGLE = ("items", "additionalProperties", "not", "contains")


@dataclass
class NormalizedDocument:
    """An OpenAPI 3 document ready for the IR builder, with what was done to it."""

    document: dict[str, Any]
    source_version: str
    repairs: list[Diagnostic] = field(default_factory=list)


def operation_method(key: str) -> str:
    """The HTTP method an operation key stands for (``ANY`` for API Gateway's any-method)."""
    return "ANY" if key == ANY_METHOD_KEY else key.upper()


def iter_operations(doc: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(path, operation key, operation) for every operation object of an OpenAPI 3 document."""
    paths = doc.get("paths")
    if not isinstance(paths, dict):
        return
    for path, item in paths.items():
        if not isinstance(item, dict):
            continue
        for key in OPERATION_KEYS:
            op = item.get(key)
            if isinstance(op, dict):
                yield path, key, op


def template_variables(path: str) -> list[str]:
    return _TEMPLATE_VAR.findall(path)


class _Normalizer:
    def __init__(self, doc: dict[str, Any]) -> None:
        self.doc = doc
        self.repairs: list[Diagnostic] = []
        self.openapi_30 = str(doc.get("openapi", "")).startswith("3.0")  # the walk keeps it

    def note(self, ptr: str, code: str, message: str, severity: str = "info") -> None:
        self.repairs.append(Diagnostic(ptr, severity, code, message))  # type: ignore[arg-type]

    # -- document level -------------------------------------------------------------------

    def run(self) -> None:
        self.fix_info()
        self.walk_schemas_and_refs(self.doc, ())
        self.fix_servers()
        self.fix_security_schemes()
        self.fix_paths()

    def fix_info(self) -> None:
        info = self.doc.get("info")
        if not isinstance(info, dict):
            info = {}
            self.doc["info"] = info
            self.note(
                "/info", "added-info", "the document had no info object; an empty one was added"
            )
        if not isinstance(info.get("title"), str) or not info.get("title", "").strip():
            info["title"] = "api"
            self.note("/info/title", "added-title", 'the document had no title; "api" is used')
        version = info.get("version")
        if version is None:
            info["version"] = "0.0.0"
            self.note("/info/version", "added-version", 'info.version was missing; "0.0.0" is used')
        elif not isinstance(version, str):
            info["version"] = str(version)
            self.note("/info/version", "version-to-string", "info.version was not text; converted")

    def walk_schemas_and_refs(
        self, node: Any, path: tuple[str | int, ...], in_schema: bool = False
    ) -> None:
        """Rewrite API Gateway model URLs and JSON-Schema draft-4 constructs everywhere.

        ``in_schema``: ``path`` is where OpenAPI puts a Schema object or inside one (see
        :meth:`_is_schema_key`), decided on the way down rather than from the whole path.
        """
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                self._fix_ref(node, ref, path)
            if in_schema and not (path and str(path[-1]).startswith("x-")):
                self.fix_schema_keywords(node, path)
            parent = path[-1] if path else None
            for key, value in list(node.items()):
                if isinstance(value, (dict, list)):
                    self.walk_schemas_and_refs(
                        value,
                        (*path, key),
                        in_schema or self._is_schema_key(key, parent, not path),
                    )
        elif isinstance(node, list):
            for index, value in enumerate(node):
                if isinstance(value, (dict, list)):
                    self.walk_schemas_and_refs(value, (*path, index), in_schema)

    def _fix_ref(self, node: dict[str, Any], ref: str, path: tuple[str | int, ...]) -> None:
        if ref.startswith("#") and "%" in ref:
            decoded = urllib.parse.unquote(ref)
            if pointer_target(self.doc, ref) is None and pointer_target(self.doc, decoded):
                node["$ref"] = ref = decoded
                self.note(
                    pointer(*path),
                    "percent-encoded-ref",
                    f"reference {ref!r} was percent-encoded; decoded",
                )
        match = APIGW_MODEL_REF.match(ref)
        if match:
            node["$ref"] = SCHEMA_REF_PREFIX + match.group(1)
            self.note(
                pointer(*path),
                "apigateway-model-ref",
                f"API Gateway model URL {ref!r} rewritten to a local reference",
            )

    def fix_schema_keywords(self, node: dict[str, Any], path: tuple[str | int, ...]) -> None:
        if "$schema" in node and path:
            del node["$schema"]
            self.note(
                pointer(*path),
                "removed-schema-keyword",
                "removed the JSON-Schema '$schema' keyword",
            )
        if "id" in node and isinstance(node.get("id"), str) and str(node["id"]).startswith("http"):
            del node["id"]
            self.note(
                pointer(*path), "removed-schema-id", "removed a JSON-Schema draft-4 'id' keyword"
            )
        type_ = node.get("type")
        if self.openapi_30:
            if isinstance(type_, list):
                kinds = [t for t in type_ if t != "null"]
                if len(kinds) <= 1:
                    if kinds:
                        node["type"] = kinds[0]
                    else:
                        del node["type"]
                    if "null" in type_:
                        node["nullable"] = True
                    self.note(
                        pointer(*path),
                        "draft4-type-list",
                        f"type {type_!r} rewritten as OpenAPI 3.0",
                    )
                else:
                    del node["type"]
                    node["anyOf"] = [{"type": t} for t in kinds]
                    if "null" in type_:
                        node["nullable"] = True
                    self.note(
                        pointer(*path), "draft4-type-list", f"type {type_!r} rewritten as anyOf"
                    )
            elif type_ == "null":
                del node["type"]
                node["nullable"] = True
                node.setdefault("enum", [None])
                self.note(
                    pointer(*path), "draft4-null-type", "type 'null' rewritten as a nullable schema"
                )
            for key in ("oneOf", "anyOf"):
                members = node.get(key)
                if isinstance(members, list):
                    kept = [
                        m
                        for m in members
                        if m is not None and not (isinstance(m, dict) and m == {"type": "null"})
                    ]
                    if len(kept) != len(members):
                        node[key] = kept
                        node["nullable"] = True
                        self.note(
                            pointer(*path, key),
                            "null-member",
                            f"null member of {key} replaced by nullable: true",
                        )
                    if not kept:
                        del node[key]
        required = node.get("required")
        if isinstance(required, list) and not required and isinstance(node.get("properties"), dict):
            del node["required"]
            self.note(pointer(*path), "empty-required", "removed an empty 'required' list")
        if isinstance(required, list) and len(set(map(str, required))) != len(required):
            node["required"] = list(dict.fromkeys(required))
            self.note(pointer(*path), "duplicate-required", "removed duplicates from 'required'")
        if node.get("format") == "" and isinstance(type_, str):
            del node["format"]

    @staticmethod
    def _is_schema_key(key: object, parent: object, at_root: bool) -> bool:
        """True where the value of ``key`` (inside ``parent``'s value) is a Schema object or a
        map of them: ``schema``, ``components/schemas``, Swagger's top-level ``definitions``;
        everything below one is inside a schema."""
        if key == "schema":
            return True
        if key == "schemas":
            return parent == "components"
        return at_root and key == "definitions"

    def fix_servers(self) -> None:
        servers = self.doc.get("servers")
        if servers is None:
            return
        if isinstance(servers, dict):
            servers = [servers]
            self.doc["servers"] = servers
            self.note("/servers", "servers-not-list", "'servers' was one object; made a list")
        if not isinstance(servers, list):
            del self.doc["servers"]
            self.note("/servers", "servers-invalid", "'servers' was not a list; ignored", "warning")
            return
        kept: list[Any] = []
        for index, server in enumerate(servers):
            here = pointer("servers", index)
            if not isinstance(server, dict) or not isinstance(server.get("url"), str):
                self.note(
                    here, "server-without-url", "a server without a url was dropped", "warning"
                )
                continue
            self._fix_server_variables(server, here)
            kept.append(server)
        self.doc["servers"] = kept
        if not kept:
            del self.doc["servers"]

    def _fix_server_variables(self, server: dict[str, Any], here: str) -> None:
        url: str = server["url"]
        variables = server.get("variables")
        if not isinstance(variables, dict):
            variables = {}
        for name in template_variables(url):
            var = variables.get(name)
            if not isinstance(var, dict) or "default" not in var:
                variables[name] = {"default": ""}
                self.note(here, "server-variable-added", f"server variable {name!r} had no default")
                continue
            default = str(var["default"])
            if url.find("{" + name + "}") > 0 and url[url.find("{" + name + "}") - 1] == "/":
                if default.startswith("/"):
                    var["default"] = default.lstrip("/")
                    self.note(
                        pointer(*_split(here), "variables", name, "default"),
                        "base-path-slash",
                        f"server variable {name!r} default {default!r} starts with '/' after a "
                        "'/' in the URL; the leading slash was removed to avoid '//'",
                    )
            elif not isinstance(var["default"], str):
                var["default"] = default
        if variables:
            server["variables"] = variables
        if "//" in url.split("://", 1)[-1]:
            scheme, _, rest = url.partition("://")
            fixed = re.sub(r"/{2,}", "/", rest)
            server["url"] = f"{scheme}://{fixed}" if rest else fixed
            self.note(here, "double-slash", f"server url {url!r} had '//'; joined once")

    def fix_security_schemes(self) -> None:
        components = self.doc.get("components")
        if not isinstance(components, dict):
            return
        schemes = components.get("securitySchemes")
        if not isinstance(schemes, dict):
            return
        for name, scheme in schemes.items():
            if not isinstance(scheme, dict):
                continue
            authorizer = scheme.get("x-amazon-apigateway-authorizer")
            flows = scheme.get("flows")
            if scheme.get("type") == "oauth2" and (not isinstance(flows, dict) or not flows):
                is_jwt = (
                    isinstance(authorizer, dict) and str(authorizer.get("type")).lower() == "jwt"
                )
                scheme["type"] = "http"
                scheme["scheme"] = "bearer"
                if is_jwt:
                    scheme["bearerFormat"] = "JWT"
                scheme.pop("flows", None)
                self.note(
                    pointer("components", "securitySchemes", name),
                    "oauth2-empty-flows",
                    "oauth2 scheme with no flows (API Gateway JWT authorizer) "
                    "read as a bearer token",
                )

    # -- paths and operations ---------------------------------------------------------------

    def fix_paths(self) -> None:
        paths = self.doc.get("paths")
        if not isinstance(paths, dict):
            self.doc["paths"] = {}
            self.note("/paths", "added-paths", "the document had no paths object", "warning")
            return
        renamed: dict[str, Any] = {}
        for path, item in paths.items():
            item = self.inline_path_item_ref(path, item)
            new_path = self.fix_path_item(path, item)
            if new_path in renamed:
                self.note(
                    pointer("paths", path),
                    "path-collision",
                    f"path {path!r} collides with another after normalization; kept the first",
                    "warning",
                )
                continue
            renamed[new_path] = item
        self.doc["paths"] = renamed
        self.fix_operation_ids()

    def inline_path_item_ref(self, path: str, item: Any) -> Any:
        """A path item given as a local ``$ref`` is replaced by a copy of its target."""
        ref = item.get("$ref") if isinstance(item, dict) else None
        if not isinstance(ref, str) or not ref.startswith("#/"):
            return item
        target = pointer_target(self.doc, ref)
        if not isinstance(target, dict) or "$ref" in target:
            return item
        inlined = {**copy_json(target), **{k: v for k, v in item.items() if k != "$ref"}}
        self.note(pointer("paths", path), "path-item-ref", f"path item {ref!r} inlined")
        return inlined

    def fix_path_item(self, path: str, item: Any) -> str:
        here = pointer("paths", path)
        if not isinstance(item, dict):
            return path
        variables = template_variables(path)
        greedy = [v for v in variables if v.endswith("+")]
        new_path = path
        for var in greedy:
            plain = var[:-1]
            new_path = new_path.replace("{" + var + "}", "{" + plain + "}")
            for params in self._parameter_lists(item):
                for param in params:
                    if (
                        isinstance(param, dict)
                        and param.get("in") == "path"
                        and param.get("name") in (var, plain)
                    ):
                        param["name"] = plain
                        param[X_GREEDY] = True
        if new_path != path:
            item[X_ORIGINAL_PATH] = path
            item.setdefault(X_GREEDY, sorted(v[:-1] for v in greedy))
            self.note(
                here,
                "greedy-path-variable",
                f"greedy variable(s) {', '.join(greedy)} read as path parameters whose value may "
                "contain '/'",
            )
        plain_vars = [v.rstrip("+") for v in variables]
        path_level = [p for p in item.get("parameters", []) if isinstance(p, dict)]
        for key in OPERATION_KEYS:
            op = item.get(key)
            if not isinstance(op, dict):
                continue
            op_here = pointer("paths", path, key)
            self.fix_operation(op, op_here, operation_method(key), path)
            declared = {
                p.get("name")
                for p in map(
                    self._parameter,
                    [*path_level, *[q for q in op.get("parameters", []) if isinstance(q, dict)]],
                )
                if p.get("in") == "path"
            }
            for var in plain_vars:
                if var not in declared:
                    op.setdefault("parameters", []).append(
                        {"name": var, "in": "path", "required": True, "schema": {"type": "string"}}
                        | ({X_GREEDY: True} if var + "+" in variables else {})
                    )
                    self.note(
                        op_here,
                        "declared-path-parameter",
                        f"path parameter {var!r} is used in the path but was not declared; "
                        "declared it as a required string",
                    )
        return new_path

    def _parameter(self, param: dict[str, Any]) -> dict[str, Any]:
        """A parameter object, read through a local ``$ref`` (chains included)."""
        seen: set[str] = set()
        while isinstance(param.get("$ref"), str) and param["$ref"] not in seen:
            seen.add(param["$ref"])
            target = pointer_target(self.doc, param["$ref"])
            if not isinstance(target, dict):
                break
            param = target
        return param

    @staticmethod
    def _parameter_lists(item: dict[str, Any]) -> Iterator[list[Any]]:
        params = item.get("parameters")
        if isinstance(params, list):
            yield params
        for key in OPERATION_KEYS:
            op = item.get(key)
            if isinstance(op, dict) and isinstance(op.get("parameters"), list):
                yield op["parameters"]

    def fix_operation(self, op: dict[str, Any], here: str, method: str, path: str) -> None:
        responses = op.get("responses")
        if not isinstance(responses, dict) or not responses:
            op["responses"] = {"default": {"description": "Default response"}}
            self.note(
                here + "/responses",
                "empty-responses",
                f"{method} {path} declared no responses; a default untyped response was assumed",
            )
        else:
            for status, response in list(responses.items()):
                if isinstance(response, dict) and "description" not in response:
                    response["description"] = f"{status} response"
                    self.note(
                        pointer(*_split(here), "responses", status),
                        "response-description",
                        "response had no description; one was added",
                    )
        params = op.get("parameters")
        if isinstance(params, list):
            for index, param in enumerate(params):
                if not isinstance(param, dict) or "$ref" in param:
                    continue
                if "schema" not in param and "content" not in param:
                    param["schema"] = {"type": "string"}
                    self.note(
                        pointer(*_split(here), "parameters", index),
                        "parameter-schema",
                        f"parameter {param.get('name')!r} had no schema; string assumed",
                    )
                if param.get("in") == "path" and param.get("required") is not True:
                    param["required"] = True
                    self.note(
                        pointer(*_split(here), "parameters", index),
                        "path-parameter-required",
                        f"path parameter {param.get('name')!r} marked required",
                    )

    def fix_operation_ids(self) -> None:
        """Give every operation a unique identifier-shaped operationId, stable across runs."""
        seen: set[str] = set()
        ops = sorted(
            iter_operations(self.doc),
            key=lambda t: (
                0 if isinstance(t[2].get("operationId"), str) else 1,
                t[0],
                OPERATION_KEYS.index(t[1]),
            ),
        )
        for path, key, op in ops:
            original_path = self.doc["paths"][path].get(X_ORIGINAL_PATH, path)
            here = pointer("paths", path, key, "operationId")
            current = op.get("operationId")
            if isinstance(current, str) and is_identifier(current) and current not in seen:
                seen.add(current)
                continue
            if isinstance(current, str) and current.strip():
                op[X_ORIGINAL_OPERATION_ID] = current
                base = camel_case(current)
                reason = (
                    f"operationId {current!r} is used twice"
                    if is_identifier(current)
                    else f"operationId {current!r} is not an identifier"
                )
            else:
                base = synthesize_operation_id(operation_method(key), original_path)
                reason = "operation had no operationId"
            candidate, counter = base, 2
            while candidate in seen:
                candidate = f"{base}{counter}"
                counter += 1
            seen.add(candidate)
            op["operationId"] = candidate
            op[X_SYNTHESIZED_ID] = True
            self.note(here, "operation-id", f"{reason}; using {candidate!r}")


def _split(ptr: str) -> list[str]:
    from generator.spec.diagnostics import unescape_pointer

    return unescape_pointer(ptr)


def synthesize_operation_id(method: str, path: str) -> str:
    """A stable operationId from method and path.

    ``GET /orders/{id}/items`` -> ``getOrdersByIdItems``.
    """
    words: list[str] = [method.lower()]
    for segment in path.strip("/").split("/"):
        if not segment:
            continue
        inner = segment.strip("{}").rstrip("+")
        if segment.startswith("{"):
            words.append(f"by {inner}")
        else:
            words.append(inner)
    if len(words) == 1:
        words.append("root")
    return camel_case(" ".join(words))


def detect_version(doc: dict[str, Any]) -> str:
    """``2.0``, ``3.0.x`` or ``3.1.x`` as text; raises DocumentError for anything else."""
    if "swagger" in doc:
        version = str(doc["swagger"])
        if version not in ("2.0", "2"):
            raise DocumentError(
                f"unsupported Swagger version {version!r}; only 2.0 is supported",
                [Diagnostic("/swagger", "error", "unsupported-version", f"Swagger {version}")],
            )
        return "2.0"
    if "openapi" in doc:
        version = doc["openapi"]
        text = str(version)
        if isinstance(version, float):  # YAML read `openapi: 3.0` as a number
            text = f"{version:.1f}.0"
        if text.count(".") == 1:
            text += ".0"
        if not re.match(r"^3\.[01]\.\d+", text):
            raise DocumentError(
                f"unsupported OpenAPI version {version!r}; 3.0.x and 3.1.x are supported",
                [Diagnostic("/openapi", "error", "unsupported-version", f"OpenAPI {version}")],
            )
        return text
    raise DocumentError(
        "not an OpenAPI or Swagger document (no 'openapi' or 'swagger' key at the top level)",
        [Diagnostic("", "error", "not-openapi", "no 'openapi' or 'swagger' version key")],
    )


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


def normalize(raw: dict[str, Any], *, in_place: bool = False) -> NormalizedDocument:
    """Convert to OpenAPI 3 if needed and repair what is safe; the input is not modified
    (unless ``in_place``: a caller that keeps no other use of it saves copying it)."""
    version = detect_version(raw)
    repairs: list[Diagnostic] = []
    if version == "2.0":
        doc, conversion_notes = convert_swagger2(raw)
        repairs.extend(conversion_notes)
    else:
        doc = raw if in_place else copy_json(raw)
        if doc.get("openapi") != version:
            doc["openapi"] = version
            repairs.append(
                Diagnostic(
                    "/openapi", "info", "version-to-string", f"openapi version read as {version}"
                )
            )
    normalizer = _Normalizer(doc)
    normalizer.run()
    repairs.extend(normalizer.repairs)
    return NormalizedDocument(document=doc, source_version=version, repairs=repairs)
