"""The version a regenerated client gets follows the team's diff policy (severity overrides,
waivers), as release-check judges it, and never depends on the day it is generated."""

from __future__ import annotations

import copy
import datetime
import json
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.config import load_config
from generator.diff_settings import load_diff_settings
from generator.fleet import run_fleet
from generator.pipeline import generate

OVERRIDE = '[tool.sdkgen.diff.severity]\nresponse-body-enum-value-added = "breaking"\n'


def document(statuses: list[str]) -> dict[str, Any]:
    status = {"type": "string", "enum": statuses}
    item = {"type": "object", "properties": {"id": {"type": "string"}, "status": status}}
    ok = {"description": "ok", "content": {"application/json": {"schema": item}}}
    return {
        "openapi": "3.0.1",
        "info": {"title": "items", "version": "1"},
        "paths": {
            "/items/{id}": {
                "get": {
                    "operationId": "getItem",
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                    ],
                    "responses": {"200": ok},
                }
            },
            "/items": {"get": {"operationId": "listItems", "responses": {"200": ok}}},
        },
    }


def write(path: Path, doc: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc))
    return path


def version_of(out: Path) -> str:
    manifest = json.loads((out / "items_client" / "manifest.json").read_text())
    return str(manifest["package"]["version"])


def newest_entry(out: Path) -> str:
    return (out / "CHANGELOG.md").read_text().split("\n## ")[1]


@pytest.mark.parametrize(("policy", "expected"), [("", "1.1.0"), (OVERRIDE, "2.0.0")])
def test_generate_grades_changes_by_the_teams_severity_overrides(
    tmp_path: Path, policy: str, expected: str
) -> None:
    config = tmp_path / "pyproject.toml"
    config.write_text(policy)
    out = tmp_path / "client"
    v1 = write(tmp_path / "v1.json", document(["open", "closed"]))
    args = ["--out", str(out), "--config", str(config)]
    assert main(["generate", str(v1), *args, "--package-version", "1.0.0"]) == 0
    v2 = write(tmp_path / "v2.json", document(["open", "closed", "lost"]))
    assert main(["generate", str(v2), *args]) == 0
    assert version_of(out) == expected
    entry = newest_entry(out)
    heading = "### Breaking changes" if policy else "### Changes that may affect you"
    assert heading in entry and "(response-body-enum-value-added)" in entry


def test_a_waived_breaking_change_calls_for_a_minor_version_and_says_why(
    tmp_path: Path,
) -> None:
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "sdkgen-waivers.toml").write_text(
        "[[waivers]]\n"
        'rule = "operation-removed"\n'
        'operation = "GET /items"\n'
        'reason = "nobody lists items"\n'
        "expires = 2099-12-31\n"
    )
    out = tmp_path / "client"
    config = ["--config", str(tmp_path / "pyproject.toml")]
    v1 = write(tmp_path / "v1.json", document(["open"]))
    main(["generate", str(v1), "--out", str(out), "--package-version", "1.0.0", *config])
    changed = document(["open"])
    del changed["paths"]["/items"]
    assert (
        main(["generate", str(write(tmp_path / "v2.json", changed)), "--out", str(out), *config])
        == 0
    )
    assert version_of(out) == "1.1.0"
    assert (
        "- `GET /items`: operation removed (operation-removed, waived: nobody lists items "
        r"\(waived until 2099-12-31\))"
    ) in newest_entry(out)


def git(cwd: Path, *args: str) -> str:
    command = ["git", "-c", "user.email=a@b", "-c", "user.name=a", *args]
    return subprocess.run(command, cwd=cwd, check=True, capture_output=True, text=True).stdout


def test_the_fleet_bumps_what_release_check_asks_for(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[tool.sdkgen]\n"
        "[tool.sdkgen.apis.items]\n"
        'package = "items-client"\n'
        'stage = "prod"\n'
        'version = "1.0.0"\n' + OVERRIDE
    )
    spec = write(tmp_path / "specs" / "items" / "prod.json", document(["open", "closed"]))
    config = load_config(tmp_path / "pyproject.toml")
    out = tmp_path / "generated_clients" / "items"
    run_fleet(config, wheels=False, echo=lambda _: None, jobs=1)
    assert version_of(out) == "1.0.0"
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "release 1.0.0")
    git(tmp_path, "tag", "v1.0.0")

    write(spec, document(["open", "closed", "lost"]))
    release_check = ["release-check", "--config", str(tmp_path / "pyproject.toml")]
    assert main(release_check) == 1  # a breaking change for this team, still 1.0.0
    lines: list[str] = []
    [result] = run_fleet(config, wheels=False, echo=lines.append, jobs=1)
    assert (result.version, result.bump) == ("2.0.0", "major")
    assert "(1.0.0 -> 2.0.0, major)" in lines[0]
    assert main(release_check) == 0


def test_a_bad_policy_stops_the_fleet_with_one_line(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[tool.sdkgen]\n"
        "[tool.sdkgen.apis.items]\n"
        'package = "items-client"\n'
        'stage = "prod"\n'
        '[tool.sdkgen.diff.severity]\nno-such-rule = "breaking"\n'
    )
    write(tmp_path / "specs" / "items" / "prod.json", document(["open"]))
    config = load_config(tmp_path / "pyproject.toml")
    with pytest.raises(Exception, match="'no-such-rule' is not a rule id"):
        run_fleet(config, wheels=False, echo=lambda _: None, jobs=1)
    assert not (tmp_path / "generated_clients").exists()


# -- the day it runs ---------------------------------------------------------------------------


@contextmanager
def on(day: datetime.date, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Run as if today were ``day`` (``datetime.date.today()`` answers it)."""

    class Day(datetime.date):
        @classmethod
        def today(cls) -> Day:
            return cls(day.year, day.month, day.day)

    with monkeypatch.context() as patch:
        patch.setattr(datetime, "date", Day)
        yield


def test_a_clock_set_by_on_is_what_the_diff_judges_sunsets_by(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from generator.diff import DiffOptions

    with on(datetime.date(2031, 1, 1), monkeypatch):
        assert DiffOptions().today == datetime.date(2031, 1, 1)
    assert DiffOptions().today != datetime.date(2031, 1, 1)


def test_generate_gives_the_same_bytes_whatever_the_day(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[tool.sdkgen.diff]\n"
        "min-sunset-days = { stable = 30 }\n"
        "[[tool.sdkgen.diff.waivers]]\n"
        'rule = "operation-removed"\n'
        'operation = "GET /items"\n'
        'reason = "nobody lists items"\n'
        "expires = 2030-03-01\n"
    )
    settings = load_diff_settings(tmp_path / "pyproject.toml")
    v1 = document(["open"])
    verbose = {"name": "verbose", "in": "query", "schema": {"type": "boolean"}}
    v1["paths"]["/items/{id}"]["get"]["parameters"].append(
        {**verbose, "deprecated": True, "x-sunset": "2030-06-01"}
    )
    v2 = copy.deepcopy(v1)
    del v2["paths"]["/items/{id}"]["get"]["parameters"][1]  # before its sunset, or after
    del v2["paths"]["/items"]  # waived until 2030-03-01
    # deprecated with 14 days of notice on the first day, none on the second
    v2["paths"]["/items/{id}"]["get"].update({"deprecated": True, "x-sunset": "2030-01-15"})
    first = tmp_path / "first"
    generate(write(tmp_path / "v1.json", v1), first, version="1.0.0")
    trees = []
    for day in (datetime.date(2030, 1, 1), datetime.date(2031, 1, 1)):
        out = tmp_path / day.isoformat()
        shutil.copytree(first, out)
        with on(day, monkeypatch):
            generated = generate(write(tmp_path / "v2.json", v2), out, settings=settings)
        assert generated.report is not None
        trees.append({p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()})
    assert trees[0] == trees[1]
    entry = newest_entry(tmp_path / "2031-01-01")
    assert entry.startswith("2.0.0\n")  # the query argument is gone from the method
    assert "request-parameter-removed-after-deprecation" in entry
    assert "operation-deprecated" in entry and "sunset-too-soon" not in entry
    assert r"waived: nobody lists items \(waived until 2030-03-01\)" in entry
