"""Every public page says what is on it in one meta description (search
results and link previews show it), and the home page points feed readers
at the verdicts' Atom feed. Pages are read as a browser parses them
(html5lib), not searched as text."""

from datetime import UTC, datetime

import html5lib
import pytest
from django.urls import reverse

from tests.factories import make_appearance, make_claim, make_dispute, make_quote, make_source, make_speaker

pytestmark = pytest.mark.django_db

PUBLISHED = datetime(2015, 10, 2, 9, 0, tzinfo=UTC)


def head_of(client, url: str):
    response = client.get(url)
    assert response.status_code == 200
    document = html5lib.parse(response.content.decode(), treebuilder="etree", namespaceHTMLElements=False)
    return document.find("head")


def descriptions(head) -> list[str]:
    return [meta.get("content", "") for meta in head.iter("meta") if meta.get("name") == "description"]


def feeds(head) -> list[dict[str, str]]:
    return [
        dict(link.attrib)
        for link in head.iter("link")
        if link.get("rel") == "alternate" and link.get("type") == "application/atom+xml"
    ]


@pytest.fixture
def published(settings) -> dict[str, tuple[str, str]]:
    """Each public page, by name: its address, and words its description must hold."""
    settings.NEWSROOM_NAME = "Homs Desk"
    speaker = make_speaker(name="Khaled Khoja", description="President of the Syrian National Coalition")
    dispute = make_dispute(question="Were civilians killed in Talbiseh?", published_at=PUBLISHED)
    source = make_source(title="Russia airstrike on Homs", outlet="Middle East Eye")
    claim = make_claim(speaker=speaker, dispute=dispute, published_at=PUBLISHED)
    make_appearance(claim=claim, quote=make_quote(revision=source.current_revision()))
    return {
        "home": (reverse("home"), "Homs Desk"),
        "browse": (reverse("claims:browse"), "Every claim Homs Desk has published"),
        "claim": (claim.get_absolute_url(), "A claim by Khaled Khoja"),
        "dispute": (reverse("claims:dispute", args=[dispute.slug]), "Were civilians killed in Talbiseh?"),
        "speaker": (reverse("claims:speaker", args=[speaker.slug]), "claims of Khaled Khoja"),
        "source": (reverse("claims:source", args=[source.pk]), "Russia airstrike on Homs (Middle East Eye)"),
        "sign-in": (reverse("login"), "sign in"),
    }


@pytest.mark.parametrize("page", ["home", "browse", "claim", "dispute", "speaker", "source", "sign-in"])
def test_every_public_page_has_one_description_of_its_own(client, published, page) -> None:
    url, words = published[page]

    found = descriptions(head_of(client, url))

    assert len(found) == 1
    assert words in found[0]
    assert len(found[0]) <= 300


def test_public_pages_have_different_descriptions(client, published) -> None:
    found = [descriptions(head_of(client, url))[0] for url, _ in published.values()]
    assert len(set(found)) == len(found)


def test_the_home_page_lets_feed_readers_find_the_verdicts(client, published) -> None:
    found = feeds(head_of(client, reverse("home")))

    assert [feed["href"] for feed in found] == [reverse("feed-verdicts")]
    assert found[0]["title"] == "Homs Desk: new verdicts"
    feed = client.get(found[0]["href"])
    assert feed.status_code == 200
    assert feed["Content-Type"].startswith("application/atom+xml")


def test_a_description_is_escaped_and_reads_as_written(client) -> None:
    speaker = make_speaker(name='Said "No" <b>', description="خالد خوجة & co")
    make_claim(speaker=speaker, published_at=PUBLISHED)

    found = descriptions(head_of(client, reverse("claims:speaker", args=[speaker.slug])))

    assert found[0].startswith('The published claims of Said "No" <b> (خالد خوجة & co)')
