"""The claim editor in the workspace, through Django's test client: the claim,
its relations, evidence and figures, withdrawing and restoring, conflicts
between two journalists, and the similar-claims suggestions."""

import html
import re
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Claim, ClaimRelation, Evidence, Figure
from tests.factories import (
    make_appearance,
    make_claim,
    make_dispute,
    make_evidence,
    make_fact_check,
    make_figure,
    make_quote,
    make_relation,
    make_source,
    make_speaker,
    make_user,
)

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
PUBLISHED = datetime(2015, 10, 2, tzinfo=UTC)


@pytest.fixture
def signed_in(client, journalist):
    client.force_login(journalist)
    return client


@pytest.fixture
def khoja():
    return make_speaker(name="Khaled Khoja")


@pytest.fixture
def claim(khoja):
    return make_claim(
        speaker=khoja,
        text="A Russian airstrike killed 36 civilians.",
        speaker_role="head of the Syrian National Coalition",
        venue="interview with AFP",
    )


def url(name, *args):
    return reverse(f"workspace:{name}", args=args)


def page_of(client, claim):
    response = client.get(url("claim", claim.pk))
    assert response.status_code == 200
    return response.content.decode()


def claim_data(claim, **changes):
    data = {
        "claim-version": claim.version,
        "claim-text": claim.text,
        "claim-speaker": claim.speaker_id,
        "claim-speaker_name": claim.speaker.name,
        "claim-speaker_role": claim.speaker_role,
        "claim-claimed_on": claim.claimed_on.isoformat() if claim.claimed_on else "",
        "claim-venue": claim.venue,
        "claim-dispute": claim.dispute_id or "",
        "claim-dispute_stance": claim.dispute_stance,
    }
    data.update({f"claim-{k}": v for k, v in changes.items()})
    return data


def evidence_data(prefix="ev", **changes):
    data = {
        "stance": Evidence.Stance.SUPPORTS,
        "kind": Evidence.Kind.TESTIMONY,
        "title": "Names of the 36 victims",
        "source": "",
        "url": "https://example.org/names",
        "description": "<p>A list of <strong>names</strong>.</p>",
        "reliability": "C",
    }
    data.update(changes)
    return {f"{prefix}-{k}": v for k, v in data.items()}


def figure_data(prefix="fig", **changes):
    data = {
        "counted": "civilians killed",
        "qualifier": "",
        "value": "36",
        "minimum": "",
        "maximum": "",
        "unit": "",
        "quote": "",
    }
    data.update(changes)
    return {f"{prefix}-{k}": v for k, v in data.items()}


def errors(content):
    return [
        html.unescape(e) for e in re.findall(r'class="(?:field-error|form-errors)"[^>]*>([^<]*)<', content)
    ]


# --- Who gets in ------------------------------------------------------------------------


def all_urls(claim):
    relation = make_relation(from_claim=claim)
    evidence = make_evidence(claim=claim)
    figure = make_figure(claim=claim)
    pk = claim.pk
    return [
        ("get", url("claim", pk)),
        ("get", url("claim-history", pk)),
        ("get", url("claim-speaker-search", pk)),
        ("get", url("claim-relation-search", pk)),
        ("get", url("similar-claims")),
        ("post", url("claim-edit", pk)),
        ("post", url("claim-withdraw", pk)),
        ("post", url("claim-restore", pk)),
        ("post", url("claim-relation-add", pk)),
        ("post", url("claim-same-as", pk)),
        ("post", url("claim-relation-edit", pk, relation.pk)),
        ("post", url("claim-relation-withdraw", pk, relation.pk)),
        ("post", url("claim-relation-restore", pk, relation.pk)),
        ("post", url("claim-evidence-add", pk)),
        ("post", url("claim-evidence-edit", pk, evidence.pk)),
        ("post", url("claim-evidence-withdraw", pk, evidence.pk)),
        ("post", url("claim-evidence-restore", pk, evidence.pk)),
        ("post", url("claim-figure-add", pk)),
        ("post", url("claim-figure-edit", pk, figure.pk)),
    ]


def test_readers_are_sent_to_sign_in(client, claim):
    for method, address in all_urls(claim):
        response = getattr(client, method)(address)
        assert response.status_code == 302, address
        assert response["Location"].startswith(reverse("login")), address


def test_accounts_outside_the_newsroom_groups_are_refused(client, claim):
    client.force_login(make_user())
    for method, address in all_urls(claim):
        assert getattr(client, method)(address).status_code == 403, address


def test_changes_only_by_post(signed_in, claim):
    for method, address in all_urls(claim):
        if method == "post":
            assert signed_in.get(address).status_code == 405, address


def test_editors_use_the_editor_too(client, editor, claim):
    client.force_login(editor)
    assert client.get(url("claim", claim.pk)).status_code == 200


def test_unknown_claims_and_items_of_other_claims_are_404(signed_in, claim):
    assert signed_in.get(url("claim", 999999)).status_code == 404
    other = make_relation()
    response = signed_in.post(url("claim-relation-edit", claim.pk, other.pk), {})
    assert response.status_code == 404
    evidence = make_evidence()
    assert signed_in.post(url("claim-evidence-edit", claim.pk, evidence.pk), {}).status_code == 404
    figure = make_figure()
    assert signed_in.post(url("claim-figure-edit", claim.pk, figure.pk), {}).status_code == 404


# --- The page -------------------------------------------------------------------------


def test_the_page_shows_the_claim_and_its_parts(signed_in, claim):
    source = make_source(title="Strike in Homs")
    quote = make_quote(revision=source.current_revision())
    make_appearance(claim=claim, quote=quote)
    make_evidence(claim=claim, title="Hospital records", stance=Evidence.Stance.REFUTES)
    make_figure(claim=claim, counted="children killed", value=Decimal(5))
    page = page_of(signed_in, claim)
    assert "A Russian airstrike killed 36 civilians." in page
    assert "head of the Syrian National Coalition" in page
    assert "Not published" in page
    assert "Hospital records" in page and "<h3>Refutes</h3>" in page
    assert "children killed" in page
    reader = reverse("workspace:reader", args=[source.pk]) + f"#quote-{quote.pk}"
    assert f'href="{reader}"' in page
    assert url("claim-history", claim.pk) in page
    assert "Public page" not in page  # not published


def test_a_published_claim_links_to_its_public_page(signed_in, claim):
    claim.published_at = PUBLISHED
    claim.save()
    page = page_of(signed_in, claim)
    assert f'href="{claim.get_absolute_url()}"' in page
    assert "Published" in page


def test_an_orphaned_quote_is_marked(signed_in, claim):
    quote = make_quote(orphaned=True)
    make_appearance(claim=claim, quote=quote)
    assert "needs re-selecting" in page_of(signed_in, claim)


# --- Editing the claim ----------------------------------------------------------------


def test_saving_the_claim_redirects_and_records_who(signed_in, claim, journalist):
    lavrov = make_speaker(name="Sergei Lavrov")
    dispute = make_dispute(question="Did the strikes kill civilians?")
    data = claim_data(
        claim,
        text="The strike killed 36 civilians.",
        speaker=lavrov.pk,
        speaker_name="Lavrov",
        claimed_on="2015-09-30",
        dispute=dispute.pk,
        dispute_stance="affirms",
    )
    response = signed_in.post(url("claim-edit", claim.pk), data)
    assert response.status_code == 302
    assert response["Location"] == url("claim", claim.pk) + "#claim"
    claim.refresh_from_db()
    assert claim.text == "The strike killed 36 civilians."
    assert claim.speaker == lavrov
    assert claim.claimed_on == date(2015, 9, 30)
    assert claim.dispute == dispute and claim.dispute_stance == "affirms"
    assert claim.version == 2
    assert claim.history.first().history_user == journalist


def test_saving_the_claim_with_htmx_returns_only_its_section(signed_in, claim):
    response = signed_in.post(url("claim-edit", claim.pk), claim_data(claim, venue="statement"), **HTMX)
    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content
    assert content.lstrip().startswith('<section id="claim"')
    assert "Claim saved." in content
    claim.refresh_from_db()
    assert claim.venue == "statement"


def test_a_speaker_typed_exactly_is_chosen(signed_in, claim):
    lavrov = make_speaker(name="Sergei Lavrov")
    data = claim_data(claim, speaker="", speaker_name="sergei lavrov")
    assert signed_in.post(url("claim-edit", claim.pk), data).status_code == 302
    claim.refresh_from_db()
    assert claim.speaker == lavrov


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"text": "  "}, "Give the claim's wording."),
        ({"speaker": "", "speaker_name": "Nobody Known"}, "Choose one of the speakers found."),
        ({"speaker": "", "speaker_name": ""}, "Type the speaker's name"),
        ({"speaker": "999999"}, "That speaker no longer exists"),
        ({"claimed_on": "30/09/2015"}, "Enter the date as year-month-day"),
        ({"venue": "x" * 301}, "at most 300 characters"),
        ({"dispute": "999999"}, "That dispute no longer exists"),
        ({"dispute_stance": "affirms"}, "A stance needs a dispute"),
        ({"dispute_stance": "maybe"}, "Select a valid choice"),
        ({"version": ""}, "missing the version"),
    ],
)
def test_bad_claim_input_is_refused_with_a_message(signed_in, claim, changes, message):
    before = Claim.objects.values().get(pk=claim.pk)
    response = signed_in.post(url("claim-edit", claim.pk), claim_data(claim, **changes), **HTMX)
    assert response.status_code == 422
    assert message in " ".join(errors(response.content.decode()))
    assert Claim.objects.values().get(pk=claim.pk) == before


def test_bad_input_without_htmx_shows_the_whole_page(signed_in, claim):
    response = signed_in.post(url("claim-edit", claim.pk), claim_data(claim, text=""))
    assert response.status_code == 422
    assert "<html" in response.content.decode()


def test_speaker_search_offers_existing_speakers(signed_in, claim):
    make_speaker(name="Sergei Lavrov")
    response = signed_in.get(url("claim-speaker-search", claim.pk), {"claim-speaker_name": "lavr"})
    content = response.content.decode()
    assert "Sergei Lavrov" in content and 'name="claim-speaker"' in content
    assert "<html" not in content


# --- Two journalists, one claim -----------------------------------------------------------


def two_journalists(client):
    first = make_user(groups=["Journalist"], username="amal")
    second = make_user(groups=["Journalist"], username="boris")
    client.force_login(first)
    other = Client()
    other.force_login(second)
    return client, other


def version_in(content, prefix):
    return int(re.search(rf'name="{prefix}-version" value="(\d+)"', content).group(1))


def test_the_later_save_of_a_claim_is_refused_with_what_changed(client, claim):
    amal, boris = two_journalists(client)
    version_a = version_in(page_of(amal, claim), "claim")
    version_b = version_in(page_of(boris, claim), "claim")
    assert version_a == version_b == claim.version

    ok = amal.post(url("claim-edit", claim.pk), claim_data(claim, version=version_a, venue="AFP, New York"))
    assert ok.status_code == 302

    refused = boris.post(
        url("claim-edit", claim.pk), claim_data(claim, version=version_b, text="Boris's wording."), **HTMX
    )
    content = refused.content.decode()
    assert refused.status_code == 409
    assert "amal saved this claim" in content
    assert '<td dir="auto">interview with AFP</td><td dir="auto">AFP, New York</td>' in content
    assert "Boris&#x27;s wording." in content  # his input is kept
    # Where he changed nothing, the form now holds Amal's value, so that
    # saving again does not undo her change.
    assert 'name="claim-venue" value="AFP, New York"' in content
    claim.refresh_from_db()
    assert claim.text == "A Russian airstrike killed 36 civilians."
    assert claim.venue == "AFP, New York"

    # Saving again, at the version the conflict showed, is a decision and goes through.
    new_version = version_in(content, "claim")
    assert new_version == claim.version
    again = boris.post(
        url("claim-edit", claim.pk), claim_data(claim, version=new_version, text="Boris's wording."), **HTMX
    )
    assert again.status_code == 200
    claim.refresh_from_db()
    assert claim.text == "Boris's wording."
    assert claim.venue == "AFP, New York"


def test_the_later_save_of_a_relation_is_refused(client, claim):
    relation = make_relation(from_claim=claim, note="First note.")
    amal, boris = two_journalists(client)
    prefix = f"rel{relation.pk}"
    version = version_in(page_of(boris, claim), prefix)
    edit = url("claim-relation-edit", claim.pk, relation.pk)

    def data(version, note, kind="contradicts"):
        return {f"{prefix}-version": version, f"{prefix}-kind": kind, f"{prefix}-note": note}

    assert amal.post(edit, data(version, "Amal's note.")).status_code == 302
    refused = boris.post(edit, data(version, "Boris's note.", kind="qualifies"), **HTMX)
    content = refused.content.decode()
    assert refused.status_code == 409
    assert "amal saved this claim relation" in content
    assert "First note." in content and "Amal&#x27;s note." in content
    relation.refresh_from_db()
    assert relation.note == "Amal's note." and relation.kind == "contradicts"

    again = boris.post(edit, data(version_in(content, prefix), "Boris's note.", kind="qualifies"), **HTMX)
    assert again.status_code == 200
    relation.refresh_from_db()
    assert relation.note == "Boris's note." and relation.kind == "qualifies"


def test_the_later_save_of_evidence_is_refused(client, claim):
    evidence = make_evidence(claim=claim, title="Names", stance=Evidence.Stance.SUPPORTS)
    amal, boris = two_journalists(client)
    prefix = f"ev{evidence.pk}"
    version = version_in(page_of(boris, claim), prefix)
    edit = url("claim-evidence-edit", claim.pk, evidence.pk)

    def data(version, **changes):
        return {f"{prefix}-version": version, **evidence_data(prefix, **changes)}

    assert amal.post(edit, data(version, title="Names of victims", url="")).status_code == 302
    refused = boris.post(edit, data(version, title="Boris's title", url=""), **HTMX)
    content = refused.content.decode()
    assert refused.status_code == 409
    assert "amal saved this evidence" in content
    assert "Names of victims" in content
    evidence.refresh_from_db()
    assert evidence.title == "Names of victims"

    again = boris.post(edit, data(version_in(content, prefix), title="Boris's title", url=""), **HTMX)
    assert again.status_code == 200
    evidence.refresh_from_db()
    assert evidence.title == "Boris's title"


# --- Relations ----------------------------------------------------------------------------


def test_a_relation_is_added_and_shown_from_both_ends(signed_in, claim, journalist):
    lavrov = make_claim(speaker=make_speaker(name="Sergei Lavrov"), text="The allegations are untrue.")
    data = {"rel-kind": "contradicts", "rel-claim_q": "untrue", "rel-other": lavrov.pk, "rel-note": "Denial."}
    response = signed_in.post(url("claim-relation-add", claim.pk), data, **HTMX)
    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content and content.lstrip().startswith('<section id="relations"')
    relation = ClaimRelation.objects.get()
    assert (relation.from_claim, relation.to_claim, relation.kind) == (claim, lavrov, "contradicts")
    assert relation.created_by == journalist
    assert relation.history.get().history_user == journalist

    here = page_of(signed_in, claim)
    there = page_of(signed_in, lavrov)
    assert re.search(r'relation-label">Contradicts</span> <a [^>]*><bdi class="speaker">Sergei Lavrov', here)
    assert re.search(
        r'relation-label">Contradicted by</span> <a [^>]*><bdi class="speaker">Khaled Khoja', there
    )
    assert "Denial." in here and "Denial." in there


def test_a_relation_without_javascript_redirects(signed_in, claim):
    other = make_claim()
    response = signed_in.post(
        url("claim-relation-add", claim.pk), {"rel-kind": "supports", "rel-other": other.pk}
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#relations")


def test_relation_search_finds_other_claims_but_not_this_one(signed_in, claim):
    other = make_claim(text="Russian strikes hit terrorists.")
    response = signed_in.get(url("claim-relation-search", claim.pk), {"rel-claim_q": "Russian"})
    content = response.content.decode()
    assert f'value="{other.pk}"' in content
    assert f'value="{claim.pk}"' not in content


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"rel-kind": "contradicts"}, "Choose the other claim"),
        ({"rel-kind": "", "rel-other": "OTHER"}, "Choose how the claims are related."),
        ({"rel-kind": "refutes", "rel-other": "OTHER"}, "Select a valid choice"),
        ({"rel-kind": "contradicts", "rel-other": "999999"}, "That claim cannot be chosen"),
        ({"rel-kind": "contradicts", "rel-other": "SELF"}, "A claim cannot be related to itself"),
        ({"rel-kind": "contradicts", "rel-other": "WITHDRAWN"}, "That claim cannot be chosen"),
    ],
)
def test_bad_relations_are_refused_with_a_message(signed_in, claim, data, message):
    other = make_claim()
    withdrawn = make_claim(withdrawn_at=PUBLISHED)
    swap = {"OTHER": other.pk, "SELF": claim.pk, "WITHDRAWN": withdrawn.pk}
    data = {k: swap.get(v, v) for k, v in data.items()}
    response = signed_in.post(url("claim-relation-add", claim.pk), data, **HTMX)
    assert response.status_code == 422
    assert message in " ".join(errors(response.content.decode()))
    assert not ClaimRelation.objects.exists()


def test_a_duplicate_relation_is_refused_even_when_withdrawn(signed_in, claim):
    other = make_claim()
    make_relation(from_claim=claim, to_claim=other, kind="contradicts", withdrawn_at=PUBLISHED)
    data = {"rel-kind": "contradicts", "rel-other": other.pk}
    response = signed_in.post(url("claim-relation-add", claim.pk), data, **HTMX)
    assert response.status_code == 422
    assert "already have a relation of this kind" in response.content.decode()
    assert ClaimRelation.objects.count() == 1


def test_same_as_is_refused_in_the_other_direction_too(signed_in, claim):
    other = make_claim()
    make_relation(from_claim=other, to_claim=claim, kind="same_as")
    response = signed_in.post(url("claim-same-as", claim.pk), {"other": other.pk}, **HTMX)
    assert response.status_code == 422
    assert ClaimRelation.objects.count() == 1


def test_changing_a_relation_kind_into_a_duplicate_is_refused(signed_in, claim):
    other = make_claim()
    make_relation(from_claim=claim, to_claim=other, kind="supports")
    relation = make_relation(from_claim=claim, to_claim=other, kind="contradicts")
    prefix = f"rel{relation.pk}"
    data = {f"{prefix}-version": relation.version, f"{prefix}-kind": "supports", f"{prefix}-note": ""}
    response = signed_in.post(url("claim-relation-edit", claim.pk, relation.pk), data, **HTMX)
    assert response.status_code == 422
    relation.refresh_from_db()
    assert relation.kind == "contradicts"


def test_a_relation_is_edited_from_its_far_end(signed_in, claim):
    relation = make_relation(to_claim=claim, kind="contradicts")
    prefix = f"rel{relation.pk}"
    data = {f"{prefix}-version": relation.version, f"{prefix}-kind": "qualifies", f"{prefix}-note": "Partly."}
    response = signed_in.post(url("claim-relation-edit", claim.pk, relation.pk), data)
    assert response.status_code == 302
    relation.refresh_from_db()
    assert (relation.kind, relation.note, relation.version) == ("qualifies", "Partly.", 2)


def test_withdrawing_a_relation_needs_a_reason_and_restore_brings_it_back(signed_in, claim, client):
    other = make_claim(text="The allegations are untrue.", published_at=PUBLISHED)
    claim.published_at = PUBLISHED
    claim.save()
    relation = make_relation(from_claim=claim, to_claim=other)
    prefix = f"rel{relation.pk}w"
    withdraw = url("claim-relation-withdraw", claim.pk, relation.pk)

    refused = signed_in.post(
        withdraw, {f"{prefix}-version": relation.version, f"{prefix}-reason": "  "}, **HTMX
    )
    assert refused.status_code == 422
    assert "Say why it is withdrawn." in refused.content.decode()
    relation.refresh_from_db()
    assert not relation.is_withdrawn

    data = {f"{prefix}-version": relation.version, f"{prefix}-reason": "Wrong claim."}
    response = signed_in.post(withdraw, data, **HTMX)
    assert response.status_code == 200
    relation.refresh_from_db()
    assert relation.is_withdrawn and relation.withdrawn_reason == "Wrong claim."
    content = response.content.decode()
    assert "Withdrawn (1)" in content and "Wrong claim." in content
    assert "No related claims yet." in content
    anonymous = Client()
    public = anonymous.get(claim.get_absolute_url()).content.decode()
    assert "The allegations are untrue." not in public

    restore = url("claim-relation-restore", claim.pk, relation.pk)
    response = signed_in.post(restore, {f"rel{relation.pk}r-version": relation.version}, **HTMX)
    assert response.status_code == 200
    relation.refresh_from_db()
    assert not relation.is_withdrawn
    assert "The allegations are untrue." in anonymous.get(claim.get_absolute_url()).content.decode()


# --- The claim withdrawn and restored -------------------------------------------------------


def test_withdrawing_a_claim_hides_it_and_restore_brings_it_back(signed_in, claim, journalist):
    claim.published_at = PUBLISHED
    claim.created_by = journalist
    claim.save()
    anonymous = Client()
    assert anonymous.get(claim.get_absolute_url()).status_code == 200

    refused = signed_in.post(url("claim-withdraw", claim.pk), {"cw-version": claim.version, "cw-reason": ""})
    assert refused.status_code == 422
    assert "Say why it is withdrawn." in refused.content.decode()

    response = signed_in.post(
        url("claim-withdraw", claim.pk), {"cw-version": claim.version, "cw-reason": "A duplicate."}
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.is_withdrawn
    assert anonymous.get(claim.get_absolute_url()).status_code == 404
    assert claim.text not in signed_in.get(url("dashboard")).content.decode()
    page = page_of(signed_in, claim)
    assert "Withdrawn</strong>" in page and "A duplicate." in page and "Restore the claim" in page

    response = signed_in.post(url("claim-restore", claim.pk), {"cr-version": claim.version}, **HTMX)
    assert response.status_code == 200 and "<html" not in response.content.decode()
    claim.refresh_from_db()
    assert not claim.is_withdrawn
    assert anonymous.get(claim.get_absolute_url()).status_code == 200


# --- Evidence -------------------------------------------------------------------------------


def test_evidence_is_added_sanitized_and_shown_with_who_added_it(signed_in, claim, journalist):
    data = evidence_data(description='<p onclick="x()">A <b>list</b><script>alert(1)</script></p>')
    response = signed_in.post(url("claim-evidence-add", claim.pk), data, **HTMX)
    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content and content.lstrip().startswith('<section id="evidence"')
    evidence = Evidence.objects.get()
    assert evidence.added_by == journalist and evidence.claim == claim
    assert evidence.description == "<p>A <b>list</b></p>"
    assert evidence.history.get().history_user == journalist
    assert "Names of the 36 victims" in content and "by jo" in content
    assert "C: fairly reliable" in content


def test_evidence_from_a_source_in_the_system(signed_in, claim):
    source = make_source(title="Hospital report")
    response = signed_in.post(url("claim-evidence-add", claim.pk), evidence_data(source=source.pk, url=""))
    assert response.status_code == 302
    assert Evidence.objects.get().source == source
    assert "Hospital report" in page_of(signed_in, claim)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "Give the evidence a title."),
        ({"stance": ""}, "Say whether it supports"),
        ({"stance": "maybe"}, "Select a valid choice"),
        ({"kind": ""}, "Choose the kind of evidence."),
        ({"url": "ftp://example.org/file"}, "http"),
        ({"url": "javascript:alert(1)"}, "Enter a web address that starts with http:// or https://."),
        ({"source": "999999", "url": ""}, "Select a valid choice"),
        ({"source": "SOURCE"}, "not both"),
        ({"reliability": "G"}, "Select a valid choice"),
    ],
)
def test_bad_evidence_is_refused_with_a_message(signed_in, claim, changes, message):
    source = make_source()
    changes = {k: (source.pk if v == "SOURCE" else v) for k, v in changes.items()}
    response = signed_in.post(url("claim-evidence-add", claim.pk), evidence_data(**changes), **HTMX)
    assert response.status_code == 422
    assert message in " ".join(errors(response.content.decode()))
    assert not Evidence.objects.exists()


def test_evidence_is_edited_withdrawn_and_restored(signed_in, claim, journalist):
    evidence = make_evidence(claim=claim, title="Names")
    prefix = f"ev{evidence.pk}"
    data = {f"{prefix}-version": evidence.version, **evidence_data(prefix, title="All the names", url="")}
    assert signed_in.post(url("claim-evidence-edit", claim.pk, evidence.pk), data).status_code == 302
    evidence.refresh_from_db()
    assert evidence.title == "All the names" and evidence.version == 2
    assert evidence.history.first().history_user == journalist

    bad = {f"{prefix}-version": evidence.version, **evidence_data(prefix, title="", url="")}
    assert signed_in.post(url("claim-evidence-edit", claim.pk, evidence.pk), bad, **HTMX).status_code == 422
    evidence.refresh_from_db()
    assert evidence.title == "All the names"

    withdraw = {f"{prefix}w-version": evidence.version, f"{prefix}w-reason": "Not about this strike."}
    response = signed_in.post(url("claim-evidence-withdraw", claim.pk, evidence.pk), withdraw, **HTMX)
    assert response.status_code == 200
    evidence.refresh_from_db()
    assert evidence.is_withdrawn
    assert "No evidence yet." in response.content.decode()
    assert "Withdrawn (1)" in response.content.decode()

    restore = {f"{prefix}r-version": evidence.version}
    assert signed_in.post(url("claim-evidence-restore", claim.pk, evidence.pk), restore).status_code == 302
    evidence.refresh_from_db()
    assert not evidence.is_withdrawn


def test_withdrawn_evidence_is_hidden_from_the_public(signed_in, claim):
    claim.published_at = PUBLISHED
    claim.save()
    evidence = make_evidence(claim=claim, title="Hospital records")
    prefix = f"ev{evidence.pk}w"
    signed_in.post(
        url("claim-evidence-withdraw", claim.pk, evidence.pk),
        {f"{prefix}-version": evidence.version, f"{prefix}-reason": "Forged."},
    )
    assert "Hospital records" not in Client().get(claim.get_absolute_url()).content.decode()


# --- Figures ---------------------------------------------------------------------------------


def test_a_figure_is_added_with_its_quote(signed_in, claim):
    quote = make_quote()
    make_appearance(claim=claim, quote=quote)
    response = signed_in.post(url("claim-figure-add", claim.pk), figure_data(quote=quote.pk), **HTMX)
    content = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in content and content.lstrip().startswith('<section id="figures"')
    figure = Figure.objects.get()
    assert (figure.claim, figure.value, figure.quote) == (claim, Decimal(36), quote)
    assert "civilians killed</strong>: 36" in content


def test_a_figure_with_a_range(signed_in, claim):
    data = figure_data(value="", minimum="20", maximum="36", qualifier="about", unit="people")
    assert signed_in.post(url("claim-figure-add", claim.pk), data).status_code == 302
    assert Figure.objects.get().display_value == "about 20–36 people"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"counted": ""}, "Say what is counted"),
        ({"value": ""}, "Give the value, or a range"),
        ({"value": "36", "minimum": "20", "maximum": "40"}, "either one value or a range"),
        ({"value": "", "minimum": "20"}, "A range needs both"),
        ({"value": "", "minimum": "40", "maximum": "20"}, "The maximum cannot be below the minimum."),
        ({"value": "thirty"}, "Enter a number"),
        ({"qualifier": "roughly"}, "Select a valid choice"),
        ({"quote": "OTHER"}, "Choose one of this claim"),
    ],
)
def test_bad_figures_are_refused_with_a_message(signed_in, claim, changes, message):
    other_quote = make_quote()
    changes = {k: (other_quote.pk if v == "OTHER" else v) for k, v in changes.items()}
    response = signed_in.post(url("claim-figure-add", claim.pk), figure_data(**changes), **HTMX)
    assert response.status_code == 422
    assert message in " ".join(errors(response.content.decode()))
    assert not Figure.objects.exists()


def test_a_figure_is_corrected(signed_in, claim, journalist):
    figure = make_figure(claim=claim)
    prefix = f"fig{figure.pk}"
    data = figure_data(prefix, value="", minimum="30", maximum="36")
    assert signed_in.post(url("claim-figure-edit", claim.pk, figure.pk), data).status_code == 302
    figure.refresh_from_db()
    assert (figure.value, figure.minimum, figure.maximum) == (None, Decimal(30), Decimal(36))
    assert figure.history.first().history_user == journalist
    bad = figure_data(prefix, value="", minimum="40", maximum="36")
    assert signed_in.post(url("claim-figure-edit", claim.pk, figure.pk), bad, **HTMX).status_code == 422
    figure.refresh_from_db()
    assert figure.minimum == Decimal(30)


# --- Similar claims ----------------------------------------------------------------------------


def test_similar_claims_can_be_marked_same_as_in_one_click(signed_in, claim):
    twin = make_claim(speaker=claim.speaker, text="A Russian airstrike killed 36 civilians in Homs.")
    page = page_of(signed_in, claim)
    assert "Similar claims" in page and "Mark as same as" in page
    response = signed_in.post(url("claim-same-as", claim.pk), {"other": twin.pk}, **HTMX)
    assert response.status_code == 200
    relation = ClaimRelation.objects.get()
    assert (relation.from_claim, relation.to_claim, relation.kind) == (claim, twin, "same_as")
    assert "Mark as same as" not in response.content.decode()  # no longer offered


def test_the_reader_suggests_similar_claims_for_a_new_claim(signed_in, claim):
    source = make_source()
    response = signed_in.get(
        url("similar-claims"),
        {"source": source.pk, "new-text": "A Russian airstrike killed 36 civilians", "new-speaker_name": ""},
    )
    content = response.content.decode()
    assert response.status_code == 200 and "<html" not in content
    assert "Similar claims already recorded" in content
    appearance = reverse("workspace:selection-appearance", args=[source.pk])
    assert f'formaction="{appearance}"' in content and f'hx-post="{appearance}"' in content
    assert f'name="add-claim" value="{claim.pk}"' in content
    assert "same as" in content

    nothing = signed_in.get(url("similar-claims"), {"source": source.pk, "new-text": "Weather report"})
    assert "Similar claims" not in nothing.content.decode()
    assert signed_in.get(url("similar-claims"), {"source": "x"}).status_code == 404


def test_the_similar_claims_box_is_in_the_selection_panel(signed_in):
    source = make_source()
    revision = source.current_revision()
    words = "36 civilians were killed"
    start = revision.text.index(words)
    selection = {"revision": revision.pk, "start": start, "end": start + len(words), "exact": words}
    content = signed_in.get(
        reverse("workspace:selection", args=[source.pk]), selection, **HTMX
    ).content.decode()
    assert 'id="new-similar"' in content
    assert url("similar-claims") in content


# --- Queries -------------------------------------------------------------------------------------


def fill(claim, n):
    source = make_source()
    for i in range(n):
        other = make_claim(text=f"Other claim {i}.")
        make_relation(from_claim=claim, to_claim=other)
        make_relation(from_claim=make_claim(), to_claim=claim, kind="supports", withdrawn_at=PUBLISHED)
        make_evidence(claim=claim, stance=Evidence.Stance.REFUTES if i % 2 else Evidence.Stance.SUPPORTS)
        make_figure(claim=claim, counted=f"count {i}")
        make_fact_check(claim=claim)
    text = " ".join(f"word{i} here." for i in range(n))
    revision = make_source(text=text).current_revision()
    for i in range(n):
        make_appearance(claim=claim, quote=make_quote(revision=revision, exact=f"word{i} here."))
    return source


def count_queries(client, claim):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url("claim", claim.pk)).status_code == 200
    return len(queries)


def test_the_page_takes_the_same_queries_for_1_or_20_of_everything(signed_in, khoja):
    one = make_claim(speaker=khoja, text="First claim.")
    many = make_claim(speaker=make_speaker(name="Someone"), text="Second claim.")
    fill(one, 1)
    fill(many, 20)
    assert count_queries(signed_in, one) == count_queries(signed_in, many)
