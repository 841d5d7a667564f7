"""Evidence bearing on a claim, with its stance, kind and reliability."""

from django.db import models
from simple_history.models import HistoricalRecords

from claims.models.base import User, Versioned, Withdrawable
from claims.models.claim import Claim
from sources.models import Source
from sources.sanitize import clean_html
from sources.validators import http_url_q, validate_http_url


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
