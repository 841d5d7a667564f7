"""A claim's history, as the workspace's history page lists it: every recorded
change to the claim and to its relations, evidence, figures and appearances,
read from django-simple-history and put in words a journalist reads ("Sergei
Lavrov" rather than a speaker id, "Refutes" rather than ``refutes``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db import models
from django.db.models import Q

from claims.domain.editing import BOOKKEEPING, FieldChange
from claims.models import Appearance, Claim, ClaimRelation, Evidence, Figure
from sources.models import Quote

# Fields a history entry never lists: bookkeeping, and the withdrawal, which
# the entry's action ("withdrawn", "restored") and reason already say.
# search_text is an index kept by claims.search, not recorded in the history at all.
HIDDEN_IN_HISTORY = BOOKKEEPING | {
    "withdrawn_at",
    "withdrawn_by",
    "withdrawn_reason",
    "added_at",
    "claim",
    "search_text",
}


@dataclass
class HistoryEntry:
    at: datetime
    user: object
    concerns: str
    action: str
    changes: list[FieldChange]
    reason: str = ""


class _Names:
    """Readable values for history: names for ids, labels for choices. Each
    related object is read once, however often it appears."""

    def __init__(self) -> None:
        self.cache: dict[tuple, str] = {}

    def related(self, model, pk) -> str:
        key = (model, pk)
        if key not in self.cache:
            if model is Claim:
                obj = Claim.objects.select_related("speaker").filter(pk=pk).first()
            else:
                obj = model._default_manager.filter(pk=pk).first()
            if obj is None:
                self.cache[key] = f"(deleted {model._meta.verbose_name})"
            elif model is Quote:
                self.cache[key] = f"“{obj.exact[:80]}”"
            elif model is Claim:
                self.cache[key] = f"{obj.speaker.name}: {obj.text[:80]}"
            else:
                self.cache[key] = str(obj)
        return self.cache[key]

    def value(self, model, name: str, value) -> str:
        if value in (None, ""):
            return "(empty)"
        model_field = model._meta.get_field(name)
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        if model_field.is_relation:
            return self.related(model_field.related_model, value)
        if isinstance(value, Decimal):
            return f"{value.normalize():f}"
        if name == "aliases" and isinstance(value, list):
            return ", ".join(value)
        return str(value)

    def change(self, model, name: str, before, after) -> FieldChange:
        label = str(model._meta.get_field(name).verbose_name)
        return FieldChange(
            label=label[:1].upper() + label[1:],
            before=self.value(model, name, before),
            after=self.value(model, name, after),
        )


def _concerns(model, record, claim: Claim, names: _Names) -> str:
    if model is Claim:
        return "the claim"
    if model is ClaimRelation:
        if record.from_claim_id == claim.pk:
            label = dict(ClaimRelation.Kind.choices).get(record.kind, record.kind)
            other = record.to_claim_id
        else:
            label = ClaimRelation.INVERSE_LABELS.get(record.kind, record.kind)
            other = record.from_claim_id
        return f"Relation: {label} {names.related(Claim, other)}"
    if model is Evidence:
        return f"Evidence: {record.title}"
    if model is Figure:
        return f"Figure: {record.counted}"
    return f"Appearance: {names.related(Quote, record.quote_id)}"


def claim_history(claim: Claim) -> list[HistoryEntry]:
    """Every recorded change to the claim and to its relations (from either
    end), evidence, figures and appearances, newest first, field by field."""
    names = _Names()
    tracked = [
        (Claim, Claim.history.filter(id=claim.pk)),
        (ClaimRelation, ClaimRelation.history.filter(Q(from_claim_id=claim.pk) | Q(to_claim_id=claim.pk))),
        (Evidence, Evidence.history.filter(claim_id=claim.pk)),
        (Figure, Figure.history.filter(claim_id=claim.pk)),
        (Appearance, Appearance.history.filter(claim_id=claim.pk)),
    ]
    entries = []
    for model, records in tracked:
        previous = {}
        for record in records.select_related("history_user").order_by("history_date", "history_id"):
            prev = previous.get(record.id)
            previous[record.id] = record
            entry = _entry(model, record, prev, claim, names)
            if entry is not None:
                entries.append(entry)
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries


def _entry(model, record, prev, claim: Claim, names: _Names) -> HistoryEntry | None:
    """What one history record says, compared with the object's record before
    it (``prev``); None for a save with nothing a person would see changed."""
    concerns = _concerns(model, record, claim, names)
    entry = HistoryEntry(record.history_date, record.history_user, concerns, "", [])
    if record.history_type == "+" or prev is None:
        fields = [f.name for f in model._meta.concrete_fields if f.name not in HIDDEN_IN_HISTORY]
        entry.action = "created"
        entry.changes = [
            names.change(model, name, None, getattr(record, _attname(model, name)))
            for name in fields
            if getattr(record, _attname(model, name)) not in (None, "", [])
        ]
        return entry
    if record.history_type == "-":
        entry.action = "deleted"
        return entry
    delta = record.diff_against(prev, excluded_fields=HIDDEN_IN_HISTORY)
    entry.changes = [names.change(model, c.field, c.old, c.new) for c in delta.changes]
    was, now = getattr(prev, "withdrawn_at", None), getattr(record, "withdrawn_at", None)
    if was is None and now is not None:
        entry.action, entry.reason = "withdrawn", record.withdrawn_reason
    elif was is not None and now is None:
        entry.action = "restored"
    elif entry.changes:
        entry.action = "changed"
    else:
        return None
    return entry


def _attname(model: type[models.Model], name: str) -> str:
    return model._meta.get_field(name).attname
