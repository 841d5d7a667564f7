"""Who reaches the workspace: journalists and editors, nobody else."""

import pytest
from django.urls import reverse

from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_anonymous_readers_are_sent_to_sign_in(client):
    response = client.get(reverse("workspace:dashboard"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={reverse('workspace:dashboard')}"


def test_an_account_in_neither_group_is_refused(client):
    client.force_login(make_user())
    assert client.get(reverse("workspace:dashboard")).status_code == 403


@pytest.mark.parametrize("group", ["Journalist", "Editor"])
def test_journalists_and_editors_get_in_and_see_the_link(client, group):
    client.force_login(make_user(groups=[group]))
    assert client.get(reverse("workspace:dashboard")).status_code == 200
    assert (
        f'href="{reverse("workspace:dashboard")}">Workspace</a>'
        in client.get(reverse("home")).content.decode()
    )


def test_readers_see_no_workspace_link(client):
    assert ">Workspace</a>" not in client.get(reverse("home")).content.decode()
