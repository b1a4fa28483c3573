"""What a document declares, read independently of the generator's normalization.

The runner compares these with what the generated client's ``manifest.json`` lists.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from generator.spec.diagnostics import pointer_target
from generator.spec.keys import ANY_METHOD_KEY, HTTP_METHODS

_JSON_MEDIA = re.compile(r"^application/(.+\+)?json(;.*)?$|^\*/\*", re.IGNORECASE)
# Keywords that say what a value is. Not ``items``: without ``type: array`` it constrains a
# value only if it happens to be an array (slack.com's responses are objects with such a schema).
_TYPING_KEYWORDS = frozenset(
    {"$ref", "type", "properties", "allOf", "oneOf", "anyOf", "enum", "const"}
)

Operation = tuple[str, str]  # (METHOD, path as written in the document)


def _deref(doc: Mapping[str, Any], node: Any) -> Any:
    for _ in range(16):
        if isinstance(node, dict) and isinstance(node.get("$ref"), str):
            node = pointer_target(doc, node["$ref"])
        else:
            break
    return node


def path_items(doc: Mapping[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    paths = doc.get("paths")
    if not isinstance(paths, dict):
        return []
    items = ((str(path), _deref(doc, item)) for path, item in paths.items())
    return [(path, item) for path, item in items if isinstance(item, dict)]


def operations(doc: Mapping[str, Any]) -> list[Operation]:
    """(METHOD, path) of every operation object; ``ANY`` for API Gateway's any-method."""
    found: list[Operation] = []
    for path, item in path_items(doc):
        for key in (*HTTP_METHODS, ANY_METHOD_KEY):
            if isinstance(item.get(key), dict):
                found.append(("ANY" if key == ANY_METHOD_KEY else key.upper(), path))
    return sorted(found)


def is_typed_schema(doc: Mapping[str, Any], schema: Any) -> bool:
    """A schema that says what the value is (not ``{}`` or a bare description)."""
    if not isinstance(schema, dict) or not (_TYPING_KEYWORDS & schema.keys()):
        return False
    target = _deref(doc, schema)
    return isinstance(target, dict) and bool(_TYPING_KEYWORDS & target.keys())


def success_schemas(doc: Mapping[str, Any], operation: Mapping[str, Any]) -> list[Any]:
    """JSON schemas of the 2xx responses (of ``default`` when there is no 2xx) of an operation.

    Reads OpenAPI 3 ``content`` and Swagger 2.0 ``schema``.
    """
    responses = _deref(doc, operation.get("responses"))
    if not isinstance(responses, dict):
        return []
    statuses = [str(s) for s in responses]
    chosen = [s for s in statuses if s.startswith("2")] or [s for s in statuses if s == "default"]
    schemas: list[Any] = []
    for status in chosen:
        response = _deref(doc, responses.get(status, responses.get(_int_key(status))))
        if not isinstance(response, dict):
            continue
        if "schema" in response:
            schemas.append(response["schema"])
        content = response.get("content")
        if isinstance(content, dict):
            schemas.extend(
                media.get("schema")
                for media_type, media in content.items()
                if isinstance(media, dict) and _JSON_MEDIA.match(str(media_type))
            )
    return schemas


def _int_key(status: str) -> int | str:
    return int(status) if status.isdigit() else status


def operation_object(doc: Mapping[str, Any], method: str, path: str) -> dict[str, Any] | None:
    key = ANY_METHOD_KEY if method == "ANY" else method.lower()
    for item_path, item in path_items(doc):
        if item_path == path and isinstance(item.get(key), dict):
            found: dict[str, Any] = item[key]
            return found
    return None
