"""Revising a source's text: the next revision is saved, its quotes follow
it or are flagged for repair, and the history records who did what."""

import pytest
from django.core.exceptions import ValidationError

from sources.models import Quote, SourceRevision
from sources.revising import reanchor_orphan, revise_source
from tests.factories import make_appearance, make_quote, make_source

pytestmark = pytest.mark.django_db

TEXT = (
    "NEW YORK - A Russian airstrike killed 36 civilians, including five children, in the central "
    "Syrian province of Homs on Wednesday, the head of Syria's main opposition group said.\n\n"
    "Russian Foreign Minister Sergei Lavrov said on Thursday morning that the allegations were "
    '"completely untrue".\n'
)
LEAD = "Updated on 2 October with the Kremlin's statement.\n\n"
LAVROV = 'the allegations were "completely untrue"'


def source_with_quotes(*words: str):
    source = make_source(text=TEXT)
    revision = source.current_revision()
    return source, [make_quote(revision=revision, exact=w) for w in words]


def test_a_moved_quote_is_reanchored_in_place_onto_the_new_revision(journalist):
    source, [quote] = source_with_quotes(LAVROV)
    old_revision, old_start = quote.revision, quote.start

    report = revise_source(source=source, text=LEAD + TEXT, by=journalist, note="Lead added")

    quote.refresh_from_db()
    assert quote.revision == report.revision
    assert (quote.start, quote.exact) == (old_start + len(LEAD), LAVROV)
    assert quote.revision.text[quote.start : quote.end] == LAVROV
    assert not quote.orphaned
    assert report.reanchored == [(quote, "quote")]
    assert report.orphaned == []
    assert Quote.objects.count() == 1
    quote.full_clean()
    assert old_revision.pk != report.revision.pk


def test_a_moved_quote_keeps_its_old_position_in_its_history(journalist):
    source, [quote] = source_with_quotes(LAVROV)
    old_revision, old_start = quote.revision, quote.start

    revise_source(source=source, text=LEAD + TEXT, by=journalist)

    earlier, later = quote.history.order_by("history_date", "history_id")
    assert (earlier.revision_id, earlier.start) == (old_revision.pk, old_start)
    assert (later.start, later.history_user) == (old_start + len(LEAD), journalist)
    assert later.history_change_reason == "Re-anchored to revision 2 by quote"


def test_a_claim_follows_its_quote_to_the_new_revision(journalist):
    source, [quote] = source_with_quotes(LAVROV)
    appearance = make_appearance(quote=quote)

    report = revise_source(source=source, text=LEAD + TEXT, by=journalist)

    appearance.refresh_from_db()
    assert appearance.quote.revision == report.revision


def test_an_edited_quote_is_reanchored_approximately(journalist):
    source, [quote] = source_with_quotes("killed 36 civilians, including five children")

    report = revise_source(source=source, text=TEXT.replace("killed 36", "killed 35"), by=journalist)

    quote.refresh_from_db()
    assert quote.exact == "killed 35 civilians, including five children"
    assert report.reanchored == [(quote, "fuzzy")]


def test_a_deleted_passage_orphans_its_quote_on_the_old_revision(journalist):
    source, [kept, lost] = source_with_quotes("killed 36 civilians", LAVROV)
    old_revision = lost.revision
    without_lavrov = TEXT.split("Russian Foreign Minister")[0]

    report = revise_source(source=source, text=without_lavrov, by=journalist)

    lost.refresh_from_db()
    kept.refresh_from_db()
    assert lost.orphaned
    assert lost.revision == old_revision
    assert lost.exact == old_revision.text[lost.start : lost.end] == LAVROV
    assert report.orphaned == [lost]
    assert report.reanchored == [(kept, "position")]
    assert kept.revision == report.revision
    assert lost.history.first().history_change_reason == "Orphaned: not found in revision 2"


def test_an_orphaned_quote_stays_where_it_is_through_later_revisions(journalist):
    source, [quote] = source_with_quotes(LAVROV)
    without_lavrov = TEXT.split("Russian Foreign Minister")[0]
    revise_source(source=source, text=without_lavrov, by=journalist)

    report = revise_source(source=source, text=without_lavrov + "\nMore to follow.", by=journalist)

    quote.refresh_from_db()
    assert (quote.revision.number, quote.orphaned) == (1, True)
    assert report.reanchored == report.orphaned == []


def test_revision_numbers_count_up_and_record_who_and_why(journalist, editor):
    source = make_source(text=TEXT)

    second = revise_source(source=source, text=LEAD + TEXT, by=journalist, note="Lead added").revision
    third = revise_source(source=source, text=TEXT, by=editor, note="Lead removed").revision

    assert [second.number, third.number] == [2, 3]
    assert (second.created_by, second.note) == (journalist, "Lead added")
    assert (third.created_by, third.note) == (editor, "Lead removed")
    assert source.current_revision() == third
    assert third.history.get().history_user == editor
    assert list(source.revisions.values_list("number", flat=True)) == [1, 2, 3]


def test_an_unchanged_text_is_refused_and_no_revision_is_made(journalist):
    source, [quote] = source_with_quotes(LAVROV)

    with pytest.raises(ValidationError) as error:
        revise_source(source=source, text=TEXT, by=journalist)

    assert error.value.message_dict == {
        "text": ["The text is unchanged: there is nothing to save as a new revision."]
    }
    assert SourceRevision.objects.count() == 1
    assert quote.history.count() == 1


@pytest.mark.parametrize("text", ["", "  \n\n\t "])
def test_an_empty_text_is_refused_and_nothing_is_saved(journalist, text):
    source, [quote] = source_with_quotes(LAVROV)

    with pytest.raises(ValidationError) as error:
        revise_source(source=source, text=text, by=journalist)

    assert error.value.message_dict == {"text": ["A source's text cannot be empty."]}
    assert SourceRevision.objects.count() == 1
    quote.refresh_from_db()
    assert (quote.revision.number, quote.orphaned) == (1, False)
    assert quote.history.count() == 1


def test_a_note_too_long_for_its_column_is_refused_readably(journalist):
    source = make_source(text=TEXT)

    with pytest.raises(ValidationError) as error:
        revise_source(source=source, text=LEAD + TEXT, by=journalist, note="x" * 301)

    assert list(error.value.message_dict) == ["note"]
    assert SourceRevision.objects.count() == 1


def test_a_revision_without_a_user_is_saved_without_one():
    source, [quote] = source_with_quotes(LAVROV)

    report = revise_source(source=source, text=LEAD + TEXT, by=None)

    assert report.revision.created_by is None
    assert quote.history.first().history_user is None


# Repairing an orphan


def orphan(journalist):
    source, [quote] = source_with_quotes(LAVROV)
    rewritten = TEXT.replace(LAVROV, 'the reports were "a fabrication from start to finish"')
    revise_source(source=source, text=rewritten, by=journalist)
    quote.refresh_from_db()
    assert quote.orphaned
    return source, quote, rewritten


def test_a_journalist_reselects_an_orphaned_quote_on_the_current_revision(journalist, editor):
    source, quote, rewritten = orphan(journalist)
    start = rewritten.index("the reports were")
    end = len(rewritten) - 2

    repaired = reanchor_orphan(
        quote=quote, start=start, end=end, by=editor, revision=source.current_revision()
    )

    quote.refresh_from_db()
    assert repaired == quote
    assert quote.revision == source.current_revision()
    assert not quote.orphaned
    assert quote.exact == 'the reports were "a fabrication from start to finish"'
    assert quote.prefix == rewritten[start - 32 : start]
    assert quote.suffix == ".\n"
    quote.full_clean()
    latest = quote.history.first()
    assert (latest.history_user, latest.history_change_reason) == (editor, "Re-selected in revision 2")


@pytest.mark.parametrize(
    ("start", "end", "errors"),
    [
        (10, 10, {"end": ["A quote must start before it ends."]}),
        (12, 10, {"end": ["A quote must start before it ends."]}),
        (-1, 10, {"start": ["A quote cannot start before the beginning of the text."]}),
    ],
)
def test_reselecting_refuses_an_empty_or_reversed_range(journalist, start, end, errors):
    _, quote, _ = orphan(journalist)

    with pytest.raises(ValidationError) as error:
        reanchor_orphan(quote=quote, start=start, end=end, by=journalist)

    assert error.value.message_dict == errors
    quote.refresh_from_db()
    assert (quote.revision.number, quote.orphaned) == (1, True)


def test_reselecting_refuses_a_range_past_the_end_of_the_text(journalist):
    _, quote, rewritten = orphan(journalist)
    length = len(rewritten)

    with pytest.raises(ValidationError) as error:
        reanchor_orphan(quote=quote, start=0, end=length + 1, by=journalist)

    assert error.value.message_dict == {
        "end": [f"The quote ends at character {length + 1}, after the end of the text ({length} characters)."]
    }


def test_reselecting_on_a_revision_that_was_since_superseded_is_refused(journalist):
    source, quote, rewritten = orphan(journalist)
    seen = source.current_revision()
    revise_source(source=source, text="Breaking: " + rewritten, by=journalist)

    with pytest.raises(ValidationError) as error:
        reanchor_orphan(quote=quote, start=0, end=10, by=journalist, revision=seen)

    assert error.value.messages == [
        "The source's text was revised after you selected this passage; select it again."
    ]
    quote.refresh_from_db()
    assert (quote.revision.number, quote.orphaned) == (1, True)
