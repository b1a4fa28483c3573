"""OpenAPI conformance through openapi-spec-validator: every error, located, in plain words.

Nothing here touches the network: references that leave the document are refused and
reported, never fetched. A validator crash becomes one located diagnostic.
"""

import functools
import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib.resources import files
from typing import Any, Final

from jsonschema.exceptions import (  # type: ignore[import-untyped, unused-ignore]
    ValidationError,
    best_match,
)
from jsonschema.validators import validator_for  # type: ignore[import-untyped, unused-ignore]
from jsonschema_path import SchemaPath
from openapi_spec_validator.validation import (
    OpenAPIV2SpecValidator,
    OpenAPIV30SpecValidator,
    OpenAPIV31SpecValidator,
    OpenAPIV32SpecValidator,
)
from openapi_spec_validator.validation.exceptions import (
    DuplicateOperationIDError,
    ExtraParametersError,
    OpenAPIValidationError,
    ParameterDuplicateError,
    UnresolvableParameterError,
)
from openapi_spec_validator.validation.keywords import ValueValidator
from referencing.exceptions import PointerToNowhere, Unresolvable

from generator.spec._checks_common import (
    Token,
    _clip,
    _declared_path_names,
    _expected,
    _Finding,
    _found,
    _real_location,
    _short,
    _template_names,
    _thing_name,
    _walk,
)
from generator.spec.diagnostics import Diagnostic, pointer


class _RemoteRefRefused(Exception):
    """Raised instead of fetching a document that a ``$ref`` points to."""

    def __init__(self, uri: str) -> None:
        super().__init__(f"refused to fetch {uri}")
        self.uri = uri


def _refuse(uri: str) -> Any:
    raise _RemoteRefRefused(uri)


class _RefuseAllHandlers(dict[str, Callable[[str], Any]]):
    """Resolver handlers claiming every URI scheme, so nothing falls back to urlopen/requests.

    jsonschema-path's retriever uses ``handlers[scheme]`` when ``scheme in handlers`` and
    otherwise fetches the URI itself; claiming every scheme (including "" for relative file
    references) makes every non-local reference fail without network or file access.
    """

    def __init__(self) -> None:
        # Non-empty, so that no caller mistakes it for "no handlers" and uses its defaults.
        super().__init__({scheme: _refuse for scheme in ("", "file", "http", "https")})

    def __contains__(self, key: object) -> bool:
        return True

    def __getitem__(self, key: str) -> Callable[[str], Any]:
        return _refuse

    def get(self, key: str, default: Any = None) -> Callable[[str], Any]:
        return _refuse


_NO_FETCH_HANDLERS: Final = _RefuseAllHandlers()


class _CrashError(OpenAPIValidationError):
    """A validator exception turned into an error, so checking can go on elsewhere."""

    cause: BaseException


@dataclass(frozen=True)
class _Stamp:
    """Where a phase-2 error belongs and what raised it.

    ``base`` is the validator's path to the value being checked (it may pass through ``$ref``s);
    an error's own ``absolute_path`` is relative to it.
    """

    base: tuple[Token, ...]
    in_default: bool


_STAMP_ATTR: Final = "_sdkgen_stamp"


def _locating(keyword_cls: type[Any]) -> type[Any]:
    """Subclass an openapi-spec-validator keyword validator so its errors carry a location.

    The keyword validators (paths, operations, parameters, schemas, ...) raise errors without
    any path; this wrapper stamps each error with the ``SchemaPath`` being checked, and turns an
    exception inside one part of the document into an error so the rest is still checked.
    """
    in_default = issubclass(keyword_cls, ValueValidator)

    def __call__(self: Any, *args: Any, **kwargs: Any) -> Iterator[ValidationError]:
        where = next((a for a in args if isinstance(a, SchemaPath)), None)
        parts: tuple[Token, ...] = tuple(where.parts) if where is not None else ()
        try:
            for error in keyword_cls.__call__(self, *args, **kwargs):
                if getattr(error, _STAMP_ATTR, None) is None:
                    base = (*parts, "default") if in_default else parts
                    setattr(error, _STAMP_ATTR, _Stamp(base, in_default))
                yield error
        except Exception as exc:
            crash = _CrashError(f"{type(exc).__name__}: {exc}")
            crash.cause = exc
            setattr(crash, _STAMP_ATTR, _Stamp(parts, in_default))
            yield crash

    return type(keyword_cls.__name__, (keyword_cls,), {"__call__": __call__})


@functools.cache
def _spec_validator_class(version: str) -> type[Any]:
    base: type[Any] = {
        "2.0": OpenAPIV2SpecValidator,
        "3.0": OpenAPIV30SpecValidator,
        "3.1": OpenAPIV31SpecValidator,
        "3.2": OpenAPIV32SpecValidator,
    }[version]
    keywords = {name: _locating(cls) for name, cls in base.keyword_validators.items()}
    return type(
        f"Located{base.__name__}",
        (base,),
        {"keyword_validators": keywords, "resolver_handlers": _NO_FETCH_HANDLERS},
    )


@functools.cache
def _meta_validator(version: str) -> Any:
    """The pure-jsonschema validator of the OpenAPI meta-schema (never the Rust backend).

    The meta-schemas only refer to JSON Schema drafts that jsonschema bundles, so this never
    fetches anything; the document's own ``$ref``s are plain data at this stage.
    """
    # Read the bundled meta-schema directly (the library's reader goes through urlopen on a
    # file: URI, which is needless and trips network guards).
    resource = files("openapi_spec_validator") / "resources" / "schemas" / f"v{version}"
    schema = json.loads((resource / "schema.json").read_text(encoding="utf-8"))
    return validator_for(schema)(schema)


_VERSION_RE: Final = re.compile(r"^(\d+)\.(\d+)(?:\.\d+)?(?:[-+].*)?$")


def _detect_version(doc: Mapping[str, Any]) -> tuple[str | None, list[Diagnostic]]:
    """Which validator to run ("2.0", "3.0", "3.1", "3.2"), or diagnostics explaining why none."""
    problems: list[Diagnostic] = []
    for key, supported in (("swagger", ("2.0",)), ("openapi", ("3.0", "3.1", "3.2"))):
        if key not in doc:
            continue
        value = doc[key]
        text = str(value) if isinstance(value, (str, int, float)) else ""
        match = _VERSION_RE.match(text.strip())
        version = f"{match.group(1)}.{match.group(2)}" if match else None
        if version in supported:
            # A YAML number (swagger: 2.0) still selects the validator; the meta-schema then
            # reports that the version must be a string.
            return version, []
        problems.append(
            Diagnostic(
                pointer(key),
                "error",
                "unsupported-spec-version",
                f"{key} version {_short(value)} is not one sdkgen can check "
                "(supported: Swagger 2.0 and OpenAPI 3.0, 3.1, 3.2)",
            )
        )
    if not problems:
        problems.append(
            Diagnostic(
                "",
                "error",
                "not-openapi",
                "the document is neither Swagger 2.0 nor OpenAPI 3.x: "
                "it has no 'swagger' or 'openapi' key",
            )
        )
    return None, problems[:1]


def _branches(error: ValidationError) -> dict[Any, list[ValidationError]]:
    groups: dict[Any, list[ValidationError]] = {}
    for sub in error.context or ():
        branch = sub.relative_schema_path[0] if sub.relative_schema_path else None
        groups.setdefault(branch, []).append(sub)
    return groups


_REF_BRANCH_SCORE: Final = 100
_DISCRIMINATOR_SCORE: Final = 10


def _mismatch_score(branch: list[ValidationError], instance: Any, depth_left: int = 8) -> int:
    """How clearly a oneOf/anyOf branch describes another kind of object (0: not at all).

    Points for failing on an enum value (many if the enum has one value, which then names the
    kind of object: ``type: apiKey`` vs ``oauth2``, ``in: path`` vs ``query``) or on the
    instance's own JSON type; most for being the Reference branch of an object without ``$ref``.
    A nested oneOf/anyOf counts as its best branch.
    """
    score = 0
    for sub in branch:
        depth = len(sub.relative_path)
        if sub.validator in ("enum", "const") and depth == 1:
            # A one-value enum (in: [body], type: [apiKey]) names the kind of object: strong.
            values = sub.validator_value
            single = sub.validator == "const" or (isinstance(values, list) and len(values) == 1)
            score += _DISCRIMINATOR_SCORE if single else 1
        elif sub.validator == "type" and depth == 0:
            score += 1
        elif (
            sub.validator == "required"
            and depth == 0
            and isinstance(instance, Mapping)
            and "$ref" not in instance
            and "$ref" in (sub.validator_value or ())
        ):
            score += _REF_BRANCH_SCORE
        elif sub.validator in ("oneOf", "anyOf") and depth == 0 and sub.context and depth_left:
            score += min(
                _mismatch_score(b, instance, depth_left - 1) for b in _branches(sub).values()
            )
    return score


def _refine(error: ValidationError, budget: int = 40) -> list[ValidationError]:
    """Replace an unhelpful oneOf/anyOf error by the sub-errors of the branch that was meant.

    When one branch is clearly the most plausible, all its errors are reported (each refined
    in turn); otherwise the error is kept and described as a whole.
    """
    if error.validator not in ("oneOf", "anyOf") or not error.context or budget <= 0:
        return [error]
    scored = sorted(
        (
            (_mismatch_score(b, error.instance), i, b)
            for i, b in enumerate(_branches(error).values())
        ),
        key=lambda item: (item[0], item[1]),
    )
    if len(scored) > 1 and scored[0][0] == scored[1][0]:
        return [error]
    refined: list[ValidationError] = []
    for sub in scored[0][2]:
        refined.extend(_refine(sub, budget - 1 - len(refined)))
    return refined or [error]


def _discriminator(error: ValidationError) -> tuple[str, list[Any]] | None:
    """(key, allowed values) when every branch fails on an enum/const of the same key."""
    key: str | None = None
    allowed: list[Any] = []
    for branch in _branches(error).values():
        hits = [
            sub
            for sub in branch
            if sub.validator in ("enum", "const") and len(sub.relative_path) == 1
        ]
        if len(hits) != 1 or (key is not None and hits[0].relative_path[0] != key):
            return None
        key = str(hits[0].relative_path[0])
        values = hits[0].validator_value
        for value in values if isinstance(values, list) else [values]:
            if value not in allowed:
                allowed.append(value)
    return (key, allowed) if key is not None else None


def _describe(error: ValidationError, tokens: Sequence[Token]) -> str:
    """A short sentence for a jsonschema error located at ``tokens``."""
    name = _thing_name(tokens)
    kind = error.validator
    value = error.validator_value
    instance = error.instance
    message = str(error.message)
    if kind == "required":
        if "then" in error.relative_schema_path and isinstance(instance, Mapping) and not instance:
            # OAS 3.1 says "if no status code, then 'default' is required": i.e. not empty.
            return f"{name} must not be empty"
        match = re.match(r"^'(.*)' is a required property$", message, re.S)
        missing = match.group(1) if match else str(value)
        return f"'{missing}' is required here but missing"
    if kind in ("minProperties", "minItems") or (
        kind == "not" and isinstance(instance, (Mapping, list)) and not instance
    ):
        if isinstance(instance, (Mapping, list)) and not instance:
            return f"{name} must not be empty"
        unit = "entries" if kind == "minProperties" else "items"
        return f"{name} must have at least {value} {unit}"
    if kind == "not" and isinstance(value, Mapping) and value.get("additionalProperties") is False:
        return f"{name} must contain at least one entry that is not an x- extension"
    if kind == "type":
        return f"expected {_expected(value)} here, found {_found(instance)}"
    if kind == "enum" and isinstance(value, list):
        options = ", ".join(_short(v, 30) for v in value[:12])
        more = ", ..." if len(value) > 12 else ""
        return f"{_short(instance)} is not allowed for {name}; expected one of {options}{more}"
    if kind == "const":
        return f"expected {_short(value)} here, found {_found(instance)}"
    if kind == "additionalProperties":
        unexpected = re.search(r"\((.*) (?:was|were) unexpected\)", message, re.S)
        if unexpected:
            return f"unexpected key {unexpected.group(1)} in {name}"
        regexes = re.match(r"^(.*) (?:does|do) not match any of the regexes: (.*)$", message, re.S)
        if regexes:
            return (
                f"unexpected key {regexes.group(1)} in {name}; "
                f"keys here must match {regexes.group(2)}"
            )
    if kind == "uniqueItems":
        return f"{name} must not contain duplicates"
    if kind == "pattern":
        return f"{_short(instance)} does not match the pattern {value!r}"
    if kind == "format":
        return f"{_short(instance)} is not a valid {value}"
    if kind in ("oneOf", "anyOf"):
        subs = list(error.context or ())
        if subs and all(s.validator == "type" and not s.relative_path for s in subs):
            wanted: list[str] = []
            for sub in subs:
                for t in [sub.validator_value] if isinstance(sub.validator_value, str) else []:
                    if t not in wanted:
                        wanted.append(t)
            return f"expected {_expected(wanted)} here, found {_found(instance)}"
        if "is valid under each of" in message:
            return f"{name} matches more than one of the allowed forms; it must match exactly one"
        discriminator = _discriminator(error)
        if discriminator is not None and isinstance(instance, Mapping):
            key, allowed = discriminator
            options = ", ".join(_short(v, 30) for v in allowed[:12])
            return (
                f"{_short(instance.get(key))} is not allowed for '{key}'; expected one of {options}"
            )
        closest = best_match(subs)
        hint = ""
        if closest is not None and closest is not error:
            inner = list(closest.absolute_path)[len(error.absolute_path) :]
            hint = "; closest problem: " + _describe(closest, [*tokens, *inner])
        return _clip(f"{name} does not match any of the allowed forms{hint}")
    return _clip(message)


_UNRESOLVED_PARAM_RE: Final = re.compile(
    r"^Path parameter '(.*)' for '(.*)' operation in '(.*)' was not resolved$", re.S
)
_DUPLICATE_OPID_RE: Final = re.compile(r"^Operation ID '(.*)' for '(.*)' in '(.*)' is not unique$")


def _exception_chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        current = todo.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        wrapped = getattr(current, "_wrapped", None)  # jsonschema's _WrappedReferencingError
        todo.extend(
            [current.__cause__, current.__context__]
            + ([wrapped] if isinstance(wrapped, BaseException) else [])
        )


def _crash_finding(exc: BaseException, ptr: str) -> _Finding:
    chain = list(_exception_chain(exc))
    for link in chain:
        if isinstance(link, _RemoteRefRefused):
            return (
                Diagnostic(
                    ptr,
                    "warning",
                    "remote-ref-not-fetched",
                    f"a $ref here points outside this document ({_short(link.uri, 120)}); "
                    "it was not fetched, so what it points to was not checked",
                ),
                ("remote-ref",),
            )
    for link in chain:
        if isinstance(link, PointerToNowhere):
            ref = str(link.ref)
            return (
                Diagnostic(
                    ptr,
                    "error",
                    "openapi-unresolvable-ref",
                    f"a $ref here cannot be resolved: nothing exists at '#{ref}'",
                ),
                ("local-ref", ref),
            )
    for link in chain:
        if isinstance(link, Unresolvable):
            return (
                Diagnostic(
                    ptr,
                    "error",
                    "openapi-unresolvable-ref",
                    _clip(f"a $ref here cannot be resolved: {_unresolvable_target(link)}"),
                ),
                None,
            )
    return (
        Diagnostic(
            ptr,
            "error",
            "validator-crashed",
            _clip(
                "openapi-spec-validator could not check this part of the document "
                f"({_exception_text(exc)})"
            ),
        ),
        None,
    )


def _unresolvable_target(exc: Unresolvable) -> str:
    anchor = getattr(exc, "anchor", None)
    if isinstance(anchor, str) and anchor:
        return f"there is no anchor '{anchor}'"
    return f"{_short(getattr(exc, 'ref', ''), 120)} ({type(exc).__name__})"


def _exception_text(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def related_pointers(a: str, b: str) -> bool:
    """Whether one pointer is the other or lies inside it."""
    return a == b or a.startswith(b + "/") or b.startswith(a + "/") or not a or not b


def _non_string_keys(doc: Mapping[str, Any], limit: int = 20) -> list[Diagnostic]:
    """JSON only has string keys; a mapping from elsewhere may not, and the validator chokes."""
    found: list[Diagnostic] = []
    stack: list[tuple[Any, tuple[Token, ...]]] = [(doc, ())]
    while stack and len(found) < limit:
        node, tokens = stack.pop()
        if isinstance(node, Mapping):
            for key, value in node.items():
                if not isinstance(key, str):
                    found.append(
                        Diagnostic(
                            pointer(*tokens),
                            "error",
                            "non-string-key",
                            f"key {_short(key)} is not a string; keys must be strings",
                        )
                    )
                    continue
                if isinstance(value, (Mapping, list)):
                    stack.append((value, (*tokens, key)))
        elif isinstance(node, list):
            stack.extend(
                (value, (*tokens, index))
                for index, value in enumerate(node)
                if isinstance(value, (Mapping, list))
            )
    return found


def _greedy_message(variable: str, label: str) -> str:
    # Worded the same from both sides: the validator reports the template variable "proxy+" as
    # undeclared and the parameter "proxy" as unused; it is one fact.
    return (
        f'path variable "{{{variable}}}" of {label} is declared as "{variable[:-1]}" '
        "(API Gateway's convention for greedy variables); strict OpenAPI requires a parameter "
        f'named "{variable}"'
    )


def _path_parameter_finding(
    doc: Mapping[str, Any], error: ValidationError, tokens: list[Token]
) -> _Finding:
    ptr = pointer(*tokens)
    match = _UNRESOLVED_PARAM_RE.match(str(error.message))
    if not match:
        return Diagnostic(
            ptr, "error", "openapi-unresolved-path-parameter", _clip(error.message)
        ), None
    name, method, url = match.groups()
    label = f"{method.upper()} {url}"
    template = _template_names(url)
    paths = doc.get("paths")
    path_item = paths.get(url) if isinstance(paths, Mapping) else None
    operation = path_item.get(method) if isinstance(path_item, Mapping) else None
    declared = _declared_path_names(doc, path_item, operation)
    if name in template:
        if name.endswith("+") and name[:-1] in declared:
            return (
                Diagnostic(
                    ptr,
                    "error",
                    "openapi-greedy-path-parameter",
                    _greedy_message(name, label),
                ),
                None,
            )
        return (
            Diagnostic(
                ptr,
                "error",
                "openapi-unresolved-path-parameter",
                f'path parameter "{name}" of {label} is used in the path but never declared',
            ),
            ("undeclared-path-parameter", ptr, name),
        )
    if f"{name}+" in template:
        return (
            Diagnostic(
                ptr,
                "error",
                "openapi-greedy-path-parameter",
                _greedy_message(f"{name}+", label),
            ),
            None,
        )
    return (
        Diagnostic(
            ptr,
            "error",
            "openapi-unresolved-path-parameter",
            f'path parameter "{name}" of {label} is declared but does not appear in the path',
        ),
        None,
    )


def _phase2_findings(doc: Mapping[str, Any], error: ValidationError) -> list[_Finding]:
    stamp = getattr(error, _STAMP_ATTR, None)
    base: tuple[Token, ...] = stamp.base if isinstance(stamp, _Stamp) else ()
    in_default = isinstance(stamp, _Stamp) and stamp.in_default
    if type(error) is OpenAPIValidationError or not isinstance(error, OpenAPIValidationError):
        # A jsonschema error (schema or default-value check): may need oneOf/anyOf refinement.
        findings: list[_Finding] = []
        for sub in _refine(error):
            tokens = _real_location(doc, (*base, *sub.absolute_path))
            findings.append(_schema_finding(doc, sub, tokens, in_default))
        return findings
    return [_keyword_finding(doc, error, _real_location(doc, base))]


def _keyword_finding(
    doc: Mapping[str, Any], error: ValidationError, tokens: list[Token]
) -> _Finding:
    ptr = pointer(*tokens)
    if isinstance(error, _CrashError):
        return _crash_finding(error.cause, ptr)
    if isinstance(error, UnresolvableParameterError):
        return _path_parameter_finding(doc, error, tokens)
    if isinstance(error, DuplicateOperationIDError):
        match = _DUPLICATE_OPID_RE.match(str(error.message))
        text = (
            f'operationId "{match.group(1)}" of {match.group(2).upper()} {match.group(3)} '
            "is not unique"
            if match
            else _clip(error.message)
        )
        return Diagnostic(ptr, "error", "openapi-duplicate-operation-id", text), (
            "duplicate-operation-id",
            ptr,
        )
    if isinstance(error, ParameterDuplicateError):
        match = re.match(r"^Duplicate parameter '(.*)'$", str(error.message), re.S)
        what = f"parameter '{match.group(1)}'" if match else "a parameter"
        return (
            Diagnostic(
                ptr,
                "error",
                "openapi-duplicate-parameter",
                f"{what} is declared more than once with the same location ('in')",
            ),
            None,
        )
    if isinstance(error, ExtraParametersError):
        return (
            Diagnostic(
                ptr,
                "error",
                "openapi-conformance",
                _clip(
                    "'required' lists properties that the schema does not define: "
                    + str(error.message).split(":", 1)[-1].strip()
                ),
            ),
            None,
        )
    return _schema_finding(doc, error, tokens, False)


def _schema_finding(
    doc: Mapping[str, Any], error: ValidationError, tokens: list[Token], in_default: bool
) -> _Finding:
    ptr = pointer(*tokens)
    if error.validator is None or str(error.validator) == "<unset>":
        text = str(error.message)
        if "is not of type 'object', 'boolean'" in text:
            text = f"expected an object here, found {_found(_walk(doc, tokens))}"
    else:
        text = _describe(error, tokens)
    if in_default:
        return (
            Diagnostic(
                ptr, "error", "openapi-invalid-default", _clip(f"default value is invalid: {text}")
            ),
            None,
        )
    return Diagnostic(ptr, "error", "openapi-conformance", _clip(text)), None


def conformance_findings(doc: Mapping[str, Any]) -> list[_Finding]:
    if not isinstance(doc, Mapping):
        return [(Diagnostic("", "error", "not-a-mapping", "the document is not an object"), None)]
    version, problems = _detect_version(doc)
    if version is None:
        return [(d, None) for d in problems]
    data = doc if isinstance(doc, dict) else dict(doc)
    findings: list[_Finding] = [(d, None) for d in _non_string_keys(doc)]

    # Phase 1: the document against the OpenAPI meta-schema (every error, not just the first).
    try:
        for error in _meta_validator(version).iter_errors(data):
            for sub in _refine(error):
                tokens = list(sub.absolute_path)
                findings.append(
                    (
                        Diagnostic(
                            pointer(*tokens), "error", "openapi-conformance", _describe(sub, tokens)
                        ),
                        None,
                    )
                )
    except Exception as exc:
        findings.append(_crash_finding(exc, ""))

    # Phase 2: openapi-spec-validator's semantic checks (paths, parameters, operationIds,
    # schemas, default values). These are the second half of SpecValidator.iter_errors, run
    # directly so that each error can be located and a crash stays local (and so the validator's
    # per-instance lru_cache does not keep every checked document alive).
    structural = [
        d.pointer for d, _ in findings if d.severity == "error" and d.code != "validator-crashed"
    ]
    phase_one = len(findings)
    try:
        schema_path = SchemaPath.from_dict(
            data, base_uri="", handlers=_NO_FETCH_HANDLERS, resolved_cache_maxsize=128
        )
        validator = _spec_validator_class(version)(schema_path)
        for error in validator.root_validator(validator.schema_path):
            findings.extend(_phase2_findings(doc, error))
    except Exception as exc:
        findings.append(_crash_finding(exc, ""))
    # A crash where the structure is already reported broken only repeats that problem, and
    # the schema checks of phase 2 repeat the meta-schema's verdict on the same spot.
    findings = findings[:phase_one] + [
        (d, key)
        for d, key in findings[phase_one:]
        if not (
            d.code == "validator-crashed"
            and any(related_pointers(d.pointer, p) for p in structural)
        )
        and not (d.code == "openapi-conformance" and d.pointer in structural)
    ]

    # Report one fact once: identical wording at one place, and each remote reference once.
    unique: list[_Finding] = []
    seen: set[tuple[str, str]] = set()
    for diagnostic, key in findings:
        identity = (
            ("remote", diagnostic.message)
            if diagnostic.code == "remote-ref-not-fetched"
            else (diagnostic.pointer, diagnostic.message)
        )
        if identity not in seen:
            seen.add(identity)
            unique.append((diagnostic, key))
    return unique
