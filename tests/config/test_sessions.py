"""Sessions rotate at sign-in, end at sign-out, and end when the account is
deactivated."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_signing_in_gives_a_new_session_key(client, journalist):
    client.get(reverse("login"))
    client.session.save()
    before = client.session.session_key

    client.post(reverse("login"), {"username": "jo", "password": "pw-journalist-1"})

    assert client.session[SESSION_KEY] == str(journalist.pk)
    assert client.session.session_key != before
    assert not SessionStore().exists(before)


def test_signing_out_ends_the_session(client, journalist):
    client.post(reverse("login"), {"username": "jo", "password": "pw-journalist-1"})
    key = client.session.session_key

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert not SessionStore().exists(key)
    assert client.get(reverse("workspace:dashboard")).status_code == 302


def test_a_deactivated_accounts_session_no_longer_signs_in(client, journalist):
    client.force_login(journalist)
    key = client.session.session_key
    assert client.get(reverse("workspace:dashboard")).status_code == 200

    journalist.is_active = False
    journalist.save()
    response = client.get(reverse("workspace:dashboard"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    # The session itself is gone, so reactivating the account does not
    # bring it back to life.
    assert not SessionStore().exists(key)
    journalist.is_active = True
    journalist.save()
    assert client.get(reverse("workspace:dashboard")).status_code == 302
