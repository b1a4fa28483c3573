"""Credentials in a document's server URLs are never copied into the generated client.

Rule: any user info and any query string (and fragment) is dropped from a server URL before it
becomes the default base URL; generation warns at the URL's pointer and lists it in ``omitted``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.url_credentials import strip_credentials

SECRETS = ("s3cret-pass", "KEY123", "SIGVALUE", "TOKEN9", "ops-user", "frag-secret")


def _document(servers: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "creds", "version": "1"},
        "servers": servers,
        "paths": {
            "/items": {
                "get": {
                    "operationId": "listItems",
                    "responses": {"200": {"description": "ok"}},
                }
            }
        },
    }


SERVERS = [
    {"url": "https://ops-user:s3cret-pass@api.example.com/v1?api_key=KEY123&sig=SIGVALUE"},
    {
        "url": "https://{host}/{basePath}",
        "variables": {
            "host": {"default": "TOKEN9@backup.example.com"},
            "basePath": {"default": "/prod"},
        },
    },
    {"url": "https://third.example.com/v2?#frag-secret"},
]


@pytest.mark.parametrize(
    ("url", "clean", "dropped"),
    [
        ("https://api.example.com/v1", "https://api.example.com/v1", []),
        (
            "https://u:p@h.com/v1?token=x#f",
            "https://h.com/v1",
            ["user info", "query string", "fragment"],
        ),
        ("https://h.com/{basePath}?", "https://h.com/{basePath}", ["query string"]),
        ("https://key@h.com", "https://h.com", ["user info"]),
    ],
)
def test_the_rule(url: str, clean: str, dropped: list[str]) -> None:
    assert strip_credentials(url) == (clean, dropped)


def test_no_credential_reaches_the_client_readme_manifest_or_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "creds.json"
    spec.write_text(json.dumps(_document(SERVERS)))
    out = tmp_path / "out"
    assert main(["generate", str(spec), "--out", str(out)]) == 0
    captured = capsys.readouterr()
    for secret in SECRETS:
        assert secret not in captured.out + captured.err, secret
        for path in out.rglob("*"):
            # the copy of the input kept for the next version's diff included: it ships
            if path.is_file():
                assert secret not in path.read_text(encoding="utf-8"), (secret, path)
    package = next(p for p in out.iterdir() if (p / "manifest.json").is_file())
    client = (package / "_client.py").read_text()
    assert 'DEFAULT_BASE_URL: str | None = "https://api.example.com/v1"' in client
    assert "https://api.example.com/v1" in (out / "README.md").read_text()
    manifest = json.loads((package / "manifest.json").read_text())
    omitted = {o["pointer"]: o["message"] for o in manifest["omitted"]}
    assert set(omitted) >= {"/servers/0/url", "/servers/1/url", "/servers/2/url"}
    assert "user info and query string" in omitted["/servers/0/url"]
    assert "query string and fragment" in omitted["/servers/2/url"]
    for pointer in ("/servers/0/url", "/servers/1/url", "/servers/2/url"):
        assert f"warning: {pointer}: " in captured.err


def test_a_rotated_secret_is_no_change_and_never_reaches_the_changelog(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = tmp_path / "first.json"
    first.write_text(json.dumps(_document(SERVERS)))
    out = tmp_path / "out"
    assert main(["generate", str(first), "--out", str(out)]) == 0
    rotated = json.loads(first.read_text())
    rotated["servers"][0]["url"] = (
        "https://ops-user:s3cret-pass@api.example.com/v1?api_key=KEY123&sig=SIGVALUE2"
    )
    rotated["servers"].append({"url": "https://ops-user:s3cret-pass@new.example.com?sig=SIGVALUE"})
    second = tmp_path / "second.json"
    second.write_text(json.dumps(rotated))
    capsys.readouterr()
    assert main(["diff", str(first), str(second), "--format", "json"]) == 0
    report = capsys.readouterr().out
    assert [c["id"] for c in json.loads(report)["changes"]] == ["api-server-added"]
    assert main(["generate", str(second), "--out", str(out)]) == 0
    changelog = (out / "CHANGELOG.md").read_text()
    assert "https://new.example.com" in changelog
    for secret in SECRETS:
        assert secret not in report + changelog, secret


def test_the_kept_document_loses_only_the_credentials(tmp_path: Path) -> None:
    """A document without credentials is kept byte for byte; one with them is kept as the same
    document (servers cleaned), so the next version still diffs against it."""
    plain = tmp_path / "plain.json"
    text = json.dumps(_document([{"url": "https://api.example.com/v1"}]), indent=3)
    plain.write_text(text)
    assert main(["generate", str(plain), "--out", str(tmp_path / "plain")]) == 0
    assert (tmp_path / "plain" / "source-document.json").read_text() == text

    spec = tmp_path / "creds.json"
    spec.write_text(json.dumps(_document(SERVERS)))
    assert main(["generate", str(spec), "--out", str(tmp_path / "out")]) == 0
    kept = json.loads((tmp_path / "out" / "source-document.json").read_text())
    assert [s["url"] for s in kept["servers"]] == [
        "https://api.example.com/v1",
        "https://{host}/{basePath}",
        "https://third.example.com/v2",
    ]
    assert kept["servers"][1]["variables"]["host"]["default"] == "backup.example.com"
    assert {k: v for k, v in kept.items() if k != "servers"} == {
        k: v for k, v in _document(SERVERS).items() if k != "servers"
    }
