"""The speaker pages: list and search, the record's form, a speaker's claims,
and merging a duplicate through the confirmation page."""

import pytest
from django.urls import reverse

from claims.models import Claim, Speaker
from tests.factories import make_claim, make_dispute, make_speaker, make_user

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def signed_in(client, journalist):
    client.force_login(journalist)
    return client


def _names(response) -> str:
    return response.content.decode()


# --- List and search ---------------------------------------------------------------


def test_the_list_finds_speakers_by_alias_and_by_a_cyrillic_name_in_any_case(signed_in):
    make_speaker(name="Сергей Лавров", aliases=["Sergei Lavrov"])
    make_speaker(name="Syrian National Coalition", aliases=["الائتلاف الوطني"])
    make_speaker(name="Vladimir Putin")
    url = reverse("workspace:speakers")

    for query in ["sergei", "ЛАВРОВ", "лавров"]:
        page = _names(signed_in.get(url, {"q": query}))
        assert "Сергей Лавров" in page
        assert "Vladimir Putin" not in page
    page = _names(signed_in.get(url, {"q": "الوطني"}))
    assert "Syrian National Coalition" in page
    assert "1 speaker found" in page


def test_the_list_filters_by_kind_and_pages(signed_in, settings):
    for n in range(53):
        make_speaker(name=f"Person {n:02d}")
    make_speaker(name="Kremlin", kind=Speaker.Kind.GOVERNMENT)
    url = reverse("workspace:speakers")

    page = _names(signed_in.get(url, {"kind": "government"}))
    assert "Kremlin" in page and "Person 00" not in page

    first = _names(signed_in.get(url))
    assert "Page 1 of 2" in first and "Person 00" in first and "Person 52" not in first
    second = _names(signed_in.get(url, {"page": 2, "q": "person"}))
    assert "Person 52" in second
    assert "q=person&amp;page=1" in second  # the search is kept across pages


def test_search_as_you_type_returns_only_the_results(signed_in):
    make_speaker(name="Khaled Khoja")
    response = signed_in.get(reverse("workspace:speakers"), {"q": "khoja"}, **HTMX)
    page = _names(response)
    assert page.lstrip().startswith('<div id="speaker-results"')
    assert "Khaled Khoja" in page
    assert "<html" not in page and "<form" not in page


# --- Create and edit -------------------------------------------------------------------


def test_a_speaker_is_created_with_aliases_one_per_line(signed_in, journalist):
    response = signed_in.post(
        reverse("workspace:speaker-create"),
        {
            "name": "  Sergei   Lavrov ",
            "kind": "person",
            "aliases": "Сергей Лавров\n\n  Sergey Lavrov \nsergey lavrov\nSergei Lavrov\n",
            "description": "Russian Foreign Minister",
            "wikidata_id": "q80137",
        },
    )
    speaker = Speaker.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:speaker", args=[speaker.pk])
    assert speaker.name == "Sergei Lavrov"
    assert speaker.aliases == ["Сергей Лавров", "Sergey Lavrov"]
    assert speaker.wikidata_id == "Q80137"
    assert speaker.history.get().history_user == journalist


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("wikidata_id", "80137", "A Wikidata id is the letter Q followed by digits, such as Q7747."),
        ("wikidata_id", "Q0", "A Wikidata id is the letter Q followed by digits, such as Q7747."),
        ("name", "   ", "Give the speaker&#x27;s name."),
        ("kind", "alien", "Select a valid choice."),
        ("aliases", "x" * 201, "An alias can have at most 200 characters"),
    ],
)
def test_invalid_input_is_shown_with_its_message_and_nothing_saved(signed_in, field, value, message):
    data = {"name": "Sergei Lavrov", "kind": "person", "aliases": "", "description": "", "wikidata_id": ""}
    data[field] = value
    response = signed_in.post(reverse("workspace:speaker-create"), data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert "The speaker was not saved" in response.content.decode()
    assert not Speaker.objects.exists()


def test_a_speaker_is_edited_and_the_form_shows_the_aliases_one_per_line(signed_in, journalist):
    speaker = make_speaker(name="Lavrov", aliases=["Сергей Лавров", "S. Lavrov"])
    url = reverse("workspace:speaker-edit", args=[speaker.pk])
    assert "Сергей Лавров\nS. Lavrov</textarea>" in signed_in.get(url).content.decode()

    response = signed_in.post(
        url,
        {
            "version": speaker.version,
            "name": "Sergei Lavrov",
            "kind": "person",
            "aliases": "Lavrov\nСергей Лавров",
            "wikidata_id": "",
        },
    )
    assert response.status_code == 302
    speaker.refresh_from_db()
    assert speaker.name == "Sergei Lavrov"
    assert speaker.aliases == ["Lavrov", "Сергей Лавров"]
    assert speaker.history.latest("history_date").history_user == journalist


def test_an_invalid_edit_changes_nothing(signed_in):
    speaker = make_speaker(name="Putin", wikidata_id="Q7747")
    response = signed_in.post(
        reverse("workspace:speaker-edit", args=[speaker.pk]),
        {
            "version": speaker.version,
            "name": "Vladimir Putin",
            "kind": "person",
            "aliases": "",
            "wikidata_id": "7747",
        },
    )
    assert response.status_code == 422
    speaker.refresh_from_db()
    assert (speaker.name, speaker.wikidata_id) == ("Putin", "Q7747")


def test_the_speaker_page_lists_active_claims_with_dispute_and_status(signed_in):
    speaker = make_speaker(name="Sergei Lavrov")
    dispute = make_dispute(question="Did the strikes kill civilians?")
    make_claim(speaker=speaker, text="Completely untrue.", dispute=dispute, dispute_stance="denies")
    published = make_claim(speaker=speaker, text="Published one.", published_at="2015-10-02T09:00:00Z")
    gone = make_claim(speaker=speaker, text="Withdrawn one.")
    Claim.objects.filter(pk=gone.pk).update(withdrawn_at="2015-10-02T09:00:00Z")

    page = signed_in.get(reverse("workspace:speaker", args=[speaker.pk])).content.decode()
    assert "Completely untrue." in page and "Published one." in page
    assert "Withdrawn one." not in page
    assert "Did the strikes kill civilians?" in page and "(says no)" in page
    assert "Published</span>" in page and "Not published</span>" in page
    assert f'href="{reverse("workspace:claim", args=[published.pk])}"' in page


# --- Merge -------------------------------------------------------------------------------


def test_merge_search_confirm_and_merge(signed_in, journalist):
    survivor = make_speaker(name="Sergei Lavrov", wikidata_id="Q80137")
    duplicate = make_speaker(name="Сергей Лавров", aliases=["Lavrov"])
    for _ in range(3):
        make_claim(speaker=duplicate)
    url = reverse("workspace:speaker-merge", args=[duplicate.pk])

    found = signed_in.get(url, {"q": "sergei"}, **HTMX).content.decode()
    assert found.lstrip().startswith('<div id="merge-choices"')
    assert f'value="{survivor.pk}"' in found
    assert f'value="{duplicate.pk}"' not in found  # never into itself

    confirm = signed_in.get(url, {"into": survivor.pk}).content.decode()
    assert "<strong>3 claims</strong>" in confirm
    assert "Merge 3 claims into" in confirm
    assert "“<bdi>Сергей Лавров</bdi>”, “<bdi>Lavrov</bdi>”" in confirm
    assert Speaker.objects.filter(pk=duplicate.pk).exists()  # nothing happens before the POST

    response = signed_in.post(url, {"into": survivor.pk})
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:speaker", args=[survivor.pk])
    assert survivor.claims.count() == 3
    assert not Speaker.objects.filter(pk=duplicate.pk).exists()
    followed = signed_in.get(response["Location"]).content.decode()
    assert "Сергей Лавров was merged into Sergei Lavrov: 3 claims moved." in followed


def test_merge_refused_for_different_wikidata_ids_is_readable(signed_in):
    survivor = make_speaker(name="Putin", wikidata_id="Q7747")
    duplicate = make_speaker(name="Lavrov", wikidata_id="Q80137")
    url = reverse("workspace:speaker-merge", args=[duplicate.pk])
    confirm = signed_in.get(url, {"into": survivor.pk}).content.decode()
    assert "different Wikidata ids" in confirm
    assert 'name="into" value' not in confirm  # no button to merge
    response = signed_in.post(url, {"into": survivor.pk})
    assert response.status_code == 422
    assert "different Wikidata ids" in response.content.decode()
    assert Speaker.objects.filter(pk=duplicate.pk).exists()


def test_merge_into_itself_or_a_missing_record_is_a_form_error(signed_in):
    speaker = make_speaker()
    url = reverse("workspace:speaker-merge", args=[speaker.pk])
    for into in [speaker.pk, 999_999, "x"]:
        response = signed_in.post(url, {"into": into})
        assert response.status_code == 422
        assert "That record cannot be chosen" in response.content.decode()
    assert Speaker.objects.filter(pk=speaker.pk).exists()


# --- Who may -------------------------------------------------------------------------------


def _speaker_urls(speaker: Speaker) -> list[str]:
    return [
        reverse("workspace:speakers"),
        reverse("workspace:speaker-create"),
        reverse("workspace:speaker", args=[speaker.pk]),
        reverse("workspace:speaker-edit", args=[speaker.pk]),
        reverse("workspace:speaker-merge", args=[speaker.pk]),
    ]


def test_readers_are_sent_to_sign_in_and_accounts_without_a_group_refused(client):
    speaker = make_speaker()
    other = make_speaker()
    for url in _speaker_urls(speaker):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
        assert client.post(url, {"into": other.pk, "name": "x", "kind": "person"}).status_code == 302
    client.force_login(make_user())
    for url in _speaker_urls(speaker):
        assert client.get(url).status_code == 403
        assert client.post(url, {"into": other.pk, "name": "x", "kind": "person"}).status_code == 403
    assert Speaker.objects.count() == 2
    assert speaker.name == Speaker.objects.get(pk=speaker.pk).name


def test_the_list_and_page_refuse_changes_by_post(signed_in):
    speaker = make_speaker()
    assert signed_in.post(reverse("workspace:speakers")).status_code == 405
    assert signed_in.post(reverse("workspace:speaker", args=[speaker.pk])).status_code == 405
    assert signed_in.get(reverse("workspace:speaker", args=[999_999])).status_code == 404
