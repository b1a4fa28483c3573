"""What a package index already has: its simple API (PEP 691 JSON, else PEP 503 HTML).

Read-only, with the publishing credentials when there are any (private indexes and
CodeArtifact need them to read). Redirects to another host are not followed: pypiserver, for
one, redirects names it does not have to a public index, which must not count as published.
"""

from __future__ import annotations

import base64
import hashlib
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

from generator.errors import SdkgenError
from generator.sources.clients import shown_endpoint

TIMEOUT_S = 60.0
ACCEPT = (
    "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, "
    "text/html;q=0.1"
)


class IndexUnreadable(SdkgenError):
    """The index could not be read."""


@dataclass(frozen=True)
class IndexFile:
    filename: str
    url: str
    sha256: str | None  # None when the index gives no sha256 for it


@dataclass(frozen=True)
class Credentials:
    username: str
    password: str

    def __repr__(self) -> str:  # never shown, even in a traceback's locals
        return f"Credentials(username={self.username!r}, password=<hidden>)"

    def header(self) -> str:
        token = base64.b64encode(f"{self.username}:{self.password}".encode()).decode()
        return f"Basic {token}"


class _SameOrigin(urllib.request.HTTPRedirectHandler):
    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: object,
        code: int,
        msg: str,
        headers: object,
        newurl: str,
    ) -> urllib.request.Request | None:
        if _origin(newurl) != _origin(req.full_url):
            raise _LeftIndex(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)  # type: ignore[arg-type]


class _LeftIndex(Exception):
    pass


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    return parts.scheme, (parts.hostname or "").lower(), parts.port


def _open(url: str, credentials: Credentials | None, accept: str) -> tuple[bytes, str, str]:
    request = urllib.request.Request(url, headers={"Accept": accept})
    if credentials is not None:
        # not sent along a redirect
        request.add_unredirected_header("Authorization", credentials.header())
    opener = urllib.request.build_opener(_SameOrigin())
    with opener.open(request, timeout=TIMEOUT_S) as response:
        return response.read(), response.headers.get("Content-Type", ""), response.geturl()


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href = dict(attrs).get("href") or ""
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.append((self._href, "".join(self._text).strip()))
            self._href = None


def _parse(body: bytes, content_type: str, page: str) -> list[IndexFile]:
    if "json" in content_type:
        data = json.loads(body)
        return [
            IndexFile(
                str(item["filename"]),
                urljoin(page, str(item["url"])),
                (item.get("hashes") or {}).get("sha256"),
            )
            for item in data.get("files", [])
        ]
    parser = _Links()
    parser.feed(body.decode("utf-8", "replace"))
    files = []
    for href, text in parser.links:
        url, fragment = urldefrag(urljoin(page, href))
        algorithm, _, value = fragment.partition("=")
        name = text or url.rsplit("/", 1)[-1]
        files.append(IndexFile(name, url, value.lower() if algorithm == "sha256" else None))
    return files


def project_files(index_url: str, project: str, credentials: Credentials | None) -> list[IndexFile]:
    """The files the index has for ``project`` (none when it does not know the project)."""
    page = urljoin(index_url if index_url.endswith("/") else index_url + "/", f"{project}/")
    try:
        body, content_type, final = _open(page, credentials, ACCEPT)
    except _LeftIndex:
        return []
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            return []
        raise IndexUnreadable(
            f"reading {project} at {shown_endpoint(index_url)} failed: HTTP {exc.code} "
            f"{exc.reason}" + (" (check the credentials)" if exc.code in (401, 403) else "")
        ) from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise IndexUnreadable(
            f"cannot reach the index {shown_endpoint(index_url)}: {reason}"
        ) from None
    try:
        return _parse(body, content_type, final)
    except (ValueError, KeyError, TypeError) as exc:
        raise IndexUnreadable(
            f"the index {shown_endpoint(index_url)} answered for {project} with something that "
            f"is not a simple-API page ({type(exc).__name__})"
        ) from None


def remote_sha256(file: IndexFile, credentials: Credentials | None) -> str:
    """The file's sha256 as the index states it, else by downloading it."""
    if file.sha256:
        return file.sha256
    try:
        body, _, _ = _open(file.url, credentials, "*/*")
    except (_LeftIndex, urllib.error.URLError, OSError) as exc:
        raise IndexUnreadable(f"cannot download {file.filename} from the index: {exc}") from None
    return hashlib.sha256(body).hexdigest()
