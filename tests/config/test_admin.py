"""Every admin page an administrator opens works on the demo data."""

from io import StringIO

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from tests.factories import make_claim
from tests.parsing import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_with_demo(client, settings):
    settings.DEBUG = True  # the demo refuses to run otherwise
    call_command("demo", stdout=StringIO())
    client.force_login(User.objects.get(username="admin"))
    return client


def test_every_admin_list_add_and_change_page_opens(admin_client_with_demo):
    client = admin_client_with_demo
    opened = 0
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        assert client.get(reverse("admin:{}_{}_changelist".format(*info))).status_code == 200, info
        # django-axes' records of sign-in attempts are made by sign-ins, never by hand.
        can_add = model_admin.has_add_permission(client.get(reverse("admin:index")).wsgi_request)
        add_page = client.get(reverse("admin:{}_{}_add".format(*info)))
        assert add_page.status_code == (200 if can_add else 403), info
        obj = model._default_manager.first()
        if obj is not None:
            url = reverse("admin:{}_{}_change".format(*info), args=[obj.pk])
            assert client.get(url).status_code == 200, info
            history = reverse("admin:{}_{}_history".format(*info), args=[obj.pk])
            assert client.get(history).status_code == 200, info
            opened += 1
    assert opened >= 12


def test_a_journalist_cannot_open_the_admin(client, journalist):
    client.force_login(journalist)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_claims_admin_history_page_has_no_inline_style(client):
    # The Content-Security-Policy allows no inline styles: django-simple-history's
    # paginator carried one, which the browser blocked and reported.
    claim = make_claim()
    client.force_login(User.objects.create_superuser("root", password="pw-root-1"))
    response = client.get(reverse("admin:claims_claim_history", args=[claim.pk]))
    assert response.status_code == 200
    page = parse(response.content)
    assert 'class="paginator"' in response.content.decode()
    assert [e.tag for e in page.iter() if e.get("style") is not None] == []
    assert list(page.iter("style")) == []
