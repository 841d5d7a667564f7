"""API tokens for tests: ``make_token(user)`` gives a token of ``user``'s and
the headers that send it, for the newsroom's tests and the schemathesis run."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import User

from claims.domain.tokens import create_token
from claims.models import APIToken


@dataclass(frozen=True)
class IssuedToken:
    token: APIToken
    secret: str

    @property
    def headers(self) -> dict[str, str]:
        """For Django's test client: ``client.get(url, headers=token.headers)``."""
        return {"Authorization": f"Bearer {self.secret}"}


def make_token(
    user: User,
    *,
    scope: str = APIToken.Scope.WRITE,
    name: str = "test token",
    expires_at: dt.datetime | None = None,
) -> IssuedToken:
    """A token of ``user``'s (a journalist or an editor), read-and-write
    unless told, made as the workspace makes it."""
    made = create_token(owner=user, name=name, scope=scope, expires_at=expires_at)
    return IssuedToken(token=made.token, secret=made.secret)
