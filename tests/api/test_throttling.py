"""Throttling: per token for the newsroom's requests, per address for those
without a valid token, answered 429 with Retry-After; the address is the
client's as sign-in throttling reads it (TRUSTED_PROXIES respected)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from ninja import NinjaAPI

from claims.api.throttling import THROTTLES, client_address, take
from tests.api.tokens import make_token

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/newsroom/token"


@pytest.fixture
def low_rates(settings):
    settings.API_RATE_TOKEN = (2, 60)
    settings.API_RATE_ANONYMOUS = (3, 60)


def test_each_token_has_its_own_allowance(client, journalist, editor, low_rates):
    mine, theirs = make_token(journalist), make_token(editor)
    assert [client.get(TOKEN_URL, headers=mine.headers).status_code for _ in range(2)] == [200, 200]
    refused = client.get(TOKEN_URL, headers=mine.headers)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert client.get(TOKEN_URL, headers=theirs.headers).status_code == 200


def test_a_token_is_counted_whatever_address_it_comes_from(client, journalist, low_rates):
    token = make_token(journalist)
    for address in ("203.0.113.1", "203.0.113.2"):
        assert client.get(TOKEN_URL, headers=token.headers, REMOTE_ADDR=address).status_code == 200
    assert client.get(TOKEN_URL, headers=token.headers, REMOTE_ADDR="203.0.113.3").status_code == 429


def test_refused_tokens_are_counted_per_address(client, journalist, low_rates):
    bad = {"Authorization": "Bearer cc_guessing-at-a-token-000000000000000000000"}
    answers = [client.get(TOKEN_URL, headers=bad, REMOTE_ADDR="198.51.100.7").status_code for _ in range(4)]
    assert answers == [401, 401, 401, 429]
    refused = client.get(TOKEN_URL, headers=bad, REMOTE_ADDR="198.51.100.7")
    assert int(refused["Retry-After"]) >= 1
    # Another address, and a good token from the same one, are not held up.
    assert client.get(TOKEN_URL, headers=bad, REMOTE_ADDR="198.51.100.8").status_code == 401
    token = make_token(journalist)
    assert client.get(TOKEN_URL, headers=token.headers, REMOTE_ADDR="198.51.100.7").status_code == 200


@pytest.fixture
def open_api():
    """An endpoint without a token, as the public part's are, behind the
    API's throttles."""
    api = NinjaAPI(urls_namespace="throttle-test", throttle=THROTTLES, openapi_url=None)

    @api.get("/open")
    def open_endpoint(request):
        return {"ok": True}

    view = next(p.callback for p in api.urls[0] if p.name == "open_endpoint")
    return lambda request: view(request)


def test_requests_without_a_token_are_counted_per_address(open_api, low_rates):
    factory = RequestFactory()
    first = [open_api(factory.get("/open", REMOTE_ADDR="192.0.2.1")).status_code for _ in range(4)]
    assert first == [200, 200, 200, 429]
    assert open_api(factory.get("/open", REMOTE_ADDR="192.0.2.2")).status_code == 200
    refused = open_api(factory.get("/open", REMOTE_ADDR="192.0.2.1"))
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60


def test_behind_proxies_the_address_is_the_one_the_trusted_proxy_saw(settings):
    settings.TRUSTED_PROXIES = 1
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 192.0.2.9")
    assert client_address(request) == "192.0.2.9"
    settings.TRUSTED_PROXIES = 0
    assert client_address(request) == "10.0.0.1"


def test_a_window_ends_and_the_count_starts_again():
    rate = (2, 60)
    assert take("test", rate, now=600.0) is None
    assert take("test", rate, now=610.0) is None
    assert take("test", rate, now=620.0) == 40.0
    assert take("test", rate, now=660.0) is None
