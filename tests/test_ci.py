"""The CI workflow: one file, shipped in the repository and written by `sdkgen init-ci`."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.ci import SESSIONS, missing_sessions, workflow_text
from generator.cli import main

REPO = Path(__file__).resolve().parents[1]
SHIPPED = REPO / ".github" / "workflows" / "sdk.yml"


def _tool(name: str) -> str:
    beside = Path(sys.executable).parent / name  # installed by the test extra
    found = str(beside) if beside.is_file() else shutil.which(name)
    assert found, f"{name} is missing: install sdkgen's test extra"
    return found


def test_the_repository_ships_what_init_ci_writes() -> None:
    assert SHIPPED.read_bytes() == (REPO / "generator" / "ci" / "sdk.yml").read_bytes()
    assert SHIPPED.read_text(encoding="utf-8") == workflow_text()


def test_actionlint_and_shellcheck_find_nothing() -> None:
    result = subprocess.run(
        [_tool("actionlint"), "-shellcheck", _tool("shellcheck"), "-no-color", str(SHIPPED)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_would_catch_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "sdk.yml"
    broken.write_text(
        workflow_text().replace("needs.plan.outputs.matrix", "needs.plan.outputs.matrx")
    )
    result = subprocess.run(
        [_tool("actionlint"), "-no-color", str(broken)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 1 and "matrx" in result.stdout


def test_the_workflow_runs_the_sessions_of_sdkgens_noxfile() -> None:
    assert missing_sessions(REPO / "noxfile.py") == []
    text = workflow_text()
    for session in SESSIONS:
        assert f"nox -s {session}" in text
    assert "nox -s generate -- --check" in text  # the drift gate on pull requests
    assert "nox -s plan -- --json" in text and "fromJSON(needs.plan.outputs.matrix)" in text
    assert 'nox -s generate -- --api "$API"' in text  # one job per planned API


def test_init_ci_writes_the_workflow_and_keeps_a_different_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["init-ci", "--root", str(tmp_path)]) == 0
    written = tmp_path / ".github" / "workflows" / "sdk.yml"
    assert written.read_bytes() == SHIPPED.read_bytes()
    out = capsys.readouterr().out
    assert ".github/workflows/sdk.yml: written" in out
    assert "noxfile.py does not define generate, diff, plan, publish" in out

    assert main(["init-ci", "--root", str(tmp_path)]) == 0
    assert "already up to date" in capsys.readouterr().out

    written.write_text("name: mine\n")
    assert main(["init-ci", "--root", str(tmp_path)]) == 2
    assert "--force" in capsys.readouterr().err
    assert written.read_text() == "name: mine\n"  # the user's file is kept

    shutil.copy(REPO / "noxfile.py", tmp_path / "noxfile.py")
    assert main(["init-ci", "--root", str(tmp_path), "--force"]) == 0
    assert written.read_bytes() == SHIPPED.read_bytes()
    assert "note:" not in capsys.readouterr().out
    assert [p.name for p in written.parent.iterdir()] == ["sdk.yml"]  # no temporary left
