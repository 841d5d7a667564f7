"""Every input has a limit, and going past it gives a form error that names
the limit: text lengths, the number of aliases and of pieces of evidence a
verdict rests on, and the number of fields and files in a request. (Upload
size and type are tested with the import form, in tests/sources/test_import.py.)"""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.validators import MaxLengthValidator
from django.urls import reverse

from claims.models import Dispute
from claims.workspace import claim_forms, dispute_forms, fact_check_forms, speaker_forms, verdict_forms
from claims.workspace import forms as reader_forms
from claims.workspace.claim_list import ClaimFilterForm
from sources.forms import SourceImportForm, SourceRevisionForm
from tests.factories import make_evidence

pytestmark = pytest.mark.django_db


def _over(limit: int) -> str:
    return "x" * (limit + 1)


def _page(response) -> str:
    assert response.status_code in (200, 422), response.status_code
    return response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')


def _limits(w: dict) -> list[tuple[str, str, dict[str, str], str]]:
    """(what, URL, POST data, message) for each text limit of the workspace."""
    claim, relation, source = w["claim"], w["relation"], w["source"]
    revision = w["revision"]
    selection = {"revision": str(revision.pk), "start": "4", "end": "12", "exact": "ministry"}
    new_claim = selection | {
        "new-text": "Wording",
        "new-speaker_name": "Someone",
        "new-speaker_kind": "person",
    }
    claim_edit = {
        "claim-version": str(claim.version),
        "claim-text": "Wording",
        "claim-speaker": str(claim.speaker_id),
        "claim-speaker_name": claim.speaker.name,
    }
    new_evidence = {
        "ev-stance": "supports",
        "ev-kind": "document",
        "ev-title": "Title",
        "ev-reliability": "B",
    }
    figure = {"fig-counted": "people", "fig-value": "3"}
    dispute = {"question": "Did it happen?"}
    rel = f"rel{relation.pk}w"
    django_says = "Ensure this value has at most {limit} characters (it has {over})."

    def chars(limit: int) -> str:
        return django_says.format(limit=limit, over=limit + 1)

    return [
        (
            "claim wording, from a selection",
            reverse("workspace:selection-claim", args=[source.pk]),
            new_claim | {"new-text": _over(2000)},
            "A claim's wording can have at most 2,000 characters; this has 2001.",
        ),
        (
            "claim wording, in the editor",
            reverse("workspace:claim-edit", args=[claim.pk]),
            claim_edit | {"claim-text": _over(2000)},
            "A claim's wording can have at most 2,000 characters; this has 2001.",
        ),
        (
            "the words of a quote",
            reverse("workspace:quote-by-words", args=[source.pk]),
            {"action": "new", "words-exact": _over(2000), "wnew-text": "W", "wnew-speaker_name": "S"},
            "A quote can have at most 2,000 characters; this has 2001.",
        ),
        (
            "the words of a selection",
            reverse("workspace:selection-claim", args=[source.pk]),
            new_claim | {"exact": _over(4000)},
            "The selected passage can have at most 4,000 characters; this has 4001.",
        ),
        (
            "a relation's note",
            reverse("workspace:claim-relation-add", args=[claim.pk]),
            {"rel-kind": "supports", "rel-other": str(w["other"].pk), "rel-note": _over(2000)},
            "A note can have at most 2,000 characters; this has 2001.",
        ),
        (
            "an evidence description",
            reverse("workspace:claim-evidence-add", args=[claim.pk]),
            new_evidence | {"ev-description": _over(10_000)},
            "A description can have at most 10,000 characters; this has 10001.",
        ),
        (
            "a dispute's summary",
            reverse("workspace:dispute-create"),
            dispute | {"summary": _over(10_000)},
            "A summary can have at most 10,000 characters; this has 10001.",
        ),
        (
            "a verdict's rationale",
            reverse("workspace:verdict-propose", args=[claim.pk]),
            {"vd-rating": str(w["rating"].pk), "vd-rationale": _over(20_000)},
            "A rationale can have at most 20,000 characters; this has 20001.",
        ),
        (
            "a source's title",
            reverse("sources:import"),
            {"title": _over(300), "kind": "article", "language": "en", "text": "T", "text_format": "plain"},
            chars(300),
        ),
        (
            "a source's URL",
            reverse("sources:import"),
            {"title": "T", "kind": "article", "language": "en", "text": "T", "text_format": "plain"}
            | {"url": "https://example.org/" + "x" * 1981},
            chars(2000),
        ),
        (
            "a revision's note",
            reverse("sources:revise", args=[source.pk]),
            {"text": "A new text.", "note": _over(300)},
            chars(300),
        ),
        (
            "a speaker's role",
            reverse("workspace:claim-edit", args=[claim.pk]),
            claim_edit | {"claim-speaker_role": _over(200)},
            chars(200),
        ),
        (
            "a venue",
            reverse("workspace:claim-edit", args=[claim.pk]),
            claim_edit | {"claim-venue": _over(300)},
            chars(300),
        ),
        (
            "an evidence title",
            reverse("workspace:claim-evidence-add", args=[claim.pk]),
            new_evidence | {"ev-title": _over(300)},
            chars(300),
        ),
        (
            "an evidence URL",
            reverse("workspace:claim-evidence-add", args=[claim.pk]),
            new_evidence | {"ev-url": "https://example.org/" + "x" * 1981},
            chars(2000),
        ),
        (
            "what a figure counts",
            reverse("workspace:claim-figure-add", args=[claim.pk]),
            figure | {"fig-counted": _over(200)},
            chars(200),
        ),
        (
            "a figure's unit",
            reverse("workspace:claim-figure-add", args=[claim.pk]),
            figure | {"fig-unit": _over(50)},
            chars(50),
        ),
        (
            "a speaker's name",
            reverse("workspace:speaker-create"),
            {"name": _over(200), "kind": "person"},
            chars(200),
        ),
        (
            "a speaker's description",
            reverse("workspace:speaker-create"),
            {"name": "N", "kind": "person", "description": _over(500)},
            chars(500),
        ),
        ("a dispute's question", reverse("workspace:dispute-create"), {"question": _over(300)}, chars(300)),
        (
            "a dispute's place",
            reverse("workspace:dispute-create"),
            dispute | {"place": _over(200)},
            chars(200),
        ),
        (
            "a reason for withdrawing",
            reverse("workspace:claim-relation-withdraw", args=[claim.pk, relation.pk]),
            {f"{rel}-version": str(relation.version), f"{rel}-reason": _over(2000)},
            chars(2000),
        ),
        (
            "a reason for withdrawing a verdict",
            reverse("workspace:verdict-withdraw", args=[claim.pk, w["submitted"].pk]),
            {f"vdw{w['submitted'].pk}-reason": _over(2000)},
            chars(2000),
        ),
    ]


def test_every_text_limit_gives_a_form_error_naming_it(client, journalist, world):
    client.force_login(journalist)
    for what, url, data, message in _limits(world):
        response = client.post(url, data)
        assert message in _page(response), f"{what}: no “{message}”"


def test_a_rejection_reason_has_a_limit_too(client, editor, world):
    client.force_login(editor)
    verdict = world["submitted"]
    response = client.post(
        reverse("workspace:verdict-reject", args=[verdict.pk]), {f"rj{verdict.pk}-reason": _over(2000)}
    )
    assert "Ensure this value has at most 2000 characters (it has 2001)." in _page(response)


def test_a_speaker_can_have_at_most_fifty_aliases_of_two_hundred_characters(client, journalist):
    client.force_login(journalist)
    url = reverse("workspace:speaker-create")
    many = "\n".join(f"Alias {n}" for n in range(51))
    response = client.post(url, {"name": "N", "kind": "person", "aliases": many})
    assert "A speaker can have at most 50 other names; this list has 51." in _page(response)

    response = client.post(url, {"name": "N", "kind": "person", "aliases": "y" * 201})
    assert f"An alias can have at most 200 characters; “{'y' * 40}…” has 201." in _page(response)

    fifty = "\n".join(f"Alias {n}" for n in range(50))
    assert client.post(url, {"name": "N", "kind": "person", "aliases": fifty}).status_code == 302


def test_a_verdict_rests_on_at_most_fifty_pieces_of_evidence(client, journalist, world):
    client.force_login(journalist)
    claim = world["claim"]
    evidence = [make_evidence(claim=claim) for _ in range(51)]
    response = client.post(
        reverse("workspace:verdict-propose", args=[claim.pk]),
        {
            "vd-rating": str(world["rating"].pk),
            "vd-rationale": "Why.",
            "vd-evidence": [e.pk for e in evidence],
        },
    )
    assert (
        "A verdict can rest on at most 50 pieces of evidence; 51 are ticked. "
        "Keep the ones the rating depends on." in _page(response)
    )


def test_a_request_with_too_many_fields_is_refused_with_a_400(client, journalist, world, settings):
    client.force_login(journalist)
    data = {f"field{n}": "x" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    response = client.post(reverse("workspace:dispute-create"), data)
    assert response.status_code == 400
    assert not Dispute.objects.exclude(pk=world["dispute"].pk).exists()


def test_an_import_with_more_than_one_file_is_refused_with_a_400(client, journalist):
    client.force_login(journalist)
    files = [SimpleUploadedFile(f"{n}.txt", b"Text.") for n in range(2)]
    response = client.post(
        reverse("sources:import"),
        {"title": "T", "kind": "article", "language": "en", "text_format": "plain", "upload": files},
    )
    assert response.status_code == 400


def _text_fields(form: forms.BaseForm) -> dict[str, forms.Field]:
    return {
        name: field
        for name, field in form.fields.items()
        if isinstance(field, forms.CharField) and not isinstance(field.widget, forms.HiddenInput)
    }


# Text fields without a length validator, and what bounds them instead.
BOUNDED_OTHERWISE = {
    ("SourceImportForm", "text"): "MAX_TEXT_CHARACTERS, checked in clean_text with its own message",
    ("SourceRevisionForm", "text"): "MAX_TEXT_CHARACTERS, checked in clean_text with its own message",
    ("ClaimReviewInputForm", "text"): "MAX_BYTES of claimreview_import, checked before it is parsed",
    ("SpeakerForm", "aliases"): "at most MAX_ALIASES aliases of ALIAS_LENGTH characters, in clean_aliases",
    # Django's sign-in form: what is typed is compared, never stored.
    ("AuthenticationForm", "username"): "the maxlength attribute of its input (150)",
    ("AuthenticationForm", "password"): "nothing: it is only hashed and compared",
}


def test_every_text_field_of_every_form_has_a_length_limit(world):
    claim, source = world["claim"], world["source"]
    every_form = [
        SourceImportForm(),
        SourceRevisionForm(),
        reader_forms.NewClaimForm(),
        reader_forms.ExistingClaimForm(),
        reader_forms.WordsForm(),
        reader_forms.SelectionForm(source=source),
        claim_forms.ClaimForm(),
        claim_forms.RelationForm(),
        claim_forms.NewRelationForm(claim=claim),
        claim_forms.WithdrawForm(),
        claim_forms.EvidenceForm(),
        claim_forms.FigureForm(claim=claim),
        speaker_forms.SpeakerForm(),
        speaker_forms.SpeakerFilterForm(),
        dispute_forms.DisputeForm(),
        dispute_forms.AttachForm(dispute=world["dispute"]),
        verdict_forms.VerdictForm(claim=claim),
        verdict_forms.WithdrawVerdictForm(),
        verdict_forms.RejectForm(),
        ClaimFilterForm(),
        fact_check_forms.ClaimReviewInputForm(),
        fact_check_forms.MatchOneForm(),
        AuthenticationForm(),
    ]
    unbounded = []
    for form in every_form:
        fields = (
            form.fields.items()
            if isinstance(form, reader_forms.SelectionForm)
            else _text_fields(form).items()
        )
        for name, field in fields:
            if not isinstance(field, forms.CharField) or (type(form).__name__, name) in BOUNDED_OTHERWISE:
                continue
            if not any(isinstance(v, MaxLengthValidator) for v in field.validators):
                unbounded.append(f"{type(form).__name__}.{name}")
    assert unbounded == []
