"""Conflict-safe saves, withdrawal and restoration (claims/editing.py)."""

import pytest
from django.core.exceptions import ValidationError

from claims.domain.editing import EditConflict, restore, save_versioned, withdraw
from claims.models import Claim
from tests.factories import make_claim, make_evidence, make_relation, make_speaker, make_user

pytestmark = pytest.mark.django_db


def test_a_save_at_the_read_version_is_written_and_moves_the_version_on():
    claim = make_claim(text="Before.")
    user = make_user()
    claim.text = "After."
    save_versioned(claim, fields=["text"], expected_version=1, by=user)

    stored = Claim.objects.get(pk=claim.pk)
    assert stored.text == "After."
    assert stored.version == claim.version == 2
    assert stored.history.first().history_user == user


def test_a_save_after_someone_elses_is_refused_and_says_what_they_changed():
    claim = make_claim(text="36 civilians were killed.", venue="AFP")
    alice, bob = make_user(username="alice"), make_user(username="bob")
    new_speaker = make_speaker(name="Khaled Khoja")

    # Alice and Bob both open the claim at version 1; Alice saves first.
    alices = Claim.objects.get(pk=claim.pk)
    alices.text = "36 civilians, including five children, were killed."
    alices.speaker = new_speaker
    save_versioned(alices, fields=["text", "speaker"], expected_version=1, by=alice)

    bobs = Claim.objects.get(pk=claim.pk)
    bobs.venue = "Reuters"
    with pytest.raises(EditConflict) as conflict:
        save_versioned(bobs, fields=["venue"], expected_version=1, by=bob)

    stored = Claim.objects.get(pk=claim.pk)
    assert stored.venue == "AFP"  # nothing of Bob's was written
    assert stored.version == 2
    changes = {change.label: (change.before, change.after) for change in conflict.value.changes}
    assert changes["Wording"] == (
        "36 civilians were killed.",
        "36 civilians, including five children, were killed.",
    )
    assert changes["Speaker"][1] == "Khaled Khoja"
    assert "Version" not in changes
    assert conflict.value.by == "alice"
    assert "alice saved this claim" in conflict.value.message


def test_a_plain_save_moves_the_version_on_so_open_forms_see_the_change():
    claim = make_claim()
    claim.venue = "Changed in the admin"
    claim.save()
    assert Claim.objects.get(pk=claim.pk).version == 2
    claim.text = "Again"
    with pytest.raises(EditConflict):
        save_versioned(claim, fields=["text"], expected_version=1, by=None)


@pytest.mark.parametrize(
    "make", [make_claim, make_relation, make_evidence], ids=["claim", "relation", "evidence"]
)
def test_withdraw_needs_a_reason_and_restore_brings_it_back(make):
    obj = make()
    user = make_user()
    with pytest.raises(ValidationError):
        withdraw(obj, reason="  ", expected_version=obj.version, by=user)

    withdraw(obj, reason="Duplicate of another claim", expected_version=obj.version, by=user)
    obj.refresh_from_db()
    assert (
        obj.is_withdrawn and obj.withdrawn_by == user and obj.withdrawn_reason == "Duplicate of another claim"
    )

    restore(obj, expected_version=obj.version, by=user)
    obj.refresh_from_db()
    assert not obj.is_withdrawn and obj.withdrawn_reason == ""
    # Both steps are in the history.
    assert obj.history.count() == 3


def test_withdrawing_a_stale_copy_is_a_conflict():
    claim = make_claim()
    stale = Claim.objects.get(pk=claim.pk)
    claim.text = "Edited meanwhile"
    save_versioned(claim, fields=["text"], expected_version=1, by=None)
    with pytest.raises(EditConflict):
        withdraw(stale, reason="Wrong", expected_version=1, by=make_user())
    assert not Claim.objects.get(pk=claim.pk).is_withdrawn
