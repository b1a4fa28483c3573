"""Schema keywords that the model generator turns into imports or code: never handed to it.

datamodel-code-generator reads some keywords of a schema as instructions for the Python it
writes: ``customTypePath`` and ``customBasePath`` import a type or a base class by dotted path,
``x-python-import`` and ``x-python-type`` import a module or write an annotation given as text,
other ``x-python-*`` keywords and its own ``x-datamodel-code-generator-*`` ones steer
serialisation and field names, ``x-is-base-class`` and ``x-is-classvar`` change what a class or a
field is. In a document they are text from whoever wrote it (``{"customTypePath": "this.s"}``
would become ``from this import s``, run on import), so every one is dropped from the schemas
before model generation and reported at its JSON pointer.
"""

from __future__ import annotations

from typing import Any

from generator.spec.diagnostics import escape_pointer_token

CODE_KEYWORDS = frozenset({"customTypePath", "customBasePath", "x-is-base-class", "x-is-classvar"})
CODE_KEYWORD_PREFIXES = ("x-python-", "x-datamodel-code-generator-")


def is_code_keyword(key: str) -> bool:
    return key in CODE_KEYWORDS or key.startswith(CODE_KEYWORD_PREFIXES)


def drop_code_keywords(node: dict[str, Any], here: str) -> list[tuple[str, str]]:
    """Remove the code keywords of the schema object ``node`` (at pointer ``here``).

    Returns (pointer, message) for each keyword removed. Only ``node``'s own keywords are
    looked at: the caller walks the schema positions (so a property *named* like a keyword
    stays).
    """
    dropped: list[tuple[str, str]] = []
    for key in [k for k in node if isinstance(k, str) and is_code_keyword(k)]:
        del node[key]
        dropped.append(
            (
                f"{here}/{escape_pointer_token(key)}",
                f"{key!r} asks the model generator for Python imports or code; ignored",
            )
        )
    return dropped
