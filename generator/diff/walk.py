"""The schema traversal: compare two JSON schemas (of the base and the revision document) in
one direction, running every keyword check (:data:`generator.diff.checks.SCHEMA_CHECKS`) at
each node and walking into sub-schemas.

Direction matters: in a ``request`` a narrower schema rejects what callers send, in a
``response`` a wider schema returns what readers (and the generated client's pydantic models,
which validate responses) do not expect.

What the traversal itself decides: ``allOf`` is merged first (:mod:`generator.diff.flatten`);
a ``oneOf`` / ``anyOf`` with one non-null member is that member; a schema that became a union
of alternatives (or stopped being one) is compared with the alternatives
(:mod:`generator.diff.checks.composition` says how); object properties are compared by name,
with ``readOnly`` / ``writeOnly`` read per direction (:mod:`generator.diff.checks.properties`);
sub-schemas are walked with a subject naming where they sit: property names, ``[]`` array
items, ``[0]`` tuple positions (``prefixItems``, each compared with the schema that governed
that position before), ``*`` additional properties, ``/pattern/`` pattern properties,
``propertyNames``, ``contains``, ``then`` / ``else``, ``dependentSchemas[name]``,
``contentSchema``, ``unevaluatedItems`` / ``unevaluatedProperties``, ``oneOf[X]`` members.

Cost: each pair of referenced schemas is compared once per direction and the pairs that lead
to no change are found once (see :class:`SchemaDiffer`), so the work is linear in the size of
the schemas plus, per operation, the changed part reachable from it. A changed schema is
reported once per body, parameter or header, at the shortest subject that reaches it (not once
per path: in schemas that reference each other widely, paths multiply).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from generator.diff.checks import SCHEMA_CHECKS, composition, documentation, nullability
from generator.diff.checks import properties as props
from generator.diff.findings import Finding, SchemaPair, finding, listed
from generator.diff.flatten import Flat, flatten
from generator.diff.options import DiffOptions
from generator.diff.resolve import Resolver, ref_name
from generator.diff.rule import Direction
from generator.diff.signature import signature
from generator.diff.unions import can_overlap, closest, match, members, union_key, unwrap

MAX_DEPTH = 64

PairKey = tuple[str, str, Direction]
Edge = tuple[tuple[str, ...], PairKey]


def _as_schema(node: Any) -> dict[str, Any]:
    """JSON Schema booleans and non-mappings as mappings (``false`` is kept apart from ``{}``)."""
    if isinstance(node, dict):
        return node
    if node is False:
        return {"not": {}}
    return {}


@dataclass
class _Collected:
    """What one walk found: findings (subjects relative to the walk's root) and the pairs of
    references met below it, each with the subject where it was met."""

    findings: list[Finding] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)

    def add(self, prefix: tuple[str, ...], findings: Iterable[Finding]) -> None:
        for item in findings:
            self.findings.append(item.below(prefix))


class SchemaDiffer:
    """Compares schemas of one base document with schemas of one revision document.

    The two documents are seen as a graph of *reference pairs* (a base ``$ref`` compared with
    a revision ``$ref``). Each pair is compared once: its own findings (down to the next pairs)
    and its edges are memoized. Whether a pair can reach any finding is decided once per
    strongly connected component (Tarjan, iterative), so unchanged parts of the graph are never
    walked again. A top-level comparison then visits the changed part shortest subject first,
    reporting each pair once, where it is reached by the fewest properties: a changed schema
    used in many places of one body is reported once, not once per path to it.
    """

    def __init__(
        self, base: Resolver, revision: Resolver, options: DiffOptions | None = None
    ) -> None:
        self.base = base
        self.revision = revision
        self.options = options or DiffOptions()
        self._pairs: dict[PairKey, _Collected] = {}
        self._dirty: dict[PairKey, bool] = {}
        self._closures: dict[PairKey, list[Edge]] = {}
        self._flat_memo: dict[tuple[bool, int], tuple[dict[str, Any], Flat]] = {}
        self._ref_memo: dict[int, tuple[dict[str, Any], bool]] = {}

    # -- entry point ------------------------------------------------------------------------

    def compare(self, base: Any, revision: Any, direction: Direction) -> list[Finding]:
        """Differences from ``base`` to ``revision`` (schema nodes, possibly ``$ref``s)."""
        root = _Collected()
        self._walk(base, revision, direction, (), root, 0)
        best: dict[PairKey, tuple[int, int, tuple[str, ...]]] = {}
        order = 0
        for prefix, key in root.edges:
            for sub, reached in self._closure(key):
                path = prefix + sub
                known = best.get(reached)
                if known is None or len(path) < known[0]:
                    best[reached] = (len(path), order, path)
                order += 1
        for reached, (_, _, path) in sorted(best.items(), key=lambda item: item[1][:2]):
            root.add(path, self._pairs[reached].findings)
        return root.findings

    def _closure(self, start: PairKey) -> list[Edge]:
        """Every pair with findings reachable from ``start`` (itself included), each once, with
        its shortest subject relative to ``start``, shortest first. Memoized per entry pair."""
        cached = self._closures.get(start)
        if cached is not None:
            return cached
        result: list[Edge] = []
        if self._reaches_change(start):
            queue: list[tuple[int, int, tuple[str, ...], PairKey]] = [(0, 0, (), start)]
            shortest: dict[PairKey, int] = {start: 0}
            order = 1
            done: set[PairKey] = set()
            while queue:
                _, _, prefix, key = heapq.heappop(queue)
                if key in done:
                    continue
                done.add(key)
                pair = self._pair(key)
                if pair.findings:
                    result.append((prefix, key))
                for sub, child in pair.edges:
                    path = prefix + sub
                    if child in done or shortest.get(child, len(path) + 1) <= len(path):
                        continue
                    if not self._reaches_change(child):
                        continue
                    shortest[child] = len(path)
                    heapq.heappush(queue, (len(path), order, path, child))
                    order += 1
        self._closures[start] = result
        return result

    # -- the pair graph ---------------------------------------------------------------------

    def _pair(self, key: PairKey) -> _Collected:
        found = self._pairs.get(key)
        if found is None:
            found = _Collected()
            self._pairs[key] = found  # placed first: a pair reached again below is an edge
            b_ref, r_ref, direction = key
            self._compare_schemas(
                _as_schema(self.base.deref({"$ref": b_ref})[0]),
                _as_schema(self.revision.deref({"$ref": r_ref})[0]),
                direction,
                (),
                found,
                0,
                (ref_name(b_ref), ref_name(r_ref)),
            )
        return found

    def _reaches_change(self, start: PairKey) -> bool:
        """Whether a pair, or any pair reachable from it, has findings (memoized per SCC)."""
        known = self._dirty.get(start)
        if known is not None:
            return known
        index: dict[PairKey, int] = {}
        low: dict[PairKey, int] = {}
        stack: list[PairKey] = []
        on_stack: set[PairKey] = set()
        work: list[tuple[PairKey, int]] = [(start, 0)]
        while work:
            key, position = work[-1]
            if key not in index:
                index[key] = low[key] = len(index)
                stack.append(key)
                on_stack.add(key)
            edges = self._pair(key).edges
            if position < len(edges):
                work[-1] = (key, position + 1)
                child = edges[position][1]
                if child in self._dirty:
                    continue
                if child not in index:
                    work.append((child, 0))
                elif child in on_stack:
                    low[key] = min(low[key], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[key])
            if low[key] == index[key]:
                members_: list[PairKey] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    members_.append(member)
                    if member == key:
                        break
                self._settle(members_)
        return self._dirty[start]

    def _settle(self, members_: list[PairKey]) -> None:
        inside = set(members_)
        dirty = any(self._pairs[m].findings for m in members_) or any(
            self._dirty.get(child, False)
            for m in members_
            for _, child in self._pairs[m].edges
            if child not in inside
        )
        for member in members_:
            self._dirty[member] = dirty

    # -- one walk ---------------------------------------------------------------------------

    def _walk(
        self,
        base: Any,
        revision: Any,
        direction: Direction,
        prefix: tuple[str, ...],
        out: _Collected,
        depth: int,
    ) -> None:
        if depth > MAX_DEPTH:
            return
        b_node, b_ref = self.base.deref(base)
        r_node, r_ref = self.revision.deref(revision)
        if b_ref is not None and r_ref is not None:
            out.edges.append((prefix, (b_ref, r_ref, direction)))
            return
        names = (ref_name(b_ref) if b_ref else None, ref_name(r_ref) if r_ref else None)
        self._compare_schemas(
            _as_schema(b_node), _as_schema(r_node), direction, prefix, out, depth, names
        )

    def _compare_schemas(
        self,
        b: dict[str, Any],
        r: dict[str, Any],
        direction: Direction,
        prefix: tuple[str, ...],
        out: _Collected,
        depth: int,
        names: tuple[str | None, str | None] = (None, None),
    ) -> None:
        if b == r and not self._has_ref(b):
            return  # equal text and nothing referenced that could differ
        b = unwrap(b)
        r = unwrap(r)
        bf = self._flat(b, base=True)
        rf = self._flat(r, base=False)
        pair = SchemaPair(bf.schema, rf.schema, direction, self.base, self.revision)
        b_union, r_union = union_key(bf.schema), union_key(rf.schema)
        if (b_union is None) != (r_union is None) or (
            b_union is not None and r_union is not None and b_union != r_union
        ):
            self._union_transition(pair, b_union, r_union, prefix, out, depth)
            return
        for check in SCHEMA_CHECKS:
            out.add(prefix, check(pair))
        out.add(prefix, _all_of_findings(bf, rf, names))
        self._properties(bf, rf, direction, prefix, out, depth)
        self._children(bf.schema, rf.schema, direction, prefix, out, depth)
        if b_union is not None:
            self._composition(b_union, bf.schema, rf.schema, direction, prefix, out, depth)

    def _has_ref(self, node: Any) -> bool:
        """Whether a (base) schema mentions any ``$ref``, memoized per mapping."""
        if isinstance(node, list):
            return any(self._has_ref(item) for item in node)
        if not isinstance(node, dict):
            return False
        hit = self._ref_memo.get(id(node))
        if hit is not None and hit[0] is node:
            return hit[1]
        found = "$ref" in node or any(
            self._has_ref(value) for value in node.values() if isinstance(value, (dict, list))
        )
        self._ref_memo[id(node)] = (node, found)
        return found

    def _flat(self, node: dict[str, Any], *, base: bool) -> Flat:
        key = (base, id(node))
        hit = self._flat_memo.get(key)
        if hit is not None and hit[0] is node:
            return hit[1]
        flat = flatten(node, self.base if base else self.revision)
        self._flat_memo[key] = (node, flat)
        return flat

    def _same(self, base: Any, revision: Any) -> bool:
        return signature(base, self.base) == signature(revision, self.revision)

    # -- structure ----------------------------------------------------------------------------

    def _properties(
        self,
        bf: Flat,
        rf: Flat,
        direction: Direction,
        prefix: tuple[str, ...],
        out: _Collected,
        depth: int,
    ) -> None:
        if not bf.properties and not rf.properties and bf.required == rf.required:
            return
        # A required name is a property of any value where the schema declares no properties
        # (a constraint: then: {required: [b]}); next to declared properties an undeclared
        # required name is read as a slip and ignored, as oasdiff does.
        b_names = set(bf.properties) | (bf.required if not bf.properties else set())
        r_names = set(rf.properties) | (rf.required if not rf.properties else set())
        for name in sorted(b_names | r_names):
            b_prop, r_prop = bf.properties.get(name), rf.properties.get(name)
            if b_prop is None and r_prop is None:
                b_prop = r_prop = {}  # only named by required: a property of any value
            elif b_prop is None and name in bf.required and not bf.properties:
                b_prop = {}
            elif r_prop is None and name in rf.required and not rf.properties:
                r_prop = {}
            b_schema = self.base.mapping(b_prop) if b_prop is not None else {}
            r_schema = self.revision.mapping(r_prop) if r_prop is not None else {}
            b_required, r_required = name in bf.required, name in rf.required
            here = (*prefix, name)
            b_visible = b_prop is not None and not props.hidden(b_schema, direction)
            r_visible = r_prop is not None and not props.hidden(r_schema, direction)
            if b_visible and not r_visible:
                gone = props.disappeared(b_required, direction, now_hidden=r_prop is not None)
                out.add(here, [gone])
            elif r_visible and not b_visible:
                came = props.appeared(r_required, direction, was_hidden=b_prop is not None)
                out.add(here, [came])
            elif b_visible and r_visible:
                kept = props.compare_kept(
                    b_schema, r_schema, b_required, r_required, direction, self.options
                )
                if kept:
                    out.add(here, kept)
                self._walk(b_prop, r_prop, direction, here, out, depth + 1)

    def _children(
        self,
        b: dict[str, Any],
        r: dict[str, Any],
        direction: Direction,
        prefix: tuple[str, ...],
        out: _Collected,
        depth: int,
    ) -> None:
        def walk(b_child: Any, r_child: Any, segment: str) -> None:
            self._walk(b_child, r_child, direction, (*prefix, segment), out, depth + 1)

        def both(keyword: str) -> tuple[Any, Any] | None:
            b_child, r_child = b.get(keyword), r.get(keyword)
            if isinstance(b_child, (dict, bool)) and isinstance(r_child, (dict, bool)):
                return b_child, r_child
            return None

        items = both("items")
        if items is not None and isinstance(items[0], dict) and isinstance(items[1], dict):
            walk(*items, "[]")
        self._tuple_positions(b, r, walk)
        extra = b.get("additionalProperties"), r.get("additionalProperties")
        if isinstance(extra[0], dict) and isinstance(extra[1], dict):
            walk(*extra, "*")
        for keyword, segment in (
            ("propertyNames", "propertyNames"),
            ("contains", "contains"),
            ("contentSchema", "contentSchema"),
            ("unevaluatedItems", "unevaluatedItems"),
            ("unevaluatedProperties", "unevaluatedProperties"),
            ("then", "then"),
            ("else", "else"),
        ):
            found = both(keyword)
            if found is not None:
                walk(*found, segment)
        for keyword, label in (
            ("patternProperties", "/{}/"),
            ("dependentSchemas", "dependentSchemas[{}]"),
        ):
            b_map, r_map = b.get(keyword), r.get(keyword)
            if isinstance(b_map, dict) and isinstance(r_map, dict):
                for key in sorted(set(b_map) & set(r_map), key=str):
                    walk(b_map[key], r_map[key], label.format(key))

    def _tuple_positions(self, b: dict[str, Any], r: dict[str, Any], walk: Any) -> None:
        """``prefixItems`` compared position by position, each with the schema that governed
        that position before (a tuple position, else the items schema)."""
        b_tuple, r_tuple = b.get("prefixItems"), r.get("prefixItems")
        b_list = b_tuple if isinstance(b_tuple, list) else []
        r_list = r_tuple if isinstance(r_tuple, list) else []
        if not b_list and not r_list:
            return
        b_rest, r_rest = _rest(b), _rest(r)
        for position in range(max(len(b_list), len(r_list))):
            if position >= len(b_list) and position >= len(r_list):
                break
            b_item = b_list[position] if position < len(b_list) else b_rest
            r_item = r_list[position] if position < len(r_list) else r_rest
            walk(b_item, r_item, f"[{position}]")

    def _composition(
        self,
        key: str,
        b: dict[str, Any],
        r: dict[str, Any],
        direction: Direction,
        prefix: tuple[str, ...],
        out: _Collected,
        depth: int,
    ) -> None:
        pairs, removed, added = match(members(b.get(key)), members(r.get(key)), self._same)
        if removed:
            detail = f"{key} members removed: {listed(removed)}"
            out.add(prefix, [finding(composition.MEMBER_REMOVED[key], detail)])
        if added:
            detail = f"{key} members added: {listed(added)}"
            out.add(prefix, [finding(composition.MEMBER_ADDED[key], detail)])
        for label, b_node, r_node in pairs:
            self._walk(b_node, r_node, direction, (*prefix, f"{key}[{label}]"), out, depth + 1)

    def _union_transition(
        self,
        pair: SchemaPair,
        b_union: str | None,
        r_union: str | None,
        prefix: tuple[str, ...],
        out: _Collected,
        depth: int,
    ) -> None:
        """A schema became a union of alternatives, stopped being one, or changed kind."""
        b, r, direction = pair.base, pair.revision, pair.direction
        out.add(prefix, documentation.check(pair))
        out.add(prefix, nullability.check(pair))
        b_members = members(b.get(b_union)) if b_union else []
        r_members = members(r.get(r_union)) if r_union else []
        if r_union is not None:
            out.add(
                prefix,
                [
                    finding(
                        composition.BECAME[r_union],
                        f"became a {r_union} of {len(r_members)} alternatives",
                    )
                ],
            )
        else:
            assert b_union is not None
            out.add(
                prefix,
                [finding(composition.NO_LONGER[b_union], f"no longer a {b_union} of alternatives")],
            )
        if (
            direction == "request"
            and r_union == "oneOf"
            and "discriminator" not in r
            and can_overlap(r_members, self.revision)
        ):
            detail = "a value matching two of the oneOf alternatives is rejected"
            out.add(prefix, [finding(composition.WRAPPED_IN_ONE_OF, detail)])
        old_alternatives = b_members or [("", b, False)]
        new_alternatives = r_members or [("", r, False)]

        def walk(b_node: Any, r_node: Any, label: str) -> None:
            here = (*prefix, label) if label else prefix
            self._walk(b_node, r_node, direction, here, out, depth + 1)

        # Requests: every old value must fit a new alternative; responses: every new value
        # must be one an old alternative describes.
        if direction == "request":
            for label, node, _ in old_alternatives:
                found = closest(node, self.base, new_alternatives, self.revision, self._same)
                walk(node, found[1], f"{b_union}[{label}]" if label else "")
        else:
            for label, node, _ in new_alternatives:
                found = closest(
                    node, self.revision, old_alternatives, self.base, lambda x, y: self._same(y, x)
                )
                walk(found[1], node, f"{r_union}[{label}]" if label else "")


def _rest(schema: dict[str, Any]) -> Any:
    """The schema of array positions after the tuple (``items``; anything when absent)."""
    items = schema.get("items")
    if isinstance(items, dict):
        return items
    if items is False:
        return False
    return {}


def _all_of_findings(bf: Flat, rf: Flat, names: tuple[str | None, str | None]) -> list[Finding]:
    """Named allOf members added or removed. A schema reached through ``$ref X`` counts as
    having the member X: ``allOf: [$ref X]`` and ``$ref X`` are the same; a side without named
    members (all inline) is the same schema written out, not members removed."""
    old = set(bf.all_of_refs) | ({names[0]} if names[0] else set())
    new = set(rf.all_of_refs) | ({names[1]} if names[1] else set())
    found: list[Finding] = []
    if not old or not new:
        return found  # an inline schema extracted into named parts, or back: a refactoring
    removed = old - new - ({names[0]} if names[0] else set())
    added = new - old - ({names[1]} if names[1] else set())
    if removed:
        found.append(
            finding(
                composition.ALL_OF_MEMBER_REMOVED, f"allOf no longer includes {listed(removed)}"
            )
        )
    if added:
        found.append(
            finding(composition.ALL_OF_MEMBER_ADDED, f"allOf now includes {listed(added)}")
        )
    return found
