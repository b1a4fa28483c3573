"""Documents that are not usable OpenAPI, as ``sdkgen generate`` answers them: exit code 1,
one ``error:`` line (with the JSON pointer of each located problem below it), no traceback,
nothing written. And the documents sdkgen accepts where openapi-python-client refuses them:
an ``info`` without ``title`` or ``version`` (the package is named by ``--name``, versioned by
sdkgen), Swagger 2.0 (converted to OpenAPI 3).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.inline import Outcome, run_generate

OPERATION = """
paths:
  /things:
    get:
      operationId: listThings
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: array, items: {type: string}}
"""


def generate_text(tmp_path: Path, text: str, suffix: str) -> Outcome:
    spec = tmp_path / f"openapi{suffix}"
    spec.write_text(text, encoding="utf-8")
    return run_generate(spec, tmp_path / "out")


def refused(outcome: Outcome) -> list[str]:
    """The lines of a refusal (which wrote nothing)."""
    assert outcome.exit_code == 1
    assert "Traceback" not in outcome.stderr
    assert not outcome.written
    assert outcome.stdout == ""
    lines = outcome.stderr.splitlines()
    assert lines[0].startswith("error: "), lines
    assert all(line.startswith("  error: ") for line in lines[1:]), lines
    return lines


@pytest.mark.parametrize(
    ("suffix", "text", "message"),
    [
        (".yaml", "not a valid openapi document", "expected a mapping at the top level, found str"),
        (".json", "Invalid JSON", "expected a mapping at the top level, found str"),
        (".json", '{"openapi": "3.1.0",', "invalid JSON at line 1, column 21"),
        (".yaml", "openapi: [3.1.0\n", "invalid YAML"),
    ],
    ids=["not-openapi", "not-json", "broken-json", "broken-yaml"],
)
def test_unreadable_file(tmp_path: Path, suffix: str, text: str, message: str) -> None:
    (line,) = refused(generate_text(tmp_path, text, suffix))
    assert message in line


def test_no_openapi_version(tmp_path: Path) -> None:
    text = 'info: {title: My API, version: "1.0"}\n' + OPERATION
    first, located = refused(generate_text(tmp_path, text, ".yaml"))
    assert "no 'openapi' or 'swagger' key" in first
    assert located == "  error: /: no 'openapi' or 'swagger' version key [not-openapi]"


def test_unsupported_openapi_version(tmp_path: Path) -> None:
    text = 'openapi: "4.0.0"\ninfo: {title: My API, version: "1.0"}\n' + OPERATION
    first, located = refused(generate_text(tmp_path, text, ".yaml"))
    assert "unsupported OpenAPI version '4.0.0'" in first
    assert located.startswith("  error: /openapi: ")


def test_no_paths(tmp_path: Path) -> None:
    text = 'openapi: "3.1.0"\ninfo: {title: My API, version: "1.0"}\n'
    first, located = refused(generate_text(tmp_path, text, ".yaml"))
    assert "the document has no operations to generate a client for" in first
    assert located == "  error: /paths: no operations under 'paths' [no-operations]"


@pytest.mark.parametrize(
    "info", ['{version: "1.0"}', "{title: My API}"], ids=["no-title", "no-version"]
)
def test_info_without_title_or_version_is_accepted(tmp_path: Path, info: str) -> None:
    outcome = generate_text(tmp_path, f'openapi: "3.1.0"\ninfo: {info}\n' + OPERATION, ".yaml")
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.manifest["package"] == {
        "name": "functional",
        "import": "functional",
        "version": "0.1.0",
    }
    operations = outcome.manifest["operations"]
    assert [(o["resource"], o["python_name"]) for o in operations] == [("things", "list")]


def test_swagger_2_is_converted(tmp_path: Path) -> None:
    text = """
swagger: "2.0"
info: {title: My API, version: "1.0"}
paths:
  /things:
    get:
      operationId: listThings
      produces: [application/json]
      responses:
        "200":
          description: ok
          schema: {type: array, items: {type: string}}
"""
    outcome = generate_text(tmp_path, text, ".yaml")
    assert outcome.exit_code == 0, outcome.stderr
    (operation,) = outcome.manifest["operations"]
    assert (operation["resource"], operation["python_name"], operation["returns"]) == (
        "things",
        "list",
        "list[str]",
    )


def test_swagger_and_openapi_keys_together(tmp_path: Path) -> None:
    """Read as Swagger 2.0 (its ``swagger`` key); the ``openapi`` key is dropped, reported."""
    text = 'swagger: "2.0"\nopenapi: "3.1"\ninfo: {title: My API, version: "1.0"}\n' + OPERATION
    outcome = generate_text(tmp_path, text, ".yaml")
    assert outcome.exit_code == 0, outcome.stderr
    assert "1 operation(s)" in outcome.stdout
    assert "2 repair(s)" in outcome.stdout
