"""The workspace's list of claims: search and filters."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_claim, make_dispute, make_speaker, make_user

pytestmark = pytest.mark.django_db

NOW = datetime(2015, 10, 2, tzinfo=UTC)


@pytest.fixture
def signed_in(client):
    client.force_login(make_user(groups=["Journalist"]))
    return client


def listed(client, **query) -> str:
    response = client.get(reverse("workspace:claims"), query)
    assert response.status_code == 200
    return response.content.decode()


def test_lists_claims_in_work_with_links_to_their_pages(signed_in):
    claim = make_claim(text="Thirty-six civilians died.")
    make_claim(text="A withdrawn claim.", withdrawn_at=NOW, withdrawn_reason="Duplicate")
    page = listed(signed_in)
    assert f'href="{reverse("workspace:claim", args=[claim.pk])}"' in page
    assert "Thirty-six civilians died." in page
    assert "A withdrawn claim." not in page
    assert '<label for="id_q">Search' in page


def test_searches_wording_and_speaker_names_word_by_word(signed_in):
    make_claim(text="The strikes hit terrorists.", speaker=make_speaker(name="Kremlin"))
    make_claim(text="Civilians were killed.", speaker=make_speaker(name="Khaled Khoja"))
    page = listed(signed_in, q="kremlin terrorists")
    assert "The strikes hit terrorists." in page
    assert "Civilians were killed." not in page


@pytest.mark.parametrize(
    ("status", "shown", "hidden"),
    [
        ("published", "Published one.", "Draft one."),
        ("unpublished", "Draft one.", "Published one."),
        ("withdrawn", "Withdrawn one.", "Draft one."),
    ],
)
def test_filters_by_status(signed_in, status, shown, hidden):
    make_claim(text="Published one.", published_at=NOW)
    make_claim(text="Draft one.")
    make_claim(text="Withdrawn one.", withdrawn_at=NOW, withdrawn_reason="Wrong")
    page = listed(signed_in, status=status)
    assert shown in page
    assert hidden not in page


def test_filters_by_dispute(signed_in):
    dispute = make_dispute(question="Was the bridge hit?")
    make_claim(text="In the dispute.", dispute=dispute)
    make_claim(text="Elsewhere.")
    page = listed(signed_in, dispute=dispute.pk)
    assert "In the dispute." in page
    assert "Elsewhere." not in page


def test_an_unknown_filter_value_is_a_message_not_an_error(signed_in):
    page = listed(signed_in, status="everything", dispute="not-a-number")
    assert "Select a valid choice." in page


def test_htmx_gets_only_the_results(signed_in):
    make_claim(text="Found by htmx.")
    response = signed_in.get(reverse("workspace:claims"), {"q": "htmx"}, HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert "<html" not in content
    assert content.strip().startswith('<div id="claim-results"')
    assert "Found by htmx." in content


def test_readers_are_sent_to_sign_in_and_other_accounts_refused(client):
    response = client.get(reverse("workspace:claims"))
    assert response.status_code == 302
    client.force_login(make_user())
    assert client.get(reverse("workspace:claims")).status_code == 403


def test_the_list_runs_the_same_queries_for_few_or_many_claims(signed_in):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            listed(signed_in)
        return len(queries)

    for _ in range(2):
        make_claim(dispute=make_dispute())
    few = count()
    for _ in range(20):
        make_claim(dispute=make_dispute())
    assert count() == few
