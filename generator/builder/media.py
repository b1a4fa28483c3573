"""Media types: which one of a body or response to use, and how its content is sent."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from generator import ir

_JSON_MEDIA = re.compile(r"^application/(.+\+)?json(;.*)?$", re.IGNORECASE)


def pick_media_type(content: Mapping[str, Any]) -> str:
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


def body_kind(media_type: str, schema: Any = None) -> ir.BodyKind:
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
