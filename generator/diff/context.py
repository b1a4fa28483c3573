"""What every rule module needs: both sides, their resolvers, the schema comparer, and the
one place where schema findings become changes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from generator.diff.catalog import change
from generator.diff.match import OperationPair
from generator.diff.model import Change
from generator.diff.resolve import Resolver
from generator.diff.schema import Direction, Finding, SchemaDiffer, render_subject
from generator.diff.sources import Side


@dataclass
class DiffContext:
    """One comparison: the two sides, a resolver per side and the shared schema comparer
    (whose memoized pairs serve every operation of the comparison)."""

    base: Side
    revision: Side
    base_resolver: Resolver = field(init=False)
    revision_resolver: Resolver = field(init=False)
    schemas: SchemaDiffer = field(init=False)

    def __post_init__(self) -> None:
        self.base_resolver = Resolver(self.base.document)
        self.revision_resolver = Resolver(self.revision.document)
        self.schemas = SchemaDiffer(self.base_resolver, self.revision_resolver)

    def base_mapping(self, node: Any) -> dict[str, Any]:
        return self.base_resolver.mapping(node)

    def revision_mapping(self, node: Any) -> dict[str, Any]:
        return self.revision_resolver.mapping(node)

    def compare_schemas(
        self,
        base: Any,
        revision: Any,
        *,
        direction: Direction,
        place: str,
        where: str,
        pair: OperationPair,
    ) -> list[Change]:
        """Changes for the schema at ``where`` (e.g. "query parameter 'limit'") of ``pair``."""
        findings = self.schemas.compare(base, revision, direction)
        return findings_to_changes(findings, place=place, where=where, pair=pair)


def finding_text(finding: Finding, where: str) -> str:
    subject = render_subject(finding.subject)
    if finding.scope == "property":
        return f"{where}: property {subject!r} {finding.detail}"
    if not subject:
        return f"{where}: {finding.detail}"
    last = finding.subject[-1]
    label = "property" if last not in ("[]", "*") and not last.endswith("]") else "at"
    return f"{where} {label} {subject!r}: {finding.detail}"


def findings_to_changes(
    findings: Iterable[Finding], *, place: str, where: str, pair: OperationPair
) -> list[Change]:
    """Schema findings as changes; ``place`` prefixes schema kinds (``request-body``)."""
    result: list[Change] = []
    for finding in findings:
        rule_id = f"{place}-{finding.kind}" if finding.scope == "schema" else finding.kind
        result.append(
            change(rule_id, finding_text(finding, where), operation=pair.label, path=pair.path)
        )
    return result


def text_of(value: Any) -> str | None:
    """Prose from a document with whitespace collapsed (``None`` if absent or empty)."""
    return " ".join(value.split()) or None if isinstance(value, str) else None


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


def media_schema(media: Any) -> Any:
    return media.get("schema") if isinstance(media, dict) else None
