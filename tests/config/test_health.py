"""``/healthz`` answers a constant, without the database, to anyone."""

import pytest
from django.test import override_settings


def test_healthz_answers_ok_without_touching_the_database(client):
    # No django_db mark: pytest-django makes any query in this test raise.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"] == "text/plain; charset=utf-8"


@pytest.mark.django_db
def test_healthz_is_not_redirected_to_https(client):
    # A load balancer's plain-HTTP check must not read a redirect as "down".
    with override_settings(SECURE_SSL_REDIRECT=True):
        assert client.get("/healthz").status_code == 200
        assert client.get("/").status_code == 301


def test_healthz_refuses_a_post(client):
    assert client.post("/healthz").status_code == 405
