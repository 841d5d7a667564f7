"""Disputes: the contested questions that group competing claims."""

from django.db import models
from simple_history.models import HistoricalRecords

from claims.models.base import User, Versioned, unique_slug


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
