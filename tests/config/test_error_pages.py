"""Styled error pages that say what happened in plain words and leak
nothing; server errors are logged with the request id the page shows."""

import logging
import re

import pytest
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path, reverse

from config import urls as site_urls
from config.errors import server_error
from config.request_id import HEADER, NO_REQUEST, RequestIdFilter
from tests.factories import make_user

SECRET_DETAIL = "the database password is hunter2"


@login_not_required
def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError(SECRET_DETAIL)


# The site's own routes plus one that fails; the site's own handler500.
urlpatterns = [path("boom/", boom), *site_urls.urlpatterns]
handler500 = site_urls.handler500


@pytest.fixture
def failing_site(settings) -> None:
    settings.ROOT_URLCONF = __name__


# What an error page must never show: the error, a path, a setting.
LEAKS = (SECRET_DETAIL, "RuntimeError", "Traceback", "/work/", "site-packages", "SECRET_KEY", "DEBUG")


def assert_leaks_nothing(page: str) -> None:
    for leak in LEAKS:
        assert leak not in page


# 404, 403, 400


@pytest.mark.django_db
def test_a_missing_page_is_a_styled_404_that_does_not_echo_the_address(client):
    response = client.get("/no-such-page-<script>/")
    page = response.content.decode()

    assert response.status_code == 404
    assert "We could not find that page" in page
    assert f'<a href="{reverse("home")}">Go to the home page</a>' in page
    assert 'class="site-header"' in page
    assert "no-such-page" not in page
    assert_leaks_nothing(page)


@pytest.mark.django_db
def test_a_refused_page_is_a_styled_403_without_the_exceptions_words(client):
    client.force_login(make_user())  # an account in neither group has no workspace

    response = client.get(reverse("workspace:dashboard"))
    page = response.content.decode()

    assert response.status_code == 403
    assert "You are not allowed to do that" in page
    assert "Go to the home page" in page
    assert "Only journalists and editors" not in page
    assert_leaks_nothing(page)


@pytest.mark.django_db
def test_a_failed_csrf_check_is_the_styled_403(journalist):
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("login"), {"username": "jo", "password": "pw-journalist-1"})
    page = response.content.decode()

    assert response.status_code == 403
    assert "Your form could not be sent" in page
    assert "reload the page and try again" in page
    assert 'class="site-header"' in page
    assert "CSRF" not in page
    assert_leaks_nothing(page)


@pytest.mark.django_db
def test_a_host_the_site_does_not_serve_is_a_styled_400(client):
    response = client.get(reverse("home"), HTTP_HOST="evil.example")
    page = response.content.decode()

    assert response.status_code == 400
    assert "We could not understand that request" in page
    assert "evil.example" not in page
    assert_leaks_nothing(page)


# 500


@pytest.mark.django_db
def test_a_server_error_is_a_styled_500_with_the_request_id(client, failing_site):
    client.raise_request_exception = False

    response = client.get("/boom/")
    page = response.content.decode()

    assert response.status_code == 500
    assert "Something went wrong on our side" in page
    request_id = response[HEADER]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    assert f"<code>{request_id}</code>" in page
    assert '<a href="/">Go to the home page</a>' in page
    assert_leaks_nothing(page)


@pytest.mark.django_db
def test_a_server_error_is_logged_with_the_request_id(client, failing_site, caplog, settings):
    client.raise_request_exception = False

    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/boom/")

    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.request_id == response[HEADER]
    assert record.exc_info[0] is RuntimeError
    # The id is in the line the console prints too.
    console = logging.Formatter(settings.LOGGING["formatters"]["with_request_id"]["format"])
    assert f"[{response[HEADER]}] django.request: Internal Server Error: /boom/" in console.format(record)


def test_the_500_page_renders_without_the_database(rf):
    # No django_db mark: any query here would fail the test.
    request = rf.get("/")
    request.request_id = "0123456789abcdef"

    response = server_error(request)

    assert response.status_code == 500
    assert "<code>0123456789abcdef</code>" in response.content.decode()


# The request id


@pytest.mark.django_db
def test_a_sane_incoming_request_id_is_kept(client):
    response = client.get(reverse("login"), HTTP_X_REQUEST_ID="lb-4f2a9c1e-0001")

    assert response[HEADER] == "lb-4f2a9c1e-0001"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "incoming", ["short", "with space 12345", "x" * 65, "abc\ndef-forged-line", "<b>12345678</b>"]
)
def test_an_unsafe_incoming_request_id_is_replaced(client, incoming):
    response = client.get(reverse("login"), HTTP_X_REQUEST_ID=incoming)

    assert response[HEADER] != incoming
    assert re.fullmatch(r"[0-9a-f]{32}", response[HEADER])


def test_a_log_line_outside_any_request_has_a_dash_for_its_id():
    record = logging.LogRecord("claims", logging.INFO, __file__, 1, "a management command ran", None, None)

    assert RequestIdFilter().filter(record) is True
    assert record.request_id == NO_REQUEST
