"""Revising a source's text in the workspace: a new revision, quotes moved or listed for repair."""

import pytest
from django.urls import reverse

from sources.models import Quote, SourceRevision
from tests.factories import make_quote, make_source, make_user

pytestmark = pytest.mark.django_db

TEXT = "The ministry said 36 civilians were killed.\n\nThe army denied it on Thursday."


@pytest.fixture
def journalist_client(client):
    client.force_login(make_user(groups=["Journalist"]))
    return client


def test_the_form_shows_the_current_text_with_labels(journalist_client):
    source = make_source(text=TEXT)
    page = journalist_client.get(reverse("sources:revise", args=[source.pk])).content.decode()
    assert "The ministry said 36 civilians were killed." in page
    assert '<label for="id_text">Text' in page
    assert '<label for="id_note">What changed' in page
    assert "Save as revision 2" in page


def test_a_revision_moves_quotes_and_reports_orphans(journalist_client):
    source = make_source(text=TEXT)
    moved = make_quote(revision=source.current_revision(), exact="36 civilians were killed")
    lost = make_quote(revision=source.current_revision(), exact="The army denied it")

    response = journalist_client.post(
        reverse("sources:revise", args=[source.pk]),
        {
            "text": "Update: the ministry said 36 civilians were killed.\r\n\r\nNo comment from anyone.",
            "note": "Update",
        },
        follow=True,
    )

    assert response.status_code == 200
    new = source.current_revision()
    assert new.number == 2
    assert new.note == "Update"
    moved.refresh_from_db()
    lost.refresh_from_db()
    assert moved.revision == new
    assert new.text[moved.start : moved.end] == "36 civilians were killed"
    assert lost.orphaned
    assert lost.revision.number == 1
    page = response.content.decode()
    assert "Saved revision 2." in page
    assert "1 quote re-anchored in the new text." in page
    assert "1 quote could not be found and needs re-selecting" in page


def test_an_unchanged_text_is_refused_and_nothing_is_saved(journalist_client):
    source = make_source(text=TEXT)
    response = journalist_client.post(reverse("sources:revise", args=[source.pk]), {"text": TEXT})
    assert response.status_code == 422
    assert "The text is unchanged" in response.content.decode()
    assert SourceRevision.objects.filter(source=source).count() == 1


def test_an_empty_text_is_refused(journalist_client):
    source = make_source(text=TEXT)
    response = journalist_client.post(reverse("sources:revise", args=[source.pk]), {"text": "  \n "})
    assert "The text cannot be empty." in response.content.decode()
    assert SourceRevision.objects.filter(source=source).count() == 1
    assert Quote.objects.count() == 0


def test_a_missing_source_is_404(journalist_client):
    assert journalist_client.get(reverse("sources:revise", args=[98765])).status_code == 404


def test_readers_and_accounts_without_a_role_cannot_revise(client):
    source = make_source(text=TEXT)
    url = reverse("sources:revise", args=[source.pk])
    response = client.post(url, {"text": "Changed."})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    client.force_login(make_user())
    assert client.post(url, {"text": "Changed."}).status_code == 403
    assert SourceRevision.objects.filter(source=source).count() == 1
