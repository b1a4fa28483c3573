"""``$ref``s to other documents: never fetched, unless allowed (``--allow-remote-refs``).

When allowed, http(s) references are fetched with urllib (size limit, timeout, redirects only
to http(s)), parsed with the same limits as the main document, and inlined in place. A
reference that cannot be fetched, or that would inline itself forever, is left as it is; the
IR builder then types it as ``Any`` and lists it among the omitted parts.
"""

from __future__ import annotations

import argparse
import copy
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from generator.errors import DocumentError
from generator.spec.diagnostics import Diagnostic, unescape_pointer
from generator.spec.normalize import APIGW_MODEL_REF

REMOTE_SCHEMES = ("http", "https")


@dataclass
class RemoteRefSettings:
    """Module-level defaults; ``--allow-remote-refs`` turns ``allowed`` on for one command."""

    allowed: bool = False
    max_bytes: int = 10 * 1024 * 1024  # per fetched document
    timeout: float = 10.0  # seconds per request
    max_documents: int = 32  # distinct documents fetched for one document
    max_inlined: int = 10_000  # references replaced in one document


SETTINGS = RemoteRefSettings()


REMOTE_REFS_HELP = "fetch http(s) $refs to other documents (size limit, timeout) and inline them"


class AllowRemoteRefs(argparse.Action):
    """The ``--allow-remote-refs`` flag: allows fetching for the command being run.

    Building a parser with this option resets the setting, so one command's flag never
    carries over to the next command run in the same process.
    """

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=False, **kwargs)
        SETTINGS.allowed = False

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        setattr(namespace, self.dest, True)
        SETTINGS.allowed = True


def is_remote(ref: str) -> bool:
    """A reference into another document (a URL or a relative file path)."""
    return not ref.startswith("#")


def is_fetchable(ref: str) -> bool:
    scheme = urllib.parse.urlsplit(ref).scheme.lower()
    return scheme in REMOTE_SCHEMES and not APIGW_MODEL_REF.match(ref)


def _redirect_handler() -> Any:
    """An opener handler that follows redirects to http(s) URLs only. (``urllib.request``
    loads ``ssl`` and ``http.client``: imported only by a run that fetches.)"""
    import urllib.error
    import urllib.request

    class HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
        def redirect_request(
            self,
            req: urllib.request.Request,
            fp: Any,
            code: int,
            msg: str,
            headers: Any,
            newurl: str,
        ) -> urllib.request.Request | None:
            if urllib.parse.urlsplit(newurl).scheme.lower() not in REMOTE_SCHEMES:
                raise urllib.error.URLError(f"redirect to {newurl!r} refused (http and https only)")
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    return HttpOnlyRedirects()


def fetch(url: str, *, max_bytes: int, timeout: float) -> bytes:
    """The body at ``url`` (http or https only), at most ``max_bytes`` long."""
    import urllib.request

    if urllib.parse.urlsplit(url).scheme.lower() not in REMOTE_SCHEMES:
        raise ValueError(f"{url!r} is not an http(s) URL")
    opener = urllib.request.build_opener(_redirect_handler())
    request = urllib.request.Request(url, headers={"Accept": "application/json, */*"})
    with opener.open(request, timeout=timeout) as response:
        body: bytes = response.read(max_bytes + 1)
    if len(body) > max_bytes:
        raise ValueError(f"more than {max_bytes:,} bytes")
    return body


def _target(document: Any, fragment: str) -> Any:
    node = document
    for token in unescape_pointer("#" + fragment) if fragment else []:
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            raise KeyError(fragment)
    return node


def _absolute_refs(node: Any, base: str) -> Any:
    """Refs inside a fetched document, made absolute against its URL (copying ``node``)."""
    if isinstance(node, dict):
        result = {k: _absolute_refs(v, base) for k, v in node.items()}
        ref = node.get("$ref")
        if isinstance(ref, str):
            result["$ref"] = urllib.parse.urljoin(base, ref)
        return result
    if isinstance(node, list):
        return [_absolute_refs(v, base) for v in node]
    return node


class _Inliner:
    def __init__(self, settings: RemoteRefSettings, limits: Any) -> None:
        self.settings = settings
        self.limits = limits
        self.documents: dict[str, Any] = {}
        self.failed: dict[str, str] = {}
        self.notes: list[Diagnostic] = []
        self.inlined = 0

    def note(self, ptr: str, code: str, message: str) -> None:
        self.notes.append(Diagnostic(ptr, "warning", code, message))

    def document(self, url: str) -> Any:
        if url in self.failed:
            raise LookupError(self.failed[url])
        if url not in self.documents:
            if len(self.documents) >= self.settings.max_documents:
                raise LookupError(f"more than {self.settings.max_documents} documents to fetch")
            from generator.spec.load import parse_document

            try:
                body = fetch(url, max_bytes=self.settings.max_bytes, timeout=self.settings.timeout)
                parsed = parse_document(body, url, limits=self.limits, allow_remote_refs=False)
            except (OSError, ValueError, DocumentError) as exc:
                self.failed[url] = str(exc) or type(exc).__name__
                raise LookupError(self.failed[url]) from None
            self.documents[url] = parsed.data
        return self.documents[url]

    def resolve(self, ref: str) -> Any:
        url, fragment = urllib.parse.urldefrag(ref)
        try:
            target = _target(self.document(url), fragment)
        except KeyError:
            raise LookupError(f"{url} has nothing at #{fragment}") from None
        return _absolute_refs(copy.deepcopy(target), url)

    def run(self, doc: dict[str, Any]) -> None:
        # (node, JSON pointer, refs being inlined above it): no recursion, cycles stop.
        stack: list[tuple[Any, str, frozenset[str]]] = [(doc, "", frozenset())]
        while stack:
            node, ptr, chain = stack.pop()
            if isinstance(node, list):
                stack.extend((v, f"{ptr}/{i}", chain) for i, v in enumerate(node))
                continue
            if not isinstance(node, dict):
                continue
            ref = node.get("$ref")
            if isinstance(ref, str) and is_fetchable(ref):
                inlined = self.inline(node, ptr, ref, chain)
                if inlined is not chain:  # look at the inlined node again: it may be a $ref
                    stack.append((node, ptr, inlined))
                    continue
            for key, value in node.items():
                if isinstance(value, (dict, list)) and not key.startswith("x-"):
                    token = key.replace("~", "~0").replace("/", "~1")
                    stack.append((value, f"{ptr}/{token}", chain))

    def inline(
        self, node: dict[str, Any], ptr: str, ref: str, chain: frozenset[str]
    ) -> frozenset[str]:
        if ref in chain:
            self.note(ptr, "remote-ref-cycle", f"{ref!r} refers to itself; left out")
            return chain
        if self.inlined >= self.settings.max_inlined:
            self.note(ptr, "remote-ref-limit", f"{ref!r} not inlined: too many references")
            return chain
        try:
            target = self.resolve(ref)
        except LookupError as exc:
            self.note(ptr, "remote-ref-failed", f"{ref!r} could not be fetched: {exc}")
            return chain
        if not isinstance(target, dict):
            self.note(ptr, "remote-ref-failed", f"{ref!r} is not an object")
            return chain
        self.inlined += 1
        siblings = {k: v for k, v in node.items() if k != "$ref"}
        node.clear()
        node.update(target)
        for key, value in siblings.items():
            node.setdefault(key, value)
        return chain | {ref}


def inline_remote_refs(
    doc: dict[str, Any], *, limits: Any, settings: RemoteRefSettings | None = None
) -> tuple[dict[str, Any], list[Diagnostic]]:
    """``doc`` with http(s) references replaced by what they point to (fetched once each)."""
    inliner = _Inliner(settings or SETTINGS, limits)
    inliner.run(doc)
    return doc, inliner.notes
