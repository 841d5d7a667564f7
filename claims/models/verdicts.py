"""Rating scales, verdicts on claims, editors' votes on them and the audit of every move."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Prefetch, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from claims.models.base import User, Versioned, validate_colour
from claims.models.claim import Claim, ClaimQuerySet
from claims.models.evidence import Evidence
from sources.sanitize import clean_html


class RatingScale(models.Model):
    """A newsroom's rating scale; ``best_rating``/``worst_rating`` are what
    ClaimReview's reviewRating needs alongside each rating's value."""

    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    best_rating = models.IntegerField(default=5)
    worst_rating = models.IntegerField(default=1)
    is_default = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=Q(is_default=True),
                name="one_default_rating_scale",
                violation_error_message="Only one rating scale can be the default.",
            ),
            models.CheckConstraint(
                condition=Q(worst_rating__lt=F("best_rating")),
                name="rating_scale_worst_below_best",
                violation_error_message="The worst rating must be below the best.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Rating(models.Model):
    scale = models.ForeignKey(RatingScale, on_delete=models.CASCADE, related_name="ratings")
    label = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100)
    description = models.TextField(blank=True)
    order = models.PositiveIntegerField(help_text="Position on the scale, shown in this order.")
    colour = models.CharField(max_length=7, validators=[validate_colour], default="#6b7280")
    rating_value = models.IntegerField(
        "ClaimReview rating value",
        null=True,
        blank=True,
        help_text="Leave empty for ratings off the true–false line, such as “Unproven”.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["scale", "order"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "slug"], name="rating_slug_unique_in_scale"),
            models.UniqueConstraint(fields=["scale", "order"], name="rating_order_unique_in_scale"),
        ]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        if self.rating_value is not None and self.scale_id is not None:
            scale = self.scale
            if not scale.worst_rating <= self.rating_value <= scale.best_rating:
                raise ValidationError(
                    {
                        "rating_value": f"The value must be between {scale.worst_rating} "
                        f"and {scale.best_rating}, the ends of the scale."
                    }
                )


class VerdictQuerySet(models.QuerySet):
    def approved(self) -> "VerdictQuerySet":
        return self.filter(state=Verdict.State.APPROVED)

    def newest_public(self, claims: ClaimQuerySet | None = None) -> "VerdictQuerySet":
        """The approved verdicts readers may see (those of public claims,
        among ``claims`` when given), newest first, with their ratings and
        claims: the home page and the feeds."""
        claims = Claim.objects.all() if claims is None else claims
        return (
            self.approved()
            .filter(claim__in=claims.public())
            .select_related("rating", "claim")
            .order_by("-decided_at", "-pk")
        )


class Verdict(Versioned):
    """A proposed rating of a claim. States change only through
    ``claims.domain.workflow``; views never assign ``state``."""

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        SUPERSEDED = "superseded", "Superseded"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="verdicts")
    rating = models.ForeignKey(Rating, on_delete=models.PROTECT, related_name="verdicts")
    rationale = models.TextField(help_text="Why this rating: sanitized HTML.")
    evidence = models.ManyToManyField(Evidence, blank=True, related_name="verdicts")
    state = models.CharField(max_length=12, choices=State, default=State.DRAFT, editable=False)
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="verdicts")
    reviewer = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    rejection_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    superseded_at = models.DateTimeField(null=True, blank=True)

    objects = VerdictQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[evidence])

    class Meta:
        ordering = ["-decided_at", "-created_at"]
        permissions = [("approve_verdict", "Can approve or reject verdicts")]
        constraints = [
            models.UniqueConstraint(
                fields=["claim"],
                condition=Q(state="approved"),
                name="one_approved_verdict_per_claim",
                violation_error_message="A claim can have only one current approved verdict.",
            ),
        ]
        indexes = [
            # The home page and the feeds: the newest approved verdicts first.
            models.Index(
                F("decided_at").desc(),
                F("id").desc(),
                name="verdict_approved_newest_idx",
                condition=Q(state="approved"),
            ),
            # The browse page's rating filter: the claims whose approved verdict has a rating.
            models.Index(
                fields=["rating", "claim"], name="verdict_approved_rating_idx", condition=Q(state="approved")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rating} ({self.get_state_display()}) on claim {self.claim_id}"

    def save(self, *args, **kwargs) -> None:
        self.rationale = clean_html(self.rationale)
        super().save(*args, **kwargs)


def current_verdicts(lookup: str = "verdicts") -> Prefetch:
    """Prefetch a claim's approved verdict (at most one, by constraint) into
    ``claim.current_verdicts``, a list the templates read with ``|first``.
    ``lookup`` reaches the verdicts from the rows prefetched for, such as
    ``"claim__verdicts"`` from appearances."""
    return Prefetch(
        lookup,
        queryset=Verdict.objects.approved().select_related("rating"),
        to_attr="current_verdicts",
    )


class VerdictVote(models.Model):
    """One editor's decision on a submitted verdict; a newsroom may need
    several approvals (``VERDICT_APPROVALS_REQUIRED``)."""

    class Decision(models.TextChoices):
        APPROVE = "approve", "Approve"
        REJECT = "reject", "Reject"

    verdict = models.ForeignKey(Verdict, on_delete=models.CASCADE, related_name="votes")
    editor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=10, choices=Decision)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["verdict", "editor"], name="one_vote_per_editor"),
            models.CheckConstraint(
                condition=~Q(decision="reject") | ~Q(reason=""),
                name="rejection_needs_reason",
                violation_error_message="A rejection needs a reason.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.editor} votes {self.decision} on verdict {self.verdict_id}"


class VerdictTransition(models.Model):
    """The audit trail of a verdict's states: who moved it, when, from, to, why."""

    verdict = models.ForeignKey(Verdict, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=12, choices=Verdict.State)
    to_state = models.CharField(max_length=12, choices=Verdict.State)
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"verdict {self.verdict_id}: {self.from_state} → {self.to_state} by {self.by}"
