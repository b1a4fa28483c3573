"""The rule catalog: every rule id has a case where it fires and one where it must not, ids are
kebab-case and written out in full in the module that defines them (greppable)."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

from generator.diff.catalog import FAMILIES, FAMILY_OF, RULES
from generator.diff.rule import PLACES, SchemaRule

TESTS = Path(__file__).parent
GENERATOR = TESTS.parent / "generator" / "diff"
_TABLES = ("FIRES", "QUIET", "FIRES_WITH_POLICY", "QUIET_WITH_POLICY")


def _cases() -> tuple[set[str], set[str]]:
    fires: set[str] = set()
    quiet: set[str] = set()
    for path in sorted(TESTS.glob("test_diff_checks_*.py")):
        module = importlib.import_module(f"tests.{path.stem}")
        for table in _TABLES:
            target = fires if table.startswith("FIRES") else quiet
            target.update(case[0] for case in getattr(module, table, []))
    return fires, quiet


def test_every_rule_id_has_a_case_where_it_fires_and_one_where_it_must_not() -> None:
    fires, quiet = _cases()
    assert sorted(set(RULES) - fires) == []
    assert sorted(set(RULES) - quiet) == []
    assert sorted((fires | quiet) - set(RULES)) == []


def test_rule_ids_are_kebab_case() -> None:
    for rule_id in RULES:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule_id), rule_id


def test_schema_rule_ids_name_their_place() -> None:
    for rules in FAMILIES.values():
        for item in rules:
            if isinstance(item, SchemaRule):
                for place in PLACES:
                    if item.level_at(place) is None:
                        continue
                    rule_id = item.id_at(place) if _has(item, place) else None
                    assert rule_id is None or rule_id.startswith(place + "-"), rule_id


def _has(item: SchemaRule, place: str) -> bool:
    return {
        "request-parameter": item.request_parameter,
        "request-body": item.request_body,
        "response-body": item.response_body,
        "response-header": item.response_header,
    }[place] is not None


def test_every_rule_id_is_written_out_where_it_is_defined() -> None:
    sources = {
        path: path.read_text(encoding="utf-8")
        for path in [*GENERATOR.glob("checks/*.py"), GENERATOR / "surface.py"]
    }
    for rule_id in RULES:
        hits = [path for path, text in sources.items() if f'"{rule_id}"' in text]
        assert len(hits) == 1, f"{rule_id} ({FAMILY_OF[rule_id]}) is written in {hits}"


def test_no_rule_id_is_built_with_an_f_string() -> None:
    pattern = re.compile(r'f"(request|response|api|operation|webhook|callback|client)-')
    for path in [*GENERATOR.glob("**/*.py")]:
        assert not pattern.search(path.read_text(encoding="utf-8")), path
