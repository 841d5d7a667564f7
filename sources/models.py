"""Documents, their text revisions, and the quotes (annotations) that point into them.

This app knows nothing of claims: a quote is a W3C Web Annotation target over a
revision's canonical text, and the claims app records which claim it is an
appearance of.
"""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from sources.validators import http_url_q, language_choices, validate_http_url

# Context kept on each side of a quote for the TextQuoteSelector; the W3C
# recommendation leaves the length open, Hypothesis uses 32 characters.
SELECTOR_CONTEXT = 32


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Source(models.Model):
    class Kind(models.TextChoices):
        ARTICLE = "article", "News article"
        TRANSCRIPT = "transcript", "Transcript"
        STATEMENT = "statement", "Official statement"
        REPORT = "report", "Report"
        SOCIAL = "social", "Social-media post"
        VIDEO = "video", "Video transcript"

    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.ARTICLE)
    outlet = models.CharField(max_length=200, blank=True, help_text="Middle East Eye, AFP, TASS…")
    url = models.URLField(
        "URL",
        max_length=2000,
        blank=True,
        validators=[validate_http_url],
        help_text="Where the document was published (http or https).",
    )
    authors = models.CharField(max_length=500, blank=True, help_text="Separate names with commas.")
    language = models.CharField(
        max_length=12,
        choices=language_choices,
        default="en",
        help_text="The language the text is written in.",
    )
    published_on = models.DateField("published", null=True, blank=True)
    retrieved_at = models.DateTimeField("retrieved", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        # Readers filter claims by the language of the sources they are quoted from.
        indexes = [models.Index(fields=["language"], name="source_language_idx")]
        constraints = [
            models.CheckConstraint(
                condition=http_url_q("url"),
                name="source_url_http",
                violation_error_message="A source's URL must start with http:// or https://.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def author_list(self) -> list[str]:
        return [name.strip() for name in self.authors.split(",") if name.strip()]

    def current_revision(self) -> "SourceRevision | None":
        return self.revisions.order_by("-number").first()


class SourceRevisionQuerySet(models.QuerySet):
    def current(self) -> "SourceRevisionQuerySet":
        """The newest revision of each source."""
        newer = SourceRevision.objects.filter(
            source=models.OuterRef("source"), number__gt=models.OuterRef("number")
        )
        return self.exclude(models.Exists(newer))


class SourceRevision(models.Model):
    """One version of a source's canonical plain text. Never overwritten:
    a changed text is a new revision, and quotes are re-anchored to it."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    text = models.TextField()
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True, editable=False)
    note = models.CharField(max_length=300, blank=True, help_text="What changed in this revision.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SourceRevisionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["source", "number"]
        constraints = [
            models.UniqueConstraint(fields=["source", "number"], name="revision_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="revision_number_positive"),
            models.CheckConstraint(
                condition=~Q(text=""),
                name="revision_text_not_empty",
                violation_error_message="A source's text cannot be empty.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} (revision {self.number})"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not self._state.adding:
            raise ValidationError("A revision is never overwritten: save the new text as a new revision.")
        self.sha256 = text_sha256(self.text)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if not self.text.strip():
            raise ValidationError({"text": "A source's text cannot be empty."})


class Quote(models.Model):
    """A passage of a revision's text: a TextQuoteSelector (exact, prefix,
    suffix) and a TextPositionSelector (start, end), as in the W3C Web
    Annotation model. Positions count Unicode code points, as Python does."""

    revision = models.ForeignKey(SourceRevision, on_delete=models.PROTECT, related_name="quotes")
    exact = models.TextField()
    prefix = models.CharField(max_length=SELECTOR_CONTEXT * 4, blank=True)
    suffix = models.CharField(max_length=SELECTOR_CONTEXT * 4, blank=True)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    orphaned = models.BooleanField(
        default=False, help_text="Could not be re-anchored in the newest revision; needs repair."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["revision", "start", "end"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__lt=F("end")),
                name="quote_start_before_end",
                violation_error_message="A quote must start before it ends.",
            ),
        ]

    def __str__(self) -> str:
        return f"“{self.exact[:60]}”"

    @classmethod
    def from_position(cls, revision: SourceRevision, start: int, end: int, **fields) -> "Quote":
        """An unsaved quote over ``revision.text[start:end]`` with both selectors filled in."""
        text = revision.text
        return cls(
            revision=revision,
            start=start,
            end=end,
            exact=text[start:end],
            prefix=text[max(0, start - SELECTOR_CONTEXT) : start],
            suffix=text[end : end + SELECTOR_CONTEXT],
            **fields,
        )

    @property
    def lead_in(self) -> str:
        """The prefix for display: cut at a word boundary, with an ellipsis
        where the text goes on before it."""
        if self.start <= len(self.prefix):
            return self.prefix
        _, space, rest = self.prefix.partition(" ")
        return "…" + (rest if space else self.prefix)

    @property
    def lead_out(self) -> str:
        """The suffix for display, cut at a word boundary, with an ellipsis
        where the text goes on after it. Reads ``revision.text``."""
        if self.end + len(self.suffix) >= len(self.revision.text):
            return self.suffix
        rest, space, tail = self.suffix.rpartition(" ")
        return (rest if space else self.suffix) + "…"

    def clean(self) -> None:
        if self.start is None or self.end is None:
            return
        if self.start >= self.end:
            raise ValidationError({"end": "A quote must start before it ends."})
        if self.revision_id is None:
            return
        text = self.revision.text
        if self.end > len(text):
            raise ValidationError(
                {
                    "end": f"The quote ends at character {self.end}, "
                    f"after the end of the text ({len(text)} characters)."
                }
            )
        if not self.orphaned and text[self.start : self.end] != self.exact:
            raise ValidationError(
                {"exact": "The quoted words do not match the source's text at the given position."}
            )
