"""Conflict-safe editing, withdrawal and restoration of workspace objects.

Two people editing the same claim, relation, evidence, dispute or speaker:
each form carries the ``version`` it was read at, and the save is a conditional
``UPDATE … WHERE version = <read version>``. If someone saved in between, no
row matches, nothing is written, and ``EditConflict`` says what the other
person changed, read from the object's history. The same statement works on
SQLite and PostgreSQL, and the UPDATE takes the row's write lock, so two saves
cannot both pass the check.

Nothing here hard-deletes: ``withdraw`` hides an object with a reason and
``restore`` brings it back, both as versioned edits recorded in the history.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from claims.models import Versioned, Withdrawable

# Fields every versioned save maintains itself, never shown as a change.
BOOKKEEPING = {"version", "updated_at", "created_at", "id"}


@dataclass(frozen=True)
class FieldChange:
    """One field someone else changed: its label, and its value before and after."""

    label: str
    before: str
    after: str


class EditConflict(Exception):
    """The object was saved by someone else after this edit began."""

    def __init__(self, *, instance: models.Model, changes: list[FieldChange], by: str, at) -> None:
        self.instance = instance
        self.changes = changes
        self.by = by
        self.at = at
        super().__init__(self.message)

    @property
    def message(self) -> str:
        who = self.by or "someone else"
        when = timezone.localtime(self.at).strftime("%-d %B %Y, %H:%M") if self.at else "meanwhile"
        return (
            f"{who} saved this {self.instance._meta.verbose_name} ({when}) after you opened it, so your "
            "changes were not saved. Their changes are listed below; check them, then save again."
        )


def _display(instance: models.Model, field: models.Field, value: Any) -> str:
    if value in (None, ""):
        return "(empty)"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.many_to_many:
        # History tracks some many-to-many fields (a verdict's evidence): the
        # value is then the list of rows of the link table.
        target = field.m2m_reverse_field_name()
        linked = field.related_model._default_manager.filter(pk__in=[row[target] for row in value])
        return ", ".join(sorted(str(obj) for obj in linked)) or "(empty)"
    if isinstance(value, list):
        # A JSON list of names (a speaker's aliases), one after the other.
        return ", ".join(str(item) for item in value) or "(empty)"
    if field.is_relation:
        try:
            return str(field.related_model._default_manager.get(pk=value))
        except field.related_model.DoesNotExist:
            return f"(deleted {field.related_model._meta.verbose_name})"
    return str(value)


def as_it_was(instance: models.Model, version: int) -> models.Model | None:
    """The history record of ``instance`` at ``version`` (the latest record
    at it), or None when the history has none: what an edit that began at
    that version started from."""
    return instance.history.filter(version=version).order_by("-history_date", "-history_id").first()


def changes_since(instance: models.Model, version: int) -> tuple[list[FieldChange], str, Any]:
    """What changed in ``instance`` (as stored now) since it was at ``version``,
    who made the latest change and when. Reads django-simple-history."""
    latest = instance.history.order_by("-history_date", "-history_id").first()
    then = as_it_was(instance, version)
    if latest is None or then is None:
        return [], "", None
    delta = latest.diff_against(then, excluded_fields=BOOKKEEPING)
    changes = []
    for change in delta.changes:
        field = instance._meta.get_field(change.field)
        changes.append(
            FieldChange(
                label=str(field.verbose_name).capitalize(),
                before=_display(instance, field, change.old),
                after=_display(instance, field, change.new),
            )
        )
    user = latest.history_user
    return changes, (user.get_username() if user else ""), latest.history_date


def save_versioned(
    instance: Versioned, *, fields: Iterable[str], expected_version: int, by: AbstractBaseUser | None
) -> Versioned:
    """Save ``fields`` of ``instance`` if it is still at ``expected_version``.

    Raises EditConflict, writing nothing, when someone saved it since.
    ``instance`` holds the new values; on success its ``version`` is the new
    one. Validation is the caller's (a form's) job.
    """
    model = type(instance)
    fields = list(fields)
    with transaction.atomic():
        # The conditional UPDATE is the check: it matches no row when the
        # version moved on, and it holds the row's lock until the end of
        # the transaction, so the save below cannot interleave with another.
        claimed = model._default_manager.filter(pk=instance.pk, version=expected_version).update(
            version=F("version") + 1
        )
        if not claimed:
            current = model._default_manager.get(pk=instance.pk)
            changes, who, when = changes_since(current, expected_version)
            raise EditConflict(instance=current, changes=changes, by=who, at=when)
        instance.version = expected_version + 1
        update_fields = [*fields, "version"]
        if any(f.name == "updated_at" for f in model._meta.concrete_fields):
            update_fields.append("updated_at")
        if by is not None:
            instance._history_user = by
        instance._version_claimed = True
        try:
            instance.save(update_fields=update_fields)
        finally:
            del instance._version_claimed
    return instance


def withdrawal_fields(*, reason: str, by: AbstractBaseUser | int, at: datetime) -> dict[str, Any]:
    """The fields withdrawing an object sets, by ``by`` (a user, or a user's
    id for bulk loaders) at ``at``. Pure, for ``withdraw`` and for bulk
    loaders; raises ValidationError for a blank reason."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"withdrawn_reason": "Say why it is withdrawn."})
    return {"withdrawn_at": at, "withdrawn_by": by, "withdrawn_reason": reason}


def withdraw(
    instance: Withdrawable, *, reason: str, expected_version: int, by: AbstractBaseUser
) -> Withdrawable:
    """Hide ``instance`` from workspace lists and the public, with a reason."""
    fields = withdrawal_fields(reason=reason, by=by, at=timezone.now())
    if instance.is_withdrawn:
        raise ValidationError("It is already withdrawn.")
    for name, value in fields.items():
        setattr(instance, name, value)
    return save_versioned(instance, fields=list(fields), expected_version=expected_version, by=by)


def restore(instance: Withdrawable, *, expected_version: int, by: AbstractBaseUser) -> Withdrawable:
    """Bring back a withdrawn object; its history keeps the withdrawal."""
    if not instance.is_withdrawn:
        raise ValidationError("It is not withdrawn.")
    instance.withdrawn_at = None
    instance.withdrawn_by = None
    instance.withdrawn_reason = ""
    return save_versioned(
        instance,
        fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason"],
        expected_version=expected_version,
        by=by,
    )
