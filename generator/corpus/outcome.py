"""The result of one document, and how results are classified."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Status = Literal["complete", "partial", "rejected", "failed"]


@dataclass
class DocumentResult:
    """What happened to one document.

    ``complete``: a client that imports with every operation; ``partial``: a client that
    imports, each operation it lacks listed in ``omitted``; ``rejected``: a DocumentError with
    located diagnostics; ``failed``: anything else (traceback, timeout, import failure, an
    operation missing without an omission, a rejection without diagnostics).
    """

    id: str
    corpus: str
    status: Status = "failed"
    stage: str = "generate"  # where it stopped: generate, import, compare
    error_type: str | None = None
    message: str | None = None
    traceback: str | None = None
    diagnostics: list[str] = field(default_factory=list)
    operations_expected: int = 0
    operations_generated: int = 0
    missing_operations: list[str] = field(default_factory=list)
    unlisted_missing: list[str] = field(default_factory=list)
    omitted: int = 0
    omitted_codes: dict[str, int] = field(default_factory=dict)
    untyped_schemas: int = 0  # omissions that leave a value typed Any (manifest "untyped")
    typed_success: int = 0
    untyped_returns: list[str] = field(default_factory=list)
    models: int = 0
    mypy: bool | None = None  # None: not in the type-check sub-sample
    mypy_output: str | None = None
    ruff: bool | None = None
    ruff_output: str | None = None
    seconds: float = 0.0
    # the calls stage (--calls): None when not run; "called", "refused" (by Prism) or "crash"
    calls_status: str | None = None
    calls_served: str | None = None  # what Prism served: "document" or "normalized"
    calls_message: str | None = None
    calls: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def handled(self) -> bool:
        return self.status != "failed"

    @property
    def category(self) -> str:
        """A failure category: exception type and message with the specifics taken out."""
        if self.status != "failed" and self.mypy is not False and self.ruff is not False:
            return ""
        if self.status != "failed":
            which = "mypy --strict" if self.mypy is False else "ruff"
            output = self.mypy_output if self.mypy is False else self.ruff_output
            return f"{which}: {message_pattern(_first_error(output or ''))}"
        kind = self.error_type or self.stage
        return f"{self.stage}: {kind}: {message_pattern(self.message or '')}"


def _first_error(output: str) -> str:
    for line in output.splitlines():
        if ": error:" in line:
            return line.split(": error:", 1)[1]
    return output.splitlines()[0] if output else ""


_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
_NUMBER = re.compile(r"\d+")
_PATHISH = re.compile(r"\S*/[^\s:]*")


def message_pattern(message: str) -> str:
    """``model generation failed for 'X': ...`` -> ``model generation failed for <s>: ...``."""
    first = message.strip().splitlines()[0] if message.strip() else ""
    first = _PATHISH.sub("<path>", first)
    first = _QUOTED.sub("<s>", first)
    first = _NUMBER.sub("<n>", first)
    return first[:160]
