"""Who a newsroom API request is: the owner of its personal API token.

``Authorization: Bearer cc_…``. A token authenticates while it is not
revoked, not expired and its owner's account is active
(``claims.domain.tokens.verify_token``); the request then acts as the owner,
``request.user`` (so the history records them, as on the pages), and is
checked against the owner's role exactly as the workspace's pages check it:
here that the owner may use the workspace at all, in each endpoint the
permission its page asks, and in the domain every rule of its own.

Answers: no token, or one that does not authenticate, 401 with
``WWW-Authenticate: Bearer`` (RFC 6750); a read-only token on anything but a
read, or an owner outside the Journalist and Editor groups, 403; too many
refused tokens from one address, 429 with ``Retry-After``.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer

from claims.access import can_use_workspace
from claims.api.throttling import address_throttle
from claims.domain.tokens import verify_token
from claims.models import APIToken

READS = ("GET", "HEAD", "OPTIONS")
REALM = 'Bearer realm="Counterclaim"'
NO_TOKEN = (
    "This needs a personal API token: send it as “Authorization: Bearer cc_…”. Make one in the workspace."
)
BAD_TOKEN = (
    "This API token is not valid: it may be mistyped, revoked or expired, or its owner's account closed."
)
READ_ONLY = "This token is read-only: make a read-and-write token in the workspace to change anything."
NOT_NEWSROOM = "Only journalists and editors can use the workspace."
TOO_MANY = "Too many requests with a token that is not valid; wait before trying again."


class TokenRefused(HttpError):
    """A request the token does not allow, with the headers its answer carries."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(status, message)
        self.headers = headers or {}


class NewsroomToken(HttpBearer):
    """The newsroom router's authentication."""

    def __call__(self, request: HttpRequest) -> APIToken | None:
        # Ninja's own reading logs the whole header under DEBUG when the
        # scheme is not Bearer, and a secret must never reach a log.
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer":
            return None
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str) -> APIToken | None:
        found = verify_token(token)
        if found is None:
            # Refused tokens count against the address, so that guessing
            # (hopeless against 256 bits) cannot load the database either.
            if not address_throttle.allow_request(request):
                wait = address_throttle.wait()
                raise TokenRefused(429, TOO_MANY, {"Retry-After": str(wait)} if wait else {})
            raise TokenRefused(401, BAD_TOKEN, {"WWW-Authenticate": f'{REALM}, error="invalid_token"'})
        request.user = found.owner
        if not can_use_workspace(found.owner):
            raise TokenRefused(403, NOT_NEWSROOM)
        if request.method not in READS and not found.can_write:
            raise TokenRefused(403, READ_ONLY, {"WWW-Authenticate": f'{REALM}, error="insufficient_scope"'})
        return found


newsroom_token = NewsroomToken()


def refused(request: HttpRequest, error: HttpError) -> HttpResponse:
    """The answer to a refused token, or to none (ninja's
    ``AuthenticationError``): JSON like every API error, with its headers."""
    if isinstance(error, TokenRefused):
        response = JsonResponse({"detail": error.message}, status=error.status_code)
        headers = error.headers
    else:
        response = JsonResponse({"detail": NO_TOKEN}, status=401)
        headers = {"WWW-Authenticate": REALM}
    for name, value in headers.items():
        response[name] = value
    return response


def add_error_handlers(api) -> None:
    """Answer refused tokens with ``refused``; called once, on the one API."""
    api.add_exception_handler(TokenRefused, refused)
    api.add_exception_handler(AuthenticationError, refused)
