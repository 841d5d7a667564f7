"""The building blocks every model of the app shares: slugs, an index that
sorts empty values last, withdrawal and versioned saves."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.text import slugify

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
