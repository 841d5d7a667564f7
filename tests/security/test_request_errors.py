"""Malformed requests get a plain error page, never a 500: page numbers past
any page, a form body in a charset the site does not read, and methods the
pages do not answer (TRACE, and OPTIONS outside the API and the annotation
endpoints, which answer it themselves)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

HUGE_PAGE = "500000000000000000"


@pytest.mark.parametrize("name", ["workspace:claims", "workspace:speakers", "sources:list"])
@pytest.mark.parametrize("number", [HUGE_PAGE, "9223372036854775808"])
def test_a_workspace_list_answers_a_page_far_past_its_end_with_its_last_page(journalist, name, number):
    # Django's Paginator counts first and answers the last page, so the
    # database never sees an offset past 2**63 (pinned since browse did).
    client = Client(enforce_csrf_checks=True)
    client.force_login(journalist)
    assert client.get(reverse(name), {"page": number}).status_code == 200


# --- A form body in another charset ---------------------------------------------------

UTF16_FORM = "application/x-www-form-urlencoded; charset=utf-16"
CSRF_COOKIE = "a" * 32


def _post_in_utf16(client: Client, url: str):
    client.cookies["csrftoken"] = CSRF_COOKIE
    client.raise_request_exception = False
    return client.post(url, data=b"a=1", content_type=UTF16_FORM)


@pytest.mark.parametrize("url", ["/", reverse("claims:browse"), reverse("login")])
def test_a_form_in_utf16_is_a_plain_400_on_public_pages(url):
    response = _post_in_utf16(Client(enforce_csrf_checks=True), url)
    assert response.status_code == 400
    assert "We could not understand that request" in response.content.decode()


@pytest.mark.parametrize("name", ["workspace:dashboard", "workspace:claims", "sources:import"])
def test_a_form_in_utf16_is_a_plain_400_in_the_workspace(journalist, name):
    client = Client(enforce_csrf_checks=True)
    client.force_login(journalist)
    response = _post_in_utf16(client, reverse(name))
    assert response.status_code == 400
    assert "We could not understand that request" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/claims/",
        "/api/v1/newsroom/claims/",
        "/claims/annotations/1/",
        "/claims/sources/1/annotations/",
    ],
)
def test_a_form_in_utf16_never_fails_the_api_or_the_annotation_endpoints(url):
    assert _post_in_utf16(Client(enforce_csrf_checks=True), url).status_code < 500


# --- TRACE and OPTIONS ----------------------------------------------------------------

PAGES = ["/", reverse("claims:browse"), "/feeds/verdicts/", "/sitemap.xml", "/robots.txt", reverse("login")]
WORKSPACE = [reverse("workspace:dashboard"), reverse("sources:import"), "/admin/"]


def _refused(response) -> bool:
    return response.status_code == 405 and "GET" in response["Allow"] and b"<html" not in response.content


@pytest.mark.parametrize("method", ["TRACE", "OPTIONS"])
@pytest.mark.parametrize("url", PAGES + WORKSPACE)
def test_trace_and_options_are_refused_on_pages_for_anyone(journalist, method, url):
    signed_in = Client()
    signed_in.force_login(journalist)
    for client in (Client(), signed_in):
        assert _refused(client.generic(method, url)), (method, url)


OWN_OPTIONS = ["/claims/annotations/1/", "/claims/sources/1/annotations/", "/api/v1/claims/"]


@pytest.mark.parametrize("url", OWN_OPTIONS)
def test_trace_is_refused_on_the_api_and_the_annotation_endpoints(url):
    assert Client().generic("TRACE", url).status_code == 405


def test_a_page_that_does_not_exist_is_still_a_404():
    assert Client().generic("TRACE", "/nowhere/").status_code == 404


def test_the_api_answers_options_itself():
    response = Client().options("/api/v1/claims/")
    assert response.status_code == 405 and response["Content-Type"].startswith("application/json")
