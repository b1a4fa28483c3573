"""Every rule that turns document text into a Python identifier or literal lives here.

Names are decided once, while building the IR; templates only print them.
The names of the client surface (resources, methods, arguments, constants, modules, classes)
are proposed by :mod:`generator.builder.rest_names` (REST names from method and path, the
table of rules) and settled by one registry per API, :mod:`generator.builder.names`
(overrides, then names pinned from the previous manifest, then the rules), both built on the
rules below.
"""

from __future__ import annotations

import builtins
import functools
import keyword
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

_WORD_SPLIT = re.compile(r"[^0-9A-Za-z]+")
# Split camelCase / PascalCase / acronyms: "getHTTPResponse2xx" -> get, HTTP, Response, 2xx
_CAMEL_PARTS = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+[a-z]*")

MAX_IDENTIFIER_LENGTH = 80

# Names linters reject as ambiguous (E741-E743): they look like 1 and 0.
AMBIGUOUS_NAMES = frozenset({"l", "I", "O"})

# Names the models modules import (from typing, pydantic, the standard library and the
# package's ``_model_base``): no class, and no field, may take them.
MODEL_MODULE_NAMES = frozenset(
    {
        "Any",
        "Annotated",
        "AwareDatetime",
        "BaseModel",
        "ConfigDict",
        "Constraints",
        "Decimal",
        "Discriminated",
        "Enum",
        "Field",
        "IntEnum",
        "Literal",
        "Open",
        "Optional",
        "READ_ONLY",
        "RootModel",
        "StrEnum",
        "TYPE_CHECKING",
        "UUID",
        "Union",
        "UnknownEnumValue",
        "date",
        "datetime",
        "request_body",
        "required_in_responses",
        "time",
        "timedelta",
    }
)

# Names a generated class may not take: they are imported into the same modules.
RESERVED_CLASS_NAMES = frozenset(
    MODEL_MODULE_NAMES
    | {name for name in dir(builtins) if name[:1].isupper()}
    | AMBIGUOUS_NAMES
    # Imported next to the models in every resource module, or defined there.
    | {
        "AsyncClient",
        "Client",
        "ClientConfig",
        "Mapping",
        "NotGiven",
        "Operation",
        "Param",
        "SecurityScheme",
        "Self",
        "Timeout",
        "Token",
    }
)


def ascii_words(text: str) -> list[str]:
    """Words of ``text`` in ASCII: accents folded, other characters treated as separators."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words: list[str] = []
    for chunk in _WORD_SPLIT.split(folded):
        words.extend(_CAMEL_PARTS.findall(chunk))
    return [w for w in words if w]


def _clip(name: str) -> str:
    return name[:MAX_IDENTIFIER_LENGTH].rstrip("_") or name[:MAX_IDENTIFIER_LENGTH]


@functools.lru_cache(maxsize=65536)
def snake_case(text: str, *, fallback: str = "value") -> str:
    """A lower_snake_case identifier; never a keyword, never starting with a digit."""
    words = [w.lower() for w in ascii_words(text)]
    name = "_".join(words) or fallback
    if name[0].isdigit():
        name = f"{fallback}_{name}"
    name = _clip(name)
    if keyword.iskeyword(name) or keyword.issoftkeyword(name) or name in AMBIGUOUS_NAMES:
        name += "_"
    return name


def _capitalized(word: str) -> str:
    if word.isupper() and len(word) > 1:
        return word.capitalize()
    return word[:1].upper() + word[1:]


@functools.lru_cache(maxsize=65536)
def pascal_case(text: str, *, fallback: str = "Model") -> str:
    """A PascalCase class name; never reserved, never starting with a digit."""
    name = "".join(_capitalized(w) for w in ascii_words(text)) or fallback
    if name[0].isdigit():
        name = f"{fallback}{name}"
    name = _clip(name)
    if name in RESERVED_CLASS_NAMES or keyword.iskeyword(name):
        name += "Model"
    return name


def camel_case(text: str, *, fallback: str = "operation") -> str:
    """A lowerCamelCase name (used for synthesized operationIds)."""
    words = ascii_words(text)
    if not words:
        return fallback
    name = words[0].lower() + "".join(_capitalized(w) for w in words[1:])
    if name[0].isdigit():
        name = f"{fallback}{_capitalized(name)}"
    name = _clip(name)
    reserved = keyword.iskeyword(name) or keyword.issoftkeyword(name) or name in AMBIGUOUS_NAMES
    return name + "_" if reserved else name


# Attributes every pydantic model has: a field of that name would shadow them.
MODEL_ATTRIBUTES = frozenset(
    {
        "construct",
        "copy",
        "dict",
        "from_orm",
        "json",
        "parse_file",
        "parse_obj",
        "parse_raw",
        "schema",
        "schema_json",
        "update_forward_refs",
        "validate",
    }
)
# Names a field may not take besides keywords and model attributes: the types and helpers its
# annotation may name (a field named ``date`` would hide the type ``date`` from later fields).
_FIELD_RESERVED = MODEL_MODULE_NAMES | frozenset(
    {"bool", "bytes", "dict", "float", "int", "list", "str", "self"}
)
_NON_WORD = re.compile(r"[^0-9A-Za-z_]+")


@functools.lru_cache(maxsize=65536)
def field_name(wire: str) -> str:
    """The Python attribute of an object property (the wire name is kept as its alias).

    A usable identifier stays as it is (``customerId``); otherwise invalid characters become
    underscores (``first-name`` -> ``first_name``), and a name that starts with something else
    than a letter gets ``field_`` (``_id`` -> ``field_id``, ``@type`` -> ``field_type``).
    A name in pydantic's ``model_`` namespace gets ``field_`` too (``model_dump`` ->
    ``field_model_dump``). Keywords, model attributes and the names annotations use get a
    trailing underscore.
    """
    if wire.isidentifier() and wire.isascii() and not wire.startswith("_"):
        name = wire
    else:
        folded = unicodedata.normalize("NFKD", wire).encode("ascii", "ignore").decode("ascii")
        name = _NON_WORD.sub("_", folded).strip("_")
        name = re.sub("__+", "_", name)
        if not name:
            name = "field"
        elif not (folded[:1].isalpha() and folded[:1].isascii()):
            name = f"field_{name}"
    if name.startswith("model_"):  # pydantic's namespace: a field there warns on import
        name = f"field_{name}"
    name = _clip(name)
    if (
        keyword.iskeyword(name)
        or keyword.issoftkeyword(name)
        or name in AMBIGUOUS_NAMES
        or name in MODEL_ATTRIBUTES
        or name in _FIELD_RESERVED
    ):
        name += "_"
    return name


def enum_member_name(value: str | int) -> str:
    """An enum member for a value: ``"in-progress"`` -> ``IN_PROGRESS``, ``"1x"`` ->
    ``FIELD_1X``, ``""`` -> ``EMPTY``, ``-2`` -> ``INTEGER_MINUS_2``."""
    if isinstance(value, int):
        return f"INTEGER_MINUS_{-value}" if value < 0 else f"INTEGER_{value}"
    words = [w.upper() for w in ascii_words(value)]
    if not words:
        return "EMPTY" if not value else "VALUE"
    name = "_".join(words)
    if name[0].isdigit():
        name = f"FIELD_{name}"
    name = _clip(name)
    return name + "_" if name in AMBIGUOUS_NAMES or keyword.iskeyword(name) else name


def constant_case(text: str, *, fallback: str = "VALUE") -> str:
    return snake_case(text, fallback=fallback.lower()).upper().rstrip("_")


def module_name(attribute: str) -> str:
    """A module for a resource attribute: ``orders_`` -> ``orders``, but ``import_`` stays."""
    stripped = attribute.rstrip("_")
    return stripped if stripped and not keyword.iskeyword(stripped) else attribute


def is_identifier(text: str) -> bool:
    return text.isidentifier() and text.isascii() and not keyword.iskeyword(text)


class NameRegistry:
    """Hands out unique names in one scope; the first claimant keeps the plain name."""

    def __init__(self, reserved: Iterable[str] = ()) -> None:
        self._taken: set[str] = set(reserved)

    def claim(self, name: str) -> str:
        return self._claim(name, "_", "_v")

    def claim_class(self, name: str) -> str:
        return self._claim(name, "", "V")

    def _claim(self, name: str, separator: str, after_digit: str) -> str:
        """``name``, else ``name`` with a counter; a suffixed name is clipped first so that it
        stays within ``MAX_IDENTIFIER_LENGTH`` (a later clip would cut the counter off and make
        two claimants one name)."""
        candidate = name
        counter = 2
        while candidate in self._taken:
            suffix = f"{after_digit if name[-1:].isdigit() else separator}{counter}"
            stem = name[: MAX_IDENTIFIER_LENGTH - len(suffix)]
            candidate = stem + suffix
            counter += 1
        self._taken.add(candidate)
        return candidate

    def __contains__(self, name: object) -> bool:
        return name in self._taken


def py_literal(value: str | int | float | bool | None) -> str:
    """A Python literal for a value from a document: the only way document text enters code."""
    if isinstance(value, str):
        # repr() of a str is a valid, inert literal; non-ASCII is escaped to keep sources ASCII.
        return ascii(value)
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, int):
        return repr(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return f"float({repr(value)!a})"
        return repr(value)
    raise TypeError(f"unsupported literal type {type(value).__name__}")


def docstring_text(text: str | None, *, indent: str = "") -> str:
    """Document prose made safe to place inside a triple-quoted docstring.

    Backslashes and quotes are escaped so no text can end the string early or form an escape.
    """
    if not text:
        return ""
    cleaned = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not cleaned.replace("\n", "").isprintable():
        cleaned = "".join(ch if ch == "\n" or ch.isprintable() else " " for ch in cleaned)
    cleaned = cleaned.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    if cleaned.endswith('"'):
        cleaned = cleaned[:-1] + '\\"'
    cleaned = ascii_escapes(cleaned)
    first, *rest = [line.rstrip() for line in cleaned.split("\n")]
    return "\n".join([first, *(indent + line if line else "" for line in rest)])


def docstring_literal(value: str) -> str:
    """A whole triple-quoted, ASCII-only literal of ``value`` (tabs expanded, trailing spaces
    dropped): the docstrings of models and fields."""
    lines = [line.expandtabs(4) for line in value.split("\n")]
    lines = [line.rstrip() for line in lines[:-1]] + lines[-1:]
    text = "\n".join(lines).replace("\\", "\\\\")
    if not text.replace("\n", "").isprintable():
        text = "".join(
            ch if ch == "\n" or ch.isprintable() or not ch.isascii() else f"\\x{ord(ch):02x}"
            for ch in text
        )
    text = text.replace('"""', '\\"\\"\\"')
    if text.endswith('"'):
        text = text[:-1] + '\\"'
    return '"""' + ascii_escapes(text) + '"""'


def ascii_escapes(text: str) -> str:
    """Non-ASCII characters as ``\\uXXXX`` escapes: generated sources stay ASCII.

    Linters flag look-alike characters (right single quote, en dash, Cyrillic letters) in code
    and docstrings, and lone surrogates cannot even be written to a UTF-8 file.
    """
    if text.isascii():
        return text
    return "".join(ch if ch.isascii() else _escape(ch) for ch in text)


def _escape(ch: str) -> str:
    code = ord(ch)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def package_name(text: str) -> str:
    """A distribution name (PEP 503 normalized) for an API title or configured name."""
    return snake_case(text, fallback="api").replace("_", "-").strip("-") or "api"


def import_name(text: str) -> str:
    return snake_case(text, fallback="api").rstrip("_")


@dataclass(frozen=True)
class NameOptions:
    """How a client's distribution and import names are made from its configured name."""

    prefix: str = ""  # before the distribution name only: "acme" -> acme-orders-client
    major_in_name: bool = False  # orders-client-v2 / orders_client_v2, one per major version


PLAIN_NAMES = NameOptions()


def major_version(version: str) -> int:
    """The major version of ``version`` ("2.1.0" -> 2); ValueError when it has none."""
    from packaging.version import InvalidVersion, Version

    try:
        return Version(version).major
    except InvalidVersion:
        message = f"version {version!r} does not start with a major version number"
        raise ValueError(message) from None


def client_names(base: str, version: str, options: NameOptions) -> tuple[str, str, str]:
    """The distribution name, import name and environment prefix of the client called
    ``base`` at ``version``: ``acme-orders-client-v2``, ``orders_client_v2``,
    ``ORDERS_CLIENT_V2``."""
    dist = package_name(f"{options.prefix}-{base}" if options.prefix else base)
    module = import_name(base)
    prefix = env_prefix(module)
    if options.major_in_name:
        major = major_version(version)
        dist, module, prefix = f"{dist}-v{major}", f"{module}_v{major}", f"{prefix}_V{major}"
    return dist, module, prefix


def env_prefix(import_package: str) -> str:
    """Environment prefix of a generated package: ``orders_client`` -> ``ORDERS_CLIENT``."""
    return constant_case(import_package)


def toml_string(text: str) -> str:
    """A TOML basic string for any text (control and non-ASCII characters escaped)."""
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch in ('"', "\\"):
            out.append("\\" + ch)
        elif 0x20 <= code < 0x7F:
            out.append(ch)
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04X}")
        else:
            out.append(f"\\U{code:08X}")
    out.append('"')
    return "".join(out)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|])")


def markdown_text(text: str | None, *, limit: int = 300) -> str:
    """Document prose made inert in Markdown: one line, special characters escaped."""
    if not text:
        return ""
    line = " ".join(text.split())
    if len(line) > limit:
        line = line[: limit - 1] + "…"
    return _MD_SPECIAL.sub(r"\\\1", line)
