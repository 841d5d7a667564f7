"""Personal API tokens: making one, recognising it, revoking it.

A token's secret is ``cc_`` and 43 URL-safe characters (32 random bytes), so
that it is recognisable in a configuration file or a leaked log, and its
owner sees it once, when it is made. Only its SHA-256 is stored: a secret of
256 random bits needs no salt or slow hash to resist guessing, and a fast
hash keeps every API request cheap. A secret is looked up by its prefix
(indexed, not secret) and its hash then compared with ``hmac.compare_digest``,
so the time the comparison takes says nothing about how much of a guess was
right.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from claims.access import can_use_workspace
from claims.models import APIToken

SECRET_PREFIX = "cc_"
# The secret's characters shown in the list of tokens: "cc_" and eight more.
PREFIX_LENGTH = len(SECRET_PREFIX) + 8
# last_used_at is written at most this often per token: an API client making
# many requests a minute costs one write a minute, not one per request.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)
MAX_NAME_LENGTH = 100


@dataclass(frozen=True)
class NewToken:
    """A token just made, with its secret: the only time the secret exists
    outside its owner's hands. Show it once; never store or log it."""

    token: APIToken
    secret: str


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_token(
    *,
    owner: AbstractBaseUser,
    name: str,
    scope: str = APIToken.Scope.READ,
    expires_at: dt.datetime | None = None,
) -> NewToken:
    """A new token of ``owner``'s, named ``name``.

    Preconditions: ``owner`` is a journalist or an editor (else
    PermissionDenied); the name is not blank, the scope is one of
    ``APIToken.Scope`` and the expiry, if any, is in the future (else
    ValidationError, by field)."""
    if not can_use_workspace(owner):
        raise PermissionDenied("Only journalists and editors can make API tokens.")
    errors = {}
    name = " ".join(name.split())
    if not name:
        errors["name"] = "Give the token a name, such as what it is for."
    elif len(name) > MAX_NAME_LENGTH:
        errors["name"] = f"A token's name can have at most {MAX_NAME_LENGTH} characters."
    if scope not in APIToken.Scope.values:
        errors["scope"] = "Choose read only, or read and write."
    if expires_at is not None and expires_at <= timezone.now():
        errors["expires_at"] = "The expiry must be in the future."
    if errors:
        raise ValidationError(errors)
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    token = APIToken.objects.create(
        owner=owner,
        name=name,
        scope=scope,
        expires_at=expires_at,
        prefix=secret[:PREFIX_LENGTH],
        secret_hash=secret_hash(secret),
    )
    return NewToken(token=token, secret=secret)


def verify_token(secret: str, *, now: dt.datetime | None = None) -> APIToken | None:
    """The usable token whose secret is ``secret`` (not revoked, not expired,
    its owner active), with its owner, or None. Records the use, at most once
    a minute (``LAST_USED_RESOLUTION``)."""
    secret = secret.strip()
    if not secret.startswith(SECRET_PREFIX) or len(secret) <= PREFIX_LENGTH:
        return None
    now = now or timezone.now()
    digest = secret_hash(secret)
    candidates = (
        APIToken.objects.usable(now=now).filter(prefix=secret[:PREFIX_LENGTH]).select_related("owner")
    )
    token = next((t for t in candidates if hmac.compare_digest(t.secret_hash, digest)), None)
    if token is not None:
        _record_use(token, now)
    return token


def _record_use(token: APIToken, now: dt.datetime) -> None:
    """Set ``last_used_at`` unless it was set within the last minute. The
    condition is in the UPDATE, so concurrent requests write it once."""
    stale = now - LAST_USED_RESOLUTION
    if token.last_used_at is not None and token.last_used_at > stale:
        return
    fresh = Q(last_used_at__isnull=True) | Q(last_used_at__lte=stale)
    if APIToken.objects.filter(fresh, pk=token.pk).update(last_used_at=now):
        token.last_used_at = now


def revoke_token(*, token: APIToken, by: AbstractBaseUser) -> APIToken:
    """Revoke ``token`` for good. Only its owner revokes it (else
    PermissionDenied); revoking a revoked token is refused (ValidationError)."""
    if token.owner_id != by.pk:
        raise PermissionDenied("Only the owner of a token can revoke it.")
    with transaction.atomic():
        locked = APIToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at is not None:
            raise ValidationError("This token is already revoked.")
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
    return locked
