"""The Journalist and Editor groups, made by migration claims/0003.

The expected permissions are written out here rather than imported from the
migration, so that a change to the migration must be matched by a deliberate
change to this statement of who may do what.
"""

import pytest
from django.contrib.auth.models import Group, Permission

from tests.factories import make_user

pytestmark = pytest.mark.django_db

JOURNALIST_PERMISSIONS = {
    # The workspace: read, create and edit, never delete (things are withdrawn).
    "sources.view_source",
    "sources.add_source",
    "sources.change_source",
    "sources.view_sourcerevision",
    "sources.add_sourcerevision",
    "sources.change_sourcerevision",
    "sources.view_quote",
    "sources.add_quote",
    "sources.change_quote",
    "claims.view_speaker",
    "claims.add_speaker",
    "claims.change_speaker",
    "claims.view_claim",
    "claims.add_claim",
    "claims.change_claim",
    "claims.view_appearance",
    "claims.add_appearance",
    "claims.change_appearance",
    "claims.view_figure",
    "claims.add_figure",
    "claims.change_figure",
    "claims.view_claimrelation",
    "claims.add_claimrelation",
    "claims.change_claimrelation",
    "claims.view_evidence",
    "claims.add_evidence",
    "claims.change_evidence",
    "claims.view_dispute",
    "claims.add_dispute",
    "claims.change_dispute",
    "claims.view_verdict",
    "claims.add_verdict",
    "claims.change_verdict",
    # Read only: the rating scale belongs to administrators, votes and
    # transitions are written by the workflow.
    "claims.view_ratingscale",
    "claims.view_rating",
    "claims.view_verdictvote",
    "claims.view_verdicttransition",
}

EDITOR_PERMISSIONS = JOURNALIST_PERMISSIONS | {
    "claims.approve_verdict",
    "claims.publish_claim",
    "claims.publish_dispute",
}


def permissions_of(group_name: str) -> set[str]:
    permissions = Permission.objects.filter(group__name=group_name).select_related("content_type")
    return {f"{p.content_type.app_label}.{p.codename}" for p in permissions}


def test_journalists_hold_exactly_the_workspace_permissions():
    assert permissions_of("Journalist") == JOURNALIST_PERMISSIONS


def test_editors_hold_the_workspace_permissions_and_approve_and_publish():
    assert permissions_of("Editor") == EDITOR_PERMISSIONS


def test_no_group_may_delete_anything():
    deletable = Permission.objects.filter(group__isnull=False, codename__startswith="delete_")

    assert Group.objects.filter(name__in=["Journalist", "Editor"]).count() == 2
    assert list(deletable) == []


def test_a_journalist_edits_claims_but_does_not_approve_verdicts(journalist):
    assert journalist.has_perm("claims.change_claim")
    assert not journalist.has_perm("claims.approve_verdict")
    assert not journalist.has_perm("claims.publish_claim")
    assert not journalist.has_perm("claims.delete_claim")


def test_an_editor_approves_verdicts(editor):
    assert editor.has_perm("claims.change_claim")
    assert editor.has_perm("claims.approve_verdict")
    assert editor.has_perm("claims.publish_claim")
    assert not editor.has_perm("claims.delete_claim")


def test_a_user_in_no_group_holds_no_workspace_permission():
    user = make_user()

    assert not user.has_perm("claims.view_claim")
    assert user.get_all_permissions() == set()


def test_make_user_adds_the_named_groups():
    user = make_user(groups=["Editor"])

    assert user.has_perm("claims.approve_verdict")
