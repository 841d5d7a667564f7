"""What a claim is linked to, added and corrected: relations to other
claims, evidence and figures. The rules here are the ones the claim editor's
forms show field by field (``claims/workspace/claim_forms.py``) and the API
answers with (``claims/api/newsroom.py``): written once, so that the two
doors cannot drift apart.

Each ``*_errors`` function returns the errors by field, empty when there are
none; each ``add_*`` and ``edit_*`` function raises them as a
``ValidationError`` by field and writes nothing, or saves.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q

from claims.domain.editing import save_versioned
from claims.models import Claim, ClaimRelation, Evidence, Figure
from sources.models import Quote, Source
from sources.sanitize import clean_html

DUPLICATE_RELATION = (
    "These two claims already have a relation of this kind (perhaps withdrawn: restore it instead)."
)
TO_ITSELF = "A claim cannot be related to itself; choose another claim."
OTHER_WITHDRAWN = "That claim cannot be chosen (it may have been withdrawn); search again."
SOURCE_AND_URL = "Give either a source in Counterclaim or a URL, not both."
EVIDENCE_FIELDS = ("stance", "kind", "title", "source", "url", "description", "reliability")
FIGURE_FIELDS = ("counted", "qualifier", "value", "minimum", "maximum", "unit", "quote")


def rationale_errors(rationale: str) -> dict[str, str]:
    """A verdict's rationale says something once disallowed markup is removed."""
    if not rationale.strip():
        return {"rationale": "Say why the claim deserves this rating."}
    if not clean_html(rationale):
        # All of it was markup the sanitizer removes (a script, say): saved,
        # the verdict would have no rationale at all.
        return {
            "rationale": "Nothing is left of the rationale once disallowed markup is removed: "
            "say why the claim deserves this rating in words."
        }
    return {}


def claim_errors(*, dispute, dispute_stance: str) -> dict[str, str]:
    """A claim's own fields: a stance on a dispute's question needs the dispute."""
    if dispute_stance and dispute is None:
        return {"dispute_stance": "A stance needs a dispute: choose the dispute, or no stance."}
    return {}


def edit_claim(*, claim: Claim, fields: dict[str, Any], expected_version: int, by: AbstractBaseUser) -> Claim:
    """Save ``fields`` of ``claim`` (the claim editor's: wording, speaker,
    role, date, venue, dispute, stance) if it is still at ``expected_version``."""
    for name, value in fields.items():
        setattr(claim, name, value)
    claim.text = claim.text.strip()
    _raise(claim_errors(dispute=claim.dispute, dispute_stance=claim.dispute_stance))
    _check_fields(claim)
    return save_versioned(claim, fields=list(fields), expected_version=expected_version, by=by)


def relation_exists(from_id: int, to_id: int, kind: str, *, exclude: int | None = None) -> bool:
    """Whether the relation exists already; "same as" is the same both ways."""
    same = Q(from_claim_id=from_id, to_claim_id=to_id)
    if kind == ClaimRelation.Kind.SAME_AS:
        same |= Q(from_claim_id=to_id, to_claim_id=from_id)
    return ClaimRelation.objects.filter(same, kind=kind).exclude(pk=exclude).exists()


def relation_errors(*, claim: Claim, other: Claim, kind: str) -> dict[str, str]:
    """A new relation ``claim`` <kind> ``other``: to itself, or one that exists."""
    if other.pk == claim.pk:
        return {"other": TO_ITSELF}
    if relation_exists(claim.pk, other.pk, kind):
        return {"other": DUPLICATE_RELATION}
    return {}


def evidence_errors(*, source: Source | None, url: str) -> dict[str, str]:
    if source is not None and url:
        return {"url": SOURCE_AND_URL}
    return {}


def figure_errors(
    *, value: Decimal | None, minimum: Decimal | None, maximum: Decimal | None
) -> dict[str, str]:
    """One value, or a range from a minimum to a maximum, not above it."""
    if value is not None and (minimum is not None or maximum is not None):
        return {"value": "Give either one value or a range, not both."}
    if value is None and minimum is None and maximum is None:
        return {"value": "Give the value, or a range from a minimum to a maximum."}
    if value is None and (minimum is None or maximum is None):
        return {("minimum" if minimum is None else "maximum"): "A range needs both a minimum and a maximum."}
    if minimum is not None and maximum is not None and minimum > maximum:
        return {"maximum": "The maximum cannot be below the minimum."}
    return {}


def _raise(errors: dict[str, Any]) -> None:
    if errors:
        raise ValidationError(errors)


def _check_fields(instance, *, exclude: tuple[str, ...] = ()) -> None:
    """The model's own field validation (choices, lengths, URLs); the
    constraints are this module's rules, checked before."""
    instance.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)


def add_relation(*, claim: Claim, other: Claim, kind: str, note: str, by: AbstractBaseUser) -> ClaimRelation:
    """A relation from ``claim`` to the active claim ``other``."""
    errors = (
        {"other": OTHER_WITHDRAWN}
        if other.is_withdrawn
        else relation_errors(claim=claim, other=other, kind=kind)
    )
    _raise(errors)
    relation = ClaimRelation(from_claim=claim, to_claim=other, kind=kind, note=note, created_by=by)
    _check_fields(relation)
    try:
        with transaction.atomic():
            relation._history_user = by
            relation.save()
    except IntegrityError:
        # Another request made the same relation first.
        raise ValidationError({"other": DUPLICATE_RELATION}) from None
    return relation


def edit_relation(
    *, relation: ClaimRelation, kind: str, note: str, expected_version: int, by: AbstractBaseUser
) -> ClaimRelation:
    if kind != relation.kind and relation_exists(
        relation.from_claim_id, relation.to_claim_id, kind, exclude=relation.pk
    ):
        raise ValidationError({"kind": DUPLICATE_RELATION})
    relation.kind, relation.note = kind, note
    _check_fields(relation)
    try:
        return save_versioned(relation, fields=["kind", "note"], expected_version=expected_version, by=by)
    except IntegrityError:
        raise ValidationError({"kind": DUPLICATE_RELATION}) from None


def add_evidence(*, claim: Claim, fields: dict[str, Any], by: AbstractBaseUser) -> Evidence:
    """Evidence on ``claim``; ``fields`` are ``EVIDENCE_FIELDS``'. Its
    description is sanitized when saved."""
    _raise(evidence_errors(source=fields.get("source"), url=fields.get("url", "")))
    evidence = Evidence(claim=claim, added_by=by, **fields)
    _check_fields(evidence)
    with transaction.atomic():
        evidence._history_user = by
        evidence.save()
    return evidence


def edit_evidence(
    *, evidence: Evidence, fields: dict[str, Any], expected_version: int, by: AbstractBaseUser
) -> Evidence:
    merged = {name: fields.get(name, getattr(evidence, name)) for name in EVIDENCE_FIELDS}
    _raise(evidence_errors(source=merged["source"], url=merged["url"]))
    for name, value in merged.items():
        setattr(evidence, name, value)
    _check_fields(evidence)
    return save_versioned(evidence, fields=EVIDENCE_FIELDS, expected_version=expected_version, by=by)


def _figure_checks(figure: Figure) -> None:
    errors = figure_errors(value=figure.value, minimum=figure.minimum, maximum=figure.maximum)
    if figure.quote_id is not None and not figure.claim.appearances.filter(quote_id=figure.quote_id).exists():
        errors["quote"] = "Choose one of this claim's quotes."
    _raise(errors)
    _check_fields(figure)


def add_figure(*, claim: Claim, fields: dict[str, Any], by: AbstractBaseUser) -> Figure:
    """A figure ``claim`` asserts; ``fields`` are ``FIGURE_FIELDS``', the
    quote one of the claim's."""
    figure = Figure(claim=claim, **fields)
    _figure_checks(figure)
    with transaction.atomic():
        figure._history_user = by
        figure.save()
    return figure


def edit_figure(*, figure: Figure, fields: dict[str, Any], by: AbstractBaseUser) -> Figure:
    """Correct a figure (figures have no version: they are corrected, never
    withdrawn, as on the claim's page)."""
    for name in FIGURE_FIELDS:
        if name in fields:
            setattr(figure, name, fields[name])
    _figure_checks(figure)
    with transaction.atomic():
        figure._history_user = by
        figure.save()
    return figure


def quote_of(claim: Claim, quote_id: int | None) -> Quote | None:
    """The claim's quote ``quote_id``, None for none; ValidationError for
    a quote that is not one of the claim's."""
    if quote_id is None:
        return None
    quote = Quote.objects.filter(pk=quote_id, appearance__claim=claim).first()
    if quote is None:
        raise ValidationError({"quote": "Choose one of this claim's quotes."})
    return quote
