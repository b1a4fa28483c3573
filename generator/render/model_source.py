"""Make datamodel-code-generator's output lint-clean without changing what it means.

Document text reaches ``models.py`` as docstrings, descriptions, examples and enum values.
Linters reject some of it: look-alike characters (``RUF001``-``RUF003``), trailing whitespace
and tabs inside docstrings (``W291``, ``W293``, ``E101``), and enum members named ``O`` or
``I`` (``E741``). Strings are rewritten ASCII-only (same value; docstrings trimmed),
ambiguous members renamed along with every ``Enum.MEMBER`` reference.
"""

from __future__ import annotations

import ast
import copy
import io
import re
import tokenize
from collections.abc import Iterator

from generator.naming import AMBIGUOUS_NAMES, RESERVED_CLASS_NAMES, ascii_escapes

__all__ = ["AMBIGUOUS_NAMES", "docstring_literal", "lint_clean", "lint_clean_tree"]
_ENUM_BASES = frozenset({"Enum", "StrEnum", "IntEnum"})
_TRAILING_SPACE = re.compile(r"[^\S\n]\n")  # what `_needs_cleaning` looks for, anywhere


def lint_clean(source: str) -> str:
    return lint_clean_tree(source)[0]


def lint_clean_tree(source: str) -> tuple[str, ast.Module]:
    """The cleaned source and its syntax tree. Each step gets the tree of the source it is
    given, parsed again only after a step changed the text (a models module of megabytes
    takes a second or more to parse)."""
    tree = ast.parse(source)
    for step in (
        _clean_strings,
        _aliased_calls,
        _cast_validated_defaults,
        _quote_union_bases,
        _rename_shadowing_classes,
        _rename_ambiguous_members,
        _enums_first,
    ):
        cleaned = step(source, tree)
        if cleaned != source:
            source, tree = cleaned, ast.parse(cleaned)
    return source, tree


# -- recursive root models -----------------------------------------------------------------------


class _PEP604(ast.NodeTransformer):
    """``Union[a, "B"]`` -> ``a | B``, ``Optional[a]`` -> ``a | None`` (quotes dropped)."""

    def visit_Subscript(self, node: ast.Subscript) -> ast.AST:
        self.generic_visit(node)
        name = node.value.id if isinstance(node.value, ast.Name) else ""
        if name == "Optional":
            return ast.BinOp(node.slice, ast.BitOr(), ast.Constant(None))
        if name == "Union":
            members = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            result = members[0]
            for member in members[1:]:
                result = ast.BinOp(result, ast.BitOr(), member)
            return result
        return node

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        if isinstance(node.value, str):
            try:
                return ast.parse(node.value, mode="eval").body
            except SyntaxError:
                return node
        return node


def _quote_union_bases(source: str, tree: ast.Module) -> str:
    """``class X(RootModel[Union[str, list["X"]]])`` -> ``class X(RootModel["str | list[X]"])``.

    A recursive root model's base names the class before it exists, so its generator writes
    ``Union`` with a quoted name (ruff's UP007); one quoted PEP 604 type says the same.
    """
    lines = _lines(source)
    edits: list[tuple[tuple[int, int], tuple[int, int], str]] = []
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        for base in node.bases:
            if not (isinstance(base, ast.Subscript) and isinstance(base.value, ast.Name)):
                continue
            names = {n.id for n in ast.walk(base.slice) if isinstance(n, ast.Name)}
            if not names & {"Union", "Optional"} or base.slice.end_lineno is None:
                continue
            text = ast.unparse(_PEP604().visit(copy.deepcopy(base.slice)))
            start = (
                base.slice.lineno,
                _char_col(lines[base.slice.lineno - 1], base.slice.col_offset),
            )
            end_offset = base.slice.end_col_offset or 0
            end = (base.slice.end_lineno, _char_col(lines[base.slice.end_lineno - 1], end_offset))
            edits.append((start, end, '"' + text.replace('"', "'") + '"'))
    return _apply(lines, edits) if edits else source


# -- defaults validated at run time ---------------------------------------------------------------


def _validates_default(annotation: ast.expr) -> bool:
    return any(
        isinstance(node, ast.keyword)
        and node.arg == "validate_default"
        and isinstance(node.value, ast.Constant)
        and node.value.value is True
        for node in ast.walk(annotation)
    )


def _cast_validated_defaults(source: str, tree: ast.Module) -> str:
    """``meta: Annotated[Meta, Field(validate_default=True)] = {"limit": 100}``: cast the dict.

    pydantic turns the document's JSON default into a ``Meta`` when the model is used; a type
    checker only sees a dict assigned to a ``Meta``. ``cast(Any, ...)`` says what happens.
    """
    lines = _lines(source)
    edits: list[tuple[tuple[int, int], tuple[int, int], str]] = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.value, (ast.Dict, ast.List, ast.Constant, ast.UnaryOp))
            and not (isinstance(node.value, ast.Constant) and node.value.value is None)
            and _validates_default(node.annotation)
        ):
            value = node.value
            segment = ast.get_source_segment(source, value)
            if segment is None or value.end_lineno is None or value.end_col_offset is None:
                continue
            start = (value.lineno, _char_col(lines[value.lineno - 1], value.col_offset))
            end = (value.end_lineno, _char_col(lines[value.end_lineno - 1], value.end_col_offset))
            edits.append((start, end, f"cast(Any, {segment})"))
    if not edits:
        return source
    return _with_typing_imports(_apply(lines, edits), {"Any", "cast"})


def _with_typing_imports(source: str, names: set[str]) -> str:
    """``source`` with ``from typing import ...`` for those of ``names`` it lacks."""
    tree = ast.parse(source)
    have = {
        alias.asname or alias.name
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.module == "typing"
        for alias in node.names
    }
    missing = sorted(names - have)
    future = next(
        (n for n in tree.body if isinstance(n, ast.ImportFrom) and n.module == "__future__"), None
    )
    if not missing or future is None:
        return source
    lines = _lines(source)
    row = future.end_lineno or future.lineno
    lines.insert(row, f"from typing import {', '.join(missing)}\n")
    return "".join(lines)


# -- classes named like builtins ------------------------------------------------------------------


def _rename_shadowing_classes(source: str, tree: ast.Module) -> str:
    """``class Warning`` (invented for a ``warnings`` array's items) becomes ``WarningModel``.

    A model defined after a model that uses it is a forward reference; if its name is also a
    builtin, pydantic resolves it to the builtin and the module fails to import. Every use is
    renamed: names in code and quoted forward references in annotations and bases.
    """
    defined = {n.name for n in tree.body if isinstance(n, ast.ClassDef)}
    renames: dict[str, str] = {}
    for name in sorted(defined & RESERVED_CLASS_NAMES):
        new = name + "Model"
        while new in defined or new in renames.values():
            new += "_"
        renames[name] = new
    if not renames:
        return source
    lines = _lines(source)
    edits: list[tuple[tuple[int, int], tuple[int, int], str]] = []
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name in renames:
            line = lines[node.lineno - 1]
            start = line.index("class ") + len("class ")
            edits.append(
                ((node.lineno, start), (node.lineno, start + len(node.name)), renames[node.name])
            )
    annotation_roots: list[ast.AST] = []
    for item in ast.walk(tree):
        if isinstance(item, ast.Name) and isinstance(item.ctx, ast.Load) and item.id in renames:
            edits.append(_span(lines, item, renames[item.id]))
        elif isinstance(item, ast.AnnAssign):
            annotation_roots.append(item.annotation)
        elif isinstance(item, ast.ClassDef):
            annotation_roots.extend(item.bases)
    for root in annotation_roots:
        for const in ast.walk(root):
            if isinstance(const, ast.Constant) and isinstance(const.value, str):
                renamed = _renamed_expression(const.value, renames)
                if renamed is not None:
                    edits.append(_constant_span(lines, const, renamed))
    return _apply(lines, edits)


def _renamed_expression(text: str, renames: dict[str, str]) -> str | None:
    """A quoted forward reference (``"Warning | None"``) with names renamed, if it has any."""
    try:
        expression = ast.parse(text, mode="eval")
    except SyntaxError:
        return None
    names = [n for n in ast.walk(expression) if isinstance(n, ast.Name) and n.id in renames]
    if not names:
        return None
    edits = [_span([text], n, renames[n.id]) for n in names]
    return _apply([text], edits)


def _constant_span(
    lines: list[str], node: ast.Constant, value: str
) -> tuple[tuple[int, int], tuple[int, int], str]:
    assert node.end_lineno is not None and node.end_col_offset is not None
    start = _char_col(lines[node.lineno - 1], node.col_offset)
    end = _char_col(lines[node.end_lineno - 1], node.end_col_offset)
    return (node.lineno, start), (node.end_lineno, end), '"' + value + '"'


# -- aliased imports ----------------------------------------------------------------------------


def _aliased_calls(source: str, tree: ast.Module) -> str:
    """Calls of an import datamodel-code-generator renamed, by their new name.

    A field named ``Field`` makes it import ``Field as Field_aliased``, but it still writes
    ``Field(...)`` in root models, where the name is undefined.
    """
    bound = {
        target.id
        for node in tree.body
        if isinstance(node, (ast.Assign, ast.AnnAssign))
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(target, ast.Name)
    } | {node.name for node in tree.body if isinstance(node, ast.ClassDef)}
    aliases = {
        alias.name: alias.asname
        for node in tree.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
        if alias.asname and alias.asname != alias.name
    }
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            bound |= {a.asname or a.name for a in node.names if a.asname is None}
    renames = {name: alias for name, alias in aliases.items() if name not in bound}
    if not renames:
        return source
    called = re.compile(r"\b(?:" + "|".join(map(re.escape, renames)) + r")\s*\(")
    if not called.search(source):
        return source  # no call of a renamed name: the tokens below would find none
    edits: list[tuple[tuple[int, int], tuple[int, int], str]] = []
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    for before, token, after in zip(tokens, tokens[1:], tokens[2:], strict=False):
        if (
            token.type == tokenize.NAME
            and token.string in renames
            and after.string == "("
            and before.string != "."
        ):
            edits.append((token.start, token.end, renames[token.string]))
    return _apply(_lines(source), edits)


# -- order ----------------------------------------------------------------------------------------


def _enums_first(source: str, tree: ast.Module) -> str:
    """Move enum classes above the models: a field default may name a member (``Status.A``).

    Enums depend on nothing else in the module, so they can always go first.
    """
    lines = _lines(source)
    enums = [
        node
        for node in tree.body
        if isinstance(node, ast.ClassDef) and {_base_name(b) for b in node.bases} & _ENUM_BASES
    ]
    imports = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    if not enums or not imports:
        return source
    first_other = next(
        (n for n in tree.body if not isinstance(n, (ast.Import, ast.ImportFrom, ast.Expr))), None
    )
    if first_other is None or _start(first_other) > min(_start(e) for e in enums):
        return source  # the enums already come first
    after_imports = max(n.end_lineno or n.lineno for n in imports)
    moved: list[str] = []
    taken: set[int] = set()
    for node in enums:
        rows = range(_start(node), (node.end_lineno or node.lineno) + 1)
        moved.extend(["\n", "\n", *(lines[r - 1] for r in rows)])
        taken.update(rows)
    kept = [line for row, line in enumerate(lines, start=1) if row not in taken]
    head = kept[:after_imports]
    return "".join([*head, *moved, *kept[after_imports:]])


def _lines(source: str) -> list[str]:
    """Lines as the tokenizer sees them: split at ``\n`` only (not at U+2028 and the like)."""
    return io.StringIO(source).readlines()


def _start(node: ast.stmt) -> int:
    decorators: list[ast.expr] = getattr(node, "decorator_list", [])
    return min([node.lineno, *(d.lineno for d in decorators)])


# -- strings ------------------------------------------------------------------------------------


def _statements(nodes: list[ast.AST]) -> Iterator[ast.AST]:
    """Every statement (and handler, match case) under ``nodes``; expressions are not
    visited (a statement is never inside one), which is much faster than ``ast.walk`` over a
    large module."""
    stack = list(reversed(nodes))
    while stack:
        node = stack.pop()
        yield node
        for name in ("body", "orelse", "finalbody", "handlers", "cases"):
            children = getattr(node, name, None)
            if isinstance(children, list):
                stack.extend(reversed(children))


def _docstring_starts(tree: ast.Module) -> set[int]:
    """Start lines of string-only expression statements (docstrings, attribute docstrings)."""
    return {
        node.lineno
        for node in _statements(list(tree.body))
        if isinstance(node, ast.Expr)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    }


def _needs_cleaning(text: str) -> bool:
    if not text.isascii() or "\t" in text:
        return True
    return any(line != line.rstrip() for line in text.split("\n")[:-1])


def docstring_literal(value: str) -> str:
    """A triple-quoted, ASCII-only literal of ``value`` with tabs and trailing spaces dropped."""
    lines = [line.expandtabs(4) for line in value.split("\n")]
    lines = [line.rstrip() for line in lines[:-1]] + lines[-1:]
    text = "\n".join(lines)
    text = "".join(
        ch if ch == "\n" or ch.isprintable() or not ch.isascii() else f"\\x{ord(ch):02x}"
        for ch in text.replace("\\", "\\\\")
    )
    text = text.replace('"""', '\\"\\"\\"')
    if text.endswith('"'):
        text = text[:-1] + '\\"'
    return '"""' + ascii_escapes(text) + '"""'


def _replacement(token: tokenize.TokenInfo, docstrings: set[int]) -> str | None:
    prefix = token.string[: len(token.string) - len(token.string.lstrip("rRuUbBfF"))]
    if any(c in prefix.lower() for c in "bf") or not _needs_cleaning(token.string):
        return None
    value = ast.literal_eval(token.string)
    if not isinstance(value, str):
        return None
    if token.start[0] in docstrings and token.string.lstrip("rRuU").startswith(('"""', "'''")):
        return docstring_literal(value)
    return ascii(value)


def _clean_strings(source: str, tree: ast.Module) -> str:
    if source.isascii() and "\t" not in source and not _TRAILING_SPACE.search(source):
        return source  # no string can need cleaning
    docstrings = _docstring_starts(tree)
    lines = _lines(source)
    edits: list[tuple[tuple[int, int], tuple[int, int], str]] = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.STRING:
            new = _replacement(token, docstrings)
            if new is not None:
                edits.append((token.start, token.end, new))
    return _apply(lines, edits)


def _apply(lines: list[str], edits: list[tuple[tuple[int, int], tuple[int, int], str]]) -> str:
    """Replace (start, end) ranges (1-based rows, character columns), last first."""
    for (srow, scol), (erow, ecol), new in sorted(edits, reverse=True):
        head = lines[srow - 1][:scol]
        tail = lines[erow - 1][ecol:]
        lines[srow - 1 : erow] = [head + new + tail]
    return "".join(lines)


# -- ambiguous enum members ---------------------------------------------------------------------


def _base_name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    return node.attr if isinstance(node, ast.Attribute) else ""


def _rename_ambiguous_members(source: str, tree: ast.Module) -> str:
    renames: dict[tuple[str, str], str] = {}
    edits: list[tuple[tuple[int, int], tuple[int, int], str]] = []
    lines = _lines(source)
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        if not {_base_name(b) for b in node.bases} & _ENUM_BASES:
            continue
        members = {
            t.id
            for stmt in node.body
            if isinstance(stmt, ast.Assign)
            for t in stmt.targets
            if isinstance(t, ast.Name)
        }
        for stmt in node.body:
            if not isinstance(stmt, ast.Assign):
                continue
            for target in stmt.targets:
                if isinstance(target, ast.Name) and target.id in AMBIGUOUS_NAMES:
                    new = target.id + "_"
                    while new in members:
                        new += "_"
                    members.add(new)
                    renames[(node.name, target.id)] = new
                    edits.append(_span(lines, target, new))
    if not renames:
        return source
    for ref in ast.walk(tree):
        if (
            isinstance(ref, ast.Attribute)
            and isinstance(ref.value, ast.Name)
            and (ref.value.id, ref.attr) in renames
            and ref.end_lineno is not None
            and ref.end_col_offset is not None
        ):
            row = ref.end_lineno
            end = _char_col(lines[row - 1], ref.end_col_offset)
            edits.append(
                ((row, end - len(ref.attr)), (row, end), renames[(ref.value.id, ref.attr)])
            )
    return _apply(lines, edits)


def _char_col(line: str, byte_offset: int) -> int:
    return len(line.encode("utf-8")[:byte_offset].decode("utf-8", "replace"))


def _span(
    lines: list[str], node: ast.Name, new: str
) -> tuple[tuple[int, int], tuple[int, int], str]:
    line = lines[node.lineno - 1]
    start = _char_col(line, node.col_offset)
    return (node.lineno, start), (node.lineno, start + len(node.id)), new
