"""Every real API Gateway export of the corpus generates a client that imports and type-checks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.errors import DocumentError
from generator.pipeline import generate

SUFFIXES = (".json", ".yaml", ".yml")


def corpus_files(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.iterdir() if p.suffix in SUFFIXES)


@pytest.fixture(scope="module")
def generated(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Generate all corpus documents once; map file name -> project dir (absent when rejected)."""
    out_root = tmp_path_factory.mktemp("corpus")
    projects: dict[str, Path] = {}
    for index, spec in enumerate(corpus_files(corpus_dir)):
        out = out_root / f"p{index:02d}"
        try:
            generate(spec, out, name=f"corpus{index:02d}-client")
        except DocumentError as exc:
            assert exc.diagnostics, f"{spec.name}: rejected without located errors: {exc}"
            continue
        projects[spec.name] = out
    return projects


def test_corpus_has_42_documents(corpus_dir: Path) -> None:
    assert len(corpus_files(corpus_dir)) == 42


def test_every_document_generates(generated: dict[str, Path], corpus_dir: Path) -> None:
    # All 42 exports are handled; none of them needs rejecting after normalization.
    assert sorted(generated) == [p.name for p in corpus_files(corpus_dir)]


def test_manifest_covers_every_operation(generated: dict[str, Path], corpus_dir: Path) -> None:
    from generator.spec.load import load_file

    methods = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
    for name, project in generated.items():
        doc = load_file(corpus_dir / name).data
        expected = sorted(
            ("ANY" if key == "x-amazon-apigateway-any-method" else key.upper(), path)
            for path, item in doc["paths"].items()
            if isinstance(item, dict)
            for key in item
            if key in methods or key == "x-amazon-apigateway-any-method"
        )
        manifest = json.loads(next(project.glob("*/manifest.json")).read_text())
        found = sorted((op["method"], op["path"]) for op in manifest["operations"])
        assert found == expected, name


def test_every_client_imports_in_a_fresh_interpreter(generated: dict[str, Path]) -> None:
    script = (
        "import importlib, json, sys\n"
        "names = json.loads(sys.argv[1])\n"
        "for n in names:\n"
        "    m = importlib.import_module(n)\n"
        "    c = m.Client(base_url='http://127.0.0.1:9')\n"
        "    for r in {op['resource'] for op in json.load(open(m.__path__[0] + '/manifest.json'))['operations']}:\n"
        "        getattr(c, r)\n"
        "    c.close()\n"
        "print('ok', len(names))\n"
    )
    names = [
        json.loads(next(p.glob("*/manifest.json")).read_text())["package"]["import"]
        for p in generated.values()
    ]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(str(p) for p in generated.values())}
    result = subprocess.run(
        [sys.executable, "-c", script, json.dumps(names)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"ok {len(names)}"


def test_every_client_passes_mypy_strict(generated: dict[str, Path], tmp_path: Path) -> None:
    packages = [str(next(project.glob("*/manifest.json")).parent) for project in generated.values()]
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--cache-dir",
            str(tmp_path),
            *packages,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-5000:]
    assert "Success: no issues found" in result.stdout


def test_every_client_is_ruff_clean(generated: dict[str, Path]) -> None:
    for project in generated.values():
        for args in (["check"], ["format", "--check"]):
            result = subprocess.run(
                [sys.executable, "-m", "ruff", *args, "--no-cache", "."],
                cwd=project,
                capture_output=True,
                text=True,
                check=False,
            )
            assert result.returncode == 0, f"{project}: {result.stdout}{result.stderr}"
