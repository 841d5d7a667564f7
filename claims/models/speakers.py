"""Who makes claims: people and organisations, with their other names."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from claims.models.base import Versioned, unique_slug, validate_wikidata_id
from claims.words import speaker_lookup_names


class Speaker(Versioned):
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
    # The name and aliases folded for lookups, one per line, rewritten by
    # every save (see claims.words and claims.domain.lookups); never edited, never in the history.
    lookup_names = models.TextField(blank=True, default="", editable=False)

    history = HistoricalRecords(excluded_fields=["lookup_names"])

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
        self.lookup_names = speaker_lookup_names(self.name, self.aliases)
        fields = kwargs.get("update_fields")
        if fields is not None and {"name", "aliases"} & set(fields) and "lookup_names" not in fields:
            kwargs["update_fields"] = [*fields, "lookup_names"]
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
