"""After a revision: earlier revisions keep showing their quotes, and a
journalist re-selects a quote the revision lost."""

import pytest
from django.urls import reverse

from claims.models import Appearance
from sources.models import Quote
from sources.revising import revise_source
from tests.factories import make_appearance, make_claim, make_quote, make_source

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
TEXT = "The ministry said 36 civilians were killed.\n\nThe army said no civilians were killed."
REVISED = "Update at noon.\n\nThe ministry said 36 civilians were killed.\n\nThe army says none died."


@pytest.fixture
def signed_in(client, journalist):
    client.force_login(journalist)
    return client


@pytest.fixture
def revised():
    """A source whose revision moved one quote and orphaned the other."""
    source = make_source(text=TEXT)
    first = source.current_revision()
    moved = make_quote(revision=first, exact="36 civilians were killed")
    lost = make_quote(revision=first, exact="no civilians were killed")
    make_appearance(claim=make_claim(text="Thirty-six died."), quote=moved)
    make_appearance(claim=make_claim(text="Nobody died."), quote=lost)
    report = revise_source(source=source, text=REVISED, by=None)
    assert [q.pk for q, _ in report.reanchored] == [moved.pk]
    assert [q.pk for q in report.orphaned] == [lost.pk]
    return source, moved, lost


def selection(source, words):
    revision = source.current_revision()
    start = revision.text.index(words)
    return {
        "revision": revision.pk,
        "start": start,
        "end": start + len(words),
        "exact": words,
    }


def test_an_earlier_revision_shows_moved_quotes_where_they_were(signed_in, revised):
    source, moved, lost = revised
    page = signed_in.get(reverse("workspace:reader", args=[source.pk]) + "?revision=1").content.decode()
    assert "You are reading revision 1" in page
    assert f'data-quotes="{moved.pk}"' in page
    assert f'data-quotes="{lost.pk}"' in page

    current = signed_in.get(reverse("workspace:reader", args=[source.pk])).content.decode()
    assert f'data-quotes="{moved.pk}"' in current
    assert f'data-quotes="{lost.pk}"' not in current
    assert "Quotes that need re-selecting" in current


def test_the_panel_offers_re_selecting_only_while_quotes_need_it(signed_in, revised):
    source, _, lost = revised
    url = reverse("workspace:selection", args=[source.pk])
    panel = signed_in.get(url, selection(source, "none died"), **HTMX).content.decode()
    assert "Re-select a quote that was lost in a revision" in panel
    assert "Nobody died." in panel  # the orphan's claim names it

    Quote.objects.filter(pk=lost.pk).update(orphaned=False)
    panel = signed_in.get(url, selection(source, "none died"), **HTMX).content.decode()
    assert "Re-select a quote that was lost in a revision" not in panel


def test_re_selecting_moves_the_quote_and_keeps_its_claim(signed_in, revised):
    source, _, lost = revised
    claim = lost.appearance.claim
    data = selection(source, "none died") | {"reselect-quote": lost.pk}
    response = signed_in.post(reverse("workspace:selection-reselect", args=[source.pk]), data, **HTMX)

    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert "Quote re-selected in the current text." in response.content.decode()
    lost.refresh_from_db()
    assert not lost.orphaned
    assert lost.revision == source.current_revision()
    assert lost.exact == "none died"
    assert Appearance.objects.get(quote=lost).claim == claim
    # Its history keeps where it was quoted first.
    assert lost.history.filter(revision_id=source.revisions.get(number=1).pk).exists()


def test_re_selecting_without_javascript_redirects_to_the_reader(signed_in, revised):
    source, _, lost = revised
    data = selection(source, "none died") | {"reselect-quote": lost.pk}
    response = signed_in.post(reverse("workspace:selection-reselect", args=[source.pk]), data)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("workspace:reader", args=[source.pk]))


def test_re_selecting_needs_a_quote_chosen(signed_in, revised):
    source, _, lost = revised
    response = signed_in.post(
        reverse("workspace:selection-reselect", args=[source.pk]), selection(source, "none died"), **HTMX
    )
    assert response.status_code == 422
    assert "Choose the quote these words are for." in response.content.decode()
    lost.refresh_from_db()
    assert lost.orphaned


def test_re_selecting_refuses_words_that_are_not_at_the_position(signed_in, revised):
    source, _, lost = revised
    data = selection(source, "none died") | {"reselect-quote": lost.pk, "exact": "something else"}
    response = signed_in.post(reverse("workspace:selection-reselect", args=[source.pk]), data, **HTMX)
    assert response.status_code == 422
    lost.refresh_from_db()
    assert lost.orphaned
