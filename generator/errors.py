"""Errors that end a command with a clear message instead of a traceback."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.spec.diagnostics import Diagnostic


class SdkgenError(Exception):
    """A problem the user can fix: printed as one message, exit code ``exit_code``."""

    exit_code = 1


class UsageError(SdkgenError):
    """Wrong command-line use (missing file, bad option value)."""

    exit_code = 2


class DocumentError(SdkgenError):
    """A document that cannot be read or processed, with located diagnostics."""

    def __init__(self, message: str, diagnostics: Sequence[Diagnostic] = ()) -> None:
        super().__init__(message)
        self.diagnostics = list(diagnostics)
