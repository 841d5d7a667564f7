"""``manage.py export_annotations`` and ``import_annotations``: the demo's
annotations written out and read back on an empty database with the same
selectors, and what an import does with every other kind of file."""

import json
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from claims.devdata.demo import load_demo, read_article
from claims.devdata.story import SOURCE_OUTLET, SOURCE_PUBLISHED_ON, SOURCE_TITLE
from sources import annotations as files
from sources.models import Quote, Source, SourceRevision
from tests.claims.annotation_rules import check_annotation
from tests.claims.test_backup import put_back_migrated_rows
from tests.factories import make_appearance, make_claim, make_quote, make_source

PUBLISHED = datetime(2015, 10, 2, 9, 0, tzinfo=UTC)
SELECTORS = ("start", "end", "exact", "prefix", "suffix")
BASE = "https://news.example"


def selectors_of(quotes) -> set[tuple]:
    return set(quotes.values_list(*SELECTORS))


def export(path, *extra: str) -> dict:
    call_command("export_annotations", "--base-url", BASE, "-o", str(path), *extra, stderr=StringIO())
    return json.loads(path.read_text(encoding="utf-8"))


def import_file(path) -> str:
    out = StringIO()
    call_command("import_annotations", str(path), stdout=out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_the_demos_annotations_come_back_on_an_empty_database(settings, tmp_path):
    settings.DEBUG = True  # the demo refuses to run otherwise
    put_back_migrated_rows()
    load_demo()
    before = selectors_of(Quote.objects.all())
    path = tmp_path / "annotations.jsonld"
    document = export(path)
    items = document["first"]["items"]
    assert document["type"] == "AnnotationCollection" and document["total"] == len(items) == len(before)
    for item in items:
        check_annotation(item, embedded=True)

    call_command("flush", interactive=False)
    put_back_migrated_rows()
    assert not Quote.objects.exists() and not Source.objects.exists()
    # The demo's source again: its text, as a journalist would paste it.
    source = Source.objects.create(
        title=SOURCE_TITLE, outlet=SOURCE_OUTLET, published_on=SOURCE_PUBLISHED_ON, language="en"
    )
    SourceRevision.objects.create(source=source, number=1, text=read_article())

    assert import_file(path).startswith(f"Imported {len(before)} quotes; 0 quotes already here")
    assert selectors_of(Quote.objects.all()) == before
    assert set(Quote.objects.values_list("revision__source", flat=True)) == {source.pk}
    # Run again, it makes nothing twice.
    assert import_file(path).startswith(f"Imported 0 quotes; {len(before)} quotes already here")


# --- What is exported -------------------------------------------------------------------


@pytest.fixture
def newsroom(db):
    source = make_source(url="https://news.example/homs")
    public = make_quote(revision=source.current_revision(), exact="36 civilians were killed")
    make_appearance(claim=make_claim(published_at=PUBLISHED), quote=public)
    draft = make_quote(revision=source.current_revision(), exact="army denied")
    make_appearance(claim=make_claim(), quote=draft)
    loose = make_quote(revision=source.current_revision(), exact="on Tuesday")
    return source, public, draft, loose


def test_the_export_holds_only_public_quotes_and_all_of_them_with_all(newsroom, tmp_path):
    source, public, draft, loose = newsroom
    public_only = export(tmp_path / "public.jsonld")["first"]["items"]
    assert [item["id"] for item in public_only] == [f"{BASE}/claims/annotations/{public.pk}/"]
    everything = export(tmp_path / "all.jsonld", "--all")["first"]["items"]
    assert [item["id"] for item in everything] == [
        f"{BASE}/claims/annotations/{quote.pk}/" for quote in (public, draft, loose)
    ]
    assert "body" not in everything[2]  # a quote of no claim has nothing to say of one
    for item in everything:
        check_annotation(item, embedded=True)


def test_exporting_twice_gives_the_same_file(newsroom, tmp_path):
    export(tmp_path / "one.jsonld")
    export(tmp_path / "two.jsonld")
    assert (tmp_path / "one.jsonld").read_bytes() == (tmp_path / "two.jsonld").read_bytes()


@pytest.mark.parametrize("address", ["news.example", "ftp://news.example", "https://news.example/claims/"])
def test_the_export_needs_the_sites_address(db, tmp_path, address):
    with pytest.raises(CommandError, match="--base-url"):
        call_command("export_annotations", "--base-url", address, "-o", str(tmp_path / "a.jsonld"))
    assert not (tmp_path / "a.jsonld").exists()


# --- How an import finds the text -------------------------------------------------------


def annotation(exact: str, start: int | None, *, iri: str = "https://elsewhere.example/x", sha=None) -> dict:
    source = {"id": iri, "type": "Text"}
    if sha:
        source["dcterms:identifier"] = files.text_identifier(sha)
    selector = [{"type": "TextQuoteSelector", "exact": exact, "prefix": "", "suffix": ""}]
    if start is not None:
        selector.append({"type": "TextPositionSelector", "start": start, "end": start + len(exact)})
    return {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "type": "Annotation",
        "target": {"type": "SpecificResource", "source": source, "selector": selector},
    }


def write(path, document) -> str:
    path.write_text(json.dumps(document), encoding="utf-8")
    return str(path)


def test_a_source_is_found_by_its_address_when_its_text_changed(db, tmp_path):
    source = make_source(url="https://news.example/homs", text="Corrected: 36 civilians were killed.")
    moved = annotation("36 civilians", 0, iri="https://news.example/homs", sha="0" * 64)
    path = write(tmp_path / "a.json", [moved])
    assert import_file(path).startswith("Imported 1 quote;")
    quote = Quote.objects.get()
    assert (quote.revision.source_id, quote.start, quote.exact) == (source.pk, 11, "36 civilians")
    assert quote.prefix == "Corrected: " and quote.suffix == " were killed."


def test_a_source_is_found_by_the_words_when_nothing_else_names_it(db, tmp_path):
    make_source(text="Nothing of the kind happened here.")
    source = make_source(text="On Thursday the army denied it.")
    path = write(tmp_path / "a.json", {"type": "AnnotationPage", "items": [annotation("army denied", None)]})
    assert import_file(path).startswith("Imported 1 quote;")
    quote = Quote.objects.get()
    assert quote.revision.source_id == source.pk and quote.start == 16


def test_what_cannot_be_placed_is_reported_and_the_rest_imported(db, tmp_path):
    make_source(text="The army denied it.")
    path = write(tmp_path / "a.json", [annotation("army denied", 4), annotation("no such words", 0)])
    report = import_file(path)
    first, second = report.splitlines()[:2]
    assert first == "Imported 1 quote; 0 quotes already here left as they were."
    assert second == "1 could not be placed:"
    assert "Annotation 2 (https://elsewhere.example/x): no source here has the text it quotes." in report
    assert Quote.objects.count() == 1


def test_an_approximate_match_is_not_an_import(db, tmp_path):
    make_source(url="https://news.example/a", text="The army firmly denied it all.")
    path = write(
        tmp_path / "a.json", [annotation("The army denied it all.", 0, iri="https://news.example/a")]
    )
    assert "Annotation 1 (https://news.example/a): its words are not in it." in import_file(path)
    assert not Quote.objects.exists()


# --- Files refused ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ("not json", "The file is not JSON"),
        ('"a string"', "neither annotations nor a collection"),
        (
            json.dumps({"type": "AnnotationCollection", "first": "https://x.example/?page=0"}),
            "on pages elsewhere",
        ),
        (json.dumps([{"type": "Note"}]), "Annotation 1: it is not an Annotation."),
        (json.dumps([{"type": "Annotation", "target": "https://x.example/"}]), "has no target with a source"),
        (
            json.dumps([{"type": "Annotation", "target": {"source": "https://x.example/", "selector": []}}]),
            "its target has no TextQuoteSelector",
        ),
        ("[" * 100_000 + "]" * 100_000, "The file is not JSON"),
    ],
)
def test_a_malformed_file_is_refused_whole(db, tmp_path, document, message):
    make_source(text="The army denied it.")
    path = tmp_path / "a.json"
    path.write_text(document, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        import_file(path)
    assert not Quote.objects.exists()


def test_one_bad_annotation_refuses_the_file_naming_each(db, tmp_path):
    make_source(text="The army denied it.")
    bad_position = annotation("army denied", 4)
    bad_position["target"]["selector"][1]["end"] = 99
    no_words = annotation("army", 4)
    no_words["target"]["selector"][0]["exact"] = ""
    path = write(tmp_path / "a.json", [annotation("army denied", 4), bad_position, no_words])
    with pytest.raises(CommandError) as refused:
        import_file(path)
    message = str(refused.value)
    assert "Annotation 2: its TextPositionSelector does not span its exact words." in message
    assert "Annotation 3: its TextQuoteSelector has no exact words." in message
    assert not Quote.objects.exists()


def test_the_bounds(db, tmp_path, monkeypatch):
    make_source(text="The army denied it.")
    path = write(tmp_path / "a.json", [annotation("army denied", 4)] * 3)
    monkeypatch.setattr(files, "MAX_ANNOTATIONS", 2)
    with pytest.raises(CommandError, match="more than 2 annotations"):
        import_file(path)
    monkeypatch.setattr("sources.management.commands.import_annotations.MAX_FILE_BYTES", 100)
    with pytest.raises(CommandError, match="larger than"):
        import_file(path)
    with pytest.raises(CommandError, match="cannot be read"):
        import_file(tmp_path / "missing.json")
    assert not Quote.objects.exists()
