"""release-check under a team's policy: waivers, expired waivers, fail-on
(generator/release.py through the command line)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main
from tests.test_versioning import document, git, write

PYPROJECT = '[tool.sdkgen]\n[tool.sdkgen.apis.items]\npackage = "items-client"\nstage = "prod"\n'


@pytest.fixture
def released(tmp_path: Path) -> Path:
    """A fleet of one API released as 1.0.0 (tag v1.0.0), then its document loses an operation."""
    (tmp_path / "specs" / "items").mkdir(parents=True)
    (tmp_path / "pyproject.toml").write_text(PYPROJECT)
    spec = write(tmp_path / "specs" / "items" / "prod.json", document())
    out = tmp_path / "generated_clients" / "items"
    main(
        [
            "generate",
            str(spec),
            "--out",
            str(out),
            "--name",
            "items-client",
            "--package-version",
            "1.0.0",
        ]
    )
    git(tmp_path, "init", "-q")
    git(tmp_path, "-c", "user.email=a@b", "-c", "user.name=a", "add", "-A")
    git(tmp_path, "-c", "user.email=a@b", "-c", "user.name=a", "commit", "-qm", "release 1.0.0")
    git(tmp_path, "tag", "v1.0.0")
    changed = document()
    del changed["paths"]["/items/{id}"]
    write(spec, changed)
    return tmp_path


def _check(root: Path, *extra: str) -> int:
    return main(["release-check", "--config", str(root / "pyproject.toml"), *extra])


def test_a_waiver_lets_a_breaking_change_through_until_it_expires(
    released: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _check(released, "--today", "2026-01-15") == 1
    (released / "sdkgen-waivers.toml").write_text(
        '[[waivers]]\nrule = "operation-removed"\noperation = "GET /items/*"\n'
        'reason = "replaced by GET /items?id="\nexpires = 2026-02-01\n'
        '[[waivers]]\nrule = "client-*"\noperation = "GET /items/*"\n'
        'reason = "same"\nexpires = 2026-02-01\n'
    )
    capsys.readouterr()
    assert _check(released, "--today", "2026-01-15") == 0
    out = capsys.readouterr().out
    assert "(waived: replaced by GET /items?id= (waived until 2026-02-01))" in out
    assert _check(released, "--today", "2026-02-02") == 1
    out = capsys.readouterr().out
    assert (
        "[items] FAILED: waiver of operation-removed at GET /items/* (sdkgen-waivers.toml waivers[0]) expired on 2026-02-01"
        in out
    )


def test_fail_on_never_in_the_config_turns_the_gate_off(released: Path) -> None:
    with (released / "pyproject.toml").open("a") as config:
        config.write('[tool.sdkgen.diff]\nfail-on = "never"\n')
    assert _check(released) == 0
