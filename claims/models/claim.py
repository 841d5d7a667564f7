"""Claims, their appearances in sources and the figures they assert."""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from claims.models.base import NullsLastIndex, User, Versioned, Withdrawable
from claims.models.disputes import Dispute
from claims.models.speakers import Speaker
from sources.models import Quote


class ClaimQuerySet(models.QuerySet):
    def active(self) -> "ClaimQuerySet":
        """Claims the workspace lists: everything not withdrawn."""
        return self.filter(withdrawn_at__isnull=True)

    def public(self) -> "ClaimQuerySet":
        """The one definition of what a reader may see."""
        return self.active().filter(published_at__isnull=False)


class Claim(Withdrawable, Versioned):
    class DisputeStance(models.TextChoices):
        AFFIRMS = "affirms", "Says yes"
        DENIES = "denies", "Says no"
        OTHER = "other", "Neither, or beside the question"

    text = models.TextField(
        "wording", help_text="One checkable statement, in the newsroom's normalized wording."
    )
    speaker = models.ForeignKey(Speaker, on_delete=models.PROTECT, related_name="claims")
    speaker_role = models.CharField(
        "speaker's role",
        max_length=200,
        blank=True,
        help_text="Their role when speaking, such as “Russian Foreign Minister”.",
    )
    claimed_on = models.DateField("date", null=True, blank=True, help_text="When the claim was made.")
    venue = models.CharField(max_length=300, blank=True, help_text="Such as “interview with AFP, New York”.")
    dispute = models.ForeignKey(
        Dispute, null=True, blank=True, on_delete=models.SET_NULL, related_name="claims"
    )
    dispute_stance = models.CharField(
        "stance on the dispute's question", max_length=10, choices=DisputeStance, blank=True
    )
    quotes = models.ManyToManyField(Quote, through="Appearance", related_name="+", blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # What readers' search looks in: the wording, the speaker's names, role,
    # venue, the published dispute's question and every quote's words, kept
    # in step by claims.search (never edited, never in the history).
    search_text = models.TextField(blank=True, editable=False)

    objects = ClaimQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        ordering = ["-claimed_on", "-created_at"]
        permissions = [("publish_claim", "Can publish and unpublish claims")]
        # The public browse page lists public claims newest first, alone or
        # by speaker or dispute, a page of 20 at a time: each of these lets
        # the database read those 20 in order instead of sorting them all.
        indexes = [
            NullsLastIndex(
                F("claimed_on").desc(nulls_last=True),
                F("id").desc(),
                name="claim_public_newest_idx",
                condition=Q(published_at__isnull=False, withdrawn_at__isnull=True),
            ),
            # The home page: the most recently published claims.
            models.Index(
                F("published_at").desc(),
                F("id").desc(),
                name="claim_recently_published_idx",
                condition=Q(published_at__isnull=False, withdrawn_at__isnull=True),
            ),
            NullsLastIndex(
                F("speaker"),
                F("claimed_on").desc(nulls_last=True),
                F("id").desc(),
                name="claim_public_speaker_idx",
                condition=Q(published_at__isnull=False, withdrawn_at__isnull=True),
            ),
            NullsLastIndex(
                F("dispute"),
                F("claimed_on").desc(nulls_last=True),
                F("id").desc(),
                name="claim_public_dispute_idx",
                condition=Q(published_at__isnull=False, withdrawn_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.speaker}: {self.text[:80]}"

    def get_absolute_url(self) -> str:
        return reverse("claims:detail", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.published_at is not None and self.withdrawn_at is None


class Appearance(models.Model):
    """Links a quote to the claim it is an appearance of. Kept here, on the
    claims side, so that ``sources`` knows nothing of claims."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="appearances")
    quote = models.OneToOneField(Quote, on_delete=models.PROTECT, related_name="appearance")
    added_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["added_at", "pk"]

    def __str__(self) -> str:
        return f"{self.quote} as an appearance of claim {self.claim_id}"


class Figure(models.Model):
    """A quantity a claim asserts, so that competing numbers can be compared:
    “civilians killed: 36”, “children killed: 5”, “strikes: 20”."""

    class Qualifier(models.TextChoices):
        EXACTLY = "", "Exactly"
        AT_LEAST = "at_least", "At least"
        AT_MOST = "at_most", "At most"
        ABOUT = "about", "About"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="figures")
    counted = models.CharField("what is counted", max_length=200, help_text="Such as “civilians killed”.")
    value = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    minimum = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    maximum = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    unit = models.CharField(max_length=50, blank=True, help_text="Such as “people”; leave empty for a count.")
    qualifier = models.CharField(max_length=10, choices=Qualifier, blank=True, default=Qualifier.EXACTLY)
    quote = models.ForeignKey(
        Quote,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Where the figure is stated.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["counted", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__isnull=False, minimum__isnull=True, maximum__isnull=True)
                | Q(value__isnull=True, minimum__isnull=False, maximum__isnull=False),
                name="figure_value_or_range",
                violation_error_message="Give either one value or a range from a minimum to a maximum.",
            ),
            models.CheckConstraint(
                condition=Q(minimum__isnull=True) | Q(maximum__isnull=True) | Q(minimum__lte=F("maximum")),
                name="figure_min_not_above_max",
                violation_error_message="A range's minimum cannot be above its maximum.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.counted}: {self.display_value}"

    @property
    def display_value(self) -> str:
        def fmt(number) -> str:
            return f"{number.normalize():f}" if number is not None else "?"

        single = self.value is not None
        shown = fmt(self.value) if single else f"{fmt(self.minimum)}–{fmt(self.maximum)}"
        qualifier = self.get_qualifier_display().lower() if self.qualifier else ""
        return " ".join(part for part in (qualifier, shown, self.unit) if part)
