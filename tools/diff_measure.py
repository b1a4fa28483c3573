"""Score ``sdkgen diff`` against labels derived from oasdiff's checker tests (a dev tool).

Usage (after ``tools/oasdiff_labels.py`` wrote ``build/oasdiff-labels.json``)::

    python tools/diff_measure.py [--cases tests/corpus/diff/cases] [--json build/diff-measure.json]

Per case, oasdiff *expects a breaking change* when a test that loads the pair requires a change
of level ERR (or requires a non-empty result of its breaking-changes check without naming
ids), and calls the pair *clean* when no test that loads it requires any change. sdkgen
*reports breaking* when the report has a ``breaking`` change that is not a client-surface rule
(``client-*``, which are sdkgen's own). Printed by rule family (families of the ids oasdiff
expects; a case counts in every family it touches):

- recall: breaking pairs where sdkgen reports breaking / breaking pairs;
- false alarms: clean pairs where sdkgen reports breaking / clean pairs.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generator.diff import diff, load_side
from generator.errors import SdkgenError

FAMILIES: tuple[tuple[str, str], ...] = (
    ("stability", r"stability"),
    ("deprecation/sunset", r"deprecat|sunset|reactivated"),
    ("x-extensible-enum", r"extensible-enum"),
    ("webhooks", r"webhook"),
    (
        "2020-12 keywords",
        r"-(if|then|else|dependent-required|dependent-schema|pattern-property|"
        r"property-names|prefix-items|contains|min-contains|max-contains|unevaluated-items|"
        r"unevaluated-properties|content-schema|content-media-type|content-encoding)-",
    ),
    ("const", r"-const-"),
    ("defaults", r"default"),
    ("security", r"security"),
    ("media types", r"media-?type"),
    ("composition", r"-(one-of|any-of|all-of|wrapped-in-one-of)-|discriminator"),
    ("nullable", r"nullable"),
    ("types", r"type|list-of-types"),
    ("enum", r"enum"),
    ("constraints", r"-(max|min|pattern|exclusive|max-length|min-length|max-items|min-items)"),
    (
        "required/properties",
        r"required|property-removed|property-added|-property$|read-only|"
        r"write-only",
    ),
    ("parameters", r"request-parameter|param"),
    ("operations/paths", r"api-path|api-removed|endpoint|operation|api-"),
    ("responses", r"response"),
)


def family(rule_id: str) -> str:
    for name, pattern in FAMILIES:
        if re.search(pattern, rule_id):
            return name
    return "other"


def _sdkgen_family(rule_id: str) -> str:
    """The check family of an sdkgen rule id (``catalog.FAMILY_OF``), else its first words."""
    try:
        from generator.diff.catalog import FAMILY_OF
    except ImportError:  # an sdkgen without families
        return "-".join(rule_id.split("-")[:2])
    return FAMILY_OF.get(rule_id, "?")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--labels", type=Path, default=Path("build/oasdiff-labels.json"))
    parser.add_argument("--cases", type=Path, default=Path("tests/corpus/diff/cases"))
    parser.add_argument("--json", type=Path, help="also write per-case results here")
    parser.add_argument("--show", action="store_true", help="list misses and false alarms")
    args = parser.parse_args(argv)
    labels = json.loads(args.labels.read_text())["cases"]
    rows = []
    started = time.perf_counter()
    for name, label in sorted(labels.items()):
        expected: dict[str, str] = {}
        for test in label["tests"]:
            for rule_id, level in test["expected"].items():
                if expected.get(rule_id) != "ERR":
                    expected[rule_id] = level
        case = args.cases / name
        files = {f.stem: f for f in case.iterdir()}
        try:
            report = diff(
                load_side(str(files["base"]), repo=case),
                load_side(str(files["revision"]), repo=case),
            )
            changes = [c.to_json() for c in report.changes]
            error = None
        except SdkgenError as exc:
            changes, error = [], str(exc)
        wire_breaking = [
            c
            for c in changes
            if c["level"] == "breaking" and not str(c["id"]).startswith("client-")
        ]
        expects_breaking = any(level in ("ERR", "WARN+") for level in expected.values())
        clean = not expected
        families = sorted(
            {family(i) for i, lv in expected.items() if lv in ("ERR", "WARN+") and i != "*"}
        ) or (["unnamed"] if expects_breaking else [])
        rows.append(
            {
                "case": name,
                "expected": expected,
                "expects_breaking": expects_breaking,
                "clean": clean,
                "families": families,
                "sdkgen_breaking": [c["id"] for c in wire_breaking],
                "sdkgen_ids": sorted({str(c["id"]) for c in changes}),
                "error": error,
            }
        )
    elapsed = time.perf_counter() - started
    by_family: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        if row["expects_breaking"]:
            for fam in row["families"]:
                by_family[fam][0] += 1
                by_family[fam][1] += bool(row["sdkgen_breaking"])
    breaking = [r for r in rows if r["expects_breaking"]]
    found = [r for r in breaking if r["sdkgen_breaking"]]
    clean = [r for r in rows if r["clean"]]
    alarms = [r for r in clean if r["sdkgen_breaking"]]
    quiet = [r for r in rows if not r["expects_breaking"]]
    quiet_alarms = [r for r in quiet if r["sdkgen_breaking"]]
    print(f"{len(rows)} cases in {elapsed:.1f} s; errors: {sum(1 for r in rows if r['error'])}")
    recall = len(found) / max(1, len(breaking))
    false_alarms = len(alarms) / max(1, len(clean))
    print(f"recall on breaking: {len(found)}/{len(breaking)} = {recall:.3f}")
    print(f"false alarms on clean pairs: {len(alarms)}/{len(clean)} = {false_alarms:.3f}")
    print(
        f"breaking reported where oasdiff expects no breaking change (single-check tests "
        f"included): {len(quiet_alarms)}/{len(quiet)}"
    )
    by_sdkgen_family: dict[str, int] = defaultdict(int)
    for row in alarms:
        for family_name in sorted({_sdkgen_family(i) for i in row["sdkgen_breaking"]}):
            by_sdkgen_family[family_name] += 1
    if by_sdkgen_family:
        shown = ", ".join(f"{k} {v}" for k, v in sorted(by_sdkgen_family.items()))
        print(f"false alarms by the family of the rule that fired: {shown}")
    print("\nrecall by family (pairs oasdiff expects breaking, found):")
    for fam, (total, hit) in sorted(by_family.items()):
        print(f"  {fam:22} {hit:3}/{total:<3} {hit / total:.2f}")
    if args.show:
        print("\nmissed:")
        for r in breaking:
            if not r["sdkgen_breaking"]:
                want = {k: v for k, v in r["expected"].items() if v in ("ERR", "WARN+")}
                print(
                    f"  {r['case']}: expected {want}; sdkgen {r['sdkgen_ids']} {r['error'] or ''}"
                )
        print("\nfalse alarms on clean pairs:")
        for r in alarms:
            print(f"  {r['case']}: {r['sdkgen_breaking']}")
        print("\nbreaking where oasdiff expects none:")
        for r in quiet_alarms:
            if not r["clean"]:
                print(f"  {r['case']}: expected {r['expected']}; sdkgen {r['sdkgen_breaking']}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(rows, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
