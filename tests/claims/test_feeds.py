"""Atom feeds of approved verdicts, sitemap.xml and robots.txt: what they list
is what readers may see, and nothing else."""

import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from claims.models import Verdict
from tests.factories import default_rating, make_claim, make_dispute, make_verdict

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
PUBLISHED = datetime(2015, 10, 2, 9, 0, tzinfo=UTC)
BASE = "http://testserver"


def approved(claim, *, rating: str = "false", decided_at: datetime = PUBLISHED) -> Verdict:
    return make_verdict(
        claim=claim,
        rating=default_rating(slug=rating),
        state=Verdict.State.APPROVED,
        decided_at=decided_at,
    )


def published_claim(**overrides):
    overrides.setdefault("published_at", PUBLISHED)
    return make_claim(**overrides)


def atom(client, url: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    return feed


def entry_titles(feed: ET.Element) -> list[str]:
    return [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]


def test_the_site_feed_is_atom_with_one_entry_per_approved_verdict(client, settings):
    settings.NEWSROOM_NAME = "Homs Desk"
    claim = published_claim(text="36 civilians were killed.")
    approved(claim, decided_at=datetime(2015, 10, 5, 14, 30, tzinfo=UTC))

    feed = atom(client, reverse("feed-verdicts"))

    assert feed.findtext(f"{ATOM}title") == "Homs Desk: new verdicts"
    assert feed.find(f"{ATOM}link[@rel='alternate']").get("href") == f"{BASE}/"
    (entry,) = feed.iter(f"{ATOM}entry")
    link = f"{BASE}{claim.get_absolute_url()}"
    assert entry.findtext(f"{ATOM}title") == "False: 36 civilians were killed."
    assert entry.find(f"{ATOM}link").get("href") == link
    assert entry.findtext(f"{ATOM}id") == link
    assert entry.findtext(f"{ATOM}published") == "2015-10-05T14:30:00+00:00"
    assert entry.findtext(f"{ATOM}updated") == "2015-10-05T14:30:00+00:00"
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Homs Desk"
    assert entry.findtext(f"{ATOM}summary") == "<p>The figures do not add up.</p>"


def test_the_site_feed_lists_approved_verdicts_of_public_claims_only_newest_first(client):
    approved(published_claim(text="Older."), decided_at=PUBLISHED)
    approved(published_claim(text="Newer."), rating="true", decided_at=PUBLISHED + timedelta(days=1))
    approved(make_claim(text="Unpublished."))
    approved(published_claim(text="Withdrawn.", withdrawn_at=PUBLISHED))
    for state in (Verdict.State.DRAFT, Verdict.State.SUBMITTED, Verdict.State.REJECTED):
        make_verdict(claim=published_claim(text=f"Only {state}."), state=state)
    superseded = published_claim(text="Re-rated.")
    make_verdict(claim=superseded, state=Verdict.State.SUPERSEDED, decided_at=PUBLISHED)

    titles = entry_titles(atom(client, reverse("feed-verdicts")))

    assert titles == ["True: Newer.", "False: Older."]


def test_the_site_feed_holds_the_fifty_newest(client):
    for day in range(52):
        approved(published_claim(text=f"Claim of day {day}."), decided_at=PUBLISHED + timedelta(days=day))
    titles = entry_titles(atom(client, reverse("feed-verdicts")))
    assert len(titles) == 50
    assert titles[0] == "False: Claim of day 51."
    assert titles[-1] == "False: Claim of day 2."


def test_a_dispute_feed_lists_its_own_public_claims_verdicts(client):
    dispute = make_dispute(question="Were civilians killed in Homs?", published_at=PUBLISHED)
    approved(published_claim(dispute=dispute, text="Yes, 36."))
    approved(make_claim(dispute=dispute, text="An unpublished claim in it."))
    approved(published_claim(text="A claim in no dispute."))
    approved(published_claim(dispute=make_dispute(published_at=PUBLISHED), text="Another dispute's claim."))

    feed = atom(client, reverse("feed-dispute", args=[dispute.slug]))

    assert entry_titles(feed) == ["False: Yes, 36."]
    assert "Were civilians killed in Homs?" in feed.findtext(f"{ATOM}title")
    link = feed.find(f"{ATOM}link[@rel='alternate']").get("href")
    assert link == f"{BASE}{reverse('claims:dispute', args=[dispute.slug])}"


def test_a_dispute_feed_is_404_unless_the_dispute_is_published(client):
    dispute = make_dispute()
    approved(published_claim(dispute=dispute))
    assert client.get(reverse("feed-dispute", args=[dispute.slug])).status_code == 404
    assert client.get(reverse("feed-dispute", args=["no-such-dispute"])).status_code == 404


@pytest.mark.usefixtures("page_cache_off")
def test_the_feeds_run_the_same_queries_for_one_or_many_entries(client, django_assert_num_queries):
    dispute = make_dispute(published_at=PUBLISHED)
    approved(published_claim(dispute=dispute))
    with django_assert_num_queries(1):
        client.get(reverse("feed-verdicts"))
    with django_assert_num_queries(2):
        client.get(reverse("feed-dispute", args=[dispute.slug]))
    for _ in range(10):
        approved(published_claim(dispute=dispute))
    with django_assert_num_queries(1):
        client.get(reverse("feed-verdicts"))
    with django_assert_num_queries(2):
        client.get(reverse("feed-dispute", args=[dispute.slug]))


def sitemap_urls(client) -> dict[str, str | None]:
    response = client.get(reverse("sitemap"))
    assert response.status_code == 200
    urlset = ET.fromstring(response.content)
    return {url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod") for url in urlset}


def test_the_sitemap_lists_public_claims_and_published_disputes_only(client):
    claim = published_claim()
    unpublished = make_claim()
    withdrawn = published_claim(withdrawn_at=PUBLISHED)
    dispute = make_dispute(published_at=PUBLISHED)
    draft_dispute = make_dispute()

    urls = sitemap_urls(client)

    assert set(urls) == {
        f"{BASE}{claim.get_absolute_url()}",
        f"{BASE}{reverse('claims:dispute', args=[dispute.slug])}",
    }
    assert urls[f"{BASE}{claim.get_absolute_url()}"] == claim.updated_at.date().isoformat()
    for hidden in (unpublished, withdrawn):
        assert f"{BASE}{hidden.get_absolute_url()}" not in urls
    assert f"{BASE}{reverse('claims:dispute', args=[draft_dispute.slug])}" not in urls


def test_robots_txt_keeps_crawlers_out_of_the_workspace_and_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().splitlines() == [
        "User-agent: *",
        "Allow: /",
        "Disallow: /workspace/",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "",
        "Sitemap: http://testserver/sitemap.xml",
    ]
