"""The dispute pages: the list, the form with conflict-safe editing, attaching
and detaching claims, and the page that compares the claims and figures."""

from datetime import UTC, date, datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from claims.devdata.demo import load_demo
from claims.domain.disputes import claims_compared
from claims.models import Claim, Dispute, Verdict
from tests.factories import (
    make_appearance,
    make_claim,
    make_dispute,
    make_figure,
    make_quote,
    make_speaker,
    make_user,
    make_verdict,
)

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def signed_in(client, journalist):
    client.force_login(journalist)
    return client


def _edit_data(dispute: Dispute, **changes) -> dict:
    data = {
        "question": dispute.question,
        "date": dispute.date.isoformat() if dispute.date else "",
        "place": dispute.place,
        "summary": dispute.summary,
        "version": dispute.version,
    }
    data.update(changes)
    return data


# --- List and create ---------------------------------------------------------------


def test_the_list_shows_question_date_place_claims_and_publication(signed_in):
    dispute = make_dispute(question="Did the strikes kill civilians?", place="Homs", date="2015-09-30")
    make_claim(dispute=dispute)
    make_claim(dispute=dispute)
    make_dispute(question="Was there a ground operation?", published_at="2015-10-02T09:00:00Z")
    page = signed_in.get(reverse("workspace:disputes")).content.decode()
    assert "Did the strikes kill civilians?" in page and "30 Sep 2015" in page and "Homs" in page
    assert "<td>2</td>" in page
    assert "Published</span>" in page and "Not published</span>" in page


def test_a_dispute_is_created(signed_in, journalist):
    response = signed_in.post(
        reverse("workspace:dispute-create"),
        {
            "question": "Did the strikes  kill civilians?",
            "date": "2015-09-30",
            "place": "Homs",
            "summary": "S",
        },
    )
    dispute = Dispute.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:dispute", args=[dispute.pk])
    assert dispute.question == "Did the strikes kill civilians?"
    assert dispute.created_by == journalist
    assert dispute.history.get().history_user == journalist


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"question": ""}, "Give the contested question."),
        ({"date": "30/09/2015"}, "Enter the date as year-month-day, such as 2015-09-30."),
        ({"question": "x" * 301}, "Ensure this value has at most 300 characters"),
    ],
)
def test_an_invalid_dispute_is_shown_with_its_message_and_nothing_saved(signed_in, data, message):
    response = signed_in.post(reverse("workspace:dispute-create"), {"question": "Q?", **data})
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Dispute.objects.exists()


# --- Edit, and two people editing -----------------------------------------------------------


def test_a_dispute_is_edited(signed_in, journalist):
    dispute = make_dispute(question="Old?")
    response = signed_in.post(
        reverse("workspace:dispute-edit", args=[dispute.pk]),
        _edit_data(dispute, question="New?", place="Homs"),
    )
    assert response.status_code == 302
    dispute.refresh_from_db()
    assert (dispute.question, dispute.place, dispute.version) == ("New?", "Homs", 2)
    assert dispute.history.latest("history_date").history_user == journalist


def test_an_invalid_edit_changes_nothing(signed_in):
    dispute = make_dispute(question="Old?")
    response = signed_in.post(
        reverse("workspace:dispute-edit", args=[dispute.pk]), _edit_data(dispute, question="", date="soon")
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Give the contested question." in page and "Enter the date as year-month-day" in page
    dispute.refresh_from_db()
    assert (dispute.question, dispute.version) == ("Old?", 1)


def test_two_people_editing_the_same_dispute_cannot_overwrite_each_other():
    dispute = make_dispute(question="Did the strikes kill civilians?", place="Homs")
    url = reverse("workspace:dispute-edit", args=[dispute.pk])
    alice, bob = Client(), Client()
    alice.force_login(make_user(username="alice", groups=["Journalist"]))
    bob.force_login(make_user(username="bob", groups=["Editor"]))

    # Both open the form at version 1.
    for person in (alice, bob):
        assert 'name="version" value="1"' in person.get(url).content.decode()

    saved = alice.post(url, _edit_data(dispute, place="Northern Homs province, Syria", version=1))
    assert saved.status_code == 302

    refused = bob.post(url, _edit_data(dispute, summary="Bob's summary.", version=1))
    assert refused.status_code == 409
    page = refused.content.decode()
    assert "alice saved this dispute" in page
    assert (
        '<th scope="row">Place</th><td dir="auto">Homs</td><td dir="auto">Northern Homs province, Syria</td>'
        in page
    )
    assert "Bob&#x27;s summary.</textarea>" in page  # his input is kept
    assert 'name="version" value="2"' in page  # and the form now carries the current version
    dispute.refresh_from_db()
    assert (dispute.place, dispute.summary, dispute.version) == ("Northern Homs province, Syria", "", 2)

    # Having read Alice's change, Bob saves again, deliberately.
    again = bob.post(
        url, _edit_data(dispute, place="Northern Homs province, Syria", summary="Bob's summary.")
    )
    assert again.status_code == 302
    dispute.refresh_from_db()
    assert (dispute.place, dispute.summary, dispute.version) == (
        "Northern Homs province, Syria",
        "Bob's summary.",
        3,
    )


def test_an_edit_without_its_version_is_refused_readably(signed_in):
    dispute = make_dispute(question="Old?")
    data = _edit_data(dispute, question="New?")
    del data["version"]
    response = signed_in.post(reverse("workspace:dispute-edit", args=[dispute.pk]), data)
    assert response.status_code == 422
    assert "reload the page and edit again" in response.content.decode()
    dispute.refresh_from_db()
    assert dispute.question == "Old?"


# --- Attach and detach ----------------------------------------------------------------


def test_a_claim_is_attached_with_its_stance(signed_in, journalist):
    dispute = make_dispute()
    claim = make_claim(text="The strikes killed 36 civilians.")
    version = claim.version
    url = reverse("workspace:dispute-attach", args=[dispute.pk])
    response = signed_in.post(url, {"claim": claim.pk, "stance": "affirms"})
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:dispute", args=[dispute.pk]) + "#claims"
    claim.refresh_from_db()
    assert (claim.dispute, claim.dispute_stance, claim.version) == (dispute, "affirms", version + 1)
    assert claim.history.latest("history_date").history_user == journalist


def test_attaching_with_htmx_returns_the_claims_part_with_the_claim_in_its_column(signed_in):
    dispute = make_dispute()
    claim = make_claim(speaker=make_speaker(name="Sergei Lavrov"), text="Completely untrue.")
    response = signed_in.post(
        reverse("workspace:dispute-attach", args=[dispute.pk]),
        {"claim": claim.pk, "stance": "denies"},
        **HTMX,
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="dispute-claims">')
    assert "<html" not in page and "<h1" not in page
    says_no = page[page.index('data-stance="denies"') : page.index('data-stance="other"')]
    assert "Completely untrue." in says_no
    assert "Sergei Lavrov&#x27;s claim added under “Says no”." in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"stance": "affirms"}, "Choose one of the claims found"),
        ({"claim": "CLAIM"}, "Choose the claim&#x27;s stance on the question."),
        ({"claim": "CLAIM", "stance": "maybe"}, "Select a valid choice."),
        ({"claim": 999_999, "stance": "affirms"}, "That claim cannot be added"),
    ],
)
def test_an_invalid_attach_is_shown_with_its_message_and_nothing_changed(signed_in, data, message):
    dispute = make_dispute()
    claim = make_claim()
    data = {key: (claim.pk if value == "CLAIM" else value) for key, value in data.items()}
    url = reverse("workspace:dispute-attach", args=[dispute.pk])
    for headers in ({}, HTMX):
        response = signed_in.post(url, data, **headers)
        assert response.status_code == 422
        assert message in response.content.decode()
    assert signed_in.post(url, data, **HTMX).content.decode().lstrip().startswith('<div id="dispute-claims">')
    claim.refresh_from_db()
    assert claim.dispute is None


def test_withdrawn_claims_and_claims_already_here_cannot_be_attached(signed_in):
    dispute = make_dispute()
    here = make_claim(dispute=dispute, dispute_stance="affirms")
    withdrawn = make_claim()
    Claim.objects.filter(pk=withdrawn.pk).update(withdrawn_at="2015-10-02T09:00:00Z")
    url = reverse("workspace:dispute-attach", args=[dispute.pk])
    for claim in (here, withdrawn):
        response = signed_in.post(url, {"claim": claim.pk, "stance": "denies"})
        assert response.status_code == 422
    here.refresh_from_db()
    assert here.dispute_stance == "affirms"


def test_search_as_you_type_offers_active_claims_not_in_the_dispute(signed_in):
    dispute = make_dispute()
    lavrov = make_speaker(name="Sergei Lavrov")
    outside = make_claim(speaker=lavrov, text="Completely untrue.")
    make_claim(speaker=lavrov, text="Already here.", dispute=dispute, dispute_stance="denies")
    gone = make_claim(speaker=lavrov, text="Withdrawn.")
    Claim.objects.filter(pk=gone.pk).update(withdrawn_at="2015-10-02T09:00:00Z")
    url = reverse("workspace:dispute-attach-search", args=[dispute.pk])

    page = signed_in.get(url, {"q": "lavrov"}, **HTMX).content.decode()
    assert page.lstrip().startswith('<div id="attach-results"')
    assert f'value="{outside.pk}"' in page
    assert "Already here." not in page and "Withdrawn." not in page

    # Without JavaScript the search is the page itself.
    response = signed_in.get(url, {"q": "lavrov"})
    assert response.status_code == 302
    page = signed_in.get(reverse("workspace:dispute", args=[dispute.pk]), {"q": "lavrov"}).content.decode()
    assert f'name="claim" value="{outside.pk}"' in page


def test_a_claim_is_detached(signed_in, journalist):
    dispute = make_dispute()
    claim = make_claim(dispute=dispute, dispute_stance="denies", text="Completely untrue.")
    url = reverse("workspace:dispute-detach", args=[dispute.pk, claim.pk])
    response = signed_in.post(url)
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.dispute, claim.dispute_stance) == (None, "")
    assert claim.history.latest("history_date").history_user == journalist

    # Detaching again, say from a page left open, is refused readably.
    response = signed_in.post(url, **HTMX)
    assert response.status_code == 422
    assert "no longer in this dispute" in response.content.decode()


def test_detaching_with_htmx_returns_the_claims_part_without_the_claim(signed_in):
    dispute = make_dispute()
    claim = make_claim(dispute=dispute, dispute_stance="denies", text="Completely untrue.")
    response = signed_in.post(reverse("workspace:dispute-detach", args=[dispute.pk, claim.pk]), **HTMX)
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<div id="dispute-claims">')
    columns = page[page.index('class="stance-columns"') : page.index("figures-heading")]
    assert "Completely untrue." not in columns


# --- Who may --------------------------------------------------------------------------------


def test_changes_are_post_only(signed_in):
    dispute = make_dispute()
    claim = make_claim(dispute=dispute, dispute_stance="denies")
    for url in [
        reverse("workspace:dispute-attach", args=[dispute.pk]),
        reverse("workspace:dispute-detach", args=[dispute.pk, claim.pk]),
    ]:
        assert signed_in.get(url).status_code == 405
    assert signed_in.post(reverse("workspace:dispute", args=[dispute.pk])).status_code == 405
    claim.refresh_from_db()
    assert claim.dispute == dispute


def test_readers_are_sent_to_sign_in_and_accounts_without_a_group_refused(client):
    dispute = make_dispute(question="Old?")
    claim = make_claim()
    here = make_claim(dispute=dispute, dispute_stance="denies")
    posts = {
        reverse("workspace:dispute-create"): {"question": "New?"},
        reverse("workspace:dispute-edit", args=[dispute.pk]): {"question": "New?", "version": 1},
        reverse("workspace:dispute-attach", args=[dispute.pk]): {"claim": claim.pk, "stance": "affirms"},
        reverse("workspace:dispute-detach", args=[dispute.pk, here.pk]): {},
    }
    gets = [
        reverse("workspace:disputes"),
        reverse("workspace:dispute", args=[dispute.pk]),
        reverse("workspace:dispute-create"),
        reverse("workspace:dispute-edit", args=[dispute.pk]),
        reverse("workspace:dispute-attach-search", args=[dispute.pk]),
    ]
    for url in gets:
        assert client.get(url)["Location"].startswith(reverse("login"))
    for url, data in posts.items():
        assert client.post(url, data)["Location"].startswith(reverse("login"))
    client.force_login(make_user())
    for url in gets:
        assert client.get(url).status_code == 403
    for url, data in posts.items():
        assert client.post(url, data).status_code == 403
    assert Dispute.objects.get().question == "Old?"
    assert Claim.objects.get(pk=claim.pk).dispute is None
    assert Claim.objects.get(pk=here.pk).dispute == dispute


# --- The page on the demo ------------------------------------------------------------------


@pytest.fixture
def demo(settings):
    settings.DEBUG = True  # the demo refuses to create its accounts otherwise
    call_command("demo", stdout=StringIO())
    return load_demo()


def _table(page: str, counted: str) -> str:
    start = page.index(f'data-counted="{counted}"')
    return page[start : page.index("</table>", start)]


def test_the_demo_dispute_page_compares_claims_and_figures(client, demo):
    client.force_login(demo.journalist)
    page = client.get(reverse("workspace:dispute", args=[demo.dispute.pk])).content.decode()

    assert "Did the Russian strikes in northern Homs on 30 September 2015 kill civilians?" in page
    for label in ["Says yes", "Says no", "Neither, or beside the question"]:
        assert label in page
    says_yes = page[page.index('data-stance="affirms"') : page.index('data-stance="denies"')]
    says_no = page[page.index('data-stance="denies"') : page.index('data-stance="other"')]
    assert "Khaled Khoja" in says_yes and "head of the Syrian National Coalition" in says_yes
    assert "interview with AFP, New York" in says_yes
    assert "Sergei Lavrov" in says_no and "Kremlin" in says_no

    source = demo.source
    civilians = _table(page, "civilians killed")
    khoja, lavrov = civilians.index("Khaled Khoja"), civilians.index("Sergei Lavrov")
    assert khoja < lavrov
    assert '<td class="figure-value">36</td>' in civilians[khoja:lavrov]
    assert '<td class="figure-value">0</td>' in civilians[lavrov:]
    assert "The Russians struck northern Homs today and killed 36 innocent people" in civilians[khoja:lavrov]
    assert "completely untrue" in civilians[lavrov:]
    assert "Middle East Eye" in civilians
    assert "none claimed (denies the allegation)" in civilians  # the Kremlin's
    khoja_quote = demo.khoja_claim.figures.get(counted="civilians killed").quote
    assert f'href="{reverse("workspace:reader", args=[source.pk])}#quote-{khoja_quote.pk}"' in civilians

    children = _table(page, "children killed")
    assert '<td class="figure-value">5</td>' in children
    assert "including five children" in children
    assert children.count("none claimed (denies the allegation)") == 2  # Lavrov and the Kremlin
    assert page.index('data-counted="civilians killed"') < page.index('data-counted="children killed"')


def test_quantities_are_compared_whatever_their_case_and_spacing(signed_in):
    dispute = make_dispute()
    one = make_claim(dispute=dispute, dispute_stance="affirms")
    other = make_claim(dispute=dispute, dispute_stance="affirms")
    make_figure(claim=one, counted="Civilians killed", value=Decimal(36))
    make_figure(
        claim=other, counted="civilians  killed", minimum=Decimal(10), maximum=Decimal(20), qualifier="about"
    )
    page = signed_in.get(reverse("workspace:dispute", args=[dispute.pk])).content.decode()
    assert page.count("<caption") == 1
    assert "about 10–20" in page and '"figure-value">36<' in page


def _dispute_with(n: int) -> Dispute:
    dispute = make_dispute()
    source_quote = make_quote()
    stances = ["affirms", "denies", "other"]
    for i in range(n):
        claim = make_claim(dispute=dispute, dispute_stance=stances[i % 3], speaker=make_speaker())
        make_appearance(claim=claim, quote=make_quote(revision=source_quote.revision))
        make_figure(claim=claim, counted="civilians killed", quote=make_quote(revision=source_quote.revision))
        make_figure(claim=claim, counted=f"strikes {i % 2}")
    return dispute


def test_the_page_takes_as_many_queries_for_20_claims_as_for_2(signed_in, django_assert_num_queries):
    small, large = _dispute_with(2), _dispute_with(20)
    signed_in.get(reverse("workspace:dispute", args=[small.pk]))  # the session, warmed
    # Session, user, the user's two permission lookups, the dispute, its
    # claims with speakers, their figures and their appearances (each with
    # quote and source), and the claims offered for attaching.
    with django_assert_num_queries(9) as small_queries:
        signed_in.get(reverse("workspace:dispute", args=[small.pk]))
    with django_assert_num_queries(len(small_queries)):
        page = signed_in.get(reverse("workspace:dispute", args=[large.pk])).content.decode()
    assert page.count('class="dispute-claim"') == 20


def test_the_claims_compared_are_oldest_first_and_undated_last_on_every_database():
    dispute = make_dispute()
    undated = make_claim(dispute=dispute)
    later = make_claim(dispute=dispute, claimed_on=date(2015, 10, 1))
    earlier = make_claim(dispute=dispute, claimed_on=date(2015, 9, 30))
    assert claims_compared(dispute) == [earlier, later, undated]


def test_readers_compare_the_public_claims_only_with_their_current_verdicts():
    published = datetime(2015, 10, 2, tzinfo=UTC)
    dispute = make_dispute(published_at=published)
    public = make_claim(dispute=dispute, published_at=published)
    make_claim(dispute=dispute)  # not published
    make_claim(dispute=dispute, published_at=published, withdrawn_at=published)
    make_verdict(claim=public, state=Verdict.State.APPROVED, decided_at=published)
    [compared] = claims_compared(dispute, public_only=True)
    assert compared == public
    assert [v.rating.slug for v in compared.current_verdicts] == ["false"]
    assert len(claims_compared(dispute)) == 2  # the workspace sees every active claim
