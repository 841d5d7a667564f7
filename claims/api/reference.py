"""The API's reference page, for people: every operation of the OpenAPI
document, grouped by tag, with its parameters, request body and the fields
of each response, and an example ``curl`` request. Rendered on the server
from ``api.get_openapi_schema()``, the same document tools read, so the two
never disagree; no script, nothing fetched from elsewhere."""

from __future__ import annotations

import json
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import slugify
from ninja import NinjaAPI

METHODS = ("get", "post", "put", "patch", "delete")
# How deep nested objects are spelled out (``items[].speaker.name`` is three).
MAX_DEPTH = 4
# Example values for path parameters in the curl requests, by name.
EXAMPLE_PATH_VALUES = {"id": "1", "slug": "sergei-lavrov"}


@dataclass(frozen=True)
class Row:
    name: str
    type: str
    required: bool
    description: str = ""
    where: str = ""  # for parameters: query, path, header


@dataclass
class Response:
    status: str
    description: str
    rows: list[Row]

    @property
    def caption(self) -> str:
        return f"The {self.status} answer"


@dataclass
class Operation:
    method: str
    path: str
    summary: str
    description: str
    anchor: str
    parameters: list[Row]
    body: list[Row]
    responses: list[Response]
    curl: str
    needs_token: bool


@dataclass
class Tag:
    name: str
    anchor: str
    operations: list[Operation] = field(default_factory=list)


class Document:
    """The OpenAPI document, read for people: ``$ref`` followed, nullable
    types written "or null", nested objects spelled out as dotted names."""

    def __init__(self, schema: dict) -> None:
        self.schema = schema
        self.components = schema.get("components", {}).get("schemas", {})

    def resolve(self, node: dict) -> tuple[dict, str]:
        """The schema ``node`` stands for, and its component's name if a reference."""
        ref = node.get("$ref", "")
        if ref:
            name = ref.rsplit("/", 1)[-1]
            return self.components.get(name, {}), name
        return node, ""

    def type_of(self, node: dict) -> str:
        node, name = self.resolve(node)
        if name:
            return name
        for combinator in ("anyOf", "oneOf", "allOf"):
            if combinator in node:
                return " or ".join(self.type_of(option) for option in node[combinator])
        if "const" in node:
            return json.dumps(node["const"])
        if "enum" in node:
            return "one of " + ", ".join(json.dumps(value) for value in node["enum"])
        kind = node.get("type", "any")
        if kind == "array":
            return f"array of {self.type_of(node.get('items', {}))}"
        if kind == "object" and isinstance(node.get("additionalProperties"), dict):
            return f"object of {self.type_of(node['additionalProperties'])} by name"
        return f"{kind} ({node['format']})" if "format" in node else kind

    def _inner(self, node: dict) -> list[tuple[dict, str, str]]:
        """The objects a property holds (itself, as an array's items, or
        any of several), each with the suffix its fields' names take and
        its name."""
        node, name = self.resolve(node)
        options = [option for option in node.get("anyOf", []) if option.get("type") != "null"]
        if options:
            return [found for option in options for found in self._inner(option)]
        if node.get("type") == "array":
            return [
                (obj, "[]." + suffix.removeprefix("."), inner)
                for obj, suffix, inner in self._inner(node.get("items", {}))
            ]
        if node.get("properties"):
            return [(node, ".", name)]
        return []

    def rows(self, node: dict, prefix: str = "", seen: tuple[str, ...] = (), label: str = "") -> list[Row]:
        """The fields of ``node``, nested ones after their parent as dotted
        names; ``label`` names which of several kinds of object they are in."""
        node, name = self.resolve(node)
        seen = (*seen, name) if name else seen
        required = set(node.get("required", []))
        rows = []
        for prop, spec in node.get("properties", {}).items():
            full = prefix + prop
            description = spec.get("description", "") or self.resolve(spec)[0].get("description", "")
            if label:
                description = f"In a {label}. {description}".strip()
            rows.append(Row(full, self.type_of(spec), prop in required, description))
            inners = [found for found in self._inner(spec) if found[2] not in seen]
            if full.count(".") >= MAX_DEPTH:
                continue
            for obj, suffix, inner in inners:
                rows.extend(self.rows(obj, full + suffix, (*seen, inner), inner if len(inners) > 1 else ""))
        return rows


def _body_example(document: Document, node: dict) -> dict[str, Any]:
    """A JSON skeleton of the body's required fields, for the curl example."""
    node, _name = document.resolve(node)
    placeholders = {"integer": 0, "number": 0, "boolean": False, "array": [], "object": {}}
    example = {}
    for prop in node.get("required", []):
        spec, _ = document.resolve(node.get("properties", {}).get(prop, {}))
        example[prop] = spec.get("default", placeholders.get(spec.get("type", ""), "…"))
    return example


def _curl(method: str, url: str, *, token: bool, body: dict | None) -> str:
    """The request as a shell command; the token stays a shell variable."""
    parts = ["curl"]
    if method != "get":
        parts += ["-X", method.upper()]
    if token:
        parts += ["-H", '"Authorization: Bearer $COUNTERCLAIM_TOKEN"']
    if body is not None:
        body_text = json.dumps(body, ensure_ascii=False)
        parts += ["-H", shlex.quote("Content-Type: application/json"), "-d", shlex.quote(body_text)]
    parts.append(shlex.quote(url))
    return " ".join(parts)


def _parameter(document: Document, parameter: dict) -> Row:
    schema = parameter.get("schema", {})
    return Row(
        parameter["name"],
        document.type_of(schema),
        parameter.get("required", False),
        parameter.get("description", "") or schema.get("description", ""),
        parameter.get("in", ""),
    )


def _operation(
    document: Document, method: str, path: str, spec: dict, absolute: Callable[[str], str]
) -> Operation:
    parameters = [_parameter(document, parameter) for parameter in spec.get("parameters", [])]
    body_schema = spec.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
    responses = []
    for status, answer in spec.get("responses", {}).items():
        content = answer.get("content", {}).get("application/json", {}).get("schema")
        rows = document.rows(content) if content else []
        responses.append(Response(str(status), answer.get("description", ""), rows))
    example_path = path
    if any(parameter.name == "limit" for parameter in parameters):
        example_path += "?limit=2"
    for name, value in EXAMPLE_PATH_VALUES.items():
        example_path = example_path.replace("{" + name + "}", value)
    needs_token = bool(spec.get("security"))
    example_body = _body_example(document, body_schema) if body_schema else None
    return Operation(
        method=method.upper(),
        path=path,
        summary=spec.get("summary", ""),
        description=spec.get("description", ""),
        anchor=slugify(f"{method}-{path}"),
        parameters=parameters,
        body=document.rows(body_schema) if body_schema else [],
        responses=responses,
        curl=_curl(method, absolute(example_path), token=needs_token, body=example_body),
        needs_token=needs_token,
    )


def tags_of(schema: dict, absolute: Callable[[str], str]) -> list[Tag]:
    """Every operation of the document, by its first tag, in the document's order."""
    document = Document(schema)
    tags: dict[str, Tag] = {}
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            if method not in item:
                continue
            spec = item[method]
            name = (spec.get("tags") or ["other"])[0]
            tag = tags.setdefault(name, Tag(name, slugify(f"tag-{name}")))
            tag.operations.append(_operation(document, method, path, spec, absolute))
    return list(tags.values())


def reference_page(api: NinjaAPI) -> Callable[[HttpRequest], HttpResponse]:
    """The page's view, for ``api``."""

    def reference(request: HttpRequest) -> HttpResponse:
        schema = api.get_openapi_schema()
        return render(
            request,
            "api/reference.html",
            {
                "info": schema.get("info", {}),
                "tags": tags_of(schema, request.build_absolute_uri),
                "openapi_url": reverse("api:openapi-json"),
            },
        )

    return reference
