"""Compare two JSON schemas (of the base and the revision document) in one direction.

Direction matters: in a ``request`` a narrower schema rejects what callers send, in a
``response`` a wider schema returns what readers (and the generated client's pydantic models,
which validate responses) do not expect. The comparison reports :class:`Finding` records; the
rule modules turn them into changes with ids for the place they occur (parameter, body, header).

What is compared: type and format, nullability, enum / const, pattern, numeric, length and item
bounds, defaults (requests only), discriminators, descriptions and titles, object properties
(added, removed, requiredness, deprecation) recursively, array items, map values
(``additionalProperties``), ``oneOf`` / ``anyOf`` members and named ``allOf`` members.
``allOf`` is merged into one effective schema first, so a schema split into ``allOf`` parts
compares equal to its merged form. ``readOnly`` properties do not exist in requests, nor
``writeOnly`` ones in responses: a response property becoming ``writeOnly`` is reported as
removed from the response.

Keywords whose effect cannot be classified as narrowing or widening (``not``,
``if``/``then``/``else``, ``prefixItems``, ``patternProperties``, ``dependent*``,
``unevaluated*``, ``contains``, ``propertyNames``, ``content*``, ``uniqueItems``,
``multipleOf``, min/max properties, ``additionalProperties`` turned on or off) are compared as
text and reported as ``constraint-changed`` warnings. Not compared: defaults in responses,
examples and vendor extensions (``x-extensible-enum``, ``x-stability-level``, ``x-sunset``...).

Cost: each pair of referenced schemas is compared once per direction and the pairs that lead
to no change are found once (see :class:`SchemaDiffer`), so the work is linear in the size of
the schemas plus, per operation, the changed part reachable from it. A changed schema is
reported once per body, parameter or header, at the shortest property path that reaches it
(not once per path: in schemas that reference each other widely, paths multiply).
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

from generator.diff.resolve import Resolver, ref_name

Direction = Literal["request", "response"]
Scope = Literal["schema", "property", "doc"]

MAX_DEPTH = 64
_MAX_LISTED = 8
_NOT_INHERITED = frozenset(
    {"description", "title", "properties", "required", "allOf", "discriminator", "example"}
)
_FORMAT_WIDER = frozenset({("int64", "int32"), ("double", "float")})


@dataclass(frozen=True)
class Finding:
    """One difference found inside a schema.

    ``scope`` ``schema``: ``kind`` is a schema rule kind (``type-changed``) that the caller
    prefixes with the place (``request-body-type-changed``); ``property`` and ``doc``: ``kind``
    is the full rule id. ``subject`` locates the difference below the compared schema: property
    names, ``[]`` for array items, ``*`` for map values, ``oneOf[X]`` for composition members.
    """

    scope: Scope
    kind: str
    subject: tuple[str, ...]
    detail: str


def render_subject(subject: Iterable[str]) -> str:
    """``("address", "city")`` -> ``address.city``; ``("tags", "[]")`` -> ``tags[]``."""
    out = ""
    for segment in subject:
        if segment == "[]":
            out += "[]"
        else:
            out += ("." if out else "") + segment
    return out


@dataclass(frozen=True)
class _Flat:
    """A schema with its ``allOf`` members merged in."""

    schema: dict[str, Any]
    properties: dict[str, Any]
    required: frozenset[str]
    all_of_refs: tuple[str, ...]


def canonical(value: Any) -> str:
    """A stable text form of a JSON value, for comparisons and messages."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def _listed(values: Iterable[str]) -> str:
    items = sorted(values)
    shown = ", ".join(items[:_MAX_LISTED])
    if len(items) > _MAX_LISTED:
        shown += f" and {len(items) - _MAX_LISTED} more"
    return shown


def _as_schema(node: Any) -> dict[str, Any]:
    """JSON Schema booleans and non-mappings as mappings (``false`` is kept apart from ``{}``)."""
    if isinstance(node, dict):
        return node
    if node is False:
        return {"not": {}}
    return {}


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


PairKey = tuple[str, str, Direction]
Edge = tuple[tuple[str, ...], PairKey]


@dataclass
class _Collected:
    """What one walk found: findings (subjects relative to the walk's root) and the pairs of
    references met below it, each with the subject where it was met."""

    findings: list[Finding] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)

    def add(self, prefix: tuple[str, ...], findings: Iterable[Finding]) -> None:
        for finding in findings:
            self.findings.append(
                Finding(finding.scope, finding.kind, prefix + finding.subject, finding.detail)
            )


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

    def __init__(self, base: Resolver, revision: Resolver) -> None:
        self.base = base
        self.revision = revision
        self._pairs: dict[PairKey, _Collected] = {}
        self._dirty: dict[PairKey, bool] = {}
        self._closures: dict[PairKey, list[Edge]] = {}
        self._flat_memo: dict[tuple[bool, int], tuple[dict[str, Any], _Flat]] = {}
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
                members: list[PairKey] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    members.append(member)
                    if member == key:
                        break
                self._settle(members)
        return self._dirty[start]

    def _settle(self, members: list[PairKey]) -> None:
        inside = set(members)
        dirty = any(self._pairs[m].findings for m in members) or any(
            self._dirty.get(child, False)
            for m in members
            for _, child in self._pairs[m].edges
            if child not in inside
        )
        for member in members:
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
        self._compare_schemas(_as_schema(b_node), _as_schema(r_node), direction, prefix, out, depth)

    def _compare_schemas(
        self,
        b: dict[str, Any],
        r: dict[str, Any],
        direction: Direction,
        prefix: tuple[str, ...],
        out: _Collected,
        depth: int,
    ) -> None:
        if b == r and not self._has_ref(b):
            return  # equal text and nothing referenced that could differ
        bf = self._flat(b, base=True)
        rf = self._flat(r, base=False)
        out.add(prefix, _documentation(b, r))
        out.add(prefix, _type_findings(bf.schema, rf.schema, direction))
        out.add(prefix, _nullable_findings(bf.schema, rf.schema))
        out.add(prefix, _enum_findings(bf.schema, rf.schema))
        out.add(prefix, _pattern_findings(bf.schema, rf.schema))
        out.add(prefix, _bound_findings(bf.schema, rf.schema))
        if direction == "request":
            out.add(prefix, _default_findings(bf.schema, rf.schema))
        out.add(prefix, _discriminator_findings(bf.schema, rf.schema))
        out.add(prefix, _unclassified_findings(bf.schema, rf.schema))
        self._properties(bf, rf, direction, prefix, out, depth)
        for key, segment in (("items", "[]"), ("additionalProperties", "*")):
            b_child, r_child = bf.schema.get(key), rf.schema.get(key)
            if isinstance(b_child, dict) and isinstance(r_child, dict):
                self._walk(b_child, r_child, direction, (*prefix, segment), out, depth + 1)
        for key in ("oneOf", "anyOf"):
            self._composition(key, bf.schema, rf.schema, direction, prefix, out, depth)
        out.add(prefix, _all_of_findings(bf, rf))

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

    # -- allOf merging ------------------------------------------------------------------------

    def _flat(self, node: dict[str, Any], *, base: bool) -> _Flat:
        key = (base, id(node))
        hit = self._flat_memo.get(key)
        if hit is not None and hit[0] is node:
            return hit[1]
        resolver = self.base if base else self.revision
        flat = _flatten(node, resolver, frozenset())
        self._flat_memo[key] = (node, flat)
        return flat

    # -- structure ----------------------------------------------------------------------------

    def _properties(
        self,
        bf: _Flat,
        rf: _Flat,
        direction: Direction,
        prefix: tuple[str, ...],
        out: _Collected,
        depth: int,
    ) -> None:
        if not bf.properties and not rf.properties:
            return
        hidden = "readOnly" if direction == "request" else "writeOnly"
        for name in sorted(set(bf.properties) | set(rf.properties)):
            b_prop, r_prop = bf.properties.get(name), rf.properties.get(name)
            b_schema = self.base.mapping(b_prop) if b_prop is not None else {}
            r_schema = self.revision.mapping(r_prop) if r_prop is not None else {}
            b_required, r_required = name in bf.required, name in rf.required
            here = (*prefix, name)
            b_hidden = b_prop is None or b_schema.get(hidden) is True
            r_hidden = r_prop is None or r_schema.get(hidden) is True
            if b_hidden or r_hidden:
                if b_hidden and not r_hidden:
                    out.add(here, [_property_added(r_required, direction)])
                elif r_hidden and not b_hidden:
                    out.add(here, [_property_removed(b_required, direction)])
                continue
            out.add(here, _requiredness(b_required, r_required, direction))
            if r_schema.get("deprecated") is True and b_schema.get("deprecated") is not True:
                out.add(here, [Finding("property", f"{direction}-property-deprecated", (), "")])
            self._walk(b_prop, r_prop, direction, here, out, depth + 1)

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
        b_members = _members(b.get(key))
        r_members = _members(r.get(key))
        if not b_members and not r_members:
            return
        kind = "one-of" if key == "oneOf" else "any-of"
        pairs, removed, added = _match_members(b_members, r_members)
        if removed:
            detail = f"{key} members removed: {_listed(removed)}"
            out.add(prefix, [Finding("schema", f"{kind}-member-removed", (), detail)])
        if added:
            detail = f"{key} members added: {_listed(added)}"
            out.add(prefix, [Finding("schema", f"{kind}-member-added", (), detail)])
        for label, b_node, r_node in pairs:
            self._walk(b_node, r_node, direction, (*prefix, f"{key}[{label}]"), out, depth + 1)


# -- allOf ----------------------------------------------------------------------------------


def _flatten(node: dict[str, Any], resolver: Resolver, seen: frozenset[str]) -> _Flat:
    raw_props = node.get("properties")
    raw_required = node.get("required")
    required = {str(r) for r in raw_required} if isinstance(raw_required, list) else set()
    if "allOf" not in node:
        properties = raw_props if isinstance(raw_props, dict) else {}
        return _Flat(node, properties, frozenset(required), ())
    schema = dict(node)
    properties = dict(raw_props) if isinstance(raw_props, dict) else {}
    refs: list[str] = []
    members = schema.pop("allOf", None)
    if isinstance(members, list):
        for member in members:
            target, ref = resolver.deref(member)
            if ref is not None:
                refs.append(ref_name(ref))
                if ref in seen:
                    continue
            if not isinstance(target, dict):
                continue
            sub = _flatten(target, resolver, seen | {ref} if ref else seen)
            for name, prop in sub.properties.items():
                properties.setdefault(name, prop)
            required |= sub.required
            for keyword, value in sub.schema.items():
                if keyword not in _NOT_INHERITED:
                    schema.setdefault(keyword, value)
    return _Flat(schema, properties, frozenset(required), tuple(refs))


def _all_of_findings(bf: _Flat, rf: _Flat) -> Iterator[Finding]:
    removed = set(bf.all_of_refs) - set(rf.all_of_refs)
    added = set(rf.all_of_refs) - set(bf.all_of_refs)
    if removed:
        yield Finding(
            "schema", "all-of-member-removed", (), f"allOf no longer includes {_listed(removed)}"
        )
    if added:
        yield Finding("schema", "all-of-member-added", (), f"allOf now includes {_listed(added)}")


# -- oneOf / anyOf members ------------------------------------------------------------------

_Member = tuple[str, Any, bool]  # label, node, is a reference


def _members(value: Any) -> list[_Member]:
    if not isinstance(value, list):
        return []
    result: list[_Member] = []
    for index, member in enumerate(value):
        if isinstance(member, dict) and member.get("type") == "null" and len(member) == 1:
            continue  # nullability, compared separately
        ref = member.get("$ref") if isinstance(member, dict) else None
        if isinstance(ref, str):
            result.append((ref_name(ref), member, True))
        else:
            title = member.get("title") if isinstance(member, dict) else None
            label = title if isinstance(title, str) and title else f"#{index + 1}"
            result.append((label, member, False))
    return result


def _match_members(
    base: list[_Member], revision: list[_Member]
) -> tuple[list[tuple[str, Any, Any]], list[str], list[str]]:
    """Pairs (by reference name or title, then inline members in order), removed, added."""
    pairs: list[tuple[str, Any, Any]] = []
    r_by_label = {label: (node, is_ref) for label, node, is_ref in revision}
    used: set[str] = set()
    unmatched_base: list[_Member] = []
    for label, node, is_ref in base:
        hit = r_by_label.get(label)
        if hit is not None and label not in used and (is_ref or not label.startswith("#")):
            pairs.append((label, node, hit[0]))
            used.add(label)
        else:
            unmatched_base.append((label, node, is_ref))
    r_inline = [m for m in revision if m[0] not in used and not m[2]]
    removed: list[str] = []
    for label, node, is_ref in unmatched_base:
        if not is_ref and r_inline:
            r_label, r_node, _ = r_inline.pop(0)
            pairs.append((label, node, r_node))
            used.add(r_label)
        else:
            removed.append(label)
    added = [label for label, _, _ in revision if label not in used]
    return pairs, removed, added


# -- properties -----------------------------------------------------------------------------


def _property_added(required: bool, direction: Direction) -> Finding:
    if direction == "response":
        return Finding("property", "response-property-added", (), "was added")
    if required:
        return Finding("property", "request-property-added-required", (), "was added as required")
    return Finding("property", "request-property-added-optional", (), "was added as optional")


def _property_removed(required: bool, direction: Direction) -> Finding:
    if direction == "request":
        return Finding("property", "request-property-removed", (), "was removed")
    if required:
        kind, detail = "response-required-property-removed", "was removed (it was required)"
    else:
        kind, detail = "response-optional-property-removed", "was removed (it was optional)"
    return Finding("property", kind, (), detail)


def _requiredness(b_required: bool, r_required: bool, direction: Direction) -> Iterator[Finding]:
    if b_required == r_required:
        return
    became = "required" if r_required else "optional"
    yield Finding("property", f"{direction}-property-became-{became}", (), f"became {became}")


# -- keywords -------------------------------------------------------------------------------


def _documentation(b: dict[str, Any], r: dict[str, Any]) -> Iterator[Finding]:
    for keyword in ("description", "title"):
        old, new = _text(b.get(keyword)), _text(r.get(keyword))
        if old != new:
            verb = "added" if old is None else "removed" if new is None else "changed"
            yield Finding("doc", "schema-description-changed", (), f"{keyword} {verb}")


def _text(value: Any) -> str | None:
    return " ".join(value.split()) or None if isinstance(value, str) else None


_Atom = tuple[str, str | None]


def _types(schema: dict[str, Any]) -> frozenset[str] | None:
    raw = schema.get("type")
    if isinstance(raw, str):
        types = {raw}
    elif isinstance(raw, list):
        types = {t for t in raw if isinstance(t, str)}
    elif "properties" in schema or isinstance(schema.get("additionalProperties"), dict):
        types = {"object"}
    elif "items" in schema:
        types = {"array"}
    else:
        return None
    types.discard("null")
    return frozenset(types) or None


def _atoms(schema: dict[str, Any]) -> frozenset[_Atom] | None:
    types = _types(schema)
    if types is None:
        return None
    fmt = schema.get("format") if isinstance(schema.get("format"), str) else None
    return frozenset((t, fmt if t in ("string", "integer", "number") else None) for t in types)


def _atom_covers(wide: _Atom, narrow: _Atom) -> bool:
    (wide_type, wide_format), (narrow_type, narrow_format) = wide, narrow
    if wide_type != narrow_type and not (wide_type == "number" and narrow_type == "integer"):
        return False
    if wide_format is None or wide_format == narrow_format:
        return True
    return (wide_format, narrow_format or "") in _FORMAT_WIDER


def _covers(wide: frozenset[_Atom] | None, narrow: frozenset[_Atom] | None) -> bool:
    if wide is None:
        return True
    if narrow is None:
        return False
    return all(any(_atom_covers(w, n) for w in wide) for n in narrow)


def _describe_atoms(atoms: frozenset[_Atom] | None) -> str:
    if atoms is None:
        return "any type"
    return " or ".join(sorted(t if f is None else f"{t}/{f}" for t, f in atoms))


def _composite(schema: dict[str, Any]) -> bool:
    return any(k in schema for k in ("oneOf", "anyOf", "not", "if", "$ref"))


def _type_findings(b: dict[str, Any], r: dict[str, Any], direction: Direction) -> Iterator[Finding]:
    old, new = _atoms(b), _atoms(r)
    if old == new:
        return
    if (old is None and _composite(b)) or (new is None and _composite(r)):
        return  # the type is decided by members, compared on their own
    widened, narrowed = _covers(new, old), _covers(old, new)
    detail = f"type changed from {_describe_atoms(old)} to {_describe_atoms(new)}"
    if direction == "request" and widened:
        yield Finding("schema", "type-widened", (), detail)
    elif direction == "response" and narrowed:
        yield Finding("schema", "type-narrowed", (), detail)
    else:
        yield Finding("schema", "type-changed", (), detail)


def _nullable(schema: dict[str, Any]) -> bool:
    if schema.get("nullable") is True:
        return True
    raw = schema.get("type")
    if raw == "null" or (isinstance(raw, list) and "null" in raw):
        return True
    for key in ("oneOf", "anyOf"):
        members = schema.get(key)
        if isinstance(members, list) and any(
            isinstance(m, dict) and m.get("type") == "null" for m in members
        ):
            return True
    return False


def _nullable_findings(b: dict[str, Any], r: dict[str, Any]) -> Iterator[Finding]:
    old, new = _nullable(b), _nullable(r)
    if old and not new:
        yield Finding("schema", "became-not-nullable", (), "null is no longer allowed")
    elif new and not old:
        yield Finding("schema", "became-nullable", (), "null is now allowed")


def _enum(schema: dict[str, Any]) -> frozenset[str] | None:
    if "const" in schema:
        return frozenset({canonical(schema["const"])})
    values = schema.get("enum")
    if not isinstance(values, list):
        return None
    kept = frozenset(canonical(v) for v in values if v is not None)
    return kept or None


def _enum_findings(b: dict[str, Any], r: dict[str, Any]) -> Iterator[Finding]:
    old, new = _enum(b), _enum(r)
    if old == new:
        return
    if old is None and new is not None:
        yield Finding("schema", "became-enum", (), f"restricted to the values {_listed(new)}")
    elif new is None and old is not None:
        yield Finding("schema", "enum-removed", (), f"no longer restricted to {_listed(old)}")
    elif old is not None and new is not None:
        if old - new:
            yield Finding(
                "schema", "enum-value-removed", (), f"enum values removed: {_listed(old - new)}"
            )
        if new - old:
            yield Finding(
                "schema", "enum-value-added", (), f"enum values added: {_listed(new - old)}"
            )


def _pattern_findings(b: dict[str, Any], r: dict[str, Any]) -> Iterator[Finding]:
    old, new = b.get("pattern"), r.get("pattern")
    old = old if isinstance(old, str) else None
    new = new if isinstance(new, str) else None
    if old == new:
        return
    if old is None:
        yield Finding("schema", "pattern-added", (), f"pattern {new!r} was added")
    elif new is None:
        yield Finding("schema", "pattern-removed", (), f"pattern {old!r} was removed")
    else:
        yield Finding("schema", "pattern-changed", (), f"pattern changed from {old!r} to {new!r}")


_Bound = tuple[float, bool]  # value, exclusive


def _upper(schema: dict[str, Any]) -> _Bound | None:
    candidates: list[_Bound] = []
    if _is_number(schema.get("maximum")):
        candidates.append((schema["maximum"], schema.get("exclusiveMaximum") is True))
    if _is_number(schema.get("exclusiveMaximum")):
        candidates.append((schema["exclusiveMaximum"], True))
    return min(candidates, key=lambda c: (c[0], not c[1])) if candidates else None


def _lower(schema: dict[str, Any]) -> _Bound | None:
    candidates: list[_Bound] = []
    if _is_number(schema.get("minimum")):
        candidates.append((schema["minimum"], schema.get("exclusiveMinimum") is True))
    if _is_number(schema.get("exclusiveMinimum")):
        candidates.append((schema["exclusiveMinimum"], True))
    return max(candidates, key=lambda c: (c[0], c[1])) if candidates else None


def _count(schema: dict[str, Any], keyword: str, *, lower: bool) -> _Bound | None:
    value = schema.get(keyword)
    if not isinstance(value, (int, float)) or isinstance(value, bool) or (lower and value <= 0):
        return None
    return (float(value), False)


def _show(bound: _Bound) -> str:
    value, exclusive = bound
    text = str(int(value)) if float(value).is_integer() else str(value)
    return f"{text} (exclusive)" if exclusive else text


def _tighter(new: _Bound, old: _Bound, *, upper: bool) -> bool:
    if new[0] != old[0]:
        return new[0] < old[0] if upper else new[0] > old[0]
    return new[1] and not old[1]


def _bound_findings(b: dict[str, Any], r: dict[str, Any]) -> Iterator[Finding]:
    specs: tuple[tuple[str, str, bool, _Bound | None, _Bound | None], ...] = (
        ("max", "maximum", True, _upper(b), _upper(r)),
        ("min", "minimum", False, _lower(b), _lower(r)),
        (
            "max-length",
            "maxLength",
            True,
            _count(b, "maxLength", lower=False),
            _count(r, "maxLength", lower=False),
        ),
        (
            "min-length",
            "minLength",
            False,
            _count(b, "minLength", lower=True),
            _count(r, "minLength", lower=True),
        ),
        (
            "max-items",
            "maxItems",
            True,
            _count(b, "maxItems", lower=False),
            _count(r, "maxItems", lower=False),
        ),
        (
            "min-items",
            "minItems",
            False,
            _count(b, "minItems", lower=True),
            _count(r, "minItems", lower=True),
        ),
    )
    for family, label, upper, old, new in specs:
        if old == new:
            continue
        if old is None and new is not None:
            yield Finding("schema", f"{family}-tightened", (), f"{label} {_show(new)} was set")
        elif new is None and old is not None:
            yield Finding("schema", f"{family}-loosened", (), f"{label} {_show(old)} was removed")
        elif old is not None and new is not None:
            verb = "tightened" if _tighter(new, old, upper=upper) else "loosened"
            detail = f"{label} changed from {_show(old)} to {_show(new)}"
            yield Finding("schema", f"{family}-{verb}", (), detail)


def _default_findings(b: dict[str, Any], r: dict[str, Any]) -> Iterator[Finding]:
    old = canonical(b["default"]) if "default" in b else None
    new = canonical(r["default"]) if "default" in r else None
    if old == new:
        return
    if old is None:
        yield Finding("schema", "default-added", (), f"default value {new} was added")
    elif new is None:
        yield Finding("schema", "default-removed", (), f"default value {old} was removed")
    else:
        yield Finding("schema", "default-changed", (), f"default value changed from {old} to {new}")


_UNCLASSIFIED = (
    "not",
    "if",
    "then",
    "else",
    "dependentRequired",
    "dependentSchemas",
    "prefixItems",
    "contains",
    "minContains",
    "maxContains",
    "propertyNames",
    "patternProperties",
    "unevaluatedItems",
    "unevaluatedProperties",
    "contentSchema",
    "contentMediaType",
    "contentEncoding",
    "multipleOf",
    "uniqueItems",
    "minProperties",
    "maxProperties",
)


def _additional(schema: dict[str, Any]) -> Any:
    value = schema.get("additionalProperties", True)
    if isinstance(value, dict):
        return True if not value else "schema"
    return value


def _unclassified_findings(b: dict[str, Any], r: dict[str, Any]) -> Iterator[Finding]:
    changed: list[str] = []
    for keyword in _UNCLASSIFIED:
        old = canonical(b[keyword]) if keyword in b else None
        new = canonical(r[keyword]) if keyword in r else None
        if old != new:
            verb = "added" if old is None else "removed" if new is None else "changed"
            changed.append(f"keyword {keyword!r} {verb}")
    old_additional, new_additional = _additional(b), _additional(r)
    if old_additional != new_additional and "schema" not in (old_additional, new_additional):
        changed.append(
            f"additionalProperties changed from {canonical(old_additional)} "
            f"to {canonical(new_additional)}"
        )
    if changed:
        yield Finding("schema", "constraint-changed", (), ", ".join(changed))


def _discriminator(schema: dict[str, Any]) -> tuple[str, tuple[tuple[str, str], ...]] | None:
    raw = schema.get("discriminator")
    if not isinstance(raw, dict):
        return None
    mapping = raw.get("mapping") if isinstance(raw.get("mapping"), dict) else {}
    assert isinstance(mapping, dict)
    pairs = tuple(sorted((str(k), ref_name(str(v))) for k, v in mapping.items()))
    return str(raw.get("propertyName", "")), pairs


def _discriminator_findings(b: dict[str, Any], r: dict[str, Any]) -> Iterator[Finding]:
    old, new = _discriminator(b), _discriminator(r)
    if old == new:
        return
    if old is None and new is not None:
        detail = f"discriminator on property {new[0]!r} was added"
    elif new is None and old is not None:
        detail = f"discriminator on property {old[0]!r} was removed"
    elif old is not None and new is not None and old[0] != new[0]:
        detail = f"discriminator property changed from {old[0]!r} to {new[0]!r}"
    else:
        detail = "discriminator mapping changed"
    yield Finding("schema", "discriminator-changed", (), detail)
