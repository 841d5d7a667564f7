"""Documents, their text revisions, and the quotes (annotations) that point into them.

This app knows nothing of claims: a quote is a W3C Web Annotation target over a
revision's canonical text, and the claims app records which claim it is an
appearance of.
"""

import bisect
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
    # The capture (a fetch of the source's URL, or an uploaded PDF) this
    # text was extracted from; none for pasted text and manual revisions.
    capture = models.ForeignKey(
        "sources.Capture", null=True, blank=True, on_delete=models.PROTECT, related_name="revisions"
    )
    # For a text from a paged document (a PDF): where each page starts in
    # ``text``, in code points, one entry per page (sources.capture.pdf).
    page_starts = models.JSONField(default=list, blank=True)
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

    def page_at(self, offset: int) -> int | None:
        """The page (from 1) of a paged document that ``offset`` is on, or
        None for a text without pages."""
        if not self.page_starts:
            return None
        return max(1, bisect.bisect_right(self.page_starts, offset))


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

    @property
    def page(self) -> int | None:
        """The page of a PDF this quote starts on ("p. 12"). Reads ``revision``."""
        return self.revision.page_at(self.start)

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


class Capture(models.Model):
    """One fetch of a web address, or one uploaded file, archived exactly as
    received: the WARC file (sources/capture/archive.py) in the archive
    storage, with the SHA-256 of the document's bytes, and the text and
    metadata extracted from it. Never changed once extracted: a re-capture
    is another row."""

    class Origin(models.TextChoices):
        WEB = "web", "Fetched from the web"
        UPLOAD = "upload", "Uploaded file"

    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.CASCADE, related_name="captures"
    )
    origin = models.CharField(max_length=10, choices=Origin, default=Origin.WEB)
    url = models.CharField("URL asked for", max_length=2000, blank=True)
    final_url = models.CharField("URL read", max_length=2000, blank=True)
    status = models.PositiveSmallIntegerField("HTTP status", null=True, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    filename = models.CharField(max_length=255, blank=True, help_text="An uploaded file's own name.")
    captured_at = models.DateTimeField()
    archive_name = models.CharField(
        max_length=300, blank=True, help_text="The WARC file in the archive storage."
    )
    sha256 = models.CharField("SHA-256", max_length=64, blank=True, db_index=True)
    warc_sha256 = models.CharField("WARC file SHA-256", max_length=64, blank=True)
    size = models.PositiveBigIntegerField("bytes received", default=0)
    # What extraction found: title, outlet, authors, published_on, language, useful.
    metadata = models.JSONField(default=dict, blank=True)
    text = models.TextField(blank=True, help_text="The article's text as extracted.")
    whole_page_text = models.TextField(blank=True)
    page_starts = models.JSONField(default=list, blank=True)
    gone = models.BooleanField(default=False, help_text="The page was gone (404 or 410) at this check.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-captured_at", "-pk"]
        get_latest_by = "captured_at"

    def __str__(self) -> str:
        return f"{self.final_url or self.url or self.filename} ({self.captured_at:%Y-%m-%d %H:%M})"

    @property
    def is_pdf(self) -> bool:
        return self.content_type == "application/pdf"


class CaptureJob(models.Model):
    """A capture's progress, for the page a journalist watches while a worker
    fetches and extracts in the background (sources/capture/jobs.py)."""

    class Kind(models.TextChoices):
        LINK = "link", "Import from a link"
        PDF = "pdf", "Import a PDF"
        RECHECK = "recheck", "Check for changes"

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        FETCHING = "fetching", "Fetching"
        EXTRACTING = "extracting", "Extracting the text"
        READY = "ready", "Ready to review"
        SAVED = "saved", "Saved"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    class Outcome(models.TextChoices):
        UNCHANGED = "unchanged", "Unchanged"
        CHANGED = "changed", "Changed"
        GONE = "gone", "Gone"

    FINISHED = (State.READY, State.SAVED, State.DONE, State.FAILED)

    kind = models.CharField(max_length=10, choices=Kind)
    state = models.CharField(max_length=12, choices=State, default=State.QUEUED)
    url = models.CharField("URL", max_length=2000, blank=True)
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    capture = models.ForeignKey(Capture, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    revision = models.ForeignKey(
        SourceRevision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.CharField(max_length=10, choices=Outcome, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    failure_code = models.CharField(max_length=40, blank=True)
    message = models.CharField(max_length=500, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    run_after = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["source", "kind", "state"], name="capture_job_source_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.url or self.source} ({self.get_state_display()})"

    @property
    def finished(self) -> bool:
        return self.state in self.FINISHED
