"""The newsroom's API with a journalist's and an editor's token: every
endpoint, the roles checked as the pages check them, conflicts with the
version answered 409 with what changed, and bad input 422 with messages by
field and nothing half-saved."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.test import Client

from claims.models import Appearance, Claim, ClaimRelation, Evidence, Figure, Speaker, Verdict
from sources.models import CaptureJob, Quote, Source
from tests.api.tokens import make_token
from tests.factories import (
    DEFAULT_TEXT,
    default_rating,
    make_appearance,
    make_claim,
    make_dispute,
    make_evidence,
    make_figure,
    make_quote,
    make_relation,
    make_source,
    make_speaker,
    make_user,
    make_verdict,
)

pytestmark = pytest.mark.django_db

API = "/api/v1/newsroom"


class Api:
    """The Django test client with a token's headers and JSON bodies."""

    def __init__(self, client, user) -> None:
        self.client, self.user = client, user
        self.headers = make_token(user).headers

    def get(self, path: str, **params):
        return self.client.get(API + path, params, headers=self.headers)

    def send(self, method: str, path: str, body: dict | None = None):
        call = getattr(self.client, method)
        return call(API + path, body or {}, content_type="application/json", headers=self.headers)

    def post(self, path: str, body: dict | None = None):
        return self.send("post", path, body)

    def patch(self, path: str, body: dict):
        return self.send("patch", path, body)

    def put(self, path: str, body: dict):
        return self.send("put", path, body)


@pytest.fixture
def as_journalist(client, journalist) -> Api:
    return Api(client, journalist)


@pytest.fixture
def as_editor(client, editor) -> Api:
    return Api(client, editor)


@pytest.fixture(params=["journalist", "editor"])
def member(request, client) -> Api:
    """Either role: what both may do."""
    return Api(client, make_user(groups=[request.param.capitalize()]))


def selectors(text: str, words: str) -> dict:
    start = text.index(words)
    return {
        "selector": [
            {"type": "TextPositionSelector", "start": start, "end": start + len(words)},
            {"type": "TextQuoteSelector", "exact": words},
        ]
    }


def fields_of(response) -> set[str]:
    """The fields a 422 names, in our errors or in the request's validation."""
    body = response.json()
    if isinstance(body.get("detail"), list):  # the body's types, checked before the view
        return {str(error["loc"][-1]) for error in body["detail"]}
    return set(body["errors"])


# --- Sources and captures ---------------------------------------------------------------


def test_importing_a_text_makes_a_source_once(member):
    body = {"title": "Ministry statement", "outlet": "TASS", "text": DEFAULT_TEXT, "language": "en"}
    response = member.post("/sources", body)
    assert response.status_code == 201
    made = response.json()
    assert made["created"] is True
    assert made["source"]["revisions"][0]["number"] == 1
    again = member.post("/sources", body | {"title": "Another title"})
    assert again.status_code == 200
    assert again.json() == {"source": made["source"], "created": False}
    assert Source.objects.get().created_by == member.user


def test_html_is_imported_as_its_text(as_journalist):
    body = {"title": "Page", "text": "<p>First.</p><script>x()</script><p>Second.</p>", "text_format": "html"}
    response = as_journalist.post("/sources", body)
    source = Source.objects.get(pk=response.json()["source"]["id"])
    assert source.current_revision().text == "First.\n\nSecond."


def test_an_import_the_form_refuses_is_422_by_field_and_saves_nothing(as_journalist):
    response = as_journalist.post("/sources", {"title": "", "text": "  ", "url": "javascript:alert(1)"})
    assert response.status_code == 422
    assert {"title", "text", "url"} <= fields_of(response)
    assert not Source.objects.exists()


def test_sources_are_listed_newest_first_a_page_at_a_time(as_journalist):
    made = [make_source() for _ in range(3)]
    page = as_journalist.get("/sources", limit=2).json()
    assert [s["id"] for s in page["items"]] == [made[2].pk, made[1].pk]
    rest = as_journalist.get("/sources", limit=2, before=page["next"]).json()
    assert [s["id"] for s in rest["items"]] == [made[0].pk]
    assert rest["next"] is None


def test_a_source_and_its_revision_text(as_journalist):
    source = make_source()
    assert as_journalist.get(f"/sources/{source.pk}").json()["title"] == source.title
    revision = as_journalist.get(f"/sources/{source.pk}/revisions/1").json()
    assert revision["text"] == DEFAULT_TEXT
    assert revision["current"] is True
    assert as_journalist.get(f"/sources/{source.pk}/revisions/2").status_code == 404


def test_capturing_a_link_queues_a_job_to_follow(as_journalist):
    response = as_journalist.post("/captures", {"url": "https://news.example.org/strike"})
    assert response.status_code == 202
    job = response.json()
    assert job["state"] == "queued"
    assert CaptureJob.objects.get().created_by == as_journalist.user
    assert as_journalist.get(f"/captures/{job['id']}").json()["state"] == "queued"


def test_a_link_already_captured_or_not_http_is_refused(as_journalist):
    source = make_source(url="https://news.example.org/strike")
    response = as_journalist.post("/captures", {"url": source.url})
    assert response.status_code == 422
    assert "already captured" in response.json()["errors"]["url"][0]
    assert as_journalist.post("/captures", {"url": "file:///etc/passwd"}).status_code == 422
    assert not CaptureJob.objects.exists()


# --- Claims from selectors --------------------------------------------------------------


def test_a_claim_from_w3c_selectors_with_a_new_speaker(member):
    source = make_source()
    body = {
        "target": selectors(DEFAULT_TEXT, "36 civilians were killed"),
        "text": "36 civilians were killed in the strikes.",
        "speaker": {"name": "The ministry", "kind": "government"},
        "claimed_on": "2015-09-30",
    }
    response = member.post(f"/sources/{source.pk}/revisions/1/claims", body)
    assert response.status_code == 201
    claim = response.json()
    assert claim["speaker"]["name"] == "The ministry"
    assert claim["appearances"][0]["exact"] == "36 civilians were killed"
    assert claim["version"] == 1
    stored = Claim.objects.get()
    assert stored.created_by == member.user
    assert stored.history.first().history_user == member.user


def test_selectors_that_do_not_match_the_text_save_nothing(as_journalist):
    source = make_source()
    speaker = make_speaker()
    target = selectors(DEFAULT_TEXT, "36 civilians were killed")
    target["selector"][1]["exact"] = "37 civilians were killed"
    body = {"target": target, "text": "A claim.", "speaker": {"id": speaker.pk}}
    response = as_journalist.post(f"/sources/{source.pk}/revisions/1/claims", body)
    assert response.status_code == 422
    assert "does not match" in response.json()["errors"]["target"][0]
    assert not Claim.objects.exists()
    assert not Quote.objects.exists()


def test_a_claim_needs_its_wording_and_a_speaker(as_journalist):
    source = make_source()
    body = {"target": selectors(DEFAULT_TEXT, "The army"), "text": "   ", "speaker": {"name": ""}}
    response = as_journalist.post(f"/sources/{source.pk}/revisions/1/claims", body)
    assert response.status_code == 422
    assert fields_of(response) == {"text"}
    body = {
        "target": selectors(DEFAULT_TEXT, "The army"),
        "text": "The army denied it.",
        "speaker": {"name": ""},
    }
    response = as_journalist.post(f"/sources/{source.pk}/revisions/1/claims", body)
    assert fields_of(response) == {"speaker"}
    assert not Claim.objects.exists() and not Speaker.objects.exists()


def test_selectors_of_the_wrong_type_are_refused_before_the_view(as_journalist):
    source = make_source()
    body = {"target": {"selector": [{"type": "XPathSelector", "value": "/p"}]}, "text": "x", "speaker": {}}
    response = as_journalist.post(f"/sources/{source.pk}/revisions/1/claims", body)
    assert response.status_code == 422
    assert not Claim.objects.exists()


def test_another_appearance_of_a_claim(member):
    source = make_source()
    claim = make_claim()
    body = {"claim_id": claim.pk, "target": selectors(DEFAULT_TEXT, "The army denied")}
    response = member.post(f"/sources/{source.pk}/revisions/1/appearances", body)
    assert response.status_code == 201
    assert Appearance.objects.get(claim=claim).quote.exact == "The army denied"
    again = member.post(f"/sources/{source.pk}/revisions/1/appearances", body)
    assert again.status_code == 422
    assert "already a quote" in again.json()["errors"]["target"][0]


# --- Claims -------------------------------------------------------------------------------


def test_claims_are_listed_published_or_not_and_read_whole(as_journalist):
    claim, other = make_claim(), make_claim()
    make_appearance(claim=claim)
    make_relation(from_claim=other, to_claim=claim)
    make_evidence(claim=claim)
    make_figure(claim=claim)
    make_verdict(claim=claim)
    withdrawn = make_claim(withdrawn_at=datetime(2015, 10, 2, tzinfo=UTC))
    listed = as_journalist.get("/claims").json()["items"]
    assert [c["id"] for c in listed] == [other.pk, claim.pk]
    with_withdrawn = as_journalist.get("/claims", withdrawn="true").json()["items"]
    assert [c["id"] for c in with_withdrawn] == [withdrawn.pk, other.pk, claim.pk]
    whole = as_journalist.get(f"/claims/{claim.pk}").json()
    assert [len(whole[k]) for k in ("appearances", "relations", "evidence", "figures", "verdicts")] == [1] * 5


def test_editing_a_claim_at_its_version(member):
    claim = make_claim()
    response = member.patch(f"/claims/{claim.pk}", {"version": 1, "venue": "interview with AFP"})
    assert response.status_code == 200
    assert response.json()["venue"] == "interview with AFP"
    assert response.json()["version"] == 2
    claim.refresh_from_db()
    assert (claim.venue, claim.text) == ("interview with AFP", claim.text)


def test_a_stale_version_is_409_with_what_the_other_person_changed(as_journalist, as_editor):
    claim = make_claim(text="The first wording.")
    assert (
        as_editor.patch(f"/claims/{claim.pk}", {"version": 1, "text": "The editor's wording."}).status_code
        == 200
    )
    response = as_journalist.patch(f"/claims/{claim.pk}", {"version": 1, "text": "Mine."})
    assert response.status_code == 409
    conflict = response.json()
    assert conflict["version"] == 2
    assert {"field": "Wording", "before": "The first wording.", "after": "The editor's wording."} in conflict[
        "changes"
    ]
    claim.refresh_from_db()
    assert claim.text == "The editor's wording."


def test_a_claim_edit_the_rules_refuse_is_422_and_changes_nothing(as_journalist):
    claim = make_claim()
    response = as_journalist.patch(
        f"/claims/{claim.pk}", {"version": 1, "venue": "x", "dispute_stance": "affirms"}
    )
    assert response.status_code == 422
    assert fields_of(response) == {"dispute_stance"}
    response = as_journalist.patch(f"/claims/{claim.pk}", {"version": 1, "speaker_id": 999999})
    assert fields_of(response) == {"speaker_id"}
    claim.refresh_from_db()
    assert (claim.version, claim.venue) == (1, "")


def test_withdrawing_and_restoring_a_claim(as_journalist):
    claim = make_claim()
    assert fields_of(as_journalist.post(f"/claims/{claim.pk}/withdraw", {"version": 1, "reason": " "})) == {
        "withdrawn_reason"
    }
    response = as_journalist.post(f"/claims/{claim.pk}/withdraw", {"version": 1, "reason": "A duplicate."})
    assert response.json()["withdrawn_reason"] == "A duplicate."
    assert as_journalist.post(f"/claims/{claim.pk}/restore", {"version": 1}).status_code == 409
    assert as_journalist.post(f"/claims/{claim.pk}/restore", {"version": 2}).json()["withdrawn_at"] is None


# --- Relations, evidence, figures ---------------------------------------------------------


def test_relations_added_and_edited_from_either_end(member):
    claim, other = make_claim(), make_claim()
    response = member.post(f"/claims/{claim.pk}/relations", {"other_id": other.pk, "kind": "contradicts"})
    assert response.status_code == 201
    relation = response.json()
    again = member.post(f"/claims/{other.pk}/relations", {"other_id": other.pk, "kind": "supports"})
    assert fields_of(again) == {"other_id"}
    duplicate = member.post(f"/claims/{claim.pk}/relations", {"other_id": other.pk, "kind": "contradicts"})
    assert "already have a relation" in duplicate.json()["errors"]["other_id"][0]
    edited = member.patch(
        f"/claims/{other.pk}/relations/{relation['id']}",
        {"version": 1, "kind": "qualifies", "note": "Partly."},
    )
    assert edited.json()["kind"] == "qualifies"
    stale = member.patch(f"/claims/{claim.pk}/relations/{relation['id']}", {"version": 1, "kind": "supports"})
    assert stale.status_code == 409
    assert ClaimRelation.objects.get().kind == "qualifies"


def test_evidence_added_and_edited(member):
    claim, source = make_claim(), make_source()
    body = {"stance": "refutes", "kind": "satellite", "title": "Imagery", "url": "https://example.org/i"}
    response = member.post(
        f"/claims/{claim.pk}/evidence", body | {"description": "<p>Shows<script>x</script></p>"}
    )
    assert response.status_code == 201
    evidence = response.json()
    assert evidence["description"] == "<p>Shows</p>"
    both = member.post(f"/claims/{claim.pk}/evidence", body | {"source_id": source.pk})
    assert fields_of(both) == {"url"}
    bad_url = member.post(f"/claims/{claim.pk}/evidence", body | {"url": "javascript:alert(1)"})
    assert fields_of(bad_url) == {"url"}
    assert Evidence.objects.count() == 1
    edited = member.patch(f"/claims/{claim.pk}/evidence/{evidence['id']}", {"version": 1, "reliability": "B"})
    assert (edited.json()["reliability"], edited.json()["version"]) == ("B", 2)
    stale = member.patch(f"/claims/{claim.pk}/evidence/{evidence['id']}", {"version": 1, "title": "Mine"})
    assert stale.status_code == 409
    assert Evidence.objects.get().added_by == member.user


def test_figures_added_and_corrected(member):
    claim = make_claim()
    quote = make_quote()
    make_appearance(claim=claim, quote=quote)
    response = member.post(
        f"/claims/{claim.pk}/figures", {"counted": "civilians killed", "value": "36", "quote_id": quote.pk}
    )
    assert response.status_code == 201
    figure = response.json()
    both = member.post(
        f"/claims/{claim.pk}/figures", {"counted": "x", "value": 1, "minimum": 1, "maximum": 2}
    )
    assert fields_of(both) == {"value"}
    reversed_range = member.post(f"/claims/{claim.pk}/figures", {"counted": "x", "minimum": 5, "maximum": 2})
    assert fields_of(reversed_range) == {"maximum"}
    elsewhere = member.post(
        f"/claims/{claim.pk}/figures", {"counted": "x", "value": 1, "quote_id": make_quote().pk}
    )
    assert fields_of(elsewhere) == {"quote_id"}
    corrected = member.put(
        f"/claims/{claim.pk}/figures/{figure['id']}",
        {"counted": "civilians killed", "minimum": 30, "maximum": 40},
    )
    assert corrected.status_code == 200
    stored = Figure.objects.get()
    assert (stored.value, stored.minimum, stored.maximum) == (None, 30, 40)


# --- Verdicts and publication -----------------------------------------------------------


def test_a_journalist_proposes_edits_and_submits_a_verdict(as_journalist, mailoutbox):
    claim = make_claim()
    evidence = make_evidence(claim=claim)
    rating = default_rating()
    assert {r["slug"] for r in as_journalist.get("/ratings").json()} >= {"false", "true"}
    body = {"rating_id": rating.pk, "rationale": "The strike hit a field.", "evidence_ids": [evidence.pk]}
    response = as_journalist.post(f"/claims/{claim.pk}/verdicts", body)
    assert response.status_code == 201
    verdict = response.json()
    assert (verdict["state"], verdict["evidence_ids"]) == ("draft", [evidence.pk])
    edited = as_journalist.patch(f"/verdicts/{verdict['id']}", body | {"version": 1, "rationale": "Better."})
    assert edited.json()["rationale"] == "Better."
    stale = as_journalist.patch(f"/verdicts/{verdict['id']}", body | {"version": 1})
    assert stale.status_code == 409
    submitted = as_journalist.post(f"/verdicts/{verdict['id']}/submit")
    assert submitted.json()["state"] == "submitted"
    assert as_journalist.post(f"/verdicts/{verdict['id']}/submit").status_code == 409
    assert (
        as_journalist.post(f"/verdicts/{verdict['id']}/withdraw", {"reason": "Not yet."}).json()["state"]
        == "draft"
    )
    assert as_journalist.get(f"/verdicts/{verdict['id']}").json()["state"] == "draft"


def test_a_verdict_the_rules_refuse_is_422_and_nothing_is_saved(as_journalist):
    claim = make_claim()
    other_evidence = make_evidence()
    body = {"rating_id": 999999, "rationale": "<script>x()</script>", "evidence_ids": [other_evidence.pk]}
    response = as_journalist.post(f"/claims/{claim.pk}/verdicts", body)
    assert response.status_code == 422
    assert fields_of(response) == {"rating_id", "rationale", "evidence_ids"}
    assert not Verdict.objects.exists()


def test_only_the_author_edits_and_submits_a_draft(as_editor):
    verdict = make_verdict()
    body = {"version": 1, "rating_id": verdict.rating_id, "rationale": "Mine now."}
    assert as_editor.patch(f"/verdicts/{verdict.pk}", body).status_code == 403
    assert as_editor.post(f"/verdicts/{verdict.pk}/submit").status_code == 403


def test_a_journalist_cannot_approve_reject_or_publish(as_journalist):
    verdict = make_verdict(state=Verdict.State.SUBMITTED, submitted_at=datetime(2015, 10, 2, tzinfo=UTC))
    dispute = make_dispute()
    for path, body in [
        (f"/verdicts/{verdict.pk}/approve", None),
        (f"/verdicts/{verdict.pk}/reject", {"reason": "No."}),
        (f"/claims/{verdict.claim_id}/publish", None),
        (f"/disputes/{dispute.pk}/publish", None),
    ]:
        response = as_journalist.post(path, body)
        assert response.status_code == 403, path
        assert response.json()["detail"].startswith("Only editors")
    verdict.refresh_from_db()
    assert verdict.state == Verdict.State.SUBMITTED
    assert Claim.objects.get().published_at is None


def test_an_editor_approves_another_authors_verdict_but_never_their_own(as_editor):
    theirs = make_verdict(state=Verdict.State.SUBMITTED, submitted_at=datetime(2015, 10, 2, tzinfo=UTC))
    own = make_verdict(
        author=as_editor.user, state=Verdict.State.SUBMITTED, submitted_at=datetime(2015, 10, 2, tzinfo=UTC)
    )
    refused = as_editor.post(f"/verdicts/{own.pk}/approve")
    assert refused.status_code == 403
    own.refresh_from_db()
    assert own.state == Verdict.State.SUBMITTED
    assert as_editor.post(f"/verdicts/{theirs.pk}/approve").json()["state"] == "approved"
    assert as_editor.post(f"/verdicts/{theirs.pk}/approve").status_code == 409


def test_an_editor_rejects_with_a_reason(as_editor):
    verdict = make_verdict(state=Verdict.State.SUBMITTED, submitted_at=datetime(2015, 10, 2, tzinfo=UTC))
    assert fields_of(as_editor.post(f"/verdicts/{verdict.pk}/reject", {"reason": "  "})) == {"reason"}
    rejected = as_editor.post(f"/verdicts/{verdict.pk}/reject", {"reason": "The rationale is thin."})
    assert (rejected.json()["state"], rejected.json()["rejection_reason"]) == (
        "rejected",
        "The rationale is thin.",
    )


def test_an_editor_publishes_and_unpublishes_claims_and_disputes(as_editor):
    claim, dispute = make_claim(), make_dispute()
    assert as_editor.post(f"/claims/{claim.pk}/publish").json()["published_at"] is not None
    assert as_editor.post(f"/claims/{claim.pk}/publish").status_code == 409
    assert as_editor.post(f"/claims/{claim.pk}/unpublish").json()["published_at"] is None
    assert as_editor.post(f"/disputes/{dispute.pk}/publish").json()["published_at"] is not None
    assert as_editor.post(f"/disputes/{dispute.pk}/unpublish").json()["published_at"] is None
    assert as_editor.post(f"/disputes/{dispute.pk}/unpublish").status_code == 409


def test_an_id_that_is_not_there_is_404(as_journalist):
    assert as_journalist.get("/claims/999999").status_code == 404
    assert as_journalist.post("/verdicts/999999/submit").status_code == 404


def test_writes_need_no_csrf_token_because_a_cookie_never_authenticates(journalist):
    from django.test import Client

    strict = Api(Client(enforce_csrf_checks=True), journalist)
    claim = make_claim()
    assert strict.patch(f"/claims/{claim.pk}", {"version": 1, "venue": "Moscow"}).status_code == 200


def test_a_client_with_a_token_needs_no_csrf_token(journalist):
    """A real client (curl, a CMS) sends no CSRF token: the API takes only a
    bearer token, never the session, so Django's CSRF check does not apply."""
    strict = Client(enforce_csrf_checks=True)
    token = make_token(journalist)
    body = {"title": "Ministry statement", "text": DEFAULT_TEXT, "language": "en"}

    response = strict.post(
        "/api/v1/newsroom/sources", body, content_type="application/json", headers=token.headers
    )

    assert response.status_code == 201


def test_a_session_alone_cannot_act_through_the_api(client, journalist):
    client.force_login(journalist)

    response = client.post("/api/v1/newsroom/sources", {"title": "x"}, content_type="application/json")

    assert response.status_code == 401
    assert not Source.objects.exists()
