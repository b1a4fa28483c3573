"""A team's diff policy: ``[tool.sdkgen.diff]`` in pyproject.toml and ``sdkgen-waivers.toml``.

::

    [tool.sdkgen.diff]
    fail-on = "breaking"                 # or "warning", "never" (release-check's gate)
    waivers-file = "sdkgen-waivers.toml" # the default; read when it exists
    min-sunset-days = { beta = 30, stable = 90 }  # notice deprecations must give (default 0)

    [tool.sdkgen.diff.severity]          # re-grade every change of a rule id
    response-body-enum-value-added = "breaking"

    [[tool.sdkgen.diff.waivers]]         # or [[waivers]] in sdkgen-waivers.toml
    rule = "response-body-type-changed"  # a rule id, or a glob of ids
    operation = "GET /orders/*"          # an operation glob, or path = "/orders/*", or "*"
    reason = "clients read the field as text already"
    expires = 2026-12-31

Every problem names its place (file, table, entry) in one line. Waivers from both files apply.
"""

from __future__ import annotations

import datetime
import fnmatch
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.diff import DiffOptions, Policy, Waiver
from generator.diff.catalog import RULES
from generator.diff.model import LEVELS, Level
from generator.diff.policy import FAIL_ON, FailOn
from generator.errors import UsageError

WAIVERS_FILE = "sdkgen-waivers.toml"
_DIFF_KEYS = {"fail-on", "severity", "waivers", "waivers-file", "min-sunset-days"}
_WAIVER_KEYS = {"rule", "operation", "path", "reason", "expires"}
_SUNSET_LEVELS = ("beta", "stable")


@dataclass(frozen=True)
class DiffSettings:
    policy: Policy = field(default_factory=Policy)
    min_sunset_days: dict[str, int] = field(default_factory=dict)

    def options(self, today: datetime.date | None) -> DiffOptions:
        """The comparison's options as of ``today`` (``None``: no rule depends on the date)."""
        return DiffOptions(today=today, min_sunset_days=dict(self.min_sunset_days))


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UsageError(f"{path}: is a directory, expected a TOML file") from None
    except UnicodeDecodeError:
        raise UsageError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: invalid TOML: {exc}") from None


def load_diff_settings(pyproject: Path | None, waivers_file: Path | None = None) -> DiffSettings:
    """The policy of ``pyproject`` (absent file or table: the defaults) and of the waivers
    file (``waivers_file``, else the configured one, else ``sdkgen-waivers.toml`` beside
    ``pyproject`` when it exists)."""
    table: dict[str, Any] = {}
    where = "[tool.sdkgen.diff]"
    root = Path.cwd()
    if pyproject is not None and pyproject.is_file():
        root = pyproject.parent
        where = f"{pyproject.name} [tool.sdkgen.diff]"
        raw = _read_toml(pyproject).get("tool", {}).get("sdkgen", {}).get("diff", {})
        if not isinstance(raw, dict):
            raise UsageError(f"{where}: must be a table")
        table = raw
    unknown = sorted(set(table) - _DIFF_KEYS)
    if unknown:
        raise UsageError(
            f"{where}: unknown key(s) {', '.join(unknown)} (known: {', '.join(sorted(_DIFF_KEYS))})"
        )
    fail_on = table.get("fail-on", "breaking")
    if fail_on not in FAIL_ON:
        raise UsageError(f"{where}: 'fail-on' must be one of {', '.join(FAIL_ON)}, not {fail_on!r}")
    waivers = _waivers(table.get("waivers", []), f"{where} waivers")
    if waivers_file is None:
        configured = table.get("waivers-file")
        if configured is not None and not isinstance(configured, str):
            raise UsageError(f"{where}: 'waivers-file' must be a path")
        candidate = root / (configured or WAIVERS_FILE)
        if configured is not None and not candidate.is_file():
            raise UsageError(f"{where}: waivers-file {str(candidate)!r} does not exist")
        waivers_file = candidate if candidate.is_file() else None
    if waivers_file is not None:
        data = _read_toml(waivers_file)
        extra = sorted(set(data) - {"waivers"})
        if extra:
            raise UsageError(f"{waivers_file}: unknown key(s) {', '.join(extra)} (known: waivers)")
        waivers += _waivers(data.get("waivers", []), f"{waivers_file.name} waivers")
    policy = Policy(
        waivers=tuple(waivers),
        severity=_severity(table.get("severity", {}), f"{where}.severity"),
        fail_on=_fail_on(fail_on),
    )
    return DiffSettings(policy, _sunset_days(table.get("min-sunset-days", {}), where))


def _fail_on(value: str) -> FailOn:
    for choice in FAIL_ON:
        if choice == value:
            return choice
    raise AssertionError(value)


def _level(value: Any, where: str) -> Level:
    for level in LEVELS:
        if level == value:
            return level
    raise UsageError(f"{where}: must be one of {', '.join(LEVELS)}, not {value!r}")


def _severity(raw: Any, where: str) -> dict[str, Level]:
    if not isinstance(raw, dict):
        raise UsageError(f"{where}: must be a table of rule id = level")
    result: dict[str, Level] = {}
    for rule_id, level in raw.items():
        if rule_id not in RULES:
            raise UsageError(f"{where}: {rule_id!r} is not a rule id (see the README's list)")
        result[rule_id] = _level(level, f"{where}.{rule_id}")
    return result


def _sunset_days(raw: Any, where: str) -> dict[str, int]:
    here = f"{where} min-sunset-days"
    if not isinstance(raw, dict):
        raise UsageError(f"{here}: must be a table such as {{ beta = 30, stable = 90 }}")
    result: dict[str, int] = {}
    for level, days in raw.items():
        if level not in _SUNSET_LEVELS:
            raise UsageError(f"{here}: {level!r} is not beta or stable")
        if not isinstance(days, int) or isinstance(days, bool) or days < 0:
            raise UsageError(f"{here}.{level}: must be a whole number of days (0 or more)")
        result[level] = days
    return result


def _waivers(raw: Any, where: str) -> list[Waiver]:
    if not isinstance(raw, list):
        raise UsageError(f"{where}: must be an array of tables ([[waivers]])")
    return [_waiver(entry, f"{where}[{index}]") for index, entry in enumerate(raw)]


def _waiver(entry: Any, where: str) -> Waiver:
    if not isinstance(entry, dict):
        raise UsageError(f"{where}: must be a table with rule, operation or path, reason, expires")
    unknown = sorted(set(entry) - _WAIVER_KEYS)
    if unknown:
        raise UsageError(
            f"{where}: unknown key(s) {', '.join(unknown)} "
            f"(known: {', '.join(sorted(_WAIVER_KEYS))})"
        )
    rule = entry.get("rule")
    if not isinstance(rule, str) or not rule:
        raise UsageError(f"{where}: 'rule' must name a rule id (or a glob of ids)")
    if not any(fnmatch.fnmatchcase(rule_id, rule) for rule_id in RULES):
        raise UsageError(f"{where}: rule {rule!r} matches no rule id")
    if "operation" in entry and "path" in entry:
        raise UsageError(f"{where}: give 'operation' or 'path', not both")
    target = entry.get("operation", entry.get("path"))
    if not isinstance(target, str) or not target.strip():
        raise UsageError(
            f"{where}: 'operation' (e.g. \"GET /orders/*\") or 'path' (e.g. \"/orders/*\") is "
            'required; use operation = "*" for every operation'
        )
    if "path" in entry and not target.startswith("/"):
        raise UsageError(f"{where}: 'path' must start with '/', not {target!r}")
    reason = entry.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        raise UsageError(f"{where}: 'reason' must say why the change is acceptable")
    return Waiver(
        rule, target.strip(), " ".join(reason.split()), _date(entry.get("expires"), where), where
    )


def _date(value: Any, where: str) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise UsageError(f"{where}: 'expires' must be a date such as 2026-12-31, not {value!r}")
