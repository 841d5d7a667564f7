"""Speakers, claims and the links between them, disputes, ratings and verdicts.

Builds on ``sources``: a claim's appearances are quotes in source texts.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from sources.models import Quote, Source
from sources.sanitize import clean_html
from sources.validators import http_url_q, validate_http_url

User = settings.AUTH_USER_MODEL

validate_wikidata_id = RegexValidator(
    r"^Q[1-9][0-9]*\Z",
    "A Wikidata id is the letter Q followed by digits, such as Q7747.",
    code="invalid_wikidata_id",
)
validate_colour = RegexValidator(
    r"^#[0-9a-fA-F]{6}\Z", "Enter a colour as # and six hexadecimal digits, such as #b91c1c."
)


def slug_base(text: str) -> str:
    """The slug ``text`` makes, before anything is added to tell it from another's."""
    return slugify(text, allow_unicode=True)[:80].strip("-") or "item"


def unique_slug(model: type[models.Model], text: str, *, instance_pk: int | None = None) -> str:
    """A slug made from ``text`` that no other row of ``model`` uses."""
    base = slug_base(text)
    slug, n = base, 2
    while model._default_manager.filter(slug=slug).exclude(pk=instance_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


class NullsLastIndex(models.Index):
    """An index whose descending columns keep NULLs last, as the queries that
    use it order them (``F(...).desc(nulls_last=True)``). SQLite refuses
    ``NULLS LAST`` in an index, but its descending order already puts NULLs
    last, so there the modifier is left out and the index is the same."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        index = self
        if schema_editor.connection.vendor == "sqlite":
            index = self.clone()
            index.expressions = tuple(
                models.OrderBy(e.expression, descending=e.descending) if isinstance(e, models.OrderBy) else e
                for e in self.expressions
            )
        return super(NullsLastIndex, index).create_sql(model, schema_editor, using=using, **kwargs)


class Withdrawable(models.Model):
    """Nothing in the workspace is hard-deleted: it is withdrawn with a
    reason, hidden from lists and the public, and can be restored."""

    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    withdrawn_reason = models.TextField(blank=True)

    class Meta:
        abstract = True

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class Versioned(models.Model):
    """A counter bumped by every save, so a save based on an older read can be
    refused instead of silently overwriting someone else's edit."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        # Every save moves the version on, so a form opened before any edit
        # (the admin's included) sees the conflict. claims.domain.editing claims
        # the new version itself, with a conditional UPDATE, and says so.
        if not self._state.adding and not getattr(self, "_version_claimed", False):
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = [*kwargs["update_fields"], "version"]
        super().save(*args, **kwargs)


class Speaker(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        GOVERNMENT = "government", "Government or head of state's office"
        MINISTRY = "ministry", "Ministry or state agency"
        MILITARY = "military", "Armed forces"
        ARMED_GROUP = "armed_group", "Armed group"
        POLITICAL = "political", "Political party or opposition group"
        NGO = "ngo", "NGO or international organisation"
        NEWS_AGENCY = "news_agency", "News organisation"
        ANONYMOUS = "anonymous", "Anonymous or unnamed official"
        OTHER = "other", "Other organisation"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True, allow_unicode=True, blank=True)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.PERSON)
    aliases = models.JSONField(default=list, blank=True, help_text="Other names and spellings.")
    description = models.CharField(max_length=500, blank=True, help_text="Who they are, in one line.")
    wikidata_id = models.CharField(
        "Wikidata id",
        max_length=20,
        blank=True,
        validators=[validate_wikidata_id],
        help_text="Such as Q7747.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(wikidata_id="") | Q(wikidata_id__regex=r"^Q[1-9][0-9]*\Z"),
                name="speaker_wikidata_id_format",
                violation_error_message="A Wikidata id is the letter Q followed by digits, such as Q7747.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(Speaker, self.name, instance_pk=self.pk)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if not isinstance(self.aliases, list) or not all(isinstance(a, str) for a in self.aliases):
            raise ValidationError({"aliases": "Aliases must be a list of names."})

    @property
    def is_person(self) -> bool:
        return self.kind == self.Kind.PERSON

    @property
    def wikidata_url(self) -> str:
        return f"https://www.wikidata.org/wiki/{self.wikidata_id}" if self.wikidata_id else ""


class DisputeQuerySet(models.QuerySet):
    def public(self) -> "DisputeQuerySet":
        return self.filter(published_at__isnull=False)


class Dispute(Versioned):
    question = models.CharField(
        max_length=300, help_text="The contested question, such as “Did the strikes kill civilians?”"
    )
    slug = models.SlugField(max_length=100, unique=True, allow_unicode=True, blank=True)
    date = models.DateField(null=True, blank=True, help_text="When the disputed event happened.")
    place = models.CharField(max_length=200, blank=True)
    summary = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DisputeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-created_at"]
        permissions = [("publish_dispute", "Can publish and unpublish disputes")]

    def __str__(self) -> str:
        return self.question

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(Dispute, self.question, instance_pk=self.pk)
        super().save(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


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


class ClaimRelation(Withdrawable, Versioned):
    """A directed link: ``from_claim`` <kind> ``to_claim``, shown from both ends."""

    class Kind(models.TextChoices):
        CONTRADICTS = "contradicts", "contradicts"
        SUPPORTS = "supports", "supports"
        QUALIFIES = "qualifies", "qualifies"
        RESPONDS_TO = "responds_to", "responds to"
        SAME_AS = "same_as", "same as"

    # How the relation reads from the other end.
    INVERSE_LABELS = {
        Kind.CONTRADICTS: "contradicted by",
        Kind.SUPPORTS: "supported by",
        Kind.QUALIFIES: "qualified by",
        Kind.RESPONDS_TO: "responded to by",
        Kind.SAME_AS: "same as",
    }

    from_claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="relations_out")
    to_claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="relations_in")
    kind = models.CharField(max_length=20, choices=Kind)
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_claim=F("to_claim")),
                name="relation_not_to_itself",
                violation_error_message="A claim cannot be related to itself.",
            ),
            models.UniqueConstraint(
                fields=["from_claim", "to_claim", "kind"],
                name="relation_unique_per_kind",
                violation_error_message="These two claims already have a relation of this kind.",
            ),
        ]

    def __str__(self) -> str:
        return f"claim {self.from_claim_id} {self.get_kind_display()} claim {self.to_claim_id}"

    @property
    def inverse_label(self) -> str:
        return self.INVERSE_LABELS[self.kind]


class Evidence(Withdrawable, Versioned):
    class Stance(models.TextChoices):
        SUPPORTS = "supports", "Supports"
        REFUTES = "refutes", "Refutes"
        CONTEXT = "context", "Context"
        INCONCLUSIVE = "inconclusive", "Inconclusive"

    class Kind(models.TextChoices):
        DOCUMENT = "document", "Document"
        PHOTO = "photo", "Photo"
        VIDEO = "video", "Video"
        SATELLITE = "satellite", "Satellite imagery"
        DATASET = "dataset", "Dataset"
        TESTIMONY = "testimony", "Testimony"
        OFFICIAL_RECORD = "official_record", "Official record"
        EXPERT_ANALYSIS = "expert_analysis", "Expert analysis"

    class Reliability(models.TextChoices):
        # The source-reliability half of the Admiralty code used in OSINT work.
        A = "A", "A: completely reliable"
        B = "B", "B: usually reliable"
        C = "C", "C: fairly reliable"
        D = "D", "D: not usually reliable"
        E = "E", "E: unreliable"
        F = "F", "F: reliability cannot be judged"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(max_length=300)
    stance = models.CharField(max_length=20, choices=Stance)
    kind = models.CharField(max_length=20, choices=Kind)
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    url = models.URLField("URL", max_length=2000, blank=True, validators=[validate_http_url])
    description = models.TextField(blank=True, help_text="Sanitized HTML.")
    reliability = models.CharField(max_length=1, choices=Reliability, default=Reliability.F)
    added_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["stance", "added_at", "pk"]
        verbose_name_plural = "evidence"
        constraints = [
            models.CheckConstraint(
                condition=http_url_q("url"),
                name="evidence_url_http",
                violation_error_message="Evidence URLs must start with http:// or https://.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.description = clean_html(self.description)
        super().save(*args, **kwargs)


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
