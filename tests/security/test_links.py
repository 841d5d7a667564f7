"""Links: only http and https addresses are stored or rendered as links,
and every link to another site says rel="noopener noreferrer nofollow".

Stored URLs are a source's and a piece of evidence's (validated by the forms
and the models, and checked by the database); a speaker's Wikidata link is
built from a checked id; links inside rationales and evidence descriptions
are the sanitizer's business.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template import Context, Template
from django.test import Client
from django.urls import reverse

from claims.domain import workflow
from claims.models import Evidence
from sources.forms import HttpURLField
from sources.models import Source
from tests.factories import (
    make_appearance,
    make_claim,
    make_evidence,
    make_quote,
    make_source,
    make_speaker,
    make_verdict,
)
from tests.security.active_content import off_site_links
from tests.security.corpus import corpus

pytestmark = pytest.mark.django_db

REL = "noopener noreferrer nofollow"
HTTP_ONLY = "Enter a web address that starts with http:// or https://."
REFUSED_URLS = [
    "javascript:alert(1)",
    " javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "javascript://example.org/%0Aalert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "//evil.example/",
    "\\\\evil.example/",
    "evil.example/page",
    "ftp://example.org/file",
    "file:///etc/passwd",
    "https:evil.example",
    "http://",
    "https://example.org/\njavascript:alert(1)",
]


@pytest.mark.parametrize("url", REFUSED_URLS)
def test_the_import_form_refuses_every_address_but_http_and_https(client, journalist, url):
    client.force_login(journalist)
    data = {
        "title": "T",
        "kind": "article",
        "language": "en",
        "text": "Text.",
        "text_format": "plain",
        "url": url,
    }
    response = client.post(reverse("sources:import"), data)

    assert response.status_code == 422
    assert response.context["form"].errors["url"] == [HTTP_ONLY]
    assert not Source.objects.exists()


@pytest.mark.parametrize("url", REFUSED_URLS)
def test_the_evidence_form_refuses_every_address_but_http_and_https(client, journalist, world, url):
    client.force_login(journalist)
    claim = world["claim"]
    data = {
        "ev-stance": "supports",
        "ev-kind": "document",
        "ev-title": "T",
        "ev-reliability": "B",
        "ev-url": url,
    }
    response = client.post(reverse("workspace:claim-evidence-add", args=[claim.pk]), data)

    assert response.status_code == 422
    assert HTTP_ONLY in response.content.decode()
    assert claim.evidence.count() == 1  # the world's own


@pytest.mark.parametrize(
    "url", ["https://example.org/report", "http://example.org/a?b=c#d", "HTTPS://EXAMPLE.ORG/"]
)
def test_web_addresses_are_accepted_as_typed(client, journalist, world, url):
    client.force_login(journalist)
    claim = world["claim"]
    data = {
        "ev-stance": "supports",
        "ev-kind": "document",
        "ev-title": "T",
        "ev-reliability": "B",
        "ev-url": url,
    }
    assert client.post(reverse("workspace:claim-evidence-add", args=[claim.pk]), data).status_code == 302
    assert Evidence.objects.latest("pk").url == url


def test_no_hostile_string_passes_as_a_url_unless_it_is_a_web_address():
    field = HttpURLField(required=False)
    for string in corpus():
        try:
            cleaned = field.clean(string)
        except ValidationError as error:
            assert error.messages in ([HTTP_ONLY], ["Null characters are not allowed."]), string
        else:
            assert cleaned == "" or cleaned.lower().startswith(("http://", "https://")), string


@pytest.mark.parametrize("model", [Source, Evidence])
def test_the_database_refuses_other_schemes_whatever_the_path(model, world):
    fields = (
        {"title": "T"} if model is Source else {"title": "T", "claim": world["claim"], "stance": "supports"}
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(url="javascript:alert(1)", **fields)


@pytest.mark.parametrize(
    ("url", "rendered"),
    [
        ("https://example.org/a?b=1&c=2", f'<a href="https://example.org/a?b=1&amp;c=2" rel="{REL}">x</a>'),
        # Written as the browser reads it (sources.hrefs), scheme lowercased.
        ("HTTP://example.org/", f'<a href="http://example.org/" rel="{REL}">x</a>'),
        (
            'https://example.org/"onmouseover="alert(1)',
            f'<a href="https://example.org/&quot;onmouseover=&quot;alert(1)" rel="{REL}">x</a>',
        ),
        ("javascript:alert(1)", "<a >x</a>"),
        (" javascript:alert(1)", "<a >x</a>"),
        (" https://example.org/", f'<a href="https://example.org/" rel="{REL}">x</a>'),
        ("//evil.example/", "<a >x</a>"),
        ("data:text/html,x", "<a >x</a>"),
        ("", "<a >x</a>"),
        (None, "<a >x</a>"),
    ],
)
def test_external_href_gives_web_addresses_their_rel_and_nothing_else_an_href(url, rendered):
    template = Template("{% load links %}<a {{ url|external_href }}>x</a>")
    assert template.render(Context({"url": url})) == rendered


def test_every_link_to_another_site_on_every_page_has_the_rel(client, journalist, editor):
    """A source's and evidence's URL, a speaker's Wikidata page, and links
    typed into a rationale and a description, however they are written."""
    source = make_source(url="https://news.example.org/article")
    speaker = make_speaker(wikidata_id="Q7747")
    claim = make_claim(speaker=speaker)
    make_appearance(claim=claim, quote=make_quote(revision=source.current_revision()))
    links = (
        '<p><a href="https://one.example/">one</a> <a href="HTTPS://TWO.EXAMPLE/">two</a> '
        '<a href=" https://three.example/">three</a> four.example.org <a href="//five.example/">five</a> '
        '<a href="/claims/1/">ours</a></p>'
    )
    make_evidence(claim=claim, url="https://evidence.example/doc", description=links)
    verdict = make_verdict(claim=claim, rationale=links, state="submitted", submitted_at=datetime.now(tz=UTC))
    workflow.approve_verdict(verdict=verdict, by=editor)
    workflow.publish_claim(claim=claim, by=editor)
    client.force_login(journalist)
    editor_client = Client()
    editor_client.force_login(editor)
    pending = make_verdict(claim=claim, rationale=links, state="submitted", submitted_at=datetime.now(tz=UTC))
    # The protocol-relative link lost its href; the bare address became a link.
    assert "<a>five</a>" in pending.rationale
    assert pending.rationale.count("<a ") == 5

    pages = [
        (client, reverse("workspace:reader", args=[source.pk])),
        (client, reverse("workspace:claim", args=[claim.pk])),
        (client, reverse("workspace:speaker", args=[speaker.pk])),
        (client, reverse("workspace:speakers")),
        (editor_client, reverse("workspace:review")),
        (Client(), claim.get_absolute_url()),
        (Client(), reverse("claims:source", args=[source.pk])),
        (Client(), reverse("claims:speaker", args=[speaker.slug])),
    ]
    seen = set()
    for who, url in pages:
        response = who.get(url)
        assert response.status_code == 200, url
        for href, rel in off_site_links(response.content.decode()):
            assert rel == REL, f"{href} on {url} has rel={rel!r}"
            seen.add(href.strip().lower())
    assert {
        "https://news.example.org/article",
        "https://evidence.example/doc",
        "https://www.wikidata.org/wiki/q7747",
        "https://one.example/",
        "https://two.example/",
        "http://four.example.org",
    } <= seen
