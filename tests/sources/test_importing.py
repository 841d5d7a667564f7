"""Importing a canonical text as a new source, once."""

import pytest

from sources.importing import import_source
from sources.models import Source, SourceRevision, text_sha256
from tests.factories import make_source, make_user

# import_source

METADATA = {"title": "Russia airstrike on Homs", "outlet": "Middle East Eye", "language": "en"}


@pytest.mark.django_db
def test_import_creates_a_source_and_its_first_revision():
    journalist = make_user()
    result = import_source(metadata=METADATA, text="The text.", by=journalist)
    assert result.created
    source = Source.objects.get()
    assert result.source == source
    assert (source.title, source.outlet, source.created_by) == (
        "Russia airstrike on Homs",
        "Middle East Eye",
        journalist,
    )
    revision = source.revisions.get()
    assert (revision.number, revision.text, revision.created_by) == (1, "The text.", journalist)
    assert revision.sha256 == text_sha256("The text.")


@pytest.mark.django_db
def test_import_records_who_in_the_history():
    journalist = make_user()
    source = import_source(metadata=METADATA, text="The text.", by=journalist).source
    assert source.history.get().history_user == journalist
    assert source.revisions.get().history.get().history_user == journalist


@pytest.mark.django_db
def test_importing_the_same_text_again_returns_the_existing_source():
    existing = make_source(text="Same text.")
    result = import_source(metadata={"title": "Another title"}, text="Same text.", by=make_user())
    assert not result.created
    assert result.source == existing
    assert Source.objects.count() == 1
    assert SourceRevision.objects.count() == 1


@pytest.mark.django_db
def test_a_text_matching_an_earlier_revision_is_a_duplicate_too():
    existing = make_source(text="First wording.")
    SourceRevision.objects.create(source=existing, number=2, text="Second wording.")
    assert import_source(metadata=METADATA, text="First wording.", by=make_user()).source == existing


@pytest.mark.django_db
def test_an_empty_text_is_refused():
    with pytest.raises(ValueError):
        import_source(metadata=METADATA, text="  ", by=make_user())
    assert not Source.objects.exists()
