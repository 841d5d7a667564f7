"""The workspace's API tokens page: labelled form, the secret shown once,
clear errors, and revoking after a confirmation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from claims.domain.tokens import secret_hash
from claims.models import APIToken
from tests.api.tokens import make_token
from tests.factories import make_user
from tests.parsing import parse

pytestmark = pytest.mark.django_db

URL = reverse("workspace:tokens")


@pytest.fixture
def signed_in(client, journalist):
    client.force_login(journalist)
    return client


def test_the_form_has_visible_labels(signed_in):
    page = signed_in.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    for label in ("Name", "Access", "Expires on (optional)", "Read only", "Read and write"):
        assert label in html
    assert '<label for="id_name">Name</label>' in html
    assert "<legend>Access</legend>" in html


def test_the_workspace_links_to_the_page(signed_in):
    assert URL in signed_in.get(reverse("workspace:dashboard")).content.decode()


def test_a_new_token_is_shown_once_and_stored_hashed(signed_in, journalist):
    response = signed_in.post(URL, {"name": "CMS embed", "scope": "write"})
    assert response.status_code == 201
    assert response["Cache-Control"] == "private, no-store"
    html = response.content.decode()
    assert "shown only this once" in html
    token = APIToken.objects.get(owner=journalist)
    secret = next(word.split('"')[0] for word in html.split('value="') if word.startswith("cc_"))
    assert secret_hash(secret) == token.secret_hash
    assert token.scope == "write"
    again = signed_in.get(URL).content.decode()
    assert secret not in again
    assert token.prefix in again
    assert "CMS embed" in again


def test_the_token_made_on_the_page_works_on_the_api(signed_in, client):
    html = signed_in.post(URL, {"name": "script", "scope": "read"}).content.decode()
    secret = next(word.split('"')[0] for word in html.split('value="') if word.startswith("cc_"))
    client.logout()
    response = client.get("/api/v1/newsroom/token", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200


def test_errors_are_shown_by_field_and_nothing_is_made(signed_in):
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    response = signed_in.post(URL, {"name": "", "scope": "admin", "expires_on": yesterday})
    assert response.status_code == 422
    html = response.content.decode()
    assert "Give the token a name" in html
    assert "The token was not made" in html
    response = signed_in.post(URL, {"name": "x", "scope": "read", "expires_on": yesterday})
    assert response.status_code == 422
    assert "The expiry must be in the future." in response.content.decode()
    assert not APIToken.objects.exists()


def test_an_expiry_lasts_to_the_end_of_the_day(signed_in, journalist):
    day = timezone.localdate() + dt.timedelta(days=7)
    signed_in.post(URL, {"name": "a week", "scope": "read", "expires_on": day.isoformat()})
    expires = timezone.localtime(APIToken.objects.get().expires_at)
    assert (expires.date(), expires.time()) == (day + dt.timedelta(days=1), dt.time())


def test_revoking_asks_first_then_revokes_with_a_post(signed_in, journalist):
    token = make_token(journalist).token
    url = reverse("workspace:token-revoke", args=[token.pk])
    confirm = signed_in.get(url)
    assert confirm.status_code == 200
    assert "Revoke the token" in confirm.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None
    response = signed_in.post(url, follow=True)
    assert "revoked" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "Revoked" in signed_in.get(URL).content.decode()


def test_another_persons_tokens_are_neither_listed_nor_revocable(signed_in):
    theirs = make_token(make_user(groups=["Editor"]), name="their token").token
    assert "their token" not in signed_in.get(URL).content.decode()
    assert signed_in.post(reverse("workspace:token-revoke", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_every_field_of_the_form_has_a_label(signed_in):
    page = parse(signed_in.get(URL).content)
    form = next(f for f in page.iter("form") if f.get("action") == URL)
    labelled = {label.get("for") for label in page.iter("label")}
    inside = {i.get("id") for label in page.iter("label") for i in label.iter("input")}
    fields = [i for i in form.iter("input") if i.get("type") != "hidden"]
    assert len(fields) == 4  # name, two access choices, expiry
    assert all(i.get("id") in labelled | inside for i in fields)
