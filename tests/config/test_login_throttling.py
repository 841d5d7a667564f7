"""Brute-force protection on sign-in (django-axes): failures lock a username
from one address only, for a cool-off, with a message saying when to try
again."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from config.client_address import client_address
from tests.factories import make_user

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.7"
ELSEWHERE = "198.51.100.23"
PASSWORD = "pw-journalist-1"


def sign_in(client: Client, username: str, password: str, address: str):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def fail_until_locked(client: Client, username: str, address: str, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = sign_in(client, username, "a-wrong-guess", address)
    return response


def is_signed_in(client: Client) -> bool:
    return SESSION_KEY in client.session


def test_the_limit_and_cool_off_are_explicit(settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_failures_below_the_limit_only_say_the_password_was_wrong(client, journalist, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = sign_in(client, "jo", "a-wrong-guess", ATTACKER)

    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
    assert sign_in(client, "jo", PASSWORD, ATTACKER).status_code == 302
    assert is_signed_in(client)


def test_the_failure_limit_locks_that_username_from_that_address(client, journalist, settings):
    response = fail_until_locked(client, "jo", ATTACKER, settings)
    assert response.status_code == 429

    # Even the right password is refused now, from that address.
    response = sign_in(client, "jo", PASSWORD, ATTACKER)

    assert response.status_code == 429
    assert not is_signed_in(client)


def test_the_same_username_still_signs_in_from_another_address(client, journalist, settings):
    fail_until_locked(client, "jo", ATTACKER, settings)

    response = sign_in(Client(), "jo", PASSWORD, ELSEWHERE)

    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_another_username_still_signs_in_from_the_same_address(client, journalist, settings):
    make_user(username="colleague", password="pw-colleague-1")
    fail_until_locked(client, "jo", ATTACKER, settings)

    response = sign_in(client, "colleague", "pw-colleague-1", ATTACKER)

    assert response.status_code == 302
    assert is_signed_in(client)


def test_the_lock_ends_after_the_cool_off(client, journalist, settings):
    fail_until_locked(client, "jo", ATTACKER, settings)
    assert sign_in(client, "jo", PASSWORD, ATTACKER).status_code == 429

    # Time travel: the last failure was a cool-off and a minute ago.
    last_failure = AccessAttempt.objects.get().attempt_time
    AccessAttempt.objects.update(
        attempt_time=last_failure - settings.AXES_COOLOFF_TIME - timedelta(minutes=1)
    )

    assert sign_in(client, "jo", PASSWORD, ATTACKER).status_code == 302
    assert is_signed_in(client)


def test_a_success_resets_the_count(client, journalist, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "jo", "a-wrong-guess", ATTACKER)
    assert sign_in(client, "jo", PASSWORD, ATTACKER).status_code == 302
    client.post(reverse("logout"))

    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "jo", "a-wrong-guess", ATTACKER)

    assert sign_in(client, "jo", PASSWORD, ATTACKER).status_code == 302


def test_the_lockout_is_the_sign_in_page_saying_when_to_try_again(client, journalist, settings):
    response = fail_until_locked(client, "jo", ATTACKER, settings)
    page = response.content.decode()

    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    assert response.templates[0].name == "registration/login.html"
    assert "Signing in is paused." in page
    assert 'too many failed attempts to sign in as <strong dir="auto">jo</strong>' in page
    assert "Try again in 15 minutes, after" in page
    retry_at = AccessAttempt.objects.get().attempt_time + settings.AXES_COOLOFF_TIME
    assert f'<time datetime="{retry_at.isoformat(timespec="seconds")}">{retry_at:%H:%M} UTC</time>' in page
    # The form is still there (for another account), styled like every page.
    assert '<label for="id_username">Username' in page
    assert 'class="site-header"' in page


def test_the_lockout_keeps_a_safe_next_page_only(client, journalist, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "jo", "a-wrong-guess", ATTACKER)
    workspace = reverse("workspace:dashboard")

    kept = client.post(
        reverse("login"),
        {"username": "jo", "password": "a-wrong-guess", "next": workspace},
        REMOTE_ADDR=ATTACKER,
    )
    dropped = client.post(
        reverse("login"),
        {"username": "jo", "password": "a-wrong-guess", "next": "https://evil.example/"},
        REMOTE_ADDR=ATTACKER,
    )

    assert f'name="next" value="{workspace}"' in kept.content.decode()
    assert 'name="next" value=""' in dropped.content.decode()


def test_the_admin_sign_in_is_throttled_too(client, settings):
    make_user(username="root", password="pw-admin-1", is_staff=True, is_superuser=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(
            reverse("admin:login"), {"username": "root", "password": "guess"}, REMOTE_ADDR=ATTACKER
        )

    assert response.status_code == 429
    assert "Signing in is paused." in response.content.decode()


# The client's address, directly and behind proxies


def request_from(rf, remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return rf.get("/", **extra)


def test_without_proxies_the_address_is_the_connections(rf, settings):
    settings.TRUSTED_PROXIES = 0

    # A client cannot pick its own address with the header.
    assert client_address(request_from(rf, ATTACKER, forwarded=ELSEWHERE)) == ATTACKER


def test_behind_one_proxy_the_address_is_the_one_it_appended(rf, settings):
    settings.TRUSTED_PROXIES = 1

    # The client forged the first entry; the proxy appended the real one.
    assert client_address(request_from(rf, "10.0.0.2", forwarded=f"{ELSEWHERE}, {ATTACKER}")) == ATTACKER


def test_behind_two_proxies_the_address_is_the_second_from_the_right(rf, settings):
    settings.TRUSTED_PROXIES = 2

    forwarded = f"{ELSEWHERE}, {ATTACKER}, 10.0.0.1"
    assert client_address(request_from(rf, "10.0.0.2", forwarded=forwarded)) == ATTACKER


@pytest.mark.parametrize("forwarded", [None, "", "not-an-address"])
def test_a_missing_or_unreadable_header_falls_back_to_the_connection(rf, settings, forwarded):
    settings.TRUSTED_PROXIES = 1

    assert client_address(request_from(rf, "10.0.0.2", forwarded=forwarded)) == "10.0.0.2"


def test_behind_a_proxy_each_client_is_locked_out_alone(client, journalist, settings):
    settings.TRUSTED_PROXIES = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("login"),
            {"username": "jo", "password": "a-wrong-guess"},
            HTTP_X_FORWARDED_FOR=ATTACKER,
            **proxy,
        )

    response = Client().post(
        reverse("login"), {"username": "jo", "password": PASSWORD}, HTTP_X_FORWARDED_FOR=ELSEWHERE, **proxy
    )

    assert response.status_code == 302
