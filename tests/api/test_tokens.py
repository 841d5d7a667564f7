"""A personal API token's life: made and shown once, stored hashed,
recognised, refused when revoked, expired, read-only for a write, or its
owner's account closed."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from claims.domain.tokens import SECRET_PREFIX, create_token, revoke_token, verify_token
from claims.models import APIToken
from sources.models import Source
from tests.api.tokens import make_token
from tests.factories import make_user

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/newsroom/token"
SOURCES_URL = "/api/v1/newsroom/sources"


def test_a_token_is_stored_as_the_hash_of_its_secret_never_the_secret(journalist):
    made = create_token(owner=journalist, name="CMS", scope=APIToken.Scope.WRITE)
    assert made.secret.startswith(SECRET_PREFIX)
    assert len(made.secret) > 40
    stored = APIToken.objects.get()
    assert stored.secret_hash == hashlib.sha256(made.secret.encode()).hexdigest()
    assert made.secret[:11] == stored.prefix
    row = APIToken.objects.filter(pk=stored.pk).values().get()
    assert made.secret not in {str(value) for value in row.values()}


def test_the_secret_authenticates_and_a_near_miss_does_not(journalist):
    made = create_token(owner=journalist, name="CMS")
    assert verify_token(made.secret) == made.token
    assert verify_token(made.secret[:-1] + ("A" if made.secret[-1] != "A" else "B")) is None
    assert verify_token(made.secret.removeprefix(SECRET_PREFIX)) is None
    assert verify_token("") is None


def test_only_journalists_and_editors_make_tokens(db):
    with pytest.raises(PermissionDenied):
        create_token(owner=make_user(), name="mine")


def test_a_token_needs_a_name_and_a_future_expiry(journalist):
    with pytest.raises(ValidationError) as refused:
        create_token(owner=journalist, name="  ", expires_at=timezone.now() - dt.timedelta(days=1))
    assert set(refused.value.message_dict) == {"name", "expires_at"}
    assert not APIToken.objects.exists()


def test_the_token_endpoint_says_who_the_token_acts_as(client, editor):
    token = make_token(editor, scope=APIToken.Scope.READ, name="dashboard")
    response = client.get(TOKEN_URL, headers=token.headers)
    assert response.status_code == 200
    assert response.json() | {"expires_at": None} == {
        "name": "dashboard",
        "prefix": token.token.prefix,
        "scope": "read",
        "expires_at": None,
        "username": editor.username,
        "can_review": True,
        "can_publish": True,
    }


def test_no_token_is_401_with_www_authenticate(client):
    response = client.get(TOKEN_URL)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "Authorization: Bearer" in response.json()["detail"]


@pytest.mark.parametrize("header", ["Bearer cc_notatoken", "Bearer ", "Basic dXNlcjpwYXNz", "cc_notatoken"])
def test_a_bad_token_is_401_with_www_authenticate(client, journalist, header):
    make_token(journalist)
    response = client.get(TOKEN_URL, headers={"Authorization": header})
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_session_is_not_a_token(client, journalist):
    # The API answers tools, not browsers: a signed-in session (and its
    # cookie, which a page on another site could make a browser send) does
    # not authenticate.
    client.force_login(journalist)
    assert client.get(TOKEN_URL).status_code == 401


def test_a_revoked_token_is_refused(client, journalist):
    token = make_token(journalist)
    assert client.get(TOKEN_URL, headers=token.headers).status_code == 200
    revoke_token(token=token.token, by=journalist)
    response = client.get(TOKEN_URL, headers=token.headers)
    assert response.status_code == 401
    assert 'error="invalid_token"' in response["WWW-Authenticate"]


def test_only_the_owner_revokes_a_token_and_only_once(journalist, editor):
    token = make_token(journalist)
    with pytest.raises(PermissionDenied):
        revoke_token(token=token.token, by=editor)
    revoke_token(token=token.token, by=journalist)
    with pytest.raises(ValidationError):
        revoke_token(token=token.token, by=journalist)


def test_an_expired_token_is_refused(client, journalist):
    token = make_token(journalist, expires_at=timezone.now() + dt.timedelta(hours=1))
    assert client.get(TOKEN_URL, headers=token.headers).status_code == 200
    APIToken.objects.filter(pk=token.token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert client.get(TOKEN_URL, headers=token.headers).status_code == 401
    assert token.token.state() == APIToken.State.ACTIVE  # the instance read before
    token.token.refresh_from_db()
    assert token.token.state() == APIToken.State.EXPIRED


def test_a_deactivated_owner_is_refused(client, journalist):
    token = make_token(journalist)
    journalist.is_active = False
    journalist.save()
    assert client.get(TOKEN_URL, headers=token.headers).status_code == 401


def test_an_owner_who_left_the_newsroom_groups_is_refused_as_the_pages_refuse(client, journalist):
    token = make_token(journalist)
    journalist.groups.clear()
    response = client.get(TOKEN_URL, headers=token.headers)
    assert response.status_code == 403
    assert response.json()["detail"] == "Only journalists and editors can use the workspace."


def test_a_read_only_token_reads_but_every_write_is_refused(client, journalist):
    token = make_token(journalist, scope=APIToken.Scope.READ)
    assert client.get(SOURCES_URL, headers=token.headers).status_code == 200
    body = {"title": "A statement", "text": "The ministry said so."}
    response = client.post(SOURCES_URL, body, content_type="application/json", headers=token.headers)
    assert response.status_code == 403
    assert "read-only" in response.json()["detail"]
    assert 'error="insufficient_scope"' in response["WWW-Authenticate"]
    assert not Source.objects.exists()


def test_last_used_is_recorded_at_most_once_a_minute(client, journalist):
    token = make_token(journalist)
    assert token.token.last_used_at is None
    client.get(TOKEN_URL, headers=token.headers)
    token.token.refresh_from_db()
    first = token.token.last_used_at
    assert first is not None
    client.get(TOKEN_URL, headers=token.headers)
    token.token.refresh_from_db()
    assert token.token.last_used_at == first
    APIToken.objects.filter(pk=token.token.pk).update(last_used_at=first - dt.timedelta(minutes=2))
    client.get(TOKEN_URL, headers=token.headers)
    token.token.refresh_from_db()
    assert token.token.last_used_at > first - dt.timedelta(minutes=2)


def test_a_request_with_a_recently_used_token_writes_nothing(journalist, django_assert_num_queries):
    made = create_token(owner=journalist, name="CMS")
    verify_token(made.secret)
    # The lookup only: the use was recorded under a minute ago.
    with django_assert_num_queries(1):
        assert verify_token(made.secret) is not None
