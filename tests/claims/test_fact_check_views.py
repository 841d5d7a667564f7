"""Importing other fact-checkers' reviews in the workspace, matching them to
claims, and "Also checked by" on the claim pages."""

import hashlib
from datetime import UTC, date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse

from claims.domain.claimreview_import import MAX_BYTES
from claims.models import ExternalFactCheck, ExternalFactCheckImport
from claims.workspace.fact_check_forms import make_token
from tests.claims.claimreviews import as_json, claim_review, data_feed, page_graph
from tests.factories import make_claim, make_fact_check, make_speaker
from tests.parsing import parse, radios, text_of

pytestmark = pytest.mark.django_db

IMPORT = reverse("workspace:fact-check-import")
CONFIRM = reverse("workspace:fact-check-import-confirm")
LIST = reverse("workspace:fact-checks")
PUBLISHED = datetime(2015, 10, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def signed_in_editor(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def khoja_claim():
    return make_claim(
        speaker=make_speaker(name="Khaled Khoja"),
        text="A Russian airstrike in northern Homs killed 36 civilians, including five children.",
        published_at=PUBLISHED,
    )


def upload(client, content: str | bytes, name: str = "feed.json"):
    data = content.encode() if isinstance(content, str) else content
    return client.post(IMPORT, {"upload": SimpleUploadedFile(name, data, content_type="application/json")})


def nothing_saved():
    return not ExternalFactCheck.objects.exists() and not ExternalFactCheckImport.objects.exists()


def report_lines(response) -> list[str]:
    return [
        text_of(li)
        for ol in parse(response.content).iter("ol")
        if "import-report" in ol.get("class", "")
        for li in ol
    ]


def hidden(response, name: str) -> str:
    return next(i.get("value") for i in parse(response.content).iter("input") if i.get("name") == name)


def two_reviews_feed() -> str:
    other = claim_review(2, claimReviewed="Russia is preparing a ground operation in Syria")
    return as_json(data_feed(claim_review(1), other))


# --- Step 1: reading -----------------------------------------------------------------------


def test_the_import_page_has_a_labelled_field_for_a_file_and_for_a_paste(signed_in_editor):
    page = parse(signed_in_editor.get(IMPORT).content)
    labels = {label.get("for"): text_of(label) for label in page.iter("label")}
    assert labels["id_upload"] == "Upload a file"
    assert labels["id_text"] == "Or paste the JSON-LD"


def test_a_feed_is_previewed_with_similar_claims_to_choose_and_nothing_is_saved(
    signed_in_editor, khoja_claim
):
    response = upload(signed_in_editor, two_reviews_feed())
    assert response.status_code == 200
    assert nothing_saved()
    first = radios(response.content, "match-1")
    assert first == {str(khoja_claim.pk): False, "none": True}
    assert radios(response.content, "match-2") == {"none": True}
    legends = [text_of(legend) for legend in parse(response.content).iter("legend")]
    assert "The claim here that item 1 reviewed" in legends


def test_a_pages_json_ld_can_be_pasted(signed_in_editor, khoja_claim):
    response = signed_in_editor.post(IMPORT, {"text": as_json(page_graph(claim_review(1)))})
    assert response.status_code == 200
    assert radios(response.content, "match-1") == {str(khoja_claim.pk): False, "none": True}
    assert "2 other objects in the input (not ClaimReviews) passed over." in text_of(parse(response.content))


def test_malformed_input_gets_its_report_line_by_line_and_nothing_is_saved(signed_in_editor):
    bad = claim_review(2, reviewRating={"@type": "Rating"}, url="javascript:alert(1)")
    response = upload(signed_in_editor, as_json(data_feed(claim_review(1), bad)))
    assert response.status_code == 422
    assert report_lines(response) == [
        "item 2 (“A Russian airstrike in northern Homs killed 36 civilians”): "
        "url is not an http:// or https:// address.",
        "item 2 (“A Russian airstrike in northern Homs killed 36 civilians”): "
        "reviewRating has no alternateName or ratingValue.",
    ]
    assert "Nothing was imported" in text_of(parse(response.content))
    assert 'name="token"' not in response.content.decode()
    assert nothing_saved()


def test_bad_json_is_reported(signed_in_editor):
    response = signed_in_editor.post(IMPORT, {"text": "{not json"})
    assert response.status_code == 422
    assert report_lines(response) == [
        "The input is not valid JSON (line 1, column 2): Expecting property name enclosed in double quotes."
    ]
    assert nothing_saved()


def test_a_file_over_the_limit_is_refused_unread(signed_in_editor):
    response = upload(signed_in_editor, b" " * (MAX_BYTES + 1))
    assert response.status_code == 422
    assert f"The file is {MAX_BYTES + 1:,} bytes; the limit is {MAX_BYTES:,} bytes (2 MB)." in text_of(
        parse(response.content)
    )
    assert nothing_saved()


def test_nothing_given_or_both_given_say_so(signed_in_editor):
    assert (
        "Upload a JSON or JSON-LD file, or paste the JSON-LD."
        in signed_in_editor.post(IMPORT, {}).content.decode()
    )
    both = signed_in_editor.post(
        IMPORT, {"text": "[]", "upload": SimpleUploadedFile("f.json", b"[]", content_type="application/json")}
    )
    assert both.status_code == 422
    assert "Give either a file or pasted JSON-LD, not both." in both.content.decode()


def test_html_in_a_review_is_shown_as_text(signed_in_editor):
    review = claim_review(1, claimReviewed='<script>alert("x")</script><img src=x onerror=alert(1)>')
    review["author"]["name"] = "<b>Desk</b>"
    response = upload(signed_in_editor, as_json([review]))
    page = parse(response.content)
    assert '<script>alert("x")</script><img src=x onerror=alert(1)>' in text_of(page)
    assert "<b>Desk</b>" in text_of(page)
    assert not [img for img in page.iter("img")]
    assert all(script.get("src") for script in page.iter("script"))


# --- Step 2: confirming --------------------------------------------------------------------


def confirm(client, preview, **choices):
    data = {"token": hidden(preview, "token"), **{f"match-{i}": v for i, v in choices.items()}}
    return client.post(CONFIRM, data)


def test_confirming_saves_every_review_with_the_matches_chosen(signed_in_editor, editor, khoja_claim):
    feed = two_reviews_feed()
    preview = upload(signed_in_editor, feed)
    response = confirm(signed_in_editor, preview, **{"1": str(khoja_claim.pk), "2": "none"})
    assert response.status_code == 302
    assert response["Location"] == LIST

    batch = ExternalFactCheckImport.objects.get()
    assert (batch.filename, batch.created_by, batch.sha256) == (
        "feed.json",
        editor,
        hashlib.sha256(feed.encode()).hexdigest(),
    )
    matched = ExternalFactCheck.objects.get(review_url="https://factcheck.example/reviews/1")
    assert matched.claim == khoja_claim
    assert matched.matched_by == editor and matched.matched_at is not None
    assert (matched.organisation_name, matched.rating_text, matched.published_on) == (
        "Fact Desk Example",
        "Unsupported",
        date(2015, 10, 3),
    )
    assert matched.claim_author == "Khaled Khoja"
    assert matched.batch == batch and matched.created_by == editor
    unmatched = ExternalFactCheck.objects.get(review_url="https://factcheck.example/reviews/2")
    assert unmatched.claim is None and unmatched.matched_by is None

    listed = signed_in_editor.get(LIST)
    assert (
        "Imported 2 reviews: 1 matched to a claim here, 1 listed for creating a claim."
        in listed.content.decode()
    )
    assert "Russia is preparing a ground operation in Syria" in text_of(parse(listed.content))


def test_importing_the_same_feed_again_adds_nothing(signed_in_editor, khoja_claim):
    feed = two_reviews_feed()
    confirm(signed_in_editor, upload(signed_in_editor, feed), **{"1": str(khoja_claim.pk), "2": "none"})
    again = upload(signed_in_editor, feed)
    assert "Imported before, matched to" in text_of(parse(again.content))
    assert radios(again.content, "match-1") == {}
    response = confirm(signed_in_editor, again)
    assert response.status_code == 302
    assert ExternalFactCheck.objects.count() == 2
    assert (
        ExternalFactCheck.objects.get(review_url="https://factcheck.example/reviews/1").claim == khoja_claim
    )
    message = signed_in_editor.get(LIST).content.decode()
    assert (
        "Imported 0 reviews" in message
        and "2 had been imported before and were left as they were." in message
    )


def test_a_choice_not_offered_is_refused_and_nothing_is_saved(signed_in_editor, khoja_claim):
    stranger = make_claim(text="Something else entirely.")
    preview = upload(signed_in_editor, two_reviews_feed())
    response = confirm(signed_in_editor, preview, **{"1": str(stranger.pk), "2": "none"})
    assert response.status_code == 422
    assert "Choose one of the claims offered, or no match." in response.content.decode()
    assert nothing_saved()


def test_an_altered_or_someone_elses_preview_is_refused(signed_in_editor, journalist):
    preview = upload(signed_in_editor, two_reviews_feed())
    token = hidden(preview, "token")
    altered = signed_in_editor.post(
        CONFIRM, {"token": token[:-2] + "xx", "match-1": "none", "match-2": "none"}
    )
    assert altered.status_code == 422
    assert "This preview has expired or was altered." in altered.content.decode()
    others = make_token(text=as_json(claim_review(1)), filename="", user_pk=journalist.pk)
    assert signed_in_editor.post(CONFIRM, {"token": others, "match-1": "none"}).status_code == 422
    assert nothing_saved()


def test_the_save_is_all_or_nothing(signed_in_editor, monkeypatch):
    preview = upload(signed_in_editor, two_reviews_feed())

    def fail(*args, **kwargs):
        raise IntegrityError("duplicate key")

    monkeypatch.setattr(ExternalFactCheck.objects, "bulk_create", fail)
    response = confirm(signed_in_editor, preview, **{"1": "none", "2": "none"})
    assert response.status_code == 422
    assert "imported by someone else meanwhile" in response.content.decode()
    assert nothing_saved()


def test_a_claim_withdrawn_between_the_steps_refuses_the_import(signed_in_editor, khoja_claim):
    preview = upload(signed_in_editor, two_reviews_feed())
    type(khoja_claim).objects.filter(pk=khoja_claim.pk).update(withdrawn_at=PUBLISHED)
    response = confirm(signed_in_editor, preview, **{"1": str(khoja_claim.pk), "2": "none"})
    assert response.status_code == 422
    assert nothing_saved()


# --- Who may ---------------------------------------------------------------------------------


def test_journalists_may_not_import_or_match(client, journalist, khoja_claim):
    client.force_login(journalist)
    assert client.get(IMPORT).status_code == 403
    assert client.post(IMPORT, {"text": as_json(claim_review(1))}).status_code == 403
    token = make_token(text=as_json(claim_review(1)), filename="", user_pk=journalist.pk)
    assert client.post(CONFIRM, {"token": token, "match-1": "none"}).status_code == 403
    check = make_fact_check()
    match_url = reverse("workspace:fact-check-match", args=[check.pk])
    assert client.post(match_url, {"claim": khoja_claim.pk}).status_code == 403
    assert ExternalFactCheck.objects.get().claim is None


def test_journalists_see_the_reviews_without_a_claim_but_no_match_form(client, journalist):
    make_fact_check(claim_reviewed="An unrecorded claim.", claim_appearance_url="https://news.example/a")
    client.force_login(journalist)
    response = client.get(LIST)
    assert response.status_code == 200
    assert "An unrecorded claim." in text_of(parse(response.content))
    assert not [f for f in parse(response.content).iter("form") if "inline-match" in f.get("class", "")]


def test_readers_are_sent_to_sign_in(client):
    for url in (IMPORT, LIST):
        assert client.get(url).status_code == 302
    assert client.post(CONFIRM).status_code == 302


# --- Matching later --------------------------------------------------------------------------


def test_an_editor_matches_a_listed_review_to_a_claim_made_since(signed_in_editor, editor, khoja_claim):
    check = make_fact_check(claim_reviewed="A Russian airstrike in northern Homs killed 36 civilians")
    listed = signed_in_editor.get(LIST)
    assert radios(listed.content, "claim") == {str(khoja_claim.pk): False}
    response = signed_in_editor.post(
        reverse("workspace:fact-check-match", args=[check.pk]), {"claim": khoja_claim.pk}
    )
    assert response.status_code == 302
    check.refresh_from_db()
    assert (check.claim, check.matched_by) == (khoja_claim, editor)
    assert "Every imported fact-check is matched to a claim." in signed_in_editor.get(LIST).content.decode()


# --- "Also checked by" -----------------------------------------------------------------------


def also_checked(content) -> list:
    return [s for s in parse(content).iter("section") if s.get("id") == "also-checked"]


def test_both_claim_pages_show_who_else_checked_the_claim(client, editor, khoja_claim):
    make_fact_check(
        claim=khoja_claim,
        organisation_name="Fact Desk <Example>",
        rating_text="Unsupported",
        published_on=date(2015, 10, 3),
        review_url="https://factcheck.example/reviews/1",
    )
    make_fact_check(claim_reviewed="Unmatched one.", organisation_name="Not shown here")
    public = client.get(khoja_claim.get_absolute_url())
    client.force_login(editor)
    workspace = client.get(reverse("workspace:claim", args=[khoja_claim.pk]))
    for response in (public, workspace):
        (section,) = also_checked(response.content)
        shown = text_of(section)
        assert "Also checked by" in shown
        assert "Fact Desk <Example>: Unsupported · 3 October 2015" in shown
        assert [text_of(q) for q in section.iter("q")] == ["Unsupported"]
        assert "Not shown here" not in shown
        (link,) = section.iter("a")
        assert link.get("href") == "https://factcheck.example/reviews/1"
        assert link.get("rel") == "noopener noreferrer nofollow"
        (time,) = section.iter("time")
        assert time.get("datetime") == "2015-10-03"


def test_a_claim_nobody_else_checked_has_no_such_section(client, khoja_claim):
    assert also_checked(client.get(khoja_claim.get_absolute_url()).content) == []


def test_a_paste_over_the_limit_is_refused_unread(signed_in_editor):
    response = signed_in_editor.post(IMPORT, {"text": "[" + " " * MAX_BYTES + "]"})
    assert response.status_code == 422
    assert report_lines(response) == [
        f"The input is {MAX_BYTES + 2:,} bytes; the limit is {MAX_BYTES:,} bytes (2 MB)."
    ]
    assert nothing_saved()
