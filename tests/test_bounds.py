"""Bounded parsing: bombs, deep nesting and oversize documents are refused, fast and cheaply.

Every refusal is a DocumentError with a located diagnostic; none takes more than a moment,
and (checked in a child process with a capped address space) none needs much memory.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from generator.cli import main
from generator.errors import DocumentError, UsageError
from generator.spec.load import DEFAULT_MAX_DEPTH, Limits, load_file, nesting_depth, parse_document

BILLION_LAUGHS = textwrap.dedent(
    """\
    openapi: 3.0.3
    info: {title: lol, version: "1"}
    a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
    b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
    c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
    d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
    e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
    f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
    g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
    h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
    i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
    paths: {}
    """
).encode()

MINIMAL = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}}


def _codes(exc: pytest.ExceptionInfo[DocumentError]) -> set[str]:
    return {d.code for d in exc.value.diagnostics}


def _deep_json(depth: int) -> bytes:
    return ('{"openapi": "3.0.3", "x": ' + "[" * depth + "]" * depth + "}").encode()


def test_billion_laughs_is_refused_quickly() -> None:
    started = time.monotonic()
    with pytest.raises(DocumentError, match="aliases are expanded") as exc:
        parse_document(BILLION_LAUGHS, "lol.yaml")
    assert _codes(exc) == {"yaml-alias-expansion"}
    assert time.monotonic() - started < 2


def test_billion_laughs_is_refused_with_little_memory(tmp_path: Path) -> None:
    """In a child process limited to 512 MB of address space: refused, not killed."""
    bomb = tmp_path / "lol.yaml"
    bomb.write_bytes(BILLION_LAUGHS)
    script = textwrap.dedent(
        f"""
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (512 * 2**20, 512 * 2**20))
        from pathlib import Path
        from generator.errors import DocumentError
        from generator.spec.load import load_file
        try:
            load_file(Path({str(bomb)!r}))
        except DocumentError as exc:
            print("refused:", exc.diagnostics[0].code)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "refused: yaml-alias-expansion"


def test_too_many_aliases_are_refused() -> None:
    text = "openapi: 3.0.3\nv: &v 1\nl: [" + ", ".join(["*v"] * 50) + "]\n"
    with pytest.raises(DocumentError, match="more than 10 YAML aliases") as exc:
        parse_document(text.encode(), "x.yaml", limits=Limits(max_aliases=10))
    assert _codes(exc) == {"yaml-too-many-aliases"}
    # the same document is fine within the default limits
    assert parse_document(text.encode(), "x.yaml").data["l"] == [1] * 50


def test_a_recursive_alias_is_refused() -> None:
    with pytest.raises(DocumentError, match="refers to a node that contains it") as exc:
        parse_document(b"openapi: 3.0.3\na: &a [1, *a]\n", "x.yaml")
    assert _codes(exc) == {"yaml-recursive-alias"}


@pytest.mark.parametrize("depth", [DEFAULT_MAX_DEPTH + 1, 5_000, 200_000])
def test_deep_json_is_refused(depth: int) -> None:
    started = time.monotonic()
    with pytest.raises(DocumentError, match="nesting is deeper than the limit") as exc:
        parse_document(_deep_json(depth), "deep.json")
    assert _codes(exc) == {"document-too-deep"}
    assert time.monotonic() - started < 5


@pytest.mark.parametrize(
    "text",
    [
        "openapi: 3.0.3\nx: " + "[" * 100_000 + "]" * 100_000 + "\n",
        "openapi: 3.0.3\nx: " + "{a: " * 20_000 + "1" + "}" * 20_000 + "\n",
        "openapi: 3.0.3\nx:\n" + "".join(" " * i + "- \n" for i in range(1, 400)),
    ],
    ids=["flow-sequences", "flow-mappings", "block-sequences"],
)
def test_deep_yaml_is_refused_before_recursing(text: str) -> None:
    started = time.monotonic()
    with pytest.raises(DocumentError, match="nesting is deeper than the limit") as exc:
        parse_document(text.encode(), "deep.yaml")
    assert _codes(exc) == {"document-too-deep"}
    assert time.monotonic() - started < 5


def test_nesting_within_the_limit_is_read() -> None:
    depth = DEFAULT_MAX_DEPTH - 2
    doc = parse_document(_deep_json(depth), "ok.json")
    assert nesting_depth(doc.data, 10_000) == depth + 1
    yaml_text = "openapi: 3.0.3\nx: " + "[" * depth + "]" * depth + "\n"
    assert nesting_depth(parse_document(yaml_text.encode(), "ok.yaml").data, 10_000) == depth + 1


def test_depth_limit_is_configurable(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(DocumentError, match="limit of 5 levels"):
        parse_document(_deep_json(6), "x.json", limits=Limits(max_depth=5))
    monkeypatch.setenv("SDKGEN_MAX_NESTING_DEPTH", "5")
    with pytest.raises(DocumentError, match="limit of 5 levels"):
        parse_document(_deep_json(6), "x.json")
    monkeypatch.setenv("SDKGEN_MAX_NESTING_DEPTH", "five")
    with pytest.raises(UsageError, match="SDKGEN_MAX_NESTING_DEPTH"):
        parse_document(_deep_json(6), "x.json")


def test_oversize_documents_are_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = tmp_path / "big.json"
    spec.write_text(json.dumps({**MINIMAL, "pad": "x" * 5000}))
    with pytest.raises(DocumentError, match="more than the limit of 1,000") as exc:
        load_file(spec, limits=Limits(max_bytes=1000))
    assert _codes(exc) == {"document-too-large"}
    monkeypatch.setenv("SDKGEN_MAX_DOCUMENT_BYTES", "1000")
    with pytest.raises(DocumentError, match="more than the limit"):
        load_file(spec)
    monkeypatch.delenv("SDKGEN_MAX_DOCUMENT_BYTES")
    assert load_file(spec).data["pad"] == "x" * 5000


def test_lone_surrogates_are_replaced() -> None:
    doc = parse_document(b'{"openapi": "3.0.3", "info": {"title": "a\\ud800b"}}', "x.json")
    assert doc.data["info"]["title"] == "a\ufffdb"
    with pytest.raises(DocumentError, match="invalid Unicode character escape") as exc:
        parse_document(b'openapi: 3.0.3\ninfo: {title: "a\\ud800b"}\n', "x.yaml")
    assert _codes(exc) == {"invalid-yaml"}


def test_yaml_keeps_its_safe_reading() -> None:
    text = b"openapi: 3.0.3\ninfo: {version: 2021-03-31}\npaths:\n  /a:\n    get:\n      responses:\n        200: {description: ok}\n"
    doc = parse_document(text, "x.yaml")
    assert doc.data["info"]["version"] == "2021-03-31"
    assert list(doc.data["paths"]["/a"]["get"]["responses"]) == ["200"]
    with pytest.raises(DocumentError, match="invalid YAML"):
        parse_document(b"a: !!python/object/apply:os.system ['echo hi']\n", "x.yaml")


@pytest.mark.parametrize("command", ["generate", "validate"])
def test_the_cli_refuses_a_bomb_without_a_traceback(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "lol.yaml"
    spec.write_bytes(BILLION_LAUGHS)
    argv = [command, str(spec)] + (
        ["--out", str(tmp_path / "out")] if command == "generate" else []
    )
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "aliases are expanded" in err and "yaml-alias-expansion" in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_deeply_nested_schemas_within_the_limit_generate(tmp_path: Path) -> None:
    """Nesting the limit allows is nesting the whole pipeline (and the model generator) survives."""
    schema: dict[str, object] = {"type": "string"}
    for level in range((DEFAULT_MAX_DEPTH - 12) // 2):
        schema = {"type": "object", "properties": {f"p{level}": schema}}
    doc = {
        **MINIMAL,
        "paths": {
            "/a": {
                "get": {
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": schema}},
                        }
                    }
                }
            }
        },
    }
    spec = tmp_path / "deep.json"
    spec.write_text(json.dumps(doc))
    assert nesting_depth(doc, 10_000) <= DEFAULT_MAX_DEPTH
    assert main(["generate", str(spec), "--out", str(tmp_path / "out"), "--name", "deep"]) == 0
