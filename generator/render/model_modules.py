"""Split a big ``models.py`` into modules that load on first use.

A client whose document defines hundreds of schemas would otherwise import all of their
pydantic classes (seconds for GitHub's spec) on its first call. Instead each group of models
that refer to each other in a cycle (a strongly connected component of the reference graph)
gets its own module under ``_models/``, importing the groups it refers to; ``models.py``
becomes a facade whose module ``__getattr__`` imports a model's group when the model is first
asked for. ``from <package>.models import X`` and ``<package>.models.X`` work as before, and
type checkers see every name through ``TYPE_CHECKING`` imports.

The classes are the same text datamodel-code-generator wrote (only moved), so validation and
serialization do not change.
"""

from __future__ import annotations

import ast
import io
import keyword
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

MODELS_PACKAGE = "_models"
# Below this many top-level definitions one module stays cheaper than many.
SPLIT_THRESHOLD = 64
_REBUILD_METHODS = frozenset({"model_rebuild", "update_forward_refs"})


@dataclass
class _Definition:
    name: str
    index: int
    text: str
    uses: set[str] = field(default_factory=set)  # every name the text refers to
    rebuilds: list[str] = field(default_factory=list)  # model_rebuild() statements for it


def _lines(source: str) -> list[str]:
    return io.StringIO(source).readlines()


def _start(node: ast.stmt) -> int:
    decorators: list[ast.expr] = getattr(node, "decorator_list", [])
    return min([node.lineno, *(d.lineno for d in decorators)])


def _segment(lines: list[str], node: ast.stmt) -> str:
    return "".join(lines[_start(node) - 1 : node.end_lineno or node.lineno])


def _defined_name(node: ast.stmt) -> str | None:
    if isinstance(node, ast.ClassDef):
        return node.name
    if isinstance(node, ast.Assign) and len(node.targets) == 1:
        target = node.targets[0]
        return target.id if isinstance(target, ast.Name) else None
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return node.target.id
    return None


def _rebuilt_name(node: ast.stmt) -> str | None:
    """``X`` of a ``X.model_rebuild()`` statement."""
    if not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)):
        return None
    func = node.value.func
    if (
        isinstance(func, ast.Attribute)
        and func.attr in _REBUILD_METHODS
        and isinstance(func.value, ast.Name)
    ):
        return func.value.id
    return None


def _quoted_names(annotation: ast.expr) -> Iterator[str]:
    """Names of the quoted forward references in an annotation."""
    for child in ast.walk(annotation):
        if isinstance(child, ast.Constant) and isinstance(child.value, str):
            try:
                parsed = ast.parse(child.value, mode="eval")
            except SyntaxError:
                continue
            yield from (n.id for n in ast.walk(parsed) if isinstance(n, ast.Name))


def _used_names(node: ast.AST) -> set[str]:
    names: set[str] = set()
    for child in ast.walk(node):
        annotation: ast.expr | None = None
        if isinstance(child, ast.Name):
            names.add(child.id)
        elif isinstance(child, (ast.AnnAssign, ast.arg)):
            annotation = child.annotation
        elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
            annotation = child.returns
        elif isinstance(child, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__annotations__" for t in child.targets
        ):
            annotation = child.value  # typed extras: {"__pydantic_extra__": dict[str, "X"]}
        if annotation is not None:
            names.update(_quoted_names(annotation))
    return names


def _components(definitions: list[_Definition]) -> list[list[_Definition]]:
    """Strongly connected components, each after every component it refers to (Tarjan)."""
    by_name = {d.name: d for d in definitions}
    edges = {
        d.name: sorted((d.uses & by_name.keys()) - {d.name}, key=lambda n: by_name[n].index)
        for d in definitions
    }
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[_Definition]] = []
    counter = 0
    for root in (d.name for d in definitions):
        if root in index:
            continue
        # iterative Tarjan: (node, position in its edge list)
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, position = work.pop()
            if position == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            recursed = False
            for offset, target in enumerate(edges[node][position:], start=position):
                if target not in index:
                    work.append((node, offset + 1))
                    work.append((target, 0))
                    recursed = True
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            if recursed:
                continue
            if low[node] == index[node]:
                members: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    members.append(member)
                    if member == node:
                        break
                found.append(sorted((by_name[m] for m in members), key=lambda d: d.index))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return found


def _groups(
    components: list[list[_Definition]], definitions: list[_Definition]
) -> list[list[_Definition]]:
    """Components merged into the one that alone refers to them (fewer, bigger modules).

    Components come dependencies first; walking them users first, a component all of whose
    users are in one group joins it. Every path into a group enters through its first
    component, so the groups are still acyclic and each loads what its members need.
    """
    component_of = {d.name: i for i, comp in enumerate(components) for d in comp}
    users: dict[int, set[int]] = {i: set() for i in range(len(components))}
    for d in definitions:
        for name in d.uses:
            target = component_of.get(name)
            if target is not None and target != component_of[d.name]:
                users[target].add(component_of[d.name])
    group_of: dict[int, int] = {}
    for i in reversed(range(len(components))):  # users before what they use
        owners = {group_of[u] for u in users[i]}
        group_of[i] = owners.pop() if len(owners) == 1 else i
    merged: dict[int, list[_Definition]] = {}
    for i, comp in enumerate(components):
        merged.setdefault(group_of[i], []).extend(comp)
    return [sorted(group, key=lambda d: d.index) for _, group in sorted(merged.items())]


def _module_name(first: str, taken: set[str]) -> str:
    stem = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", first)
    stem = re.sub(r"[^0-9a-zA-Z]+", "_", stem).strip("_").lower()[:50] or "model"
    name = f"m_{stem}"
    candidate, number = name, 1
    while candidate in taken or keyword.iskeyword(candidate):
        number += 1
        candidate = f"{name}_{number}"
    taken.add(candidate)
    return candidate


def _import_lines(imports: list[ast.ImportFrom | ast.Import], used: set[str]) -> list[str]:
    lines: list[str] = []
    for node in imports:
        if isinstance(node, ast.ImportFrom) and node.module == "__future__":
            lines.append("from __future__ import " + ", ".join(a.name for a in node.names))
            continue
        kept = [a for a in node.names if (a.asname or a.name).split(".")[0] in used]
        if not kept:
            continue
        names = ", ".join(a.name + (f" as {a.asname}" if a.asname else "") for a in kept)
        if isinstance(node, ast.ImportFrom):
            lines.append(f"from {'.' * node.level}{node.module or ''} import {names}")
        else:
            lines.append(f"import {names}")
    return lines


def split_models(
    source: str, header: str, *, tree: ast.Module | None = None
) -> dict[str, str] | None:
    """``{"models.py": facade, "_models/__init__.py": ..., "_models/m_*.py": ...}`` for a
    models module of ``SPLIT_THRESHOLD`` definitions or more; None to keep it whole (small,
    or holding statements this split does not know how to move)."""
    tree = tree or ast.parse(source)
    lines = _lines(source)
    imports: list[ast.ImportFrom | ast.Import] = []
    definitions: list[_Definition] = []
    by_name: dict[str, _Definition] = {}
    body = list(tree.body)
    if (
        body
        and isinstance(body[0], ast.Expr)
        and isinstance(body[0].value, ast.Constant)
        and isinstance(body[0].value.value, str)
    ):
        body = body[1:]  # the module docstring
    for node in body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            if definitions:
                return None  # an import between definitions: keep the module as it is
            imports.append(node)
            continue
        name = _defined_name(node)
        if name is not None:
            if name in by_name:
                return None  # redefined: order matters beyond references
            definition = _Definition(name, len(definitions), _segment(lines, node))
            definition.uses = _used_names(node)
            definitions.append(definition)
            by_name[name] = definition
            continue
        rebuilt = _rebuilt_name(node)
        if rebuilt is not None and rebuilt in by_name:
            by_name[rebuilt].rebuilds.append(_segment(lines, node))
            by_name[rebuilt].uses |= _used_names(node)
            continue
        return None
    if len(definitions) < SPLIT_THRESHOLD:
        return None
    files: dict[str, str] = {}
    module_of: dict[str, str] = {}
    taken: set[str] = set()
    components = _groups(_components(definitions), definitions)
    for component in components:
        module = _module_name(component[0].name, taken)
        for definition in component:
            module_of[definition.name] = module
    for component in components:
        module = module_of[component[0].name]
        used: set[str] = set().union(*(d.uses for d in component))
        local = {d.name for d in component}
        needed: dict[str, list[str]] = {}
        for name in sorted(used - local):
            if name in module_of:
                needed.setdefault(module_of[name], []).append(name)
        head = [header, "", '"""Models of this API (loaded through `models`)."""', ""]
        head += _import_lines(imports, used)
        head += [f"from .{dep} import {', '.join(names)}" for dep, names in sorted(needed.items())]
        text = "\n".join(head) + "\n\n\n" + "\n\n".join(d.text.rstrip("\n") for d in component)
        rebuilds = [r.rstrip("\n") for d in component for r in d.rebuilds]
        if rebuilds:
            text += "\n\n\n" + "\n".join(rebuilds)
        files[f"{MODELS_PACKAGE}/{module}.py"] = text + "\n"
    files[f"{MODELS_PACKAGE}/__init__.py"] = (
        '"""The models in modules, one per group of models only they refer to. Import them '
        'from `models`."""\n'
    )
    names = sorted(d.name for d in definitions)
    files["models.py"] = _facade(header, names, module_of)
    files["models.pyi"] = _stub(header, names, module_of)
    return files


def _facade(header: str, names: list[str], module_of: dict[str, str]) -> str:
    where = "\n".join(f"    {n!r}: {module_of[n]!r}," for n in names)
    return f'''{header}
"""Models of this API. Each is imported on first use, with the models it refers to.

`models.pyi` declares them all for type checkers.
"""

from __future__ import annotations

import importlib
from typing import Any

_MODULES: dict[str, str] = {{
{where}
}}

__all__ = sorted(_MODULES)


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {{__name__!r}} has no attribute {{name!r}}")
    value = getattr(importlib.import_module(f"{{__package__}}.{MODELS_PACKAGE}.{{module}}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({{*globals(), *_MODULES}})
'''


def _stub(header: str, names: list[str], module_of: dict[str, str]) -> str:
    """What type checkers read instead of the lazy ``models.py``."""
    imports = "\n".join(f"from .{MODELS_PACKAGE}.{module_of[n]} import {n} as {n}" for n in names)
    exported = "\n".join(f"    {n!r}," for n in names)
    return f"{header}\n\n{imports}\n\n__all__ = [\n{exported}\n]\n"
