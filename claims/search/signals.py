"""Keeping each claim's search document fresh: receivers for every write that
changes a part of it, whoever makes it (the workspace, the admin, the demo, a
source revision), and the check of SQLite's index after every migrate."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_migrate, post_save, pre_delete, pre_save

from claims.search.document import refresh_search_text
from claims.search.index import after_migrate

# The claim's own fields that are part of its document; a save limited to
# other fields (publication, withdrawal, a version bump) changes nothing here.
_CLAIM_FIELDS = {"text", "speaker", "speaker_id", "speaker_role", "venue", "dispute", "dispute_id"}


def _claim_saved(sender, instance, created, raw, update_fields, **kwargs) -> None:
    if raw or (update_fields is not None and not _CLAIM_FIELDS & set(update_fields)):
        return
    # Read back from the database rather than from the instance, whose
    # speaker or dispute may be an older copy. A full save wrote the
    # instance's own (possibly outdated) document first; this corrects it.
    documents = refresh_search_text([instance.pk])
    # The instance in memory then holds what is stored, so that saving it
    # again does not put an older document back.
    instance.search_text = documents.get(instance.pk, instance.search_text)


def _remember_before_save(sender, instance, raw, **kwargs) -> None:
    """Before a speaker, dispute or appearance is changed, note what it was,
    so that after the save only a change that matters refreshes claims."""
    if raw or instance._state.adding or instance.pk is None:
        return
    fields = _WATCHED[sender]
    instance._search_before = sender._default_manager.filter(pk=instance.pk).values_list(*fields).first()


def _after_save(sender, instance, created, raw, **kwargs) -> None:
    if raw:
        return
    from claims.models import Appearance, Claim, Dispute, Speaker

    before = instance.__dict__.pop("_search_before", None)
    now = tuple(getattr(instance, field) for field in _WATCHED[sender])
    if sender is Appearance:
        claim_ids = {instance.claim_id} | ({before[0]} if before else set())
        refresh_search_text(claim_ids)
        return
    if created or before == now:
        return
    if sender is Speaker:
        refresh_search_text(Claim.objects.filter(speaker=instance).values_list("pk", flat=True))
    elif sender is Dispute:
        refresh_search_text(Claim.objects.filter(dispute=instance).values_list("pk", flat=True))


def _quote_saved(sender, instance, created, raw, update_fields, **kwargs) -> None:
    # A new quote is no claim's appearance yet; a quote's words change when a
    # revision re-anchors it or a journalist re-selects it.
    if raw or created or (update_fields is not None and "exact" not in update_fields):
        return
    from claims.models import Appearance

    refresh_search_text(Appearance.objects.filter(quote=instance).values_list("claim_id", flat=True))


def _appearance_deleted(sender, instance, **kwargs) -> None:
    refresh_search_text([instance.claim_id])


def _dispute_deleting(sender, instance, **kwargs) -> None:
    from claims.models import Claim

    # Deleting a dispute sets its claims' dispute to NULL with a queryset
    # update, which sends no signal: remember them to refresh afterwards.
    instance._search_claims = list(Claim.objects.filter(dispute=instance).values_list("pk", flat=True))


def _dispute_deleted(sender, instance, **kwargs) -> None:
    refresh_search_text(instance.__dict__.pop("_search_claims", []))


_WATCHED: dict[type, tuple[str, ...]] = {}


def connect_signals() -> None:
    """Called from ``ClaimsConfig.ready()``."""
    from claims.models import Appearance, Claim, Dispute, Speaker
    from sources.models import Quote

    _WATCHED.update(
        {
            Speaker: ("name", "aliases"),
            Dispute: ("question", "published_at"),
            Appearance: ("claim_id",),
        }
    )
    uid = "claims.search"
    post_save.connect(_claim_saved, sender=Claim, dispatch_uid=f"{uid}.claim")
    for model in _WATCHED:
        pre_save.connect(_remember_before_save, sender=model, dispatch_uid=f"{uid}.before.{model.__name__}")
        post_save.connect(_after_save, sender=model, dispatch_uid=f"{uid}.after.{model.__name__}")
    post_save.connect(_quote_saved, sender=Quote, dispatch_uid=f"{uid}.quote")
    post_delete.connect(_appearance_deleted, sender=Appearance, dispatch_uid=f"{uid}.appearance-deleted")
    pre_delete.connect(_dispute_deleting, sender=Dispute, dispatch_uid=f"{uid}.dispute-deleting")
    post_delete.connect(_dispute_deleted, sender=Dispute, dispatch_uid=f"{uid}.dispute-deleted")
    post_migrate.connect(after_migrate, dispatch_uid=f"{uid}.after-migrate")
