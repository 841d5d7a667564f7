"""Signing in and out, as journalists and editors do."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_login_page_has_labelled_fields(client):
    page = client.get(reverse("login")).content.decode()
    assert '<label for="id_username">Username' in page
    assert '<label for="id_password">Password' in page


def test_wrong_password_is_refused_with_a_message(client, journalist):
    response = client.post(reverse("login"), {"username": "jo", "password": "not-the-password"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_sign_in_then_out(client, journalist):
    response = client.post(reverse("login"), {"username": "jo", "password": "pw-journalist-1"})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.session[SESSION_KEY] == str(journalist.pk)
    assert "Signed in as <strong>jo</strong>" in client.get(reverse("home")).content.decode()

    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert SESSION_KEY not in client.session
    assert "Sign in" in client.get(reverse("home")).content.decode()


def test_sign_in_rotates_the_session_key(client, journalist):
    client.get(reverse("login"))
    client.session.save()
    before = client.session.session_key
    client.post(reverse("login"), {"username": "jo", "password": "pw-journalist-1"})
    assert client.session.session_key != before


def test_logout_refuses_get(client, journalist):
    client.force_login(journalist)
    assert client.get(reverse("logout")).status_code == 405
    assert client.session[SESSION_KEY] == str(journalist.pk)
