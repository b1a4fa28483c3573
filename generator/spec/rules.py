"""sdkgen's own document rules: references, operationIds, path parameters, Python names."""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Final

from generator.naming import NameRegistry, pascal_case, snake_case
from generator.spec._checks_common import (
    _DATA_KEYS,
    _EXTENSION_PREFIX,
    _MAX_REF_HOPS,
    _MISSING,
    Token,
    _clip,
    _declared_path_names,
    _Finding,
    _local_ref_tokens,
    _parameters,
    _short,
    _template_names,
    _walk,
)
from generator.spec.diagnostics import Diagnostic, pointer
from generator.spec.keys import ANY_METHOD_KEY, OPERATION_KEYS


@dataclass(frozen=True)
class _Operation:
    path: str
    key: str
    tokens: tuple[Token, ...]
    operation: Mapping[str, Any]
    path_item: Mapping[str, Any]

    @property
    def label(self) -> str:
        method = "ANY" if self.key == ANY_METHOD_KEY else self.key.upper()
        return f"{method} {self.path}"

    @property
    def ptr(self) -> str:
        return pointer(*self.tokens)


def _operations(doc: Mapping[str, Any]) -> Iterator[_Operation]:
    paths = doc.get("paths")
    if not isinstance(paths, Mapping):
        return
    for path, item in paths.items():
        if not isinstance(path, str) or not isinstance(item, Mapping):
            continue
        for key in OPERATION_KEYS:
            operation = item.get(key)
            if isinstance(operation, Mapping):
                yield _Operation(path, key, ("paths", path, key), operation, item)


def _fills(name: str, template: list[str]) -> bool:
    """Whether a path parameter called ``name`` fills a variable of the path template.

    API Gateway names the parameter of a greedy variable ``{proxy+}`` either ``proxy`` (REST
    exports) or ``proxy+`` (HTTP API exports); both count.
    """
    return name in template or f"{name}+" in template


def _leads_to_loop(doc: Mapping[str, Any], target: list[str]) -> bool:
    """Whether following ``$ref`` from ``target`` on only ever meets more ``$ref``s, in a loop."""
    seen = {tuple(target)}
    node = _walk(doc, target)
    while isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
        tokens = _local_ref_tokens(node["$ref"])
        if tokens is None:
            return False  # leaves the document: reported as remote-ref where it is written
        if tuple(tokens) in seen or len(seen) > _MAX_REF_HOPS:
            return True
        seen.add(tuple(tokens))
        node = _walk(doc, tokens)
    return False


def _rule_refs(doc: Mapping[str, Any]) -> list[_Finding]:
    """unresolved-ref, unresolved-ref-in-extension, remote-ref."""
    found: list[_Finding] = []
    refs: list[tuple[tuple[Token, ...], str, bool]] = []
    anchors: set[str] = set()
    stack: list[tuple[Any, tuple[Token, ...], bool]] = [(doc, (), False)]
    while stack:
        node, tokens, in_extension = stack.pop()
        if isinstance(node, Mapping):
            ref = node.get("$ref")
            if isinstance(ref, str):
                refs.append((tokens, ref, in_extension))
            anchor = node.get("$anchor")
            if isinstance(anchor, str):
                anchors.add(anchor)
            for key, value in node.items():
                if key in _DATA_KEYS or not isinstance(value, (Mapping, list)):
                    continue
                extension = in_extension or (
                    isinstance(key, str)
                    and key.startswith(_EXTENSION_PREFIX)
                    and key != ANY_METHOD_KEY
                )
                stack.append((value, (*tokens, key), extension))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                if isinstance(value, (Mapping, list)):
                    stack.append((value, (*tokens, index), in_extension))
    for tokens, ref, in_extension in refs:
        ptr = pointer(*tokens)
        local = _local_ref_tokens(ref)
        problem = "points nowhere in this document"
        if local is not None:
            if _walk(doc, local) is not _MISSING:
                if not _leads_to_loop(doc, local):
                    continue
                problem = "leads only to a loop of $refs, never to an actual definition"
        elif ref.startswith("#") and ref[1:] in anchors:
            continue
        elif not ref.startswith("#"):
            found.append(
                (
                    Diagnostic(
                        ptr,
                        "warning",
                        "remote-ref",
                        f"$ref {_short(ref, 120)} points outside this document; "
                        "sdkgen does not fetch it",
                    ),
                    ("remote-ref",),
                )
            )
            continue
        if in_extension:
            found.append(
                (
                    Diagnostic(
                        ptr,
                        "warning",
                        "unresolved-ref-in-extension",
                        f"$ref {_short(ref, 120)} inside an API Gateway extension {problem} "
                        "(it does not affect the generated client)",
                    ),
                    None,
                )
            )
        else:
            found.append(
                (
                    Diagnostic(
                        ptr,
                        "error",
                        "unresolved-ref",
                        f"$ref {_short(ref, 120)} {problem}",
                    ),
                    ("local-ref", ref[1:]),
                )
            )
    return found


_ORDINALS: Final = {2: "second", 3: "third", 4: "fourth", 5: "fifth"}


class _NameScope:
    """Python names handed out in one scope, in document order, as the generator does."""

    def __init__(self, *, classes: bool = False) -> None:
        self._registry = NameRegistry()
        self._classes = classes
        self._first: dict[str, str] = {}
        self._count: dict[str, int] = {}

    def claim(self, python: str, label: str) -> str | None:
        """None for the first claimant of ``python``; otherwise the end of a collision message."""
        given = (
            self._registry.claim_class(python) if self._classes else self._registry.claim(python)
        )
        if python not in self._first:
            self._first[python] = label
            self._count[python] = 1
            return None
        self._count[python] += 1
        nth = self._count[python]
        ordinal = _ORDINALS.get(nth, f"{nth}th")
        return (
            f"{self._first[python]} and {label} both become `{python}`; "
            f"the generator will name the {ordinal} `{given}`"
        )


def _rule_operation_ids(doc: Mapping[str, Any]) -> list[_Finding]:
    """duplicate-operation-id, missing-operation-id, python-name-collision (operationIds)."""
    found: list[_Finding] = []
    first_use: dict[str, _Operation] = {}
    scope = _NameScope()
    for op in _operations(doc):
        op_id = op.operation.get("operationId")
        if op_id is None:
            found.append(
                (
                    Diagnostic(
                        op.ptr,
                        "info",
                        "missing-operation-id",
                        f"{op.label} has no operationId; the generator will make one up "
                        "from the method and path",
                    ),
                    None,
                )
            )
            continue
        if not isinstance(op_id, str):
            continue  # conformance reports the wrong type
        id_ptr = pointer(*op.tokens, "operationId")
        if op_id in first_use:
            first = first_use[op_id]
            found.append(
                (
                    Diagnostic(
                        id_ptr,
                        "error",
                        "duplicate-operation-id",
                        f'operationId "{op_id}" of {op.label} is already used by {first.label} '
                        f"({first.ptr})",
                    ),
                    ("duplicate-operation-id", op.ptr),
                )
            )
            continue
        first_use[op_id] = op
        clash = scope.claim(snake_case(op_id, fallback="operation"), f'"{op_id}" ({op.label})')
        if clash:
            found.append(
                (
                    Diagnostic(id_ptr, "warning", "python-name-collision", f"operationIds {clash}"),
                    None,
                )
            )
    return found


def _rule_path_parameters(doc: Mapping[str, Any]) -> list[_Finding]:
    """undeclared-path-parameter, unknown-path-parameter, python-name-collision (parameters)."""
    found: list[_Finding] = []
    paths = doc.get("paths")
    if not isinstance(paths, Mapping):
        return found
    for path, item in paths.items():
        if not isinstance(path, str) or not isinstance(item, Mapping):
            continue
        template = _template_names(path)
        for index, param in _parameters(doc, item):
            name = param.get("name")
            if param.get("in") == "path" and isinstance(name, str) and not _fills(name, template):
                found.append(
                    (
                        Diagnostic(
                            pointer("paths", path, "parameters", index),
                            "warning",
                            "unknown-path-parameter",
                            f'path parameter "{name}" of {path} is declared but does not appear '
                            "in the path, so no request can carry it",
                        ),
                        None,
                    )
                )
    for op in _operations(doc):
        template = _template_names(op.path)
        declared = _declared_path_names(doc, op.path_item, op.operation)
        for name in dict.fromkeys(template):
            if name in declared or (name.endswith("+") and name[:-1] in declared):
                continue
            found.append(
                (
                    Diagnostic(
                        op.ptr,
                        "error",
                        "undeclared-path-parameter",
                        f'path parameter "{name}" of {op.label} is used in the path but never '
                        "declared",
                    ),
                    ("undeclared-path-parameter", op.ptr, name),
                )
            )
        for index, param in _parameters(doc, op.operation):
            name = param.get("name")
            if param.get("in") == "path" and isinstance(name, str) and not _fills(name, template):
                found.append(
                    (
                        Diagnostic(
                            pointer(*op.tokens, "parameters", index),
                            "warning",
                            "unknown-path-parameter",
                            f'path parameter "{name}" of {op.label} is declared but does not '
                            "appear in the path, so no request can carry it",
                        ),
                        None,
                    )
                )
        found.extend(_parameter_collisions(doc, op))
    return found


def _parameter_collisions(doc: Mapping[str, Any], op: _Operation) -> list[_Finding]:
    """Parameters of one operation whose Python argument names collide."""
    # Effective parameters: path-level ones not overridden by the operation, then the
    # operation's own; identified by (name, in). Bodies are not named after their parameter.
    effective: dict[tuple[str, str], tuple[tuple[Token, ...], str, str]] = {}
    sources = (
        (op.path_item, ("paths", op.path, "parameters")),
        (op.operation, (*op.tokens, "parameters")),
    )
    for container, base in sources:
        for index, param in _parameters(doc, container):
            name, where = param.get("name"), param.get("in")
            if not isinstance(name, str) or not isinstance(where, str) or where == "body":
                continue
            effective.pop((name, where), None)
            effective[(name, where)] = ((*base, index), name, where)
    found: list[_Finding] = []
    scope = _NameScope()
    for tokens, name, where in effective.values():
        clash = scope.claim(snake_case(name, fallback="param"), f'"{name}" ({where})')
        if clash:
            message = f"{op.label}: parameters {clash}"
            found.append(
                (Diagnostic(pointer(*tokens), "warning", "python-name-collision", message), None)
            )
    return found


def _rule_schema_names(doc: Mapping[str, Any]) -> list[_Finding]:
    """python-name-collision (schema names)."""
    found: list[_Finding] = []
    places: list[tuple[tuple[str, ...], Any]] = [(("definitions",), doc.get("definitions"))]
    components = doc.get("components")
    if isinstance(components, Mapping):
        places.append((("components", "schemas"), components.get("schemas")))
    for base, schemas in places:
        if not isinstance(schemas, Mapping):
            continue
        scope = _NameScope(classes=True)
        for key in schemas:
            if not isinstance(key, str):
                continue
            clash = scope.claim(pascal_case(key), f'"{key}"')
            if clash:
                message = f"schema names {clash}"
                found.append(
                    (
                        Diagnostic(
                            pointer(*base, key), "warning", "python-name-collision", message
                        ),
                        None,
                    )
                )
    return found


_RULES: Final = (_rule_refs, _rule_operation_ids, _rule_path_parameters, _rule_schema_names)


def rule_findings(doc: Mapping[str, Any]) -> list[_Finding]:
    if not isinstance(doc, Mapping):
        return []
    found: list[_Finding] = []
    for rule in _RULES:
        try:
            found.extend(rule(doc))
        except Exception as exc:  # a bug here must not hide the other rules' findings
            found.append(
                (
                    Diagnostic(
                        "",
                        "error",
                        "rule-crashed",
                        _clip(f"check {rule.__name__[6:]} failed: {type(exc).__name__}: {exc}"),
                    ),
                    None,
                )
            )
    return found
