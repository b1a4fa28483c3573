"""Valid arguments for an operation of the IR, from the normalized document it was built from.

For each argument of the generated method (path, query, header and cookie parameters, the
body; ``method`` for API Gateway's any-method): the parameter's or media type's ``example`` /
``examples`` when one validates, else a value synthesised from the schema
(:mod:`generator.examples.values`). Optional arguments are included too (for coverage) when a
valid value can be made. Each value is validated against its schema before it is returned.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from generator import ir
from generator.examples.validation import SchemaChecker
from generator.examples.values import SynthesisError, ValueSynthesiser
from generator.spec.diagnostics import pointer, pointer_target, unescape_pointer

BINARY_EXAMPLE = b"example"
ANY_METHOD_EXAMPLE = "GET"


@dataclass(frozen=True)
class Argument:
    """One keyword argument of a generated method and the value a call passes."""

    python_name: str
    value: Any  # JSON data (bytes for binary bodies)
    annotation: str  # the argument's Python type, as the method declares it
    models: tuple[str, ...]  # model classes the annotation names
    location: str  # path, query, header, cookie, body or method
    wire_name: str
    # False when the document allows the value but the argument's declared type does not
    fits_annotation: bool = True


@dataclass(frozen=True)
class OperationExample:
    """Arguments for one call of an operation, in the order the method signature lists them."""

    pointer: str
    arguments: tuple[Argument, ...]
    skipped: tuple[str, ...] = field(default=())  # optional arguments left out, and why

    def argument(self, python_name: str) -> Argument | None:
        return next((a for a in self.arguments if a.python_name == python_name), None)


def _resolve(document: Mapping[str, Any], node: Any) -> Any:
    for _ in range(32):
        if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
            return node
        node = pointer_target(document, node["$ref"])
    return None


def _raw_parameters(
    document: Mapping[str, Any], op_pointer: str
) -> dict[tuple[str, str], dict[str, Any]]:
    tokens = unescape_pointer(op_pointer)
    item = pointer_target(document, "#" + pointer(*tokens[:-1]))
    operation = pointer_target(document, "#" + op_pointer)
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for source in (item, operation):
        params = source.get("parameters") if isinstance(source, dict) else None
        for raw in params if isinstance(params, list) else []:
            param = _resolve(document, raw)
            if isinstance(param, dict) and isinstance(param.get("name"), str):
                found[(param["name"], str(param.get("in")))] = param
    return found


def _given_examples(document: Mapping[str, Any], holder: Mapping[str, Any]) -> list[Any]:
    """``example`` and the values of ``examples`` of a parameter or media type object."""
    found: list[Any] = []
    if "example" in holder:
        found.append(holder["example"])
    examples = holder.get("examples")
    if isinstance(examples, dict):
        for entry in examples.values():
            entry = _resolve(document, entry)
            if isinstance(entry, dict) and "value" in entry:
                found.append(entry["value"])
    return found


def _header_safe(value: Any) -> bool:
    items = value if isinstance(value, list) else [value]
    return all(
        not isinstance(v, (dict, list)) and str(v).isascii() and str(v).isprintable() for v in items
    )


def _parameter_schema(param: Mapping[str, Any]) -> tuple[Any, Mapping[str, Any]]:
    """The schema of a parameter, and the object holding its examples (the parameter, or its
    ``content`` media type)."""
    if isinstance(param.get("schema"), dict):
        return param["schema"], param
    content = param.get("content")
    if isinstance(content, dict) and content:
        media = next(iter(content.values()))
        if isinstance(media, dict):
            return media.get("schema", {}), {
                **media,
                **{k: param[k] for k in ("example", "examples") if k in param},
            }
    return {}, param


def _parameter_value(
    document: Mapping[str, Any],
    synthesiser: ValueSynthesiser,
    param: Mapping[str, Any],
    location: str,
) -> Any:
    schema, holder = _parameter_schema(param)
    candidates = _given_examples(document, holder)
    if location == "path":
        candidates = [
            c for c in candidates if c not in ("", None) and not isinstance(c, (dict, list))
        ]
    if location in ("header", "cookie"):
        candidates = [c for c in candidates if _header_safe(c)]
    value = synthesiser.value(schema, candidates=tuple(candidates))
    if location == "path" and (
        value in ("", None) or (isinstance(value, (dict, list)) and not value)
    ):
        raise SynthesisError("no non-empty value for a path parameter")
    if location in ("header", "cookie") and not _header_safe(value):
        raise SynthesisError("no value that can be sent in a header")
    return value


def _body_value(
    document: Mapping[str, Any], synthesiser: ValueSynthesiser, op: ir.Operation
) -> Any:
    assert op.body is not None
    operation = pointer_target(document, "#" + op.pointer)
    body = _resolve(document, operation.get("requestBody") if isinstance(operation, dict) else None)
    content = body.get("content") if isinstance(body, dict) else None
    media = content.get(op.body.media_type) if isinstance(content, dict) else None
    media = media if isinstance(media, dict) else {}
    schema = media.get("schema")
    candidates = tuple(_given_examples(document, media))
    xml = "xml" in op.body.media_type.lower()
    if op.body.kind == "binary":
        if not isinstance(schema, dict) or not schema or _is_raw_binary(document, schema):
            return BINARY_EXAMPLE
        # bytes the document describes by a schema: base64 text, XML, ...
        value = synthesiser.value(schema, candidates=candidates)
        if isinstance(value, str):
            return value.encode()
        if xml:
            return xml_text(value, _xml_root(document, schema)).encode()
        raise SynthesisError(f"a {op.body.media_type} body is sent as bytes")
    if op.body.kind == "text":
        if not isinstance(schema, dict) or not schema:
            schema = {"type": "string"}
        value = synthesiser.value(schema, candidates=candidates)
        if isinstance(value, str):
            return value
        if xml:  # the client takes XML as text: write it
            return xml_text(value, _xml_root(document, schema))
        raise SynthesisError(f"a {op.body.media_type} body needs a string value")
    if not isinstance(schema, dict) or not schema or _free_form(_resolve(document, schema)):
        return next((c for c in candidates if isinstance(c, dict)), {})
    value = synthesiser.value(schema, candidates=candidates)
    if op.body.kind in ("form", "multipart") and not isinstance(value, dict):
        raise SynthesisError(f"a {op.body.kind} body needs an object value")
    return value


def _free_form(schema: Any) -> bool:
    """A schema that says nothing of the value (``{}``, or an object with no members given):
    the client takes any mapping; an empty one is the plain example."""
    if not isinstance(schema, dict):
        return True
    said = set(schema) - {"description", "title", "type", "example", "x-example", "default"}
    return not said and schema.get("type", "object") == "object"


def _is_raw_binary(document: Mapping[str, Any], schema: Any) -> bool:
    """A schema of raw bytes (``format: binary``), or one saying nothing of them."""
    resolved = _resolve(document, schema)
    if not isinstance(resolved, dict):
        return True
    return resolved.get("format") == "binary" or not (
        {"type", "format", "pattern", "enum", "properties", "allOf", "oneOf", "anyOf"}
        & resolved.keys()
    )


def _xml_root(document: Mapping[str, Any], schema: Any) -> str:
    name = "root"
    for _ in range(32):
        if not isinstance(schema, dict):
            break
        xml = schema.get("xml")
        if isinstance(xml, dict) and isinstance(xml.get("name"), str):
            return str(xml["name"])
        ref = schema.get("$ref")
        if not isinstance(ref, str):
            break
        name = ref.rsplit("/", 1)[-1]
        schema = pointer_target(document, ref)
    return name


def xml_text(value: Any, root: str) -> str:
    """JSON data as XML: an element per property, repeated for list items."""
    out: list[str] = []

    def element(name: str, item: Any) -> None:
        tag = "".join(c if c.isalnum() or c in "_-." else "_" for c in name) or "item"
        if isinstance(item, list):
            for entry in item:
                element(name, entry)
        elif isinstance(item, dict):
            out.append(f"<{tag}>")
            for key, child in item.items():
                element(key, child)
            out.append(f"</{tag}>")
        else:
            text = "true" if item is True else "false" if item is False else str(item)
            out.append(f"<{tag}>{xml_escape(text)}</{tag}>")

    element(root, value)
    return "".join(out)


def is_xml_body(body: ir.Body, example: OperationExample) -> bool:
    """Whether the example sends the body as XML written from an object schema."""
    argument = example.argument(body.python_name)
    value = argument.value if argument is not None else None
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    return "xml" in body.media_type.lower() and isinstance(value, str) and value.startswith("<")


def operation_example(
    document: Mapping[str, Any],
    op: ir.Operation,
    checker: SchemaChecker | None = None,
    *,
    optional: bool = True,
    nulls: bool = False,
) -> OperationExample:
    """Arguments for a call of ``op`` (raises :class:`SynthesisError`, located by the JSON
    pointer of what could not be made, when a required one cannot be). ``nulls``: required
    body properties that may be null are null."""
    checker = checker or SchemaChecker(document)
    document = checker.document  # the same, without references that cannot be followed
    synthesiser = ValueSynthesiser(checker, "request", nulls=nulls)
    parameters = ValueSynthesiser(checker, "parameter")
    raw = _raw_parameters(document, op.pointer)
    arguments: list[Argument] = []
    skipped: list[str] = []
    if op.method == "ANY":
        arguments.append(Argument("method", ANY_METHOD_EXAMPLE, "str", (), "method", "method"))
    order = [p for p in op.parameters if p.location == "path"]
    order += [p for p in op.signature_parameters if p.location != "path"]
    body_index = len([p for p in order if p.location == "path"])
    for param in order:
        if not (param.required or optional):
            continue
        where = f"{op.pointer} ({param.location} parameter {param.wire_name!r})"
        source = raw.get((param.wire_name, param.location), {})
        try:
            value = _parameter_value(document, parameters, source, param.location)
        except SynthesisError as exc:
            if param.required:
                raise SynthesisError(f"{where}: {exc}") from exc
            skipped.append(f"{param.python_name}: {exc}")
            continue
        arguments.append(
            Argument(
                param.python_name,
                value,
                param.type.annotation,
                param.type.models,
                param.location,
                param.wire_name,
                fits_annotation(value, param.type.annotation),
            )
        )
    if op.body is not None and (op.body.required or optional):
        try:
            value = _body_value(document, synthesiser, op)
        except SynthesisError as exc:
            if op.body.required:
                raise SynthesisError(f"{op.pointer}/requestBody: {exc}") from exc
            skipped.append(f"{op.body.python_name}: {exc}")
        else:
            arguments.insert(
                body_index + (op.method == "ANY"),
                Argument(
                    op.body.python_name,
                    value,
                    op.body.type.annotation,
                    op.body.type.models,
                    "body",
                    op.body.python_name,
                    fits_annotation(value, op.body.type.annotation),
                ),
            )
    return OperationExample(op.pointer, tuple(arguments), tuple(skipped))


# -- does a value fit the Python type a method declares? ----------------------------------------


def _split_top(text: str, separator: str) -> list[str]:
    parts: list[str] = []
    depth = 0
    quote: str | None = None
    current: list[str] = []
    index = 0
    while index < len(text):
        ch = text[index]
        if quote:
            current.append(ch)
            if ch == "\\":
                current.append(text[index + 1])
                index += 1
            elif ch == quote:
                quote = None
        elif ch in "'\"":
            quote = ch
            current.append(ch)
        elif ch == "[":
            depth += 1
            current.append(ch)
        elif ch == "]":
            depth -= 1
            current.append(ch)
        elif depth == 0 and text.startswith(separator, index):
            parts.append("".join(current).strip())
            current = []
            index += len(separator)
            continue
        else:
            current.append(ch)
        index += 1
    parts.append("".join(current).strip())
    return parts


def fits_annotation(value: Any, annotation: str) -> bool:
    """Whether ``value`` (JSON data, as a call passes it) is of the Python type ``annotation``
    (a type expression of the IR); model classes accept objects (their own validation runs when
    the value is turned into the model)."""
    alternatives = _split_top(annotation, "|")
    if len(alternatives) > 1:
        return any(fits_annotation(value, a) for a in alternatives)
    text = annotation.strip()
    if text in ("Any", "object"):
        return True
    if text == "None":
        return value is None
    if text == "str":
        return isinstance(value, str)
    if text == "bytes":
        return isinstance(value, (bytes, str))
    if text == "bool":
        return isinstance(value, bool)
    if text == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if text == "float":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if text.startswith("Literal[") and text.endswith("]"):
        try:
            allowed = ast.literal_eval("(" + text[len("Literal[") : -1] + ",)")
        except (ValueError, SyntaxError):
            return False
        return any(value == a and type(value) is type(a) for a in allowed)
    if text.startswith("list[") and text.endswith("]"):
        item = text[len("list[") : -1]
        return isinstance(value, list) and all(fits_annotation(v, item) for v in value)
    if (text.startswith("dict[") or text.startswith("Mapping[")) and text.endswith("]"):
        arguments = _split_top(text[text.index("[") + 1 : -1], ",")
        return isinstance(value, dict) and all(
            fits_annotation(v, arguments[-1]) for v in value.values()
        )
    if text.isidentifier():  # a model class
        return value is not None
    return False
