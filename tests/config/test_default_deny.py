"""Default deny: a view nobody marked public is for signed-in users only,
without any decorator of its own (LoginRequiredMiddleware)."""

import pytest
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import path

from tests.factories import make_user

pytestmark = pytest.mark.django_db


def forgotten(request: HttpRequest) -> HttpResponse:
    """A new view whose author forgot to think about access."""
    return HttpResponse("internal notes")


@login_not_required
def public(request: HttpRequest) -> HttpResponse:
    return HttpResponse("for everyone")


urlpatterns = [
    path("forgotten/", forgotten),
    path("public/", public),
    path("accounts/login/", public, name="login"),
]


@pytest.fixture(autouse=True)
def these_urls(settings) -> None:
    settings.ROOT_URLCONF = __name__


def test_a_view_not_marked_public_sends_readers_to_sign_in(client):
    response = client.get("/forgotten/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/forgotten/"
    assert client.post("/forgotten/").status_code == 302


def test_a_view_not_marked_public_answers_a_signed_in_user(client):
    client.force_login(make_user())

    assert client.get("/forgotten/").content == b"internal notes"


def test_a_view_marked_public_answers_readers(client):
    assert client.get("/public/").content == b"for everyone"
