"""Security schemes (with API Gateway's authorizer extensions) and requirements."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from generator import ir
from generator.builder.context import Context, Problems, omission
from generator.builder.refs import resolve
from generator.spec.diagnostics import pointer


def security_schemes(ctx: Context) -> tuple[list[ir.SecurityScheme], Problems]:
    problems: Problems = []
    components = ctx.doc.get("components")
    schemes = components.get("securitySchemes") if isinstance(components, dict) else None
    result: list[ir.SecurityScheme] = []
    if not isinstance(schemes, dict):
        return result, problems
    for key, raw in schemes.items():
        ptr = pointer("components", "securitySchemes", key)
        scheme, ptr = resolve(ctx, raw, ptr, problems)
        if not isinstance(scheme, dict):
            continue
        mapped, found = security_scheme(key, scheme, ptr)
        problems += found
        if mapped is not None:
            result.append(mapped)
    return result, problems


def security_scheme(
    key: str, scheme: dict[str, Any], ptr: str
) -> tuple[ir.SecurityScheme | None, Problems]:
    kind = str(scheme.get("type", "")).lower()
    authtype = str(scheme.get("x-amazon-apigateway-authtype", "")).lower()
    authorizer = scheme.get("x-amazon-apigateway-authorizer")
    authorizer_type = (
        str(authorizer.get("type", "")).lower() if isinstance(authorizer, dict) else ""
    )
    description = scheme.get("description") if isinstance(scheme.get("description"), str) else None
    location = str(scheme.get("in", "header")).lower()
    if location not in ("header", "query", "cookie"):
        location = "header"
    name = str(scheme.get("name") or "Authorization")
    if kind == "apikey":
        if authtype == "awssigv4" or authtype.startswith("aws"):
            return ir.SecurityScheme(key, "sigv4", "header", "Authorization", "", description), []
        if authtype == "cognito_user_pools" or authorizer_type == "cognito_user_pools":
            return ir.SecurityScheme(key, "cognito", location, name, "", description), []  # type: ignore[arg-type]
        if authtype or authorizer_type in ("token", "request"):
            return ir.SecurityScheme(key, "lambda", location, name, "", description), []  # type: ignore[arg-type]
        return ir.SecurityScheme(key, "api_key", location, name, "", description), []  # type: ignore[arg-type]
    if kind == "http":
        http_scheme = str(scheme.get("scheme", "")).lower()
        if http_scheme == "bearer":
            jwt = authorizer_type == "jwt" or str(scheme.get("bearerFormat", "")).upper() == "JWT"
            return ir.SecurityScheme(
                key, "jwt" if jwt else "bearer", "header", "Authorization", "Bearer ", description
            ), []
        if http_scheme == "basic":
            return ir.SecurityScheme(
                key, "basic", "header", "Authorization", "Basic ", description
            ), []
    if kind in ("oauth2", "openidconnect"):
        return ir.SecurityScheme(
            key, "oauth2", "header", "Authorization", "Bearer ", description
        ), []
    return None, [
        omission(
            ptr,
            "unsupported-security-scheme",
            f"security scheme {key!r} of type {kind!r} is not supported; "
            "its credential is not sent",
        )
    ]


def requirements(
    doc: Mapping[str, Any],
    op: Mapping[str, Any],
    known: Mapping[str, ir.SecurityScheme],
    ptr: str,
) -> tuple[tuple[ir.SecurityRequirement, ...], Problems]:
    """The alternatives of an operation's security (its own, else the document's), each the
    known schemes it names with their scopes."""
    problems: Problems = []
    raw = op.get("security", doc.get("security", []))
    if not isinstance(raw, list):
        return (), problems
    result: list[ir.SecurityRequirement] = []
    for requirement in raw:
        if not isinstance(requirement, dict):
            continue
        schemes: list[tuple[str, tuple[str, ...]]] = []
        for key, scopes in requirement.items():
            if key in known:
                listed = scopes if isinstance(scopes, list) else []
                schemes.append((key, tuple(str(scope) for scope in listed)))
            else:
                problems.append(
                    omission(
                        ptr + "/security",
                        "unknown-security-scheme",
                        f"security requirement names unknown scheme {key!r}; ignored",
                    )
                )
        alternative = ir.SecurityRequirement(tuple(schemes))
        problems += shadowed_credentials([known[k] for k in alternative.keys], ptr + "/security")
        if alternative not in result:
            result.append(alternative)
    return tuple(result), problems


def document_requirements(
    doc: Mapping[str, Any], known: Mapping[str, ir.SecurityScheme]
) -> tuple[ir.SecurityRequirement, ...]:
    """The document's own security requirement (what operations without one inherit); its
    problems are reported where operations inherit it."""
    return requirements(doc, {}, known, "")[0]


def shadowed_credentials(schemes: list[ir.SecurityScheme], ptr: str) -> Problems:
    """Schemes required together that put their credentials in the same place: only the
    first named is sent (the client's documented choice), and the document is told. SigV4
    signs the request instead of placing a credential."""
    problems: Problems = []
    seen: dict[tuple[str, str], str] = {}
    for scheme in schemes:
        if scheme.kind == "sigv4":
            continue
        place = (scheme.location, scheme.wire_name.lower())
        if place in seen:
            problems.append(
                omission(
                    ptr,
                    "shadowed-credential",
                    f"schemes {seen[place]!r} and {scheme.key!r} are required together but both"
                    f" send their credential in {place[0]} {place[1]!r}; only {seen[place]!r}'s"
                    " is sent",
                )
            )
        else:
            seen[place] = scheme.key
    return problems
