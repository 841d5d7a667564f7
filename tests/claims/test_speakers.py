"""Merging two records of the same speaker, and finding speakers by any of
their names in any script."""

import pytest
from django.core.exceptions import ValidationError

from claims.domain.lookups import find_speakers
from claims.domain.speakers import merge_speakers, plan_merge
from claims.models import Claim, Speaker
from tests.factories import make_claim, make_relation, make_speaker, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return make_user(groups=["Journalist"])


def test_merge_moves_every_claim_and_keeps_every_name(user):
    survivor = make_speaker(name="Sergei Lavrov", aliases=["Sergey Lavrov"], wikidata_id="Q80137")
    duplicate = make_speaker(name="С. Лавров", aliases=["sergey lavrov", "Lavrov"], description="Russian FM")
    moved = [make_claim(speaker=duplicate) for _ in range(3)]
    withdrawn = make_claim(speaker=duplicate, withdrawn_reason="dup")
    Claim.objects.filter(pk=withdrawn.pk).update(withdrawn_at="2015-10-02T09:00:00Z")
    kept = make_claim(speaker=survivor)
    relation = make_relation(from_claim=moved[0], to_claim=kept)
    before = Claim.objects.count()

    report = merge_speakers(survivor=survivor, duplicate=duplicate, by=user)

    assert report.claims_moved == 4
    assert report.duplicate_name == "С. Лавров"
    assert Claim.objects.count() == before
    assert Claim.objects.filter(speaker=survivor).count() == 5
    assert not Speaker.objects.filter(pk=duplicate.pk).exists()
    survivor.refresh_from_db()
    # The duplicate's name and its one new alias; "sergey lavrov" was known.
    assert survivor.aliases == ["Sergey Lavrov", "С. Лавров", "Lavrov"]
    assert report.aliases_added == ["С. Лавров", "Lavrov"]
    assert survivor.wikidata_id == "Q80137"
    assert survivor.description == "Russian FM"  # it had none
    relation.refresh_from_db()
    assert relation.from_claim.speaker == survivor


def test_merge_is_in_the_history_of_both_records_and_of_each_claim(user):
    survivor = make_speaker(name="Kremlin")
    duplicate = make_speaker(name="The Kremlin")
    claim = make_claim(speaker=duplicate)
    version = claim.version
    merge_speakers(survivor=survivor, duplicate=duplicate, by=user)

    deleted = Speaker.history.filter(id=duplicate.pk).latest("history_date")
    assert deleted.history_type == "-"
    assert deleted.history_user == user
    assert deleted.history_change_reason == f"Merged into Kremlin (#{survivor.pk})"
    assert Speaker.history.filter(id=duplicate.pk).count() == 2  # created, then merged away

    changed = survivor.history.latest("history_date")
    assert changed.history_user == user
    assert changed.history_change_reason == f"Merged The Kremlin (#{duplicate.pk}) into this record"
    assert changed.aliases == ["The Kremlin"]

    claim.refresh_from_db()
    assert claim.version == version + 1
    record = claim.history.latest("history_date")
    assert record.speaker_id == survivor.pk
    assert record.history_user == user


def test_survivor_takes_the_wikidata_id_it_lacks(user):
    survivor = make_speaker(name="Putin")
    duplicate = make_speaker(name="Vladimir Putin", wikidata_id="Q7747")
    report = merge_speakers(survivor=survivor, duplicate=duplicate, by=user)
    survivor.refresh_from_db()
    assert survivor.wikidata_id == "Q7747"
    assert report.took_wikidata_id


def test_a_speaker_cannot_be_merged_into_itself(user):
    speaker = make_speaker()
    make_claim(speaker=speaker)
    with pytest.raises(ValidationError, match="cannot be merged into itself"):
        merge_speakers(survivor=speaker, duplicate=speaker, by=user)
    assert Speaker.objects.filter(pk=speaker.pk).exists()


def test_records_with_different_wikidata_ids_are_not_merged(user):
    survivor = make_speaker(name="Putin", wikidata_id="Q7747")
    duplicate = make_speaker(name="Lavrov", wikidata_id="Q80137")
    claim = make_claim(speaker=duplicate)
    with pytest.raises(ValidationError, match=r"different Wikidata ids \(Q7747 and Q80137\)"):
        merge_speakers(survivor=survivor, duplicate=duplicate, by=user)
    claim.refresh_from_db()
    assert claim.speaker == duplicate
    survivor.refresh_from_db()
    assert survivor.aliases == []
    assert plan_merge(survivor=survivor, duplicate=duplicate).refusal


def test_a_failure_midway_leaves_everything_as_it_was(user, monkeypatch):
    survivor = make_speaker(name="Khaled Khoja")
    duplicate = make_speaker(name="Khaled Khodja", aliases=["K. Khoja"])
    claims = [make_claim(speaker=duplicate) for _ in range(2)]
    history_rows = Speaker.history.count(), Claim.history.count()

    def fail(self, *args, **kwargs):
        raise RuntimeError("database went away")

    # The claims have moved and the survivor is saved when the delete fails.
    monkeypatch.setattr(Speaker, "delete", fail)
    with pytest.raises(RuntimeError):
        merge_speakers(survivor=survivor, duplicate=duplicate, by=user)

    assert all(Claim.objects.get(pk=c.pk).speaker_id == duplicate.pk for c in claims)
    assert all(Claim.objects.get(pk=c.pk).version == c.version for c in claims)
    survivor.refresh_from_db()
    assert survivor.aliases == []
    assert Speaker.objects.filter(pk=duplicate.pk).exists()
    assert (Speaker.history.count(), Claim.history.count()) == history_rows


def test_a_long_name_fits_in_the_history_reason(user):
    survivor = make_speaker(name="N" * 200)
    duplicate = make_speaker(name="D" * 200)
    merge_speakers(survivor=survivor, duplicate=duplicate, by=user)
    reason = Speaker.history.filter(id=duplicate.pk).latest("history_date").history_change_reason
    assert len(reason) <= 100
    assert reason.endswith(f"(#{survivor.pk})")


def test_find_speakers_matches_aliases_and_other_scripts_in_any_case():
    lavrov = make_speaker(name="Сергей Лавров", aliases=["Sergei Lavrov"])
    coalition = make_speaker(name="الائتلاف الوطني السوري", aliases=["Syrian National Coalition"])
    make_speaker(name="Vladimir Putin")
    assert list(find_speakers("лавров")) == [lavrov]
    assert list(find_speakers("СЕРГЕЙ")) == [lavrov]
    assert list(find_speakers("lavrov")) == [lavrov]
    assert list(find_speakers("national coalition")) == [coalition]
    assert list(find_speakers("الوطني")) == [coalition]
    assert list(find_speakers("lavrov putin")) == []
    assert list(find_speakers("lavrov", exclude=lavrov)) == []
    assert find_speakers("").count() == 3
