"""The source reader and its selection panel, through Django's test client."""

import html
import re
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.domain.annotating import MISMATCH_MESSAGE
from claims.models import Appearance, Claim, Speaker
from sources.models import Quote, SourceRevision
from tests.factories import make_appearance, make_claim, make_quote, make_source, make_speaker, make_user

pytestmark = pytest.mark.django_db

TEXT = (
    "The ministry said 36 civilians were killed.\n\n"
    "The army said no civilians were killed.\nIt gave no figures."
)
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def signed_in(client, journalist):
    client.force_login(journalist)
    return client


@pytest.fixture
def source():
    return make_source(
        text=TEXT,
        title="Strike in Homs",
        outlet="Middle East Eye",
        url="https://example.org/homs",
        language="en",
        published_on=date(2015, 10, 1),
    )


def reader_url(source, **query):
    url = reverse("workspace:reader", args=[source.pk])
    return f"{url}?{urlencode(query)}" if query else url


def selection_of(source, words, *, exact=None, revision=None):
    revision = revision or source.current_revision()
    start = revision.text.index(words)
    return {
        "revision": revision.pk,
        "start": start,
        "end": start + len(words),
        "exact": words if exact is None else exact,
    }


class ParagraphText(HTMLParser):
    """The text of each <p data-start> as the browser's walk sees it: text
    nodes, and "\\n" for <br>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs = []
        self.current = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "p" and "data-start" in attrs:
            self.current = [int(attrs["data-start"]), int(attrs["data-end"]), ""]
        elif tag == "br" and self.current is not None:
            self.current[2] += "\n"

    def handle_endtag(self, tag):
        if tag == "p" and self.current is not None:
            self.paragraphs.append(tuple(self.current))
            self.current = None

    def handle_data(self, data):
        if self.current is not None:
            self.current[2] += data


def marks(content):
    """Each highlight as (its data-quotes, its text)."""
    return [
        (quotes, html.unescape(text))
        for quotes, text in re.findall(r'<mark [^>]*data-quotes="([^"]*)"[^>]*>(.*?)</mark>', content)
    ]


def refs(content):
    """The link at the end of each quote, as {quote id: href}."""
    return {
        int(quote): href
        for href, quote in re.findall(r'<a class="quote-ref" href="([^"]*)"[^>]*data-quote="(\d+)"', content)
    }


def paragraphs_of(content):
    parser = ParagraphText()
    parser.feed(content)
    return parser.paragraphs


# --- Who gets in --------------------------------------------------------------------


def all_urls(source):
    pk = source.pk
    return {
        "reader": ("get", reverse("workspace:reader", args=[pk])),
        "selection": ("get", reverse("workspace:selection", args=[pk])),
        "selection-claim": ("post", reverse("workspace:selection-claim", args=[pk])),
        "selection-appearance": ("post", reverse("workspace:selection-appearance", args=[pk])),
        "selection-reselect": ("post", reverse("workspace:selection-reselect", args=[pk])),
        "quote-by-words": ("post", reverse("workspace:quote-by-words", args=[pk])),
        "speaker-search": ("get", reverse("workspace:speaker-search") + "?prefix=new"),
        "claim-search": ("get", reverse("workspace:claim-search") + "?prefix=add"),
    }


URL_NAMES = [
    "reader",
    "selection",
    "selection-claim",
    "selection-appearance",
    "selection-reselect",
    "quote-by-words",
    "speaker-search",
    "claim-search",
]


@pytest.mark.parametrize("name", URL_NAMES)
def test_anonymous_readers_are_sent_to_sign_in(client, source, name):
    method, url = all_urls(source)[name]
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")
    assert not Claim.objects.exists()


@pytest.mark.parametrize("name", URL_NAMES)
def test_an_account_outside_the_newsroom_groups_is_refused(client, source, name):
    client.force_login(make_user())
    method, url = all_urls(source)[name]
    assert getattr(client, method)(url).status_code == 403


@pytest.mark.parametrize("name", ["selection-claim", "selection-appearance", "quote-by-words"])
def test_views_that_save_refuse_get(signed_in, source, name):
    _, url = all_urls(source)[name]
    assert signed_in.get(url).status_code == 405


@pytest.mark.parametrize("name", ["reader", "selection"])
def test_pages_refuse_post(signed_in, source, name):
    _, url = all_urls(source)[name]
    assert signed_in.post(url).status_code == 405


def test_editors_use_the_reader_too(client, editor, source):
    client.force_login(editor)
    assert client.get(reader_url(source)).status_code == 200


def test_an_unknown_source_is_404(signed_in):
    assert signed_in.get(reverse("workspace:reader", args=[987654])).status_code == 404


# --- Reading ------------------------------------------------------------------------


def test_the_reader_shows_the_sources_metadata(signed_in, source):
    page = signed_in.get(reader_url(source)).content.decode()
    assert '<h1 dir="auto">Strike in Homs</h1>' in page
    assert "Middle East Eye" in page
    assert '<a href="https://example.org/homs" rel="noopener noreferrer nofollow">' in page
    assert "English" in page
    assert "1 October 2015" in page
    assert '<div class="source-text" lang="en"' in page
    assert '<script src="/static/js/reader.js" defer></script>' in page


def test_each_paragraph_holds_exactly_its_part_of_the_text(signed_in):
    text = (
        '🇸🇾 Tricky <b>&amp; "quoted"</b> text.\n\n'
        "😀 قال المتحدث إن الغارات قتلت ستة وثلاثين مدنياً.\nسطر ثان.\n\n\n"
        "  Spaces   kept. Сергей Лавров."
    )
    source = make_source(text=text, language="ar")
    revision = source.current_revision()
    claim = make_claim()
    make_appearance(claim=claim, quote=make_quote(revision=revision, exact="قتلت ستة"))
    make_appearance(claim=make_claim(), quote=make_quote(revision=revision, exact="ستة وثلاثين"))
    paragraphs = paragraphs_of(signed_in.get(reader_url(source)).content.decode())
    assert len(paragraphs) == 3
    for start, end, shown in paragraphs:
        assert shown == text[start:end]


def test_every_quote_is_highlighted_and_linked(signed_in, source):
    revision = source.current_revision()
    published = make_claim(
        text="Thirty-six civilians died.",
        speaker=make_speaker(name="The ministry"),
        published_at=datetime(2015, 10, 2, tzinfo=UTC),
    )
    draft = make_claim(text="Nobody died.", speaker=make_speaker(name="The army"))
    first = make_quote(revision=revision, exact="36 civilians were killed")
    second = make_quote(revision=revision, exact="no civilians were killed")
    make_appearance(claim=published, quote=first)
    make_appearance(claim=draft, quote=second)
    page = signed_in.get(reader_url(source)).content.decode()

    # Each quote links to its claim's page in the workspace, published or not.
    assert refs(page) == {
        first.pk: reverse("workspace:claim", args=[published.pk]),
        second.pk: reverse("workspace:claim", args=[draft.pk]),
    }
    assert marks(page) == [
        (str(first.pk), "36 civilians were killed"),
        (str(second.pk), "no civilians were killed"),
    ]
    # The claim is named on the highlight and its link.
    assert 'title="The ministry: Thirty-six civilians died."' in page
    # The list under the text shows each quote, its claim and its speaker.
    assert f'id="quote-{second.pk}"' in page
    assert "Nobody died." in page and "The army" in page
    assert "Thirty-six civilians died." in page


def test_overlapping_and_adjacent_quotes_are_all_visible(signed_in, source):
    revision = source.current_revision()
    outer = make_quote(revision=revision, exact="said 36 civilians were killed")
    inner = make_quote(revision=revision, exact="36 civilians")
    adjacent = make_quote(revision=revision, exact="The ministry ")
    for quote in (outer, inner, adjacent):
        make_appearance(quote=quote)
    page = signed_in.get(reader_url(source)).content.decode()
    shared = " ".join(str(pk) for pk in sorted([outer.pk, inner.pk]))
    assert marks(page) == [
        (str(adjacent.pk), "The ministry "),
        (str(outer.pk), "said "),
        (shared, "36 civilians"),
        (str(outer.pk), " were killed"),
    ]
    assert re.search(rf'class="quote-mark depth-2 overlap[^"]*" data-quotes="{shared}"', page)
    # Each quote, nested or adjacent, has its own link to its claim.
    assert set(refs(page)) == {outer.pk, inner.pk, adjacent.pk}


def test_orphaned_quotes_are_listed_for_re_selecting(signed_in, source):
    revision = source.current_revision()
    claim = make_claim(text="The army denied it.")
    quote = make_quote(revision=revision, exact="no civilians were killed")
    make_appearance(claim=claim, quote=quote)
    SourceRevision.objects.create(source=source, number=2, text="The ministry said 36 civilians were killed.")
    Quote.objects.filter(pk=quote.pk).update(orphaned=True)
    page = signed_in.get(reader_url(source)).content.decode()
    assert "Quotes that need re-selecting" in page
    section = page[page.index("Quotes that need re-selecting") :]
    assert "no civilians were killed" in section and "The army denied it." in section


def test_an_earlier_revision_is_shown_with_its_own_quotes(signed_in, source):
    old = source.current_revision()
    old_quote = make_quote(revision=old, exact="no civilians were killed")
    make_appearance(quote=old_quote)
    new = SourceRevision.objects.create(source=source, number=2, text="Entirely new text about the strike.")
    make_appearance(quote=make_quote(revision=new, exact="new text"))

    current = signed_in.get(reader_url(source)).content.decode()
    assert "about the strike" in current and str(old_quote.pk) not in dict(marks(current))
    assert 'data-current="true"' in current

    earlier = signed_in.get(reader_url(source, revision=1)).content.decode()
    assert "You are reading revision 1" in earlier
    assert (str(old_quote.pk), "no civilians were killed") in marks(earlier)
    assert "about the strike" not in earlier
    assert 'data-current="false"' in earlier


@pytest.mark.parametrize("revision", ["7", "x", "-1"])
def test_an_unknown_revision_is_404(signed_in, source, revision):
    assert signed_in.get(reader_url(source, revision=revision)).status_code == 404


def test_htmx_gets_only_the_text(signed_in, source):
    response = signed_in.get(reader_url(source), **HTMX)
    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content
    assert content.strip().startswith('<div id="reader-text">')


def test_the_reader_makes_as_many_queries_for_30_quotes_as_for_1(client, journalist, source):
    client.force_login(journalist)
    revision = source.current_revision()
    make_appearance(quote=make_quote(revision=revision, exact="36 civilians"))
    with CaptureQueriesContext(connection) as one:
        assert client.get(reader_url(source)).status_code == 200
    words = revision.text.split()
    for i in range(29):
        start = revision.text.index(words[i % len(words)])
        quote = Quote.from_position(revision, start, start + len(words[i % len(words)]))
        quote.save()
        make_appearance(quote=quote, claim=make_claim(published_at=datetime(2015, 10, 2, tzinfo=UTC)))
    with CaptureQueriesContext(connection) as thirty:
        page = client.get(reader_url(source)).content.decode()
    assert page.count('class="quote-entry') == 30
    assert len(thirty.captured_queries) == len(one.captured_queries)


# --- The selection panel -------------------------------------------------------------


def selection_url(source, **query):
    return reverse("workspace:selection", args=[source.pk]) + "?" + urlencode(query)


def test_a_selection_opens_the_panel_with_both_forms(signed_in, source):
    claim = make_claim(text="The ministry's count.")
    make_appearance(
        claim=claim, quote=make_quote(revision=source.current_revision(), exact="The ministry said")
    )
    response = signed_in.get(
        selection_url(source, **selection_of(source, "36 civilians were killed")), **HTMX
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content
    assert "New claim from this passage" in content
    assert "Another appearance of an existing claim" in content
    assert "<mark>36 civilians were killed</mark>" in content
    # The wording is prefilled from the passage.
    assert re.search(r">\s*36 civilians were killed</textarea>", content)
    # Claims already quoted in this source are offered first.
    assert f'name="add-claim" value="{claim.pk}"' in content
    # Every visible field has a label.
    for field_id in (
        "id_new-text",
        "id_new-speaker_name",
        "id_new-speaker_kind",
        "id_new-claimed_on",
        "id_add-claim_q",
    ):
        assert f'<label for="{field_id}"' in content


def test_without_htmx_the_selection_opens_in_the_whole_page(signed_in, source):
    response = signed_in.get(selection_url(source, **selection_of(source, "36 civilians")))
    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" in content and "New claim from this passage" in content


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"exact": "36 civilians were kille"}, MISMATCH_MESSAGE),
        ({"start": "abc"}, "Enter a whole number."),
        ({"end": "5"}, "The selection is empty"),
        ({"end": "99999"}, "after the end of the text"),
        ({"revision": "987654"}, "not a revision of this source"),
    ],
)
def test_a_selection_that_cannot_be_a_quote_says_why(signed_in, source, change, message):
    query = selection_of(source, "36 civilians were killed") | change
    response = signed_in.get(selection_url(source, **query), **HTMX)
    assert response.status_code == 422
    content = html.unescape(response.content.decode())
    assert message in content
    assert "New claim from this passage" not in content


def test_a_selection_in_an_older_revision_is_refused(signed_in, source):
    old = source.current_revision()
    SourceRevision.objects.create(source=source, number=2, text=TEXT + " More.")
    response = signed_in.get(
        selection_url(source, **selection_of(source, "36 civilians", revision=old)), **HTMX
    )
    assert response.status_code == 422
    assert "revised since" in response.content.decode()


def test_a_revision_of_another_source_is_refused(signed_in, source):
    other = make_source(text=TEXT)
    query = selection_of(other, "36 civilians")
    response = signed_in.get(selection_url(source, **query), **HTMX)
    assert response.status_code == 422


# --- New claim from a selection ------------------------------------------------------


def new_claim_data(source, words="36 civilians were killed", **overrides):
    data = selection_of(source, words) | {
        "new-text": "The strikes killed 36 civilians.",
        "new-speaker_name": "Khaled Khoja",
        "new-speaker_kind": "person",
        "new-speaker_role": "head of the Syrian National Coalition",
        "new-claimed_on": "2015-09-30",
        "new-venue": "interview with AFP, New York",
    }
    data.update(overrides)
    return data


def claim_url(source):
    return reverse("workspace:selection-claim", args=[source.pk])


def test_htmx_creates_the_claim_and_returns_the_text_with_its_highlight(signed_in, source, journalist):
    response = signed_in.post(claim_url(source), new_claim_data(source), **HTMX)
    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content

    claim = Claim.objects.get()
    quote = claim.appearances.get().quote
    assert claim.text == "The strikes killed 36 civilians."
    assert claim.speaker.name == "Khaled Khoja" and claim.speaker.kind == "person"
    assert claim.speaker_role == "head of the Syrian National Coalition"
    assert claim.claimed_on == date(2015, 9, 30)
    assert claim.venue == "interview with AFP, New York"
    assert claim.created_by == journalist
    assert (quote.exact, quote.created_by) == ("36 civilians were killed", journalist)

    assert content.lstrip().startswith('<div id="reader-text">')
    assert (str(quote.pk), "36 civilians were killed") in marks(content)
    assert re.search(rf'class="quote-mark[^"]* is-new" data-quotes="{quote.pk}"', content)
    assert 'id="reader-messages" hx-swap-oob="innerHTML"' in content
    assert "New claim by Khaled Khoja saved" in content
    assert 'id="selection-panel" hx-swap-oob="innerHTML"' in content
    # A success shown in place is not shown again on the next page load.
    assert not list(get_messages(response.wsgi_request))


def test_without_htmx_the_claim_is_saved_and_the_reader_reloaded_with_a_message(signed_in, source):
    response = signed_in.post(claim_url(source), new_claim_data(source))
    quote = Quote.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reader_url(source) + f"#quote-{quote.pk}"
    page = signed_in.get(response["Location"]).content.decode()
    assert "New claim by Khaled Khoja saved" in page


def test_an_existing_speaker_is_used_instead_of_a_duplicate(signed_in, source):
    khoja = make_speaker(name="Khaled Khoja")
    signed_in.post(claim_url(source), new_claim_data(source, **{"new-speaker_name": "khaled KHOJA"}), **HTMX)
    assert Claim.objects.get().speaker == khoja
    assert Speaker.objects.count() == 1


def test_a_speaker_chosen_from_the_search_is_used(signed_in, source):
    kremlin = make_speaker(name="Kremlin", kind=Speaker.Kind.GOVERNMENT)
    data = new_claim_data(source, **{"new-speaker": str(kremlin.pk), "new-speaker_name": "Krem"})
    assert signed_in.post(claim_url(source), data, **HTMX).status_code == 200
    assert Claim.objects.get().speaker == kremlin


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"new-text": "  "}, "Give the claim&#x27;s wording."),
        ({"new-speaker_name": ""}, "Choose a speaker, or type a name to add a new one."),
        ({"new-claimed_on": "30/09/2015"}, "Enter the date as year-month-day"),
        ({"new-speaker_kind": "alien"}, "Select a valid choice"),
        ({"exact": "something else"}, "The selected text does not match the source at that position"),
        ({"start": "-3"}, "greater than or equal to 0"),
    ],
)
def test_bad_input_shows_the_form_again_and_saves_nothing(signed_in, source, overrides, message):
    response = signed_in.post(claim_url(source), new_claim_data(source, **overrides), **HTMX)
    content = response.content.decode()
    assert response.status_code == 422
    assert "<html" not in content
    assert message in content
    assert response["HX-Retarget"] == "#selection-panel"
    assert response["HX-Reswap"] == "innerHTML"
    assert not Claim.objects.exists() and not Quote.objects.exists() and not Speaker.objects.exists()


def test_bad_input_without_htmx_shows_the_whole_page_again(signed_in, source):
    response = signed_in.post(claim_url(source), new_claim_data(source, **{"new-text": ""}))
    assert response.status_code == 422
    content = response.content.decode()
    assert "<html" in content and "Give the claim&#x27;s wording." in content
    # What was typed is kept.
    assert 'value="Khaled Khoja"' in content


def test_a_claim_on_an_outdated_revision_is_refused(signed_in, source):
    data = new_claim_data(source)
    SourceRevision.objects.create(source=source, number=2, text=TEXT + " More.")
    response = signed_in.post(claim_url(source), data, **HTMX)
    assert response.status_code == 422
    assert "revised since" in response.content.decode()
    assert not Claim.objects.exists()


# --- Another appearance of an existing claim -------------------------------------------


def appearance_url(source):
    return reverse("workspace:selection-appearance", args=[source.pk])


def test_a_selection_becomes_another_appearance_of_a_claim(signed_in, source):
    claim = make_claim()
    make_appearance(claim=claim, quote=make_quote(revision=source.current_revision(), exact="36 civilians"))
    data = selection_of(source, "no civilians were killed") | {"add-claim_q": "", "add-claim": claim.pk}
    response = signed_in.post(appearance_url(source), data, **HTMX)
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert [a.quote.exact for a in claim.appearances.order_by("pk")] == [
        "36 civilians",
        "no civilians were killed",
    ]
    assert "another appearance" in response.content.decode()


def test_the_same_passage_twice_for_one_claim_is_refused(signed_in, source):
    claim = make_claim()
    make_appearance(claim=claim, quote=make_quote(revision=source.current_revision(), exact="36 civilians"))
    data = selection_of(source, "36 civilians") | {"add-claim": claim.pk}
    response = signed_in.post(appearance_url(source), data, **HTMX)
    assert response.status_code == 422
    assert "already a quote of this claim" in response.content.decode()
    assert Appearance.objects.count() == 1


def test_no_claim_chosen_shows_the_claims_found_for_the_search(signed_in, source):
    wanted = make_claim(text="The army says nobody died.", speaker=make_speaker(name="The army"))
    make_claim(text="Something else entirely.")
    data = selection_of(source, "no civilians") | {"add-claim_q": "army"}
    response = signed_in.post(appearance_url(source), data)
    content = response.content.decode()
    assert response.status_code == 422
    assert "Choose one of the claims listed" in content
    assert f'name="add-claim" value="{wanted.pk}"' in content
    assert "Something else entirely." not in content
    assert not Quote.objects.exists()


def test_a_withdrawn_claim_cannot_be_chosen(signed_in, source):
    claim = make_claim(withdrawn_at=datetime(2015, 10, 2, tzinfo=UTC))
    data = selection_of(source, "no civilians") | {"add-claim": claim.pk}
    response = signed_in.post(appearance_url(source), data, **HTMX)
    assert response.status_code == 422
    assert "cannot be chosen" in response.content.decode()


# --- Typing the words, without JavaScript ---------------------------------------------


def words_url(source):
    return reverse("workspace:quote-by-words", args=[source.pk])


def test_the_reader_offers_the_typed_words_form(signed_in, source):
    page = signed_in.get(reader_url(source)).content.decode()
    assert "Add a quote by typing its exact words" in page
    assert f'action="{words_url(source)}"' in page
    assert '<label for="id_words-exact">' in page


def test_typed_words_make_a_new_claim(signed_in, source):
    data = {
        "words-exact": "36 civilians were killed",
        "wnew-text": "36 civilians were killed.",
        "wnew-speaker_name": "The ministry",
        "wnew-speaker_kind": "ministry",
        "action": "new",
    }
    response = signed_in.post(words_url(source), data)
    assert response.status_code == 302
    claim = Claim.objects.get()
    assert claim.speaker.kind == "ministry"
    quote = claim.appearances.get().quote
    assert (quote.start, quote.end) == (18, 42)
    assert any("New claim by The ministry saved" in str(m) for m in get_messages(response.wsgi_request))


def test_typed_words_that_occur_twice_ask_for_more_context(signed_in, source):
    data = {
        "words-exact": "civilians were killed",
        "wnew-text": "Nobody died.",
        "wnew-speaker_name": "The army",
        "wnew-speaker_kind": "military",
        "action": "new",
    }
    response = signed_in.post(words_url(source), data)
    content = response.content.decode()
    assert response.status_code == 422
    assert "These words occur 2 times in the text: add a few words before or after them." in content
    assert not Claim.objects.exists() and not Speaker.objects.exists()

    data["words-prefix"] = "army said no"
    assert signed_in.post(words_url(source), data).status_code == 302
    assert Quote.objects.get().start == TEXT.index("no civilians") + 3


def test_typed_words_become_another_appearance(signed_in, source):
    claim = make_claim()
    data = {"words-exact": "It gave no figures.", "wadd-claim": claim.pk, "action": "existing"}
    response = signed_in.post(words_url(source), data, **HTMX)
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert claim.appearances.get().quote.exact == "It gave no figures."


def test_typed_words_with_htmx_show_errors_in_the_form(signed_in, source):
    data = {"words-exact": "forty civilians", "wadd-claim": make_claim().pk, "action": "existing"}
    response = signed_in.post(words_url(source), data, **HTMX)
    content = response.content.decode()
    assert response.status_code == 422
    assert "<html" not in content
    assert content.lstrip().startswith('<section id="words-form"')
    assert "These words do not occur in the text" in content
    assert response["HX-Retarget"] == "#words-form"


def test_the_section_not_submitted_keeps_its_words_but_shows_no_errors(signed_in, source):
    data = {"words-exact": "", "wnew-speaker_name": "Typed name", "action": "existing"}
    content = signed_in.post(words_url(source), data).content.decode()
    assert 'value="Typed name"' in content
    assert "Choose a speaker, or type a name" not in content
    assert "Choose one of the claims listed" in content


# --- Search-as-you-type ------------------------------------------------------------------


def test_speaker_search_returns_radio_buttons_for_matching_speakers(signed_in):
    lavrov = make_speaker(name="Sergei Lavrov", description="Russian Foreign Minister")
    make_speaker(name="Vladimir Putin")
    kremlin = make_speaker(name="Kremlin", aliases=["the Kremlin"])
    response = signed_in.get(
        reverse("workspace:speaker-search"), {"prefix": "new", "new-speaker_name": "lavrov"}, **HTMX
    )
    content = response.content.decode()
    assert response.status_code == 200 and "<html" not in content
    assert f'name="new-speaker" value="{lavrov.pk}"' in content
    assert "Vladimir Putin" not in content
    assert 'A new speaker named “<span dir="auto">lavrov</span>”' in content

    by_alias = signed_in.get(
        reverse("workspace:speaker-search"), {"prefix": "wnew", "wnew-speaker_name": "the kremlin"}
    ).content.decode()
    # Typing a name exactly picks that speaker.
    assert f'name="wnew-speaker" value="{kremlin.pk}" checked' in by_alias


def test_speaker_search_for_an_unknown_form_is_404(signed_in):
    assert signed_in.get(reverse("workspace:speaker-search"), {"prefix": "evil"}).status_code == 404


def test_claim_search_finds_claims_by_wording_or_speaker(signed_in):
    lavrov = make_speaker(name="Sergei Lavrov")
    denial = make_claim(text="The allegations are completely untrue.", speaker=lavrov)
    make_claim(text="Something else.")
    make_claim(text="Completely withdrawn.", speaker=lavrov, withdrawn_at=datetime(2015, 10, 2, tzinfo=UTC))
    for query in ("lavrov untrue", "allegations"):
        response = signed_in.get(
            reverse("workspace:claim-search"), {"prefix": "add", "add-claim_q": query}, **HTMX
        )
        content = response.content.decode()
        assert response.status_code == 200 and "<html" not in content
        assert f'name="add-claim" value="{denial.pk}"' in content
        assert "Something else." not in content and "Completely withdrawn." not in content


def test_claim_search_with_nothing_typed_offers_the_claims_of_the_source(signed_in, source):
    quoted = make_claim(text="Quoted here.")
    make_appearance(claim=quoted, quote=make_quote(revision=source.current_revision(), exact="36 civilians"))
    make_claim(text="Quoted nowhere.")
    content = signed_in.get(
        reverse("workspace:claim-search"), {"prefix": "add", "add-claim_q": "", "source": source.pk}, **HTMX
    ).content.decode()
    assert "Quoted here." in content and "Quoted nowhere." not in content
