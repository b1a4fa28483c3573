"""What every check module needs: both sides, their resolvers, the options, the schema
traversal, and the one place where schema findings become changes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from generator.diff.findings import Finding, render_subject
from generator.diff.model import Change
from generator.diff.options import DiffOptions
from generator.diff.resolve import Resolver
from generator.diff.rule import Place, SchemaRule, emit, emit_at, place_direction
from generator.diff.sources import Side
from generator.diff.walk import SchemaDiffer


class Located(Protocol):
    """Where changes are reported: an operation label (``GET /orders``) and its path."""

    @property
    def label(self) -> str: ...

    @property
    def path(self) -> str: ...


@dataclass(frozen=True)
class Location:
    label: str
    path: str


@dataclass
class DiffContext:
    """One comparison: the two sides, a resolver per side and the shared schema traversal
    (whose memoized pairs serve every operation of the comparison)."""

    base: Side
    revision: Side
    options: DiffOptions = field(default_factory=DiffOptions)
    base_resolver: Resolver = field(init=False)
    revision_resolver: Resolver = field(init=False)
    schemas: SchemaDiffer = field(init=False)

    def __post_init__(self) -> None:
        self.base_resolver = Resolver(self.base.document)
        self.revision_resolver = Resolver(self.revision.document)
        self.schemas = SchemaDiffer(self.base_resolver, self.revision_resolver, self.options)

    def base_mapping(self, node: Any) -> dict[str, Any]:
        return self.base_resolver.mapping(node)

    def revision_mapping(self, node: Any) -> dict[str, Any]:
        return self.revision_resolver.mapping(node)

    def compare_schemas(
        self, base: Any, revision: Any, *, place: Place, where: str, pair: Located
    ) -> list[Change]:
        """Changes for the schema at ``where`` (e.g. "query parameter 'limit'") of ``pair``;
        ``place`` decides the direction and the rule ids."""
        findings = self.schemas.compare(base, revision, place_direction(place))
        return findings_to_changes(findings, place=place, where=where, pair=pair)


def finding_text(item: Finding, where: str) -> str:
    subject = render_subject(item.subject)
    if item.scope == "property":
        return f"{where}: property {subject!r} {item.detail}"
    if not subject:
        return f"{where}: {item.detail}"
    last = item.subject[-1]
    label = "property" if last not in ("[]", "*") and not last.endswith("]") else "at"
    if last.startswith("/") or last in ("then", "else", "contains", "propertyNames"):
        label = "at"
    return f"{where} {label} {subject!r}: {item.detail}"


def findings_to_changes(
    findings: Iterable[Finding], *, place: Place, where: str, pair: Located
) -> list[Change]:
    """Schema findings as changes, with the rule id the finding has at ``place``."""
    result: list[Change] = []
    for item in findings:
        text = finding_text(item, where)
        if isinstance(item.rule, SchemaRule):
            result.append(emit_at(item.rule, place, text, operation=pair.label, path=pair.path))
        else:
            result.append(emit(item.rule, text, operation=pair.label, path=pair.path))
    return result


def media_key(media_type: str) -> str:
    """A media type without parameters, lower case: ``application/json; charset=utf-8``."""
    return media_type.split(";", 1)[0].strip().lower()


def content_map(node: Any) -> dict[str, Any]:
    """The ``content`` of a body or response, keyed by :func:`media_key` (first one wins)."""
    content = node.get("content") if isinstance(node, dict) else None
    result: dict[str, Any] = {}
    if isinstance(content, dict):
        for media_type, media in content.items():
            result.setdefault(media_key(str(media_type)), media)
    return result


def media_objects(declared: Iterable[str], node: dict[str, Any]) -> dict[str, Any]:
    """The media type objects of the ``declared`` media types (an IR body's or response's,
    as written) of the body or response object ``node``, keyed by :func:`media_key` (first
    one wins)."""
    content = node.get("content")
    content = content if isinstance(content, dict) else {}
    result: dict[str, Any] = {}
    for media_type in declared:
        result.setdefault(media_key(media_type), content.get(media_type))
    return result


def media_schema(media: Any) -> Any:
    return media.get("schema") if isinstance(media, dict) else None
