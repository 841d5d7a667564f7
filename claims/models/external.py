"""Other fact-checkers' reviews, imported from their ClaimReview markup, and
the claims here they were matched to ("also checked by …").

Nothing here is ours: an external fact-check records what another newsroom
published (who, their rating in their words, their page, the claim they
reviewed). It is attached to a claim only when an editor confirms the
match, and is shown on that claim's pages with a link to their review.
"""

from django.db import models
from django.db.models import Q

from claims.models.base import User
from claims.models.claim import Claim
from sources.validators import http_url_q, validate_http_url

# The URL columns' length, as for sources and evidence.
URL_LENGTH = 2000


class ExternalFactCheckImport(models.Model):
    """One confirmed import: the file or paste an editor read the reviews
    from. Made only when the editor confirms, with its reviews, in one
    transaction."""

    filename = models.CharField(max_length=255, blank=True)
    sha256 = models.CharField("SHA-256 of the input", max_length=64)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"import {self.pk} of {self.filename or 'pasted JSON-LD'}"


class ExternalFactCheckQuerySet(models.QuerySet):
    def matched_to(self, claim: Claim) -> "ExternalFactCheckQuerySet":
        """What a claim's pages show under "Also checked by …", newest first."""
        return self.filter(claim=claim).order_by(models.F("published_on").desc(nulls_last=True), "-pk")

    def unmatched(self) -> "ExternalFactCheckQuerySet":
        """Reviews of claims we have not recorded (yet), newest first."""
        return self.filter(claim__isnull=True).order_by(models.F("published_on").desc(nulls_last=True), "-pk")


class ExternalFactCheck(models.Model):
    """Another newsroom's review of a claim, as their ClaimReview said it."""

    organisation_name = models.CharField("reviewed by", max_length=200)
    organisation_url = models.CharField(
        "their site", max_length=URL_LENGTH, blank=True, validators=[validate_http_url]
    )
    rating_text = models.CharField(
        "their rating", max_length=200, help_text="In their words: the rating's name, or its value."
    )
    rating_value = models.FloatField(null=True, blank=True)
    best_rating = models.FloatField(null=True, blank=True)
    worst_rating = models.FloatField(null=True, blank=True)
    review_url = models.CharField(
        "their review", max_length=URL_LENGTH, unique=True, validators=[validate_http_url]
    )
    headline = models.CharField(max_length=500, blank=True)
    published_on = models.DateField("published", null=True, blank=True)
    claim_reviewed = models.TextField("the claim they reviewed")
    claim_author = models.CharField("who made the claim", max_length=200, blank=True)
    claim_appearance_url = models.CharField(
        "where the claim appeared", max_length=URL_LENGTH, blank=True, validators=[validate_http_url]
    )
    claim_date = models.DateField("when the claim was made", null=True, blank=True)

    claim = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.SET_NULL, related_name="external_checks"
    )
    matched_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    matched_at = models.DateTimeField(null=True, blank=True)

    batch = models.ForeignKey(ExternalFactCheckImport, on_delete=models.PROTECT, related_name="fact_checks")
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ExternalFactCheckQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=http_url_q("review_url") & ~Q(review_url=""),
                name="external_review_url_http",
                violation_error_message="A review's URL must start with http:// or https://.",
            ),
            models.CheckConstraint(
                condition=http_url_q("organisation_url"),
                name="external_organisation_url_http",
                violation_error_message="The organisation's URL must start with http:// or https://.",
            ),
            models.CheckConstraint(
                condition=http_url_q("claim_appearance_url"),
                name="external_appearance_url_http",
                violation_error_message="The appearance's URL must start with http:// or https://.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_name}: {self.rating_text}"
