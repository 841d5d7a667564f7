"""Personal API tokens: how a journalist's or an editor's other tools act
as them on the newsroom's part of the API (``claims/api/``).

Only a SHA-256 hash of the secret is stored, never the secret, which its
owner sees once, when the token is made (``claims/domain/tokens.py``). The
short ``prefix`` is the secret's first characters: enough for its owner to
recognise it in the list, and the index the API looks a token up by before
comparing hashes.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from claims.models.base import User


class APITokenQuerySet(models.QuerySet):
    def usable(self, *, now=None) -> "APITokenQuerySet":
        """Tokens that authenticate: not revoked, not expired, their owner active."""
        now = now or timezone.now()
        return self.filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now),
            revoked_at__isnull=True,
            owner__is_active=True,
        )


class APIToken(models.Model):
    class Scope(models.TextChoices):
        READ = "read", "Read only"
        WRITE = "write", "Read and write"

    class State(models.TextChoices):
        ACTIVE = "active", "Active"
        EXPIRED = "expired", "Expired"
        REVOKED = "revoked", "Revoked"

    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What the token is for, such as “CMS embed”.")
    prefix = models.CharField(max_length=16, db_index=True, editable=False)
    secret_hash = models.CharField("SHA-256 of the secret", max_length=64, unique=True, editable=False)
    scope = models.CharField(max_length=10, choices=Scope, default=Scope.READ)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = APITokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "API token"
        # Outside the ``claims_`` prefix the public pages' cache watches
        # (claims/public/caching.py): recording when a token was last used
        # is not a change to anything readers see, and must not empty the cache.
        db_table = "api_token"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def state(self, *, now=None) -> str:
        if self.revoked_at is not None:
            return self.State.REVOKED
        if self.expires_at is not None and self.expires_at <= (now or timezone.now()):
            return self.State.EXPIRED
        return self.State.ACTIVE

    @property
    def state_label(self) -> str:
        return self.State(self.state()).label

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.WRITE
