"""A claim's history page: who changed what and when, field by field, for the
claim and its relations, evidence, figures and appearances."""

import pytest
from django.urls import reverse

from claims.domain.editing import save_versioned, withdraw
from tests.factories import (
    make_appearance,
    make_claim,
    make_evidence,
    make_figure,
    make_relation,
    make_speaker,
    make_user,
)

pytestmark = pytest.mark.django_db


def history_of(client, claim):
    response = client.get(reverse("workspace:claim-history", args=[claim.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_field_change_shows_before_after_and_who(client, journalist):
    claim = make_claim(speaker=make_speaker(name="Khaled Khoja"), venue="interview")
    lavrov = make_speaker(name="Sergei Lavrov")
    claim.venue, claim.speaker = "interview with AFP", lavrov
    save_versioned(claim, fields=["venue", "speaker"], expected_version=claim.version, by=journalist)
    client.force_login(journalist)
    page = history_of(client, claim)
    assert "<strong>jo</strong> changed" in page
    assert (
        '<th scope="row">Venue</th><td dir="auto">interview</td><td dir="auto">interview with AFP</td>'
        in page
    )
    # Names, not ids.
    assert '<td dir="auto">Khaled Khoja</td><td dir="auto">Sergei Lavrov</td>' in page
    assert "created" in page


def test_relations_evidence_figures_and_appearances_are_interleaved(client, journalist):
    claim = make_claim()
    other = make_claim(speaker=make_speaker(name="Sergei Lavrov"), text="Untrue.")
    relation = make_relation(from_claim=other, to_claim=claim)
    make_evidence(claim=claim, title="Hospital records", stance="refutes")
    make_figure(claim=claim, counted="children killed")
    make_appearance(claim=claim)
    withdraw(relation, reason="Not a denial of this.", expected_version=relation.version, by=journalist)
    client.force_login(journalist)
    page = history_of(client, claim)
    assert (
        'withdrawn <span class="history-concerns" dir="auto">Relation: contradicted by Sergei Lavrov' in page
    )
    assert 'Reason: <span dir="auto">Not a denial of this.</span>' in page
    assert "Evidence: Hospital records" in page and '<td dir="auto">Refutes</td>' in page
    assert "Figure: children killed" in page and '<td dir="auto">36</td>' in page
    assert "Appearance: “36 civilians were killed”" in page
    # Newest first: the withdrawal leads.
    assert page.index("withdrawn <span") < page.index("Evidence: Hospital records")


def test_the_history_page_is_for_the_workspace_only(client):
    claim = make_claim()
    address = reverse("workspace:claim-history", args=[claim.pk])
    assert client.get(address).status_code == 302
    client.force_login(make_user())
    assert client.get(address).status_code == 403
