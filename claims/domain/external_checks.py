"""Saving other fact-checkers' reviews (``claimreview_import`` reads them)
and matching each to the claim here it is about.

Only editors do either (``IMPORT_FACT_CHECKS_PERMISSION``): a match puts
another newsroom's verdict on our claim's public page.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from claims.access import IMPORT_FACT_CHECKS_PERMISSION
from claims.domain.claimreview_import import Review
from claims.domain.similar import SimilarClaim, similar_claims
from claims.models import Claim, ExternalFactCheck, ExternalFactCheckImport, User

SUGGESTIONS = 3
NOT_ALLOWED = "Only editors import other fact-checkers' reviews and match them to claims."


def suggested_claims(review: Review | ExternalFactCheck) -> list[SimilarClaim]:
    """The claims here most like the one they reviewed, best first."""
    return similar_claims(text=review.claim_reviewed, limit=SUGGESTIONS)


def already_imported(urls: Iterable[str]) -> dict[str, ExternalFactCheck]:
    """The reviews among ``urls`` imported before, by URL, with their claims."""
    found = ExternalFactCheck.objects.filter(review_url__in=list(urls)).select_related("claim")
    return {check.review_url: check for check in found}


def _check_permission(by: User) -> None:
    if not by.has_perm(IMPORT_FACT_CHECKS_PERMISSION):
        raise PermissionDenied(NOT_ALLOWED)


def _claims_chosen(matches: Mapping[int, int | None]) -> dict[int, Claim]:
    ids = {pk for pk in matches.values() if pk is not None}
    claims = Claim.objects.active().in_bulk(ids)
    gone = sorted(index for index, pk in matches.items() if pk is not None and pk not in claims)
    if gone:
        items = ", ".join(str(index) for index in gone)
        raise ValidationError(f"The claim chosen for item {items} no longer exists or was withdrawn.")
    return claims


def _fact_check(review: Review, claim: Claim | None, *, batch, by: User, now) -> ExternalFactCheck:
    values = {name: getattr(review, name) for name in Review.__dataclass_fields__ if name != "index"}
    matched = {"claim": claim, "matched_by": by, "matched_at": now} if claim else {}
    return ExternalFactCheck(**values, **matched, batch=batch, created_by=by)


def save_import(
    *,
    reviews: list[Review],
    matches: Mapping[int, int | None],
    by: User,
    filename: str = "",
    sha256: str,
) -> tuple[ExternalFactCheckImport, int]:
    """Save ``reviews`` as one import, each matched to the claim chosen for
    its index in ``matches`` (None: no claim yet). Reviews imported before
    (by URL) are left as they were. All or nothing: returns the import and
    how many reviews were already there; raises PermissionDenied or
    ValidationError and saves nothing otherwise."""
    _check_permission(by)
    try:
        with transaction.atomic():
            claims = _claims_chosen(matches)
            existing = already_imported(review.review_url for review in reviews)
            batch = ExternalFactCheckImport.objects.create(
                filename=filename[:255], sha256=sha256, created_by=by
            )
            now = timezone.now()
            new = [
                _fact_check(review, claims.get(matches.get(review.index)), batch=batch, by=by, now=now)
                for review in reviews
                if review.review_url not in existing
            ]
            # The reader checked every value; this is the models' word on it too.
            for check in new:
                check.full_clean(
                    exclude=["batch", "claim", "matched_by", "created_by"],
                    validate_unique=False,
                    validate_constraints=False,
                )
            ExternalFactCheck.objects.bulk_create(new)
    except IntegrityError:
        # Another editor imported one of these reviews in the meantime.
        raise ValidationError(
            "Some of these reviews were imported by someone else meanwhile. Read the file again."
        ) from None
    return batch, len(reviews) - len(new)


def match_fact_check(*, fact_check: ExternalFactCheck, claim: Claim | None, by: User) -> None:
    """Attach an imported review to ``claim`` (None detaches it), recording
    who confirmed the match and when."""
    _check_permission(by)
    if claim is not None and claim.is_withdrawn:
        raise ValidationError("That claim was withdrawn; choose another.")
    with transaction.atomic():
        ExternalFactCheck.objects.filter(pk=fact_check.pk).update(
            claim=claim, matched_by=by if claim else None, matched_at=timezone.now() if claim else None
        )
