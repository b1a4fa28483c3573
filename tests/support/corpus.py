"""The test corpus in tests: one parameter per indexed document, skipped with its reason if absent.

Where the files are is :mod:`generator.corpus.locations`'s business; this module only turns it
into pytest parameters and skips.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.corpus.locations import IndexedDocument, apigateway_index, locate
from generator.spec.load import load_file


def apigateway_params(
    select: Callable[[IndexedDocument], bool] = lambda _: True,
) -> list[Any]:
    """``pytest.param`` per indexed API Gateway export (vendored or not), named by file."""
    return [pytest.param(doc, id=doc.file) for doc in apigateway_index() if select(doc)]


def apigateway_file(document: IndexedDocument) -> Path:
    """The document's file; the test is skipped, with the reason, when it is not at hand."""
    path = locate(document)
    if path is None:
        pytest.skip(document.missing_reason())
    return path


def apigateway_document(name: str) -> IndexedDocument:
    return next(doc for doc in apigateway_index() if doc.file == name)


def load_apigateway(name: str) -> dict[str, Any]:
    """The named export, loaded as sdkgen loads documents (skipped when not at hand)."""
    data: dict[str, Any] = load_file(apigateway_file(apigateway_document(name))).data
    return data
