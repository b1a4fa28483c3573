"""Responses: the success types an operation returns and the error bodies it raises with."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from generator import ir
from generator.builder.context import Context, Problems, omission
from generator.builder.media import body_kind, pick_media_type
from generator.builder.refs import resolve
from generator.builder.schemas import Reader
from generator.builder.types import type_ref
from generator.spec.diagnostics import pointer, unescape_pointer


def build_responses(
    ctx: Context, op: Mapping[str, Any], ptr: str, op_class: str
) -> tuple[tuple[list[ir.Response], list[ir.Response]], Problems]:
    """(success responses, error responses) of an operation."""
    problems: Problems = []
    responses = op.get("responses")
    success: list[ir.Response] = []
    errors: list[ir.Response] = []
    if not isinstance(responses, dict):
        return (success, errors), problems
    declared: list[tuple[str, Any]] = []
    for key, raw in responses.items():
        status = str(key)
        if status.startswith("x-"):  # an extension, not a response
            continue
        if _STATUS.fullmatch(status) or status == "default":
            declared.append((status, raw))
            continue
        problems.append(
            omission(
                pointer(*unescape_pointer(ptr), "responses", status),
                "invalid-status-code",
                f"{status!r} is not a status code (100-599, 1XX-5XX or default); response left out",
            )
        )
    statuses = [s for s, _ in declared]
    has_2xx = any(s.startswith("2") for s in statuses)
    success_statuses = [s for s in statuses if s.startswith("2")]
    reader = Reader(ctx, problems, hoist=True, formats=False, enum_classes=True)
    for status, raw in declared:
        is_success = status.startswith("2") or (status == "default" and not has_2xx)
        response, resp_ptr = resolve(
            ctx, raw, pointer(*unescape_pointer(ptr), "responses", status), problems
        )
        if not isinstance(response, dict):
            continue
        content = response.get("content")
        media_type: str | None = None
        type_: ir.TypeRef | None = None
        media_types: tuple[str, ...] = ()
        if isinstance(content, dict) and content:
            media_types = tuple(str(key) for key in content)
            media_type = pick_media_type(content)
            media = content[media_type] if isinstance(content[media_type], dict) else {}
            kind = body_kind(media_type, media.get("schema"))
            media_ptr = pointer(*unescape_pointer(resp_ptr), "content", media_type)
            if kind == "binary":
                type_ = ir.TypeRef("bytes")
            elif kind == "text":
                type_ = ir.TypeRef("str")
            else:
                suffix = "Response" if is_success else f"{_status_word(status)}Error"
                if is_success and len(success_statuses) > 1:
                    suffix = f"Response{status}"
                type_ = type_ref(
                    reader.type_of(media.get("schema"), op_class + suffix, media_ptr + "/schema")
                )
        description = response.get("description")
        entry = ir.Response(
            status=status,
            description=description.strip() or None if isinstance(description, str) else None,
            media_type=media_type,
            type=type_,
            media_types=media_types,
            pointer=resp_ptr,
        )
        (success if is_success else errors).append(entry)
    return (success, errors), problems


# a status code, or a range of them (the runtime reads ``4XX`` and ``4xx`` alike)
_STATUS = re.compile(r"[1-5](?:[0-9]{2}|XX|xx)")


def _status_word(status: str) -> str:
    return {"default": "Default"}.get(status, status)


def return_type(method: str, success: Iterable[ir.Response]) -> ir.TypeRef:
    """What a method returns: the union of its success types (``None`` for bodiless ones)."""
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
        for member in _members(t.annotation):
            if member not in annotations:
                annotations.append(member)
        models.extend(m for m in t.models if m not in models)
    if any(r.type is None for r in responses) and "None" not in annotations:
        annotations.append("None")
    if "None" in annotations:  # None last, as unions of types write it
        annotations = [a for a in annotations if a != "None"] + ["None"]
    return ir.TypeRef(" | ".join(annotations), tuple(models))


def _members(annotation: str) -> list[str]:
    """Top-level members of a union annotation: ``list[A | B] | None`` -> two members."""
    members: list[str] = []
    depth, current = 0, ""
    for char in annotation:
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        if char == "|" and depth == 0:
            members.append(current.strip())
            current = ""
        else:
            current += char
    members.append(current.strip())
    return members
