"""Loading a side (file or git revision) and the ``run_diff`` command function."""

from __future__ import annotations

import datetime
import io
import json
import subprocess
from pathlib import Path

import pytest
import yaml

from generator.cli_diff import run_diff
from generator.diff import Side, load_side
from generator.errors import DocumentError, UsageError
from tests.diff_cases.builders import Doc, one, op

S: Doc = {"type": "string"}


def _param_doc(values: list[str], *, deprecated: bool = False) -> Doc:
    param = {"name": "status", "in": "query", "schema": {**S, "enum": values}}
    return one(op(operationId="listItems", parameters=[param], deprecated=deprecated))


def _write(path: Path, doc: Doc) -> Path:
    if path.suffix == ".yaml":
        path.write_text(yaml.safe_dump(doc))
    else:
        path.write_text(json.dumps(doc))
    return path


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        [
            "git",
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            "-c",
            "commit.gpgsign=false",
            *args,
        ],
        cwd=repo,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A throwaway git repository with two commits of ``spec.json``."""
    root = tmp_path / "repo"
    root.mkdir()
    _git(root, "init", "-q")
    _write(root / "spec.json", _param_doc(["a", "b"]))
    _git(root, "add", "spec.json")
    _git(root, "commit", "-q", "-m", "one")
    _write(root / "spec.json", _param_doc(["a"]))
    _git(root, "commit", "-q", "-am", "two")
    return root


def test_load_side_reads_json_and_yaml_files(tmp_path: Path) -> None:
    for name in ("a.json", "a.yaml"):
        side = load_side(str(_write(tmp_path / name, _param_doc(["a"]))), repo=tmp_path)
        assert side.source.endswith(name)
        assert side.document["openapi"].startswith("3.")
        assert [o.python_name for o in side.api.operations] == ["list"]
        assert side.ir is side.api


def test_load_side_reads_a_file_at_a_git_revision(repo: Path) -> None:
    old = load_side("git:HEAD~1:spec.json", repo=repo)
    new = load_side("git:HEAD:spec.json", repo=repo)
    assert old.source == "git:HEAD~1:spec.json"

    def enum(side: Side) -> object:
        return side.document["paths"]["/items"]["get"]["parameters"][0]["schema"]["enum"]

    assert enum(old) == ["a", "b"]
    assert enum(new) == ["a"]


@pytest.mark.parametrize(
    ("ref", "words"),
    [
        ("git:no-such-ref:spec.json", "no-such-ref"),
        ("git:HEAD:missing.json", "missing.json"),
        ("git:HEAD", "git:REF:PATH"),
        ("git::spec.json", "git:REF:PATH"),
    ],
)
def test_a_missing_git_revision_or_path_is_a_one_line_usage_error(
    repo: Path, ref: str, words: str
) -> None:
    with pytest.raises(UsageError) as caught:
        load_side(ref, repo=repo)
    message = str(caught.value)
    assert words in message
    assert "\n" not in message


def test_git_outside_a_repository_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        load_side("git:HEAD:spec.json", repo=tmp_path / "nowhere")


def test_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file"):
        load_side(str(tmp_path / "missing.json"), repo=tmp_path)


def test_an_unreadable_document_is_a_document_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(DocumentError):
        load_side(str(bad), repo=tmp_path)
    unsupported = _write(tmp_path / "v1.json", {"swagger": "1.2", "paths": {}})
    with pytest.raises(DocumentError):
        load_side(str(unsupported), repo=tmp_path)


def test_run_diff_writes_the_report_and_returns_zero(repo: Path) -> None:
    out = io.StringIO()
    code = run_diff(
        "git:HEAD~1:spec.json", "git:HEAD:spec.json", fmt="json", fail_on=None, repo=repo, out=out
    )
    assert code == 0
    payload = json.loads(out.getvalue())
    assert payload["bump"] == "major"
    assert [c["id"] for c in payload["changes"]] == ["request-parameter-enum-value-removed"]


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_run_diff_formats(repo: Path, fmt: str) -> None:
    out = io.StringIO()
    run_diff(
        "git:HEAD~1:spec.json", str(repo / "spec.json"), fmt=fmt, fail_on=None, repo=repo, out=out
    )
    assert "request-parameter-enum-value-removed" in out.getvalue()


def test_run_diff_fail_on(tmp_path: Path) -> None:
    base = str(_write(tmp_path / "base.json", _param_doc(["a", "b"])))
    breaking = str(_write(tmp_path / "breaking.json", _param_doc(["a"])))
    warning = str(_write(tmp_path / "warning.json", _param_doc(["a", "b"], deprecated=True)))
    info = str(_write(tmp_path / "info.json", _param_doc(["a", "b", "c"])))

    def run(revision: str, fail_on: str | None) -> int:
        return run_diff(
            base, revision, fmt="text", fail_on=fail_on, repo=tmp_path, out=io.StringIO()
        )

    assert run(breaking, "breaking") == 1
    assert run(breaking, "warning") == 1
    assert run(warning, "breaking") == 0
    assert run(warning, "warning") == 1
    assert run(info, "warning") == 0
    assert run(breaking, None) == 0


def test_run_diff_rejects_unknown_options(tmp_path: Path) -> None:
    spec = str(_write(tmp_path / "a.json", _param_doc(["a"])))
    with pytest.raises(UsageError, match="format"):
        run_diff(spec, spec, fmt="html", fail_on=None, repo=tmp_path, out=io.StringIO())
    with pytest.raises(UsageError, match="fail-on"):
        run_diff(spec, spec, fmt="text", fail_on="info", repo=tmp_path, out=io.StringIO())
    bad_config = tmp_path / "bad.toml"
    bad_config.write_text('[tool.sdkgen.diff]\nfail-on = "sometimes"\n')
    with pytest.raises(UsageError, match="'fail-on' must be one of"):
        run_diff(
            spec,
            spec,
            fmt="text",
            fail_on=None,
            repo=tmp_path,
            out=io.StringIO(),
            config_path=bad_config,
        )


def test_run_diff_applies_the_waivers_and_overrides_of_the_config(tmp_path: Path) -> None:
    base = str(_write(tmp_path / "base.json", _param_doc(["a", "b"])))
    revision = str(_write(tmp_path / "revision.json", _param_doc(["a"])))
    config = tmp_path / "pyproject.toml"
    config.write_text(
        "[[tool.sdkgen.diff.waivers]]\n"
        'rule = "request-parameter-enum-value-removed"\noperation = "GET /items"\n'
        'reason = "b was never used"\nexpires = 2026-03-01\n'
    )
    out, err = io.StringIO(), io.StringIO()
    code = run_diff(
        base,
        revision,
        fmt="json",
        fail_on="breaking",
        repo=tmp_path,
        out=out,
        config_path=config,
        today=datetime.date(2026, 2, 1),
        err=err,
    )
    assert code == 0 and err.getvalue() == ""
    [change] = json.loads(out.getvalue())["changes"]
    assert change["waived"] is True and "b was never used" in change["waiver"]
    # a month later the waiver has expired: it waives nothing and fails the gate
    code = run_diff(
        base,
        revision,
        fmt="text",
        fail_on="breaking",
        repo=tmp_path,
        out=io.StringIO(),
        config_path=config,
        today=datetime.date(2026, 3, 2),
        err=err,
    )
    assert code == 1
    lines = err.getvalue().splitlines()
    assert lines[0].startswith(
        "sdkgen diff: waiver of request-parameter-enum-value-removed at GET /items"
    )
    assert "expired on 2026-03-01" in lines[0]
    assert lines[1] == "sdkgen diff: 1 breaking change(s) that no waiver covers"


def test_run_diff_severity_override_fails_the_gate(tmp_path: Path) -> None:
    base = str(_write(tmp_path / "base.json", _param_doc(["a", "b"])))
    wider = str(_write(tmp_path / "wider.json", _param_doc(["a", "b", "c"])))
    config = tmp_path / "team.toml"
    config.write_text(
        '[tool.sdkgen.diff.severity]\nrequest-parameter-enum-value-added = "breaking"\n'
    )
    assert (
        run_diff(base, wider, fmt="text", fail_on="breaking", repo=tmp_path, out=io.StringIO()) == 0
    )
    assert (
        run_diff(
            base,
            wider,
            fmt="text",
            fail_on="breaking",
            repo=tmp_path,
            out=io.StringIO(),
            config_path=config,
            err=io.StringIO(),
        )
        == 1
    )


def test_the_diff_command_writes_github_annotations_and_junit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from generator.cli import main

    base = str(_write(tmp_path / "base.json", _param_doc(["a", "b"])))
    revision = str(_write(tmp_path / "revision.json", _param_doc(["a"])))
    missing = str(tmp_path / "none.toml")
    assert main(["diff", base, revision, "--format", "github", "--config", missing]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        f"::error file={revision},title=breaking%3A request-parameter-enum-value-removed::"
    )
    assert (
        main(
            [
                "diff",
                base,
                revision,
                "--format",
                "junit",
                "--fail-on",
                "breaking",
                "--config",
                missing,
            ]
        )
        == 1
    )
    assert 'failures="1"' in capsys.readouterr().out
    assert main(["diff", base, revision, "--fail-on", "never", "--config", missing]) == 0
    assert main(["diff", base, revision, "--today", "someday", "--config", missing]) == 2
    assert "not a date" in capsys.readouterr().err
