"""The calls stage's child process: call every operation of a generated client against Prism.

``python -m generator.corpus.callworker SPEC PROJECT IMPORT_NAME SEED ASYNC_COUNT`` serves the
document with two Prism servers (the document's examples; ``-d`` random conforming responses
with ``SEED``), calls every operation through ``Client`` in both passes and the first
``ASYNC_COUNT`` through ``AsyncClient`` (and, against the document's examples, again each call
whose body has required properties that may be null, with them null), records what went over
the wire and what the client made of the answer, classifies each call
(:mod:`generator.corpus.classify`) and prints the results as one JSON line. The Prism servers
stay in this process's group: the runner's timeout, which kills the group, stops them too; a
server that dies during a call is restarted.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import json
import sys
import tempfile
import traceback
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pydantic

from generator import ir
from generator.corpus.classify import CallRecord, Exchange, Route, Verdict, classify
from generator.examples import OperationExample, SchemaChecker, SynthesisError, operation_example
from generator.examples.operations import is_xml_body
from generator.examples.source import call_arguments
from generator.prism import (
    Prism,
    PrismRefused,
    normalized_copy,
    servable_document,
    write_document,
)
from generator.spec.diagnostics import pointer_target

RESULT_MARKER = "SDKGEN-CALLS-RESULT "
API_KEY = "sdkgen-test-key"
TOKEN = "dXNlcjpwYXNzd29yZA=="  # base64 "user:password": also a valid HTTP basic credential
AWS_CREDENTIALS = ("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
AWS_REGION = "us-east-1"
CALL_TIMEOUT = 20.0
_TEXT_LIMIT = 2000
_PASSES = ("static", "dynamic")


# -- the document Prism serves ------------------------------------------------------------------


def _serve(
    spec: Path, raw: Mapping[str, Any], normalized: Mapping[str, Any], directory: Path, seed: str
) -> tuple[str, str | None, dict[str, Prism]]:
    """Start both Prism servers: (what they serve, why not the document, servers by pass).

    The document as written when Prism can serve it, else (or when Prism refuses it) the
    normalized copy. Raises ``PrismRefused`` when Prism refuses both."""
    served, copy = servable_document(raw, normalized)
    path = spec if copy is None else write_document(copy, directory / "served.json")
    refused: str | None = None
    try:
        return served, None, _start(path, seed)
    except PrismRefused as exc:
        if copy is not None:
            raise
        refused = f"the document as written was refused: {exc}"
    fallback = write_document(normalized_copy(normalized), directory / "normalized.json")
    return "normalized", refused, _start(fallback, seed)


def _start(document: Path, seed: str) -> dict[str, Prism]:
    servers = {
        name: Prism(document, dynamic=name == "dynamic", seed=seed, own_session=False)
        for name in _PASSES
    }
    with ThreadPoolExecutor(max_workers=len(servers)) as pool:
        futures = [pool.submit(server.start) for server in servers.values()]
        errors = [f.exception() for f in futures]
    failed = [e for e in errors if e is not None]
    if failed:
        for server in servers.values():
            server.stop()
        raise failed[0]
    return servers


# -- recording what goes over the wire -----------------------------------------------------------


def _text(data: bytes) -> str:
    text = data[:_TEXT_LIMIT].decode("utf-8", errors="replace")
    return text + ("..." if len(data) > _TEXT_LIMIT else "")


def _exchange(request: httpx.Request, response: httpx.Response) -> Exchange:
    return Exchange(
        method=request.method,
        url=str(request.url),
        headers={k.lower(): v for k, v in request.headers.items()},
        body=_text(request.content),
        status=response.status_code,
        response_headers={k.lower(): v for k, v in response.headers.items()},
        response_body=_text(response.content),
        request_content=request.content,
    )


def _unanswered(request: httpx.Request) -> Exchange:
    headers = {k.lower(): v for k, v in request.headers.items()}
    body = request.content
    return Exchange(request.method, str(request.url), headers, _text(body), 0, {}, "", body)


class _Recording(httpx.BaseTransport):
    """Records each request (before it is sent: a request Prism never answers is known too)
    and its answer."""

    def __init__(self, log: list[tuple[Exchange, bytes]]) -> None:
        self._inner = httpx.HTTPTransport()
        self._log = log

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self._log.append((_unanswered(request), b""))
        response = self._inner.handle_request(request)
        response.read()
        self._log[-1] = (_exchange(request, response), response.content)
        return response

    def close(self) -> None:
        self._inner.close()


class _AsyncRecording(httpx.AsyncBaseTransport):
    def __init__(self, log: list[tuple[Exchange, bytes]]) -> None:
        self._inner = httpx.AsyncHTTPTransport()
        self._log = log

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        self._log.append((_unanswered(request), b""))
        response = await self._inner.handle_async_request(request)
        await response.aread()
        self._log[-1] = (_exchange(request, response), response.content)
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()


# -- types named by text -------------------------------------------------------------------------


class _Names(dict[str, Any]):
    def __init__(self, models: Any) -> None:
        super().__init__()
        self._models = models

    def __missing__(self, name: str) -> Any:
        import typing

        builtin: dict[str, Any] = {"dict": dict, "list": list, "str": str, "int": int}
        builtin |= {"float": float, "bool": bool, "bytes": bytes, "None": None, "object": object}
        if name in builtin:
            return builtin[name]
        if name in ("Any", "Literal", "Mapping"):
            return getattr(typing, name)
        return getattr(self._models, name)


def _resolver(models: Any) -> Callable[[str], Any]:
    cache: dict[str, Any] = {}

    def resolve(annotation: str) -> Any:
        # the annotation is the IR's own type expression (names decided by sdkgen, text
        # only in Literal[...] as escaped literals), never text copied from the document
        if annotation not in cache:
            cache[annotation] = eval(annotation, {"__builtins__": {}}, _Names(models))
        return cache[annotation]

    return resolve


# -- one document ------------------------------------------------------------------------------


class _Document:
    def __init__(self, spec: Path, project: Path, import_name: str) -> None:
        from generator.pipeline import prepare
        from generator.spec.load import load_file

        self.raw = load_file(spec).data  # as written: prepare normalizes its own copy in place
        prepared = prepare(spec)
        self.spec = spec
        self.document = prepared.normalized.document
        self.api = prepared.api
        self.checker = SchemaChecker(self.document)
        sys.path.insert(0, str(project))
        self.package = importlib.import_module(import_name)
        self.resolve = _resolver(importlib.import_module(f"{import_name}.models"))
        self.routes = [
            Route(f"{op.method} {op.document_path}", op.method, op.document_path)
            for op in self.api.operations
        ]
        self.examples: dict[str, OperationExample | str] = {}
        # the same calls with each required nullable body property null, where there are some
        self.null_examples: dict[str, OperationExample | str] = {}
        for op in self.api.operations:
            try:
                self.examples[op.pointer] = operation_example(self.document, op, self.checker)
            except SynthesisError as exc:
                self.examples[op.pointer] = str(exc)
                continue
            if op.body is None or op.body.kind not in ("json", "form", "multipart"):
                continue
            try:
                nulls = operation_example(self.document, op, self.checker, nulls=True)
            except SynthesisError:
                continue
            if nulls != self.examples[op.pointer] and _has_null(nulls):
                self.null_examples[op.pointer] = nulls

    def client_arguments(self, base_url: str, factory: Any) -> dict[str, Any]:
        accepted = inspect.signature(factory).parameters
        wanted = {
            "base_url": base_url,
            "api_key": API_KEY,
            "token": TOKEN,
            "aws_credentials": AWS_CREDENTIALS,
            "aws_region": AWS_REGION,
            "max_retries": 0,
            "timeout": CALL_TIMEOUT,
        }
        return {k: v for k, v in wanted.items() if k in accepted}

    def kwargs(self, example: OperationExample) -> dict[str, Any]:
        """The call's arguments as Python values (models built from their JSON data)."""
        values: dict[str, Any] = {}
        for argument in example.arguments:
            value = argument.value
            if argument.models and value is not None:
                value = pydantic.TypeAdapter(self.resolve(argument.annotation)).validate_python(
                    value
                )
            values[argument.python_name] = value
        return values

    def typed(self, op: ir.Operation, value: Any) -> bool:
        """Whether ``value`` is what the method declares: for a paginated operation, a page
        whose response is the declared type and whose items are of the item type."""
        checks = [(op.returns.annotation, value)]
        if op.pagination is not None:
            checks = [
                (op.returns.annotation, getattr(value, "response", None)),
                (f"list[{op.pagination.item_type.annotation}]", getattr(value, "items", None)),
            ]
        try:
            for annotation, checked in checks:
                pydantic.TypeAdapter(self.resolve(annotation)).validate_python(checked, strict=True)
        except pydantic.ValidationError:
            return False
        return True

    def request_errors(self, op: ir.Operation, content: bytes) -> list[str] | None:
        """Why the JSON body that was sent breaks the document (None when it cannot be told)."""
        assert op.body is not None
        checked = self.checker.document
        operation = pointer_target(checked, "#" + op.pointer)
        body = _deref(
            checked, operation.get("requestBody") if isinstance(operation, dict) else None
        )
        media = (
            _media(body.get("content", {}), op.body.media_type.split(";")[0].lower())
            if isinstance(body, dict) and isinstance(body.get("content"), dict)
            else None
        )
        schema = media.get("schema") if isinstance(media, dict) else None
        if not isinstance(schema, dict):
            return None
        try:
            sent = json.loads(content) if content else None
        except ValueError:
            return ["the body sent is not JSON"]
        return self.checker.errors(schema, sent, "request")

    def response_errors(
        self, op: ir.Operation, exchange: Exchange, content: bytes
    ) -> list[str] | None:
        """Why Prism's answer breaks the document (None when it cannot be told)."""
        checked = self.checker.document  # its schemas are the ones the checker can follow
        operation = pointer_target(checked, "#" + op.pointer)
        responses = operation.get("responses") if isinstance(operation, dict) else None
        if not isinstance(responses, dict):
            return None
        status = str(exchange.status)
        response = next(
            (
                responses[k]
                for k in (status, f"{status[0]}XX", f"{status[0]}xx", "default")
                if k in responses
            ),
            None,
        )
        response = _deref(checked, response)
        if not isinstance(response, dict):
            return [f"status {status} is not a documented response"]
        content_map = response.get("content")
        media_type = exchange.response_headers.get("content-type", "").split(";")[0].strip().lower()
        if not isinstance(content_map, dict) or not content_map:
            return None
        media = _media(content_map, media_type)
        if media is None:
            what = media_type or "no content type"
            return [f"{what} is not a documented media type of status {status}"]
        schema = media.get("schema") if isinstance(media, dict) else None
        if not isinstance(schema, dict) or "json" not in media_type or not content:
            return None
        try:
            body = json.loads(content)
        except ValueError:
            return ["the body is not JSON"]
        return self.checker.errors(schema, body, "response")


def _deref(document: Mapping[str, Any], node: Any) -> Any:
    for _ in range(32):
        if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
            return node
        node = pointer_target(document, node["$ref"])
    return None


def _media(content: Mapping[str, Any], media_type: str) -> Any:
    lowered = {str(k).split(";")[0].strip().lower(): v for k, v in content.items()}
    if media_type in lowered:
        return lowered[media_type]
    major = media_type.split("/")[0]
    for key in (f"{major}/*", "*/*"):
        if key in lowered:
            return lowered[key]
    return None


def _record(doc: _Document, op: ir.Operation, example: OperationExample | str) -> CallRecord:
    route = next(r for r in doc.routes if r.name == f"{op.method} {op.document_path}")
    record = CallRecord(
        route=route,
        method_sent_for=op.method,
        greedy=any(p.greedy for p in op.parameters),
        body_kind=op.body.kind if op.body is not None else None,
        success_media=tuple(r.media_type for r in op.success if r.media_type),
    )
    if isinstance(example, str):
        record.synthesis_error = example
        return record
    for argument in example.arguments:
        if argument.location == "path":
            record.path_values[argument.wire_name] = _path_text(argument.value)
        if argument.location == "method":
            record.method_sent_for = str(argument.value)
    record.body_is_xml = op.body is not None and is_xml_body(op.body, example)
    return record


def _path_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(_path_text(v) for v in value)
    return str(value)


def _finish(
    record: CallRecord,
    doc: _Document,
    op: ir.Operation,
    log: list[tuple[Exchange, bytes]],
    outcome: tuple[str, Any],
) -> None:
    if log:
        exchange, content = log[-1]
        record.exchange = exchange
        if exchange.answered:
            record.response_errors = doc.response_errors(op, exchange, content)
            on_body = [
                v for v in exchange.request_violations() if v.get("location", [])[:1] == ["body"]
            ]
            if on_body and op.body is not None and op.body.kind == "json":
                record.body_errors = doc.request_errors(op, exchange.request_content)
    kind, value = outcome
    if kind == "returned":
        record.returned_typed = doc.typed(op, value)
    else:
        record.raised = type(value).__name__
        record.raised_message = str(value)[:1000]
        status = getattr(value, "status_code", None)
        record.raised_status = status if isinstance(status, int) else None


def _result(
    op: ir.Operation,
    example: OperationExample | str,
    record: CallRecord,
    verdict: Verdict,
    pass_: str,
    mode: str,
) -> dict[str, Any]:
    result: dict[str, Any] = {
        "operation": f"{op.method} {op.document_path}",
        "pointer": op.pointer,
        "pass": pass_,
        "mode": mode,
        "kind": verdict.kind,
        "cause": verdict.cause,
        "accepted": verdict.accepted,
        "typed": verdict.typed_outcome,
    }
    if not isinstance(example, str):
        mistyped = [a for a in example.arguments if not a.fits_annotation]
        if mistyped:  # the document allows the value, the method's annotation does not
            result["mistyped"] = [
                {
                    "argument": a.python_name,
                    "annotation": a.annotation,
                    "value": repr(a.value)[:200],
                }
                for a in mistyped
            ]
    if verdict.kind != "ok":
        result["detail"] = verdict.detail[:1000]
        call = f"client.{op.resource}.{op.python_name}("
        call += (call_arguments(example.arguments) if not isinstance(example, str) else "...") + ")"
        result["call"] = call[:2000]
        if record.exchange is not None:
            ex = record.exchange
            shown = {
                k: v
                for k, v in ex.headers.items()
                if k
                not in ("host", "user-agent", "accept-encoding", "connection", "content-length")
            }
            result["wire"] = {
                "request": f"{ex.method} {ex.url}",
                "headers": shown,
                "body": ex.body[:1000],
            }
            result["prism"] = {
                "status": ex.status,
                "content_type": ex.response_headers.get("content-type"),
                "sl_violations": ex.response_headers.get("sl-violations"),
                "body": ex.response_body[:1000],
            }
    return result


def _sync_client(doc: _Document, server: Prism, log: list[tuple[Exchange, bytes]]) -> Any:
    factory = doc.package.Client
    http = httpx.Client(transport=_Recording(log))
    return factory(http_client=http, **doc.client_arguments(server.base_url, factory)), http


def _has_null(example: OperationExample) -> bool:
    stack = [a.value for a in example.arguments if a.location == "body"]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if None in item.values():
                return True
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _call_sync(
    doc: _Document,
    server: Prism,
    pass_: str,
    examples: Mapping[str, OperationExample | str] | None = None,
    mode: str = "sync",
) -> list[dict[str, Any]]:
    log: list[tuple[Exchange, bytes]] = []
    client, http = _sync_client(doc, server, log)
    results: list[dict[str, Any]] = []
    examples = doc.examples if examples is None else examples
    try:
        for op in doc.api.operations:
            if op.pointer not in examples:
                continue
            example = examples[op.pointer]
            record = _record(doc, op, example)
            if not isinstance(example, str) and op.method != "ANY":
                log.clear()
                outcome: tuple[str, Any]
                try:
                    method = getattr(getattr(client, op.resource), op.python_name)
                    outcome = ("returned", method(**doc.kwargs(example)))
                except Exception as exc:
                    outcome = ("raised", exc)
                _finish(record, doc, op, log, outcome)
                if record.exchange is not None and not record.exchange.answered:
                    client.close()
                    http.close()
                    server.restart()  # Prism died (or hangs): the next calls get a new one
                    client, http = _sync_client(doc, server, log)
            verdict = classify(record, doc.routes)
            results.append(_result(op, example, record, verdict, pass_, mode))
    finally:
        client.close()
        http.close()
    return results


def _call_async(doc: _Document, server: Prism, count: int) -> list[dict[str, Any]]:
    async def run() -> list[dict[str, Any]]:
        log: list[tuple[Exchange, bytes]] = []
        factory = doc.package.AsyncClient
        results: list[dict[str, Any]] = []
        callable_ops = [
            op
            for op in doc.api.operations
            if op.method != "ANY" and not isinstance(doc.examples[op.pointer], str)
        ]
        for op in callable_ops[:count]:
            example = doc.examples[op.pointer]
            assert not isinstance(example, str)
            record = _record(doc, op, example)
            log.clear()
            http = httpx.AsyncClient(transport=_AsyncRecording(log))
            client = factory(http_client=http, **doc.client_arguments(server.base_url, factory))
            outcome: tuple[str, Any]
            try:
                method = getattr(getattr(client, op.resource), op.python_name)
                outcome = ("returned", await method(**doc.kwargs(example)))
            except Exception as exc:
                outcome = ("raised", exc)
            finally:
                await client.close()
                await http.aclose()
            _finish(record, doc, op, log, outcome)
            if record.exchange is not None and not record.exchange.answered:
                server.restart()
            verdict = classify(record, doc.routes)
            results.append(_result(op, example, record, verdict, "static", "async"))
        return results

    return asyncio.run(run())


def call(
    spec: Path, project: Path, import_name: str, seed: str, async_count: int
) -> dict[str, Any]:
    doc = _Document(spec, project, import_name)
    with tempfile.TemporaryDirectory(prefix="sdkgen-calls-") as directory:
        try:
            served, reason, servers = _serve(spec, doc.raw, doc.document, Path(directory), seed)
        except PrismRefused as exc:
            return {"status": "refused", "served": None, "reason": str(exc), "calls": []}
        try:
            calls: list[dict[str, Any]] = []
            for pass_ in _PASSES:
                calls.extend(_call_sync(doc, servers[pass_], pass_))
            calls.extend(_call_sync(doc, servers["static"], "static", doc.null_examples, "nulls"))
            calls.extend(_call_async(doc, servers["static"], async_count))
        finally:
            for server in servers.values():
                server.stop()
    return {"status": "called", "served": served, "reason": reason, "calls": calls}


def main(argv: list[str]) -> int:
    try:
        spec, project, import_name, seed, async_count = argv
        result = call(Path(spec), Path(project), import_name, seed, int(async_count))
    except Exception as exc:  # reported by the runner as a harness failure
        result = {
            "status": "crash",
            "error": f"{type(exc).__name__}: {exc}"[:2000],
            "traceback": traceback.format_exc()[-4000:],
        }
    print(RESULT_MARKER + json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
