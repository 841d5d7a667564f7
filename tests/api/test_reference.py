"""The API's reference page, read as a browser reads it (html5lib): every
operation of the OpenAPI document is on it, with its parameters and the
fields of its answers, and the page is accessible and self-contained."""

from __future__ import annotations

from xml.etree.ElementTree import Element

import pytest
from django.urls import reverse

from claims.api.app import api
from claims.api.reference import METHODS
from tests.parsing import parse, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(client) -> Element:
    response = client.get(reverse("api:api-reference"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    return parse(response.content)


def operations() -> list[tuple[str, str, dict]]:
    schema = api.get_openapi_schema()
    return [
        (method, path, item[method])
        for path, item in schema["paths"].items()
        for method in METHODS
        if method in item
    ]


def section_of(page: Element, method: str, path: str) -> Element:
    heading = f"{method.upper()} {path}"
    for section in page.iter("section"):
        h3 = next(section.iter("h3"), None)
        if h3 is not None and text_of(h3).startswith(heading) and section.get("class") == "api-operation":
            return section
    raise AssertionError(f"{heading} is not on the reference page")


def first_cells(section: Element) -> set[str]:
    return {text_of(th) for th in section.iter("th") if th.get("scope") == "row"}


def test_every_path_and_method_of_the_schema_is_on_the_page(page):
    found = operations()
    assert len(found) >= 7  # the public part at least
    for method, path, _spec in found:
        section_of(page, method, path)


def test_each_operation_lists_its_parameters_and_its_responses_fields(page):
    schema = api.get_openapi_schema()
    components = schema["components"]["schemas"]
    for method, path, spec in operations():
        section = section_of(page, method, path)
        cells = first_cells(section)
        for parameter in spec.get("parameters", []):
            assert parameter["name"] in cells, f"{method} {path}: parameter {parameter['name']}"
        headings = [text_of(h5) for h5 in section.iter("h5")]
        for status, answer in spec["responses"].items():
            assert any(h.startswith(str(status)) for h in headings), f"{method} {path}: response {status}"
            ref = answer.get("content", {}).get("application/json", {}).get("schema", {}).get("$ref", "")
            if ref:
                for field in components[ref.rsplit("/", 1)[-1]].get("properties", {}):
                    assert field in cells, f"{method} {path}: field {field} of the {status} answer"


def test_nested_fields_are_spelled_out_with_their_paths(page):
    cells = first_cells(section_of(page, "get", "/api/v1/claims/{id}/"))
    assert {"speaker.name", "appearances[].source.title", "relations[].claim.verdict.rating.slug"} <= cells
    # Both kinds of W3C selector are described.
    assert {"appearances[].selector[].exact", "appearances[].selector[].start"} <= cells


def test_each_operation_has_an_example_curl_request(page):
    for method, path, _spec in operations():
        code = [text_of(pre) for pre in section_of(page, method, path).iter("pre")]
        assert code and code[0].startswith("curl "), f"{method} {path}"
    example = text_of(next(section_of(page, "get", "/api/v1/claims/").iter("pre")))
    assert example == "curl 'http://testserver/api/v1/claims/?limit=2'"


def test_the_page_links_the_openapi_document(page):
    hrefs = [a.get("href") for a in page.iter("a")]
    assert reverse("api:openapi-json") in hrefs


def test_tables_have_captions_and_header_cells_with_scope(page):
    tables = list(page.iter("table"))
    assert tables
    for table in tables:
        assert table.find("caption") is not None
        for th in table.iter("th"):
            assert th.get("scope") in ("col", "row")


def test_the_headings_go_down_one_level_at_a_time(page):
    levels = [int(element.tag[1]) for element in page.iter() if element.tag in {f"h{n}" for n in range(1, 7)}]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))


def test_the_page_runs_no_script_of_its_own_and_fetches_nothing_from_elsewhere(page):
    scripts = list(page.iter("script"))
    # Only the site layout's own htmx, from our static files, as on every page.
    assert all((script.get("src") or "").startswith("/static/") for script in scripts)
    assert all(not (script.text or "").strip() for script in scripts)
    for element in page.iter():
        for attribute in ("src", "href"):
            value = element.get(attribute) or ""
            assert not value.startswith(("http:", "https:", "//")) or value.startswith("http://testserver/")


def test_the_footer_of_every_page_links_the_reference(client):
    home = parse(client.get(reverse("home")).content)
    footer = next(home.iter("footer"))
    assert [a.get("href") for a in footer.iter("a") if text_of(a) == "API"] == [reverse("api:api-reference")]
