"""Security requirements, per operation and at the document root, named in API Gateway terms.

A requirement is read as API Gateway enforces it. Security schemes are identified by what the
client must send (kind, location, header/query name), not by their key, so renaming a scheme
(CDK logical ids change) is no change, while moving an API key to another header is. API keys
are *additive*: API Gateway exports "authorizer and API key" as two alternatives
(``[{auth: []}, {api_key: []}]``) although it requires both, so any alternative naming an API
key scheme means "an API key is required", on top of the other alternatives.

The requirements are the IR's (:class:`generator.ir.SecurityRequirement`: known schemes only,
with their scopes). An operation whose requirement is the document's on both sides (inherited,
or the same written out) is covered by the ``api-*`` change; the others are compared one by
one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from generator import ir
from generator.diff.match import OperationPair
from generator.diff.model import Change
from generator.diff.rule import Rule, emit
from generator.diff.sources import Side

API_SECURITY_ADDED = Rule("api-security-added", "breaking", "a credential is newly required")
API_SECURITY_REMOVED = Rule("api-security-removed", "info", "a credential is no longer required")
API_SECURITY_CHANGED = Rule("api-security-changed", "breaking", "accepted credentials changed")
API_SECURITY_ALTERNATIVE_ADDED = Rule(
    "api-security-alternative-added", "info", "another way to authenticate"
)
API_SECURITY_SCOPE_ADDED = Rule("api-security-scope-added", "breaking", "a token needs more scopes")
API_SECURITY_SCOPE_REMOVED = Rule(
    "api-security-scope-removed", "info", "a token needs fewer scopes"
)
OPERATION_SECURITY_ADDED = Rule(
    "operation-security-added", "breaking", "a credential is newly required"
)
OPERATION_SECURITY_REMOVED = Rule(
    "operation-security-removed", "info", "a credential is no longer required"
)
OPERATION_SECURITY_CHANGED = Rule(
    "operation-security-changed", "breaking", "accepted credentials changed"
)
OPERATION_SECURITY_ALTERNATIVE_ADDED = Rule(
    "operation-security-alternative-added", "info", "another way to authenticate"
)
OPERATION_SECURITY_SCOPE_ADDED = Rule(
    "operation-security-scope-added", "breaking", "a token needs more scopes"
)
OPERATION_SECURITY_SCOPE_REMOVED = Rule(
    "operation-security-scope-removed", "info", "a token needs fewer scopes"
)

RULES = (
    API_SECURITY_ADDED,
    API_SECURITY_REMOVED,
    API_SECURITY_CHANGED,
    API_SECURITY_ALTERNATIVE_ADDED,
    API_SECURITY_SCOPE_ADDED,
    API_SECURITY_SCOPE_REMOVED,
    OPERATION_SECURITY_ADDED,
    OPERATION_SECURITY_REMOVED,
    OPERATION_SECURITY_CHANGED,
    OPERATION_SECURITY_ALTERNATIVE_ADDED,
    OPERATION_SECURITY_SCOPE_ADDED,
    OPERATION_SECURITY_SCOPE_REMOVED,
)
_API = {
    "added": API_SECURITY_ADDED,
    "removed": API_SECURITY_REMOVED,
    "changed": API_SECURITY_CHANGED,
    "alternative-added": API_SECURITY_ALTERNATIVE_ADDED,
    "scope-added": API_SECURITY_SCOPE_ADDED,
    "scope-removed": API_SECURITY_SCOPE_REMOVED,
}
_OPERATION = {
    "added": OPERATION_SECURITY_ADDED,
    "removed": OPERATION_SECURITY_REMOVED,
    "changed": OPERATION_SECURITY_CHANGED,
    "alternative-added": OPERATION_SECURITY_ALTERNATIVE_ADDED,
    "scope-added": OPERATION_SECURITY_SCOPE_ADDED,
    "scope-removed": OPERATION_SECURITY_SCOPE_REMOVED,
}

Signature = tuple[str, str, str]  # kind, location, credential name (lower case)
Alternative = frozenset[tuple[Signature, frozenset[str]]]

_KIND_NAMES = {
    "sigv4": "IAM (SigV4)",
    "cognito": "Cognito user pool authorizer",
    "lambda": "Lambda authorizer",
    "jwt": "JWT bearer token (JWT authorizer)",
    "bearer": "bearer token",
    "oauth2": "OAuth2",
    "basic": "HTTP basic auth",
}


@dataclass(frozen=True)
class Requirement:
    """What a caller must present: API keys (always), plus one of the alternatives."""

    api_keys: frozenset[Signature]
    alternatives: frozenset[Alternative]

    @property
    def anonymous(self) -> bool:
        """True when no credential beyond API keys is needed."""
        return not self.alternatives or frozenset() in self.alternatives


def describe_signature(signature: Signature) -> str:
    kind, location, name = signature
    if kind == "api_key":
        return f"API key ({location} {name!r})"
    if kind == "unknown":
        return f"security scheme {name!r}"
    label = _KIND_NAMES.get(kind, kind)
    if kind in ("cognito", "lambda") and name:
        return f"{label} ({location} {name!r})"
    return label


def _signature(api: ir.Api, key: str) -> Signature:
    scheme = api.scheme(key)
    if scheme is None:
        return ("unknown", "", key)
    if scheme.kind in ("api_key", "cognito", "lambda"):
        return (scheme.kind, scheme.location, scheme.wire_name.lower())
    return (scheme.kind, "", "")


def requirement(api: ir.Api, alternatives: tuple[ir.SecurityRequirement, ...]) -> Requirement:
    """What a caller of one side must present, for the IR's alternatives of a requirement."""
    api_keys: set[Signature] = set()
    result: set[Alternative] = set()
    for alternative in alternatives:
        members: set[tuple[Signature, frozenset[str]]] = set()
        keys_only = bool(alternative.schemes)
        for key, scopes in alternative.schemes:
            signature = _signature(api, key)
            if signature[0] == "api_key":
                api_keys.add(signature)
                continue
            keys_only = False
            members.add((signature, frozenset(scopes)))
        if not keys_only:  # an alternative of API keys only adds the key to the others
            result.add(frozenset(members))
    return Requirement(frozenset(api_keys), frozenset(result))


def describe_alternative(alternative: Alternative) -> str:
    parts = []
    for signature, scopes in sorted(alternative, key=lambda m: (m[0], sorted(m[1]))):
        text = describe_signature(signature)
        if scopes:
            text += f" with scopes {', '.join(sorted(scopes))}"
        parts.append(text)
    return " and ".join(parts) or "no credential"


def describe_requirement(req: Requirement) -> str:
    parts = [describe_signature(s) for s in sorted(req.api_keys)]
    others = sorted(describe_alternative(a) for a in req.alternatives if a)
    if others:
        parts.append(" or ".join(others))
    return "; ".join(parts) or "no credential"


def compare_requirements(old: Requirement, new: Requirement) -> list[tuple[str, str]]:
    """(kind, text) pairs; kind names the rule (``added``, ``scope-removed``...)."""
    if old == new:
        return []
    found: list[tuple[str, str]] = []
    for signature in sorted(new.api_keys - old.api_keys):
        found.append(("added", f"now requires an {describe_signature(signature)}"))
    for signature in sorted(old.api_keys - new.api_keys):
        found.append(("removed", f"no longer requires an {describe_signature(signature)}"))
    if old.alternatives == new.alternatives:
        return found
    now = describe_requirement(Requirement(frozenset(), new.alternatives))
    was = describe_requirement(Requirement(frozenset(), old.alternatives))
    if old.anonymous and not new.anonymous:
        found.append(("added", f"now requires authentication: {now}"))
    elif new.anonymous and not old.anonymous:
        found.append(("removed", f"no longer requires authentication (was: {was})"))
    else:
        found.extend(_compare_alternatives(old, new, was, now))
    return found


def _satisfies(credentials: Alternative, needed: Alternative) -> bool:
    held = dict(credentials)
    return all(sig in held and scopes <= held[sig] for sig, scopes in needed)


def _compare_alternatives(
    old: Requirement, new: Requirement, was: str, now: str
) -> Iterable[tuple[str, str]]:
    lost = [a for a in old.alternatives if not any(_satisfies(a, n) for n in new.alternatives)]
    if lost:
        more_scopes = all(
            any({s for s, _ in n} == {s for s, _ in a} for n in new.alternatives) for a in lost
        )
        kind = "scope-added" if more_scopes else "changed"
        yield kind, f"accepted credentials changed from {was} to {now}"
        return
    kept_signatures = [{s for s, _ in a} for a in old.alternatives]
    fewer_scopes = [
        n
        for n in new.alternatives
        if n not in old.alternatives and {s for s, _ in n} in kept_signatures
    ]
    extra = [n for n in new.alternatives if n not in old.alternatives and n not in fewer_scopes]
    if fewer_scopes:
        yield "scope-removed", f"fewer scopes needed: {was} became {now}"
    if extra:
        shown = " or ".join(sorted(describe_alternative(a) for a in extra))
        yield "alternative-added", f"also accepts {shown}"
    if not fewer_scopes and not extra:
        dropped = [a for a in old.alternatives if a not in new.alternatives]
        shown = " or ".join(sorted(describe_alternative(a) for a in dropped))
        yield "removed", f"no longer lists {shown} as an alternative"


def compare_root_security(base: Side, revision: Side) -> list[Change]:
    old = requirement(base.api, base.api.requirements)
    new = requirement(revision.api, revision.api.requirements)
    return [
        emit(_API[kind], f"API-wide security: {text}")
        for kind, text in compare_requirements(old, new)
    ]


def compare_operation_security(base: Side, revision: Side, pair: OperationPair) -> list[Change]:
    assert pair.base is not None and pair.revision is not None
    old_op, new_op = pair.base.ir, pair.revision.ir
    assert old_op is not None and new_op is not None
    if (
        old_op.requirements == base.api.requirements
        and new_op.requirements == revision.api.requirements
    ):
        return []  # the document's requirement on both sides: reported once, at the root
    old = requirement(base.api, old_op.requirements)
    new = requirement(revision.api, new_op.requirements)
    return [
        emit(_OPERATION[kind], text, operation=pair.label, path=pair.path)
        for kind, text in compare_requirements(old, new)
    ]
