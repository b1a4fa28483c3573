"""Example values written as Python source: document text only ever becomes escaped literals.

``argument_source`` gives the expression a call passes for an argument: a literal for plain
types, ``TypeAdapter(<type>).validate_python(<literal>)`` when the argument's type names model
classes (so the test type-checks and the value is the model the method expects).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from generator.examples.operations import Argument
from generator.naming import py_literal

MODELS_ALIAS = "models"


def literal(value: Any) -> str:
    """A Python literal for JSON data or bytes (strings escaped by ``naming.py_literal``)."""
    if isinstance(value, dict):
        items = ", ".join(f"{py_literal(str(k))}: {literal(v)}" for k, v in value.items())
        return "{" + items + "}"
    if isinstance(value, list):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, (bytes, bytearray)):
        return repr(bytes(value))  # bytes reprs are ASCII with every other byte escaped
    if value is None or isinstance(value, (str, int, float, bool)):
        return py_literal(value)
    raise TypeError(f"not JSON data: {type(value).__name__}")


def qualified_annotation(annotation: str, models: Sequence[str], alias: str = MODELS_ALIAS) -> str:
    """``annotation`` with each model class name prefixed by ``alias.`` (string literals inside
    ``Literal[...]`` are left as they are)."""
    names = set(models)
    out: list[str] = []
    index = 0
    while index < len(annotation):
        ch = annotation[index]
        if ch in "'\"":  # a literal written by py_literal: copy it whole
            end = index + 1
            while end < len(annotation) and annotation[end] != ch:
                end += 2 if annotation[end] == "\\" else 1
            out.append(annotation[index : end + 1])
            index = end + 1
        elif ch.isalpha() or ch == "_":
            end = index
            while end < len(annotation) and (annotation[end].isalnum() or annotation[end] == "_"):
                end += 1
            word = annotation[index:end]
            out.append(f"{alias}.{word}" if word in names else word)
            index = end
        else:
            out.append(ch)
            index += 1
    return "".join(out)


def argument_source(argument: Argument, alias: str = MODELS_ALIAS) -> str:
    """The expression passed for ``argument`` in a call."""
    value = literal(argument.value)
    if argument.models and argument.value is not None:
        annotation = qualified_annotation(argument.annotation, argument.models, alias)
        return f"TypeAdapter({annotation}).validate_python({value})"
    return value


def call_arguments(arguments: Sequence[Argument], alias: str = MODELS_ALIAS) -> str:
    """``name=value, ...`` for a call."""
    return ", ".join(f"{a.python_name}={argument_source(a, alias)}" for a in arguments)
