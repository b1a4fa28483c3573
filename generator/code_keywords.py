"""Schema keywords that model generators turn into imports or code: sdkgen ignores them and
says so.

datamodel-code-generator reads some keywords of a schema as instructions for the Python it
writes: ``customTypePath`` and ``customBasePath`` import a type or a base class by dotted path,
``x-python-import`` and ``x-python-type`` import a module or write an annotation given as text,
other ``x-python-*`` keywords and its own ``x-datamodel-code-generator-*`` ones steer
serialisation and field names, ``x-is-base-class`` and ``x-is-classvar`` change what a class or a
field is. In a document they are text from whoever wrote it (``{"customTypePath": "this.s"}``
would become ``from this import s``, run on import). sdkgen's own model renderer writes only what
the IR says, so these keywords can never reach generated code; each one is still reported at
its JSON pointer (listed in the manifest's ``omitted``), so a document written for another
generator says what it does not get.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator.spec.diagnostics import Diagnostic, escape_pointer_token

CODE_KEYWORDS = frozenset({"customTypePath", "customBasePath", "x-is-base-class", "x-is-classvar"})
CODE_KEYWORD_PREFIXES = ("x-python-", "x-datamodel-code-generator-")


def is_code_keyword(key: str) -> bool:
    return key in CODE_KEYWORDS or key.startswith(CODE_KEYWORD_PREFIXES)


def code_keywords(node: Mapping[str, Any], here: str) -> list[Diagnostic]:
    """The code keywords of the schema object ``node`` (at pointer ``here``), one omission
    each. Only ``node``'s own keywords are looked at: the caller walks the schema positions (so
    a property *named* like a keyword is not one)."""
    return [
        Diagnostic(
            f"{here}/{escape_pointer_token(key)}",
            "warning",
            "code-keyword",
            f"{key!r} asks a model generator for Python imports or code; ignored",
        )
        for key in node
        if isinstance(key, str) and is_code_keyword(key)
    ]
