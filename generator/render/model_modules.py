"""Order model definitions, and split a big set of them into modules loaded on first use.

A client whose document defines hundreds of schemas would otherwise import all of their
pydantic classes (seconds for GitHub's spec) on its first call. Instead each group of models
that refer to each other in a cycle (a strongly connected component of the reference graph)
gets its own module under ``_models/``, importing the groups it refers to; ``models.py``
becomes a facade whose module ``__getattr__`` imports a model's group when the model is first
asked for. ``from <package>.models import X`` and ``<package>.models.X`` work as before, and
type checkers see every name through ``models.pyi``.

The references come from the IR (each model knows the classes it names), so nothing is parsed.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

MODELS_PACKAGE = "_models"
# Below this many top-level definitions one module stays cheaper than many.
SPLIT_THRESHOLD = 64


@dataclass(frozen=True)
class Definition:
    """One class of a models module: its name, its source text, the classes it refers to
    and the imported names (``Field``, ``datetime``...) its text uses."""

    name: str
    text: str
    refers: frozenset[str] | set[str]
    uses: frozenset[str]


@dataclass
class _Node:
    name: str
    index: int
    uses: set[str]


def _components(definitions: list[_Node]) -> list[list[_Node]]:
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
    found: list[list[_Node]] = []
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


def _groups(components: list[list[_Node]], definitions: list[_Node]) -> list[list[_Node]]:
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
    merged: dict[int, list[_Node]] = {}
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


def order_definitions(
    names: list[str], refers: Mapping[str, set[str]], hard: Mapping[str, set[str]]
) -> tuple[list[str], set[str]]:
    """Names in an order where each comes after what it refers to (cycles kept together, in
    ``names`` order), and those that must name a class defined later at class creation (a
    root model of itself: written quoted). ``hard``: what a class needs when it is created
    (its bases, the type it wraps); field annotations are resolved later."""
    nodes = [_Node(n, i, set(refers.get(n, ()))) for i, n in enumerate(names)]
    order: list[str] = []
    deferred: set[str] = set()
    for component in _components(nodes):
        members = [n.name for n in component]
        inside = set(members)
        placed: list[str] = []
        waiting = list(members)
        while waiting:
            ready = [n for n in waiting if not ((hard.get(n, set()) & inside) - set(placed) - {n})]
            if not ready:  # a cycle of class-creation needs: the first waits (quoted)
                ready = [waiting[0]]
            for name in ready:
                if (hard.get(name, set()) & inside) - set(placed):
                    deferred.add(name)
                placed.append(name)
                waiting.remove(name)
        order.extend(placed)
    return order, deferred


def split_models(
    definitions: list[Definition],
    header: str,
    import_lines: Callable[[Iterable[str], str], list[str]],
) -> dict[str, str] | None:
    """``{"models.py": facade, "models.pyi": stub, "_models/__init__.py": ...,
    "_models/m_*.py": ...}`` for ``SPLIT_THRESHOLD`` definitions or more (in dependency
    order); None to keep one module."""
    if len(definitions) < SPLIT_THRESHOLD:
        return None
    by_name = {d.name: d for d in definitions}
    nodes = [_Node(d.name, i, set(d.refers) & by_name.keys()) for i, d in enumerate(definitions)]
    files: dict[str, str] = {}
    module_of: dict[str, str] = {}
    taken: set[str] = set()
    groups = _groups(_components(nodes), nodes)
    for group in groups:
        module = _module_name(group[0].name, taken)
        for node in group:
            module_of[node.name] = module
    for group in groups:
        module = module_of[group[0].name]
        members = [by_name[n.name] for n in group]
        local = {d.name for d in members}
        needed: dict[str, list[str]] = {}
        for name in sorted(set().union(*(d.refers for d in members)) - local):
            if name in module_of:
                needed.setdefault(module_of[name], []).append(name)
        uses: set[str] = set().union(*(d.uses for d in members))
        head = [header, '"""Models of this API (loaded through `models`)."""', ""]
        head += import_lines(uses, "..")
        if needed:  # the package's own modules: one block with `.._model_base`
            if head[-1] == "" and any(line.startswith("from ..") for line in head):
                head.pop()
            head += [f"from .{dep} import {', '.join(n)}" for dep, n in sorted(needed.items())]
        text = "\n".join(head).rstrip("\n") + "\n\n\n" + "\n\n\n".join(d.text for d in members)
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
    """What type checkers read instead of the lazy ``models.py`` (in the order ruff sorts)."""
    ordered = sorted(names, key=lambda n: member_order(n, fold=False))
    lines = sorted(
        (
            (member_order(module_of[n])[1], member_order(n)),
            f"from .{MODELS_PACKAGE}.{module_of[n]} import {n} as {n}",
        )
        for n in names
    )
    imports = "\n".join(line for _, line in lines)
    exported = "\n".join(f"    {n!r}," for n in ordered)
    return f"{header}\n\n{imports}\n\n__all__ = [\n{exported}\n]\n"


def member_order(name: str, *, fold: bool = True) -> tuple[int, list[tuple[int, str]]]:
    """isort's order of imported names (``fold``: case-insensitive) and of ``__all__``
    members: CONSTANTS, then Classes, then the rest, each in natural order (``Item2``
    before ``Item10``)."""
    kind = 0 if name.isupper() and len(name) > 1 else 1 if name[:1].isupper() else 2
    parts = [
        (int(p), "") if p.isdigit() else (-1, p.lower() if fold else p)
        for p in re.split(r"(\d+)", name)
        if p
    ]
    return kind, parts
