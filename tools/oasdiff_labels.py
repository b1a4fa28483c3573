"""Derive expected results for the diff corpus from oasdiff's checker tests (a dev tool).

Not part of sdkgen and not used by its test suite: it reads an oasdiff checkout (``--oasdiff``,
a git directory or work tree at the commit the corpus was copied from) and the corpus folder,
and writes ``build/oasdiff-labels.json``. Each corpus case is matched to oasdiff's ``data/``
files by git blob hash; every checker test function that loads those two files, in that order
(base first), and does not edit the loaded documents in code, contributes what it asserts:

- ``expected``: rule ids the test requires (``requireSingleChange``, ``require.Contains``,
  ``ids[...]`` checks, ``Id:`` fields of expected changes, ``ElementsMatch`` lists), each with
  its level (the ``Level:`` the test states, else the rule's level in ``rules.go``);
- ``absent``: rule ids the test requires not to be reported;
- ``empty``: the test requires no change at all (under the checks it ran: ``single`` when it ran
  one check, ``all`` when it ran every check).

The labels are a measuring stick for ``tools/diff_measure.py``; they are derived, never copied
into sdkgen's rules.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path

HELPER_DIRS = {
    "deprecationFile": "deprecation",
    "paramDeprecationFile": "param-deprecation",
    "requiredPropertyFile": "required-properties",
    "stabilityFile": "stability",
    "stabilityChanges": "stability",
}
_FUNC = re.compile(r"\n(?=func )")
_ID_CONST = re.compile(r"^\s*(\w+Id)\s*=\s*\"([^\"]+)\"", re.M)
_RULE = re.compile(r"newBackwardCompatibilityRule\((\w+),\s*(ERR|WARN|INFO)")
_LEVEL = re.compile(r"Level:\s*checker\.(ERR|WARN|INFO)")
_REF = re.compile(r"checker\.(\w+Id)\b")
_NEGATIVE = (
    "NotContains",
    "requireNoChange",
    "require.False",
    "NotEqual",
    "assert.False",
    "Nil(t, findChange",
)


def git_show(repo: Path, commit: str, path: str) -> str:
    return subprocess.run(
        ["git", "--git-dir", str(repo), "show", f"{commit}:{path}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def list_tree(repo: Path, commit: str, folder: str) -> list[tuple[str, str]]:
    out = subprocess.run(
        ["git", "--git-dir", str(repo), "ls-tree", "-r", commit, folder],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rows = []
    for line in out.splitlines():
        meta, path = line.split("\t", 1)
        rows.append((meta.split()[2], path))
    return rows


def blob_hash(path: Path) -> str:
    return subprocess.run(
        ["git", "hash-object", str(path)], capture_output=True, text=True, check=True
    ).stdout.strip()


def resolve(call: str, text: str) -> str | None:
    """The data path a string argument of ``call`` names."""
    if text.startswith("../data/"):
        return os.path.normpath(os.path.join("checker", text))
    if call in HELPER_DIRS and re.search(r"\.(ya?ml|json)$", text):
        return f"data/{HELPER_DIRS[call]}/{text}"
    return None


_ASSIGN = re.compile(
    r"(?P<var>\w+)(?:, err)? :?= (?:(?:open|loader\.LoadFromFile"
    r"|load\.NewSpecInfo\(loader, load\.NewSource)\((?P<helper>\w+)?\(?\"(?P<path>[^\"]+)\"\)?"
    r"|l\(t, (?P<num>\d+))"
)
_DIFF = re.compile(
    r"diff\.Get\w*\(\s*[^,]+,\s*(?:&load\.SpecInfo\{Spec: )?(?P<x>\w+)\}?,"
    r"\s*(?:&load\.SpecInfo\{Spec: )?(?P<y>\w+)\}?,?\s*\)"
    r"|\bd\(t,\s*[^,]+,\s*(?P<a>\d+),\s*(?P<b>\d+)"
    r"|\b(?P<fn>\w+)\(t,\s*\"(?P<p>[^\"]+)\",\s*\"(?P<q>[^\"]+)\""
)


def diff_points(body: str) -> list[tuple[int, str, str, set[str]]]:
    """(position, base path, revision path, variables) of every comparison a test makes."""
    assignments: list[tuple[int, str, str]] = []
    for m in _ASSIGN.finditer(body):
        if m.group("num"):
            assignments.append(
                (m.start(), m.group("var"), f"data/openapi-test{m.group('num')}.yaml")
            )
        else:
            path = resolve(m.group("helper") or "open", m.group("path"))
            if path is not None:
                assignments.append((m.start(), m.group("var"), path))
    points: list[tuple[int, str, str, set[str]]] = []
    for m in _DIFF.finditer(body):
        variables = {var: path for pos, var, path in assignments if pos < m.start()}
        if m.group("x"):
            x, y = m.group("x"), m.group("y")
            if x in variables and y in variables:
                points.append((m.start(), variables[x], variables[y], {x, y}))
        elif m.group("a"):
            points.append(
                (
                    m.start(),
                    f"data/openapi-test{m.group('a')}.yaml",
                    f"data/openapi-test{m.group('b')}.yaml",
                    set(),
                )
            )
        else:
            p, q = resolve(m.group("fn"), m.group("p")), resolve(m.group("fn"), m.group("q"))
            if p is not None and q is not None:
                points.append((m.start(), p, q, set()))
    return points


def edits_documents(body: str, variables: set[str]) -> bool:
    for var in variables:
        if re.search(rf"\b{var}\.Spec\.[^\n]*[^=!<>:]=[^=]", body):
            return True
        if re.search(rf"set\w+\(t, {var}\b", body):
            return True
    return False


def expectations(body: str, const_ids: dict[str, str], levels: dict[str, str]) -> dict[str, object]:
    known = set(levels)
    expected: dict[str, str] = {}
    absent: set[str] = set()
    explicit = [m.group(1) for m in _LEVEL.finditer(body)]
    explicit += re.findall(
        r"Equal\(t, checker\.(ERR|WARN|INFO), \w+(?:\[\d+\])?\.GetLevel\(\)", body
    )
    for line in body.splitlines():
        if line.strip().startswith("//"):
            continue
        refs = [const_ids[name] for name in _REF.findall(line) if name in const_ids]
        refs += [text for text in re.findall(r'"([a-z0-9-]+)"', line) if text in known]
        negative = any(marker in line for marker in _NEGATIVE)
        for rule_id in refs:
            if negative:
                absent.add(rule_id)
            else:
                expected.setdefault(rule_id, levels.get(rule_id, "INFO"))
    if explicit and len(expected) == 1:
        (only,) = expected
        expected[only] = max(explicit, key=("INFO", "WARN", "ERR").index)
    single = "singleCheckConfig" in body or "WithSingleCheck" in body
    breaking_only = bool(re.search(r"CheckBackwardCompatibility\(", body))
    counts = [int(n) for n in re.findall(r"require\.Len\(t, (?:errs|changes|ids), (\d+)\)", body)]
    counts += [int(n) for n in re.findall(r"Equal\(t, (\d+), len\((?:errs|changes|ids)\)\)", body)]
    nonempty = "NotEmpty(t, errs" in body or any(n > 0 for n in counts)
    empty = bool(
        re.search(r"require\.(Empty|Nil)\(t, (errs|changes|ids|result)\)", body)
        or (counts and counts[0] == 0)
    )
    if not expected and nonempty:
        level = max(explicit, key=("INFO", "WARN", "ERR").index) if explicit else None
        expected["*"] = level or ("WARN+" if breaking_only else "ANY")
    return {
        "expected": expected,
        "absent": sorted(absent - set(expected)),
        "empty": empty and not expected,
        "checks": "single" if single else "all",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--oasdiff", type=Path, required=True, help="oasdiff git directory")
    parser.add_argument("--commit", default="4553c69d3869ee555ee4f00831d8cca6e1c208ff")
    parser.add_argument("--cases", type=Path, default=Path("tests/corpus/diff/cases"))
    parser.add_argument("--out", type=Path, default=Path("build/oasdiff-labels.json"))
    args = parser.parse_args(argv)
    repo = args.oasdiff
    if (repo / ".git").is_dir():
        repo = repo / ".git"
    by_blob: dict[str, list[str]] = {}
    for blob, path in list_tree(repo, args.commit, "data"):
        by_blob.setdefault(blob, []).append(path)
    sources = list_tree(repo, args.commit, "checker")
    const_ids: dict[str, str] = {}
    levels_by_name: dict[str, str] = {}
    tests: list[tuple[str, str, str]] = []
    for _, path in sources:
        if not path.endswith(".go") or "/" in path[len("checker/") :]:
            continue
        text = git_show(repo, args.commit, path)
        if path.endswith("_test.go"):
            for chunk in _FUNC.split(text):
                m = re.match(r"func (\w+)\(t \*testing\.T\)", chunk)
                if m:
                    tests.append((path, m.group(1), chunk))
        else:
            const_ids.update(dict(_ID_CONST.findall(text)))
            levels_by_name.update(dict(_RULE.findall(text)))
    levels = {const_ids[name]: level for name, level in levels_by_name.items() if name in const_ids}
    indexed = [(path, name, body, diff_points(body)) for path, name, body in tests]
    labels: dict[str, object] = {}
    for case in sorted(p for p in args.cases.iterdir() if p.is_dir()):
        files = {f.stem: f for f in case.iterdir()}
        base_paths = by_blob.get(blob_hash(files["base"]), [])
        revision_paths = by_blob.get(blob_hash(files["revision"]), [])
        found = []
        for path, name, body, points in indexed:
            for index, (start, a, b, variables) in enumerate(points):
                if a not in base_paths or b not in revision_paths:
                    continue
                if edits_documents(body, variables):
                    continue
                end = points[index + 1][0] if index + 1 < len(points) else len(body)
                region = body[start:end]
                found.append({"test": f"{path}::{name}", **expectations(region, const_ids, levels)})
        labels[case.name] = {
            "base": base_paths,
            "revision": revision_paths,
            "tests": found,
        }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps({"commit": args.commit, "levels": levels, "cases": labels}, indent=1) + "\n"
    )
    covered = sum(1 for c in labels.values() if c["tests"])  # type: ignore[index]
    print(f"{args.out}: {len(labels)} cases, {covered} with at least one test", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
