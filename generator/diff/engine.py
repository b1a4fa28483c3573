"""Compare two sides: run every check over the document, each pair of operations and webhooks,
and the generated client's surface."""

from __future__ import annotations

from dataclasses import replace

from generator.diff import surface
from generator.diff.checks import (
    document,
    operations,
    parameters,
    request_body,
    responses,
    security,
    servers,
    webhooks,
)
from generator.diff.context import DiffContext
from generator.diff.match import OperationPair, match_operations, match_webhooks
from generator.diff.model import Change, DiffReport, sort_changes
from generator.diff.options import DiffOptions
from generator.diff.semver import bump_for
from generator.diff.sources import Side
from generator.errors import DocumentError
from generator.perf import collector_paused


def diff(base: Side, revision: Side, options: DiffOptions | None = None) -> DiffReport:
    """Every change from ``base`` to ``revision``, sorted, with the semver bump."""
    try:
        with collector_paused():
            return _diff(base, revision, options or DiffOptions())
    except RecursionError:
        raise DocumentError(
            f"{base.source} / {revision.source}: schemas are nested too deeply to compare"
        ) from None


def _diff(base: Side, revision: Side, options: DiffOptions) -> DiffReport:
    ctx = DiffContext(base, revision, options)
    changes: list[Change] = []
    changes.extend(document.compare_info(base, revision))
    changes.extend(servers.compare_root(base, revision))
    changes.extend(security.compare_root_security(base, revision))
    pairs = match_operations(base, revision)
    for pair in pairs:
        changes.extend(_exempt(pair, _compare_operation(ctx, pair)))
    for pair in match_webhooks(base, revision):
        found = webhooks.existence(pair)
        if pair.base is not None and pair.revision is not None:
            found.extend(operations.lifecycle_changes(pair, options))
            found.extend(webhooks.compare_webhook(ctx, pair))
        changes.extend(_exempt(pair, found))
    changes.extend(surface.compare_surface(base, revision, pairs))
    ordered = sort_changes(changes)
    return DiffReport(ordered, bump_for(ordered), base.source, revision.source)


def _compare_operation(ctx: DiffContext, pair: OperationPair) -> list[Change]:
    if pair.base is None or pair.revision is None:
        return operations.existence(pair, ctx.options)
    changes = operations.lifecycle_changes(pair, ctx.options)
    changes.extend(operations.metadata(pair))
    changes.extend(security.compare_operation_security(ctx.base, ctx.revision, pair))
    changes.extend(servers.compare_operation(ctx.base, ctx.revision, pair))
    changes.extend(parameters.compare_parameters(ctx, pair))
    changes.extend(request_body.compare_request_body(ctx, pair))
    changes.extend(responses.compare_responses(ctx, pair))
    changes.extend(webhooks.compare_callbacks(ctx, pair))
    return changes


def _exempt(pair: OperationPair, changes: list[Change]) -> list[Change]:
    """Changes of a draft or alpha operation do not count (its stability changes do)."""
    reason = operations.exempt_reason(pair)
    if reason is None:
        return changes
    return [
        c if c.id in operations.STABILITY_RULES or c.level == "info" else replace(c, waived=reason)
        for c in changes
    ]
