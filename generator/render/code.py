"""Python sources of a generated package (besides models): views of the IR for templates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from generator import GENERATOR_NAME, __version__, ir
from generator.builder.types import annotation
from generator.naming import docstring_text, markdown_text, py_literal
from generator.render.jinja import render
from generator.render.models import ModelWriter, import_lines

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
    if p.key:
        args.append(f"key={py_literal(p.key)}")
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


def _names(path: tuple[str, ...]) -> str:
    """A tuple literal with no trailing comma the formatter would keep (one item: ``("a",)``)."""
    if len(path) == 1:
        return f"({py_literal(path[0])},)"
    return "(" + ", ".join(py_literal(n) for n in path) + ")"


def _pagination(p: ir.Pagination) -> str:
    args = [py_literal(p.kind), py_literal(p.request_key), _names(p.items_path)]
    if p.next_path:
        args.append(_names(p.next_path))
    if p.start != 1:
        args.append(f"start={p.start}")
    return f"Pagination({', '.join(args)})"


def _docstring(op: ir.Operation, note: str | None = None) -> str:
    parts: list[str] = []
    head = op.summary or f"{op.method} {op.document_path}"
    parts.append(head)
    if note:
        parts.append(note)
    if op.description and op.description != op.summary:
        parts.append(op.description)
    args = [
        f"{p.python_name}: {p.description or p.location + ' parameter ' + repr(p.wire_name)}"
        + (" (deprecated)" if p.deprecated else "")
        for p in op.signature_parameters
    ]
    if op.body is not None:
        body_args = [
            f"{a.python_name}: {a.description or 'body property ' + repr(a.wire_name)}"
            + (" (deprecated)" if a.deprecated else "")
            for a in op.body.arguments
        ]
        what = op.body.description or "request body"
        if body_args:
            what += " (instead of the arguments above)"
        at = len(op.path_parameters)
        args[at:at] = [*body_args, f"{op.body.python_name}: {what}"]
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


@dataclass
class _Annotations:
    """Writes the annotations of body arguments (as models' ``__init__`` does), collecting the
    names the module must import."""

    writer: ModelWriter

    def of(self, type_: ir.Type) -> str:
        return self.writer.annotation(type_, plain=True)


def _signatures(op: ir.Operation, annotations: _Annotations) -> tuple[list[str], list[list[str]]]:
    """The method's arguments (one line each), and its overloads' when it has them.

    Path parameters come first and may be passed positionally, in path order (``method``
    first for API Gateway's ANY); everything else is keyword-only. Required arguments come
    before optional ones; an optional one defaults to `NOT_GIVEN` (nothing sent) and takes
    ``None`` only where its schema is nullable. A JSON object body also takes its properties
    as keyword arguments: with required ones, two overloads say "the properties" or
    ``body=``."""
    positional: list[str] = []
    if op.method == "ANY":
        positional.append("method: Literal[" + ", ".join(py_literal(m) for m in ANY_METHODS) + "]")
    for p in op.path_parameters:
        positional.append(f"{p.python_name}: {p.type.annotation}")
    required: list[str] = []
    optional: list[str] = []
    for p in op.parameters:
        if p.location == "path":
            continue
        annotation = p.type.annotation + (" | None" if p.nullable and not p.type.is_any else "")
        if p.required:
            required.append(f"{p.python_name}: {annotation}")
        else:
            optional.append(f"{p.python_name}: {annotation} | NotGiven = NOT_GIVEN")
    body = op.body

    def line(args: list[str], req: list[str], opt: list[str]) -> list[str]:
        return [a + "," for a in positional] + ["*,"] + [a + "," for a in req + args + opt]

    if body is None:
        return line([], required, optional), []
    annotation = _body_annotation(body)
    if not body.arguments:
        if body.required:
            return line([], [*required, f"{body.python_name}: {annotation}"], optional), []
        given = f"{body.python_name}: {annotation} | NotGiven = NOT_GIVEN"
        return line([], required, [given, *optional]), []
    fields_required: list[str] = []
    fields_optional: list[str] = []
    fields_all: list[str] = []
    for a in body.arguments:
        text = annotations.of(a.type)
        fields_all.append(f"{a.python_name}: {text} | NotGiven = NOT_GIVEN")
        if a.required:
            fields_required.append(f"{a.python_name}: {text}")
        else:
            fields_optional.append(f"{a.python_name}: {text} | NotGiven = NOT_GIVEN")
    whole = f"{body.python_name}: {annotation} | NotGiven = NOT_GIVEN"
    implementation = line([], required, [*fields_all, whole, *optional])
    if not body.required_arguments:
        return implementation, []
    with_fields = line([], [*required, *fields_required], [*fields_optional, *optional])
    body_given = [f"{body.python_name}: {annotation}"] if body.required else []
    with_body = line([], [*required, *body_given], ([] if body.required else [whole]) + optional)
    return implementation, [with_fields, with_body]


def _body_annotation(body: ir.Body) -> str:
    """The body argument's type: multipart bodies also take a mapping of fields, where files
    are bytes or ``(filename, bytes, content_type)`` tuples; JSON object bodies a mapping of
    properties."""
    annotation = body.type.annotation
    if body.kind == "multipart" and annotation != "Any":
        return f"{annotation} | Mapping[str, object]"
    if body.arguments:
        return f"{annotation} | Mapping[str, Any]"
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


def _body_expression(op: ir.Operation) -> str | None:
    """What the method passes as ``body=``: the body argument, or the model its properties
    build (`body_from_fields`)."""
    body = op.body
    if body is None:
        return None
    if not body.arguments:
        return body.python_name
    fields = ", ".join(f"{py_literal(a.wire_name)}: {a.python_name}" for a in body.arguments)
    return (
        f"body_from_fields({op.constant}, {body.python_name}, {{{fields}}},"
        f" required={body.required})"
    )


def _declaration_view(op: ir.Operation, lazy_models: bool) -> dict[str, Any]:
    """The module constant that describes ``op`` to the runtime."""
    body_model = None
    if op.body is not None and op.body.model is not None:
        body_model = _runtime_type(ir.TypeRef(op.body.model, (op.body.model,)), lazy_models)
    return {
        "constant": op.constant,
        "method_literal": py_literal(op.method),
        "path_literal": py_literal(op.path),
        "params": [_param_declaration(p) for p in op.parameters],
        "body": op.body,
        "body_kind_literal": py_literal(op.body.kind if op.body else None),
        "body_media_literal": py_literal(op.body.media_type if op.body else None),
        "body_model": body_model,
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
        "accept_literal": py_literal(_accept(op)),
        "deprecated_literal": _deprecation(op),
        "pagination": _pagination(op.pagination) if op.pagination else None,
    }


def _deprecated_optional(op: ir.Operation) -> list[str]:
    """Python names of the deprecated parameters a call may leave out (a required one is
    passed by every call: it warns at run time only)."""
    return [p.python_name for p in op.parameters if p.deprecated and not p.required]


def marks_deprecated(op: ir.Operation) -> bool:
    """Whether an operation's methods are marked with ``typing_extensions.deprecated``: the
    operation, or some of its optional parameters, are deprecated."""
    return op.deprecated or bool(_deprecated_optional(op))


def _overloads(
    op: ir.Operation, arguments: list[str], signatures: list[list[str]]
) -> list[dict[str, Any]]:
    """The method's overloads: its signatures (see `_signatures`), and, when it has deprecated
    optional parameters, each twice so that a type checker flags a call passing one (PEP 702):
    first without them, then, ``deprecated``, with all of them. A call that passes none
    matches the first; any other, the second only."""
    plain: list[dict[str, Any]] = [{"arguments": s, "deprecated": None} for s in signatures]
    names = _deprecated_optional(op)
    if not names:
        return plain
    listed = ", ".join(repr(name) for name in names)
    what = f"parameters {listed} are" if len(names) > 1 else f"parameter {listed} is"
    message = py_literal(f"{what} deprecated ({op.method} {op.document_path})")
    bases = signatures or [arguments]
    kept = [[a for a in s if a.split(":", 1)[0] not in names] for s in bases]
    return [{"arguments": s, "deprecated": None} for s in kept] + [
        {"arguments": s, "deprecated": message} for s in bases
    ]


def _method_view(
    op: ir.Operation,
    annotations: _Annotations,
    *,
    name: str | None = None,
    deprecated: str | None = None,
    note: str | None = None,
    import_from: str | None = None,
) -> dict[str, Any]:
    """One method of a resource class: ``op``'s own, or (``name``) a deprecated alias of it."""
    pagination = op.pagination
    arguments, signatures = _signatures(op, annotations)
    overloads = _overloads(op, arguments, signatures)
    return {
        "python_name": name or op.python_name,
        "constant": op.constant,
        "import_from": import_from,
        "deprecated_literal": deprecated or _deprecation(op),
        "arguments": arguments,
        "overloads": overloads,
        "returns_sync": f"SyncPage[{pagination.item_type.annotation}]"
        if pagination
        else op.returns.annotation,
        "returns_async": f"AsyncPaginator[{pagination.item_type.annotation}]"
        if pagination
        else op.returns.annotation,
        "docstring": _docstring(op, note),
        "values": [(py_literal(p.value_key), p.python_name) for p in op.parameters],
        "body_expression": _body_expression(op),
        "is_any_method": op.method == "ANY",
        "paginated": pagination is not None,
    }


def resource_doc(resource: ir.Resource, api: ir.Api | None = None, *, indent: str) -> str:
    """A resource's docstring: what it is, its nested resources and its operations."""
    lines = [f"Operations of `{resource.dotted}`:", ""]
    for op in resource.operations:
        summary = op.summary or f"{op.method} {op.document_path}"
        lines.append(f"- ``{op.python_name}``: {summary}")
    if resource.children:
        if resource.operations:
            lines.append("")
        lines.append("Nested resources:")
        lines.append("")
        for child in resource.children:
            found = api.resource(child) if api is not None else None
            count = len(found.operations) if found is not None else 0
            lines.append(f"- ``{child.rsplit('.', 1)[-1]}``: {count} operation(s)")
    for alias in resource.aliases:
        target = alias.target
        lines.append(
            f"- ``{alias.name}``: deprecated, use ``client.{target.resource}.{target.python_name}``"
        )
    text = docstring_text("\n".join(lines), indent=indent)
    return text + "\n" + indent if "\n" in text else text


def _alias_message(alias: ir.Alias) -> str:
    target = alias.target
    return (
        f"client.{alias.resource}.{alias.name}() is deprecated;"
        f" use client.{target.resource}.{target.python_name}()"
    )


def render_resource(
    resource: ir.Resource,
    *,
    lazy_models: bool = False,
    api: ir.Api | None = None,
) -> str:
    """One resource module. With ``lazy_models`` (models split into modules loaded on first
    use), it imports models for type checkers only and names them through the models module
    in functions the runtime calls on first use."""
    index = api.model_index if api is not None else {}
    annotations = _Annotations(ModelWriter(index))
    models: set[str] = set()
    targets = [*resource.operations, *(a.target for a in resource.aliases)]
    for op in targets:
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
    methods = [_method_view(op, annotations) for op in resource.operations]
    for alias in resource.aliases:
        target = alias.target
        here = any(op.constant == target.constant for op in resource.operations)
        module = None if here or api is None else _module_of(api, target)
        methods.append(
            _method_view(
                target,
                annotations,
                name=alias.name,
                deprecated=py_literal(_alias_message(alias)),
                note=f"Deprecated: use ``client.{target.resource}.{target.python_name}()``.",
                import_from=module,
            )
        )
    shadowed = _shadowed(resource, methods)
    if shadowed:
        for m in methods:
            _qualify(m, shadowed)
    models.update(annotations.writer.refers)
    uses = set(annotations.writer.uses) - {"Literal", "Any"}
    extra_imports = [
        line
        for line in import_lines(uses, relative="..")
        if line and not line.startswith("from __future__")
    ]
    children = []
    for child in resource.children:
        found = api.resource(child) if api is not None else None
        if found is not None:
            children.append(
                {
                    "python_name": found.python_name,
                    "class_name": found.class_name,
                    "module": found.module,
                    "doc": resource_doc(found, api, indent="        "),
                }
            )
    declarations = [_declaration_view(op, lazy_models) for op in resource.operations]
    lazy_types = [
        t
        for d in declarations
        for t in (
            d["body_model"],
            d["returns_runtime"],
            *(r["runtime_type"] for r in d["success"] + d["errors"]),
        )
        if t
    ]
    return render(
        "resource.py.j2",
        resource=resource,
        resource_doc=resource_doc(resource, api, indent="    "),
        declarations=declarations,
        methods=methods,
        children=children,
        model_imports=sorted(models),
        extra_imports=extra_imports,
        lazy_models=lazy_models,
        needs_type_checking=bool(models) and lazy_models,
        uses_deprecated=any(
            m["deprecated_literal"] or any(o["deprecated"] for o in m["overloads"]) for m in methods
        ),
        uses_encoding=any(op.body is not None and op.body.encoding for op in resource.operations),
        uses_pagination=any(op.pagination is not None for op in targets),
        uses_lazy=any(t.startswith("Lazy(") for t in lazy_types),
        uses_overload=any(m["overloads"] for m in methods),
        uses_body_fields=any("body_from_fields(" in (m["body_expression"] or "") for m in methods),
        uses_resource_property=bool(children),
        uses_builtins=bool(shadowed),
        generator=GENERATOR_NAME,
        generator_version=__version__,
    )


# Builtins annotations name: a method or nested resource of the same name hides them from the
# annotations of the class's later methods (for type checkers), so there they are qualified.
_BUILTIN_TYPES = frozenset(
    {"list", "dict", "str", "int", "float", "bool", "bytes", "set", "tuple", "type", "object"}
)


def _shadowed(resource: ir.Resource, methods: list[dict[str, Any]]) -> frozenset[str]:
    names = {m["python_name"] for m in methods} | {c.rsplit(".", 1)[-1] for c in resource.children}
    return frozenset(names & _BUILTIN_TYPES)


def _qualify(method: dict[str, Any], shadowed: frozenset[str]) -> None:
    """``builtins.list[...]`` in a method's annotations where the class has a ``list``."""

    def fix(text: str) -> str:
        return _NAME_OR_STRING.sub(
            lambda m: f"builtins.{m.group(0)}" if m.group(0) in shadowed else m.group(0), text
        )

    method["arguments"] = [fix(a) for a in method["arguments"]]
    method["overloads"] = [
        {**o, "arguments": [fix(a) for a in o["arguments"]]} for o in method["overloads"]
    ]
    for key in ("returns_sync", "returns_async"):
        method[key] = fix(method[key])
    method["uses_builtins"] = True


def _module_of(api: ir.Api, op: ir.Operation) -> str | None:
    found = api.resource(op.resource)
    return found.module if found is not None else None


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
    top = api.top_level_resources
    resources = [
        {
            "python_name": r.python_name,
            "class_name": r.class_name,
            "module": r.module,
            "doc": resource_doc(r, api, indent="        "),
        }
        for r in top
    ]
    return render(
        "client.py.j2",
        api={"title_doc": docstring_text(api.title, indent="    ")},
        resources=resources,
        resource_names=", ".join(f"``{r.python_name}``" for r in top) or "none",
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


def example_arguments(op: ir.Operation) -> list[str]:
    """The arguments the README's call of ``op`` shows: the HTTP method of an ANY operation
    and the path parameters positionally, in path order, then every other required argument
    by keyword (a JSON object body by its required properties). Values are placeholders from
    the types; this is the one place that chooses them."""
    args: list[str] = []
    if op.method == "ANY":
        args.append('"GET"')
    for p in op.path_parameters:
        args.append(_placeholder(p.type.annotation))
    for p in op.signature_parameters:
        if p.required and p.location != "path":
            args.append(f"{p.python_name}={_placeholder(p.type.annotation)}")
    body = op.body
    if body is not None and body.arguments:
        for a in body.required_arguments:
            args.append(f"{a.python_name}={_placeholder(annotation(a.type), model=True)}")
    elif body is not None and body.required:
        args.append(f"{body.python_name}={_placeholder(body.type.annotation, model=True)}")
    return args


def example_call(
    op: ir.Operation,
    *,
    assign: bool = True,
    via: str = "",
    overrides: dict[str, str] | None = None,
) -> str:
    """A usage line for the README (see `example_arguments`).

    ``via`` goes between the resource and the method (e.g. ``with_raw_response.``);
    ``overrides`` replaces the value of a keyword argument (or adds it).
    """
    args = example_arguments(op)
    overridden = overrides or {}
    if op.body is not None and op.body.python_name in overridden:
        # the whole body given: not its properties
        names = {a.python_name for a in op.body.arguments}
        args = [a for a in args if a.split("=", 1)[0] not in names]
    for name, value in overridden.items():
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
