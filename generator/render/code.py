"""Python sources of a generated package (besides models): views of the IR for templates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from generator import GENERATOR_NAME, __version__, ir
from generator.naming import NameRegistry, constant_case, docstring_text, markdown_text, py_literal
from generator.render.jinja import render

ANY_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")


@dataclass(frozen=True)
class PackageNames:
    dist_name: str  # PEP 503 distribution name
    import_name: str  # import package
    env_prefix: str  # environment variables prefix
    version: str


_NAME_OR_STRING = re.compile(r"'[^']*'|\"[^\"]*\"|[A-Za-z_][A-Za-z0-9_]*")
_DEFAULT_STYLES = {"path": "simple", "query": "form", "header": "simple", "cookie": "form"}


def _qualified(type_: ir.TypeRef) -> str:
    """The annotation with each model named through the models module (``_models.Pet``)."""
    models = set(type_.models)
    return _NAME_OR_STRING.sub(
        lambda m: f"_models.{m.group(0)}" if m.group(0) in models else m.group(0),
        type_.annotation,
    )


def _runtime_type(type_: ir.TypeRef | None, lazy_models: bool = False) -> str:
    """The expression generated code gives the runtime for a body of this type; with
    ``lazy_models``, a type naming models is resolved on first use (`Lazy`), so a module of
    operations does not import every model it mentions."""
    if type_ is None:
        return "None"
    if lazy_models and type_.models:
        return f"Lazy(lambda: {_qualified(type_)})"
    return type_.annotation


def _param_declaration(p: ir.Parameter) -> str:
    args = [py_literal(p.wire_name), py_literal(p.location)]
    style = p.style or _DEFAULT_STYLES[p.location]
    if style != _DEFAULT_STYLES[p.location]:
        args.append(f"style={py_literal(style)}")
    if p.explode != (style == "form"):
        args.append(f"explode={p.explode}")
    if p.greedy:
        args.append("greedy=True")
    if p.nullable:
        args.append("nullable=True")
    if p.deprecated:
        args.append("deprecated=True")
    return f"Param({', '.join(args)})"


def _encoding(enc: ir.BodyEncoding) -> str:
    args = []
    if enc.content_type:
        args.append(f"content_type={py_literal(enc.content_type)}")
    if enc.style != "form":
        args.append(f"style={py_literal(enc.style)}")
    if enc.explode != (enc.style == "form"):
        args.append(f"explode={enc.explode}")
    return f"Encoding({', '.join(args)})"


def _pagination(p: ir.Pagination) -> str:
    return (
        f"Pagination({py_literal(p.kind)}, {py_literal(p.request_param)},"
        f" {py_literal(p.items_field)}, {py_literal(p.next_field)})"
    )


def _docstring(op: ir.Operation) -> str:
    parts: list[str] = []
    head = op.summary or f"{op.method} {op.document_path}"
    parts.append(head)
    if op.description and op.description != op.summary:
        parts.append(op.description)
    args = [
        f"{p.python_name}: {p.description or p.location + ' parameter ' + repr(p.wire_name)}"
        + (" (deprecated)" if p.deprecated else "")
        for p in op.signature_parameters
    ]
    if op.body is not None:
        args.insert(0, f"{op.body.python_name}: {op.body.description or 'request body'}")
    if args:
        parts.append("Args:\n" + "\n".join("    " + a for a in args))
    if op.summary:
        parts.append(f"``{op.method} {op.document_path}``")
    if op.deprecated:
        parts.append("Deprecated.")
    if op.pagination is not None:
        parts.append(
            "Returns a page: iterate it for the items of every page (fetched as needed),"
            " or use ``.iter_pages()``; ``.response`` is the page as the API returned it."
        )
    text = docstring_text("\n\n".join(parts), indent="        ")
    return text + "\n        " if "\n" in text else text


def _arguments(op: ir.Operation, *, without: frozenset[str] = frozenset()) -> list[str]:
    """Required arguments first; an optional one defaults to `NOT_GIVEN` (nothing sent) and
    takes ``None`` only where its schema is nullable. ``without``: parameters (Python names)
    left out."""
    required: list[str] = []
    optional: list[str] = []
    if op.method == "ANY":
        required.append("method: Literal[" + ", ".join(py_literal(m) for m in ANY_METHODS) + "]")
    for p in op.parameters:
        if p.location == "path":
            required.append(f"{p.python_name}: {p.type.annotation}")
    if op.body is not None:
        annotation = _body_annotation(op.body)
        if op.body.required:
            required.append(f"{op.body.python_name}: {annotation}")
        else:
            optional.append(f"{op.body.python_name}: {annotation} | NotGiven = NOT_GIVEN")
    for p in op.parameters:
        if p.location == "path" or p.python_name in without:
            continue
        annotation = p.type.annotation + (" | None" if p.nullable and not p.type.is_any else "")
        if p.required:
            required.append(f"{p.python_name}: {annotation}")
        else:
            optional.append(f"{p.python_name}: {annotation} | NotGiven = NOT_GIVEN")
    return required + optional


def _body_annotation(body: ir.Body) -> str:
    """The body argument's type: multipart bodies also take a mapping of fields, where files
    are bytes or ``(filename, bytes, content_type)`` tuples."""
    annotation = body.type.annotation
    if body.kind == "multipart" and annotation != "Any":
        return f"{annotation} | Mapping[str, object]"
    return annotation


def _accept(op: ir.Operation) -> str | None:
    """``Accept`` for the documented success media types (API Gateway returns binary bodies
    decoded only when ``Accept`` names a binary media type)."""
    media_types: list[str] = []
    for response in op.success:
        if response.media_type and response.media_type not in media_types:
            media_types.append(response.media_type)
    return ", ".join(media_types) or None


def _deprecation(op: ir.Operation) -> str | None:
    if not op.deprecated:
        return None
    return py_literal(f"{op.method} {op.document_path} is deprecated")


def _deprecated_optional(op: ir.Operation) -> list[str]:
    """Python names of the deprecated parameters a call may leave out (a required one is
    passed by every call: it warns at run time only)."""
    return [p.python_name for p in op.parameters if p.deprecated and not p.required]


def marks_deprecated(op: ir.Operation) -> bool:
    """Whether an operation's methods are marked with ``typing_extensions.deprecated``: the
    operation, or some of its optional parameters, are deprecated."""
    return op.deprecated or bool(_deprecated_optional(op))


def _deprecated_parameters(op: ir.Operation) -> dict[str, Any] | None:
    """Two overloads for a method with deprecated optional parameters, so that a type checker
    flags a call passing one (PEP 702): the first without them, the second, `deprecated`,
    with all of them. A call that passes none matches the first; any other, the second only."""
    names = _deprecated_optional(op)
    if not names:
        return None
    listed = ", ".join(repr(name) for name in names)
    what = f"parameters {listed} are" if len(names) > 1 else f"parameter {listed} is"
    return {
        "arguments": _arguments(op, without=frozenset(names)),
        "message": py_literal(f"{what} deprecated ({op.method} {op.document_path})"),
    }


def _operation_view(op: ir.Operation, spec_name: str, lazy_models: bool) -> dict[str, Any]:
    pagination = op.pagination
    return {
        "spec_name": spec_name,
        "python_name": op.python_name,
        "method_literal": py_literal(op.method),
        "path_literal": py_literal(op.path),
        "params": [
            {
                "declaration": _param_declaration(p),
                "wire_literal": py_literal(p.wire_name),
                "python_name": p.python_name,
            }
            for p in op.parameters
        ],
        "body": op.body,
        "body_kind_literal": py_literal(op.body.kind if op.body else None),
        "body_media_literal": py_literal(op.body.media_type if op.body else None),
        "encoding": [(py_literal(name), _encoding(enc)) for name, enc in op.body.encoding]
        if op.body
        else [],
        "success": [
            {
                "status_literal": py_literal(r.status),
                "runtime_type": _runtime_type(r.type, lazy_models),
            }
            for r in op.success
        ],
        "errors": [
            {
                "status_literal": py_literal(r.status),
                "runtime_type": _runtime_type(r.type, lazy_models),
            }
            for r in op.errors
            if r.type is not None
        ],
        "returns_any": op.returns.is_any,
        "returns_runtime": _runtime_type(op.returns, lazy_models),
        "returns_operation": op.returns.annotation,
        "security": [[py_literal(k) for k in alt] for alt in op.security],
        "arguments": _arguments(op),
        "returns": op.returns.annotation,
        "docstring": _docstring(op),
        "is_any_method": op.method == "ANY",
        "accept_literal": py_literal(_accept(op)),
        "deprecated_literal": _deprecation(op),
        "overload": _deprecated_parameters(op),
        "pagination": _pagination(pagination) if pagination else None,
        "item_type": pagination.item_type.annotation if pagination else None,
    }


def resource_doc(resource: ir.Resource, *, indent: str) -> str:
    """A resource's docstring: what it is, and its operations."""
    lines = [f"Operations of `{resource.python_name}`:", ""]
    for op in resource.operations:
        summary = op.summary or f"{op.method} {op.document_path}"
        lines.append(f"- ``{op.python_name}``: {summary}")
    text = docstring_text("\n".join(lines), indent=indent)
    return text + "\n" + indent if "\n" in text else text


def render_resource(resource: ir.Resource, *, lazy_models: bool = False) -> str:
    """One resource module. With ``lazy_models`` (models split into modules loaded on first
    use), it imports models for type checkers only and names them through the models module
    in functions the runtime calls on first use."""
    models: set[str] = set()
    for op in resource.operations:
        models.update(op.returns.models)
        for r in (*op.success, *op.errors):
            if r.type is not None:
                models.update(r.type.models)
        if op.body is not None:
            models.update(op.body.type.models)
        for p in op.parameters:
            models.update(p.type.models)
        if op.pagination is not None:
            models.update(op.pagination.item_type.models)
    # One constant per operation: unique in the module whatever the method names clip to.
    constants = NameRegistry()
    operations = [
        _operation_view(op, constants.claim("_" + constant_case(op.python_name)), lazy_models)
        for op in resource.operations
    ]
    return render(
        "resource.py.j2",
        resource=resource,
        resource_doc=resource_doc(resource, indent="    "),
        operations=operations,
        model_imports=sorted(models),
        lazy_models=lazy_models,
        needs_type_checking=bool(models) and lazy_models,
        uses_deprecated=any(marks_deprecated(op) for op in resource.operations),
        uses_overload=any(v["overload"] for v in operations),
        uses_encoding=any(op.body is not None and op.body.encoding for op in resource.operations),
        uses_pagination=any(op.pagination is not None for op in resource.operations),
        generator=GENERATOR_NAME,
        generator_version=__version__,
    )


def render_client(api: ir.Api, names: PackageNames) -> str:
    server = api.servers[0] if api.servers else None
    schemes = [
        {
            "key_literal": py_literal(s.key),
            "kind_literal": py_literal(s.kind),
            "location_literal": py_literal(s.location),
            "name_literal": py_literal(s.wire_name),
            "prefix_literal": py_literal(s.prefix),
        }
        for s in api.security_schemes
    ]
    resources = [
        {
            "python_name": r.python_name,
            "class_name": r.class_name,
            "module": r.module,
            "doc": resource_doc(r, indent="        "),
        }
        for r in api.resources
    ]
    return render(
        "client.py.j2",
        api={"title_doc": docstring_text(api.title, indent="    ")},
        resources=resources,
        resource_names=", ".join(f"``{r.python_name}``" for r in api.resources) or "none",
        schemes=schemes,
        env_prefix=names.env_prefix,
        env_prefix_literal=py_literal(names.env_prefix),
        user_agent_literal=py_literal(
            f"{names.dist_name}/{names.version} (python; {GENERATOR_NAME})"
        ),
        default_base_url_literal=py_literal(server.url if server else None),
        stage_template_literal=py_literal(server.stage_template if server else None),
        default_stage=server.stage if server else None,
        default_stage_literal=py_literal(server.stage if server else None),
        uses_sigv4="sigv4" in api.auth_kinds,
        default_stage_doc=docstring_text(server.stage if server and server.stage else ""),
        generator=GENERATOR_NAME,
        generator_version=__version__,
    )


def render_init(api: ir.Api, names: PackageNames) -> str:
    return render(
        "init.py.j2",
        title_doc=docstring_text(api.title),
        uses_pagination=any(op.pagination is not None for op in api.operations),
        version_literal=py_literal(names.version),
        generator=GENERATOR_NAME,
        generator_version=__version__,
    )


def example_call(
    op: ir.Operation,
    *,
    assign: bool = True,
    via: str = "",
    overrides: dict[str, str] | None = None,
) -> str:
    """A usage line for the README: required arguments filled with placeholder values.

    ``via`` goes between the resource and the method (e.g. ``with_raw_response.``);
    ``overrides`` replaces the placeholder of an argument.
    """
    args: list[str] = []
    if op.method == "ANY":
        args.append('method="GET"')
    for p in op.signature_parameters:
        if p.required:
            args.append(f"{p.python_name}={_placeholder(p.type.annotation)}")
    if op.body is not None and op.body.required:
        args.append(f"{op.body.python_name}={_placeholder(op.body.type.annotation, model=True)}")
    for name, value in (overrides or {}).items():
        args = [a for a in args if not a.startswith(name + "=")] + [f"{name}={value}"]
    call = f"client.{op.resource}.{via}{op.python_name}({', '.join(args)})"
    return call if op.returns.annotation == "None" or not assign else f"result = {call}"


def _placeholder(annotation: str, *, model: bool = False) -> str:
    simple = {"str": '"..."', "int": "1", "float": "1.0", "bool": "True", "bytes": 'b"..."'}
    if annotation in simple:
        return simple[annotation]
    if annotation.startswith("Literal["):
        return annotation[len("Literal[") :].split(",")[0].rstrip("]")
    if annotation.startswith("list["):
        return "[]"
    if annotation.startswith("dict["):
        return "{}"
    return f"models.{annotation}(...)" if model and annotation.isidentifier() else "..."


def markdown(text: str | None) -> str:
    return markdown_text(text)
