"""The checks: one module per family of changes, each with its rule ids written out.

Schema keyword checks (a function of two versions of one schema node, ``allOf`` merged, in one
direction) are listed in :data:`SCHEMA_CHECKS`; the traversal
(:mod:`generator.diff.walk`) runs them at every node it compares and walks into sub-schemas
itself. The other modules compare documents, operations, parameters, bodies, responses,
security, servers and webhooks. Every module's ``RULES`` is registered in
:mod:`generator.diff.catalog`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from generator.diff.checks import (
    array_shape,
    bounds,
    conditionals,
    const,
    content,
    dependencies,
    discriminator,
    documentation,
    enums,
    negation,
    nullability,
    object_shape,
    patterns,
    schema_defaults,
    types,
)
from generator.diff.findings import Finding, SchemaPair

SchemaCheck = Callable[[SchemaPair], Iterable[Finding]]

SCHEMA_CHECKS: tuple[SchemaCheck, ...] = (
    documentation.check,
    types.check,
    nullability.check,
    enums.check,
    enums.check_extensible,
    const.check,
    patterns.check,
    bounds.check,
    schema_defaults.check,
    discriminator.check,
    conditionals.check,
    dependencies.check,
    object_shape.check,
    array_shape.check,
    content.check,
    negation.check,
)
