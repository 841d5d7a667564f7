"""An earlier revision's quotes, read back from their history as they were
anchored on it before a revision moved them."""

import pytest

from sources.history import quotes_as_they_were_on
from sources.revising import revise_source
from tests.factories import make_quote, make_source

pytestmark = pytest.mark.django_db

TEXT = "The ministry said 36 civilians were killed.\n\nThe minister said no civilians were killed.\n"
LEAD = "Updated with the minister's statement.\n\n"


def test_moved_quotes_are_read_where_they_were_on_the_earlier_revision(journalist):
    source = make_source(text=TEXT)
    first = source.current_revision()
    second_quote = make_quote(revision=first, exact="no civilians were killed")
    first_quote = make_quote(revision=first, exact="36 civilians were killed")
    where = {q.pk: (q.start, q.end) for q in (first_quote, second_quote)}

    revise_source(source=source, text=LEAD + TEXT, by=journalist)

    then = quotes_as_they_were_on(first)
    assert [q.pk for q in then] == [first_quote.pk, second_quote.pk]
    assert all((q.start, q.end) == where[q.pk] for q in then)
    assert all(first.text[q.start : q.end] == q.exact and q.revision == first for q in then)


def test_an_orphan_is_still_on_its_revision(journalist):
    source = make_source(text=TEXT)
    first = source.current_revision()
    orphan = make_quote(revision=first, exact="36 civilians were killed")

    revise_source(source=source, text="An unrelated text.\n", by=journalist)

    [then] = quotes_as_they_were_on(first)
    assert then.pk == orphan.pk and then.orphaned
    assert then.exact == "36 civilians were killed"


def test_a_revision_without_quotes_has_none(journalist):
    source = make_source(text=TEXT)
    assert quotes_as_they_were_on(source.current_revision()) == []
